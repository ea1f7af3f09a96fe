/*
 * incgamma.h — the upper incomplete gamma function in log space, for real shape a (any sign)
 * and z > 0. Pareto/NBD's discounted expected residual transactions need the confluent
 * hypergeometric function of the second kind Psi(s, s; z) = U(s, s, z) = e^z Gamma(1 - s, z)
 * (DLMF 8.5.3 / 13.6.6), whose first argument 1 - s is below 1 and often negative.
 */
#ifndef CR_INCGAMMA_H
#define CR_INCGAMMA_H

/* log Gamma(a, z) = log of the integral from z to infinity of t^(a-1) e^-t dt; a finite, z > 0.
 * NaN outside that domain. */
extern double cr_log_upper_gamma(double a, double z);

/* log U(s, s, z) = z + log Gamma(1 - s, z), s finite, z > 0. */
extern double cr_log_kummer_u_ss(double s, double z);

/*
 * Upper tail of the chi-square distribution, P(X >= x) for X ~ chi-square(df): the regularized
 * Q(df/2, x/2) = Gamma(df/2, x/2) / Gamma(df/2) (DLMF 8.2.4, A&S 26.4.2). 1 for x <= 0;
 * NaN unless df > 0 and x is not NaN.
 */
extern double cr_chisq_upper(double x, double df);

#endif							/* CR_INCGAMMA_H */
