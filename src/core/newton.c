/*
 * newton.c — damped Newton with an Armijo line search (Nocedal & Wright, Numerical
 * Optimization, 2nd ed., sec. 3.4 "Newton's method with Hessian modification": add a multiple
 * of the identity until the Cholesky factorisation succeeds).
 */
#include "newton.h"

#include <math.h>
#include <string.h>

/* Cholesky of a (n*n); returns 0, or -1 when not positive definite. */
static int
cholesky(int n, const double *a, double *l)
{
	int			i,
				j,
				k;

	for (i = 0; i < n; i++)
		for (j = 0; j <= i; j++)
		{
			double		sum = a[i * n + j];

			for (k = 0; k < j; k++)
				sum -= l[i * n + k] * l[j * n + k];
			if (i == j)
			{
				if (!(sum > 0) || !isfinite(sum))
					return -1;
				l[i * n + i] = sqrt(sum);
			}
			else
				l[i * n + j] = sum / l[j * n + j];
		}
	return 0;
}

/* Solve L L^T p = -g. */
static void
chol_solve_neg(int n, const double *l, const double *g, double *p)
{
	double		y[CR_OPTIM_MAX_DIM];
	int			i,
				j;

	for (i = 0; i < n; i++)
	{
		double		sum = -g[i];

		for (j = 0; j < i; j++)
			sum -= l[i * n + j] * y[j];
		y[i] = sum / l[i * n + i];
	}
	for (i = n - 1; i >= 0; i--)
	{
		double		sum = y[i];

		for (j = i + 1; j < n; j++)
			sum -= l[j * n + i] * p[j];
		p[i] = sum / l[i * n + i];
	}
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
				l[CR_OPTIM_MAX_DIM * CR_OPTIM_MAX_DIM],
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
			if (cholesky(n, hm, l) == 0)
			{
				chol_solve_neg(n, l, g, p);
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
		if (small_steps >= 3)
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
