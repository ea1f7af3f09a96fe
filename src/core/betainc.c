/*
 * betainc.c — regularized incomplete beta by its continued fraction (Abramowitz & Stegun
 * 26.5.8), evaluated with the modified Lentz method (Press et al., Numerical Recipes, 3rd ed.,
 * sec. 6.4 and 5.2). The fraction converges fast for x < (a+1)/(a+b+2); beyond that the
 * symmetry I_x(a, b) = 1 - I_{1-x}(b, a) is used. Everything stays in log space so tiny tails
 * do not underflow.
 */
#include "betainc.h"
#include "runtime.h"

#include <math.h>

#include "specfun.h"

#define BETAINC_TINY 1e-300
#define BETAINC_EPS 1e-16
#define BETAINC_MAX_ITER 10000

/* The continued fraction of I_x(a, b) without its prefactor; NaN if it does not converge. */
static double
betacf(double a, double b, double x)
{
	double		qab = a + b,
				qap = a + 1,
				qam = a - 1,
				c = 1,
				d = 1 - qab * x / qap,
				h;
	int			m;

	if (fabs(d) < BETAINC_TINY)
		d = BETAINC_TINY;
	d = 1 / d;
	h = d;
	for (m = 1; m <= BETAINC_MAX_ITER; m++)
	{
		int			m2 = 2 * m;
		double		aa = m * (b - m) * x / ((qam + m2) * (a + m2)),
					del;

		if (CR_EVERY(m, 4096))
			cr_check_interrupts();
		d = 1 + aa * d;
		if (fabs(d) < BETAINC_TINY)
			d = BETAINC_TINY;
		c = 1 + aa / c;
		if (fabs(c) < BETAINC_TINY)
			c = BETAINC_TINY;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < BETAINC_TINY)
			d = BETAINC_TINY;
		c = 1 + aa / c;
		if (fabs(c) < BETAINC_TINY)
			c = BETAINC_TINY;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < BETAINC_EPS)
			return h;
	}
	return NAN;
}

/* log of x^a (1-x)^b / (a B(a, b)) */
static double
log_front(double a, double b, double x)
{
	return a * log(x) + b * log1p(-x) - log(a) - cr_lbeta(a, b);
}

double
cr_log_betainc(double a, double b, double x)
{
	if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1) || isinf(a) || isinf(b))
		return NAN;
	if (x == 0)
		return -INFINITY;
	if (x == 1)
		return 0;
	if (x < (a + 1) / (a + b + 2))
		return log_front(a, b, x) + log(betacf(a, b, x));
	/* 1 - I_{1-x}(b, a) */
	{
		double		l = log_front(b, a, 1 - x) + log(betacf(b, a, 1 - x));

		if (isnan(l))
			return NAN;
		if (l >= 0)
			return -INFINITY;	/* the complement rounds to 1: the tail is below rounding */
		return cr_log1mexp(-l);
	}
}
