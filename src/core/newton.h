/*
 * newton.h — damped Newton minimisation for likelihoods with an analytic Hessian (pure C).
 *
 * The BFGS of optim.h needs no Hessian but takes dozens of iterations; the models whose
 * Hessian is cheap (BG/NBD, MBG/NBD, Gamma-Gamma) converge in a handful of Newton steps, which
 * matters when every evaluation walks a large histogram of customers. Levenberg-Marquardt
 * damping keeps the step downhill where the Hessian is not positive definite, and an Armijo line
 * search makes every step decrease f. Works in log-parameter space like optim.h.
 */
#ifndef CR_NEWTON_H
#define CR_NEWTON_H

#include "optim.h"

/*
 * Objective: returns f(x); fills grad (n values) when not NULL and hess (n*n, row-major) when
 * not NULL. Returns a non-finite value outside the domain.
 */
typedef double (*cr_objective2)(const double *x, double *grad, double *hess, void *ctx);

typedef struct CrNewtonResult
{
	CrOptimStatus status;
	double		value;
	int			iterations;
	int			evaluations;
	int			diverged;		/* index of a coordinate that ran past +-bound (then status is
								 * CR_OPTIM_LINE_SEARCH_FAILED), or -1 */
} CrNewtonResult;

/*
 * Minimise f from x (n <= CR_OPTIM_MAX_DIM), overwritten with the result. bound > 0 stops the
 * search when some |x_i| exceeds it (in log-parameter space: a parameter running off to 0 or
 * infinity, i.e. the maximum is on the boundary). Returns res->status.
 */
extern CrOptimStatus cr_minimize_newton(cr_objective2 f, void *ctx, int n, double *x,
										const CrOptimOptions *opt, double bound,
										CrNewtonResult *res);

/* The result of a maximum-likelihood fit in log-parameter space (cr_mle_fit). */
typedef struct CrMleResult
{
	double		x[CR_OPTIM_MAX_DIM];	/* log parameters */
	double		se[CR_OPTIM_MAX_DIM];	/* standard errors of exp(x_i) (delta method) */
	int			se_ok;			/* 0: Hessian not positive definite, se unknown */
	double		loglik;			/* total log-likelihood (NaN when nothing could be evaluated) */
	int			iterations;		/* over all starting points tried */
	int			converged;
	int			flat;			/* gradient vanished but the Hessian is not positive definite:
								 * not converged, the maximum is not identified */
	int			diverged;		/* index of a parameter running off to 0 or infinity, or -1 */
	CrOptimStatus status;
} CrMleResult;

/*
 * Maximum likelihood from nstarts starting points (row-major, n values each, in log space):
 * the first start that converges wins, otherwise the best value found. f is the MEAN negative
 * log-likelihood over customers of total weight total_weight (the scale keeps tolerances
 * meaningful for any number of customers); loglik and the standard errors are for the total.
 * Standard errors come from the analytic Hessian of f.
 */
extern void cr_mle_fit(cr_objective2 f, void *ctx, int n, const double *starts, int nstarts,
					   double total_weight, CrMleResult *res);

/*
 * Standard errors of theta_i = exp(x_i) from the Hessian of the negative log-likelihood in
 * log space at x (delta method). Returns 0, or -1 when it is not positive definite.
 */
extern int	cr_newton_std_errors(int n, const double *x, const double *hess, double *se);

/* Fits stop when a log-parameter exceeds this in absolute value (a parameter beyond e^+-23). */
#define CR_MLE_LOG_BOUND 23.0
/* A fit that does not converge with a parameter beyond e^+-this reports it as diverging. */
#define CR_MLE_EXTREME_LOG 13.8155105579642741	/* log(1e6) */

#endif							/* CR_NEWTON_H */
