/*
 * newton_stats.c — Newton-step statistics (see newton_stats.h).
 *
 * BG/NBD's per-customer gradient and Hessian are analytic (cr_bgnbd_row_loglik, the term of
 * the fit's own likelihood). Pareto/NBD has an analytic gradient only; its Hessian is the
 * central difference of the per-customer gradient at theta +- h e_k with mle.c's step
 * h = 1e-5 max(1, |theta_k|), symmetrised: summed over customers it is exactly the difference
 * of the total gradient that cr_mle_fit takes (differences are linear), so both paths see the
 * same Hessian.
 */
#include "newton_stats.h"

#include <math.h>
#include <string.h>

#include "bgnbd.h"
#include "exact_sum.h"
#include "mle.h"
#include "pareto_nbd.h"

/* upper-triangle index k of (i, j), i <= j: 00 01 02 03 11 12 13 22 23 33 */
static const int tri_i[10] = {0, 0, 0, 0, 1, 1, 1, 2, 2, 3};
static const int tri_j[10] = {0, 1, 2, 3, 1, 2, 3, 2, 3, 3};

/* The term on the grid of multiples of 2^-64 (see newton_stats.h: what makes the sums exact). */
static double
grid(double t)
{
	return ldexp(rint(ldexp(t, 64)), -64);
}

void
cr_nstats_init(double *st, double model, const double *params)
{
	memset(st, 0, sizeof(double) * CR_NSTATS_LEN);
	st[0] = model;
	memcpy(st + CR_NSTATS_I_PARAMS, params, sizeof(double) * 4);
}

/* Pareto/NBD: the per-customer Hessian by central differences of its analytic gradient. */
static double
pareto_row(const double *theta, double x, double tx, double T, double *g, double *h)
{
	double		ll = cr_pareto_nbd_row_loglik(theta, x, tx, T, g);
	int			k,
				j;

	if (!isfinite(ll))
		return NAN;
	for (k = 0; k < 4; k++)
	{
		double		th[4],
					gp[4],
					gm[4],
					step = 1e-5 * fmax(1.0, fabs(theta[k]));	/* mle.c's rule */

		memcpy(th, theta, sizeof(th));
		th[k] = theta[k] + step;
		if (!isfinite(cr_pareto_nbd_row_loglik(th, x, tx, T, gp)))
			return NAN;
		th[k] = theta[k] - step;
		if (!isfinite(cr_pareto_nbd_row_loglik(th, x, tx, T, gm)))
			return NAN;
		for (j = 0; j < 4; j++)
			h[k * 4 + j] = (gp[j] - gm[j]) / (2 * step);
	}
	return ll;
}

int
cr_nstats_add(double *st, double x, double tx, double T, double w)
{
	double		theta[4],
				g[4],
				h[16],
				ll,
				terms[15];
	int			k;

	for (k = 0; k < 4; k++)
		theta[k] = log(st[CR_NSTATS_I_PARAMS + k]);
	if (st[0] == CR_NSTATS_BGNBD)
		ll = cr_bgnbd_row_loglik(CR_BGNBD, theta, x, tx, T, g, h);
	else
		ll = pareto_row(theta, x, tx, T, g, h);

	/* the weighted terms, all checked before anything is added */
	terms[0] = grid(w * ll);
	for (k = 0; k < 4; k++)
		terms[1 + k] = grid(w * g[k]);
	for (k = 0; k < 10; k++)
	{
		int			i = tri_i[k],
					j = tri_j[k];

		/* symmetrised as mle.c does (a no-op for BG/NBD's analytic Hessian) */
		terms[5 + k] = grid(w * 0.5 * (h[i * 4 + j] + h[j * 4 + i]));
	}
	for (k = 0; k < 15; k++)
		if (!isfinite(terms[k]))
			return -1;
	st[CR_NSTATS_I_ROWS] += 1;
	cr_xsum_add(st + CR_NSTATS_I_WEIGHT, grid(w));
	for (k = 0; k < 15; k++)
		cr_xsum_add(st + CR_NSTATS_I_LOGLIK + 2 * k, terms[k]);
	return 0;
}

int
cr_nstats_merge(double *a, const double *b)
{
	int			k;

	if (a[0] != b[0])
		return -1;
	for (k = 0; k < 4; k++)
		if (a[CR_NSTATS_I_PARAMS + k] != b[CR_NSTATS_I_PARAMS + k])
			return -2;
	a[CR_NSTATS_I_ROWS] += b[CR_NSTATS_I_ROWS];
	for (k = CR_NSTATS_I_WEIGHT; k < CR_NSTATS_LEN; k += 2)
		cr_xsum_add_sum(a + k, b + k);
	return 0;
}

int
cr_nstats_valid(const double *st, long len)
{
	int			k;

	if (len != CR_NSTATS_LEN || (st[0] != CR_NSTATS_BGNBD && st[0] != CR_NSTATS_PARETO_NBD))
		return 0;
	for (k = 0; k < 4; k++)
		if (!(st[CR_NSTATS_I_PARAMS + k] > 0) || !isfinite(st[CR_NSTATS_I_PARAMS + k]))
			return 0;
	if (!(st[CR_NSTATS_I_ROWS] >= 0) || st[CR_NSTATS_I_ROWS] != floor(st[CR_NSTATS_I_ROWS]) ||
		!(st[CR_NSTATS_I_ROWS] <= 9007199254740992.0))
		return 0;
	for (k = CR_NSTATS_I_WEIGHT; k < CR_NSTATS_LEN; k += 2)
		if (!cr_xsum_is_normal(st + k))
			return 0;
	return cr_xsum_value(st + CR_NSTATS_I_WEIGHT) >= 0;
}

void
cr_nstats_values(const double *st, double *loglik, double *grad, double *hess)
{
	int			k;

	*loglik = cr_xsum_value(st + CR_NSTATS_I_LOGLIK);
	for (k = 0; k < 4; k++)
		grad[k] = cr_xsum_value(st + CR_NSTATS_I_GRAD + 2 * k);
	for (k = 0; k < 10; k++)
		hess[tri_i[k] * 4 + tri_j[k]] = hess[tri_j[k] * 4 + tri_i[k]] =
			cr_xsum_value(st + CR_NSTATS_I_HESS + 2 * k);
}

int
cr_nstats_step(const double *st, double step_scale, CrNstatsStep *res)
{
	double		W = cr_xsum_value(st + CR_NSTATS_I_WEIGHT),
				ll,
				grad[4],
				hess[16],
				f,
				g[4],
				h[16],
				p[4],
				lambda = 0,
				pmax = 0,
				step;
	int			k;

	memset(res, 0, sizeof(*res));
	for (k = 0; k < 4; k++)
	{
		res->params[k] = st[CR_NSTATS_I_PARAMS + k];
		res->se[k] = NAN;
	}
	if (!(W > 0) || !(step_scale > 0 && step_scale <= 1))
		return -1;
	cr_nstats_values(st, &ll, grad, hess);
	res->loglik = ll;

	/* cr_mle_fit's objective: the mean -LL / W, its gradient and Hessian */
	f = -ll / W;
	for (k = 0; k < 4; k++)
		g[k] = -grad[k] / W;
	for (k = 0; k < 16; k++)
		h[k] = -hess[k] / W;

	if (cr_mle_gradient_converged(4, g, f))
	{
		double		nh[16],
					inv[16];

		/* standard errors of exp(theta) by the delta method, as cr_mle_fit gives them */
		for (k = 0; k < 16; k++)
			nh[k] = -hess[k];
		res->converged = cr_invert_spd(4, nh, inv) == 0;
		for (k = 0; res->converged && k < 4; k++)
			if (!(inv[k * 4 + k] > 0) || !isfinite(inv[k * 4 + k]))
				res->converged = 0;
		for (k = 0; res->converged && k < 4; k++)
			res->se[k] = res->params[k] * sqrt(inv[k * 4 + k]);
		res->flat = !res->converged;
		return 0;
	}

	res->damped = cr_mle_direction(4, h, g, &lambda, p) != 0 || lambda > 0;
	for (k = 0; k < 4; k++)
		pmax = fmax(pmax, fabs(p[k]));
	step = (pmax > CR_MLE_MAX_LOG_STEP) ? CR_MLE_MAX_LOG_STEP / pmax : 1.0;
	step *= step_scale;
	for (k = 0; k < 4; k++)
	{
		double		th = log(res->params[k]) + step * p[k];

		if (!(fabs(th) <= CR_MLE_LOG_BOUND))
			return -1;
		res->params[k] = exp(th);
	}
	return 0;
}
