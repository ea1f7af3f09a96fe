/*
 * betainc.c — regularized incomplete beta function, its logarithm, its inverse, and F quantiles.
 *
 * References:
 *   Abramowitz & Stegun (1964), Handbook of Mathematical Functions, 26.5.8 (continued
 *   fraction), 26.5.22 (normal-based starting value of the inverse).
 *   Press, Teukolsky, Vetterling & Flannery (2007), Numerical Recipes, 3rd ed., 6.4 and 6.14.
 *   Lentz (1976) / Thompson & Barnett (1986), the modified Lentz algorithm for continued
 *   fractions.
 */
#include "betainc.h"
#include "runtime.h"

#include <float.h>
#include <math.h>

#include "specfun.h"

#define BETAINC_EPS		1e-15
#define BETAINC_TINY	1e-300

/*
 * The continued fraction of A&S 26.5.8 for I_x(a, b) * a * B(a, b) / (x^a (1-x)^b), by the
 * modified Lentz method. It converges quickly for x < (a + 1) / (a + b + 2), in the worst case
 * in O(sqrt(max(a, b))) terms (Numerical Recipes 6.4), hence the iteration limit. NaN when it
 * does not converge.
 */
static double
betacf(double a, double b, double x)
{
	double		qab = a + b,
				qap = a + 1.0,
				qam = a - 1.0;
	double		c = 1.0,
				d,
				h;
	double		big = a > b ? a : b;
	double		limit = 1000.0 + 20.0 * sqrt(big);	/* compared as a double: big may be 1e300 */
	long		maxit = limit < 2e7 ? (long) limit : 20000000L;
	long		m;

	d = 1.0 - qab * x / qap;
	if (fabs(d) < BETAINC_TINY)
		d = BETAINC_TINY;
	d = 1.0 / d;
	h = d;
	for (m = 1; m <= maxit; m++)
	{
		double		dm = (double) m;
		double		m2 = 2.0 * dm;
		double		aa,
					del;

		if (CR_EVERY(m, 4096))
			cr_check_interrupts();
		/* even step */
		aa = dm * (b - dm) * x / ((qam + m2) * (a + m2));
		d = 1.0 + aa * d;
		if (fabs(d) < BETAINC_TINY)
			d = BETAINC_TINY;
		c = 1.0 + aa / c;
		if (fabs(c) < BETAINC_TINY)
			c = BETAINC_TINY;
		d = 1.0 / d;
		h *= d * c;
		/* odd step */
		aa = -(a + dm) * (qab + dm) * x / ((a + m2) * (qap + m2));
		d = 1.0 + aa * d;
		if (fabs(d) < BETAINC_TINY)
			d = BETAINC_TINY;
		c = 1.0 + aa / c;
		if (fabs(c) < BETAINC_TINY)
			c = BETAINC_TINY;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) <= BETAINC_EPS)
			return h;
	}
	return NAN;
}

#define LN_SQRT_2PI 0.918938533204672741780329736406

/*
 * lgamma(x) - Stirling's approximation ((x - 1/2) log x - x + log sqrt(2 pi)), for x >= 10:
 * the asymptotic series sum B_2n / (2n (2n-1) x^(2n-1)) (A&S 6.1.41), seven terms (error
 * below 1e-17 at x = 10).
 */
static double
lgamma_stirling_rest(double x)
{
	double		z = 1.0 / (x * x);

	return (1.0 / 12.0 + z * (-1.0 / 360.0 + z * (1.0 / 1260.0 + z * (-1.0 / 1680.0 +
			z * (1.0 / 1188.0 + z * (-691.0 / 360360.0 + z * (1.0 / 156.0))))))) / x;
}

/*
 * log B(a, b) without the cancellation of lgamma(a) + lgamma(b) - lgamma(a + b) when one or
 * both arguments are large (the F quantiles of a big sample have df in the millions): the
 * Stirling parts cancel analytically, as in R's lbeta (Ross Ihaka's nmath).
 */
static double
lbeta_accurate(double a, double b)
{
	double		p = a < b ? a : b,
				q = a < b ? b : a;

	if (p >= 10.0)
	{
		double		corr = lgamma_stirling_rest(p) + lgamma_stirling_rest(q) -
			lgamma_stirling_rest(p + q);

		return -0.5 * log(q) + LN_SQRT_2PI + corr + (p - 0.5) * log(p / (p + q)) +
			q * log1p(-p / (p + q));
	}
	if (q >= 10.0)
	{
		double		corr = lgamma_stirling_rest(q) - lgamma_stirling_rest(p + q);

		return lgamma(p) + corr + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q));
	}
	return cr_lbeta(a, b);
}

/* log of x^a (1-x)^b / B(a, b), the common factor of I_x(a, b). */
static double
log_front(double a, double b, double x)
{
	return a * log(x) + b * log1p(-x) - lbeta_accurate(a, b);
}

/*
 * I_x(a, b) when the continued fraction is evaluated on x's own side (lower = 1) or on the
 * mirrored side (lower = 0, giving 1 - I_x(a, b) accurately). Both are computed without
 * subtracting from 1, so the small tail keeps its relative accuracy.
 */
static double
betainc_tail(double a, double b, double x, int lower)
{
	double		lf = log_front(a, b, x);
	double		first = lower ? a : b;

	/*
	 * On its own side the fraction is at most (a + b + 2) / 2 (its terms shrink once past the
	 * switch point), so a tail whose bound underflows is 0 without iterating: this keeps huge
	 * shapes far from their mean from running the fraction to its iteration limit.
	 */
	if (lf - log(first) + log((a + b + 2.0) / 2.0) < -745.0)
		return 0.0;
	if (lower)
		return exp(lf) * betacf(a, b, x) / a;
	return exp(lf) * betacf(b, a, 1.0 - x) / b;
}

/* log of betainc_tail, which keeps tails that underflow a double. */
static double
log_betainc_tail(double a, double b, double x, int lower)
{
	if (lower)
		return log_front(a, b, x) + log(betacf(a, b, x) / a);
	return log_front(a, b, x) + log(betacf(b, a, 1.0 - x) / b);
}

/* 0 < a, b <= CR_BETA_MAX_SHAPE and 0 <= u <= 1 (u is x, or p for the inverse). */
static int
in_domain(double a, double b, double u)
{
	return a > 0 && b > 0 && a <= CR_BETA_MAX_SHAPE && b <= CR_BETA_MAX_SHAPE &&
		u >= 0 && u <= 1;
}

double
cr_betainc(double a, double b, double x)
{
	double		t;

	if (!in_domain(a, b, x))
		return NAN;
	if (x == 0 || x == 1)
		return x;
	if (x < (a + 1.0) / (a + b + 2.0))
		t = betainc_tail(a, b, x, 1);
	else
	{
		t = betainc_tail(a, b, x, 0);
		t = 1.0 - t;
	}
	if (isnan(t))
		return NAN;
	/* rounding can step past the ends for extreme shapes (a, b ~ 1e-300) */
	return t < 0 ? 0.0 : (t > 1 ? 1.0 : t);
}

double
cr_log_betainc(double a, double b, double x)
{
	double		l;

	if (!in_domain(a, b, x))
		return NAN;
	if (x == 0)
		return -INFINITY;
	if (x == 1)
		return 0;
	if (x < (a + 1.0) / (a + b + 2.0))
		return log_betainc_tail(a, b, x, 1);
	/* 1 - I_{1-x}(b, a) */
	l = log_betainc_tail(a, b, x, 0);
	if (isnan(l))
		return NAN;
	if (l >= 0)
		return -INFINITY;		/* the complement rounds to 1: the tail is below rounding */
	return cr_log1mexp(-l);
}

/*
 * Starting value of the inverse (Numerical Recipes 3rd ed., invbetai): for a, b >= 1 the
 * normal approximation of A&S 26.5.22, otherwise the leading terms of the two tails.
 */
static double
betainc_inv_start(double a, double b, double p)
{
	double		x;

	if (a >= 1.0 && b >= 1.0)
	{
		double		pp = (p < 0.5) ? p : 1.0 - p;
		double		t = sqrt(-2.0 * log(pp));
		double		al,
					h,
					w;

		x = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t;
		if (p < 0.5)
			x = -x;
		al = (x * x - 3.0) / 6.0;
		h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0));
		w = (x * sqrt(al + h) / h) - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) *
			(al + 5.0 / 6.0 - 2.0 / (3.0 * h));
		/* x = a / (a + b e^{2w}), written to avoid overflow of e^{2w} */
		if (2.0 * w > 700.0)
			x = a / b * exp(-2.0 * w);
		else
			x = a / (a + b * exp(2.0 * w));
	}
	else
	{
		double		lna = log(a / (a + b)),
					lnb = log(b / (a + b));
		double		t = exp(a * lna) / a,
					u = exp(b * lnb) / b,
					w = t + u;

		if (p < t / w)
			x = pow(a * w * p, 1.0 / a);
		else
			x = 1.0 - pow(b * w * (1.0 - p), 1.0 / b);
	}
	return x;
}

double
cr_betainc_inv(double a, double b, double p)
{
	double		lo = 0.0,
				hi = 1.0;
	double		x;
	double		lb;
	int			it;

	if (!in_domain(a, b, p))
		return NAN;
	if (p == 0 || p == 1)
		return p;

	lb = lbeta_accurate(a, b);
	x = betainc_inv_start(a, b, p);
	if (!(x < 1))
		x = 0.5;
	else if (!(x > 0))
		x = DBL_MIN;			/* the start underflowed: the root is tiny */

	for (it = 0; it < 1000; it++)
	{
		double		f = cr_betainc(a, b, x) - p;
		double		logdens,
					dens,
					step,
					xnew;

		if (isnan(f))
			return NAN;
		if (f == 0)
			return x;
		if (f > 0)
			hi = x;
		else
			lo = x;

		/* Halley: f' = density, f''/f' = (a-1)/x - (b-1)/(1-x). */
		logdens = (a - 1.0) * log(x) + (b - 1.0) * log1p(-x) - lb;
		dens = exp(logdens);
		if (dens > 0 && isfinite(dens))
		{
			double		u = f / dens;
			double		corr = u * ((a - 1.0) / x - (b - 1.0) / (1.0 - x));

			if (corr > 1.0)
				corr = 1.0;
			else if (corr < -1.0)
				corr = -1.0;
			step = u / (1.0 - 0.5 * corr);
			xnew = x - step;
		}
		else
			xnew = NAN;

		/*
		 * Never leave the bracket: bisect when Halley would, geometrically while the bracket
		 * spans orders of magnitude (roots can be as small as 1e-300).
		 */
		if (!(xnew > lo && xnew < hi))
		{
			if (lo == 0)
				xnew = hi * 1e-8;
			else if (hi > 16.0 * lo)
				xnew = sqrt(lo) * sqrt(hi);
			else
				xnew = 0.5 * (lo + hi);
		}
		if (fabs(xnew - x) <= 4.0 * DBL_EPSILON * x || hi - lo <= 4.0 * DBL_EPSILON * lo)
			return xnew;
		x = xnew;
	}
	return x;
}

double
cr_f_quantile(double p, double d1, double d2)
{
	double		x,
				y;

	if (!(d1 > 0) || !(d2 > 0) || !(d1 <= 2 * CR_BETA_MAX_SHAPE) ||
		!(d2 <= 2 * CR_BETA_MAX_SHAPE) || isnan(p) || p < 0 || p > 1)
		return NAN;
	if (p == 0)
		return 0.0;
	if (p == 1)
		return INFINITY;
	x = cr_betainc_inv(d1 / 2.0, d2 / 2.0, p);
	y = 1.0 - x;
	if (x > 0.5)
	{
		/* 1 - X ~ Beta(d2/2, d1/2), and P(X <= x) = p  <=>  P(1 - X <= 1 - x) = 1 - p */
		y = cr_betainc_inv(d2 / 2.0, d1 / 2.0, 1.0 - p);
		x = 1.0 - y;
	}
	if (isnan(x) || isnan(y))
		return NAN;
	if (y == 0)
		return INFINITY;
	return (d2 * x) / (d1 * y);
}
