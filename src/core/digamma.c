/*
 * digamma.c — psi and psi' for x > 0: the recurrences psi(x) = psi(x + 1) - 1/x and
 * psi'(x) = psi'(x + 1) + 1/x^2 move x to >= 10, where the asymptotic (Bernoulli) series
 * converges to double precision (Abramowitz & Stegun 6.3.18 and 6.4.12). Errors < 1e-15 relative
 * away from the root of psi near 1.4616.
 */
#include "digamma.h"

#include <math.h>

#include "specfun.h"

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

static int
small_whole(double n)
{
	return n >= 0 && n <= CR_GAMMA_DIFF_MAX_N && n == floor(n);
}

/* B_2k / (2k (2k - 1)), k = 1..8: the coefficients of Stirling's series (A&S 6.1.40-6.1.41) */
static const double stirling_coef[8] = {
	1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156,
	-3617.0 / 122400
};

/*
 * log Gamma(x + n) - log Gamma(x) for real n, x > 0, x + n > 0, accurate relative to the
 * difference itself however small n is against x (subtracting two lgamma values of 1e5 leaves
 * 1e-10 absolute error, all of it when n = 1e-5). Both arguments are moved up to >= 10 by
 * log Gamma(x + 1) = log Gamma(x) + log x, log(y/x) taken as log1p(n/x) when |n| <= x/2; there
 * the difference of Stirling's series (A&S 6.1.41) is formed term by term:
 *   (y - 1/2) log y - (x - 1/2) log x - n = (x - 1/2) log(y/x) + n (log y - 1),   y = x + n,
 *   y^(1-2k) - x^(1-2k) = (q - p) h_{2k-2}(p, q),  p = 1/x, q = 1/y, q - p = -n p q,
 * where h_j(p, q) = sum_{i<=j} p^i q^(j-i) has positive terms only. The first omitted term
 * (B_18) is below 4e-18 (x >= 10), and below 4e-18 |n| / x in the difference.
 */
static double
lgamma_diff_real(double x, double n)
{
	double		acc = 0,
				y = x + n,
				p,
				q,
				d,
				h = 1,
				pj = 1,
				sum = 0;
	int			k;

	while (x < 10 || y < 10)
	{
		acc -= (fabs(n) <= 0.5 * x) ? log1p(n / x) : log(y / x);
		x += 1;
		y += 1;
	}
	p = 1 / x;
	q = 1 / y;
	d = (x - 0.5) * ((fabs(n) <= 0.5 * x) ? log1p(n / x) : log(y / x)) + n * (log(y) - 1);
	for (k = 0; k < 8; k++)
	{
		sum += stirling_coef[k] * h;	/* h = h_{2k} */
		pj *= p;
		h = q * h + pj;
		pj *= p;
		h = q * h + pj;
	}
	return acc + d - n * p * q * sum;
}

double
cr_lgamma_diff(double x, double n)
{
	if (n == 0)
		return 0;
	if (small_whole(n))
	{
		/* log prod_{k<n} (x+k), multiplying in blocks of 8 to save logarithms */
		double		sum = 0;
		int			k = 0,
					nn = (int) n;

		while (k < nn)
		{
			double		prod = 1;
			int			j;

			for (j = 0; j < 8 && k < nn; j++, k++)
				prod *= x + k;
			sum += log(prod);
		}
		return sum;
	}
	if (x > 0 && x + n > 0 && isfinite(x) && isfinite(n))
		return lgamma_diff_real(x, n);
	return cr_lgamma(x + n) - cr_lgamma(x);
}

double
cr_digamma_diff(double x, double n)
{
	if (small_whole(n))
	{
		double		sum = 0;
		int			k;

		for (k = 0; k < (int) n; k++)
			sum += 1 / (x + k);
		return sum;
	}
	return cr_digamma(x + n) - cr_digamma(x);
}

double
cr_trigamma_diff(double x, double n)
{
	if (small_whole(n))
	{
		double		sum = 0;
		int			k;

		for (k = 0; k < (int) n; k++)
			sum -= 1 / ((x + k) * (x + k));
		return sum;
	}
	return cr_trigamma(x + n) - cr_trigamma(x);
}
