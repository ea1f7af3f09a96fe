/*
 * betainc.h — the regularized incomplete beta function I_x(a, b) (pure C), used for the tail
 * probabilities of the negative binomial count in P(X(t) = n) of the BG/NBD family:
 * P(NB(r, z) >= n) = I_z(n, r).
 */
#ifndef CR_BETAINC_H
#define CR_BETAINC_H

/* log I_x(a, b) for a, b > 0 and 0 <= x <= 1 (-inf at x = 0; NaN outside the domain). */
extern double cr_log_betainc(double a, double b, double x);

#endif							/* CR_BETAINC_H */
