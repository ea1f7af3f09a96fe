/*
 * pareto_nbd.h — the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987; expressions from
 * Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related expressions", and
 * Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves", JMR 42(4)): log-likelihood
 * with analytic gradient, maximum-likelihood fit on a histogram of distinct customers,
 * predictions, discounted expected residual transactions, simulation. Pure C.
 *
 * While alive a customer buys at rate lambda ~ Gamma(r, alpha) (Poisson purchases) and dies at
 * rate mu ~ Gamma(s, beta) (exponential lifetime). A customer is (x, t_x, T): x repeat
 * purchases, the last at t_x, observed for T since the first purchase (0 <= t_x <= T). Any time
 * unit, the same throughout: alpha and beta are in that unit, horizons and discount rates too.
 */
#ifndef CR_PARETO_NBD_H
#define CR_PARETO_NBD_H

#include <stdint.h>

#include "mle.h"
#include "rng.h"

typedef struct CrParetoNbdParams
{
	double		r;
	double		alpha;
	double		s;
	double		beta;
} CrParetoNbdParams;

/*
 * The data of a fit: n distinct customers (x, t_x, T) with weights w > 0, arrays owned by the
 * caller. cr_pareto_nbd_data_init groups the integrals of the likelihood by the distinct pairs
 * (x, t) with t a recency or an age, so each is computed once per evaluation.
 */
typedef struct CrParetoNbdData
{
	int64_t		n;
	const double *x;
	const double *tx;
	const double *T;
	const double *w;
	int64_t		npairs;
	double	   *px;				/* pair: x */
	double	   *pt;				/* pair: t */
	int32_t    *ia;				/* row -> pair (x, t_x) */
	int32_t    *ib;				/* row -> pair (x, T) */
	double	   *pbuf;			/* per-pair scratch */
	double		total_weight;
	double		repeat_weight;	/* weight of customers with x > 0 */
	double		sum_wx;
	double		sum_wT;
} CrParetoNbdData;

/* Returns 0, or -1 when out of memory or too many distinct rows (nothing left allocated). */
extern int	cr_pareto_nbd_data_init(CrParetoNbdData *d, int64_t n, const double *x,
									const double *tx, const double *T, const double *w);
extern void cr_pareto_nbd_data_free(CrParetoNbdData *d);

/*
 * Log-likelihood of all the data at theta = log(r, alpha, s, beta); fills grad (d LL / d theta)
 * when not NULL. NaN when the parameters are outside what can be evaluated (|theta| > 30).
 */
extern double cr_pareto_nbd_data_loglik(const CrParetoNbdData *d, const double *theta,
										double *grad);


/*
 * Maximum-likelihood fit (mle.h): m->x = log(r, alpha, s, beta), m->se their
 * standard errors. The start is chosen here.
 */
extern void cr_pareto_nbd_fit(const CrParetoNbdData *d, CrMleResult *m);

/* One customer's log-likelihood (Fader & Hardie 2005 note, eq. 18-20). */
extern double cr_pareto_nbd_loglik(const CrParetoNbdParams *p, double x, double tx, double T);

/* P(alive at T | x, t_x, T) (note eq. 36-37). */
extern double cr_pareto_nbd_p_alive(const CrParetoNbdParams *p, double x, double tx, double T);

/* E[X(T, T + t] | x, t_x, T], expected repeat purchases in the next t (note eq. 41). */
extern double cr_pareto_nbd_expected(const CrParetoNbdParams *p, double t, double x, double tx,
									 double T);

/* E[X(t)] for a customer just acquired (note eq. 27). */
extern double cr_pareto_nbd_expected_new(const CrParetoNbdParams *p, double t);

/* P(X(t) = k) for a customer just acquired; NaN when the quadrature fails. */
extern double cr_pareto_nbd_prob_purchases_new(const CrParetoNbdParams *p, double t, double k);

/*
 * P(X(T, T + t] = k | x, t_x, T): given alive at T the posterior is again Pareto/NBD with
 * (r + x, alpha + T, s, beta + T), so it is (k = 0)(1 - P(alive)) + P(alive) P_new(k).
 */
extern double cr_pareto_nbd_prob_purchases(const CrParetoNbdParams *p, double t, double k,
										   double x, double tx, double T);

/*
 * Discounted expected residual transactions with continuous discount rate delta per time unit
 * (Fader, Hardie & Lee 2005 JMR, eq. 2):
 *   DERT = P(alive) (r+x)/(alpha+T) (beta+T) z^(s-1) U(s, s; z),  z = delta (beta + T).
 */
extern double cr_pareto_nbd_dert(const CrParetoNbdParams *p, double x, double tx, double T,
								 double delta);

/*
 * Customer lifetime value by the shared sum of clv.h: expected purchases in each of periods
 * periods of length period_length (time unit of T) times spend, discounted by
 * (1 + discount_rate)^i. NaN when an argument is out of range.
 */
extern double cr_pareto_nbd_clv(const CrParetoNbdParams *p, double x, double tx, double T,
								double spend, int periods, double period_length,
								double discount_rate);

/*
 * Draw one customer observed for T: frequency and recency. resolution > 0 rounds the recency
 * to that grid (e.g. 1/7 week for day-granular data), never beyond T.
 */
extern void cr_pareto_nbd_simulate(CrRng *rng, const CrParetoNbdParams *p, double T,
								   double resolution, double *x, double *tx);

/*
 * One customer's log-likelihood at theta = log(r, alpha, s, beta) with its gradient in theta
 * (when not NULL): the per-row term of cr_pareto_nbd_data_loglik. NaN as that function.
 */
extern double cr_pareto_nbd_row_loglik(const double *theta, double x, double tx, double T,
									   double *grad);

#endif							/* CR_PARETO_NBD_H */
