/*
 * logrank.h — the log-rank test of equal survival in k groups, and its stratified form (pure C,
 * no PostgreSQL). Mantel (1966); Peto & Peto (1972); the k-group statistic and the stratified
 * sum as in Kalbfleisch & Prentice (2002, sec. 7.2), the numbers R's survival::survdiff prints.
 *
 * At each distinct time t of a stratum with d events among n at risk (n_g, d_g in group g):
 *   E_g += d n_g / n,
 *   V_gh += d (n - d) / (n (n - 1)) * n_g (delta_gh - n_h / n)      (n > 1),
 * summed over times and strata. The statistic is (O - E)' V^- (O - E) over the groups with
 * E > 0, less one of them (the sums of O - E and of V's rows are 0), chi-square with as many
 * degrees of freedom as that matrix has rank: k - 1 when every group was at risk at some event.
 */
#ifndef CR_LOGRANK_H
#define CR_LOGRANK_H

#include <stddef.h>
#include <stdint.h>

#include "kaplan_meier.h"

typedef enum CrLogrankStatus
{
	CR_LOGRANK_OK = 0,
	CR_LOGRANK_TOO_FEW_GROUPS,	/* k < 2 */
	CR_LOGRANK_TOO_MANY,		/* a group's number of subjects overflows int64 */
	CR_LOGRANK_NO_MEMORY
} CrLogrankStatus;

typedef struct CrLogrankResult
{
	int64_t    *n;				/* k: subjects per group (caller's arrays) */
	int64_t    *observed;		/* k: events per group */
	double	   *expected;		/* k */
	double	   *variance;		/* k: diagonal of V, the variance of O - E */
	double		chi_square;		/* valid when df > 0 */
	double		p_value;		/* upper tail of chi-square(df) at chi_square; valid when df > 0 */
	int			df;				/* 0: no event time with two groups at risk, nothing to test */
} CrLogrankResult;

/*
 * The test over k groups and s strata. table[i * k + g] (npoints[i * k + g] points) is the life
 * table of group g in stratum i: strictly increasing times, counts as cr_km_check accepts; an
 * empty table (0 points) is a group absent from that stratum. The caller owns out's arrays.
 */
extern CrLogrankStatus cr_logrank(int k, int s, const CrKmPoint *const *table,
								  const size_t *npoints, CrLogrankResult *out);

/*
 * (b' A^- b) for a symmetric positive semi-definite m x m matrix a (row-major; overwritten by
 * its factor), through the generalized Cholesky A = L D L' of survival's cholesky2: a pivot
 * below tol times the largest diagonal element counts as 0 and its dimension is dropped.
 * Returns the rank (number of pivots kept) and sets *quad.
 */
extern int	cr_sym_ginv_quad(int m, double *a, const double *b, double tol, double *quad);

#endif							/* CR_LOGRANK_H */
