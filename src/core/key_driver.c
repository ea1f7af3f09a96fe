/*
 * key_driver.c — key-driver analysis from a streaming state: LMG (the Shapley decomposition
 * of R²), Johnson's relative weights and standardised coefficients (see key_driver.h).
 *
 * LMG needs R² of every subset of the dimensions. A depth-first walk over the subsets, adding
 * dimensions in increasing order, extends the parent subset's Cholesky factor of Rxx by one row
 * and its forward-substituted z = L^{-1} r_xy by one element, so that
 *     R²(S + j) = R²(S) + z_new²        (R²(S) = |L_S^{-1} r_S|²)
 * costs O(|S|) per subset instead of a fresh O(|S|³) solve: 2^p R² values in about p² 2^p / 4
 * flops. The Shapley sum then runs over the table of 2^p R² values.
 */
#include "key_driver.h"
#include "runtime.h"

#include <math.h>
#include <string.h>

#include "cross_products.h"
#include "eigen_sym.h"
#include "exact_sum.h"

#define P CR_KD_MAX_DIMENSIONS
#define BLOCK(st) ((st) + CR_KD_HEADER)

long
cr_kd_state_len(int p)
{
	if (p < 0 || p > CR_KD_MAX_DIMENSIONS)
		return -1;
	if (p == 0)
		return CR_KD_HEADER;
	return CR_KD_HEADER + cr_xprod_len(p + 1);
}

void
cr_kd_init(double *st, int p)
{
	memset(st, 0, sizeof(double) * (size_t) cr_kd_state_len(p));
	st[0] = CR_KD_FORMAT;
	st[1] = p;
}

int
cr_kd_add(double *st, double outcome, const double *dimensions)
{
	int			p = (int) st[1];
	double		row[P + 1];

	row[0] = outcome;
	memcpy(row + 1, dimensions, sizeof(double) * p);
	cr_xprod_add(BLOCK(st), p + 1, row);
	st[2] += 1.0;
	return cr_xprod_finite(BLOCK(st), p + 1) ? 0 : -1;
}

int
cr_kd_merge(double *a, const double *b)
{
	int			p = (int) a[1];

	a[2] += b[2];
	a[3] += b[3];
	cr_xprod_merge(BLOCK(a), BLOCK(b), p + 1);
	return cr_xprod_finite(BLOCK(a), p + 1) ? 0 : -1;
}

int
cr_kd_state_valid(const double *st, long len)
{
	int			p;

	if (len < CR_KD_HEADER || st[0] != CR_KD_FORMAT ||
		!(st[1] >= 0 && st[1] <= CR_KD_MAX_DIMENSIONS) || st[1] != floor(st[1]))
		return 0;
	p = (int) st[1];
	if (len != cr_kd_state_len(p) ||
		!(st[2] >= 0 && st[2] <= 9007199254740992.0) || st[2] != floor(st[2]) ||
		!(st[3] >= 0 && st[3] <= 9007199254740992.0) || st[3] != floor(st[3]))
		return 0;
	if (p == 0)
		return st[2] == 0;		/* no complete row yet */
	return cr_xprod_valid(BLOCK(st), p + 1);
}

/* ------------------------------------------------------------------ all subsets */

typedef struct SubsetWalk
{
	int			p;
	const double *rxx;
	const double *rxy;
	double	   *r2;				/* 2^p R² values, indexed by the subset's bit mask */
	double		l[P][P];		/* Cholesky rows of the current chain of members */
	double		z[P];			/* L^{-1} r of the chain */
	int			member[P];
	unsigned long visited;
} SubsetWalk;

static void
walk(SubsetWalk *w, int start, int depth, unsigned long mask, double r2)
{
	int			p = w->p,
				j,
				k,
				i;

	for (j = start; j < p; j++)
	{
		double		d = 1.0,	/* rxx_jj */
					zz = w->rxy[j];
		unsigned long next = mask | (1UL << j);

		if (CR_EVERY(++w->visited, 4096))
			cr_check_interrupts();
		/* new row of L: solve L_S l = rxx[S, j], then the pivot sqrt(1 - |l|²) */
		for (k = 0; k < depth; k++)
		{
			double		s = w->rxx[w->member[k] * p + j];

			for (i = 0; i < k; i++)
				s -= w->l[depth][i] * w->l[k][i];
			w->l[depth][k] = s / w->l[k][k];
			d -= w->l[depth][k] * w->l[depth][k];
			zz -= w->l[depth][k] * w->z[k];
		}
		/* d >= the smallest eigenvalue of Rxx (> 1e-10 relative, checked); guard rounding */
		if (!(d > 1e-300))
			d = 1e-300;
		w->l[depth][depth] = sqrt(d);
		zz /= w->l[depth][depth];
		w->z[depth] = zz;
		w->member[depth] = j;
		w->r2[next] = r2 + zz * zz;
		if (depth + 1 < p)
			walk(w, j + 1, depth + 1, next, w->r2[next]);
	}
}

double
cr_kd_subset_r_squared(int p, const double *rxx, const double *rxy, unsigned long mask)
{
	double		l[P][P],
				z[P];
	int			idx[P],
				m = 0,
				a,
				b,
				c;
	double		r2 = 0;

	if (p < 1 || p > P)
		return -1;
	for (a = 0; a < p; a++)
		if (mask & (1UL << a))
			idx[m++] = a;
	for (a = 0; a < m; a++)
	{
		double		s = rxy[idx[a]];

		for (b = 0; b <= a; b++)
		{
			double		t = rxx[idx[a] * p + idx[b]];

			for (c = 0; c < b; c++)
				t -= l[a][c] * l[b][c];
			if (a == b)
			{
				if (!(t > 0))
					return -1;
				l[a][a] = sqrt(t);
			}
			else
				l[a][b] = t / l[b][b];
		}
		for (b = 0; b < a; b++)
			s -= l[a][b] * z[b];
		z[a] = s / l[a][a];
		r2 += z[a] * z[a];
	}
	return r2;
}

/* ------------------------------------------------------------------ the analysis */

CrKdStatus
cr_kd_from_correlations(int p, const double *rxx, const double *rxy, CrKdResult *res)
{
	double		lambda[P],
				v[P * P],
				sq[P * P],		/* Rxx^{1/2} = V diag(sqrt l) V^T */
				bstar[P],
				wgt[P + 1];		/* Shapley weights by subset size */
	SubsetWalk *w;
	unsigned long nsub,
				mask;
	int			i,
				j,
				k;

	if (p < 1 || p > P)
		return CR_KD_TOO_FEW;
	if (cr_eigen_sym(p, rxx, lambda, v) != 0)
		return CR_KD_COLLINEAR;
	res->min_eigenvalue = lambda[0];
	if (!(lambda[0] > 1e-10 * lambda[p - 1]))
		return CR_KD_COLLINEAR;

	/* beta = V diag(1/l) V^T r and b* = V diag(1/sqrt l) V^T r (Johnson 2000, eq. 7-10) */
	for (k = 0; k < p; k++)
	{
		double		vr = 0;

		for (i = 0; i < p; i++)
			vr += v[i * p + k] * rxy[i];
		for (i = 0; i < p; i++)
		{
			if (k == 0)
				res->std_beta[i] = bstar[i] = 0;
			res->std_beta[i] += v[i * p + k] * vr / lambda[k];
			bstar[i] += v[i * p + k] * vr / sqrt(lambda[k]);
		}
	}
	for (i = 0; i < p; i++)
		for (j = 0; j < p; j++)
		{
			double		s = 0;

			for (k = 0; k < p; k++)
				s += v[i * p + k] * sqrt(lambda[k]) * v[j * p + k];
			sq[i * p + j] = s;
		}
	for (j = 0; j < p; j++)
	{
		double		e = 0;

		for (k = 0; k < p; k++)
			e += sq[j * p + k] * sq[j * p + k] * bstar[k] * bstar[k];
		res->relative_weight[j] = e;
	}

	/* R² of every subset, then the Shapley values */
	nsub = 1UL << p;
	w = cr_malloc(sizeof(SubsetWalk));
	if (w == NULL)
		return CR_KD_NO_MEMORY;
	w->r2 = cr_malloc(sizeof(double) * nsub);
	if (w->r2 == NULL)
	{
		cr_free(w);
		return CR_KD_NO_MEMORY;
	}
	w->p = p;
	w->rxx = rxx;
	w->rxy = rxy;
	w->visited = 0;
	w->r2[0] = 0;
	walk(w, 0, 0, 0, 0.0);

	/* |S|! (p - |S| - 1)! / p! = 1 / (p C(p-1, |S|)), C exact in doubles for p <= 20 */
	{
		double		choose = 1;

		for (k = 0; k < p; k++)
		{
			wgt[k] = 1.0 / (p * choose);
			choose = choose * (p - 1 - k) / (k + 1);
		}
	}
	for (j = 0; j < p; j++)
		res->lmg[j] = 0;
	for (mask = 0; mask < nsub; mask++)
	{
		int			size = __builtin_popcountl(mask);

		if (CR_EVERY(mask, 4096))
			cr_check_interrupts();
		for (j = 0; j < p; j++)
			if (!(mask & (1UL << j)))
			{
				double		gain = w->r2[mask | (1UL << j)] - w->r2[mask];

				/* R² never falls when a dimension is added; only rounding can say so */
				if (gain > 0)
					res->lmg[j] += wgt[size] * gain;
			}
	}
	res->r_squared = w->r2[nsub - 1];
	cr_free(w->r2);
	cr_free(w);
	if (res->r_squared > 1)
		res->r_squared = 1;		/* R² <= 1 exactly; rounding only */
	return CR_KD_OK;
}

CrKdStatus
cr_kd_from_state(const double *st, CrKdResult *res)
{
	int			p = (int) st[1],
				m = p + 1,
				i,
				j;
	double		n = st[2];
	const double *b = BLOCK(st);
	double		sd[P + 1],
				rxx[P * P],
				rxy[P];

	res->bad_dimension = -1;
	if (p < 1 || n < 1)
		return CR_KD_TOO_FEW;
	if (!cr_xprod_finite(b, m))
		return CR_KD_OVERFLOW;
	res->outcome_mean = cr_xsum_value(b) / n;
	for (j = 0; j < p; j++)
		res->mean[j] = cr_xsum_value(b + 2 * (j + 1)) / n;
	if (n < p + 2)
		return CR_KD_TOO_FEW;	/* at least one residual degree of freedom */
	for (i = 0; i < m; i++)
	{
		double		c = cr_xprod_comoment(b, m, n, i, i);

		if (!(c > 0))
		{
			res->bad_dimension = i - 1;
			return i == 0 ? CR_KD_NO_OUTCOME_VARIANCE : CR_KD_NO_DIMENSION_VARIANCE;
		}
		sd[i] = sqrt(c);
	}
	for (i = 0; i < m; i++)
		for (j = i; j < m; j++)
		{
			double		r = (i == j) ? 1.0 :
				cr_xprod_comoment(b, m, n, i, j) / sd[i] / sd[j];

			if (r > 1)
				r = 1;
			else if (r < -1)
				r = -1;
			if (i == 0)
			{
				if (j > 0)
					rxy[j - 1] = r;
			}
			else
				rxx[(i - 1) * p + (j - 1)] = rxx[(j - 1) * p + (i - 1)] = r;
		}
	for (j = 0; j < p; j++)
		res->correlation[j] = rxy[j];
	return cr_kd_from_correlations(p, rxx, rxy, res);
}
