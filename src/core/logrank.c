/*
 * logrank.c — the log-rank test over k groups and its stratified sum (see logrank.h for the
 * formulas), and the generalized Cholesky quadratic form it needs when a group adds nothing to
 * the variance.
 *
 * Every sum runs in one fixed order (strata in the caller's order, times increasing, groups in
 * the caller's order), and the counts are integers, so the same tables give the same bits
 * whatever order their rows arrived in.
 */
#include "logrank.h"
#include "incgamma.h"
#include "runtime.h"

#include <math.h>
#include <string.h>

/* Pivots below this share of the largest diagonal element count as 0 (a dropped dimension). */
#define GINV_TOL 1e-10

int
cr_sym_ginv_quad(int m, double *a, const double *b, double tol, double *quad)
{
	double		eps = 0,
				q = 0;
	int			i,
				j,
				l,
				rank = 0;
	double	   *y;

	*quad = 0;
	for (i = 0; i < m; i++)
		eps = fmax(eps, fabs(a[i * m + i]));
	if (!(eps > 0))
		return 0;
	eps *= tol;
	/* A = L D L' in place (unit lower L below the diagonal, D on it); cholesky2's algorithm. */
	for (i = 0; i < m; i++)
	{
		double		pivot = a[i * m + i];

		cr_check_interrupts();
		if (!(pivot > eps))
		{
			for (j = i; j < m; j++)
				a[j * m + i] = 0;
			continue;
		}
		rank++;
		for (j = i + 1; j < m; j++)
		{
			double		t = a[j * m + i] / pivot;

			a[j * m + i] = t;
			a[j * m + j] -= t * t * pivot;
			for (l = j + 1; l < m; l++)
				a[l * m + j] -= t * a[l * m + i];
		}
	}
	/* b' A^- b = y' D^- y with L y = b: only the forward substitution is needed. */
	y = cr_malloc(sizeof(double) * (m > 0 ? m : 1));
	if (y == NULL)
		return -1;
	for (i = 0; i < m; i++)
	{
		double		sum = b[i];

		for (j = 0; j < i; j++)
			sum -= a[i * m + j] * y[j];
		y[i] = sum;
		if (a[i * m + i] > 0)
			q += sum * sum / a[i * m + i];
	}
	cr_free(y);
	*quad = q;
	return rank;
}

/* One stratum's contribution to E and V (k groups; pos, risk, d are work arrays of k). */
static void
logrank_stratum(int k, const CrKmPoint *const *tab, const size_t *np, size_t *pos,
				double *risk, double *d, double *expected, double *var)
{
	double		n = 0;
	int			g,
				h;
	size_t		steps = 0;

	for (g = 0; g < k; g++)
	{
		size_t		i;
		double		tot = 0;

		pos[g] = 0;
		for (i = 0; i < np[g]; i++)
			tot += (double) tab[g][i].events + (double) tab[g][i].censored;
		risk[g] = tot;
		n += tot;
	}
	for (;;)
	{
		double		t = INFINITY,
					dd = 0,
					gone = 0;
		int			any = 0;

		if (CR_EVERY(++steps, 1024))
			cr_check_interrupts();
		for (g = 0; g < k; g++)
			if (pos[g] < np[g] && tab[g][pos[g]].time < t)
			{
				t = tab[g][pos[g]].time;
				any = 1;
			}
		if (!any)
			break;
		for (g = 0; g < k; g++)
		{
			d[g] = 0;
			if (pos[g] < np[g] && tab[g][pos[g]].time == t)
				d[g] = (double) tab[g][pos[g]].events;
			dd += d[g];
		}
		if (dd > 0)
		{
			for (g = 0; g < k; g++)
				expected[g] += dd * risk[g] / n;
			if (n > 1)
			{
				double		kt = dd * (n - dd) / (n * (n - 1));

				for (g = 0; g < k; g++)
				{
					double		tg = kt * risk[g];

					if (tg == 0)
						continue;
					/*
					 * The diagonal as tg (n - n_g) / n, not tg - tg n_g / n: exactly 0 when one
					 * group is all that is at risk, where the difference leaves rounding noise
					 * that the rank test would take for information.
					 */
					for (h = 0; h < k; h++)
						var[g * k + h] += (h == g) ? tg * (n - risk[g]) / n : -tg * risk[h] / n;
				}
			}
		}
		for (g = 0; g < k; g++)
			if (pos[g] < np[g] && tab[g][pos[g]].time == t)
			{
				double		out = (double) tab[g][pos[g]].events + (double) tab[g][pos[g]].censored;

				risk[g] -= out;
				gone += out;
				pos[g]++;
			}
		n -= gone;
	}
}

CrLogrankStatus
cr_logrank(int k, int s, const CrKmPoint *const *table, const size_t *npoints,
		   CrLogrankResult *out)
{
	double	   *var,
			   *risk,
			   *d,
			   *diff,
			   *sub;
	size_t	   *pos;
	int			i,
				g,
				h,
				m,
				first;

	if (k < 2)
		return CR_LOGRANK_TOO_FEW_GROUPS;
	out->df = 0;
	out->chi_square = out->p_value = NAN;
	for (g = 0; g < k; g++)
	{
		out->n[g] = out->observed[g] = 0;
		out->expected[g] = out->variance[g] = 0;
	}
	/* Counts first, so that an overflow is reported before any arithmetic. */
	for (i = 0; i < s; i++)
		for (g = 0; g < k; g++)
		{
			const CrKmPoint *p = table[(size_t) i * k + g];
			size_t		j;

			for (j = 0; j < npoints[(size_t) i * k + g]; j++)
			{
				if (p[j].events > INT64_MAX - out->observed[g]
					|| p[j].events > INT64_MAX - out->n[g])
					return CR_LOGRANK_TOO_MANY;
				out->observed[g] += p[j].events;
				out->n[g] += p[j].events;
				if (p[j].censored > INT64_MAX - out->n[g])
					return CR_LOGRANK_TOO_MANY;
				out->n[g] += p[j].censored;
			}
		}

	var = cr_malloc(sizeof(double) * ((size_t) k * k * 2 + (size_t) k * 3));
	pos = cr_malloc(sizeof(size_t) * k);
	if (var == NULL || pos == NULL)
	{
		cr_free(var);
		cr_free(pos);
		return CR_LOGRANK_NO_MEMORY;
	}
	memset(var, 0, sizeof(double) * (size_t) k * k);
	sub = var + (size_t) k * k;
	risk = sub + (size_t) k * k;
	d = risk + k;
	diff = d + k;
	for (i = 0; i < s; i++)
		logrank_stratum(k, table + (size_t) i * k, npoints + (size_t) i * k, pos, risk, d,
						out->expected, var);
	for (g = 0; g < k; g++)
		out->variance[g] = var[g * k + g];

	/*
	 * As survdiff: keep the groups with E > 0 (a group never at risk at an event adds nothing),
	 * and drop the first of them, since O - E sums to 0 and so do V's rows.
	 */
	first = -1;
	m = 0;
	for (g = 0; g < k; g++)
	{
		if (!(out->expected[g] > 0))
			continue;
		if (first < 0)
		{
			first = g;
			continue;
		}
		diff[m++] = (double) out->observed[g] - out->expected[g];
	}
	if (m > 0)
	{
		int			r = 0,
					c;
		double		q;

		for (g = 0; g < k; g++)
		{
			if (!(out->expected[g] > 0) || g == first)
				continue;
			c = 0;
			for (h = 0; h < k; h++)
			{
				if (!(out->expected[h] > 0) || h == first)
					continue;
				sub[r * m + c] = var[g * k + h];
				c++;
			}
			r++;
		}
		r = cr_sym_ginv_quad(m, sub, diff, GINV_TOL, &q);
		if (r < 0)
		{
			cr_free(var);
			cr_free(pos);
			return CR_LOGRANK_NO_MEMORY;
		}
		if (r > 0)
		{
			out->df = r;
			out->chi_square = fmax(q, 0.0);
			out->p_value = cr_chisq_upper(out->chi_square, r);
		}
	}
	cr_free(var);
	cr_free(pos);
	return CR_LOGRANK_OK;
}
