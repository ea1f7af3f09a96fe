/*
 * sbg.c — shifted-beta-geometric model: likelihood, fit, survival, retention, churn, DERL.
 * Equation numbers refer to Fader & Hardie (2007), "How to project customer retention",
 * Journal of Interactive Marketing 21(1), 76-90, unless said otherwise.
 */
#include "sbg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mle.h"
#include "specfun.h"
#include "hyp2f1.h"
#include "runtime.h"

/* log-parameters beyond +-LOG_PARAM_LIMIT are outside what the model can evaluate sensibly. */
#define LOG_PARAM_LIMIT 35.0
/* S(t) by its product of retention rates up to this many periods, by lbeta beyond. */
#define SURVIVAL_SUM_LIMIT 1024
/* A fitted parameter beyond exp(+-BOUNDARY_LOG) is taken as having run off to 0 or infinity. */
#define BOUNDARY_LOG 16.0

CrSbgDataStatus
cr_sbg_check_survivors(const double *s, int n, int *pos)
{
	int			i;

	*pos = 0;
	if (n < 1)
		return CR_SBG_DATA_TOO_SHORT;
	for (i = 0; i < n; i++)
	{
		if (CR_EVERY(i, 65536))
			cr_check_interrupts();
		*pos = i;
		if (!isfinite(s[i]))
			return CR_SBG_DATA_NOT_FINITE;
		if (s[i] < 0)
			return CR_SBG_DATA_NEGATIVE;
		if (i > 0 && s[i] > s[i - 1])
			return CR_SBG_DATA_INCREASING;
	}
	*pos = 0;
	if (!(s[0] > 0))
		return CR_SBG_DATA_EMPTY_COHORT;
	return CR_SBG_DATA_OK;
}

typedef struct SbgData
{
	const double *s;			/* one cohort's survivors, possibly as shares of the cohort */
	int			n;
	/*
	 * Several cohorts (s == NULL): churn[t] customers churned at the end of period t and
	 * censored[t] were still active after period t when their cohort's observation ended,
	 * t = 1..n-1 (element 0 unused).
	 */
	const double *churn;
	const double *censored;
	double		weight;			/* the log-likelihood is weight times that of s */
} SbgData;

/*
 * Log-likelihood and its gradient in (log alpha, log beta), in the form the fitting driver takes
 * (mle.h; no analytic Hessian). P(T = t) and S(t) follow
 * the recursions of eq. 7: P(1) = alpha/(alpha+beta), P(t) = P(t-1) (beta+t-2)/(alpha+beta+t-1),
 * S(t) = S(t-1) (beta+t-1)/(alpha+beta+t-1), so one pass costs O(T) without any lgamma.
 * Several cohorts of different lengths: each churn contributes log P(t) and each customer still
 * active when observation stopped after period t contributes log S(t) (eq. 6 summed over cohorts).
 */
static double
sbg_loglik(const double *x, double *g, double *hess, void *ctx)
{
	const SbgData *d = ctx;
	double		a,
				b,
				logp,
				dpa,
				dpb,
				logs = 0,
				dsa = 0,
				dsb = 0,
				ll = 0,
				ga = 0,
				gb = 0;
	int			t,
				T = d->n - 1;

	if (!(fabs(x[0]) <= LOG_PARAM_LIMIT && fabs(x[1]) <= LOG_PARAM_LIMIT))
		return NAN;
	a = exp(x[0]);
	b = exp(x[1]);
	/* log P(1) = log(a / (a + b)) = -log1p(b / a) */
	logp = -log1p(b / a);
	dpa = b / (a * (a + b));
	dpb = -1.0 / (a + b);
	for (t = 1; t <= T; t++)
	{
		double		c = d->s ? d->s[t - 1] - d->s[t] : d->churn[t];
		double		q = a + b + t - 1;

		if (CR_EVERY(t, 65536))
			cr_check_interrupts();
		if (t > 1)
		{
			/* log((b+t-2)/(a+b+t-1)) = -log1p((a+1)/(b+t-2)) */
			logp -= log1p((a + 1) / (b + t - 2));
			dpa -= 1.0 / q;
			dpb += 1.0 / (b + t - 2) - 1.0 / q;
		}
		/* log((b+t-1)/(a+b+t-1)) = -log1p(a/(b+t-1)) */
		logs -= log1p(a / (b + t - 1));
		dsa -= 1.0 / q;
		dsb += 1.0 / (b + t - 1) - 1.0 / q;
		if (c > 0)
		{
			ll += c * logp;
			ga += c * dpa;
			gb += c * dpb;
		}
		if (d->s == NULL && d->censored[t] > 0)
		{
			ll += d->censored[t] * logs;
			ga += d->censored[t] * dsa;
			gb += d->censored[t] * dsb;
		}
	}
	if (d->s && d->s[T] > 0)
	{
		ll += d->s[T] * logs;
		ga += d->s[T] * dsa;
		gb += d->s[T] * dsb;
	}
	(void) hess;
	if (g)
	{
		g[0] = d->weight * a * ga;
		g[1] = d->weight * b * gb;
	}
	return d->weight * ll;
}

double
cr_sbg_loglik(double alpha, double beta, const double *s, int n)
{
	SbgData		d = {0};
	double		x[2];

	if (!(alpha > 0 && beta > 0) || n < 1)
		return NAN;
	d.s = s;
	d.n = n;
	d.weight = 1.0;
	x[0] = log(alpha);
	x[1] = log(beta);
	if (!(fabs(x[0]) <= LOG_PARAM_LIMIT && fabs(x[1]) <= LOG_PARAM_LIMIT))
	{
		/* Outside the optimiser's box: evaluate directly with lbeta (eq. 1 and 2). */
		double		ll = 0,
					lb = cr_lbeta(alpha, beta);
		int			t;

		for (t = 1; t < n; t++)
			if (s[t - 1] - s[t] > 0)
				ll += (s[t - 1] - s[t]) * (cr_lbeta(alpha + 1, beta + t - 1) - lb);
		if (s[n - 1] > 0)
			ll += s[n - 1] * (cr_lbeta(alpha, beta + n - 1) - lb);
		return ll;
	}
	return sbg_loglik(x, NULL, NULL, &d);
}

/*
 * Log-likelihood of the homogeneous (geometric) model, the sBG's limit as alpha, beta -> infinity
 * with alpha/(alpha+beta) fixed: theta-hat = churned / customer-periods at risk.
 */
static double
geometric_loglik(double churned, double exposure)
{
	if (churned <= 0 || churned >= exposure)
		return 0;
	{
		double		theta = churned / exposure;

		return churned * log(theta) + (exposure - churned) * log1p(-theta);
	}
}

/*
 * The fit shared by one cohort and several: starts (method of moments on the first two retention
 * rates r1, r2 when have_moments, then fixed ones), the driver, and the diagnosis of a supremum on
 * the boundary. d's counts are shares of the total (weight = scale customers); no_churn,
 * all_churned and geo_ll (geometric log-likelihood of the shares) describe the data.
 */
static int
sbg_fit_data(SbgData *d, double scale, int have_moments, double r1, double r2, int no_churn,
			 int all_churned, double geo_ll, CrSbgFit *out)
{
	CrMleProblem prob = {.loglik = sbg_loglik, .ctx = d, .n = 2, .analytic_hessian = 0,
		.starts = NULL, .nstarts = 0, .total_weight = 0};
	CrMleResult res;
	double		starts[4][2];
	int			nstarts = 0;
	double		best_x[2];

	/*
	 * Starting values by the method of moments on the first two retention rates (eq. 4 at
	 * t = 1, 2): r1 = beta/(alpha+beta), r2 = (beta+1)/(alpha+beta+1), so alpha + beta =
	 * (1 - r2)/(r2 - r1) when r2 > r1. Then a few fixed starts for safety.
	 */
	if (have_moments && r2 > r1 && r1 < 1 && r2 < 1)
	{
		double		m = (1 - r2) / (r2 - r1);
		double		a0 = fmin(fmax((1 - r1) * m, 1e-3), 1e3),
					b0 = fmin(fmax(r1 * m, 1e-3), 1e3);

		starts[nstarts][0] = log(a0);
		starts[nstarts][1] = log(b0);
		nstarts++;
	}
	starts[nstarts][0] = 0;
	starts[nstarts][1] = 0;
	nstarts++;
	starts[nstarts][0] = log(0.5);
	starts[nstarts][1] = log(5.0);
	nstarts++;
	starts[nstarts][0] = log(5.0);
	starts[nstarts][1] = log(0.5);
	nstarts++;

	prob.starts = &starts[0][0];
	prob.nstarts = nstarts;
	prob.total_weight = scale;
	cr_mle_fit(&prob, &res);
	if (!isfinite(res.loglik))
		return -1;
	best_x[0] = res.x[0];
	best_x[1] = res.x[1];
	out->alpha = exp(best_x[0]);
	out->beta = exp(best_x[1]);
	out->loglik = res.loglik;	/* of the whole cohort */
	out->iterations = res.iterations;

	/* Data whose likelihood has its supremum on the boundary of the parameter space. */
	if (no_churn)
		out->problem = CR_SBG_FIT_NO_CHURN;
	else if (all_churned)
		out->problem = CR_SBG_FIT_ALL_CHURNED;
	else if (fabs(best_x[0]) > BOUNDARY_LOG || fabs(best_x[1]) > BOUNDARY_LOG)
		out->problem = (best_x[0] > BOUNDARY_LOG && best_x[1] > BOUNDARY_LOG)
			? CR_SBG_FIT_NO_HETEROGENEITY : CR_SBG_FIT_BOUNDARY;
	else if (res.status != CR_MLE_CONVERGED)
		out->problem = CR_SBG_FIT_OPTIMIZER;
	else
		out->problem = CR_SBG_FIT_OK;

	if (out->problem == CR_SBG_FIT_OK)
	{
		if (res.se_ok && isfinite(res.se[0]) && isfinite(res.se[1]))
		{
			out->se_alpha = res.se[0];
			out->se_beta = res.se[1];
			memcpy(out->cov, res.cov, sizeof(out->cov));
			out->has_se = 1;
		}
		else if (res.loglik / scale <= geo_ll + 1e-9 * fmax(1.0, fabs(res.loglik / scale)))
		{
			/*
			 * A flat likelihood that only matches the constant-churn model: the optimiser
			 * stopped somewhere along the ridge alpha, beta -> infinity.
			 */
			out->problem = CR_SBG_FIT_NO_HETEROGENEITY;
		}
		else
			out->problem = CR_SBG_FIT_BOUNDARY;
	}
	out->converged = (out->problem == CR_SBG_FIT_OK);
	if (out->has_se && !(isfinite(out->se_alpha) && isfinite(out->se_beta)))
		out->has_se = 0;
	return 0;
}

static void
sbg_fit_init(CrSbgFit *out, int T)
{
	memset(out, 0, sizeof(*out));
	out->alpha = out->beta = out->loglik = NAN;
	out->n_periods = T > 0 ? T : 0;
	out->problem = CR_SBG_FIT_OPTIMIZER;
}

int
cr_sbg_fit(const double *s, int n, CrSbgFit *out)
{
	SbgData		d = {0};
	int			i,
				rc;
	int			T = n - 1;
	double		scale,
				exposure = 0,
			   *u;

	sbg_fit_init(out, T);
	if (n < 3)
	{
		/* One period identifies only alpha/(alpha+beta), none identifies nothing. */
		out->problem = CR_SBG_FIT_TOO_FEW_PERIODS;
		return 0;
	}
	/*
	 * Fit the survivors as shares of the cohort: LL(k s) = k LL(s), so alpha and beta do not
	 * change, and the likelihood sums numbers of order one whatever the cohort size (1e-300 or
	 * 1e300 customers would otherwise underflow or overflow); weight = s[0] makes it the cohort's
	 * log-likelihood again, which the driver divides by the same total weight.
	 */
	scale = s[0];
	u = cr_malloc(sizeof(double) * n);
	if (u == NULL)
		return -1;
	for (i = 0; i < n; i++)
		u[i] = s[i] / scale;
	d.s = u;
	d.n = n;
	d.weight = scale;			/* so the log-likelihood is the cohort's own */
	for (i = 0; i < n - 1; i++)
		exposure += u[i];
	rc = sbg_fit_data(&d, scale, u[1] > 0 && u[2] > 0, u[1] / u[0], u[2] / u[1],
					  u[T] == u[0], u[1] == 0, geometric_loglik(u[0] - u[n - 1], exposure), out);
	cr_free(u);
	return rc;
}

int
cr_sbg_fit_cohorts(const double *const *s, const int *n, int k, CrSbgFit *out)
{
	SbgData		d = {0};
	int			i,
				t,
				rc,
				T = 0;
	double		scale = 0,
				churned = 0,
				exposure = 0,
			   *buf,
			   *churn,
			   *censored,
			   *at_risk;

	for (i = 0; i < k; i++)
	{
		if (n[i] - 1 > T)
			T = n[i] - 1;
		scale += s[i][0];
	}
	sbg_fit_init(out, T);
	if (T < 2)
	{
		out->problem = CR_SBG_FIT_TOO_FEW_PERIODS;
		return 0;
	}
	buf = cr_malloc(sizeof(double) * 3 * (T + 1));
	if (buf == NULL)
		return -1;
	churn = buf;
	censored = buf + T + 1;
	at_risk = buf + 2 * (T + 1);
	for (t = 0; t <= T; t++)
		churn[t] = censored[t] = at_risk[t] = 0;
	/* Per period t: at risk at its start, churned at its end, observed no further (shares). */
	for (i = 0; i < k; i++)
	{
		int			Ti = n[i] - 1;

		cr_check_interrupts();
		for (t = 1; t <= Ti; t++)
		{
			at_risk[t] += s[i][t - 1] / scale;
			churn[t] += (s[i][t - 1] - s[i][t]) / scale;
		}
		if (Ti >= 1)
			censored[Ti] += s[i][Ti] / scale;
	}
	for (t = 1; t <= T; t++)
	{
		churned += churn[t];
		exposure += at_risk[t];
	}
	d.n = T + 1;
	d.churn = churn;
	d.censored = censored;
	d.weight = scale;
	rc = sbg_fit_data(&d, scale, at_risk[1] > 0 && at_risk[2] > 0,
					  1 - churn[1] / at_risk[1], 1 - churn[2] / at_risk[2],
					  churned == 0, at_risk[2] == 0 && censored[1] == 0,
					  geometric_loglik(churned, exposure), out);
	cr_free(buf);
	return rc;
}

double
cr_sbg_survival(double alpha, double beta, double t)
{
	if (!(alpha > 0 && beta > 0 && t >= 0) || !isfinite(t))
		return NAN;
	if (t == 0)
		return 1.0;
	if (t <= SURVIVAL_SUM_LIMIT && t == floor(t))
	{
		/*
		 * log S(t) = sum_{i=1..t} log r(i) = -sum log1p(alpha / (beta + i - 1)) (eq. 7): exact to
		 * rounding, where the lbeta difference below loses ~1e-8 to cancellation once beta is
		 * large (lgamma values of 1e8 cancelling to a difference of 1e-7).
		 */
		double		ls = 0;
		int			i,
					n = (int) t;

		for (i = 1; i <= n; i++)
			ls -= log1p(alpha / (beta + i - 1));
		return exp(ls);
	}
	/* log S(t) <= 0; rounding in the lbeta difference must not lift it above. */
	return exp(fmin(0.0, cr_lbeta(alpha, beta + t) - cr_lbeta(alpha, beta)));
}

double
cr_sbg_retention_rate(double alpha, double beta, double t)
{
	if (!(alpha > 0 && beta > 0 && t >= 1) || !isfinite(t))
		return NAN;
	/* (beta + t - 1) / (alpha + beta + t - 1), written so that it stays in (0, 1]. */
	return 1.0 / (1.0 + alpha / (beta + t - 1));
}

double
cr_sbg_churn_probability(double alpha, double beta, double t)
{
	if (!(alpha > 0 && beta > 0 && t >= 1) || !isfinite(t))
		return NAN;
	/*
	 * P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta) = S(t - 1) * alpha / (alpha + beta
	 * + t - 1), i.e. S(t - 1)(1 - r(t)): a product of two numbers in [0, 1], which the plain
	 * lbeta difference is not once alpha dwarfs beta (cancellation between large lgammas).
	 */
	return cr_sbg_survival(alpha, beta, t - 1) / (1.0 + (beta + t - 1) / alpha);
}

double
cr_sbg_derl(double alpha, double beta, double d, double renewals)
{
	double		n = renewals + 1,
				lf;
	int			sign = 0;

	if (!(alpha > 0 && beta > 0 && d > 0 && renewals >= 0)
		|| !isfinite(alpha) || !isfinite(beta) || !isfinite(d) || !isfinite(renewals))
		return NAN;
	/*
	 * Fader & Hardie (2010), eq. 6: DERL = B(alpha, beta + n) / B(alpha, beta + n - 1)
	 * * 2F1(1, beta + n; alpha + beta + n; 1/(1+d)), and the ratio of beta functions is
	 * (beta + n - 1) / (alpha + beta + n - 1). Every term of the series is positive.
	 */
	/*
	 * A discount rate below the double precision of 1 makes z = 1 exactly: Gauss's theorem
	 * gives the undiscounted (beta + n - 1)/(alpha - 1) when alpha > 1, and the expected
	 * lifetime is infinite otherwise.
	 */
	if (1.0 / (1.0 + d) >= 1.0 && alpha <= 1)
		return INFINITY;
	lf = cr_log_hyp2f1(1.0, beta + n, alpha + beta + n, 1.0 / (1.0 + d), &sign);
	if (isnan(lf) || sign <= 0)
		return NAN;
	return exp(lf - log1p(alpha / (beta + n - 1)));
}

int
cr_sbg_derl_in_range(double alpha, double beta, double renewals)
{
	return alpha + beta + renewals + 1 <= CR_HYP2F1_MAX_PARAM;
}
