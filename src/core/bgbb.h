/*
 * bgbb.h — the beta-geometric/beta-binomial model of discrete-time noncontractual customers
 * (Fader, Hardie & Shang 2010, "Customer-base analysis in a discrete-time noncontractual
 * setting", Marketing Science 29(6)): log-likelihood with analytic gradient, maximum-likelihood
 * fit, predictions, discounted expected residual transactions, simulation. Pure C.
 *
 * At each of n transaction opportunities (periods) after the first purchase, a customer still
 * alive dies first with probability theta ~ Beta(gamma, delta) and, if alive, transacts with
 * probability p ~ Beta(alpha, beta). A customer is (x, t_x, n): x transactions in the n
 * opportunities, the last at opportunity t_x (0 when x = 0); whole numbers, x <= t_x <= n.
 */
#ifndef CR_BGBB_H
#define CR_BGBB_H

#include <stdint.h>

#include "mle.h"
#include "rng.h"

typedef struct CrBgbbParams
{
	double		alpha;
	double		beta;
	double		gamma;
	double		delta;
} CrBgbbParams;


/* The data of a fit: n distinct customers with weights w > 0, arrays owned by the caller. */
typedef struct CrBgbbData
{
	int64_t		n;
	const double *x;
	const double *tx;
	const double *np;			/* number of opportunities n */
	const double *w;
} CrBgbbData;

/* Log-likelihood of all the data at theta = log(alpha, beta, gamma, delta); grad when not NULL. */
extern double cr_bgbb_data_loglik(const CrBgbbData *d, const double *theta, double *grad);

/*
 * Maximum-likelihood fit (mle.h) from alpha = beta = gamma = delta = 1:
 * m->x = log(alpha, beta, gamma, delta), m->se their standard errors.
 */
extern void cr_bgbb_fit(const CrBgbbData *d, CrMleResult *m);

/* One customer's log-likelihood (FHS 2010 eq. 5). */
extern double cr_bgbb_loglik(const CrBgbbParams *p, double x, double tx, double n);

/* P(alive at opportunity n + 1 | x, t_x, n) (FHS 2010 eq. 11). */
extern double cr_bgbb_p_alive(const CrBgbbParams *p, double x, double tx, double n);

/* E[X(n, n + nstar) | x, t_x, n]: transactions expected in the next nstar opportunities (eq. 13). */
extern double cr_bgbb_expected(const CrBgbbParams *p, double nstar, double x, double tx, double n);

/* E[X(n)] for a customer just acquired: transactions in the first n opportunities (eq. 8). */
extern double cr_bgbb_expected_new(const CrBgbbParams *p, double n);

/* P(X(n) = k) for a customer just acquired (eq. 7). */
extern double cr_bgbb_prob_purchases_new(const CrBgbbParams *p, double n, double k);

/*
 * P(X(n, n + nstar) = k | x, t_x, n): given alive at n the posterior is BG/BB with
 * (alpha + x, beta + n - x, gamma, delta + n), so (k = 0)(1 - P(alive at n)) + P(alive at n)
 * P_new(k).
 */
extern double cr_bgbb_prob_purchases(const CrBgbbParams *p, double nstar, double k,
									 double x, double tx, double n);

/*
 * Discounted expected residual transactions at discount rate d per period (FHS 2010 eq. 14):
 *   B(alpha+x+1, beta+n-x)/B(alpha,beta) B(gamma, delta+n+1)/(B(gamma,delta)(1+d))
 *   2F1(1, delta+n+1; gamma+delta+n+1; 1/(1+d)) / L.
 */
extern double cr_bgbb_dert(const CrBgbbParams *p, double x, double tx, double n, double d);

/*
 * Customer lifetime value by the shared sum of clv.h over the next periods opportunities, each
 * discounted by (1 + discount_rate)^i, times spend per transaction. NaN when out of range.
 */
extern double cr_bgbb_clv(const CrBgbbParams *p, double x, double tx, double n, double spend,
						  int periods, double discount_rate);

/* Draw one customer with n opportunities: frequency and recency. */
extern void cr_bgbb_simulate(CrRng *rng, const CrBgbbParams *p, int64_t n, double *x, double *tx);

#endif							/* CR_BGBB_H */
