/*
 * exact_sum.h — order-independent sums of doubles as double-double pairs (pure C11).
 *
 * A sum is a pair s[0] = hi, s[1] = lo kept normalised: hi = fl(hi + lo) and lo the exact
 * remainder, so hi + lo is the represented value and hi alone is it rounded to a double. Every
 * step is error-free (Knuth's TwoSum; products by Dekker's or the FMA's TwoProduct) followed by
 * a renormalisation, so whenever the exact sum of the terms, and every partial sum, fits in a
 * window of about 104 bits, each operation is exact and the pair is the unique normalised
 * representation of the exact sum: the same terms give the same two doubles in any order and
 * under any grouping (parallel partial sums combined in any order). Money amounts (cents up to
 * billions) and Likert answers (and their squares and cross products) are far inside that
 * window. Outside it the pair is still accurate to about 2^-104 relative, but its last bits may
 * depend on the order.
 *
 * Portable states store both doubles of each pair (and check them with cr_xsum_is_normal).
 * The arithmetic needs IEEE binary64 with round to nearest and no excess precision (x86-64
 * SSE2, AArch64; not x87); nothing here may be compiled with -ffast-math.
 */
#ifndef CR_EXACT_SUM_H
#define CR_EXACT_SUM_H

#include <math.h>

/* Error-free a + b = *s + *e (Knuth's TwoSum, no precondition on the magnitudes). */
static inline void
cr_two_sum(double a, double b, double *s, double *e)
{
	double		x = a + b;
	double		bv = x - a;
	double		av = x - bv;

	*e = (a - av) + (b - bv);
	*s = x;
}

/* An empty sum. */
static inline void
cr_xsum_zero(double *s)
{
	s[0] = 0.0;
	s[1] = 0.0;
}

/* s += x. */
static inline void
cr_xsum_add(double *s, double x)
{
	double		h,
				e;

	cr_two_sum(s[0], x, &h, &e);
	if (!isfinite(h))
	{
		s[0] = h;				/* overflow: keep the infinity, not TwoSum's NaN */
		s[1] = 0.0;
		return;
	}
	e += s[1];
	cr_two_sum(h, e, &s[0], &s[1]);
}

/* The sum rounded to a double (hi + lo; equal to hi for a normalised pair). */
static inline double
cr_xsum_value(const double *s)
{
	return s[0] + s[1];
}

/* s += t, t another sum (combining partial states). */
extern void cr_xsum_add_sum(double *s, const double *t);

/* s += a * b with the product exact (TwoProduct), so only the sum rounds, and only outside the window. */
extern void cr_xsum_add_product(double *s, double a, double b);

/* a - b rounded to a double, the difference of the pairs taken exactly (no cancellation loss). */
extern double cr_xsum_diff(const double *a, const double *b);

/*
 * (n s_ab - s_a s_b) / n rounded to a double, computed in double-double: the co-moment
 * sum (a - mean_a)(b - mean_b) of n observations from the sums of a, b and a * b, without the
 * cancellation of the same formula in doubles.
 */
extern double cr_xsum_comoment(const double *s_ab, const double *s_a, const double *s_b, double n);

/* 1 when s is a finite normalised pair (lo is the rounding remainder of hi), else 0. */
extern int	cr_xsum_is_normal(const double *s);

#endif							/* CR_EXACT_SUM_H */
