/*
 * Unit tests of src/core/warm_start.c and of the warm start of the BG/NBD and Pareto/NBD fits:
 * a fit of many distinct rows that starts from its block sample's optimum reaches the optimum
 * the model's own starting points reach, in fewer sweeps over the data.
 */
#include <stdlib.h>
#include <string.h>

#include "bgnbd.h"
#include "mle.h"
#include "pareto_nbd.h"
#include "rng.h"
#include "warm_start.h"
#include "sim_rows.h"
#include "unit.h"

/* BG/NBD through the driver from the model's own three starting points (no warm start). */
static int	sweeps;

static double
bgnbd_ll(const double *theta, double *g, double *h, void *ctx)
{
	sweeps++;
	return cr_bgnbd_data_loglik(CR_BGNBD, ctx, theta, g, h);
}

static double
pareto_ll(const double *theta, double *g, double *h, void *ctx)
{
	(void) h;
	sweeps++;
	return cr_pareto_nbd_data_loglik(ctx, theta, g);
}

int
main(void)
{
	/* --- the block sample */
	{
		double		x[5] = {0, 1, 2, 3, 4},
					tx[5] = {0, 1, 2, 3, 4},
					T[5] = {10, 10, 11, 12, 12},
					w[5] = {1, 5, 2, 7, 3};
		CrBlockSample s;

		unit_ok(cr_block_sample(5, x, tx, T, w, 2, &s) == 0 && s.n == 3, "block sample: ceil(5 / 2) blocks", NULL);
		unit_ok(s.x[0] == 1 && s.w[0] == 6, "block sample: a block is its heaviest row with the block's weight", NULL);
		unit_ok(s.x[1] == 3 && s.T[1] == 12 && s.w[1] == 9, "block sample: the heaviest row's values, all of them", NULL);
		unit_ok(s.x[2] == 4 && s.w[2] == 3, "block sample: the last, short block", NULL);
		cr_block_sample_free(&s);
		w[1] = 1;
		cr_block_sample(5, x, tx, T, w, 2, &s);
		unit_ok(s.x[0] == 0 && s.w[0] == 2, "block sample: of equal weights, the first row", NULL);
		cr_block_sample_free(&s);
		unit_ok(cr_block_sample(0, x, tx, T, w, 2, &s) == 0 && s.n == 0, "block sample: no rows, no blocks", NULL);
	}

	/* --- fits of 100,000 customers with exact times (about 46,000 distinct rows) */
	{
		int64_t		n = 100000,
					m,
					i;
		double	   *x = malloc(sizeof(double) * n),
				   *tx = malloc(sizeof(double) * n),
				   *T = malloc(sizeof(double) * n),
				   *w = malloc(sizeof(double) * n);
		CrBtydData	d;
		CrBtydFit	fit;
		CrMleResult own,
					warm;
		/* the simulating parameters (sim_rows.h) */
		CrBgnbdParams p = {.r = 0.243, .alpha = 4.414, .a = 0.793, .b = 2.426};

		/* three cohorts: T of 40, 46 and 52 weeks */
		m = sim_distinct_rows(n, 7, 3, x, tx, T, w);
		unit_ok(m >= CR_WARM_START_MIN_ROWS, "the data have enough distinct rows for a warm start", NULL);
		cr_btyd_data_init(&d, m, x, tx, T, w);
		unit_close(d.total_weight, (double) n, 0, "the distinct rows weigh all customers");
		unit_ok(d.tgroup != NULL && d.ntgroups == 3, "three cohorts: the terms in T are computed per distinct T", NULL);
		{
			/* the per-T terms and the per-row ones give the same sweep */
			double		theta[4] = {-1.2, 1.3, -0.3, 0.8},
						g1[4],
						h1[16],
						g2[4],
						h2[16],
						ll1,
						ll2;
			int32_t    *keep = d.tgroup;
			int			k,
						same = 1;

			ll1 = cr_bgnbd_data_loglik(CR_BGNBD, &d, theta, g1, h1);
			d.tgroup = NULL;
			ll2 = cr_bgnbd_data_loglik(CR_BGNBD, &d, theta, g2, h2);
			d.tgroup = keep;
			unit_rel_close(ll1, ll2, 1e-14, "terms per distinct T: the log-likelihood of the per-row terms");
			for (k = 0; k < 4; k++)
				same &= fabs(g1[k] - g2[k]) <= 1e-12 * fabs(ll2);
			for (k = 0; k < 16; k++)
				same &= fabs(h1[k] - h2[k]) <= 1e-12 * fabs(ll2);
			unit_ok(same, "terms per distinct T: the gradient and Hessian of the per-row terms", NULL);
		}

		{
			static const double starts[][4] = {{1.0, 1.0, 1.0, 1.0}, {0.5, 0.5, 0.5, 2.0}, {2.0, 4.0, 2.0, 0.5}};
			double		logstarts[12];
			int			k;
			CrMleProblem prob = {.loglik = bgnbd_ll, .ctx = &d, .n = 4, .analytic_hessian = 1,
				.starts = logstarts, .nstarts = 3, .total_weight = d.total_weight};

			for (k = 0; k < 3; k++)
			{
				logstarts[4 * k] = log(starts[k][0]);
				logstarts[4 * k + 1] = log(starts[k][1] * d.max_T / 10);
				logstarts[4 * k + 2] = log(starts[k][2]);
				logstarts[4 * k + 3] = log(starts[k][3]);
			}
			sweeps = 0;
			cr_mle_fit(&prob, &own);
		}
		cr_bgnbd_fit(&d, &fit);
		unit_ok(own.converged && fit.converged, "BG/NBD: both fits converge", NULL);
		unit_rel_close(fit.p.r, exp(own.x[0]), 1e-9, "BG/NBD warm start: r as from the model's own starts");
		unit_rel_close(fit.p.alpha, exp(own.x[1]), 1e-9, "BG/NBD warm start: alpha");
		unit_rel_close(fit.p.a, exp(own.x[2]), 1e-9, "BG/NBD warm start: a");
		unit_rel_close(fit.p.b, exp(own.x[3]), 1e-9, "BG/NBD warm start: b");
		unit_rel_close(fit.loglik, own.loglik, 1e-12, "BG/NBD warm start: the same log-likelihood");
		{
			char		buf[80];

			snprintf(buf, sizeof(buf), "%d iterations from the warm start, %d from the model's own", fit.iterations, own.iterations);
			unit_ok(fit.iterations < own.iterations, "BG/NBD warm start: fewer Newton iterations over all rows", buf);
		}
		unit_rel_close(fit.p.r, p.r, 0.1, "BG/NBD: the fit recovers the simulating r (10 %)");
		cr_btyd_data_free(&d);

		{
			CrParetoNbdData pd;
			double		start[4] = {0.0, log(2.0), log(0.9), log(40.0)};
			CrMleProblem prob = {.loglik = pareto_ll, .ctx = &pd, .n = 4, .analytic_hessian = 0,
				.starts = start, .nstarts = 1};

			cr_pareto_nbd_data_init(&pd, m, x, tx, T, w);
			prob.total_weight = pd.total_weight;
			sweeps = 0;
			cr_mle_fit(&prob, &own);
			cr_pareto_nbd_fit(&pd, &warm);
			unit_ok(own.converged && warm.converged, "Pareto/NBD: both fits converge", NULL);
			for (i = 0; i < 4; i++)
				unit_rel_close(exp(warm.x[i]), exp(own.x[i]), 1e-8, "Pareto/NBD warm start: a parameter as from another start");
			unit_rel_close(warm.loglik, own.loglik, 1e-12, "Pareto/NBD warm start: the same log-likelihood");
			unit_ok(warm.iterations < own.iterations, "Pareto/NBD warm start: fewer Newton iterations over all rows", NULL);
			cr_pareto_nbd_data_free(&pd);
		}
		free(x);
		free(tx);
		free(T);
		free(w);
	}
	return unit_finish();
}
