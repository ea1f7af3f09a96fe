/*
 * specfun.c — log-space special functions shared by the models (the Gauss hypergeometric
 * function lives in hyp2f1.c).
 */
#include "specfun.h"

#include <math.h>

double
cr_lgamma(double x)
{
	return lgamma(x);
}

double
cr_lbeta(double a, double b)
{
	return lgamma(a) + lgamma(b) - lgamma(a + b);
}

double
cr_logsumexp2(double a, double b)
{
	if (a == -INFINITY)
		return b;
	if (b == -INFINITY)
		return a;
	return (a > b) ? a + log1p(exp(b - a)) : b + log1p(exp(a - b));
}

double
cr_logdiffexp(double a, double b)
{
	if (b == -INFINITY)
		return a;
	if (a == b)
		return -INFINITY;
	return a + cr_log1mexp(a - b);
}

double
cr_log1mexp(double x)
{
	/* Maechler (2012), "Accurately Computing log(1 - exp(-|a|))": switch at log 2. */
	return (x <= 0.6931471805599453) ? log(-expm1(-x)) : log1p(-exp(-x));
}
