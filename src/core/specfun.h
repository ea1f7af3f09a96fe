/*
 * specfun.h — special functions in log space (pure C, no PostgreSQL).
 */
#ifndef CR_SPECFUN_H
#define CR_SPECFUN_H

/* log Gamma(x) for x > 0 (lgamma of libm; the backend is single-threaded). */
extern double cr_lgamma(double x);
/* log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b), a, b > 0. */
extern double cr_lbeta(double a, double b);
/* log(exp(a) + exp(b)) without overflow. */
extern double cr_logsumexp2(double a, double b);
/* log(exp(a) - exp(b)) for a >= b (-inf when equal). */
extern double cr_logdiffexp(double a, double b);
/* log(1 - exp(-x)) for x > 0, accurate for small and large x (Maechler 2012). */
extern double cr_log1mexp(double x);

/*
 * Gauss hypergeometric function 2F1(a, b; c; z) for real z < 1 (c > 0), as its logarithm and
 * sign: *sign * exp(return value). Stable as z approaches 1 (uses the linear transformations of
 * Abramowitz & Stegun 15.3.3-15.3.9 where the power series would converge slowly).
 * Returns NaN only for arguments outside that domain.
 */
extern double cr_log_hyp2f1(double a, double b, double c, double z, int *sign);
/* 2F1 itself, when the caller knows it does not overflow. */
extern double cr_hyp2f1(double a, double b, double c, double z);

#endif							/* CR_SPECFUN_H */
