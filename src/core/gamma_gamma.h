/*
 * gamma_gamma.h — the Gamma-Gamma model of monetary value (Fader, Hardie & Lee 2005, "RFM and
 * CLV: using iso-value curves for customer base analysis", JMR 42(4); Hardie's note "The
 * Gamma-Gamma model of monetary value", 2013). Pure C.
 *
 * A customer's spend per transaction is Gamma(p, nu), nu ~ Gamma(q, v) across customers. A
 * customer is summarised by x > 0 repeat transactions and their mean spend m > 0.
 */
#ifndef CR_GAMMA_GAMMA_H
#define CR_GAMMA_GAMMA_H

#include <stdint.h>

#include "bgnbd.h"

typedef struct CrGammaGammaParams
{
	double		p;
	double		q;
	double		v;
} CrGammaGammaParams;

typedef struct CrGammaGammaFit
{
	CrGammaGammaParams par;
	CrGammaGammaParams se;
	int			se_ok;
	double		cov[9];			/* covariance of log(p, q, v), 3x3 row-major (when se_ok) */
	double		loglik;
	int			iterations;
	int			converged;
	CrMleStatus status;
	int			diverged;		/* index of a parameter running off to 0 or infinity, or -1 */
	int			flat;			/* gradient vanished, Hessian not positive definite */
} CrGammaGammaFit;

/*
 * Log-likelihood of one customer's mean spend m over x transactions (density of the mean).
 */
extern double cr_gamma_gamma_loglik(const CrGammaGammaParams *par, double x, double m);

/*
 * Log-likelihood of the data at theta = log(p, q, v), with gradient and Hessian in theta when
 * not NULL. The data are a CrBtydData built with x = frequency and tx = T = mean spend.
 */
extern double cr_gamma_gamma_data_loglik(const CrBtydData *d, const double *theta, double *grad,
										 double *hess);

/* Maximum-likelihood fit. Returns 0, or -1 when out of memory. */
extern int	cr_gamma_gamma_fit(const CrBtydData *d, CrGammaGammaFit *fit);

/*
 * E[spend per transaction | x, m] = (p (v + x m)) / (p x + q - 1) (FHL 2005 JMR eq. 4): a
 * weighted mean of the population mean p v / (q - 1) and the customer's own mean m. With x = 0
 * it is the population mean (NaN when q <= 1: the population mean does not exist).
 */
extern double cr_gamma_gamma_expected_spend(const CrGammaGammaParams *par, double x, double m);

/*
 * Draw the mean spend of x transactions of one customer: nu ~ Gamma(q, v), then the mean of x
 * Gamma(p, nu) spends, which is Gamma(p x, x nu). Returns 0 when x = 0.
 */
extern double cr_gamma_gamma_simulate_mean(const CrGammaGammaParams *par, double x, CrRng *rng);

#endif							/* CR_GAMMA_GAMMA_H */
