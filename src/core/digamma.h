/*
 * digamma.h — the digamma and trigamma functions (derivatives of log Gamma) for the analytic
 * gradients and Hessians of the models' likelihoods (pure C, no PostgreSQL).
 */
#ifndef CR_DIGAMMA_H
#define CR_DIGAMMA_H

/* psi(x) = d/dx log Gamma(x), x > 0. */
extern double cr_digamma(double x);
/* psi'(x) = d^2/dx^2 log Gamma(x), x > 0. */
extern double cr_trigamma(double x);

/*
 * Differences at x and x + n, accurate when n is small against x (where the difference of two
 * large values would cancel): log Gamma(x+n) - log Gamma(x), psi(x+n) - psi(x),
 * psi'(x+n) - psi'(x). Whole n up to CR_GAMMA_DIFF_MAX_N are summed term by term
 * (Gamma(x+1) = x Gamma(x)). Otherwise cr_lgamma_diff takes any real n with x > 0, x + n > 0
 * (relative error a few ulps of the difference, by Stirling's series), and the psi differences
 * subtract the functions.
 */
#define CR_GAMMA_DIFF_MAX_N 64
extern double cr_lgamma_diff(double x, double n);
extern double cr_digamma_diff(double x, double n);
extern double cr_trigamma_diff(double x, double n);

#endif							/* CR_DIGAMMA_H */
