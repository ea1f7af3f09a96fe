/*
 * cross_products.c — exact sums of values and of their products (see cross_products.h).
 */
#include "cross_products.h"
#include "runtime.h"

#include <math.h>

#include "exact_sum.h"

/* Index of the pair of S_ij (i <= j) in the packed upper triangle of a k x k matrix. */
static long
tri_index(int k, int i, int j)
{
	return (long) i * k - (long) i * (i - 1) / 2 + (j - i);
}

#define PRODS(b, k) ((b) + 2 * (k))

long
cr_xprod_len(int k)
{
	return 2L * k + (long) k * (k + 1);
}

void
cr_xprod_add(double *b, int k, const double *x)
{
	double	   *p = PRODS(b, k);
	int			i,
				j;

	for (i = 0; i < k; i++)
	{
		double	   *row = p + 2 * tri_index(k, i, i);

		if (CR_EVERY(i, 16))
			cr_check_interrupts();
		cr_xsum_add(b + 2 * i, x[i]);
		for (j = i; j < k; j++)
			cr_xsum_add_product(row + 2 * (j - i), x[i], x[j]);
	}
}

void
cr_xprod_merge(double *a, const double *b, int k)
{
	long		len = cr_xprod_len(k),
				i;

	for (i = 0; i < len; i += 2)
		cr_xsum_add_sum(a + i, b + i);
}

int
cr_xprod_finite(const double *b, int k)
{
	const double *p = PRODS(b, k);
	double		d = 0;
	int			i;

	/* |S_ij| <= sqrt(S_ii S_jj): finite sums of squares bound every cross product */
	for (i = 0; i < k; i++)
		d += p[2 * tri_index(k, i, i)] + b[2 * i];
	return isfinite(d) ? 1 : 0;
}

int
cr_xprod_valid(const double *b, int k)
{
	long		len = cr_xprod_len(k),
				i;

	for (i = 0; i < len; i += 2)
		if (!cr_xsum_is_normal(b + i))
			return 0;
	for (i = 0; i < k; i++)
		if (PRODS(b, k)[2 * tri_index(k, (int) i, (int) i)] < 0)
			return 0;
	return 1;
}

double
cr_xprod_comoment(const double *b, int k, double n, int i, int j)
{
	double		c;

	if (i > j)
	{
		int			t = i;

		i = j;
		j = t;
	}
	c = cr_xsum_comoment(PRODS(b, k) + 2 * tri_index(k, i, j), b + 2 * i, b + 2 * j, n);
	return (i == j && c < 0) ? 0.0 : c;
}
