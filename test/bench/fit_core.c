/*
 * The fits' cost in pure C (no server): BG/NBD over exact-time customers from 10^4 to 10^7, per
 * distinct row, and BG/NBD and Pareto/NBD over 10^6 customers with the warm start against the
 * model's own starting points alone (what the fits did before it). Run by bench_fit_core.sh.
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bgnbd.h"
#include "mle.h"
#include "pareto_nbd.h"
#include "rng.h"
#include "sim_rows.h"

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static double
bgnbd_ll(const double *theta, double *g, double *h, void *ctx)
{
	return cr_bgnbd_data_loglik(CR_BGNBD, ctx, theta, g, h);
}

static double
pareto_ll(const double *theta, double *g, double *h, void *ctx)
{
	(void) h;
	return cr_pareto_nbd_data_loglik(ctx, theta, g);
}

/* Fits prob and prints its time as a row of the table. */
static void
time_fit(const char *label, const CrMleProblem *prob, int64_t m)
{
	CrMleResult res;
	double		t0 = now_ms();

	cr_mle_fit(prob, &res);
	t0 = now_ms() - t0;
	printf("%-44s | %10lld | %10.1f | %10.3f | %d\n", label, (long long) m, t0, 1e3 * t0 / m,
		   res.iterations);
}

int
main(void)
{
	int64_t		sizes[] = {10000, 100000, 1000000, 10000000},
				k;
	double	   *x = malloc(sizeof(double) * 10000000),
			   *tx = malloc(sizeof(double) * 10000000),
			   *T = malloc(sizeof(double) * 10000000),
			   *w = malloc(sizeof(double) * 10000000);

	printf("%-44s | %10s | %10s | %10s | %s\n", "fit (core, one process)", "distinct", "ms", "us/row", "Newton steps");
	for (k = 0; k < 4; k++)
	{
		int64_t		m = sim_distinct_rows(sizes[k], 1, 1, x, tx, T, w);
		CrBtydData	d;
		CrBtydFit	f;
		double		t0;

		cr_btyd_data_init(&d, m, x, tx, T, w);
		t0 = now_ms();
		cr_bgnbd_fit(&d, &f);
		t0 = now_ms() - t0;
		printf("bgnbd_fit, %-33lld | %10lld | %10.1f | %10.3f | %d\n", (long long) sizes[k],
			   (long long) m, t0, 1e3 * t0 / m, f.iterations);
		if (sizes[k] == 1000000)
		{
			/* the model's own starts alone, as cr_bgnbd_fit and cr_pareto_nbd_fit began before */
			static const double starts[][4] = {{1.0, 1.0, 1.0, 1.0}, {0.5, 0.5, 0.5, 2.0}, {2.0, 4.0, 2.0, 0.5}};
			double		ls[12],
						ps[4] = {0.0, 0, log(0.9), log(52)};
			CrMleResult res;
			CrParetoNbdData pd;
			int			j;

			for (j = 0; j < 3; j++)
			{
				ls[4 * j] = log(starts[j][0]);
				ls[4 * j + 1] = log(starts[j][1] * d.max_T / 10);
				ls[4 * j + 2] = log(starts[j][2]);
				ls[4 * j + 3] = log(starts[j][3]);
			}
			{
				CrMleProblem prob = {.loglik = bgnbd_ll, .ctx = &d, .n = 4, .analytic_hessian = 1,
					.starts = ls, .nstarts = 3, .total_weight = d.total_weight};
				double		fitted[4] = {log(f.p.r), log(f.p.alpha), log(f.p.a), log(f.p.b)},
							g[4],
							h[16],
							sweep = INFINITY;

				time_fit("  the same from its own starts only", &prob, m);
				/* one sweep (value, gradient and Hessian) at the fitted point, best of 10 */
				for (j = 0; j < 10; j++)
				{
					t0 = now_ms();
					cr_bgnbd_data_loglik(CR_BGNBD, &d, fitted, g, h);
					sweep = fmin(sweep, now_ms() - t0);
				}
				printf("%-44s | %10lld | %10.1f | %10.3f | %s\n", "  one sweep with gradient and Hessian",
					   (long long) m, sweep, 1e3 * sweep / m, "-");
			}
			cr_pareto_nbd_data_init(&pd, m, x, tx, T, w);
			ps[1] = fmin(fmax(log(52 / (pd.sum_wx / pd.total_weight)), -20), 20);
			t0 = now_ms();
			cr_pareto_nbd_fit(&pd, &res);
			t0 = now_ms() - t0;
			printf("%-44s | %10lld | %10.1f | %10.3f | %d\n", "pareto_nbd_fit, 1000000", (long long) m, t0, 1e3 * t0 / m, res.iterations);
			{
				CrMleProblem prob = {.loglik = pareto_ll, .ctx = &pd, .n = 4, .analytic_hessian = 0,
					.starts = ps, .nstarts = 1, .total_weight = pd.total_weight};

				time_fit("  the same from its own start only", &prob, m);
			}
			cr_pareto_nbd_data_free(&pd);
		}
		cr_btyd_data_free(&d);
	}
	free(x);
	free(tx);
	free(T);
	free(w);
	return 0;
}
