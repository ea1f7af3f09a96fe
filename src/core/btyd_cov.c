/*
 * btyd_cov.c — covariates in BG/NBD and Pareto/NBD (see btyd_cov.h): groups of customers with
 * equal covariates, the chain rule from each group's plain-model likelihood to the covariate
 * model's parameters, and the fit through the one driver (mle.c).
 *
 * With phi = (log base parameters, g_p, g_d), group g's log base parameters are
 *   theta_g = phi[0..3] + P (g_p'z_p,g) + D (g_d'z_d,g),
 * P = (0, -1, 0, 0) for both models (alpha_i = alpha e^(-g_p'z)), D = (0, 0, 1, 1) for BG/NBD
 * (a and b scaled together, CLVTools' bgnbd_staticcov_a_i / _b_i) and (0, 0, 0, -1) for Pareto/NBD
 * (beta_i = beta e^(-g_d'z)). theta_g = J_g phi is linear, so with the group's gradient g_g and
 * Hessian H_g in theta: dLL/dphi = sum_g J_g' g_g and d2LL/dphi2 = sum_g J_g' H_g J_g, exactly.
 */
#include "btyd_cov.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bgnbd.h"
#include "pareto_nbd.h"
#include "runtime.h"

static const double link_purchase[4] = {0, -1, 0, 0};
static const double link_dropout[2][4] = {
	{0, 0, 1, 1},				/* BG/NBD: a and b */
	{0, 0, 0, -1},				/* Pareto/NBD: beta */
};

static int
same_covariates(const CrCovData *d, int64_t i, int64_t j)
{
	int			k;

	for (k = 0; k < d->kp; k++)
		if (d->zp[i * d->kp + k] != d->zp[j * d->kp + k])
			return 0;
	for (k = 0; k < d->kd; k++)
		if (d->zd[i * d->kd + k] != d->zd[j * d->kd + k])
			return 0;
	return 1;
}

int
cr_cov_data_init(CrCovData *d, CrCovModel model, int64_t n, const double *x, const double *tx,
				 const double *T, const double *w, int kp, const double *zp, int kd,
				 const double *zd)
{
	int64_t		i,
				g;
	size_t		base_size = (model == CR_COV_BGNBD) ? sizeof(CrBtydData) : sizeof(CrParetoNbdData);

	memset(d, 0, sizeof(*d));
	d->model = model;
	d->kp = kp;
	d->kd = kd;
	d->n = n;
	d->x = x;
	d->tx = tx;
	d->T = T;
	d->w = w;
	d->zp = zp;
	d->zd = zd;
	if (kp < 0 || kd < 0 || kp + kd > CR_COV_MAX || n < 0)
		return -1;
	if (n == 0)
		return 0;

	/* runs of equal covariates */
	d->ngroups = 1;
	for (i = 1; i < n; i++)
		if (!same_covariates(d, i - 1, i))
			d->ngroups++;
	d->start = cr_malloc(sizeof(int64_t) * (d->ngroups + 1));
	d->base = cr_malloc(base_size * d->ngroups);
	if (!d->start || !d->base)
		goto oom;
	memset(d->base, 0, base_size * d->ngroups);
	g = 0;
	d->start[0] = 0;
	for (i = 1; i < n; i++)
		if (!same_covariates(d, i - 1, i))
			d->start[++g] = i;
	d->start[d->ngroups] = n;

	for (g = 0; g < d->ngroups; g++)
	{
		int64_t		s = d->start[g],
					m = d->start[g + 1] - s;
		int			rc;

		if (CR_EVERY(g, 1024))
			cr_check_interrupts();
		if (model == CR_COV_BGNBD)
			rc = cr_btyd_data_init((CrBtydData *) d->base + g, m, x + s, tx + s, T + s, w + s);
		else
			rc = cr_pareto_nbd_data_init((CrParetoNbdData *) d->base + g, m, x + s, tx + s,
										 T + s, w + s);
		if (rc != 0)
		{
			/* the failed group left nothing allocated; free the ones before it */
			d->ngroups = g;
			goto oom;
		}
	}
	for (i = 0; i < n; i++)
	{
		d->total_weight += w[i];
		if (x[i] > 0)
			d->repeat_weight += w[i];
	}
	return 0;

oom:
	cr_cov_data_free(d);
	return -1;
}

void
cr_cov_data_free(CrCovData *d)
{
	int64_t		g;

	for (g = 0; d->base && g < d->ngroups; g++)
	{
		if (d->model == CR_COV_BGNBD)
			cr_btyd_data_free((CrBtydData *) d->base + g);
		else
			cr_pareto_nbd_data_free((CrParetoNbdData *) d->base + g);
	}
	cr_free(d->base);
	cr_free(d->start);
	d->base = NULL;
	d->start = NULL;
	d->ngroups = 0;
}

/* The shifts of group g's log base parameters: shift[k] = P[k] g_p'z_p + D[k] g_d'z_d. */
static void
group_shift(const CrCovData *d, int64_t row, const double *gp, const double *gd, double *shift)
{
	double		ep = 0,
				ed = 0;
	int			k;

	for (k = 0; k < d->kp; k++)
		ep += gp[k] * d->zp[row * d->kp + k];
	for (k = 0; k < d->kd; k++)
		ed += gd[k] * d->zd[row * d->kd + k];
	for (k = 0; k < 4; k++)
		shift[k] = link_purchase[k] * ep + link_dropout[d->model][k] * ed;
}

/*
 * Pareto/NBD has an analytic gradient only. The group's 4 x 4 Hessian in theta by forward
 * differences of that gradient (step ~ sqrt(machine epsilon) for an error ~1e-8 relative), mapped
 * by the chain rule like an analytic one: 4 more gradients per group, where the driver's central
 * differences in phi would take 2 (4 + kp + kd) — 16 for 2 + 2 covariates.
 */
static int
pareto_group_hessian(const CrCovData *d, int64_t g, const double *theta, const double *g4,
					 double *h4)
{
	int			k,
				l;

	for (k = 0; k < 4; k++)
	{
		double		ts[4],
					gs[4],
					step = 3e-8 * fmax(1.0, fabs(theta[k]));

		memcpy(ts, theta, sizeof(ts));
		ts[k] += step;
		step = ts[k] - theta[k];	/* the step actually taken */
		if (!isfinite(cr_pareto_nbd_data_loglik((const CrParetoNbdData *) d->base + g, ts, gs)))
			return -1;
		for (l = 0; l < 4; l++)
			h4[k * 4 + l] = (gs[l] - g4[l]) / step;
	}
	for (k = 0; k < 4; k++)
		for (l = 0; l < k; l++)
			h4[k * 4 + l] = h4[l * 4 + k] = 0.5 * (h4[k * 4 + l] + h4[l * 4 + k]);
	return 0;
}

double
cr_cov_data_loglik(const CrCovData *d, const double *phi, double *grad, double *hess)
{
	int			np = 4 + d->kp + d->kd,
				k,
				l,
				c,
				e;
	const double *ld = link_dropout[d->model];
	double		ll = 0;
	double		G[CR_MLE_MAX_DIM] = {0};
	double		H[CR_MLE_MAX_DIM * CR_MLE_MAX_DIM] = {0};
	int64_t		g;

	for (g = 0; g < d->ngroups; g++)
	{
		int64_t		row = d->start[g];
		double		shift[4],
					theta[4],
					g4[4],
					h4[16],
					llg;

		if (CR_EVERY(g, 256))
			cr_check_interrupts();
		group_shift(d, row, phi + 4, phi + 4 + d->kp, shift);
		for (k = 0; k < 4; k++)
			theta[k] = phi[k] + shift[k];
		if (d->model == CR_COV_BGNBD)
			llg = cr_bgnbd_data_loglik(CR_BGNBD, (const CrBtydData *) d->base + g, theta,
									   grad ? g4 : NULL, hess ? h4 : NULL);
		else
		{
			llg = cr_pareto_nbd_data_loglik((const CrParetoNbdData *) d->base + g, theta,
											(grad || hess) ? g4 : NULL);
			if (hess && isfinite(llg) && pareto_group_hessian(d, g, theta, g4, h4) != 0)
				return NAN;
		}
		if (!isfinite(llg))
			return NAN;
		ll += llg;
		if (grad || hess)
		{
			/* J: 4 x np, theta = J phi */
			double		J[4][CR_MLE_MAX_DIM];

			for (k = 0; k < 4; k++)
			{
				for (c = 0; c < np; c++)
					J[k][c] = 0;
				J[k][k] = 1;
				for (c = 0; c < d->kp; c++)
					J[k][4 + c] = link_purchase[k] * d->zp[row * d->kp + c];
				for (c = 0; c < d->kd; c++)
					J[k][4 + d->kp + c] = ld[k] * d->zd[row * d->kd + c];
			}
			if (grad)
				for (k = 0; k < 4; k++)
					for (c = 0; c < np; c++)
						G[c] += g4[k] * J[k][c];
			if (hess)
			{
				double		U[4][CR_MLE_MAX_DIM];	/* H_g J */

				for (k = 0; k < 4; k++)
					for (e = 0; e < np; e++)
					{
						double		s = 0;

						for (l = 0; l < 4; l++)
							s += h4[k * 4 + l] * J[l][e];
						U[k][e] = s;
					}
				for (c = 0; c < np; c++)
					for (e = c; e < np; e++)
					{
						double		s = 0;

						for (k = 0; k < 4; k++)
							s += J[k][c] * U[k][e];
						H[c * np + e] += s;
					}
			}
		}
	}
	if (grad)
		memcpy(grad, G, sizeof(double) * np);
	if (hess)
	{
		for (c = 0; c < np; c++)
			for (e = c; e < np; e++)
				hess[c * np + e] = hess[e * np + c] = H[c * np + e];
	}
	return ll;
}

static double
fit_loglik(const double *phi, double *grad, double *hess, void *ctx)
{
	return cr_cov_data_loglik(ctx, phi, grad, hess);
}

static int
cmp_row(const void *pa, const void *pb)
{
	const double *a = pa,
			   *b = pb;
	int			k;

	for (k = 0; k < 3; k++)
		if (a[k] != b[k])
			return a[k] < b[k] ? -1 : 1;
	return 0;
}

/*
 * The plain model fitted to all the customers, ignoring their covariates: log base parameters
 * into theta and its log-likelihood, or -1 when out of memory. Identical (x, t_x, T) are merged
 * into one weighted row first, as the plain fit's own state does: customers that differ only in
 * their covariates are many, their distinct histories few.
 */
static int
plain_fit(const CrCovData *d, double *theta, double *ll)
{
	int			k,
				rc = 0;
	int64_t		i,
				m = 0;
	double	   *rows = cr_malloc(sizeof(double) * 4 * (size_t) d->n),
			   *x = cr_malloc(sizeof(double) * 4 * (size_t) d->n),
			   *tx = x + d->n,
			   *T = x + 2 * d->n,
			   *w = x + 3 * d->n;

	if (!rows || !x)
	{
		cr_free(rows);
		cr_free(x);
		return -1;
	}
	for (i = 0; i < d->n; i++)
	{
		rows[4 * i] = d->x[i];
		rows[4 * i + 1] = d->tx[i];
		rows[4 * i + 2] = d->T[i];
		rows[4 * i + 3] = d->w[i];
	}
	qsort(rows, d->n, 4 * sizeof(double), cmp_row);
	cr_check_interrupts();
	for (i = 0; i < d->n; i++)
	{
		if (m > 0 && cmp_row(rows + 4 * i, rows + 4 * (i - 1)) == 0)
		{
			w[m - 1] += rows[4 * i + 3];
			continue;
		}
		x[m] = rows[4 * i];
		tx[m] = rows[4 * i + 1];
		T[m] = rows[4 * i + 2];
		w[m] = rows[4 * i + 3];
		m++;
	}
	cr_free(rows);

	if (d->model == CR_COV_BGNBD)
	{
		CrBtydData	all;
		CrBtydFit	f;

		if (cr_btyd_data_init(&all, m, x, tx, T, w) != 0 || cr_bgnbd_fit(&all, &f) != 0)
			rc = -1;
		cr_btyd_data_free(&all);
		if (rc != 0)
		{
			cr_free(x);
			return -1;
		}
		theta[0] = log(f.p.r);
		theta[1] = log(f.p.alpha);
		theta[2] = log(f.p.a);
		theta[3] = log(f.p.b);
		*ll = f.loglik;
	}
	else
	{
		CrParetoNbdData all;
		CrMleResult res;

		if (cr_pareto_nbd_data_init(&all, m, x, tx, T, w) != 0)
		{
			cr_free(x);
			return -1;
		}
		cr_pareto_nbd_fit(&all, &res);
		cr_pareto_nbd_data_free(&all);
		for (k = 0; k < 4; k++)
			theta[k] = res.x[k];
		*ll = res.loglik;
	}
	cr_free(x);
	return 0;
}

int
cr_cov_fit(const CrCovData *d, CrCovFit *fit)
{
	int			np = 4 + d->kp + d->kd,
				k,
				nstarts = 0;
	double		starts[2 * CR_MLE_MAX_DIM] = {0};
	double		theta[4];
	CrMleResult res;

	memset(fit, 0, sizeof(*fit));
	fit->diverged = -1;
	fit->loglik = NAN;
	fit->plain_loglik = NAN;
	if (d->n <= 0 || np > CR_MLE_MAX_DIM)
		return 0;

	/*
	 * Start at the plain model's estimate with no covariate effect: the covariates then only
	 * refine a fit that is already close (with z = 0, alpha_i = alpha). Should the plain fit
	 * fail, the plain model's own first start with no effect.
	 */
	if (plain_fit(d, theta, &fit->plain_loglik) != 0)
		return -1;
	if (isfinite(fit->plain_loglik))
	{
		for (k = 0; k < 4; k++)
			starts[k] = theta[k];
		nstarts++;
	}
	{
		double		maxT = 0,
					sumx = 0,
					sumT = 0;
		int64_t		i;
		double	   *s = starts + nstarts * np;

		for (i = 0; i < d->n; i++)
		{
			maxT = fmax(maxT, d->T[i]);
			sumx += d->w[i] * d->x[i];
			sumT += d->w[i] * d->T[i];
		}
		if (d->model == CR_COV_BGNBD)
		{
			s[1] = log(maxT > 0 ? maxT / 10 : 1);	/* r = a = b = 1, alpha = max T / 10 */
		}
		else
		{
			double		meanT = sumT > 0 ? sumT / d->total_weight : 1,
						meanx = sumx > 0 ? sumx / d->total_weight : 0.1;

			s[1] = log(meanT / meanx);	/* r = 1, alpha = T/x, s = 0.9, beta = T */
			s[2] = log(0.9);
			s[3] = log(meanT);
		}
		nstarts++;
	}
	{
		CrMleProblem prob = {.loglik = fit_loglik, .ctx = (void *) d, .n = np, .analytic_hessian = 1,
			.starts = starts, .nstarts = nstarts, .total_weight = d->total_weight, .n_effects = d->kp + d->kd};

		cr_mle_fit(&prob, &res);
	}

	fit->status = res.status;
	fit->iterations = res.iterations;
	fit->converged = res.converged;
	fit->flat = res.flat;
	fit->diverged = res.diverged;
	fit->loglik = res.loglik;
	fit->se_ok = res.se_ok;
	for (k = 0; k < 4; k++)
	{
		fit->base[k] = exp(res.x[k]);
		fit->se_base[k] = res.se[k];
	}
	/* the effects follow the four log parameters, on their own scale (n_effects) */
	for (k = 0; k < d->kp; k++)
	{
		fit->gp[k] = res.x[4 + k];
		fit->se_gp[k] = res.se[4 + k];
	}
	for (k = 0; k < d->kd; k++)
	{
		fit->gd[k] = res.x[4 + d->kp + k];
		fit->se_gd[k] = res.se[4 + d->kp + k];
	}
	return 0;
}

int
cr_cov_individual(CrCovModel model, const double *base, int kp, const double *gp,
				  const double *zp, int kd, const double *gd, const double *zd, double *out)
{
	double		ep = 0,
				ed = 0;
	int			k;

	for (k = 0; k < kp; k++)
		ep += gp[k] * zp[k];
	for (k = 0; k < kd; k++)
		ed += gd[k] * zd[k];
	for (k = 0; k < 4; k++)
	{
		double		shift = link_purchase[k] * ep + link_dropout[model][k] * ed;

		/* base * e^shift, so that no effect (shift 0) gives the plain parameters bit for bit */
		out[k] = base[k] * exp(shift);
		if (!(out[k] > 0) || !isfinite(out[k]))
			return -1;
	}
	return 0;
}
