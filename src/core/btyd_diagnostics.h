/*
 * btyd_diagnostics.h — what a fitted model says about itself and about one customer beyond the
 * point predictions: the covariance of the estimates on their own scale, AIC and BIC, and for
 * BG/NBD and MBG/NBD the conditional distribution of future purchases and DERT. Pure C.
 */
#ifndef CR_BTYD_DIAGNOSTICS_H
#define CR_BTYD_DIAGNOSTICS_H

#include <stdint.h>

#include "bgnbd.h"

/*
 * Covariance of the parameters theta = exp(x) from the covariance of x (the optimiser's log
 * scale), by the delta method: cov(theta_i, theta_j) = theta_i theta_j cov(x_i, x_j), which is
 * exact for the linearisation the standard errors already use. Fills cov (k x k) and corr
 * (k x k, NULL to skip). Returns 0, or -1 when a variance is not positive and finite.
 */
extern int	cr_diag_natural_covariance(int k, const double *theta, const double *logcov,
									   double *cov, double *corr);

/* AIC = 2k - 2LL (Akaike 1974); BIC = k ln(n) - 2LL (Schwarz 1978), n the customers. */
extern double cr_diag_aic(double loglik, int k);
extern double cr_diag_bic(double loglik, int k, double n);

/*
 * P(X(T, T+t] = n | x, t_x, T): the probability that a customer with this history makes exactly
 * n purchases in the next t. A customer still alive at T is, by the memorylessness of the
 * Poisson purchases, a customer just acquired whose (lambda, p) follow the posterior given
 * "alive": lambda ~ Gamma(r+x, alpha+T), p ~ Beta(a, b+x+s) (s = 1 for MBG/NBD, which spent one
 * more survival chance at time 0). So
 *   P(n) = P(alive) P_new(n | r+x, alpha+T, a, b+x+s) + [n = 0] (1 - P(alive)),
 * with P_new the BG/NBD probability for a new customer (FHL 2005 eq. 8), the alive customer
 * dropping out only after future purchases in both variants. NaN on invalid input.
 */
extern double cr_bgnbd_prob_purchases_cond_variant(CrBgnbdVariant v, const CrBgnbdParams *p,
												   double t, int64_t n, double x, double tx,
												   double T);

/*
 * DERT: discounted expected residual transactions, sum over the purchases after T of
 * exp(-delta (time - T)), delta > 0 the continuous discount rate per time unit. A customer alive
 * with (lambda, p) purchases at rate lambda while alive and is alive at time u with probability
 * exp(-lambda p u) (dropouts are the p-thinned purchase process), so the individual DERT is
 * lambda / (lambda p + delta). Over the posterior given alive (see above), after integrating p
 * in closed form (Euler's integral of 2F1, then Pfaff's transformation),
 *   E_p[lambda / (lambda p + delta)] = y 2F1(1, b'; a+b'; y),  y = lambda / (lambda + delta),
 * and lambda by adaptive quadrature over y in (0, 1). DERT = P(alive) times that. NaN on
 * invalid input or when the quadrature fails.
 */
extern double cr_bgnbd_dert_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double x,
									double tx, double T, double delta);

#endif							/* CR_BTYD_DIAGNOSTICS_H */
