/*
 * optim.c — BFGS with a backtracking (Armijo) line search, numeric Hessians from analytic
 * gradients, and delta-method standard errors for log-parametrised models.
 * Reference: Nocedal & Wright, Numerical Optimization (2nd ed.), algorithm 6.1 and eq. 6.20.
 */
#include "optim.h"

#include <math.h>
#include <string.h>

void
cr_optim_default_options(CrOptimOptions *opt)
{
	opt->max_iterations = 500;
	opt->gradient_tol = 1e-9;
	opt->value_tol = 1e-14;
}

static int
all_finite(int n, const double *v)
{
	int			i;

	for (i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return 0;
	return 1;
}

static double
max_abs(int n, const double *v)
{
	double		m = 0;
	int			i;

	for (i = 0; i < n; i++)
		if (fabs(v[i]) > m)
			m = fabs(v[i]);
	return m;
}

CrOptimStatus
cr_minimize(cr_objective f, void *ctx, int n, double *x,
			const CrOptimOptions *opt, CrOptimResult *res)
{
	double		hinv[CR_OPTIM_MAX_DIM * CR_OPTIM_MAX_DIM];
	double		g[CR_OPTIM_MAX_DIM],
				gnew[CR_OPTIM_MAX_DIM],
				p[CR_OPTIM_MAX_DIM],
				xnew[CR_OPTIM_MAX_DIM],
				s[CR_OPTIM_MAX_DIM],
				y[CR_OPTIM_MAX_DIM],
				hy[CR_OPTIM_MAX_DIM];
	double		fx,
				fnew = 0;
	int			iter,
				i,
				j,
				small_steps = 0;

	memset(res, 0, sizeof(*res));
	if (n < 1 || n > CR_OPTIM_MAX_DIM)
		return res->status = CR_OPTIM_NOT_FINITE;

	fx = f(x, g, ctx);
	res->evaluations = 1;
	if (!isfinite(fx) || !all_finite(n, g))
	{
		res->value = fx;
		return res->status = CR_OPTIM_NOT_FINITE;
	}

	for (i = 0; i < n * n; i++)
		hinv[i] = 0;
	for (i = 0; i < n; i++)
		hinv[i * n + i] = 1.0;

	for (iter = 0; iter < opt->max_iterations; iter++)
	{
		double		slope = 0,
					step = 1.0,
					sy = 0,
					yhy = 0,
					pmax;
		int			accepted = 0;

		if (max_abs(n, g) <= opt->gradient_tol * fmax(1.0, fabs(fx)))
		{
			res->status = CR_OPTIM_CONVERGED;
			break;
		}

		/* Search direction p = -H^-1 g; fall back to steepest descent if not downhill. */
		for (i = 0; i < n; i++)
		{
			p[i] = 0;
			for (j = 0; j < n; j++)
				p[i] -= hinv[i * n + j] * g[j];
			slope += p[i] * g[i];
		}
		if (!(slope < 0))
		{
			for (i = 0; i < n * n; i++)
				hinv[i] = 0;
			for (i = 0; i < n; i++)
			{
				hinv[i * n + i] = 1.0;
				p[i] = -g[i];
			}
			slope = 0;
			for (i = 0; i < n; i++)
				slope += p[i] * g[i];
		}
		/* In log-parameter space a step of more than ~5 (a factor of e^5) is never sensible. */
		pmax = max_abs(n, p);
		if (pmax > 5.0)
			step = 5.0 / pmax;

		for (j = 0; j < 60; j++)
		{
			for (i = 0; i < n; i++)
				xnew[i] = x[i] + step * p[i];
			fnew = f(xnew, gnew, ctx);
			res->evaluations++;
			if (isfinite(fnew) && all_finite(n, gnew) && fnew <= fx + 1e-4 * step * slope)
			{
				accepted = 1;
				break;
			}
			step *= 0.5;
		}
		if (!accepted)
		{
			res->status = (max_abs(n, g) <= 1e-5 * fmax(1.0, fabs(fx)))
				? CR_OPTIM_CONVERGED : CR_OPTIM_LINE_SEARCH_FAILED;
			break;
		}

		for (i = 0; i < n; i++)
		{
			s[i] = xnew[i] - x[i];
			y[i] = gnew[i] - g[i];
			sy += s[i] * y[i];
		}
		/* BFGS update of the inverse Hessian (N&W 6.17), skipped when curvature is lost. */
		if (sy > 1e-300)
		{
			if (iter == 0)
			{
				/* Scale the initial guess (N&W 6.20) before the first update. */
				double		yy = 0;

				for (i = 0; i < n; i++)
					yy += y[i] * y[i];
				for (i = 0; i < n * n; i++)
					hinv[i] *= sy / yy;
			}
			for (i = 0; i < n; i++)
			{
				hy[i] = 0;
				for (j = 0; j < n; j++)
					hy[i] += hinv[i * n + j] * y[j];
				yhy += y[i] * hy[i];
			}
			for (i = 0; i < n; i++)
				for (j = 0; j < n; j++)
					hinv[i * n + j] += ((sy + yhy) * s[i] * s[j]) / (sy * sy)
						- (hy[i] * s[j] + s[i] * hy[j]) / sy;
		}

		if (fabs(fx - fnew) <= opt->value_tol * fmax(1.0, fabs(fx)))
			small_steps++;
		else
			small_steps = 0;

		memcpy(x, xnew, sizeof(double) * n);
		memcpy(g, gnew, sizeof(double) * n);
		fx = fnew;
		res->iterations = iter + 1;

		if (small_steps >= 3)
		{
			res->status = (max_abs(n, g) <= 1e-5 * fmax(1.0, fabs(fx)))
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
cr_hessian(cr_objective f, void *ctx, int n, const double *x, double *hess)
{
	double		xp[CR_OPTIM_MAX_DIM],
				gp[CR_OPTIM_MAX_DIM],
				gm[CR_OPTIM_MAX_DIM];
	int			i,
				j;

	if (n < 1 || n > CR_OPTIM_MAX_DIM)
		return -1;
	for (i = 0; i < n; i++)
	{
		double		h = 1e-5 * fmax(1.0, fabs(x[i]));

		memcpy(xp, x, sizeof(double) * n);
		xp[i] = x[i] + h;
		if (!isfinite(f(xp, gp, ctx)) || !all_finite(n, gp))
			return -1;
		xp[i] = x[i] - h;
		if (!isfinite(f(xp, gm, ctx)) || !all_finite(n, gm))
			return -1;
		for (j = 0; j < n; j++)
			hess[i * n + j] = (gp[j] - gm[j]) / (2 * h);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
		{
			double		m = 0.5 * (hess[i * n + j] + hess[j * n + i]);

			hess[i * n + j] = hess[j * n + i] = m;
		}
	return 0;
}

int
cr_invert_spd(int n, const double *a, double *inv)
{
	double		l[CR_OPTIM_MAX_DIM * CR_OPTIM_MAX_DIM];
	double		col[CR_OPTIM_MAX_DIM];
	int			i,
				j,
				k;

	if (n < 1 || n > CR_OPTIM_MAX_DIM)
		return -1;
	/* Cholesky a = L L^T. */
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
	/* Solve L L^T inv_col = e_c for each column. */
	for (k = 0; k < n; k++)
	{
		for (i = 0; i < n; i++)
		{
			double		sum = (i == k) ? 1.0 : 0.0;

			for (j = 0; j < i; j++)
				sum -= l[i * n + j] * col[j];
			col[i] = sum / l[i * n + i];
		}
		for (i = n - 1; i >= 0; i--)
		{
			double		sum = col[i];

			for (j = i + 1; j < n; j++)
				sum -= l[j * n + i] * inv[j * n + k];
			inv[i * n + k] = sum / l[i * n + i];
		}
	}
	return 0;
}

int
cr_log_param_std_errors(cr_objective f, void *ctx, int n, const double *x, double *se)
{
	double		hess[CR_OPTIM_MAX_DIM * CR_OPTIM_MAX_DIM],
				inv[CR_OPTIM_MAX_DIM * CR_OPTIM_MAX_DIM];
	int			i;

	if (cr_hessian(f, ctx, n, x, hess) != 0 || cr_invert_spd(n, hess, inv) != 0)
		return -1;
	for (i = 0; i < n; i++)
	{
		if (!(inv[i * n + i] > 0))
			return -1;
		se[i] = exp(x[i]) * sqrt(inv[i * n + i]);
	}
	return 0;
}
