/*
 * rng.c — xoshiro256** (Blackman & Vigna 2018) seeded by splitmix64, and the draws the
 * simulators need. Written for reproducibility across platforms: integer arithmetic only in the
 * generator, and each draw consumes a deterministic number of uniforms given its outcome.
 */
#include "rng.h"

#include <math.h>

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
splitmix64(uint64_t *state)
{
	uint64_t	z = (*state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

void
cr_rng_seed(CrRng *rng, uint64_t seed)
{
	uint64_t	st = seed;
	int			i;

	for (i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&st);
}

uint64_t
cr_rng_next(CrRng *rng)
{
	uint64_t   *s = rng->s;
	uint64_t	result = rotl(s[1] * 5, 7) * 9;
	uint64_t	t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double
cr_rng_uniform(CrRng *rng)
{
	/* 53 random bits, shifted off zero: (k + 0.5) / 2^53 lies in (0, 1). */
	return ((double) (cr_rng_next(rng) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double
cr_rng_exponential(CrRng *rng, double rate)
{
	return -log(cr_rng_uniform(rng)) / rate;
}

double
cr_rng_normal(CrRng *rng)
{
	double		u,
				v,
				s;

	do
	{
		u = 2.0 * cr_rng_uniform(rng) - 1.0;
		v = 2.0 * cr_rng_uniform(rng) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	return u * sqrt(-2.0 * log(s) / s);
}

double
cr_rng_gamma(CrRng *rng, double shape, double rate)
{
	double		d,
				c,
				x,
				v,
				u;

	if (shape < 1.0)
	{
		/* Gamma(k) = Gamma(k + 1) * U^(1/k) (Marsaglia & Tsang, section 6). */
		double		g = cr_rng_gamma(rng, shape + 1.0, 1.0);

		return g * pow(cr_rng_uniform(rng), 1.0 / shape) / rate;
	}
	d = shape - 1.0 / 3.0;
	c = 1.0 / sqrt(9.0 * d);
	for (;;)
	{
		do
		{
			x = cr_rng_normal(rng);
			v = 1.0 + c * x;
		} while (v <= 0.0);
		v = v * v * v;
		u = cr_rng_uniform(rng);
		if (u < 1.0 - 0.0331 * x * x * x * x)
			return d * v / rate;
		if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
			return d * v / rate;
	}
}

double
cr_rng_beta(CrRng *rng, double a, double b)
{
	double		x = cr_rng_gamma(rng, a, 1.0);
	double		y = cr_rng_gamma(rng, b, 1.0);

	if (x + y <= 0.0)
		return (a >= b) ? 1.0 : 0.0;	/* both underflowed: tiny shapes */
	return x / (x + y);
}

int64_t
cr_rng_poisson(CrRng *rng, double mu)
{
	int64_t		k = 0;

	if (!(mu > 0.0))
		return 0;
	if (mu < 30.0)
	{
		/* Knuth: multiply uniforms until the product falls below e^-mu. */
		double		limit = exp(-mu),
					p = cr_rng_uniform(rng);

		while (p > limit)
		{
			k++;
			p *= cr_rng_uniform(rng);
		}
		return k;
	}
	else
	{
		/* Large mean: a Poisson count is the number of unit-rate arrivals before mu; split
		 * off a Gamma-distributed block (Ahrens & Dieter's recursion) to stay O(log mu). */
		double		remaining = mu;

		while (remaining >= 30.0)
		{
			int64_t		m = (int64_t) (remaining * 7.0 / 8.0);
			double		x = cr_rng_gamma(rng, (double) m, 1.0);	/* time of the m-th arrival */

			if (x > remaining)
			{
				/* The remaining arrivals before "remaining" are binomial(m - 1, remaining / x). */
				double		p = remaining / x;
				int64_t		i,
							hits = 0;

				for (i = 0; i < m - 1; i++)
					hits += (cr_rng_uniform(rng) < p);
				return k + hits;
			}
			k += m;
			remaining -= x;
		}
		return k + cr_rng_poisson(rng, remaining);
	}
}
