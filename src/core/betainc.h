/*
 * betainc.h — the regularized incomplete beta function I_x(a, b), its logarithm, its inverse,
 * and the quantiles of the F distribution built on them (pure C, no PostgreSQL). The one
 * implementation of the incomplete beta: the tail probabilities of the negative binomial count
 * in P(X(t) = n) of the BG/NBD family (P(NB(r, z) >= n) = I_z(n, r), bgnbd.c) and the Feldt
 * confidence interval of Cronbach's alpha (cronbach.c) both use it.
 */
#ifndef CR_BETAINC_H
#define CR_BETAINC_H

/*
 * The largest shape parameter accepted (2^50, about 1.1e15): beyond it the continued fraction
 * needs more terms than a query should spend (and a survey with 10^15 respondents does not
 * exist). Larger shapes give NaN.
 */
#define CR_BETA_MAX_SHAPE 1125899906842624.0

/*
 * I_x(a, b) = B(x; a, b) / B(a, b) for a, b > 0 and 0 <= x <= 1 (0 at x = 0, 1 at x = 1).
 * Evaluated by the continued fraction of Abramowitz & Stegun 26.5.8 (modified Lentz), on the
 * side of the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where it converges fast.
 * Returns NaN for arguments outside that domain (a or b above CR_BETA_MAX_SHAPE included) or
 * when the fraction does not converge.
 */
extern double cr_betainc(double a, double b, double x);

/*
 * log I_x(a, b), on the same domain (-Infinity at x = 0, and when I_x rounds to 0 below the
 * range of doubles only in its logarithm: the log of a tail far below 1e-308 is still finite).
 */
extern double cr_log_betainc(double a, double b, double x);

/*
 * The x in [0, 1] with I_x(a, b) = p, for a, b > 0 and 0 <= p <= 1: a safeguarded Halley
 * iteration (bracketed, falls back to bisection) from the starting values of Abramowitz &
 * Stegun 26.5.22 / Press et al. (Numerical Recipes, 3rd ed., section 6.14.11). Relative
 * accuracy about 1e-12. NaN outside the domain.
 */
extern double cr_betainc_inv(double a, double b, double p);

/*
 * The p-quantile of the F distribution with d1 and d2 degrees of freedom (0 < d1, d2 <=
 * 2 CR_BETA_MAX_SHAPE, 0 <= p <= 1): if X ~ Beta(d1/2, d2/2) then d2 X / (d1 (1 - X)) ~
 * F(d1, d2). When X is above 1/2 its complement is computed as I^{-1}_{1-p}(d2/2, d1/2), so
 * 1 - X keeps its relative accuracy. +Infinity at p = 1; NaN outside the domain.
 */
extern double cr_f_quantile(double p, double d1, double d2);

#endif							/* CR_BETAINC_H */
