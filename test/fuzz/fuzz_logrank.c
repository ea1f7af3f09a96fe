/*
 * libFuzzer harness for src/core/logrank.c and cr_sbg_fit_cohorts (src/core/sbg.c): arbitrary
 * life tables over up to 6 groups and 3 strata, and arbitrary cohorts, must never crash or read
 * out of bounds, and must keep the invariants: O - E sums to 0, the variances are >= 0, the
 * statistic is finite and >= 0 with a p-value in [0, 1] whenever df > 0, df < groups, and
 * relabelling the groups (reversing their order) gives the same statistic to rounding.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kaplan_meier.h"
#include "logrank.h"
#include "sbg.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)
#define MAXG 6
#define MAXS 3
#define MAXP 24

static uint8_t
rd_u8(const uint8_t **p, size_t *n)
{
	uint8_t		v = 0;

	if (*n > 0)
	{
		v = **p;
		(*p)++;
		(*n)--;
	}
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static CrKmPoint pts[MAXS * MAXG][MAXP];
	const CrKmPoint *tab[MAXS * MAXG],
			   *rev[MAXS * MAXG];
	size_t		np[MAXS * MAXG],
				nrev[MAXS * MAXG];
	int64_t		n[MAXG],
				o[MAXG],
				n2[MAXG],
				o2[MAXG];
	double		e[MAXG],
				v[MAXG],
				e2[MAXG],
				v2[MAXG],
				sum = 0,
				scale = 0;
	CrLogrankResult r = {n, o, e, v, 0, 0, 0},
				r2 = {n2, o2, e2, v2, 0, 0, 0};
	int			k = 2 + rd_u8(&data, &size) % (MAXG - 1),
				s = 1 + rd_u8(&data, &size) % MAXS,
				i,
				g;

	for (i = 0; i < s * k; i++)
	{
		size_t		m = rd_u8(&data, &size) % MAXP,
					j;
		double		t = 0;

		for (j = 0; j < m; j++)
		{
			t += 1 + rd_u8(&data, &size) % 8;	/* strictly increasing, with ties across groups */
			pts[i][j].time = t;
			pts[i][j].events = rd_u8(&data, &size) % 4;
			pts[i][j].censored = rd_u8(&data, &size) % 3;
			if (pts[i][j].events == 0 && pts[i][j].censored == 0)
				pts[i][j].censored = 1;
		}
		tab[i] = pts[i];
		np[i] = m;
	}
	/* the same tables with the groups in reverse order */
	for (i = 0; i < s; i++)
		for (g = 0; g < k; g++)
		{
			rev[i * k + g] = tab[i * k + (k - 1 - g)];
			nrev[i * k + g] = np[i * k + (k - 1 - g)];
		}
	CHECK(cr_logrank(k, s, tab, np, &r) == CR_LOGRANK_OK);
	CHECK(cr_logrank(k, s, rev, nrev, &r2) == CR_LOGRANK_OK);
	for (g = 0; g < k; g++)
	{
		CHECK(isfinite(e[g]) && e[g] >= 0 && v[g] >= -1e-9);
		sum += (double) o[g] - e[g];
		scale += (double) o[g] + e[g];
	}
	CHECK(fabs(sum) <= 1e-9 * (1 + scale));
	CHECK(r.df >= 0 && r.df < k && r.df == r2.df);
	if (r.df > 0)
	{
		CHECK(isfinite(r.chi_square) && r.chi_square >= 0);
		CHECK(r.p_value >= 0 && r.p_value <= 1);
		/* relabelling: same statistic up to rounding (a near-singular V may amplify it) */
		CHECK(fabs(r.chi_square - r2.chi_square) <= 1e-6 * (1 + r.chi_square));
	}

	/* cohorts from the remaining bytes: never crash, finite results or a flagged problem */
	{
		double		c[3][MAXP];
		const double *cs[3];
		int			cn[3],
					nc = 1 + rd_u8(&data, &size) % 3,
					j;
		CrSbgFit	f;

		for (i = 0; i < nc; i++)
		{
			int			pos;

			cn[i] = 1 + rd_u8(&data, &size) % 10;
			c[i][0] = 1 + rd_u8(&data, &size);
			for (j = 1; j < cn[i]; j++)
				c[i][j] = c[i][j - 1] - rd_u8(&data, &size) % (1 + (int) c[i][j - 1] / 2 + 1);
			for (j = 1; j < cn[i]; j++)
				if (c[i][j] < 0)
					c[i][j] = 0;
			CHECK(cr_sbg_check_survivors(c[i], cn[i], &pos) == CR_SBG_DATA_OK);
			cs[i] = c[i];
		}
		if (cr_sbg_fit_cohorts(cs, cn, nc, &f) == 0 && f.problem != CR_SBG_FIT_TOO_FEW_PERIODS)
			CHECK(isfinite(f.alpha) && isfinite(f.beta) && isfinite(f.loglik) && f.loglik <= 1e-9);
	}
	return 0;
}
