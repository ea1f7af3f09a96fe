/*
 * tracking.h — expected repeat purchases of a cohort over calendar time (pure C11).
 *
 * A cohort whose customers make their first purchase at different times s_i (the "trial"
 * times, in the model's time unit, counted from the start of the tracking) is expected to make
 *   C(t) = sum_i E[X(t - s_i)]      (t > s_i; 0 before)
 * repeat purchases by time t, where E[X(t)] is the model's unconditional expectation for a
 * customer just acquired (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
 * section 4 and Figure 2: BG/NBD eq. 7; Schmittlein et al. 1987 for Pareto/NBD). The chart
 * of C(t) and C(t) - C(t - 1) against the actual cumulative and weekly repeat purchases is the
 * paper's tracking plot.
 */
#ifndef CR_TRACKING_H
#define CR_TRACKING_H

#include <stdint.h>

/* E[X(t)] of a customer just acquired, t >= 0, for the model ctx. */
typedef double (*CrExpectedNewFn) (const void *ctx, double t);

#define CR_TRACKING_OK 0
#define CR_TRACKING_NOMEM 1
#define CR_TRACKING_NONFINITE 2	/* the model returned NaN or infinity */

/*
 * cum[p - 1] = sum_i weight_i * E[X(p - start_i)] over the customers with start_i < p, for the
 * period ends p = 1 .. n_periods (periods of one unit). weight NULL means 1 for everybody.
 * Customers with the same start are summed first (day-granular starts repeat a lot), so the
 * cost is (distinct starts) x n_periods evaluations of E[X(t)]. Sums are exact (double-double)
 * in the order of the sorted starts, so the result does not depend on the order of the input.
 * Inputs are not checked here: starts and weights finite, weights >= 0.
 */
extern int	cr_tracking_cumulative(CrExpectedNewFn fn, const void *ctx, const double *start,
								   const double *weight, int64_t n, int64_t n_periods,
								   double *cum);

#endif							/* CR_TRACKING_H */
