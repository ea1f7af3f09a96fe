/*
 * Unit tests of src/core/btyd_diagnostics.c and intervals.c: BG/NBD's conditional P(X = n) and
 * DERT against test/reference/btyd_diagnostics.R (the integral forms, written from the papers),
 * the normal quantile and count intervals against R's qnorm/ppois, the natural-scale
 * covariance, and the coverage of the intervals by simulation:
 *
 *  - parameter uncertainty: 1,000 data sets of 500 customers drawn from a known BG/NBD (and
 *    Pareto/NBD) model with the house simulators, each refitted; "the truth" is the expected
 *    purchases of one fixed customer history under the TRUE parameters, and the 90 % delta-method
 *    interval from each refit must cover it in 88-92 % of the replications;
 *  - predictive interval: customers drawn from the model with their calibration history and
 *    their actual purchases in the next horizon (a simulator here that runs one process through
 *    both periods); the model is fitted on the calibration histories and each customer gets the
 *    90 % equal-tailed interval of their count. A count cannot be covered at exactly 90 %: each
 *    interval states its own coverage P(lo <= X <= hi) >= 90 %, and what is provable is that the
 *    share of customers covered matches the mean stated coverage (within 3 binomial standard
 *    errors) and is at least 90 % less that noise.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bgnbd.h"
#include "btyd_diagnostics.h"
#include "gamma_gamma.h"
#include "intervals.h"
#include "pareto_nbd.h"
#include "rng.h"
#include "unit.h"

/* ------------------------------------------------------------------ references from R */

static const CrBgnbdParams fhl = {0.243, 4.414, 0.793, 2.426};
static const double custs[4][3] = {{2, 30.43, 38.86}, {0, 0, 38.86}, {7, 35.0, 38.0}, {1, 2.0, 30.0}};
/* CONDP lines of btyd_diagnostics.R: P(X(T, T+39] = n), n = 0..8 */
static const double condp[4][9] = {
	{0.445372862083, 0.239318937435, 0.144183221865, 0.0808500559958, 0.0435449690916,
	0.0228638128981, 0.0117984243416, 0.00601262196569, 0.00303539132621},
	{0.855449459217, 0.109872988801, 0.0242841193348, 0.00691905945629, 0.00223353161215,
	0.000777432736097, 0.000284656028175, 0.000108090087763, 4.21859490448e-05},
	{0.145671225213, 0.0908187057618, 0.0989607989976, 0.105224273647, 0.10515591989,
	0.0981545573678, 0.0860257094056, 0.0713610625918, 0.0564657860989},
	{0.832311440527, 0.0889917296289, 0.0409960540733, 0.0193566993664, 0.00931313048658,
	0.00454448805941, 0.00224159974732, 0.00111507115038, 0.000558458623449},
};
/* CONDE: eq. 10 */
static const double conde[4] = {1.22602817477, 0.195098052011, 4.55618527659, 0.320486669346};
/* DERT at discount 0.01 and 0.0015 per week */
static const double dert[4][2] = {
	{2.26951415971, 7.05386836934}, {0.397352232403, 1.47178078931},
	{7.9906327114, 23.0141144127}, {0.592829343608, 1.85873448237},
};

static void
test_references(void)
{
	char		name[160];
	int			i,
				n;

	for (i = 0; i < 4; i++)
	{
		double		sum = 0,
					mean = 0;

		for (n = 0; n <= 8; n++)
		{
			double		p = cr_bgnbd_prob_purchases_cond_variant(CR_BGNBD, &fhl, 39, n, custs[i][0],
																 custs[i][1], custs[i][2]);

			snprintf(name, sizeof(name), "BG/NBD P(X=%d | x=%g, tx=%g, T=%g) = R", n, custs[i][0],
					 custs[i][1], custs[i][2]);
			unit_rel_close(p, condp[i][n], 1e-9, name);
		}
		for (n = 0; n <= 400; n++)
		{
			double		p = cr_bgnbd_prob_purchases_cond_variant(CR_BGNBD, &fhl, 39, n, custs[i][0],
																 custs[i][1], custs[i][2]);

			sum += p;
			mean += n * p;
		}
		snprintf(name, sizeof(name), "conditional P sums to 1 (x=%g)", custs[i][0]);
		unit_close(sum, 1.0, 1e-12, name);
		snprintf(name, sizeof(name), "its mean is FHL eq. 10 (x=%g)", custs[i][0]);
		unit_rel_close(mean, conde[i], 1e-9, name);
		unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &fhl, 39, custs[i][0], custs[i][1],
												 custs[i][2]), conde[i], 1e-9,
					   "and the expectation the extension already computes");
		snprintf(name, sizeof(name), "BG/NBD DERT (x=%g, 1 %%/week) = R", custs[i][0]);
		unit_rel_close(cr_bgnbd_dert_variant(CR_BGNBD, &fhl, custs[i][0], custs[i][1], custs[i][2],
											 log1p(0.01)), dert[i][0], 1e-8, name);
		snprintf(name, sizeof(name), "BG/NBD DERT (x=%g, 0.15 %%/week) = R", custs[i][0]);
		unit_rel_close(cr_bgnbd_dert_variant(CR_BGNBD, &fhl, custs[i][0], custs[i][1], custs[i][2],
											 log1p(0.0015)), dert[i][1], 1e-8, name);
	}

	/* DERT is the limit of the discounted sum of expected purchases per tiny period */
	{
		double		delta = log1p(0.01),
					h = 0.05,
					s = 0,
					prev = 0,
					k;

		for (k = 1; k <= 40000; k++)
		{
			double		e = cr_bgnbd_expected_variant(CR_MBGNBD, &fhl, k * h, 2, 30.43, 38.86);

			s += (e - prev) * exp(-delta * (k - 0.5) * h);
			prev = e;
		}
		unit_rel_close(cr_bgnbd_dert_variant(CR_MBGNBD, &fhl, 2, 30.43, 38.86, delta), s, 1e-4,
					   "MBG/NBD DERT = discounted increments of its expected purchases");
	}
	/* MBG/NBD's conditional distribution has its own expectation as mean */
	{
		double		mean = 0;

		for (n = 0; n <= 400; n++)
			mean += n * cr_bgnbd_prob_purchases_cond_variant(CR_MBGNBD, &fhl, 39, n, 2, 30.43, 38.86);
		unit_rel_close(mean, cr_bgnbd_expected_variant(CR_MBGNBD, &fhl, 39, 2, 30.43, 38.86), 1e-9,
					   "MBG/NBD conditional P has the conditional expectation as mean");
	}
	unit_ok(isnan(cr_bgnbd_prob_purchases_cond_variant(CR_BGNBD, &fhl, 39, 0, 2, 40, 38)),
			"conditional P: recency > t is NaN", NULL);
	unit_ok(isnan(cr_bgnbd_dert_variant(CR_BGNBD, &fhl, 2, 30, 38, 0)),
			"DERT: a zero discount is NaN (refused)", NULL);

	unit_rel_close(cr_normal_quantile(0.95), 1.6448536269514715, 1e-15, "qnorm(0.95)");
	unit_rel_close(cr_normal_quantile(0.975), 1.9599639845400536, 1e-15, "qnorm(0.975)");
	unit_rel_close(cr_normal_quantile(1e-10), -6.3613409024040557, 1e-15, "qnorm(1e-10)");
	unit_rel_close(cr_normal_quantile(0.3), -0.52440051270804067, 1e-15, "qnorm(0.3)");
	unit_ok(isnan(cr_normal_quantile(0)) && isnan(cr_normal_quantile(1)), "qnorm(0), qnorm(1) NaN",
			NULL);
}

static double
poisson_pmf(int64_t n, void *ctx)
{
	double		mu = *(double *) ctx;

	return exp(n * log(mu) - mu - lgamma(n + 1.0));
}

static void
test_count_interval(void)
{
	/* R: equal-tailed 90 % intervals of Poisson(mu) by ppois, brute force */
	static const double mus[3] = {3.2, 0.1, 25};
	static const int64_t lo_r[3] = {1, 0, 17},
				hi_r[3] = {6, 1, 33};
	static const double cov_r[3] = {0.914618695066333, 0.995321159839556, 0.91247199258815};
	int			i;

	for (i = 0; i < 3; i++)
	{
		int64_t		lo,
					hi;
		double		cov;
		char		name[120];
		double		mu = mus[i];

		snprintf(name, sizeof(name), "Poisson(%g) 90 %% interval [%lld, %lld] as R", mu,
				 (long long) lo_r[i], (long long) hi_r[i]);
		unit_ok(cr_count_interval(poisson_pmf, &mu, 0.9, 10000, &lo, &hi, &cov) == 0 &&
				lo == lo_r[i] && hi == hi_r[i], name, NULL);
		unit_rel_close(cov, cov_r[i], 1e-12, "and its coverage");
	}
	{
		double		mu = 25;
		int64_t		lo,
					hi;
		double		cov;

		unit_ok(cr_count_interval(poisson_pmf, &mu, 0.9, 20, &lo, &hi, &cov) == -2,
				"count interval: upper tail beyond max_n is -2", NULL);
	}
}

static void
test_natural_covariance(void)
{
	double		theta[2] = {2.0, 0.5},
				logcov[4] = {0.04, -0.01, -0.01, 0.09},
				cov[4],
				corr[4];

	unit_ok(cr_diag_natural_covariance(2, theta, logcov, cov, corr) == 0, "natural covariance", NULL);
	unit_close(cov[0], 0.16, 1e-15, "var = theta^2 var(log theta)");
	unit_close(cov[1], -0.01, 1e-15, "cov = theta_i theta_j cov(log)");
	unit_close(corr[1], -0.01 / sqrt(0.04 * 0.09), 1e-15, "correlation the same on both scales");
	logcov[3] = 0;
	unit_ok(cr_diag_natural_covariance(2, theta, logcov, cov, corr) == -1,
			"a zero variance is refused", NULL);
	unit_close(cr_diag_aic(-100, 4), 208, 1e-12, "AIC = 2k - 2LL");
	unit_close(cr_diag_bic(-100, 4, exp(2.0)), 208, 1e-12, "BIC = k ln n - 2LL");
}

/* ------------------------------------------------------------------ coverage by simulation */

#define REPS 1000
#ifndef CUSTOMERS
#define CUSTOMERS 500
#endif

typedef struct PredCtx
{
	int			pareto;
	double		h,
				x,
				tx,
				T;
} PredCtx;

static double
pred(const double *lx, void *vctx)
{
	const PredCtx *c = vctx;

	if (c->pareto)
	{
		CrParetoNbdParams p = {exp(lx[0]), exp(lx[1]), exp(lx[2]), exp(lx[3])};

		return cr_pareto_nbd_expected(&p, c->h, c->x, c->tx, c->T);
	}
	else
	{
		CrBgnbdParams p = {exp(lx[0]), exp(lx[1]), exp(lx[2]), exp(lx[3])};

		return cr_bgnbd_expected_variant(CR_BGNBD, &p, c->h, c->x, c->tx, c->T);
	}
}

/* One replication: draw CUSTOMERS customers, refit, interval of the fixed customer's E. */
static int
replicate(int pareto, const double *truth_params, CrRng *rng, const PredCtx *c, double truth,
		  int *covered)
{
	double		x[CUSTOMERS],
				tx[CUSTOMERS],
				T[CUSTOMERS],
				w[CUSTOMERS];
	double		lx[4],
				logcov[16],
				est,
				lo,
				hi;
	int			i;

	for (i = 0; i < CUSTOMERS; i++)
	{
		/* staggered acquisition: observed for 26 to 78 weeks, day-granular as rfm_summary makes it */
		T[i] = floor(7 * (26 + 52 * cr_rng_uniform(rng))) / 7;
		w[i] = 1;
		if (pareto)
		{
			CrParetoNbdParams p = {truth_params[0], truth_params[1], truth_params[2], truth_params[3]};

			cr_pareto_nbd_simulate(rng, &p, T[i], 1.0 / 7, &x[i], &tx[i]);
		}
		else
		{
			CrBgnbdParams p = {truth_params[0], truth_params[1], truth_params[2], truth_params[3]};
			int64_t		xi;

			if (cr_bgnbd_simulate_variant(CR_BGNBD, &p, T[i], 1.0 / 7, rng, &xi, &tx[i]) != 0)
				return -1;
			x[i] = (double) xi;
		}
	}
	if (pareto)
	{
		CrParetoNbdData d;
		CrMleResult m;

		if (cr_pareto_nbd_data_init(&d, CUSTOMERS, x, tx, T, w) != 0)
			return -1;
		cr_pareto_nbd_fit(&d, &m);
		cr_pareto_nbd_data_free(&d);
		if (!m.converged)
			return 1;
		memcpy(lx, m.x, sizeof(lx));
		memcpy(logcov, m.cov, sizeof(logcov));
	}
	else
	{
		CrBtydData	d;
		CrBtydFit	f;

		if (cr_btyd_data_init(&d, CUSTOMERS, x, tx, T, w) != 0)
			return -1;
		i = cr_bgnbd_fit(&d, &f);
		cr_btyd_data_free(&d);
		if (i != 0)
			return -1;
		if (!f.converged)
			return 1;
		lx[0] = log(f.p.r);
		lx[1] = log(f.p.alpha);
		lx[2] = log(f.p.a);
		lx[3] = log(f.p.b);
		memcpy(logcov, f.cov, sizeof(logcov));
	}
	if (cr_delta_log_interval(pred, (void *) c, 4, lx, logcov, 0.9, &est, &lo, &hi) != 0)
		return -1;
	*covered = lo <= truth && truth <= hi;
	return 0;
}

static void
test_parameter_coverage(int pareto, const double *params, uint64_t seed)
{
	const char *model = pareto ? "Pareto/NBD" : "BG/NBD";
	PredCtx		c = {pareto, 26.0, 3, 20, 40};
	double		lx[4],
				truth;
	CrRng		rng;
	int			r,
				covered = 0,
				fitted = 0,
				failed = 0;
	clock_t		t0 = clock();
	char		name[200];

	for (r = 0; r < 4; r++)
		lx[r] = log(params[r]);
	truth = pred(lx, &c);
	cr_rng_seed(&rng, seed);
	for (r = 0; r < REPS; r++)
	{
		int			cov = 0,
					rc = replicate(pareto, params, &rng, &c, truth, &cov);

		if (rc == 0)
		{
			fitted++;
			covered += cov;
		}
		else if (rc < 0)
			failed++;
	}
	printf("# %s parameter-uncertainty interval: %d of %d refits converged, truth %.6f covered "
		   "by %d (%.1f %%), %.2f s\n", model, fitted, REPS, truth, covered,
		   100.0 * covered / fitted, (double) (clock() - t0) / CLOCKS_PER_SEC);
	snprintf(name, sizeof(name), "%s: every replication fits (no errors)", model);
	unit_ok(failed == 0, name, NULL);
	snprintf(name, sizeof(name), "%s: at least 99 %% of the refits converge", model);
	unit_ok(fitted >= REPS * 99 / 100, name, NULL);
	snprintf(name, sizeof(name), "%s: 90 %% delta-method interval covers E[X | history] under the "
			 "true parameters in 88-92 %% of %d refits (%.1f %%)", model, fitted,
			 100.0 * covered / fitted);
	unit_ok(covered >= 0.88 * fitted && covered <= 0.92 * fitted, name, NULL);
}

/*
 * CLV: purchases (BG/NBD) and spend (Gamma-Gamma) fitted on the same simulated customers; the
 * truth is the fixed customer's CLV under the true parameters of both models.
 */
static const double gg_true[3] = {6.0, 4.0, 15.0};

static double
clv_pred(const double *lx, void *vctx)
{
	const PredCtx *c = vctx;
	CrBgnbdParams p = {exp(lx[0]), exp(lx[1]), exp(lx[2]), exp(lx[3])};
	CrGammaGammaParams g = {exp(lx[4]), exp(lx[5]), exp(lx[6])};
	double		spend = cr_gamma_gamma_expected_spend(&g, c->x, 30.0);

	return cr_bgnbd_clv_variant(CR_BGNBD, &p, c->x, c->tx, c->T, spend, 52, 1.0, 0.002);
}

static void
test_clv_coverage(const double *params, uint64_t seed)
{
	PredCtx		c = {0, 0, 3, 20, 40};
	double		lx[7],
				truth;
	CrRng		rng;
	int			r,
				i,
				covered = 0,
				fitted = 0,
				failed = 0;
	clock_t		t0 = clock();
	char		name[200];

	for (i = 0; i < 4; i++)
		lx[i] = log(params[i]);
	for (i = 0; i < 3; i++)
		lx[4 + i] = log(gg_true[i]);
	truth = clv_pred(lx, &c);
	cr_rng_seed(&rng, seed);
	for (r = 0; r < REPS; r++)
	{
		double		x[CUSTOMERS],
					tx[CUSTOMERS],
					T[CUSTOMERS],
					w[CUSTOMERS],
					gx[CUSTOMERS],
					gm[CUSTOMERS],
					logcov[49],
					est,
					lo,
					hi;
		int			nrep = 0;
		CrBgnbdParams p = {params[0], params[1], params[2], params[3]};
		CrGammaGammaParams g = {gg_true[0], gg_true[1], gg_true[2]};
		CrBtydData	d;
		CrBtydFit	f;
		CrGammaGammaFit gf;
		int			ok;

		for (i = 0; i < CUSTOMERS; i++)
		{
			int64_t		xi;

			T[i] = floor(7 * (26 + 52 * cr_rng_uniform(&rng))) / 7;
			w[i] = 1;
			if (cr_bgnbd_simulate_variant(CR_BGNBD, &p, T[i], 1.0 / 7, &rng, &xi, &tx[i]) != 0)
				break;
			x[i] = (double) xi;
			if (xi > 0)
			{
				gx[nrep] = x[i];
				gm[nrep] = cr_gamma_gamma_simulate_mean(&g, x[i], &rng);
				nrep++;
			}
		}
		ok = i == CUSTOMERS && cr_btyd_data_init(&d, CUSTOMERS, x, tx, T, w) == 0;
		if (ok)
		{
			ok = cr_bgnbd_fit(&d, &f) == 0;
			cr_btyd_data_free(&d);
		}
		/* Gamma-Gamma groups by x and carries the mean spend in tx (gamma_gamma_sql.c) */
		if (ok)
			ok = cr_btyd_data_init(&d, nrep, gx, gm, gm, w) == 0;
		if (ok)
		{
			ok = cr_gamma_gamma_fit(&d, &gf) == 0;
			cr_btyd_data_free(&d);
		}
		if (!ok)
		{
			failed++;
			continue;
		}
		if (!f.converged || !gf.converged)
			continue;
		lx[0] = log(f.p.r);
		lx[1] = log(f.p.alpha);
		lx[2] = log(f.p.a);
		lx[3] = log(f.p.b);
		lx[4] = log(gf.par.p);
		lx[5] = log(gf.par.q);
		lx[6] = log(gf.par.v);
		for (i = 0; i < 49; i++)
			logcov[i] = 0;
		for (i = 0; i < 16; i++)
			logcov[(i / 4) * 7 + i % 4] = f.cov[i];
		for (i = 0; i < 9; i++)
			logcov[(4 + i / 3) * 7 + 4 + i % 3] = gf.cov[i];
		if (cr_delta_log_interval(clv_pred, &c, 7, lx, logcov, 0.9, &est, &lo, &hi) != 0)
		{
			failed++;
			continue;
		}
		fitted++;
		covered += lo <= truth && truth <= hi;
	}
	printf("# BG/NBD + Gamma-Gamma CLV interval: %d of %d refit pairs converged, truth %.4f "
		   "covered by %d (%.1f %%), %.2f s\n", fitted, REPS, truth, covered,
		   100.0 * covered / fitted, (double) (clock() - t0) / CLOCKS_PER_SEC);
	unit_ok(failed == 0, "CLV: every replication fits (no errors)", NULL);
	unit_ok(fitted >= REPS * 95 / 100, "CLV: at least 95 % of the refit pairs converge", NULL);
	snprintf(name, sizeof(name), "CLV: 90 %% delta-method interval covers the true CLV in 88-92 %% "
			 "of %d refits (%.1f %%)", fitted, 100.0 * covered / fitted);
	unit_ok(covered >= 0.88 * fitted && covered <= 0.92 * fitted, name, NULL);
}

/* One customer's calibration history over (0, T] and purchases in (T, T + h] */
static void
sim_customer(int pareto, const double *q, double T, double h, CrRng *rng, double *x, double *tx,
			 int64_t *future)
{
	double		lambda = cr_rng_gamma(rng, q[0], q[1]),
				t = 0,
				end = T + h,
				death = INFINITY,
				p = 0;

	*x = 0;
	*tx = 0;
	*future = 0;
	if (pareto)
		death = cr_rng_exponential(rng, cr_rng_gamma(rng, q[2], q[3]));
	else
		p = cr_rng_beta(rng, q[2], q[3]);
	for (;;)
	{
		t += cr_rng_exponential(rng, lambda);
		if (t > end || t > death)
			return;
		if (t <= T)
		{
			*x += 1;
			*tx = t;
		}
		else
			(*future)++;
		/* BG/NBD: after each repeat purchase the customer drops out with probability p */
		if (!pareto && cr_rng_uniform(rng) < p)
			return;
	}
}

typedef struct PmfCtx
{
	int			pareto;
	CrBgnbdParams bp;
	CrParetoNbdParams pp;
	double		h,
				x,
				tx,
				T;
} PmfCtx;

static double
pmf(int64_t n, void *vctx)
{
	const PmfCtx *c = vctx;

	if (c->pareto)
		return cr_pareto_nbd_prob_purchases(&c->pp, c->h, (double) n, c->x, c->tx, c->T);
	return cr_bgnbd_prob_purchases_cond_variant(CR_BGNBD, &c->bp, c->h, n, c->x, c->tx, c->T);
}

#define PRED_CUSTOMERS 2000

static void
test_predictive_coverage(int pareto, const double *q, uint64_t seed)
{
	const char *model = pareto ? "Pareto/NBD" : "BG/NBD";
	static double x[PRED_CUSTOMERS],
				tx[PRED_CUSTOMERS],
				T[PRED_CUSTOMERS],
				w[PRED_CUSTOMERS];
	static int64_t future[PRED_CUSTOMERS];
	double		lx[4],
				stated = 0,
				var = 0,
				se;
	int			i,
				covered = 0,
				ok = 1,
				converged;
	CrRng		rng;
	PmfCtx		c;
	char		name[220];
	clock_t		t0 = clock();

	cr_rng_seed(&rng, seed);
	for (i = 0; i < PRED_CUSTOMERS; i++)
	{
		T[i] = 26 + 52 * cr_rng_uniform(&rng);
		w[i] = 1;
		sim_customer(pareto, q, T[i], 26.0, &rng, &x[i], &tx[i], &future[i]);
	}
	/* fit on the calibration histories, as an analyst would */
	if (pareto)
	{
		CrParetoNbdData d;
		CrMleResult m;

		ok = cr_pareto_nbd_data_init(&d, PRED_CUSTOMERS, x, tx, T, w) == 0;
		cr_pareto_nbd_fit(&d, &m);
		cr_pareto_nbd_data_free(&d);
		converged = m.converged;
		memcpy(lx, m.x, sizeof(lx));
	}
	else
	{
		CrBtydData	d;
		CrBtydFit	f;

		ok = cr_btyd_data_init(&d, PRED_CUSTOMERS, x, tx, T, w) == 0 && cr_bgnbd_fit(&d, &f) == 0;
		cr_btyd_data_free(&d);
		converged = f.converged;
		lx[0] = log(f.p.r);
		lx[1] = log(f.p.alpha);
		lx[2] = log(f.p.a);
		lx[3] = log(f.p.b);
	}
	snprintf(name, sizeof(name), "%s: the calibration fit converges", model);
	unit_ok(ok && converged, name, NULL);
	memset(&c, 0, sizeof(c));
	c.pareto = pareto;
	c.bp.r = c.pp.r = exp(lx[0]);
	c.bp.alpha = c.pp.alpha = exp(lx[1]);
	c.bp.a = c.pp.s = exp(lx[2]);
	c.bp.b = c.pp.beta = exp(lx[3]);
	c.h = 26.0;
	for (i = 0; i < PRED_CUSTOMERS; i++)
	{
		int64_t		lo,
					hi;
		double		cov;

		c.x = x[i];
		c.tx = tx[i];
		c.T = T[i];
		if (cr_count_interval(pmf, &c, 0.9, 100000, &lo, &hi, &cov) != 0 || cov < 0.9)
		{
			ok = 0;
			continue;
		}
		stated += cov;
		var += cov * (1 - cov);
		covered += lo <= future[i] && future[i] <= hi;
	}
	se = sqrt(var) / PRED_CUSTOMERS;
	stated /= PRED_CUSTOMERS;
	printf("# %s predictive interval: %d of %d customers' future counts covered (%.2f %%), "
		   "mean stated coverage %.2f %% (se %.2f %%), %.2f s\n", model, covered, PRED_CUSTOMERS,
		   100.0 * covered / PRED_CUSTOMERS, 100 * stated, 100 * se,
		   (double) (clock() - t0) / CLOCKS_PER_SEC);
	snprintf(name, sizeof(name), "%s: every customer's interval states coverage >= 90 %%", model);
	unit_ok(ok, name, NULL);
	snprintf(name, sizeof(name), "%s: share covered (%.2f %%) = mean stated coverage (%.2f %%) "
			 "within 3 standard errors", model, 100.0 * covered / PRED_CUSTOMERS, 100 * stated);
	unit_ok(fabs((double) covered / PRED_CUSTOMERS - stated) <= 3 * se, name, NULL);
	snprintf(name, sizeof(name), "%s: share covered at least 90 %% less 3 standard errors", model);
	unit_ok((double) covered / PRED_CUSTOMERS >= 0.9 - 3 * se, name, NULL);
}

int
main(void)
{
	/*
	 * CDNOW-like purchase rates; drop-out strong enough that 500 customers identify it (with
	 * CDNOW's own s = 0.6, beta = 12 about 1 in 50 such data sets has no interior maximum)
	 */
	static const double bg_true[4] = {0.5, 5.0, 1.5, 4.0};
	static const double pnbd_true[4] = {0.55, 10.5, 0.8, 8.0};

	test_references();
	test_count_interval();
	test_natural_covariance();
	test_parameter_coverage(0, bg_true, 20261206);
#ifndef SKIP_PARETO_COVERAGE
	test_parameter_coverage(1, pnbd_true, 20261207);
#endif
	test_clv_coverage(bg_true, 20261208);
	test_predictive_coverage(0, bg_true, 12);
	test_predictive_coverage(1, pnbd_true, 13);
	return unit_finish();
}
