/* Unit tests of src/core/optim.c, rng.c and specfun.c (the shared numerical kernel). */
#include <math.h>
#include <string.h>

#include "optim.h"
#include "rng.h"
#include "specfun.h"
#include "unit.h"

/* Rosenbrock's banana, minimum 0 at (1, 1). */
static double
rosenbrock(const double *x, double *g, void *ctx)
{
	double		a = 1 - x[0],
				b = x[1] - x[0] * x[0];

	(void) ctx;
	if (g)
	{
		g[0] = -2 * a - 400 * x[0] * b;
		g[1] = 200 * b;
	}
	return a * a + 100 * b * b;
}

/* Negative log-likelihood of a Gamma(shape, rate) sample in log-parameter space. */
typedef struct
{
	int			n;
	double		sum,
				sumlog;
} GammaData;

static double
gamma_nll(const double *x, double *g, void *ctx)
{
	GammaData  *d = ctx;
	double		k = exp(x[0]),
				l = exp(x[1]);
	double		ll = d->n * (k * log(l) - lgamma(k)) + (k - 1) * d->sumlog - l * d->sum;

	if (g)
	{
		/* d/dk and d/dl, times k and l (chain rule to log space); digamma by difference. */
		double		dig = (lgamma(k + 1e-6) - lgamma(k - 1e-6)) / 2e-6;

		g[0] = -k * (d->n * (log(l) - dig) + d->sumlog);
		g[1] = -l * (d->n * k / l - d->sum);
	}
	return -ll;
}

int
main(void)
{
	CrOptimOptions opt;
	CrOptimResult res;
	double		x[2] = {-1.2, 1.0};
	double		a[4] = {4, 2, 2, 3},
				inv[4];
	CrRng		rng;
	GammaData	gd = {0, 0, 0};
	int			i;
	double		mean = 0,
				se[2];

	cr_optim_default_options(&opt);
	cr_minimize(rosenbrock, NULL, 2, x, &opt, &res);
	unit_ok(res.status == CR_OPTIM_CONVERGED, "bfgs converges on Rosenbrock", NULL);
	unit_close(x[0], 1.0, 1e-5, "bfgs Rosenbrock x0");
	unit_close(x[1], 1.0, 1e-5, "bfgs Rosenbrock x1");

	unit_ok(cr_invert_spd(2, a, inv) == 0, "cholesky inverse of an SPD matrix", NULL);
	unit_close(inv[0], 3.0 / 8, 1e-14, "inverse [0,0]");
	unit_close(inv[1], -2.0 / 8, 1e-14, "inverse [0,1]");
	a[1] = a[2] = 5;
	unit_ok(cr_invert_spd(2, a, inv) == -1, "indefinite matrix is refused", NULL);

	/* Gamma(2.5, rate 0.5) sample: the MLE recovers the parameters, SEs are ~ 1/sqrt(n). */
	cr_rng_seed(&rng, 42);
	gd.n = 200000;
	for (i = 0; i < gd.n; i++)
	{
		double		v = cr_rng_gamma(&rng, 2.5, 0.5);

		gd.sum += v;
		gd.sumlog += log(v);
	}
	x[0] = 0;
	x[1] = 0;
	cr_minimize(gamma_nll, &gd, 2, x, &opt, &res);
	unit_ok(res.status == CR_OPTIM_CONVERGED, "gamma MLE converges", NULL);
	unit_rel_close(exp(x[0]), 2.5, 0.02, "gamma MLE shape");
	unit_rel_close(exp(x[1]), 0.5, 0.02, "gamma MLE rate");
	unit_ok(cr_log_param_std_errors(gamma_nll, &gd, 2, x, se) == 0, "standard errors exist", NULL);
	unit_ok(se[0] > 0.001 && se[0] < 0.05, "shape SE is of order 1/sqrt(n)", NULL);

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
