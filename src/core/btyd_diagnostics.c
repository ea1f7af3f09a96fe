/*
 * btyd_diagnostics.c — covariance on the natural scale, information criteria, and the
 * conditional purchase distribution and DERT of BG/NBD and MBG/NBD (see btyd_diagnostics.h).
 */
#include "btyd_diagnostics.h"

#include <math.h>
#include <stddef.h>

#include "quad.h"
#include "specfun.h"

int
cr_diag_natural_covariance(int k, const double *theta, const double *logcov, double *cov,
						   double *corr)
{
	int			i,
				j;

	for (i = 0; i < k; i++)
		if (!(logcov[i * k + i] > 0) || !isfinite(logcov[i * k + i]) || !isfinite(theta[i]))
			return -1;
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
		{
			/* symmetrised: an inverse by Cholesky is symmetric only up to rounding */
			double		l = 0.5 * (logcov[i * k + j] + logcov[j * k + i]);

			cov[i * k + j] = theta[i] * theta[j] * l;
			if (!isfinite(cov[i * k + j]))
				return -1;
			/* the correlation is the same on both scales */
			if (corr)
				corr[i * k + j] = i == j ? 1.0 :
					l / sqrt(logcov[i * k + i] * logcov[j * k + j]);
		}
	return 0;
}

double
cr_diag_aic(double loglik, int k)
{
	return 2.0 * k - 2.0 * loglik;
}

double
cr_diag_bic(double loglik, int k, double n)
{
	return k * log(n) - 2.0 * loglik;
}

static int
valid_customer(const CrBgnbdParams *p, double x, double tx, double T)
{
	return p->r > 0 && p->alpha > 0 && p->a > 0 && p->b > 0 && isfinite(p->r) &&
		isfinite(p->alpha) && isfinite(p->a) && isfinite(p->b) && x >= 0 && tx >= 0 &&
		T >= tx && isfinite(x) && isfinite(T);
}

/* The posterior of (lambda, p) given alive at T, as a new customer's parameters (see header). */
static CrBgnbdParams
alive_posterior(CrBgnbdVariant v, const CrBgnbdParams *p, double x, double T)
{
	CrBgnbdParams q;

	q.r = p->r + x;
	q.alpha = p->alpha + T;
	q.a = p->a;
	q.b = p->b + x + (v == CR_MBGNBD ? 1.0 : 0.0);
	return q;
}

double
cr_bgnbd_prob_purchases_cond_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double t,
									 int64_t n, double x, double tx, double T)
{
	double		pa,
				pn;
	CrBgnbdParams q;

	if (!valid_customer(p, x, tx, T) || !(t >= 0) || !isfinite(t))
		return NAN;
	if (n < 0)
		return 0;
	pa = cr_bgnbd_p_alive_variant(v, p, x, tx, T);
	if (!(pa >= 0 && pa <= 1))
		return NAN;
	q = alive_posterior(v, p, x, T);
	/* the alive customer drops out only after purchases from now on: plain BG/NBD */
	pn = cr_bgnbd_prob_purchases_variant(CR_BGNBD, &q, t, n);
	if (!isfinite(pn))
		return NAN;
	return pa * pn + (n == 0 ? 1.0 - pa : 0.0);
}

typedef struct DertCtx
{
	double		r,
				alpha,
				a,
				b,
				delta;
} DertCtx;

/*
 * log of the integrand over y = lambda / (lambda + delta): the Gamma(r, alpha) density of
 * lambda = delta y / (1 - y), the Jacobian delta / (1 - y)^2, and y 2F1(1, b; a+b; y).
 */
static double
dert_logf(double y, double *extra, void *vctx)
{
	const DertCtx *c = vctx;
	double		lam,
				lf;
	int			sign = 1;

	(void) extra;
	if (!(y > 0 && y < 1))
		return -INFINITY;
	lam = c->delta * y / (1 - y);
	if (!(lam > 0) || !isfinite(lam))
		return -INFINITY;
	lf = cr_log_hyp2f1(1.0, c->b, c->a + c->b, y, &sign);
	if (sign <= 0 || !isfinite(lf))
		return -INFINITY;
	return c->r * log(c->alpha) - cr_lgamma(c->r) + (c->r - 1) * log(lam) - c->alpha * lam
		+ log(c->delta) - 2 * log1p(-y) + log(y) + lf;
}

double
cr_bgnbd_dert_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double x, double tx, double T,
					  double delta)
{
	double		pa,
				li;
	CrBgnbdParams q;
	DertCtx		c;

	if (!valid_customer(p, x, tx, T) || !(delta > 0) || !isfinite(delta))
		return NAN;
	pa = cr_bgnbd_p_alive_variant(v, p, x, tx, T);
	if (!(pa >= 0 && pa <= 1))
		return NAN;
	if (pa == 0)
		return 0;
	q = alive_posterior(v, p, x, T);
	c.r = q.r;
	c.alpha = q.alpha;
	c.a = q.a;
	c.b = q.b;
	c.delta = delta;
	li = cr_quad_log_integral(dert_logf, &c, 0.0, 1.0, 0, NULL);
	if (!isfinite(li))
		return NAN;
	return exp(log(pa) + li);
}
