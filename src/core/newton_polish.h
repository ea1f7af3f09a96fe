/*
 * newton_polish.h — a few safeguarded Newton steps after BFGS. The BFGS of optim.c stops when
 * the line search can no longer decrease f, which on the flat likelihood ridges of the
 * buy-till-you-die models (beta of Pareto/NBD, for one) can leave the third decimal unsettled;
 * Newton steps with the Hessian from the analytic gradient settle it. Pure C.
 */
#ifndef CR_NEWTON_POLISH_H
#define CR_NEWTON_POLISH_H

#include "optim.h"

/*
 * Up to 4 Newton steps from x (n <= CR_OPTIM_MAX_DIM), each kept only when f does not increase
 * and the Hessian is positive definite; x is updated in place. fx = f(x) on entry; returns f at
 * the returned x.
 */
extern double cr_newton_polish(cr_objective f, void *ctx, int n, double *x, double fx);

#endif							/* CR_NEWTON_POLISH_H */
