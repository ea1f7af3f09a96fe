/*
 * incgamma.c — log Gamma(a, z) for real a and z > 0 (DLMF ch. 8).
 *
 *   z > 1/2:  Legendre's continued fraction (DLMF 8.9.2), evaluated by the modified Lentz
 *             method; for a < 1 all its partial numerators are negative and it converges for
 *             every z > 0, fastest for large z.
 *   a < -30: the continued fraction, whatever z.
 *   z <= 1/2, -30 <= a < 1/2: write a = m + f with m = round(a), |f| <= 1/2. Gamma(f, z) comes from
 *             Gamma(f, z) = [Gamma(1+f) - 1]/f - [z^f - 1]/f - z^f sum_{n>=1} (-z)^n/(n! (f+n))
 *             (DLMF 8.7.3 rearranged so that f -> 0 is not a 0/0: both brackets are computed by
 *             expm1 and a Taylor series of log Gamma(1+f), A&S 6.1.33), then the recurrence
 *             Gamma(b+1, z) = b Gamma(b, z) + z^b e^-z (DLMF 8.8.2) carries it to a; downward
 *             it is Gamma(b-1, z) = (z^(b-1) e^-z - Gamma(b, z)) / (1 - b), which for b <= 1/2
 *             and z <= 1/2 damps errors, and is done in log space so z^a cannot overflow.
 *   a >= 1 with z < a + 1, or a >= 1/2 with z <= 1/2: Gamma(a) - gamma(a, z) with the series
 *             of gamma(a, z) (DLMF 8.7.1), little cancellation since z is below the bulk of the
 *             Gamma(a) distribution there.
 */
#include "incgamma.h"
#include "runtime.h"
#include "specfun.h"

#include <math.h>

#define EULER_GAMMA 0.57721566490153286061

/* log Gamma(1 + f) for |f| <= 1/2 by its Taylor series -gamma f + sum_k (-1)^k zeta(k) f^k / k */
static double
lgamma1p_small(double f)
{
	static const double zeta[] = {
		0, 0, 1.6449340668482264365, 1.2020569031595942854, 1.0823232337111381915,
		1.0369277551433699263, 1.0173430619844491397, 1.0083492773819228268,
		1.0040773561979443394, 1.0020083928260822144, 1.0009945751278180853,
		1.0004941886041194646, 1.0002460865533080483, 1.0001227133475784891,
		1.0000612481350587048, 1.0000305882363070205, 1.0000152822594086519,
		1.0000076371976378998, 1.0000038172932649998, 1.0000019082127165539,
		1.0000009539620338728
	};
	double		sum = -EULER_GAMMA * f,
				fk = -f;		/* (-f)^k */
	int			k;

	for (k = 2; k < 80; k++)
	{
		double		z = (k <= 20) ? zeta[k] : 1.0 + pow(2.0, -k) + pow(3.0, -k);
		double		term;

		fk *= -f;
		term = z * fk / k;
		sum += term;
		if (fabs(term) < 1e-18 * fabs(sum))
			break;
	}
	return sum;
}

/* Gamma(f, z) for |f| <= 1/2, 0 < z <= 1/2 (a positive number of moderate size). */
static double
upper_gamma_small(double f, double z)
{
	double		lz = log(z),
				g1,
				g2,
				zf = exp(f * lz),
				sum = 0,
				term = 1;
	int			n;

	if (f == 0)
	{
		g1 = -EULER_GAMMA;
		g2 = lz;
	}
	else
	{
		g1 = expm1(lgamma1p_small(f)) / f;
		g2 = expm1(f * lz) / f;
	}
	for (n = 1; n < 100; n++)
	{
		double		t;

		term *= -z / n;
		t = term / (f + n);
		sum += t;
		if (fabs(t) < 1e-18 * fabs(sum))
			break;
	}
	return g1 - g2 - zf * sum;
}

/* Legendre's continued fraction: Gamma(a, z) = e^-z z^a / (z + 1 - a - 1(1-a)/(z + 3 - a - ...)) */
static double
log_upper_gamma_cf(double a, double z)
{
	const double tiny = 1e-300;
	double		b = z + 1.0 - a,
				c = 1.0 / tiny,
				d = 1.0 / b,
				h = d,
				i;

	if (b == 0)
		d = 1.0 / tiny, h = d;
	for (i = 1; i < 1e7; i += 1.0)
	{
		double		an = -i * (i - a),
					del;

		if (CR_EVERY(i, 4096))
			cr_check_interrupts();
		b += 2.0;
		d = an * d + b;
		if (fabs(d) < tiny)
			d = tiny;
		c = b + an / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) < 1e-16)
			break;
	}
	return -z + a * log(z) + log(h);
}

/* log(Gamma(a) - gamma(a, z)) with gamma(a, z) = z^a e^-z sum_n z^n / (a (a+1) ... (a+n))
 * (DLMF 8.7.1 with 8.5.1); used where gamma(a, z) is at most a fair share of Gamma(a). */
static double
log_upper_gamma_series(double a, double z)
{
	double		sum = 1.0 / a,
				term = 1.0 / a,
				n;

	for (n = 1; n < 1e7; n += 1.0)
	{
		if (CR_EVERY(n, 4096))
			cr_check_interrupts();
		term *= z / (a + n);
		sum += term;
		if (term < 1e-17 * sum)
			break;
	}
	return cr_logdiffexp(lgamma(a), a * log(z) - z + log(sum));
}

double
cr_log_upper_gamma(double a, double z)
{
	double		m,
				f,
				lg,
				b,
				lz;

	if (!isfinite(a) || !isfinite(z) || !(z > 0))
		return NAN;
	/* z below the bulk of the Gamma(a) distribution: the lower part is the smaller one */
	if ((a >= 1.0 && z < a + 1.0) || (a >= 0.5 && z <= 0.5))
		return log_upper_gamma_series(a, z);
	/*
	 * The continued fraction also serves a well below 0 (its partial numerators -i(i - a) are
	 * then dominated by the denominators z + 2i + 1 - a), where the recurrence below would
	 * take -a steps.
	 */
	if (z > 0.5 || a < -30.0)
		return log_upper_gamma_cf(a, z);
	/* -30 <= a < 1/2, z <= 1/2 */
	lz = log(z);
	m = nearbyint(a);
	f = a - m;
	lg = log(upper_gamma_small(f, z));
	b = f;
	while (b > a + 0.5)
	{
		/* Gamma(b-1, z) = (z^(b-1) e^-z - Gamma(b, z)) / (1 - b) */
		lg = cr_logdiffexp((b - 1.0) * lz - z, lg) - log(1.0 - b);
		b -= 1.0;
	}
	return lg;
}

double
cr_log_kummer_u_ss(double s, double z)
{
	return z + cr_log_upper_gamma(1.0 - s, z);
}

double
cr_chisq_upper(double x, double df)
{
	if (!(df > 0) || !isfinite(df) || isnan(x))
		return NAN;
	if (x <= 0)
		return 1.0;
	if (isinf(x))
		return 0.0;
	/* Q(a, z) = exp(log Gamma(a, z) - log Gamma(a)); underflows to 0 only below 1e-308. */
	return fmin(1.0, exp(cr_log_upper_gamma(0.5 * df, 0.5 * x) - lgamma(0.5 * df)));
}
