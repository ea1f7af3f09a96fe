/* Unit tests of src/core/mle.c, rng.c and specfun.c (the shared numerical kernel). */
#include <math.h>
#include <string.h>

#include "mle.h"
#include "digamma.h"
#include "rng.h"
#include "specfun.h"
#include "unit.h"

/*
 * The driver maximises a log-likelihood. A concave quadratic with its maximum at (1, -2), with
 * analytic Hessian.
 */
static double
quad_ll(const double *x, double *g, double *h, void *ctx)
{
	(void) ctx;
	if (g)
	{
		g[0] = -(2 * (x[0] - 1) + (x[1] + 2));
		g[1] = -((x[0] - 1) + 4 * (x[1] + 2));
	}
	if (h)
	{
		h[0] = -2;
		h[1] = h[2] = -1;
		h[3] = -4;
	}
	return -((x[0] - 1) * (x[0] - 1) + (x[0] - 1) * (x[1] + 2) + 2 * (x[1] + 2) * (x[1] + 2));
}

/* LL = -exp(-x0) - x1^2: x0 runs off to +infinity. */
static double
runaway_ll(const double *x, double *g, double *h, void *ctx)
{
	(void) ctx;
	(void) h;
	if (g)
	{
		g[0] = exp(-x[0]);
		g[1] = -2 * x[1];
	}
	return -exp(-x[0]) - x[1] * x[1];
}

/*
 * A ridge: LL = -(x0 - x1)^2 - exp(-(x0 + x1)/2 - 10) increases for ever along x0 = x1, but so
 * slowly beyond x ~ 15 that the gradient vanishes there: Newton stops, the driver must not call
 * it converged (BG/NBD's a and b growing together behave so).
 */
static double
ridge_ll(const double *x, double *g, double *h, void *ctx)
{
	double		e = exp(-(x[0] + x[1]) / 2 - 10);

	(void) ctx;
	(void) h;
	if (g)
	{
		g[0] = -(2 * (x[0] - x[1]) - e / 2);
		g[1] = -(-2 * (x[0] - x[1]) - e / 2);
	}
	return -((x[0] - x[1]) * (x[0] - x[1]) + e);
}

/* Log-likelihood of a Gamma(shape, rate) sample in log-parameter space. */
typedef struct
{
	int			n;
	double		sum,
				sumlog;
} GammaData;

static double
gamma_ll(const double *x, double *g, double *h, void *ctx)
{
	GammaData  *d = ctx;
	double		k = exp(x[0]),
				l = exp(x[1]);

	(void) h;
	if (g)
	{
		/* d/dk and d/dl, times k and l (chain rule to log space) */
		g[0] = k * (d->n * (log(l) - cr_digamma(k)) + d->sumlog);
		g[1] = l * (d->n * k / l - d->sum);
	}
	return d->n * (k * log(l) - lgamma(k)) + (k - 1) * d->sumlog - l * d->sum;
}

int
main(void)
{
	CrMleResult res;
	double		a[4] = {4, 2, 2, 3},
				inv[4];
	CrRng		rng;
	GammaData	gd = {0, 0, 0};
	int			i;
	double		mean = 0;

	{
		static const double start[2] = {10, 10};
		CrMleProblem p = {.loglik = quad_ll, .ctx = NULL, .n = 2, .analytic_hessian = 1,
			.starts = start, .nstarts = 1, .total_weight = 1.0};

		cr_mle_fit(&p, &res);
		unit_ok(res.converged && fabs(res.x[0] - 1) < 1e-12 && fabs(res.x[1] + 2) < 1e-12,
				"Newton finds the maximum of a quadratic", NULL);
	}
	{
		static const double start[2] = {0, 1};
		CrMleProblem p = {.loglik = runaway_ll, .ctx = NULL, .n = 2, .analytic_hessian = 0,
			.starts = start, .nstarts = 1, .total_weight = 1.0};

		cr_mle_fit(&p, &res);
		unit_ok(!res.converged && res.diverged == 0,
				"a coordinate running off to infinity is reported", NULL);
	}
	{
		static const double start[2] = {0, 0.5};
		CrMleProblem p = {.loglik = ridge_ll, .ctx = NULL, .n = 2, .analytic_hessian = 0,
			.starts = start, .nstarts = 1, .total_weight = 1.0};

		cr_mle_fit(&p, &res);
		unit_ok(!res.converged && res.diverged >= 0 && res.x[0] > CR_MLE_EXTREME_LOG,
				"a ridge where the gradient vanishes is not converged", NULL);
	}
	{
		/*
		 * Standard errors: the inverse information of the quadratic is [[4, -1], [-1, 2]] / 7;
		 * x0 is a log parameter (se of exp(x0) by the delta method), x1 an effect (se of x1).
		 */
		static const double start[2] = {10, 10};
		CrMleProblem p = {.loglik = quad_ll, .n = 2, .analytic_hessian = 1, .starts = start,
			.nstarts = 1, .total_weight = 1.0, .n_effects = 1};

		cr_mle_fit(&p, &res);
		unit_ok(res.se_ok && fabs(res.se[0] - exp(1.0) * sqrt(4.0 / 7)) < 1e-12 &&
				fabs(res.se[1] - sqrt(2.0 / 7)) < 1e-12,
				"standard errors: of exp(x) for log parameters, of x for effects", NULL);
	}
	{
		/* two starts: the first cannot be evaluated, the second converges */
		static const double starts[4] = {NAN, 0, 10, 10};
		CrMleProblem p = {.loglik = quad_ll, .ctx = NULL, .n = 2, .analytic_hessian = 1,
			.starts = starts, .nstarts = 2, .total_weight = 1.0};

		cr_mle_fit(&p, &res);
		unit_ok(res.converged && fabs(res.x[0] - 1) < 1e-12, "a bad start is skipped", NULL);
	}

	unit_ok(cr_invert_spd(2, a, inv) == 0, "cholesky inverse of an SPD matrix", NULL);
	unit_close(inv[0], 3.0 / 8, 1e-14, "inverse [0,0]");
	unit_close(inv[1], -2.0 / 8, 1e-14, "inverse [0,1]");
	a[1] = a[2] = 5;
	unit_ok(cr_invert_spd(2, a, inv) == -1, "indefinite matrix is refused", NULL);

	/*
	 * Gamma(2.5, rate 0.5) sample, Hessian by differences of the gradient: the MLE recovers the
	 * parameters, and the standard errors are those of the Fisher information,
	 * se(k)^2 = k / (n (k psi'(k) - 1)).
	 */
	cr_rng_seed(&rng, 42);
	gd.n = 200000;
	for (i = 0; i < gd.n; i++)
	{
		double		v = cr_rng_gamma(&rng, 2.5, 0.5);

		gd.sum += v;
		gd.sumlog += log(v);
	}
	{
		static const double start[2] = {0, 0};
		CrMleProblem p = {.loglik = gamma_ll, .ctx = &gd, .n = 2, .analytic_hessian = 0,
			.starts = start, .nstarts = 1, .total_weight = 0};
		double		k,
					trig;

		p.total_weight = gd.n;
		cr_mle_fit(&p, &res);
		k = exp(res.x[0]);
		trig = (cr_digamma(k + 1e-5) - cr_digamma(k - 1e-5)) / 2e-5;
		unit_ok(res.converged, "gamma MLE converges", NULL);
		unit_rel_close(k, 2.5, 0.02, "gamma MLE shape");
		unit_rel_close(exp(res.x[1]), 0.5, 0.02, "gamma MLE rate");
		unit_ok(res.se_ok, "standard errors exist", NULL);
		unit_rel_close(res.se[0], sqrt(k / (gd.n * (k * trig - 1))), 1e-4, "shape SE = Fisher information");
	}

	/* rng: same seed, same stream; moments of the draws. */
	{
		CrRng		r1,
					r2;

		cr_rng_seed(&r1, 7);
		cr_rng_seed(&r2, 7);
		unit_ok(cr_rng_next(&r1) == cr_rng_next(&r2), "same seed gives same numbers", NULL);
	}
	for (i = 0; i < 100000; i++)
		mean += cr_rng_poisson(&rng, 3.7);
	unit_rel_close(mean / 100000, 3.7, 0.01, "poisson mean (small mu)");
	mean = 0;
	for (i = 0; i < 20000; i++)
		mean += cr_rng_poisson(&rng, 250.0);
	unit_rel_close(mean / 20000, 250.0, 0.005, "poisson mean (large mu)");
	mean = 0;
	for (i = 0; i < 100000; i++)
		mean += cr_rng_beta(&rng, 0.8, 2.4);
	unit_rel_close(mean / 100000, 0.8 / 3.2, 0.01, "beta mean");
	mean = 0;
	for (i = 0; i < 100000; i++)
		mean += cr_rng_gamma(&rng, 0.3, 2.0);
	unit_rel_close(mean / 100000, 0.15, 0.02, "gamma mean, shape < 1");

	/* specfun */
	unit_close(cr_lbeta(2, 3), log(1.0 / 12), 1e-14, "log B(2,3)");
	unit_close(cr_logsumexp2(1000, 1000), 1000 + log(2.0), 1e-12, "logsumexp without overflow");
	unit_close(cr_logdiffexp(log(5.0), log(3.0)), log(2.0), 1e-14, "logdiffexp");
	unit_close(cr_log1mexp(1e-20), log(1e-20), 1e-12, "log1mexp small argument");
	unit_close(cr_log1mexp(50), -exp(-50.0), 1e-30, "log1mexp large argument");
	return unit_finish();
}
