/*
 * digamma.c — psi and psi' for x > 0: the recurrences psi(x) = psi(x + 1) - 1/x and
 * psi'(x) = psi'(x + 1) + 1/x^2 move x to >= 10, where the asymptotic (Bernoulli) series
 * converges to double precision (Abramowitz & Stegun 6.3.18 and 6.4.12). Errors < 1e-15 relative
 * away from the root of psi near 1.4616.
 */
#include "digamma.h"

#include <math.h>

double
cr_digamma(double x)
{
	double		acc = 0,
				ix,
				ix2;

	if (!(x > 0) || isinf(x))
		return isinf(x) && x > 0 ? INFINITY : NAN;
	/* For tiny x, psi(x) = -1/x - gamma + O(x). */
	if (x < 1e-8)
		return -1.0 / x - 0.57721566490153286061;
	while (x < 10)
	{
		acc -= 1.0 / x;
		x += 1;
	}
	ix = 1.0 / x;
	ix2 = ix * ix;
	/* ln x - 1/(2x) - sum B_2k / (2k x^2k) */
	return acc + log(x) - 0.5 * ix
		- ix2 * (1.0 / 12 - ix2 * (1.0 / 120 - ix2 * (1.0 / 252 - ix2 * (1.0 / 240
			- ix2 * (1.0 / 132 - ix2 * (691.0 / 32760 - ix2 * (1.0 / 12)))))));
}

double
cr_trigamma(double x)
{
	double		acc = 0,
				ix,
				ix2;

	if (!(x > 0) || isinf(x))
		return isinf(x) && x > 0 ? 0 : NAN;
	if (x < 1e-8)
		return 1.0 / (x * x) + 1.6449340668482264365;
	while (x < 10)
	{
		acc += 1.0 / (x * x);
		x += 1;
	}
	ix = 1.0 / x;
	ix2 = ix * ix;
	/* 1/x + 1/(2x^2) + sum B_2k / x^(2k+1) */
	return acc + ix + 0.5 * ix2
		+ ix * ix2 * (1.0 / 6 - ix2 * (1.0 / 30 - ix2 * (1.0 / 42 - ix2 * (1.0 / 30
			- ix2 * (5.0 / 66 - ix2 * (691.0 / 2730 - ix2 * (7.0 / 6)))))));
}
