/*
 * newton.c — damped Newton with an Armijo line search (Nocedal & Wright, Numerical
 * Optimization, 2nd ed., sec. 3.4 "Newton's method with Hessian modification": add a multiple
 * of the identity until the Cholesky factorisation succeeds).
 */
#include "newton.h"

#include <math.h>
#include <string.h>

/* p = -inv(h) g when h is positive definite; returns 0, or -1 otherwise. */
static int
newton_direction(int n, const double *h, const double *g, double *p)
{
	double		inv[CR_OPTIM_MAX_DIM * CR_OPTIM_MAX_DIM];
	int			i,
				j;

	if (cr_invert_spd(n, h, inv) != 0)
		return -1;
	for (i = 0; i < n; i++)
	{
		p[i] = 0;
		for (j = 0; j < n; j++)
			p[i] -= inv[i * n + j] * g[j];
	}
	return 0;
}

static double
max_abs(int n, const double *v)
{
	double		m = 0;
	int			i;

	for (i = 0; i < n; i++)
		if (!(fabs(v[i]) <= m))
			m = fabs(v[i]);
	return m;
}

CrOptimStatus
cr_minimize_newton(cr_objective2 f, void *ctx, int n, double *x,
				   const CrOptimOptions *opt, double bound, CrNewtonResult *res)
{
	double		g[CR_OPTIM_MAX_DIM],
				h[CR_OPTIM_MAX_DIM * CR_OPTIM_MAX_DIM],
				hm[CR_OPTIM_MAX_DIM * CR_OPTIM_MAX_DIM],
				p[CR_OPTIM_MAX_DIM],
				xnew[CR_OPTIM_MAX_DIM];
	double		fx,
				lambda = 0;
	int			iter,
				i,
				small_steps = 0;

	memset(res, 0, sizeof(*res));
	res->diverged = -1;
	if (n < 1 || n > CR_OPTIM_MAX_DIM)
		return res->status = CR_OPTIM_NOT_FINITE;

	fx = f(x, g, h, ctx);
	res->evaluations = 1;
	if (!isfinite(fx) || !isfinite(max_abs(n, g)) || !isfinite(max_abs(n * n, h)))
	{
		res->value = fx;
		return res->status = CR_OPTIM_NOT_FINITE;
	}

	for (iter = 0; iter < opt->max_iterations; iter++)
	{
		double		slope,
					step,
					fnew = fx,
					diag_scale = 0,
					pmax;
		int			accepted = 0,
					tries;

		if (max_abs(n, g) <= opt->gradient_tol * fmax(1.0, fabs(fx)))
		{
			res->status = CR_OPTIM_CONVERGED;
			break;
		}
		for (i = 0; i < n; i++)
			diag_scale = fmax(diag_scale, fabs(h[i * n + i]));
		if (!(diag_scale > 0))
			diag_scale = 1;

		/* Newton direction with the smallest damping that makes H + lambda I positive definite */
		lambda = (lambda > 0) ? lambda / 10 : 0;
		if (lambda < 1e-10 * diag_scale)
			lambda = 0;
		for (tries = 0; tries < 60; tries++)
		{
			memcpy(hm, h, sizeof(double) * n * n);
			for (i = 0; i < n; i++)
				hm[i * n + i] += lambda;
			if (newton_direction(n, hm, g, p) == 0)
			{
				slope = 0;
				for (i = 0; i < n; i++)
					slope += p[i] * g[i];
				if (slope < 0 && isfinite(slope))
					break;
			}
			lambda = (lambda > 0) ? lambda * 4 : 1e-8 * diag_scale;
		}
		if (tries == 60)
		{
			/* steepest descent as a last resort */
			for (i = 0; i < n; i++)
				p[i] = -g[i];
		}
		slope = 0;
		for (i = 0; i < n; i++)
			slope += p[i] * g[i];

		/* in log-parameter space a step beyond a factor e^3 per iteration is never sensible */
		step = 1.0;
		pmax = max_abs(n, p);
		if (pmax > 3.0)
			step = 3.0 / pmax;

		for (tries = 0; tries < 50; tries++)
		{
			for (i = 0; i < n; i++)
				xnew[i] = x[i] + step * p[i];
			fnew = f(xnew, NULL, NULL, ctx);
			res->evaluations++;
			if (isfinite(fnew) && fnew <= fx + 1e-4 * step * slope)
			{
				accepted = 1;
				break;
			}
			/*
			 * Near the optimum the decrease of a full Newton step falls below the rounding
			 * noise of f (a sum over many customers) while the gradient, computed directly,
			 * still improves: accept the step when f is unchanged within that noise and the
			 * gradient shrinks.
			 */
			if (tries == 0 && isfinite(fnew) && fnew <= fx + 1e-12 * fmax(1.0, fabs(fx)))
			{
				double		gtry[CR_OPTIM_MAX_DIM];

				if (isfinite(f(xnew, gtry, NULL, ctx)) && max_abs(n, gtry) < 0.5 * max_abs(n, g))
				{
					res->evaluations++;
					accepted = 1;
					break;
				}
				res->evaluations++;
			}
			step *= 0.5;
		}
		if (!accepted)
		{
			res->status = (max_abs(n, g) <= 1e-6 * fmax(1.0, fabs(fx)))
				? CR_OPTIM_CONVERGED : CR_OPTIM_LINE_SEARCH_FAILED;
			break;
		}

		if (fabs(fx - fnew) <= opt->value_tol * fmax(1.0, fabs(fx)))
			small_steps++;
		else
			small_steps = 0;

		memcpy(x, xnew, sizeof(double) * n);
		fx = f(x, g, h, ctx);
		res->evaluations++;
		res->iterations = iter + 1;
		if (!isfinite(fx) || !isfinite(max_abs(n, g)) || !isfinite(max_abs(n * n, h)))
		{
			res->status = CR_OPTIM_NOT_FINITE;
			break;
		}
		if (bound > 0)
		{
			for (i = 0; i < n; i++)
				if (fabs(x[i]) > bound)
					res->diverged = i;
			if (res->diverged >= 0)
			{
				res->status = CR_OPTIM_LINE_SEARCH_FAILED;
				break;
			}
		}
		if (small_steps >= 5)
		{
			res->status = (max_abs(n, g) <= 1e-6 * fmax(1.0, fabs(fx)))
				? CR_OPTIM_CONVERGED : CR_OPTIM_LINE_SEARCH_FAILED;
			break;
		}
	}
	if (iter >= opt->max_iterations)
		res->status = CR_OPTIM_MAX_ITERATIONS;
	res->value = fx;
	return res->status;
}

int
cr_newton_std_errors(int n, const double *x, const double *hess, double *se)
{
	double		inv[CR_OPTIM_MAX_DIM * CR_OPTIM_MAX_DIM];
	int			i;

	if (cr_invert_spd(n, hess, inv) != 0)
		return -1;
	for (i = 0; i < n; i++)
	{
		if (!(inv[i * n + i] > 0) || !isfinite(inv[i * n + i]))
			return -1;
		se[i] = exp(x[i]) * sqrt(inv[i * n + i]);
	}
	return 0;
}

void
cr_mle_fit(cr_objective2 f, void *ctx, int n, const double *starts, int nstarts,
		   double total_weight, CrMleResult *res)
{
	CrOptimOptions opt;
	CrNewtonResult nr,
				best_nr;
	double		x[CR_OPTIM_MAX_DIM],
				hess[CR_OPTIM_MAX_DIM * CR_OPTIM_MAX_DIM];
	double		best_value = INFINITY;
	int			k,
				i;

	memset(res, 0, sizeof(*res));
	memset(&best_nr, 0, sizeof(best_nr));
	best_nr.status = CR_OPTIM_NOT_FINITE;
	best_nr.diverged = -1;
	res->diverged = -1;
	cr_optim_default_options(&opt);
	opt.max_iterations = 200;
	/* Newton converges quadratically: polish to the rounding noise of the sums, so fits of the
	 * same data summed in another order (parallel plans) agree to many digits */
	opt.gradient_tol = 1e-11;

	for (k = 0; k < nstarts; k++)
	{
		memcpy(x, starts + k * n, sizeof(double) * n);
		cr_minimize_newton(f, ctx, n, x, &opt, CR_MLE_LOG_BOUND, &nr);
		res->iterations += nr.iterations;
		if (isfinite(nr.value) &&
			(nr.value < best_value - 1e-12 ||
			 (nr.status == CR_OPTIM_CONVERGED && best_nr.status != CR_OPTIM_CONVERGED &&
			  nr.value <= best_value + 1e-9)))
		{
			best_value = nr.value;
			best_nr = nr;
			memcpy(res->x, x, sizeof(double) * n);
		}
		if (nr.status == CR_OPTIM_CONVERGED)
			break;
	}
	res->status = best_nr.status;
	res->diverged = best_nr.diverged;
	if (!isfinite(best_value))
	{
		res->loglik = NAN;
		return;
	}
	res->converged = (best_nr.status == CR_OPTIM_CONVERGED);
	res->loglik = -f(res->x, NULL, hess, ctx) * total_weight;
	/* the Hessian of the total is total_weight times that of the mean */
	for (i = 0; i < n * n; i++)
		hess[i] *= total_weight;
	if (cr_newton_std_errors(n, res->x, hess, res->se) == 0)
		res->se_ok = 1;
	else if (res->converged)
	{
		res->converged = 0;
		res->flat = 1;
	}
	/*
	 * A fit that stopped without converging with a parameter beyond e^+-CR_MLE_EXTREME_LOG ran
	 * off towards the boundary, whichever test stopped it: name the most extreme one.
	 */
	if (!res->converged && res->diverged < 0)
	{
		double		most = CR_MLE_EXTREME_LOG;

		for (i = 0; i < n; i++)
			if (fabs(res->x[i]) > most)
			{
				most = fabs(res->x[i]);
				res->diverged = i;
			}
	}
}
