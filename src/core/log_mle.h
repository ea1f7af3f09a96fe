/*
 * log_mle.h — maximum likelihood in log-parameter space for the four-parameter buy-till-you-die
 * models of this family (Pareto/NBD, BG/BB): BFGS from a starting point, a Newton polish,
 * standard errors from the Hessian, and recognition of a fit that ran off to the boundary of
 * the parameter space (which BFGS may report as converged because the likelihood has
 * flattened out there). Pure C.
 */
#ifndef CR_LOG_MLE_H
#define CR_LOG_MLE_H

#include "optim.h"

typedef struct CrLogMle
{
	double		theta[4];		/* in: the start; out: the estimate, log parameters */
	double		se[4];			/* standard errors of exp(theta) (delta method) */
	int			se_ok;			/* 0 when the Hessian is not positive definite */
	double		loglik;
	int			iterations;
	int			converged;		/* 0 also when a parameter diverged */
	CrOptimStatus status;
	int			diverged;		/* index of a parameter running off to 0 or infinity, or -1 */
} CrLogMle;

/*
 * Minimise nll (the negative log-likelihood of theta, with its gradient) from m->theta.
 * A parameter diverged when |theta| > 15 (a factor of 3e6), or > 10 when the Hessian was not
 * positive definite; the farthest one is reported.
 */
extern void cr_log_mle4(cr_objective nll, void *ctx, CrLogMle *m);

#endif							/* CR_LOG_MLE_H */
