/*
 * tracking.c — the cohort's expected cumulative repeat purchases, C(t) = sum_i E[X(t - s_i)]
 * (see tracking.h; Fader, Hardie & Lee 2005, section 4).
 */
#include "tracking.h"

#include "exact_sum.h"
#include "runtime.h"

#include <math.h>
#include <stdlib.h>

typedef struct StartWeight
{
	double		start;
	double		weight;
} StartWeight;

static int
by_start(const void *a, const void *b)
{
	double		x = ((const StartWeight *) a)->start,
				y = ((const StartWeight *) b)->start;

	return (x > y) - (x < y);
}

int
cr_tracking_cumulative(CrExpectedNewFn fn, const void *ctx, const double *start,
					   const double *weight, int64_t n, int64_t n_periods, double *cum)
{
	StartWeight *sw;
	double	   *w_sum;			/* exact weight sums per distinct start, pairs */
	int64_t		m = 0,
				i,
				p;
	int			rc = CR_TRACKING_OK;

	if (n_periods <= 0)
		return CR_TRACKING_OK;
	if (n <= 0)
	{
		for (p = 0; p < n_periods; p++)
			cum[p] = 0.0;
		return CR_TRACKING_OK;
	}
	sw = cr_malloc(sizeof(StartWeight) * (size_t) n);
	w_sum = cr_malloc(2 * sizeof(double) * (size_t) n);
	if (sw == NULL || w_sum == NULL)
	{
		cr_free(sw);
		cr_free(w_sum);
		return CR_TRACKING_NOMEM;
	}
	for (i = 0; i < n; i++)
	{
		sw[i].start = start[i];
		sw[i].weight = weight ? weight[i] : 1.0;
	}
	qsort(sw, (size_t) n, sizeof(StartWeight), by_start);

	/* Merge equal starts: their weights add up exactly. */
	for (i = 0; i < n; i++)
	{
		if (CR_EVERY(i, 65536))
			cr_check_interrupts();
		if (m == 0 || sw[i].start != sw[m - 1].start)
		{
			sw[m].start = sw[i].start;
			cr_xsum_zero(w_sum + 2 * m);
			m++;
		}
		cr_xsum_add(w_sum + 2 * (m - 1), sw[i].weight);
	}

	for (p = 1; p <= n_periods && rc == CR_TRACKING_OK; p++)
	{
		double		s[2];

		cr_xsum_zero(s);
		/* sorted: the customers already acquired by p are a prefix */
		for (i = 0; i < m && sw[i].start < (double) p; i++)
		{
			double		w = cr_xsum_value(w_sum + 2 * i);
			double		e;

			if (CR_EVERY(i, 256))
				cr_check_interrupts();
			if (w == 0.0)
				continue;
			e = fn(ctx, (double) p - sw[i].start);
			if (!isfinite(e))
			{
				rc = CR_TRACKING_NONFINITE;
				break;
			}
			cr_xsum_add(s, w * e);
		}
		cum[p - 1] = cr_xsum_value(s);
		if (!isfinite(cum[p - 1]))
			rc = CR_TRACKING_NONFINITE;
	}
	cr_free(sw);
	cr_free(w_sum);
	return rc;
}
