/*
 * key_driver.h — key-driver analysis: how much of the explained variance of an outcome (an NPS
 * answer, a renewal flag, P(alive)) each of p dimension scores accounts for (pure C11).
 *
 *   LMG (Lindeman, Merenda & Gold 1980, p. 119 ff.; the Shapley value of R², Grömping 2006):
 *       lmg_j = sum over S not containing j of |S|! (p - |S| - 1)! / p! * (R²(S + j) - R²(S)),
 *   exact over all 2^p subsets; the lmg_j add up to the full model's R².
 *   Johnson's relative weights (Johnson 2000, Multivariate Behavioral Research 35(1)):
 *       Rxx = V diag(l) V^T,  L = V diag(sqrt l) V^T,  b* = L^{-1} r_xy,
 *       eps_j = sum_k L_jk^2 b*_k^2,  which also add up to R².
 *   Standardised coefficients beta = Rxx^{-1} r_xy, R² = r_xy . beta.
 *
 * The state is a flat array of doubles (a float8[] in SQL), constant size for p dimensions:
 *     [0] format       CR_KD_FORMAT (751: 'K' 75, layout 1; no other state uses it, so a
 *                      cronbach_alpha_state, which has the same shape, is refused)
 *     [1] p            dimensions (1 .. CR_KD_MAX_DIMENSIONS), 0 while only skipped rows
 *                      have been seen (then the state ends here)
 *     [2] n            complete rows accumulated
 *     [3] n_skipped    rows left out for a missing outcome, array or answer
 *     [4 .. )          a cross_products.h block of m = p + 1 variables (outcome first): exact
 *                      sums and sums of products, the same bytes whatever the order of the rows
 */
#ifndef CR_KEY_DRIVER_H
#define CR_KEY_DRIVER_H

/*
 * 2^20 subsets: about 0.2 s and 8 MB for the R² of every subset. Each dimension more
 * doubles both (2^25 subsets would take some 8 s and 256 MB), and survey key-driver
 * analyses have a handful to fifteen dimensions.
 */
#define CR_KD_MAX_DIMENSIONS 20
#define CR_KD_HEADER 4
#define CR_KD_FORMAT 751

/* Length of a state for p dimensions (p = 0: the header alone), -1 when p is out of range. */
extern long cr_kd_state_len(int p);

/* A zeroed state for p dimensions (st has cr_kd_state_len(p) doubles). */
extern void cr_kd_init(double *st, int p);

/* Adds one complete row (finite values, checked by the caller); 0, or -1 on overflow. */
extern int	cr_kd_add(double *st, double outcome, const double *dimensions);

/* Merges b into a (same p >= 1, checked by the caller); 0, or -1 on overflow. */
extern int	cr_kd_merge(double *a, const double *b);

/* 1 when st (len doubles) is a well-formed state, for states that arrive from outside. */
extern int	cr_kd_state_valid(const double *st, long len);

typedef enum CrKdStatus
{
	CR_KD_OK = 0,
	CR_KD_TOO_FEW,				/* fewer than p + 2 complete rows */
	CR_KD_NO_OUTCOME_VARIANCE,	/* the outcome does not vary */
	CR_KD_NO_DIMENSION_VARIANCE,	/* dimension bad_dimension does not vary */
	CR_KD_COLLINEAR,			/* the dimensions are (nearly) linearly dependent */
	CR_KD_OVERFLOW,				/* sums of squares beyond a double */
	CR_KD_NO_MEMORY
} CrKdStatus;

/* Output arrays of p doubles each, allocated by the caller. */
typedef struct CrKdResult
{
	double		r_squared;
	double	   *lmg;			/* sums to r_squared */
	double	   *relative_weight;	/* sums to r_squared */
	double	   *std_beta;
	double	   *correlation;	/* r of each dimension with the outcome */
	double	   *mean;			/* mean of each dimension (filled whenever n >= 1) */
	double		outcome_mean;
	double		min_eigenvalue; /* smallest eigenvalue of Rxx (collinearity diagnosis) */
	int			bad_dimension;	/* 0-based, for CR_KD_NO_DIMENSION_VARIANCE */
} CrKdResult;

/*
 * Everything from p x p correlation matrix rxx (row-major, unit diagonal) and the p
 * correlations rxy with the outcome. CR_KD_COLLINEAR when the smallest eigenvalue of rxx is
 * below 1e-10 times the largest (a variance inflation factor beyond about 1e10).
 */
extern CrKdStatus cr_kd_from_correlations(int p, const double *rxx, const double *rxy,
										  CrKdResult *res);

/* The same from a state (p >= 1): means, correlations, then the analysis. */
extern CrKdStatus cr_kd_from_state(const double *st, CrKdResult *res);

/* R² of the regression on the dimensions in mask (bit j = dimension j), by Cholesky; -1 when
 * the subset is singular. For tests: the all-subsets reference. */
extern double cr_kd_subset_r_squared(int p, const double *rxx, const double *rxy, unsigned long mask);

#endif							/* CR_KEY_DRIVER_H */
