/*
 * Unit tests of src/core/pareto_nbd.c, bgbb.c and incgamma.c: analytic gradients against
 * finite differences, values against references computed independently with mpmath 1.3 (30
 * digits, by quadrature of the defining integrals and sums, not by the closed forms used here),
 * the published fits on ../shared/data when it is there, and extreme customers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgbb.h"
#include "incgamma.h"
#include "pareto_nbd.h"
#include "rng.h"
#include "unit.h"

/* Central differences (Richardson-extrapolated) of f at theta against the analytic gradient. */
typedef double (*llfn) (const void *d, const double *theta, double *grad);

static double
pnbd_ll(const void *d, const double *theta, double *grad)
{
	return cr_pareto_nbd_data_loglik(d, theta, grad);
}

static double
bgbb_ll(const void *d, const double *theta, double *grad)
{
	return cr_bgbb_data_loglik(d, theta, grad);
}

static void
check_gradient(llfn f, const void *d, const double *theta0, const char *what)
{
	double		g[4],
				theta[4];
	char		name[200];
	int			k;

	memcpy(theta, theta0, sizeof(theta));
	f(d, theta, g);
	for (k = 0; k < 4; k++)
	{
		double		h = 1e-4,
					fp,
					fm,
					fp2,
					fm2,
					fd;

		theta[k] = theta0[k] + h;
		fp = f(d, theta, NULL);
		theta[k] = theta0[k] - h;
		fm = f(d, theta, NULL);
		theta[k] = theta0[k] + 2 * h;
		fp2 = f(d, theta, NULL);
		theta[k] = theta0[k] - 2 * h;
		fm2 = f(d, theta, NULL);
		theta[k] = theta0[k];
		fd = (8 * (fp - fm) - (fp2 - fm2)) / (12 * h);
		snprintf(name, sizeof(name), "%s: d LL / d theta[%d] analytic vs finite differences", what, k);
		unit_close(g[k], fd, 1e-6 * (1 + fabs(fd)) + 1e-9 * fabs(fp), name);
	}
}

/* The CDNOW calibration summary in exact days / 7 from CDNOW_sample.txt; n customers or 0. */
static int
read_cdnow(double *x, double *tx, double *T, int max)
{
	FILE	   *f = fopen("../shared/data/CDNOW_sample.txt", "r");
	static int first[3000],
				last[3000],
				days[3000],
				lastday[3000];
	char		line[256];
	int			n = 0,
				i;
	/* day numbers from 1997-01-01; the calibration ends 1997-09-30 = day 272 */
	static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

	if (!f)
		return 0;
	memset(first, 0, sizeof(first));
	while (fgets(line, sizeof(line), f))
	{
		int			id,
					date,
					day;
		char		a[32];

		if (sscanf(line, "%31s %d %d", a, &id, &date) != 3 || id < 1 || id >= max)
			continue;
		day = (date / 10000 - 1997) * 365 + cum[(date / 100) % 100 - 1] + date % 100 - 1;
		if (day > 272)
			continue;
		if (first[id] == 0 && days[id] == 0)
		{
			first[id] = day;
			last[id] = day;
			lastday[id] = day;
			days[id] = 1;
		}
		else
		{
			/* transactions are in date order per customer in the file */
			if (day != lastday[id])
				days[id]++;
			lastday[id] = day;
			if (day < first[id])
				first[id] = day;
			if (day > last[id])
				last[id] = day;
		}
		if (id > n)
			n = id;
	}
	fclose(f);
	for (i = 1; i <= n; i++)
	{
		x[i - 1] = days[i] - 1;
		tx[i - 1] = (last[i] - first[i]) / 7.0;
		T[i - 1] = (272 - first[i]) / 7.0;
	}
	return n;
}

int
main(void)
{
	CrParetoNbdParams pub = {0.5534, 10.5802, 0.6061, 11.6562};
	CrBgbbParams bpub = {1.204, 0.750, 0.657, 2.783};
	CrRng		rng;
	int			i;

	/* ---- incomplete gamma and U(s, s; z): mpmath.gammainc(a, z, inf) */
	unit_rel_close(exp(cr_log_upper_gamma(0.5, 2.0)), 0.0806471179603176908, 1e-13, "Gamma(0.5, 2) = sqrt(pi) erfc(sqrt 2)");
	unit_rel_close(exp(cr_log_upper_gamma(0.0, 0.1)), 1.82292395841939062, 1e-13, "Gamma(0, 0.1) = E1(0.1)");
	unit_rel_close(exp(cr_log_upper_gamma(-1.5, 0.01)), 648.930049412556232, 1e-12, "Gamma(-1.5, 0.01)");
	unit_rel_close(exp(cr_log_upper_gamma(1e-12, 0.3)), 0.905676651675485979, 1e-12, "Gamma(1e-12, 0.3) near a = 0");
	unit_rel_close(exp(cr_log_upper_gamma(3.0, 2.0)), 10.0 * exp(-2.0), 1e-14, "Gamma(3, 2) = 10 e^-2");
	unit_rel_close(cr_log_upper_gamma(-20.5, 700.0), -840.878438054898337, 1e-13, "log Gamma(-20.5, 700) (below the double range)");
	unit_ok(isnan(cr_log_upper_gamma(1.0, 0.0)), "Gamma(a, 0): outside the domain, NaN", NULL);

	/* ---- Pareto/NBD single customers: mpmath quadrature of the note's integrals */
	unit_close(cr_pareto_nbd_p_alive(&pub, 26, 30.86, 31), 0.997917766551906786, 1e-13, "P(alive | 26, 30.86, 31) = 0.9979 (published)");
	unit_close(cr_pareto_nbd_p_alive(&pub, 2, 30.43, 38.86), 0.869110643968137037, 1e-13, "P(alive | 2, 30.43, 38.86)");
	unit_close(cr_pareto_nbd_loglik(&pub, 2, 30.43, 38.86), -9.55451069461442216, 1e-11, "LL(2, 30.43, 38.86)");
	unit_close(cr_pareto_nbd_loglik(&pub, 0, 0, 38.86), -0.521129195973285468, 1e-12, "LL(0, 0, 38.86)");
	unit_close(cr_pareto_nbd_dert(&pub, 2, 30.43, 38.86, 0.01), 2.72451401909217665, 1e-11, "DERT(delta = 0.01 | 2, 30.43, 38.86)");
	unit_close(cr_pareto_nbd_prob_purchases_new(&pub, 20, 3), 0.0398713485219965889, 1e-12, "P(X(20) = 3)");
	unit_close(cr_pareto_nbd_p_alive(&pub, 3, 20, 20), 1.0, 0, "P(alive) = 1 right after a purchase");
	unit_close(cr_pareto_nbd_expected_new(&pub, 0), 0.0, 0, "E[X(0)] = 0");

	/* extreme customers: finite everywhere */
	{
		double		xs[] = {0, 1, 50, 1000, 1e5};
		double		Ts[] = {1e-9, 1e-3, 1, 39, 1e4, 1e7};
		CrParetoNbdParams odd[] = {{0.5534, 10.5802, 0.6061, 11.6562}, {0.01, 1000, 5, 0.001},
		{20, 0.01, 0.01, 1000}, {1, 1, 1, 1}, {1e-6, 1e-6, 1e-6, 1e-6}};
		int			bad = 0,
					total = 0;
		size_t		a,
					b,
					c;

		for (c = 0; c < sizeof(odd) / sizeof(odd[0]); c++)
			for (a = 0; a < sizeof(xs) / sizeof(xs[0]); a++)
				for (b = 0; b < sizeof(Ts) / sizeof(Ts[0]); b++)
				{
					double		x = xs[a],
								T = Ts[b],
								tx = (x > 0) ? T * 0.5 : 0;
					double		v[5];
					int			k;

					v[0] = cr_pareto_nbd_p_alive(&odd[c], x, tx, T);
					v[1] = cr_pareto_nbd_p_alive(&odd[c], x, x > 0 ? T : 0, T);
					v[2] = cr_pareto_nbd_expected(&odd[c], 52, x, tx, T);
					v[3] = cr_pareto_nbd_loglik(&odd[c], x, tx, T);
					v[4] = cr_pareto_nbd_dert(&odd[c], x, tx, T, 0.003);
					for (k = 0; k < 5; k++)
					{
						total++;
						if (!isfinite(v[k]) || (k < 2 && (v[k] < 0 || v[k] > 1)))
						{
							bad++;
							printf("# not finite: params %zu x %g tx %g T %g value %d = %g\n", c, x, tx, T, k, v[k]);
						}
					}
				}
		unit_ok(bad == 0, "Pareto/NBD: P(alive), E, LL, DERT finite for frequency up to 1e5, t from 1e-9 to 1e7, extreme parameters", NULL);
		printf("# %d extreme evaluations\n", total);
	}

	/* ---- Pareto/NBD gradients, both branches (alpha >= beta and alpha < beta) and z near 1 */
	{
		static double x[400],
					tx[400],
					T[400],
					w[400];
		CrParetoNbdData d;
		double		thetas[][4] = {
			{log(0.55), log(10.6), log(0.61), log(11.7)},	/* alpha < beta */
			{log(0.55), log(14.0), log(0.61), log(3.0)},	/* alpha > beta */
			{log(2.0), log(5.0), log(1.0), log(5.0)},	/* alpha = beta, s = 1 */
			{log(0.3), log(5000.0), log(0.8), log(0.5)}	/* z near 1: the 2F1 fallback */
		};
		size_t		k;

		cr_rng_seed(&rng, 5);
		for (i = 0; i < 400; i++)
		{
			T[i] = 20 + 20 * cr_rng_uniform(&rng);
			cr_pareto_nbd_simulate(&rng, &pub, T[i], 0, &x[i], &tx[i]);
			w[i] = 1 + (i % 3);
		}
		x[0] = 1000;
		tx[0] = T[0];			/* an extreme customer */
		x[1] = 3;
		tx[1] = 1e-3;
		unit_ok(cr_pareto_nbd_data_init(&d, 400, x, tx, T, w) == 0, "Pareto/NBD data init", NULL);
		for (k = 0; k < sizeof(thetas) / sizeof(thetas[0]); k++)
		{
			char		what[64];

			snprintf(what, sizeof(what), "Pareto/NBD point %zu", k);
			check_gradient(pnbd_ll, &d, thetas[k], what);
		}
		cr_pareto_nbd_data_free(&d);
	}

	/* ---- BG/BB: references and gradient */
	unit_close(cr_bgbb_loglik(&bpub, 3, 4, 6), -5.05930794741110369, 1e-12, "BG/BB LL(3, 4, 6)");
	unit_close(cr_bgbb_dert(&bpub, 3, 4, 6, 0.1), 1.62866077306082382, 1e-11, "BG/BB DERT(0.1 | 3, 4, 6) (direct sum)");
	unit_close(cr_bgbb_p_alive(&bpub, 0, 0, 0), 2.783 / (0.657 + 2.783), 1e-14, "BG/BB P(alive) of a new customer");
	{
		double		s = 0;
		int			k;

		for (k = 0; k <= 10; k++)
			s += cr_bgbb_prob_purchases_new(&bpub, 10, k);
		unit_close(s, 1.0, 1e-13, "BG/BB P(X(10) = k) sums to 1");
	}
	{
		static double x[300],
					tx[300],
					np[300],
					w[300];
		CrBgbbData	d = {300, x, tx, np, w};
		double		th1[4] = {log(1.2), log(0.75), log(0.66), log(2.8)},
					th2[4] = {log(5.0), log(0.2), log(1.0), log(40.0)};

		cr_rng_seed(&rng, 9);
		for (i = 0; i < 300; i++)
		{
			np[i] = 1 + (i % 40);
			cr_bgbb_simulate(&rng, &bpub, (int64_t) np[i], &x[i], &tx[i]);
			w[i] = 1 + (i % 4);
		}
		check_gradient(bgbb_ll, &d, th1, "BG/BB point 0");
		check_gradient(bgbb_ll, &d, th2, "BG/BB point 1 (gamma = 1)");
	}

	/* ---- published fits (skipped without ../shared/data) */
	{
		static double x[3000],
					tx[3000],
					T[3000],
					w[3000];
		int			n = read_cdnow(x, tx, T, 3000);

		if (n == 0)
			printf("ok - # SKIP CDNOW fit: ../shared/data not found\n");
		else
		{
			CrParetoNbdData d;
			CrMleResult fit;

			for (i = 0; i < n; i++)
				w[i] = 1;
			unit_ok(n == 2357, "CDNOW: 2357 customers", NULL);
			cr_pareto_nbd_data_init(&d, n, x, tx, T, w);
			cr_pareto_nbd_fit(&d, &fit);
			unit_ok(fit.converged, "CDNOW fit converged", NULL);
			unit_close(exp(fit.x[0]), 0.553, 0.0005, "CDNOW r = 0.553 (published)");
			unit_close(exp(fit.x[1]), 10.578, 0.0005, "CDNOW alpha = 10.578 (published)");
			unit_close(exp(fit.x[2]), 0.606, 0.0005, "CDNOW s = 0.606 (published)");
			unit_close(exp(fit.x[3]), 11.669, 0.0005, "CDNOW beta = 11.669 (published)");
			unit_close(fit.loglik, -9595.0, 0.05, "CDNOW LL = -9595.0 (published)");
			unit_ok(fit.se_ok && fit.se[3] > 0, "CDNOW standard errors", NULL);
			cr_pareto_nbd_data_free(&d);
		}
	}
	{
		FILE	   *f = fopen("../shared/data/donations.csv", "r");

		if (!f)
			printf("ok - # SKIP donations fit: ../shared/data not found\n");
		else
		{
			double		x[40],
						tx[40],
						np[40],
						w[40];
			int			n = 0;
			char		line[256];
			CrBgbbData	d;
			CrMleResult fit;

			if (!fgets(line, sizeof(line), f))
				line[0] = 0;
			while (n < 40 && fscanf(f, "%lf,%lf,%lf,%lf", &x[n], &tx[n], &np[n], &w[n]) == 4)
				n++;
			fclose(f);
			d.n = n;
			d.x = x;
			d.tx = tx;
			d.np = np;
			d.w = w;
			cr_bgbb_fit(&d, &fit);
			unit_ok(fit.converged, "donations fit converged", NULL);
			unit_close(exp(fit.x[0]), 1.204, 0.0005, "donations alpha = 1.204 (published)");
			unit_close(exp(fit.x[1]), 0.750, 0.0005, "donations beta = 0.750 (published)");
			unit_close(exp(fit.x[2]), 0.657, 0.0005, "donations gamma = 0.657 (published)");
			unit_close(exp(fit.x[3]), 2.783, 0.0005, "donations delta = 2.783 (published)");
			unit_close(fit.loglik, -33225.6, 0.05, "donations LL = -33225.6 (published)");
		}
	}
	return unit_finish();
}
