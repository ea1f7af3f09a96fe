/*
 * fit_diverged.h — recognising a maximum-likelihood fit that ran off to the boundary of the
 * parameter space (a parameter heading for 0 or infinity), which BFGS may report as converged
 * because the likelihood has flattened out there. Pure C.
 */
#ifndef CR_FIT_DIVERGED_H
#define CR_FIT_DIVERGED_H

/*
 * Index of the log-parameter of theta[0..3] that ran off (|theta| > 15, a factor of 3e6, or
 * > 10 when the Hessian was not positive definite), the farthest one; -1 when none did.
 */
extern int	cr_fit_diverged_param(const double *theta, int hessian_ok);

#endif							/* CR_FIT_DIVERGED_H */
