/*
 * test_exact_sum.c — the double-double sums of src/core/exact_sum.c: exact (so the same in any
 * order and any grouping) for money amounts and Likert answers, and as accurate as promised
 * when they cannot be exact.
 */
#include <stdint.h>
#include <string.h>

#include "exact_sum.h"
#include "unit.h"

#define N 20000

static double amounts[N];

/* A reproducible generator (xorshift64*). */
static uint64_t seed = 88172645463325252ULL;

static uint64_t
next_u64(void)
{
	seed ^= seed >> 12;
	seed ^= seed << 25;
	seed ^= seed >> 27;
	return seed * 2685821657736338717ULL;
}

static void
shuffle(double *v, int n)
{
	int			i;

	for (i = n - 1; i > 0; i--)
	{
		int			j = (int) (next_u64() % (uint64_t) (i + 1));
		double		t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
}

static void
sum_of(const double *v, int n, double *s)
{
	int			i;

	cr_xsum_zero(s);
	for (i = 0; i < n; i++)
		cr_xsum_add(s, v[i]);
}

/* The sum of v in parts of random sizes, the parts combined in the order given. */
static void
sum_in_parts(const double *v, int n, double *s)
{
	int			i = 0;

	cr_xsum_zero(s);
	while (i < n)
	{
		int			len = 1 + (int) (next_u64() % 5000);
		double		part[2];

		if (len > n - i)
			len = n - i;
		sum_of(v + i, len, part);
		cr_xsum_add_sum(s, part);
		i += len;
	}
}

static int
same_bits(const double *a, const double *b)
{
	return memcmp(a, b, 2 * sizeof(double)) == 0;
}

int
main(void)
{
	double		ref[2],
				s[2],
				t[2];
	long long	cents = 0;
	int			i,
				r,
				all_same = 1,
				parts_same = 1;
	double		naive = 0,
				naive_rev = 0;

	/* amounts in cents, 0.01 .. 99999.99, some refunds; their exact total is known in cents */
	for (i = 0; i < N; i++)
	{
		long long	c = (long long) (next_u64() % 10000000ULL) + 1;

		if (i % 17 == 0)
			c = -c;
		cents += c;
		amounts[i] = (double) c / 100.0;
	}
	sum_of(amounts, N, ref);
	unit_ok(cr_xsum_is_normal(ref), "the sum is a normalised pair", NULL);
	/* The exact sum of the doubles differs from the decimal total by the representation errors
	 * of the amounts (< 2^-60 each in relative terms), far below a cent. */
	unit_close(cr_xsum_value(ref), (double) cents / 100.0, 1e-6, "the sum of the amounts equals the total in cents");
	for (i = 0; i < N; i++)
		naive += amounts[i];
	for (i = N - 1; i >= 0; i--)
		naive_rev += amounts[i];
	for (r = 0; r < 20; r++)
	{
		shuffle(amounts, N);
		sum_of(amounts, N, s);
		all_same &= same_bits(s, ref);
		sum_in_parts(amounts, N, t);
		parts_same &= same_bits(t, ref);
	}
	unit_ok(all_same, "20 shuffles of 20000 amounts give the same two doubles", NULL);
	unit_ok(parts_same, "partial sums combined in any grouping give the same two doubles", NULL);
	unit_ok(fabs(naive - cr_xsum_value(ref)) < 1e-3 && fabs(naive_rev - cr_xsum_value(ref)) < 1e-3,
			"plain sums agree to rounding", NULL);

	/* exactness against a known sum: 0.1 + 0.2 + 0.3 - 0.6 in doubles is a tiny exact number */
	{
		double		v[4] = {0.1, 0.2, 0.3, -0.6};
		double		w[4] = {-0.6, 0.3, 0.1, 0.2};

		sum_of(v, 4, s);
		sum_of(w, 4, t);
		unit_ok(same_bits(s, t), "cancellation: the same pair in either order", NULL);
		/* the doubles are 0.1 + d1 etc.; their exact sum is a multiple of 2^-56 below 2^-50 */
		unit_ok(s[1] == 0 && fabs(s[0]) < ldexp(1.0, -50) && ldexp(s[0], 56) == floor(ldexp(s[0], 56)),
				"cancellation: the exact remainder is a single small double", NULL);
	}
	{
		/* 1 + 2^-80 - 1 = 2^-80 exactly, which a double sum loses */
		double		v[3] = {1.0, ldexp(1.0, -80), -1.0};

		sum_of(v, 3, s);
		unit_ok(s[0] == ldexp(1.0, -80) && s[1] == 0, "1 + 2^-80 - 1 = 2^-80 exactly", NULL);
		cr_xsum_zero(s);
		cr_xsum_add(s, 1.0);
		cr_xsum_add(s, ldexp(1.0, -80));
		unit_ok(s[0] == 1.0 && s[1] == ldexp(1.0, -80), "1 + 2^-80 is held as (1, 2^-80)", NULL);
		unit_ok(cr_xsum_is_normal(s), "(1, 2^-80) is normalised", NULL);
		t[0] = 1.0;
		t[1] = 1.0;
		unit_ok(!cr_xsum_is_normal(t), "(1, 1) is not normalised", NULL);
		t[1] = NAN;
		unit_ok(!cr_xsum_is_normal(t), "NaN is not a sum", NULL);
	}

	/* products: Likert answers, exact sums of squares and cross products in any order */
	{
		double		x[N],
					y[N],
					sxy[2],
					sx[2],
					sy[2],
					sxy2[2];
		double		mx = 0,
					my = 0,
					c = 0;

		for (i = 0; i < N; i++)
		{
			x[i] = (double) (next_u64() % 7 + 1);
			y[i] = (double) (next_u64() % 5 + 1) + 0.5;
		}
		cr_xsum_zero(sxy);
		cr_xsum_zero(sx);
		cr_xsum_zero(sy);
		for (i = 0; i < N; i++)
		{
			cr_xsum_add_product(sxy, x[i], y[i]);
			cr_xsum_add(sx, x[i]);
			cr_xsum_add(sy, y[i]);
			mx += x[i];
			my += y[i];
		}
		cr_xsum_zero(sxy2);
		for (i = N - 1; i >= 0; i--)
			cr_xsum_add_product(sxy2, x[i], y[i]);
		unit_ok(same_bits(sxy, sxy2), "sums of products: the same pair in reverse order", NULL);
		mx /= N;
		my /= N;
		for (i = 0; i < N; i++)
			c += (x[i] - mx) * (y[i] - my);
		unit_rel_close(cr_xsum_comoment(sxy, sx, sy, N), c, 1e-9, "co-moment from the sums");
	}
	{
		/* a large offset: answers 1e8 + {1, 2, 3}; the co-moment of a with itself is 2 */
		double		sxx[2],
					sx[2];

		cr_xsum_zero(sxx);
		cr_xsum_zero(sx);
		for (i = 1; i <= 3; i++)
		{
			cr_xsum_add_product(sxx, 1e8 + i, 1e8 + i);
			cr_xsum_add(sx, 1e8 + i);
		}
		unit_close(cr_xsum_comoment(sxx, sx, sx, 3), 2.0, 1e-12, "co-moment around 1e8 without cancellation");
		unit_close(cr_xsum_diff(sxx, sxx), 0.0, 0, "a sum minus itself is 0");
	}
	return unit_finish();
}
