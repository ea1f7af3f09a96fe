/*
 * bgnbd.h — the BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy
 * way") and the engine it shares with MBG/NBD (mbgnbd.h): log-likelihood, analytic gradient,
 * maximum-likelihood fit on a histogram of distinct customers, and predictions. Pure C.
 *
 * A customer is (x, t_x, T): x repeat purchases (a whole number), the last at t_x, observed for
 * T since the first purchase (0 <= t_x <= T; t_x = 0 when x = 0). Any time unit, as long as the
 * same one is used throughout: alpha is in that unit, horizons t are in that unit.
 */
#ifndef CR_BGNBD_H
#define CR_BGNBD_H

#include <stdint.h>

#include "mle.h"
#include "rng.h"

/* Parameters of the BG/NBD and MBG/NBD models, all > 0. */
typedef struct CrBgnbdParams
{
	double		r;
	double		alpha;
	double		a;
	double		b;
} CrBgnbdParams;

/* The two variants share one likelihood with a shift: MBG/NBD has one more drop-out chance. */
typedef enum CrBgnbdVariant
{
	CR_BGNBD = 0,				/* drop-out after each repeat purchase (FHL 2005) */
	CR_MBGNBD = 1				/* ... and right after the first purchase (Batislam et al. 2007) */
} CrBgnbdVariant;

/*
 * The data of a fit: n distinct customers (x, t_x, T) with weights w > 0 (numbers of
 * customers), arrays owned by the caller, plus the grouping by distinct x built by
 * cr_btyd_data_init (the terms of the likelihood that depend only on x are computed once per
 * distinct x).
 */
/*
 * Customers who joined in cohorts (one first-purchase date, or a few hundred daily ones) share
 * T; the likelihood's terms in T alone are then computed once per distinct T and sweep.
 */
#define CR_BTYD_MAX_T_GROUPS 4096

typedef struct CrBtydData
{
	int64_t		n;
	const double *x;
	const double *tx;
	const double *T;
	const double *w;
	int32_t    *group;			/* row -> index of its distinct x */
	int64_t		ngroups;
	double	   *gx;				/* distinct x values */
	double	   *gweight;		/* per group: the total weight of its rows */
	double	   *gbuf;			/* per-group scratch, 8 doubles per group */
	int32_t    *tgroup;			/* row -> index of its distinct T, or NULL when T takes more
								 * than CR_BTYD_MAX_T_GROUPS values */
	int64_t		ntgroups;
	double	   *gT;				/* distinct T values */
	double	   *tbuf;			/* per-T scratch, 3 doubles per distinct T */
	double		total_weight;
	double		repeat_weight;	/* weight of customers with x > 0 */
	double		sum_wx;			/* sum of w * x */
	double		max_T;
} CrBtydData;

/* Returns 0, or -1 when out of memory (then nothing is left allocated). */
extern int	cr_btyd_data_init(CrBtydData *d, int64_t n, const double *x, const double *tx,
							  const double *T, const double *w);
extern void cr_btyd_data_free(CrBtydData *d);

/* The result of a maximum-likelihood fit. */
typedef struct CrBtydFit
{
	CrBgnbdParams p;
	CrBgnbdParams se;			/* standard errors (delta method from the Hessian) */
	int			se_ok;			/* 0 when the Hessian is not positive definite: se unknown */
	double		cov[16];		/* covariance of log(r, alpha, a, b), 4x4 row-major (when se_ok) */
	double		loglik;
	int			iterations;
	int			converged;
	CrMleStatus status;
	int			diverged;		/* index of a parameter running off to 0 or infinity, or -1 */
	int			flat;			/* the gradient vanished but the Hessian is not positive
								 * definite: the maximum is not identified (converged = 0) */
} CrBtydFit;


/*
 * Log-likelihood of all the data at theta = log(r, alpha, a, b); fills grad (d LL / d theta,
 * 4 values) and hess (d2 LL / d theta2, 4x4 row-major) when not NULL. Returns NaN only when
 * the parameters overflow.
 */
extern double cr_bgnbd_data_loglik(CrBgnbdVariant v, const CrBtydData *d, const double *theta,
								   double *grad, double *hess);

/* Fit by maximum likelihood (log-parameter space, damped Newton with the analytic Hessian). Returns 0, or -1 when out of memory. */
extern int	cr_bgnbd_fit_variant(CrBgnbdVariant v, const CrBtydData *d, CrBtydFit *fit);
#define cr_bgnbd_fit(d, fit) cr_bgnbd_fit_variant(CR_BGNBD, (d), (fit))

/* One customer's log-likelihood (FHL 2005 eq. 6; Batislam et al. 2007 eq. 3 for MBG/NBD). */
extern double cr_bgnbd_loglik_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double x,
									  double tx, double T);

/* P(alive | x, t_x, T) (FHL's note "Computing P(alive) using the BG/NBD model"). */
extern double cr_bgnbd_p_alive_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double x,
									   double tx, double T);

/*
 * E[X(T, T + t] | x, t_x, T]: expected repeat purchases in the next t (FHL 2005 eq. 10; Wagner
 * & Hoppe 2008 for MBG/NBD). With x = t_x = T = 0 it is the expectation of a new customer,
 * E[X(t)] (eq. 7) for BG/NBD.
 */
extern double cr_bgnbd_expected_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double t,
										double x, double tx, double T);

/*
 * The same at n increasing horizons t[0] < t[1] < ... at once (the series terms are shared).
 * Returns 0, or -1 when out of memory.
 */
extern int	cr_bgnbd_expected_many_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double x,
										   double tx, double T, const double *t, int n,
										   double *out);

/*
 * Customer lifetime value (clv.h): the conditional expected purchases of each of `periods`
 * periods of length period_length (the model's time unit) times spend, discounted at
 * discount_rate per period. NaN when an argument is out of range.
 */
extern double cr_bgnbd_clv_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double x, double tx,
								   double T, double spend, int periods, double period_length,
								   double discount_rate);

/* E[X(t)] of a customer just acquired (FHL 2005 eq. 7; Wagner & Hoppe 2008 for MBG/NBD). */
extern double cr_bgnbd_expected_new_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double t);

/* P(X(t) = n) for a customer just acquired (FHL 2005 eq. 8). */
extern double cr_bgnbd_prob_purchases_variant(CrBgnbdVariant v, const CrBgnbdParams *p,
											  double t, int64_t n);

/* A simulated customer making more purchases than this is an error (the time unit is off). */
#define CR_BTYD_SIM_MAX_PURCHASES 1000000

/*
 * Draw one customer from the model and summarise the observation (0, T]: the first purchase is
 * at 0; *x repeat purchases, the last at *tx. With resolution > 0 the summary is step-granular
 * (steps of that length, e.g. days) as rfm_summary makes it from dated transactions: the first
 * purchase falls at a uniform time within its step, purchases in one step count once, recency
 * and T count whole steps and the observation includes the step T. resolution = 0 keeps exact
 * times. Returns 0, or -1 when the customer would
 * make more than CR_BTYD_SIM_MAX_PURCHASES purchases.
 */
extern int	cr_bgnbd_simulate_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double T,
									  double resolution, CrRng *rng, int64_t *x, double *tx);

/*
 * One customer's log-likelihood at theta = log(r, alpha, a, b) with its gradient and Hessian in
 * theta (4 and 4x4 row-major, when not NULL): the per-row term of cr_bgnbd_data_loglik.
 */
extern double cr_bgnbd_row_loglik(CrBgnbdVariant v, const double *theta, double x, double tx,
								  double T, double *grad, double *hess);

#endif							/* CR_BGNBD_H */
