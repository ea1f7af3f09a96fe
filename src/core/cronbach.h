/*
 * cronbach.h — Cronbach's alpha (internal-consistency reliability of a k-item scale) from a
 * streaming co-moment state, alpha-if-item-deleted, and the Feldt confidence interval
 * (pure C, no PostgreSQL).
 *
 * The state is a flat array of doubles so the SQL aggregate can keep it as a float8[]:
 *     [0] format       CR_CRONBACH_FORMAT (2); the first layout (co-moments) had none
 *     [1] k            number of items (2 .. CR_CRONBACH_MAX_ITEMS)
 *     [2] n            respondents accumulated (complete answers)
 *     [3] n_skipped    respondents skipped because an item was missing
 *     [4 .. 4+2k)      sums of the answers to each item, as (hi, lo) pairs
 *     [4+2k .. )       sums of the products x_i x_j, i <= j, packed by rows of the upper
 *                      triangle, as (hi, lo) pairs (k(k+1) values)
 * Sums rather than Welford's co-moments (which depend on the order of the respondents): the
 * pairs are exact double-double sums of exact products (src/core/exact_sum.h), so the state is
 * the same whatever the order of the rows or the grouping of partial states, and the
 * co-moments n S_ij - S_i S_j are formed at the end in double-double arithmetic, which keeps
 * the precision that the same formula in doubles loses when the answers have a large mean and
 * a small spread.
 */
#ifndef CR_CRONBACH_H
#define CR_CRONBACH_H

#define CR_CRONBACH_MAX_ITEMS 1000
#define CR_CRONBACH_HEADER 4
#define CR_CRONBACH_FORMAT 2

/* Length of the state for k items, or -1 when k is outside 2 .. CR_CRONBACH_MAX_ITEMS. */
extern long cr_cronbach_state_len(int k);

/* A zeroed state for k items (st has cr_cronbach_state_len(k) elements). */
extern void cr_cronbach_init(double *st, int k);

/*
 * Add one respondent's k answers (finite, checked by the caller). Returns 0, or -1 when the
 * sums of squares overflowed a double (answers around 1e154 and beyond); the state is then
 * unusable and the caller must raise an error.
 */
extern int	cr_cronbach_add(double *st, const double *x);

/* Merge state b into state a (same k, checked by the caller); 0, or -1 on overflow. */
extern int	cr_cronbach_merge(double *a, const double *b);

typedef enum CrCronbachStatus
{
	CR_CRONBACH_OK = 0,
	CR_CRONBACH_TOO_FEW,		/* fewer than 2 respondents */
	CR_CRONBACH_NO_VARIANCE,	/* the total score does not vary: alpha is undefined */
	CR_CRONBACH_OVERFLOW		/* the variances are not finite doubles */
} CrCronbachStatus;

/*
 * Alpha = k/(k-1) (1 - sum_i var_i / var_total) from a full k x k covariance (or co-moment:
 * the scale cancels) matrix, row-major. alpha_if_deleted (k elements, may be NULL) receives
 * alpha of the k-1 remaining items when item i is dropped, NaN when that is undefined (k = 2,
 * or the remaining total does not vary). Returns CR_CRONBACH_NO_VARIANCE when the total
 * variance is not positive (relative to the item variances).
 */
extern CrCronbachStatus cr_cronbach_alpha_cov(int k, const double *cov, double *alpha,
											  double *alpha_if_deleted);

/*
 * 1 when st (of len doubles) is a well-formed state: format, k, length, counts, every sum a
 * finite normalised pair, sums of squares not negative. For states that arrive from outside.
 */
extern int	cr_cronbach_state_valid(const double *st, long len);

/* The same from a state (co-moments formed from its sums; needs n >= 2). */
extern CrCronbachStatus cr_cronbach_alpha_state(const double *st, double *alpha,
												double *alpha_if_deleted);

/*
 * Feldt, Woodruff & Salih (1987) interval for alpha: (1 - alpha) / (1 - alpha_hat) follows
 * F((n-1), (n-1)(k-1)), so with F_q the q-quantile and g = 1 - level,
 *     low  = 1 - (1 - alpha_hat) F_{1-g/2},   high = 1 - (1 - alpha_hat) F_{g/2}.
 * Needs n >= 2, k >= 2, alpha_hat <= 1 finite, 0 < level < 1. Returns 0 on success, -1 on
 * invalid arguments or when the F quantile could not be computed.
 */
extern int	cr_cronbach_feldt_ci(double alpha_hat, double n, double k, double level,
								 double *low, double *high);

#endif							/* CR_CRONBACH_H */
