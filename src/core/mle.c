/*
 * mle.c — the maximum-likelihood driver (see mle.h): damped Newton with an Armijo line search
 * (Nocedal & Wright, Numerical Optimization, 2nd ed., sec. 3.4 "Newton's method with Hessian
 * modification": add a multiple of the identity until the Cholesky factorisation succeeds), the
 * Hessian from the model or by central differences of its analytic gradient (ibid., sec. 8.1),
 * standard errors by the delta method, and the diagnosis of unidentified maxima.
 */
#include "mle.h"
#include "runtime.h"

#include <math.h>
#include <string.h>

#define MLE_MAX_ITERATIONS 200
/*
 * Converged when max |g_i| <= GRADIENT_TOL * max(1, |f|). Newton converges quadratically, so
 * this polishes to the rounding noise of the sums: fits of the same data summed in another
 * order agree to many digits.
 */
#define MLE_GRADIENT_TOL CR_MLE_GRADIENT_TOL
/* ... or, after five steps in a row that change f by less than this, when the gradient is small */
#define MLE_VALUE_TOL 1e-14
/*
 * A parameter beyond e^+-CR_MLE_EXTREME_LOG whose log has a standard error above this is not
 * identified: the likelihood barely changes when it is multiplied by e. An identified scale
 * parameter may well exceed 1e6 (a Gamma-Gamma v in a currency of small units); it is then
 * pinned down to a few percent.
 */
#define MLE_RIDGE_LOG_SE 1.0
/* see cr_mle_fit: e^10 ~ 2.2e4 */
#define MLE_STOPPED_LOG 10.0

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

/* The minimised objective, -LL / total_weight, and its derivatives (see mle.h). */
static double
objective(const CrMleProblem *p, const double *x, double *g, double *h)
{
	int			n = p->n,
				i;
	double		s = p->total_weight > 0 ? 1.0 / p->total_weight : 1.0,
				ll = p->loglik(x, g, h, p->ctx);

	if (!isfinite(ll))
		return INFINITY;
	for (i = 0; g && i < n; i++)
		g[i] = -g[i] * s;
	for (i = 0; h && i < n * n; i++)
		h[i] = -h[i] * s;
	return -ll * s;
}

/*
 * f at x, with the gradient when g is not NULL and the Hessian when h is not NULL (then g must
 * not be NULL): the model's, or central differences of its gradient, symmetrised.
 */
static double
eval(const CrMleProblem *p, const double *x, double *g, double *h)
{
	int			n = p->n,
				i,
				j;
	double		fx;

	cr_check_interrupts();
	if (h == NULL || p->analytic_hessian)
		return objective(p, x, g, h);
	fx = objective(p, x, g, NULL);
	if (!isfinite(fx))
		return fx;
	for (i = 0; i < n; i++)
	{
		double		xs[CR_MLE_MAX_DIM],
					gp[CR_MLE_MAX_DIM],
					gm[CR_MLE_MAX_DIM],
					step = 1e-5 * fmax(1.0, fabs(x[i]));

		cr_check_interrupts();
		memcpy(xs, x, sizeof(double) * n);
		xs[i] = x[i] + step;
		if (!isfinite(objective(p, xs, gp, NULL)))
			return NAN;
		xs[i] = x[i] - step;
		if (!isfinite(objective(p, xs, gm, NULL)))
			return NAN;
		for (j = 0; j < n; j++)
			h[i * n + j] = (gp[j] - gm[j]) / (2 * step);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			h[i * n + j] = h[j * n + i] = 0.5 * (h[i * n + j] + h[j * n + i]);
	return fx;
}

/*
 * The Cholesky factor of a symmetric matrix a (n x n, row-major): a = l l^T, l lower triangular.
 * Returns 0, or -1 when a squared pivot is not above min_pivot or not finite.
 */
static int
cholesky(int n, const double *a, double min_pivot, double *l)
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
				if (!(sum > min_pivot) || !isfinite(sum))
					return -1;
				l[i * n + i] = sqrt(sum);
			}
			else
				l[i * n + j] = sum / l[j * n + j];
		}
	return 0;
}

/* inv = (l l^T)^-1, column by column: solve l l^T inv_col = e_col. */
static void
cholesky_inverse(int n, const double *l, double *inv)
{
	double		col[CR_MLE_MAX_DIM];
	int			i,
				j,
				k;

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
}

int
cr_invert_spd(int n, const double *a, double *inv)
{
	double		l[CR_MLE_MAX_DIM * CR_MLE_MAX_DIM];

	if (n < 1 || n > CR_MLE_MAX_DIM || cholesky(n, a, 0, l) != 0)
		return -1;
	cholesky_inverse(n, l, inv);
	return 0;
}

/*
 * The inverse of the Hessian h of the total log-likelihood, for standard errors; -1 when h is
 * singular up to rounding. h is first scaled to a unit diagonal (so the answer does not depend
 * on the parameters' units), and its factorisation must not meet a squared pivot below
 * MLE_SINGULAR_PIVOT, nor a diagonal that is not positive. The squared pivots of the scaled
 * matrix are 1 - R^2 of each parameter's curvature on the ones before it. An exact ridge (two
 * covariates that carry the same information) makes h singular in exact arithmetic, and the
 * rounding of its sums alone then decides whether a plain factorisation goes through; its
 * inverse would be rounding noise, not standard errors. The same factorisation then gives the
 * inverse: inv(h) = D^-1 inv(D^-1 h D^-1) D^-1, D the square roots of the diagonal.
 */
#define MLE_SINGULAR_PIVOT 1e-10
static int
invert_hessian(int n, const double *h, double *inv)
{
	double		d[CR_MLE_MAX_DIM],
				scaled[CR_MLE_MAX_DIM * CR_MLE_MAX_DIM],
				l[CR_MLE_MAX_DIM * CR_MLE_MAX_DIM];
	int			i,
				j;

	for (i = 0; i < n; i++)
	{
		if (!(h[i * n + i] > 0) || !isfinite(h[i * n + i]))
			return -1;
		d[i] = sqrt(h[i * n + i]);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			scaled[i * n + j] = h[i * n + j] / (d[i] * d[j]);
	if (cholesky(n, scaled, MLE_SINGULAR_PIVOT, l) != 0)
		return -1;
	cholesky_inverse(n, l, inv);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			inv[i * n + j] /= d[i] * d[j];
	return 0;
}

/* p = -inv(h) g when h is positive definite; returns 0, or -1 otherwise. */
static int
newton_direction(int n, const double *h, const double *g, double *p)
{
	double		inv[CR_MLE_MAX_DIM * CR_MLE_MAX_DIM];
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

int
cr_mle_gradient_converged(int n, const double *g, double f)
{
	return max_abs(n, g) <= MLE_GRADIENT_TOL * fmax(1.0, fabs(f));
}

int
cr_mle_direction(int n, const double *h, const double *g, double *lambda_io, double *p)
{
	double		hm[CR_MLE_MAX_DIM * CR_MLE_MAX_DIM],
				diag_scale = 0,
				lambda = *lambda_io,
				slope;
	int			i,
				tries;

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
			{
				*lambda_io = lambda;
				return 0;
			}
		}
		lambda = (lambda > 0) ? lambda * 4 : 1e-8 * diag_scale;
	}
	/* steepest descent as a last resort */
	for (i = 0; i < n; i++)
		p[i] = -g[i];
	*lambda_io = lambda;
	return -1;
}

typedef struct NewtonRun
{
	CrMleStatus status;
	double		value;
	int			iterations;
	int			diverged;		/* a coordinate that ran past +-CR_MLE_LOG_BOUND, or -1 */
	int			have_derivatives;	/* g and h below are those at the final x */
	double		g[CR_MLE_MAX_DIM];
	double		h[CR_MLE_MAX_DIM * CR_MLE_MAX_DIM];
} NewtonRun;

/* Minimise f from x (overwritten with the result). */
static void
newton(const CrMleProblem *prob, double *x, NewtonRun *res)
{
	int			n = prob->n;
	double		g[CR_MLE_MAX_DIM],
				h[CR_MLE_MAX_DIM * CR_MLE_MAX_DIM],
				p[CR_MLE_MAX_DIM],
				xnew[CR_MLE_MAX_DIM];
	double		fx,
				lambda = 0;
	int			iter,
				i,
				small_steps = 0;

	memset(res, 0, sizeof(*res));
	res->diverged = -1;
	fx = eval(prob, x, g, h);
	if (!isfinite(fx) || !isfinite(max_abs(n, g)) || !isfinite(max_abs(n * n, h)))
	{
		res->value = fx;
		res->status = CR_MLE_NOT_FINITE;
		return;
	}
	res->status = CR_MLE_MAX_ITERATIONS;

	for (iter = 0; iter < MLE_MAX_ITERATIONS; iter++)
	{
		double		slope,
					step,
					fnew = fx,
					pmax,
					gnew[CR_MLE_MAX_DIM],
					hnew[CR_MLE_MAX_DIM * CR_MLE_MAX_DIM];
		int			accepted = 0,
					have_new = 0,	/* gnew and hnew hold the derivatives at xnew */
					tries;

		if (cr_mle_gradient_converged(n, g, fx))
		{
			res->status = CR_MLE_CONVERGED;
			break;
		}
		cr_mle_direction(n, h, g, &lambda, p);
		slope = 0;
		for (i = 0; i < n; i++)
			slope += p[i] * g[i];

		/* in log-parameter space a step beyond a factor e^3 per iteration is never sensible */
		step = 1.0;
		pmax = max_abs(n, p);
		if (pmax > CR_MLE_MAX_LOG_STEP)
			step = CR_MLE_MAX_LOG_STEP / pmax;

		for (tries = 0; tries < 50; tries++)
		{
			/*
			 * With an analytic Hessian the first trial point takes the derivatives in the same
			 * sweep over the data as its value (the sweep's cost is in the transcendental calls
			 * that value and derivatives share): Newton's full step is nearly always accepted,
			 * and then needs no second sweep. A differentiated Hessian costs 2n gradients, only
			 * worth paying at an accepted point.
			 */
			int			with_derivatives = (tries == 0 && prob->analytic_hessian);

			for (i = 0; i < n; i++)
				xnew[i] = x[i] + step * p[i];
			fnew = eval(prob, xnew, with_derivatives ? gnew : NULL, with_derivatives ? hnew : NULL);
			have_new = with_derivatives && isfinite(fnew);
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
			if (tries == 0 && isfinite(fnew) && fnew <= fx + 1e-12 * fmax(1.0, fabs(fx)) &&
				(have_new || isfinite(eval(prob, xnew, gnew, NULL))) &&
				max_abs(n, gnew) < 0.5 * max_abs(n, g))
			{
				accepted = 1;
				break;
			}
			step *= 0.5;
		}
		if (!accepted)
		{
			res->status = (max_abs(n, g) <= 1e-6 * fmax(1.0, fabs(fx)))
				? CR_MLE_CONVERGED : CR_MLE_LINE_SEARCH_FAILED;
			break;
		}

		if (fabs(fx - fnew) <= MLE_VALUE_TOL * fmax(1.0, fabs(fx)))
			small_steps++;
		else
			small_steps = 0;

		memcpy(x, xnew, sizeof(double) * n);
		if (have_new)
		{
			/* the derivatives of the accepted trial point (the same sweep's value) */
			fx = fnew;
			memcpy(g, gnew, sizeof(double) * n);
			memcpy(h, hnew, sizeof(double) * n * n);
		}
		else
			fx = eval(prob, x, g, h);
		res->iterations = iter + 1;
		if (!isfinite(fx) || !isfinite(max_abs(n, g)) || !isfinite(max_abs(n * n, h)))
		{
			res->status = CR_MLE_NOT_FINITE;
			break;
		}
		for (i = 0; i < n; i++)
			if (fabs(x[i]) > CR_MLE_LOG_BOUND)
				res->diverged = i;
		if (res->diverged >= 0)
		{
			res->status = CR_MLE_LINE_SEARCH_FAILED;
			break;
		}
		if (small_steps >= 5)
		{
			res->status = (max_abs(n, g) <= 1e-6 * fmax(1.0, fabs(fx)))
				? CR_MLE_CONVERGED : CR_MLE_LINE_SEARCH_FAILED;
			break;
		}
	}
	res->value = fx;
	/* g and h are the derivatives at x whenever fx is finite (every exit above keeps them so) */
	res->have_derivatives = isfinite(fx) && isfinite(max_abs(n, g)) && isfinite(max_abs(n * n, h));
	memcpy(res->g, g, sizeof(double) * n);
	memcpy(res->h, h, sizeof(double) * n * n);
}

void
cr_mle_fit(const CrMleProblem *p, CrMleResult *res)
{
	int			n = p->n;
	NewtonRun	run,
				best;
	double		x[CR_MLE_MAX_DIM],
				g[CR_MLE_MAX_DIM],
				hess[CR_MLE_MAX_DIM * CR_MLE_MAX_DIM],
				inv[CR_MLE_MAX_DIM * CR_MLE_MAX_DIM];
	double		best_value = INFINITY,
				fx;
	int			k,
				i;

	memset(res, 0, sizeof(*res));
	memset(&best, 0, sizeof(best));
	best.status = CR_MLE_NOT_FINITE;
	best.diverged = -1;
	res->diverged = -1;
	res->status = CR_MLE_NOT_FINITE;
	res->loglik = NAN;
	if (n < 1 || n > CR_MLE_MAX_DIM)
		return;

	for (k = 0; k < p->nstarts; k++)
	{
		memcpy(x, p->starts + k * n, sizeof(double) * n);
		newton(p, x, &run);
		res->iterations += run.iterations;
		if (isfinite(run.value) &&
			(run.value < best_value - 1e-12 ||
			 (run.status == CR_MLE_CONVERGED && best.status != CR_MLE_CONVERGED &&
			  run.value <= best_value + 1e-9)))
		{
			best_value = run.value;
			best = run;
			memcpy(res->x, x, sizeof(double) * n);
		}
		if (run.status == CR_MLE_CONVERGED)
			break;
	}
	res->status = best.status;
	res->diverged = best.diverged;
	if (!isfinite(best_value))
		return;
	res->converged = (best.status == CR_MLE_CONVERGED);
	if (best.have_derivatives)
	{
		/* the run ended at res->x with its derivatives: no sweep over the data again */
		fx = best.value;
		memcpy(g, best.g, sizeof(double) * n);
		memcpy(hess, best.h, sizeof(double) * n * n);
	}
	else
		fx = eval(p, res->x, g, hess);
	res->loglik = -(isfinite(fx) ? fx : best_value) * p->total_weight;

	/* standard errors: the Hessian of the total is total_weight times that of the mean */
	for (i = 0; i < n * n; i++)
		hess[i] *= p->total_weight;
	res->se_ok = isfinite(fx) && invert_hessian(n, hess, inv) == 0;
	for (i = 0; res->se_ok && i < n; i++)
		if (!(inv[i * n + i] > 0) || !isfinite(inv[i * n + i]))
			res->se_ok = 0;
	for (i = 0; i < n; i++)
		res->se[i] = !res->se_ok ? NAN :
			(i >= n - p->n_effects ? 1.0 : exp(res->x[i])) * sqrt(inv[i * n + i]);
	for (i = 0; i < n * n; i++)
		res->cov[i] = res->se_ok ? inv[i] : NAN;
	if (!res->se_ok && res->converged)
	{
		res->converged = 0;
		res->flat = 1;
	}

	/*
	 * A parameter beyond e^+-CR_MLE_EXTREME_LOG ran off towards the boundary when the fit did not
	 * converge, whichever test stopped it, or when the data do not pin its log down (a ridge:
	 * BG/NBD's a and b growing together with a/(a+b) fixed is a constant dropout probability,
	 * which the likelihood approaches without reaching). Name the most extreme one.
	 */
	if (res->diverged < 0)
	{
		/*
		 * A fit that stopped without converging (or flat) names a parameter already beyond
		 * e^+-MLE_STOPPED_LOG: it was on its way out when the optimiser stopped.
		 */
		double		most = res->converged ? CR_MLE_EXTREME_LOG : MLE_STOPPED_LOG;

		for (i = 0; i < n; i++)
		{
			int			loose = !res->converged ||
				sqrt(inv[i * n + i]) > MLE_RIDGE_LOG_SE;

			if (fabs(res->x[i]) > most && loose)
			{
				most = fabs(res->x[i]);
				res->diverged = i;
			}
		}
	}
	if (res->diverged >= 0)
	{
		res->converged = 0;
		res->flat = 0;
	}
	/* standard errors describe an identified maximum only */
	if (!res->converged)
	{
		res->se_ok = 0;
		for (i = 0; i < n; i++)
			res->se[i] = NAN;
		for (i = 0; i < n * n; i++)
			res->cov[i] = NAN;
	}
}
