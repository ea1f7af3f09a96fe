/*
 * test_tracking.c — src/core/tracking.c: C(p) = sum_i w_i E[X(p - s_i)] over the customers
 * acquired before p, checked with expectations whose sums are known in closed form, and against
 * the BG/NBD and Pareto/NBD values of test/reference/holdout.R.
 */
#include <stdlib.h>

#include "bgnbd.h"
#include "pareto_nbd.h"
#include "tracking.h"
#include "unit.h"

/* E[X(t)] = t (a Poisson process of rate 1 that never dies). */
static double
linear(const void *ctx, double t)
{
	(void) ctx;
	return t;
}

static double
bad(const void *ctx, double t)
{
	(void) ctx;
	return t > 2 ? NAN : t;
}

static double
bg_ex(const void *ctx, double t)
{
	return cr_bgnbd_expected_new_variant(CR_BGNBD, (const CrBgnbdParams *) ctx, t);
}

static double
pn_ex(const void *ctx, double t)
{
	return cr_pareto_nbd_expected_new((const CrParetoNbdParams *) ctx, t);
}

int
main(void)
{
	double		cum[20];
	double		start[] = {0, 0.25, 1.5, 1.5, 3, 7.75};
	double		weight[] = {10, 3, 2, 5, 1, 4};
	double		start_rev[] = {7.75, 3, 1.5, 1.5, 0.25, 0};
	double		weight_rev[] = {4, 1, 5, 2, 3, 10};
	double		cum2[20];
	CrBgnbdParams bg = {0.243, 4.414, 0.793, 2.426};
	CrParetoNbdParams pn = {0.553, 10.578, 0.606, 11.669};
	int			i,
				same = 1;

	/* Linear: C(p) = sum over s_i < p of w_i (p - s_i). */
	unit_ok(cr_tracking_cumulative(linear, NULL, start, weight, 6, 20, cum) == CR_TRACKING_OK,
			"linear: ok", NULL);
	unit_close(cum[0], 10 * 1 + 3 * 0.75, 1e-12, "linear: period 1");
	unit_close(cum[1], 10 * 2 + 3 * 1.75 + 7 * 0.5, 1e-12, "linear: period 2 (equal starts merged)");
	unit_close(cum[7], 10 * 8 + 3 * 7.75 + 7 * 6.5 + 1 * 5 + 4 * 0.25, 1e-12, "linear: period 8");
	/* Order of the input does not matter, to the bit. */
	cr_tracking_cumulative(linear, NULL, start_rev, weight_rev, 6, 20, cum2);
	for (i = 0; i < 20; i++)
		same &= cum[i] == cum2[i];
	unit_ok(same, "any input order gives the same bits", NULL);
	/* Unweighted = weight 1. */
	cr_tracking_cumulative(linear, NULL, start, NULL, 6, 3, cum);
	unit_close(cum[2], 3 + 2.75 + 1.5 + 1.5, 1e-12, "unweighted: period 3");
	/* No customers, no periods. */
	unit_ok(cr_tracking_cumulative(linear, NULL, start, weight, 0, 2, cum) == CR_TRACKING_OK &&
			cum[0] == 0 && cum[1] == 0, "no customers: zeros", NULL);
	unit_ok(cr_tracking_cumulative(linear, NULL, start, weight, 6, 0, cum) == CR_TRACKING_OK,
			"no periods: nothing to do", NULL);
	/* A model that returns NaN is reported. */
	unit_ok(cr_tracking_cumulative(bad, NULL, start, weight, 6, 5, cum) == CR_TRACKING_NONFINITE,
			"NaN from the model: CR_TRACKING_NONFINITE", NULL);

	/* The models, against test/reference/holdout.R (the papers' formulas in R). */
	cr_tracking_cumulative(bg_ex, &bg, start, weight, 6, 20, cum);
	unit_rel_close(cum[0], 0.65348593397331767, 1e-9, "BG/NBD period 1 (R)");
	unit_rel_close(cum[4], 4.3983560080170907, 1e-9, "BG/NBD period 5 (R)");
	unit_rel_close(cum[19], 17.276545647094608, 1e-9, "BG/NBD period 20 (R)");
	cr_tracking_cumulative(pn_ex, &pn, start, weight, 6, 20, cum);
	unit_rel_close(cum[1], 1.4393078705732723, 1e-9, "Pareto/NBD period 2 (R)");
	unit_rel_close(cum[7], 6.91977533741583, 1e-9, "Pareto/NBD period 8 (R)");
	unit_rel_close(cum[19], 17.281232728852917, 1e-9, "Pareto/NBD period 20 (R)");
	return unit_finish();
}
