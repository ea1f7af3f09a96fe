/*
 * newton_stats.h — Newton-step statistics: the log-likelihood, gradient and Hessian of a BTYD
 * model at given parameters, summed over customers in a state of constant size, and one damped
 * Newton step from them (pure C, no PostgreSQL).
 *
 * A fit's histogram state (fit_state.c) holds every distinct customer, so a fit of 100 million
 * customers with exact times gathers gigabytes in one process. These statistics are 38 doubles
 * whatever the data: a scan of the data at the current parameters, summed in parallel workers
 * or on Citus shards and combined, gives everything a Newton step needs. Iterating scan + step
 * reaches the maximum that cr_mle_fit finds (mle.h) in a handful of scans.
 *
 * The state (CR_NSTATS_LEN doubles):
 *   [0]      format and model: CR_NSTATS_BGNBD or CR_NSTATS_PARETO_NBD
 *   [1..4]   the parameters the terms were evaluated at (r, alpha, a, b or r, alpha, s, beta)
 *   [5]      rows added (a whole number)
 *   [6..7]   total weight                                  (exact sum: hi, lo; exact_sum.h)
 *   [8..9]   log-likelihood
 *   [10..17] gradient in theta = log(parameters), 4 sums
 *   [18..37] Hessian in theta, upper triangle row by row (00 01 02 03 11 12 13 22 23 33)
 *
 * Canonical: each weighted term is rounded to a multiple of 2^-64 before it is added, so every
 * term and partial sum is a multiple of 2^-64 and, while below 2^40 in magnitude, a number of
 * at most 104 bits that the double-double pair holds exactly; the sums are then exact and the
 * same rows give the same bytes in any order and under any plan. The rounding changes a term by
 * at most 2^-65 (~3e-20), far below what any step or standard error can see.
 */
#ifndef CR_NEWTON_STATS_H
#define CR_NEWTON_STATS_H

#define CR_NSTATS_LEN 38
#define CR_NSTATS_BGNBD 15001.0		/* format 1 of issue 15's statistics, BG/NBD */
#define CR_NSTATS_PARETO_NBD 15002.0	/* ... Pareto/NBD */

#define CR_NSTATS_I_PARAMS 1
#define CR_NSTATS_I_ROWS 5
#define CR_NSTATS_I_WEIGHT 6
#define CR_NSTATS_I_LOGLIK 8
#define CR_NSTATS_I_GRAD 10
#define CR_NSTATS_I_HESS 18

/* An empty state of the given model (a CR_NSTATS_* tag) at its 4 parameters. */
extern void cr_nstats_init(double *st, double model, const double *params);

/*
 * Add a customer (x, t_x, T) of weight w > 0 at the state's parameters. Returns 0, or -1 when
 * the likelihood or its derivatives cannot be evaluated there (not finite): the state is then
 * unchanged.
 */
extern int	cr_nstats_add(double *st, double x, double tx, double T, double w);

/* a += b. Returns 0, -1 when the models differ, -2 when the parameters differ. */
extern int	cr_nstats_merge(double *a, const double *b);

/* 1 when st (len doubles) is a state this code made: tag, positive finite parameters, normal pairs. */
extern int	cr_nstats_valid(const double *st, long len);

/* The total weight of a state (a sum rounded to a double). */
static inline double
cr_nstats_weight(const double *st)
{
	return st[CR_NSTATS_I_WEIGHT] + st[CR_NSTATS_I_WEIGHT + 1];
}

/* The sums rounded to doubles: loglik, gradient (4), Hessian (4x4 row-major, symmetric). */
extern void cr_nstats_values(const double *st, double *loglik, double *grad, double *hess);

typedef struct CrNstatsStep
{
	double		params[4];		/* the next point (the state's own when converged) */
	double		se[4];			/* standard errors when converged (delta method), else NaN */
	double		loglik;			/* at the state's parameters */
	int			converged;		/* the state's point meets cr_mle_fit's convergence test */
	int			flat;			/* gradient vanished but -Hessian not positive definite */
	int			damped;			/* the Hessian needed a Levenberg-Marquardt shift */
} CrNstatsStep;

/*
 * One damped Newton step in log-parameter space from the state, as cr_mle_fit takes it (mle.h:
 * its damping, its cap of e^3 per step, its convergence test on the mean -LL / total weight),
 * times step_scale in (0, 1] (a caller's line search halves it when the log-likelihood fell).
 * Returns 0, or -1 when the state has no weight or the step leaves the representable range.
 */
extern int	cr_nstats_step(const double *st, double step_scale, CrNstatsStep *res);

#endif							/* CR_NEWTON_STATS_H */
