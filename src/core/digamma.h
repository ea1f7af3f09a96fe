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

#endif							/* CR_DIGAMMA_H */
