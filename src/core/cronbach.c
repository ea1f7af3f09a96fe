/*
 * cronbach.c — Cronbach's alpha from streaming co-moments, alpha-if-item-deleted, and the
 * Feldt confidence interval.
 *
 * Cronbach (1951), "Coefficient alpha and the internal structure of tests", Psychometrika 16:
 *     alpha = k / (k - 1) * (1 - sum_i sigma_i^2 / sigma_X^2),  X = sum_i x_i.
 * Feldt, Woodruff & Salih (1987), "Statistical inference for coefficient alpha", Applied
 * Psychological Measurement 11: (1 - alpha) / (1 - alpha_hat) ~ F(n - 1, (n - 1)(k - 1)).
 * The state holds exact double-double sums (exact_sum.h), so it does not depend on the order
 * of the respondents; the co-moments are formed from them at the end.
 */
#include "cronbach.h"
#include "runtime.h"

#include <math.h>
#include <string.h>

#include "betainc.h"
#include "cross_products.h"

long
cr_cronbach_state_len(int k)
{
	if (k < 2 || k > CR_CRONBACH_MAX_ITEMS)
		return -1;
	return CR_CRONBACH_HEADER + cr_xprod_len(k);
}

void
cr_cronbach_init(double *st, int k)
{
	memset(st, 0, sizeof(double) * (size_t) cr_cronbach_state_len(k));
	st[0] = CR_CRONBACH_FORMAT;
	st[1] = k;
}

/* The (hi, lo) pairs of the item sums and sums of products: a cross_products.h block. */
#define BLOCK(st) ((st) + CR_CRONBACH_HEADER)

/* 0 when the sums and the sums of squares are finite, else -1. */
static int
check_finite(const double *st)
{
	return cr_xprod_finite(BLOCK(st), (int) st[1]) ? 0 : -1;
}

int
cr_cronbach_add(double *st, const double *x)
{
	cr_xprod_add(BLOCK(st), (int) st[1], x);
	st[2] += 1.0;
	return check_finite(st);
}

int
cr_cronbach_merge(double *a, const double *b)
{
	a[2] += b[2];
	a[3] += b[3];
	cr_xprod_merge(BLOCK(a), BLOCK(b), (int) a[1]);
	return check_finite(a);
}

int
cr_cronbach_state_valid(const double *st, long len)
{
	int			k;

	if (len < CR_CRONBACH_HEADER || st[0] != CR_CRONBACH_FORMAT ||
		!(st[1] >= 2 && st[1] <= CR_CRONBACH_MAX_ITEMS) || st[1] != floor(st[1]))
		return 0;
	k = (int) st[1];
	if (len != cr_cronbach_state_len(k) ||
		!(st[2] >= 0 && st[2] <= 9007199254740992.0) || st[2] != floor(st[2]) ||
		!(st[3] >= 0 && st[3] <= 9007199254740992.0) || st[3] != floor(st[3]))
		return 0;
	return cr_xprod_valid(BLOCK(st), k);
}

/*
 * Shared core of alpha and alpha-if-deleted: diag(i) and off(i, j) read the matrix in either
 * storage. Sums: D = sum of variances, T = sum of all entries (the variance of the total).
 */
typedef double (*cov_reader) (const void *m, int k, int i, int j);

static double
read_full(const void *m, int k, int i, int j)
{
	return ((const double *) m)[(long) i * k + j];
}

/*
 * Alpha of a scale from its variance sum D and total variance T; undefined when T is ~0 (T lost
 * in rounding next to D: items cancelling each other exactly), or when the variances are so
 * small (answers below ~1e-140) that their squares lost precision in the subnormal range.
 * Alpha <= 1 is a theorem (T <= k D by Cauchy-Schwarz); only rounding can exceed it.
 */
static int
alpha_of(double kk, double d, double t, double *alpha)
{
	if (!(t > 1e-12 * d) || !(t > 0) || !(d > 1e-280))
		return 0;
	*alpha = kk / (kk - 1.0) * (1.0 - d / t);
	if (*alpha > 1)
		*alpha = 1;
	return isfinite(*alpha);
}

static CrCronbachStatus
alpha_generic(int k, const void *m, cov_reader rd, double *alpha, double *if_deleted)
{
	double		d = 0,
				t = 0;
	double		rowsum[CR_CRONBACH_MAX_ITEMS];
	int			i,
				j;

	for (i = 0; i < k; i++)
	{
		if (CR_EVERY(i, 16))
			cr_check_interrupts();
		rowsum[i] = 0;
		for (j = 0; j < k; j++)
			rowsum[i] += rd(m, k, i, j);
		d += rd(m, k, i, i);
		t += rowsum[i];
	}
	if (!isfinite(d) || !isfinite(t))
		return CR_CRONBACH_OVERFLOW;
	if (!alpha_of(k, d, t, alpha))
		return CR_CRONBACH_NO_VARIANCE;
	if (if_deleted)
	{
		for (i = 0; i < k; i++)
		{
			double		cii = rd(m, k, i, i);
			double		a;

			/* drop row and column i: T - 2 rowsum_i + C_ii, D - C_ii */
			if (k > 2 && alpha_of(k - 1, d - cii, t - 2.0 * rowsum[i] + cii, &a))
				if_deleted[i] = a;
			else
				if_deleted[i] = NAN;
		}
	}
	return CR_CRONBACH_OK;
}

CrCronbachStatus
cr_cronbach_alpha_cov(int k, const double *cov, double *alpha, double *alpha_if_deleted)
{
	if (k < 2 || k > CR_CRONBACH_MAX_ITEMS)
		return CR_CRONBACH_TOO_FEW;
	return alpha_generic(k, cov, read_full, alpha, alpha_if_deleted);
}

/* The co-moment C_ij = S_ij - S_i S_j / n of a state (a variance is never below 0). */
static double
read_state(const void *m, int k, int i, int j)
{
	const double *st = (const double *) m;

	return cr_xprod_comoment(BLOCK(st), k, st[2], i, j);
}

CrCronbachStatus
cr_cronbach_alpha_state(const double *st, double *alpha, double *alpha_if_deleted)
{
	int			k = (int) st[1];

	if (st[2] < 2)
		return CR_CRONBACH_TOO_FEW;
	if (check_finite(st) != 0)
		return CR_CRONBACH_OVERFLOW;
	return alpha_generic(k, st, read_state, alpha, alpha_if_deleted);
}

int
cr_cronbach_feldt_ci(double alpha_hat, double n, double k, double level,
					 double *low, double *high)
{
	double		df1 = n - 1.0,
				df2 = (n - 1.0) * (k - 1.0);
	double		g = 1.0 - level;
	double		fhi,
				flo;

	if (!(n >= 2) || !(k >= 2) || !isfinite(n) || !isfinite(k) ||
		!isfinite(alpha_hat) || !(alpha_hat <= 1) || !(level > 0 && level < 1))
		return -1;
	fhi = cr_f_quantile(1.0 - g / 2.0, df1, df2);
	flo = cr_f_quantile(g / 2.0, df1, df2);
	if (!isfinite(fhi) || !isfinite(flo))
		return -1;
	*low = 1.0 - (1.0 - alpha_hat) * fhi;
	*high = 1.0 - (1.0 - alpha_hat) * flo;
	if (*low > *high)
	{
		/* a level near 0 asks for two quantiles a rounding error apart */
		double		t = *low;

		*low = *high;
		*high = t;
	}
	return 0;
}
