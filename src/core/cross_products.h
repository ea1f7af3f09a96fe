/*
 * cross_products.h — the exact, order-independent sums behind a covariance matrix (pure C11).
 *
 * A block for k variables holds, as double-double (hi, lo) pairs (src/core/exact_sum.h):
 *     [0 .. 2k)            the sums of each variable x_i
 *     [2k .. 2k + k(k+1))  the sums of the products x_i x_j, i <= j, packed by rows of the
 *                          upper triangle
 * Exact sums of exact products rather than Welford's co-moments: the co-moments depend on the
 * order of the rows (and Chan's pairwise merge on the grouping of partial states), these sums do
 * not, so a state is the same whatever the plan (the house rule for portable states). The
 * co-moments n S_ij - S_i S_j are formed at the end in double-double arithmetic, which keeps the
 * precision that the same formula in doubles would lose on answers with a large mean and a
 * small spread. Shared by cronbach_alpha and key_drivers.
 */
#ifndef CR_CROSS_PRODUCTS_H
#define CR_CROSS_PRODUCTS_H

/* Doubles in a block for k variables: 2k + k(k+1). */
extern long cr_xprod_len(int k);

/* Adds one row of k finite values (checks for interrupts every 16 variables). */
extern void cr_xprod_add(double *b, int k, const double *x);

/* a += b, both blocks of k variables. */
extern void cr_xprod_merge(double *a, const double *b, int k);

/* 1 when the sums and the sums of squares are finite doubles (then every cross sum is). */
extern int	cr_xprod_finite(const double *b, int k);

/* 1 when every pair is finite and normalised and no sum of squares is negative. */
extern int	cr_xprod_valid(const double *b, int k);

/*
 * The co-moment C_ij = S_ij - S_i S_j / n = sum (x_i - mean_i)(x_j - mean_j) of the n rows
 * behind the block (either order of i, j); a variance is never below 0.
 */
extern double cr_xprod_comoment(const double *b, int k, double n, int i, int j);

#endif							/* CR_CROSS_PRODUCTS_H */
