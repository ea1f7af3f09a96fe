/*
 * optim.h — unconstrained minimisation for maximum-likelihood fits (pure C, no PostgreSQL).
 *
 * Models are fitted in log-parameter space (every parameter > 0), so the optimiser only ever
 * sees unconstrained problems. The objective returns the NEGATIVE log-likelihood and, when grad
 * is not NULL, fills its gradient; it returns a non-finite value when x is outside the domain the
 * model can evaluate, which the line search treats as "step too long".
 */
#ifndef CR_OPTIM_H
#define CR_OPTIM_H

typedef double (*cr_objective)(const double *x, double *grad, void *ctx);

typedef struct CrOptimOptions
{
	int			max_iterations;	/* e.g. 200 */
	double		gradient_tol;	/* converged when max |g_i| <= gradient_tol * max(1, |f|) */
	double		value_tol;		/* ... or when the relative decrease of f stays below this */
} CrOptimOptions;

typedef enum CrOptimStatus
{
	CR_OPTIM_CONVERGED = 0,
	CR_OPTIM_MAX_ITERATIONS,	/* ran out of iterations: not converged */
	CR_OPTIM_LINE_SEARCH_FAILED,	/* no step decreased f: not converged */
	CR_OPTIM_NOT_FINITE,		/* f or its gradient not finite at the starting point */
	CR_OPTIM_NO_MEMORY
} CrOptimStatus;

typedef struct CrOptimResult
{
	CrOptimStatus status;
	double		value;			/* f at the returned x */
	int			iterations;
	int			evaluations;
} CrOptimResult;

/* Sensible defaults for the models' likelihoods. */
extern void cr_optim_default_options(CrOptimOptions *opt);

/*
 * Quasi-Newton (BFGS) minimisation from x (n <= CR_OPTIM_MAX_DIM), overwritten with the result.
 * Returns res->status.
 */
#define CR_OPTIM_MAX_DIM 8
extern CrOptimStatus cr_minimize(cr_objective f, void *ctx, int n, double *x,
								 const CrOptimOptions *opt, CrOptimResult *res);

/*
 * Hessian of f at x by central differences of the analytic gradient (row-major n*n, symmetrised).
 * Returns 0 on success, -1 when an evaluation is not finite.
 */
extern int	cr_hessian(cr_objective f, void *ctx, int n, const double *x, double *hess);

/*
 * Inverse of a symmetric positive-definite matrix (Cholesky). Returns 0, or -1 when the matrix
 * is not positive definite (then the standard errors are unknown: report NULL, not NaN).
 */
extern int	cr_invert_spd(int n, const double *a, double *inv);

/*
 * Standard errors of the natural parameters theta_i = exp(x_i) from the Hessian of the negative
 * log-likelihood in log space (delta method: se(theta_i) = theta_i * sqrt(inv(H)_ii)).
 * Returns 0, or -1 when H is not positive definite (se left untouched).
 */
extern int	cr_log_param_std_errors(cr_objective f, void *ctx, int n, const double *x, double *se);

#endif							/* CR_OPTIM_H */
