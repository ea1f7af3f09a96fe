/*
 * mle.h — the one maximum-likelihood driver that every model's fit runs through (pure C, no
 * PostgreSQL).
 *
 * Models are fitted in log-parameter space (every parameter > 0), so the optimiser only ever sees
 * unconstrained problems. The driver is a damped Newton method with an Armijo line search; it
 * takes the model's analytic Hessian where the model has one (BG/NBD, MBG/NBD, Gamma-Gamma) and
 * otherwise differentiates the model's analytic gradient (Pareto/NBD, BG/BB, sBG). It tries the
 * model's starting points, computes standard errors from the Hessian, answers a cancel between
 * evaluations (cr_check_interrupts) and diagnoses fits that did not find an identified maximum:
 * a parameter running off to 0 or infinity, or a ridge along which the likelihood keeps
 * improving as some parameter grows without bound (Newton may call such a point converged,
 * because the likelihood has flattened out there).
 */
#ifndef CR_MLE_H
#define CR_MLE_H

#define CR_MLE_MAX_DIM 16		/* 4 base parameters + up to 12 covariate effects (btyd_cov.h) */

/*
 * The model's log-likelihood of all its data at log parameters x, as the model computes it.
 * Fills grad (n values, d LL / dx) when not NULL; fills hess (n*n, row-major) when not NULL and
 * the problem says the model has an analytic Hessian (otherwise hess is always NULL). Returns a
 * non-finite value outside the domain the model can evaluate, which the line search treats as
 * "step too long". The driver minimises -LL / total_weight, the mean over customers, so that its
 * tolerances mean the same for 100 customers or 100 million.
 */
typedef double (*cr_mle_loglik) (const double *x, double *grad, double *hess, void *ctx);

typedef struct CrMleProblem
{
	cr_mle_loglik loglik;
	void	   *ctx;
	int			n;				/* number of parameters, <= CR_MLE_MAX_DIM */
	int			analytic_hessian;	/* 0: the driver differentiates the gradient */
	const double *starts;		/* nstarts starting points, n log parameters each */
	int			nstarts;
	double		total_weight;	/* the customers' total weight (> 0) */
	int			n_effects;		/* the last n_effects parameters are not logs but effects on
								 * their own scale (covariate coefficients): their se is of x */
} CrMleProblem;

typedef enum CrMleStatus
{
	CR_MLE_CONVERGED = 0,
	CR_MLE_MAX_ITERATIONS,		/* ran out of iterations */
	CR_MLE_LINE_SEARCH_FAILED,	/* no step decreased f before the gradient vanished */
	CR_MLE_NOT_FINITE			/* f or its derivatives not finite at the start */
} CrMleStatus;

typedef struct CrMleResult
{
	double		x[CR_MLE_MAX_DIM];	/* log parameters */
	double		se[CR_MLE_MAX_DIM];	/* standard errors of exp(x_i) (delta method), of x_i for effects */
	double		cov[CR_MLE_MAX_DIM * CR_MLE_MAX_DIM];	/* covariance of x itself (inverse of the
														 * Hessian of -LL), n x n row-major;
														 * NaN unless se_ok */
	int			se_ok;			/* 0: Hessian not positive definite, se unknown */
	double		loglik;			/* total log-likelihood (NaN when nothing could be evaluated) */
	int			iterations;		/* over all starting points tried */
	int			converged;		/* 1 only for an identified interior maximum */
	int			flat;			/* gradient vanished but the Hessian is not positive definite */
	int			diverged;		/* index of a parameter running off to 0 or infinity, or -1 */
	CrMleStatus status;
} CrMleResult;

/*
 * Maximum likelihood from the problem's starting points: the first start that converges wins,
 * otherwise the best value found. loglik and the standard errors are for the total weight.
 */
extern void cr_mle_fit(const CrMleProblem *p, CrMleResult *res);

/* A fit stops when a log-parameter exceeds this in absolute value (a parameter beyond e^+-23). */
#define CR_MLE_LOG_BOUND 23.0
/* Beyond e^+-this (1e6) a parameter whose log is not pinned down is running off (see mle.c). */
#define CR_MLE_EXTREME_LOG 13.8155105579642741	/* log(1e6) */

/* Inverse of a symmetric positive-definite matrix (Cholesky). Returns 0, or -1. */
extern int	cr_invert_spd(int n, const double *a, double *inv);

/*
 * The driver's pieces, for callers that take the Newton steps themselves (newton_stats.h: one
 * step per scan of data too large for one process). f is the minimised mean -LL / total_weight.
 *
 * Converged when max |g_i| <= CR_MLE_GRADIENT_TOL * max(1, |f|).
 */
#define CR_MLE_GRADIENT_TOL 1e-11
/* In log-parameter space a step longer than this (a factor e^3) is cut back to it. */
#define CR_MLE_MAX_LOG_STEP 3.0

/* 1 when the gradient g of f meets the driver's convergence test, else 0. */
extern int	cr_mle_gradient_converged(int n, const double *g, double f);

/*
 * The damped Newton direction p = -(H + lambda I)^-1 g with the smallest lambda (0, or
 * 1e-8 max|H_ii| times a power of 4) that makes H + lambda I positive definite and p a descent
 * direction; *lambda is the previous iteration's damping on entry (0 at first), the one used on
 * return. Returns 0, or -1 when no damping worked: p is then the steepest descent -g.
 */
extern int	cr_mle_direction(int n, const double *h, const double *g, double *lambda, double *p);

#endif							/* CR_MLE_H */
