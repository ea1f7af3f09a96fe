/*
 * sbg.h — the shifted-beta-geometric (sBG) model of contractual retention (pure C, no
 * PostgreSQL). Fader & Hardie (2007), "How to project customer retention", Journal of
 * Interactive Marketing 21(1); Fader & Hardie (2010), "Customer-base valuation in a contractual
 * setting: the perils of ignoring heterogeneity", Marketing Science 29(1).
 *
 * Each customer churns at the end of any period with probability theta (the same every period
 * for that customer); theta ~ Beta(alpha, beta) across the cohort. Periods are counted 1, 2, ...
 * from the start of the contract; "survivors" s[0..T] are the customers still active at the start
 * of each period, s[0] being the cohort size.
 */
#ifndef CR_SBG_H
#define CR_SBG_H

/* Outcome of checking a survivors array (position = 0-based index of the offending element). */
typedef enum CrSbgDataStatus
{
	CR_SBG_DATA_OK = 0,
	CR_SBG_DATA_TOO_SHORT,		/* no element at all */
	CR_SBG_DATA_NOT_FINITE,		/* NaN or infinite element */
	CR_SBG_DATA_NEGATIVE,		/* an element < 0 */
	CR_SBG_DATA_INCREASING,		/* s[pos] > s[pos - 1] */
	CR_SBG_DATA_EMPTY_COHORT	/* s[0] == 0 */
} CrSbgDataStatus;

/* Why a fit is flagged as not converged (converged == 0). */
typedef enum CrSbgFitProblem
{
	CR_SBG_FIT_OK = 0,
	CR_SBG_FIT_NO_CHURN,		/* nobody churned: beta/alpha unbounded */
	CR_SBG_FIT_ALL_CHURNED,		/* everybody churned in period 1: beta -> 0 */
	CR_SBG_FIT_NO_HETEROGENEITY,	/* alpha, beta -> infinity: constant churn rate */
	CR_SBG_FIT_BOUNDARY,		/* a parameter ran to 0 or infinity for another reason */
	CR_SBG_FIT_OPTIMIZER,		/* the optimiser stopped (iteration limit, failed line search) */
	CR_SBG_FIT_TOO_FEW_PERIODS	/* fewer than 2 periods: alpha and beta are not identified */
} CrSbgFitProblem;

typedef struct CrSbgFit
{
	double		alpha;
	double		beta;
	double		loglik;			/* at (alpha, beta), including every period's term */
	double		se_alpha;		/* valid when has_se */
	double		se_beta;
	int			has_se;
	double		cov[4];			/* covariance of log(alpha, beta), 2x2 row-major (when has_se) */
	int			n_periods;		/* T = number of survivors - 1 */
	int			converged;		/* 1 when problem == CR_SBG_FIT_OK */
	CrSbgFitProblem problem;
	int			iterations;		/* Newton iterations over the starts tried */
} CrSbgFit;

/*
 * Check s[0..n-1]; returns the status and, when not OK, the 0-based offending position in *pos.
 * Counts may be fractional (survivors per 1,000 as published).
 */
extern CrSbgDataStatus cr_sbg_check_survivors(const double *s, int n, int *pos);

/*
 * Log-likelihood of survivors s[0..n-1] under sBG(alpha, beta) (Fader & Hardie 2007, eq. 5/6):
 *   LL = sum_{t=1..T} (s[t-1] - s[t]) log P(T = t) + s[T] log S(T).
 * The data must have passed cr_sbg_check_survivors. NaN when alpha or beta is not > 0.
 */
extern double cr_sbg_loglik(double alpha, double beta, const double *s, int n);

/*
 * Maximum-likelihood fit (mle.h: Newton in log-parameter space, analytic gradient, several starts).
 * The data must have passed cr_sbg_check_survivors. With fewer than 3 elements (2 periods) the
 * parameters are not identified: problem = CR_SBG_FIT_TOO_FEW_PERIODS and alpha, beta, loglik
 * are NaN. Returns 0, or -1 when no start gave a finite likelihood (then also NaN, problem =
 * CR_SBG_FIT_OPTIMIZER). Otherwise alpha, beta, loglik are finite; converged says whether they
 * are an interior maximum (see CrSbgFitProblem).
 */
extern int	cr_sbg_fit(const double *s, int n, CrSbgFit *out);

/*
 * One (alpha, beta) for k cohorts observed for different numbers of periods: cohort i's
 * survivors s[i][0..n[i]-1], each passed by cr_sbg_check_survivors. The log-likelihood is the sum
 * of the cohorts' (eq. 6 each), so cohorts of equal length fit as their element-wise sum would.
 * n_periods is the longest cohort's; otherwise as cr_sbg_fit. The sums run in the order given.
 */
extern int	cr_sbg_fit_cohorts(const double *const *s, const int *n, int k, CrSbgFit *out);

/* S(t) = B(alpha, beta + t) / B(alpha, beta): probability of still being active after t
 * periods (t >= 0; S(0) = 1). Eq. 2 of Fader & Hardie (2007). */
extern double cr_sbg_survival(double alpha, double beta, double t);

/* r(t) = (beta + t - 1) / (alpha + beta + t - 1): share of those active in period t - 1 who
 * renew into period t (t >= 1). Eq. 4. */
extern double cr_sbg_retention_rate(double alpha, double beta, double t);

/* P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta): probability that a new customer's
 * last period is t, i.e. churns at the end of period t (t >= 1). Eq. 1. */
extern double cr_sbg_churn_probability(double alpha, double beta, double t);

/*
 * Discounted expected residual lifetime of a customer who has made `renewals` (= n - 1)
 * renewals, at discount rate d > 0 per period (Fader & Hardie 2010, eq. 6):
 *   DERL = (beta + n - 1) / (alpha + beta + n - 1) * 2F1(1, beta + n; alpha + beta + n; 1/(1+d)),
 * in periods (multiply by the payment per period for the discounted expected residual value).
 * +Infinity when d is too small to tell 1/(1+d) from 1 and alpha <= 1 (the undiscounted
 * expected lifetime is infinite). Returns NaN outside the domain (alpha, beta, d not > 0,
 * renewals < 0) and when
 * alpha + beta + renewals + 1 exceeds CR_HYP2F1_MAX_PARAM (see cr_sbg_derl_in_range).
 */
extern double cr_sbg_derl(double alpha, double beta, double d, double renewals);

/* Whether cr_sbg_derl can evaluate these parameters (2F1's parameter limit). */
extern int	cr_sbg_derl_in_range(double alpha, double beta, double renewals);

#endif							/* CR_SBG_H */
