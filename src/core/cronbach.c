/*
 * cronbach.c — Cronbach's alpha from streaming co-moments, alpha-if-item-deleted, and the
 * Feldt confidence interval.
 *
 * Cronbach (1951), "Coefficient alpha and the internal structure of tests", Psychometrika 16:
 *     alpha = k / (k - 1) * (1 - sum_i sigma_i^2 / sigma_X^2),  X = sum_i x_i.
 * Feldt, Woodruff & Salih (1987), "Statistical inference for coefficient alpha", Applied
 * Psychological Measurement 11: (1 - alpha) / (1 - alpha_hat) ~ F(n - 1, (n - 1)(k - 1)).
 * Welford (1962) for the one-pass update; Chan, Golub & LeVeque (1979) for merging two states.
 */
#include "cronbach.h"
#include "runtime.h"

#include <math.h>
#include <string.h>

#include "betainc.h"

/* Index of C_ij (i <= j) in the packed upper triangle of a k x k matrix. */
static long
tri_index(int k, int i, int j)
{
	return (long) i * k - (long) i * (i - 1) / 2 + (j - i);
}

long
cr_cronbach_state_len(int k)
{
	if (k < 2 || k > CR_CRONBACH_MAX_ITEMS)
		return -1;
	return CR_CRONBACH_HEADER + k + (long) k * (k + 1) / 2;
}

void
cr_cronbach_init(double *st, int k)
{
	memset(st, 0, sizeof(double) * (size_t) cr_cronbach_state_len(k));
	st[0] = k;
}

/* 0 when the k variances (the diagonal of the co-moments) and their sum are finite, else -1. */
static int
check_diagonal(const double *st)
{
	int			k = (int) st[0];
	const double *cm = st + CR_CRONBACH_HEADER + k;
	double		d = 0;
	int			i;

	/* |C_ij| <= sqrt(C_ii C_jj): finite variances bound every covariance */
	for (i = 0; i < k; i++)
		d += cm[tri_index(k, i, i)];
	return isfinite(d) ? 0 : -1;
}

int
cr_cronbach_add(double *st, const double *x)
{
	int			k = (int) st[0];
	double		n = st[1] + 1.0;
	double	   *mean = st + CR_CRONBACH_HEADER;
	double	   *cm = mean + k;
	double		dold[CR_CRONBACH_MAX_ITEMS];
	int			i,
				j;

	/* Welford: C_ij += (x_i - mean_i,old)(x_j - mean_j,new) */
	for (i = 0; i < k; i++)
	{
		dold[i] = x[i] - mean[i];
		mean[i] += dold[i] / n;
	}
	for (i = 0; i < k; i++)
	{
		double	   *row = cm + tri_index(k, i, i);
		double		di = dold[i];

		if (CR_EVERY(i, 16))
			cr_check_interrupts();
		for (j = i; j < k; j++)
			row[j - i] += di * (x[j] - mean[j]);
	}
	st[1] = n;
	return check_diagonal(st);
}

int
cr_cronbach_merge(double *a, const double *b)
{
	int			k = (int) a[0];
	double		na = a[1],
				nb = b[1],
				n = na + nb;
	double	   *ma = a + CR_CRONBACH_HEADER;
	const double *mb = b + CR_CRONBACH_HEADER;
	double	   *ca = ma + k;
	const double *cb = mb + k;
	double		delta[CR_CRONBACH_MAX_ITEMS];
	int			i,
				j;
	double		skipped = a[2] + b[2];

	a[2] = skipped;
	if (nb == 0)
		return 0;
	if (na == 0)
	{
		memcpy(a + 1, b + 1, sizeof(double) * (size_t) (cr_cronbach_state_len(k) - 1));
		a[2] = skipped;
		return check_diagonal(a);
	}
	/* Chan et al.: C = Ca + Cb + delta_i delta_j na nb / n, mean = ma + delta nb / n */
	for (i = 0; i < k; i++)
		delta[i] = mb[i] - ma[i];
	for (i = 0; i < k; i++)
	{
		long		r = tri_index(k, i, i);

		for (j = i; j < k; j++)
			ca[r + j - i] += cb[r + j - i] + delta[i] * delta[j] * (na * nb / n);
	}
	for (i = 0; i < k; i++)
		ma[i] += delta[i] * (nb / n);
	a[1] = n;
	return check_diagonal(a);
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

static double
read_packed(const void *m, int k, int i, int j)
{
	if (i > j)
	{
		int			t = i;

		i = j;
		j = t;
	}
	return ((const double *) m)[tri_index(k, i, j)];
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

CrCronbachStatus
cr_cronbach_alpha_state(const double *st, double *alpha, double *alpha_if_deleted)
{
	int			k = (int) st[0];

	if (st[1] < 2)
		return CR_CRONBACH_TOO_FEW;
	return alpha_generic(k, st + CR_CRONBACH_HEADER + k, read_packed, alpha,
						 alpha_if_deleted);
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
