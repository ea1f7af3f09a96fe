/*
 * btyd_cov.h — time-invariant customer covariates in BG/NBD and Pareto/NBD (pure C).
 *
 * The specification is CLVTools' static-covariate models (Bachmann, Meierer & Naef; source files
 * pnbd_staticcov_LL_ind.cpp and bgnbd.cpp, after Fader & Hardie 2007, "Incorporating
 * time-invariant covariates into the Pareto/NBD and BG/NBD models", brucehardie.com note 019):
 * customer i with purchase covariates z_p and dropout covariates z_d has its own parameters
 *
 *   Pareto/NBD:  alpha_i = alpha exp(-g_p'z_p)   beta_i = beta exp(-g_d'z_d)
 *   BG/NBD:      alpha_i = alpha exp(-g_p'z_p)   a_i = a exp(g_d'z_d),  b_i = b exp(g_d'z_d)
 *
 * (r and s are common), and its likelihood, P(alive) and expectations are the plain model's at
 * those parameters. A positive g_p raises the mean purchase rate r/alpha_i by exp(g_p'z_p); a
 * positive g_d raises the Pareto/NBD mean dropout rate s/beta_i by exp(g_d'z_d). In BG/NBD the
 * dropout covariates scale a and b together, as CLVTools does: the mean dropout probability
 * a/(a+b) is unchanged and the covariates move its concentration a+b (a positive g_d makes the
 * customers with high g_d'z_d more alike, a negative one more dispersed). Covariates are used as
 * given, not centred (as in CLVTools): alpha, a, b, beta are those of a customer with z = 0.
 *
 * A fit evaluates the plain model's data likelihood (bgnbd.h, pareto_nbd.h) once per distinct
 * covariate vector, at that group's parameters, and maps its derivatives to (log base
 * parameters, g_p, g_d) by the chain rule: the group's log parameters are linear in them.
 */
#ifndef CR_BTYD_COV_H
#define CR_BTYD_COV_H

#include <stdint.h>

#include "mle.h"

/* Covariates in all (purchase + dropout): the 4 base parameters and these fill CR_MLE_MAX_DIM. */
#define CR_COV_MAX (CR_MLE_MAX_DIM - 4)

typedef enum CrCovModel
{
	CR_COV_BGNBD = 0,			/* base parameters (r, alpha, a, b) */
	CR_COV_PARETO_NBD = 1		/* base parameters (r, alpha, s, beta) */
} CrCovModel;

/*
 * The data of a fit: n customers (x, t_x, T) with weights w > 0 and their covariates zp (n * kp,
 * row-major) and zd (n * kd), arrays owned by the caller. Rows with equal covariates should be
 * adjacent (sort them): each run of equal covariates is one group, evaluated once per group.
 */
typedef struct CrCovData
{
	CrCovModel	model;
	int			kp;
	int			kd;
	int64_t		n;
	const double *x;
	const double *tx;
	const double *T;
	const double *w;
	const double *zp;
	const double *zd;
	int64_t		ngroups;
	int64_t    *start;			/* ngroups + 1 row offsets: group g is rows start[g] .. start[g+1]-1 */
	void	   *base;			/* ngroups CrBtydData or CrParetoNbdData, one per group */
	double		total_weight;
	double		repeat_weight;	/* weight of customers with x > 0 */
} CrCovData;

/* Returns 0, or -1 when out of memory or kp + kd > CR_COV_MAX (nothing left allocated). */
extern int	cr_cov_data_init(CrCovData *d, CrCovModel model, int64_t n, const double *x,
							 const double *tx, const double *T, const double *w,
							 int kp, const double *zp, int kd, const double *zd);
extern void cr_cov_data_free(CrCovData *d);

/*
 * Log-likelihood at phi = (log of the 4 base parameters, g_p[kp], g_d[kd]); fills grad (4+kp+kd)
 * and hess ((4+kp+kd)^2, row-major) when not NULL: BG/NBD's exact, Pareto/NBD's from forward
 * differences of each group's analytic gradient. NaN when a group cannot be evaluated.
 */
extern double cr_cov_data_loglik(const CrCovData *d, const double *phi, double *grad,
								 double *hess);

/* The result of a fit. */
typedef struct CrCovFit
{
	double		base[4];		/* r, alpha, a, b  or  r, alpha, s, beta */
	double		se_base[4];
	double		gp[CR_COV_MAX];
	double		se_gp[CR_COV_MAX];
	double		gd[CR_COV_MAX];
	double		se_gd[CR_COV_MAX];
	int			se_ok;			/* 0: standard errors unknown (not an identified maximum) */
	double		loglik;
	int			iterations;
	int			converged;
	int			flat;
	int			diverged;		/* index into phi of a parameter running off, or -1 */
	CrMleStatus status;
	double		plain_loglik;	/* the plain model's fit to the same customers (the start) */
} CrCovFit;

/*
 * Maximum likelihood through the one driver (mle.h), started at the plain model's estimate with
 * no covariate effect. Returns 0, -1 when out of memory.
 */
extern int	cr_cov_fit(const CrCovData *d, CrCovFit *fit);

/*
 * A customer's own base parameters from the model's (base, g_p, g_d) and its covariates: the
 * parameters the plain model's scoring takes. Returns 0, or -1 when one is not a positive
 * finite number (covariate effects too large).
 */
extern int	cr_cov_individual(CrCovModel model, const double *base, int kp, const double *gp,
							  const double *zp, int kd, const double *gd, const double *zd,
							  double *out);

#endif							/* CR_BTYD_COV_H */
