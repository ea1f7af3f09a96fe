/*
 * intervals.h — intervals around a customer's predictions (pure C):
 *
 * 1. parameter uncertainty: an interval for a prediction g(theta) (expected purchases, CLV)
 *    that carries the sampling error of the fitted parameters, by the delta method on the log
 *    scale: with x the log parameters and V their covariance (the inverse Hessian of -LL at the
 *    maximum), se(log g) = sqrt(d' V d), d = d log g / d x by central differences, and the
 *    interval g exp(-+ z se(log g)). The log scale keeps the interval positive and matches the
 *    skew of a rate; the delta method is deterministic, needs no seed and costs 2k + 1
 *    predictions, where a parametric bootstrap would need hundreds (and its own seed);
 * 2. the predictive interval of a count X (future purchases): from its probability function,
 *    the equal-tailed interval [lo, hi] with P(X < lo) <= (1 - level)/2 and
 *    P(X > hi) <= (1 - level)/2, lo as large and hi as small as that allows. A discrete count
 *    cannot hit the level exactly: the interval covers at least the level, and its actual
 *    coverage P(lo <= X <= hi) is returned with it.
 */
#ifndef CR_INTERVALS_H
#define CR_INTERVALS_H

#include <stdint.h>

/* Phi^-1(p), 0 < p < 1 (Wichura 1988, AS 241, PPND16: about 16 digits). NaN outside. */
extern double cr_normal_quantile(double p);

/* A prediction at log parameters x (k values); NaN when it cannot be computed. */
typedef double (*cr_prediction_fn) (const double *x, void *ctx);

/*
 * The delta-method interval of a positive prediction at x with covariance logcov (k x k) of x,
 * at level (0 < level < 1). Returns 0, or -1 when the prediction or its gradient is not finite
 * or not positive (an estimate of exactly 0 gets the interval [0, 0], return 0).
 */
extern int	cr_delta_log_interval(cr_prediction_fn f, void *ctx, int k, const double *x,
								  const double *logcov, double level, double *estimate,
								  double *lower, double *upper);

/* P(X = n); NaN when it cannot be computed. */
typedef double (*cr_pmf_fn) (int64_t n, void *ctx);

/*
 * The equal-tailed predictive interval of a count (see above) at level (0 < level < 1),
 * searching n = 0 .. max_n. Returns 0, -1 when a probability is not finite, -2 when the upper
 * tail is not reached by max_n. *coverage = P(lo <= X <= hi).
 */
extern int	cr_count_interval(cr_pmf_fn pmf, void *ctx, double level, int64_t max_n,
							  int64_t *lower, int64_t *upper, double *coverage);

#endif							/* CR_INTERVALS_H */
