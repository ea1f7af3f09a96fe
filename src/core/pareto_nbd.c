/*
 * pareto_nbd.c — Pareto/NBD likelihood, gradient, fit and predictions (see pareto_nbd.h).
 *
 * The likelihood of a customer (Fader & Hardie 2005 note, eq. 18) is
 *   L = Gamma(r+x) alpha^r beta^s / Gamma(r) * [ (alpha+T)^-(r+x) (beta+T)^-s + s D ],
 *   D = int_{t_x}^{T} (alpha+tau)^-(r+x) (beta+tau)^-(s+1) dtau = I(x, t_x) - I(x, T),
 * with I(x, t) the same integral from t to infinity. Substituting u = (m+t)/(m+tau), m the
 * larger of alpha and beta, and applying Euler's transformation (A&S 15.3.3) to the note's
 * 2F1(r+s+x, s+1 | r+x; r+s+x+1; z) gives, with a = r + s + x,
 *   alpha >= beta:  I = (alpha+t)^-(r+x) (beta+t)^-s     / a * G(r+x, a+1, (alpha-beta)/(alpha+t))
 *   alpha <  beta:  I = (alpha+t)^(1-r-x) (beta+t)^-(s+1) / a * G(s+1, a+1, (beta-alpha)/(beta+t))
 * where G(B, C, z) = 2F1(1, B; C; z) = sum_n (B)_n/(C)_n z^n has C > B, so its terms fall at
 * least like z^n and are all positive: the series and its derivatives in B, C and z are summed
 * together, giving the analytic gradient. When z is so close to 1 that this would take more than
 * 50,000 terms (1 - z < 8e-4: alpha and beta three orders of magnitude apart), I and its
 * gradient come from adaptive Gauss-Kronrod quadrature of the integral itself in
 * v = log(min(alpha, beta) + tau), which has no degenerate cases (2F1's c - a - b is an integer
 * whenever s or r + x is) and stays quick for large x.
 *
 * I depends on the customer only through (x, t), so a fit evaluates it once per distinct pair
 * (x, t_x) or (x, T), not per customer.
 */
#include "pareto_nbd.h"
#include "specfun.h"
#include "digamma.h"
#include "incgamma.h"
#include "mle.h"
#include "warm_start.h"
#include "clv.h"
#include "quad.h"
#include "runtime.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define THETA_LIMIT 30.0		/* |log parameter| beyond this: not evaluated */
#define PBUF 9					/* per-pair scratch doubles */

/*
 * log G(B, C, z) and its derivatives d log G / dB, dC, dz, for C > B > 0, 0 <= z <= 1 - 8e-4
 * (the series and its derivative series summed together). Returns 0, or -1.
 */
static int
log_g(double B, double C, double z, double *lg, double *dB, double *dC, double *dz)
{
	double		term = 1.0,
				sum = 1.0,
				sB = 0,
				sC = 0,
				gB = 0,
				gC = 0,
				gz = 0,
				n;

	/* the terms fall at least like z^n: about 40/(1-z) of them reach double precision */
	for (n = 0; n < 60000; n += 1.0)
	{
		double		q = (B + n) / (C + n);

		if (CR_EVERY(n, 4096))
			cr_check_interrupts();
		/* d t_{n+1}/dz = (n+1) t_n q; then t_{n+1} = t_n q z */
		gz += (n + 1.0) * term * q;
		sB += 1.0 / (B + n);
		sC += 1.0 / (C + n);
		term *= q * z;
		sum += term;
		gB += term * sB;
		gC -= term * sC;
		if (term * (n + 2.0) * (1.0 + sB) < 1e-17 * sum)
			break;
	}
	if (!isfinite(sum))
		return -1;
	*lg = log(sum);
	*dB = gB / sum;
	*dC = gC / sum;
	*dz = gz / sum;
	return 0;
}

/*
 * log I(x, t) by quadrature, for when alpha and beta are orders of magnitude apart and the
 * series of G would be long. In w = log((m + tau)/(m + t)), m = min(alpha, beta), the integrand
 * (alpha+tau)^-(r+x) (beta+tau)^-(s+1) (m+tau) is smooth on the scale of both alpha and beta,
 * and its moments give the gradient: d log I / d theta = E[d log f / d theta] at fixed tau.
 *
 * Its value at t, (alpha+t)^-(r+x) (beta+t)^-(s+1) (m+t), is taken out in closed form and the
 * rest is written with log1p of (tau - t)/(alpha + t) = (m+t) expm1(w)/(alpha+t): on a ridge s
 * and beta run off together (s ~ 1e7), and (s+1) log(beta+tau) computed directly would carry an
 * absolute error of 1e-8 into every value of the integrand, more than the quadrature's tolerance.
 */
typedef struct IntCtx
{
	double		rx,
				s1,
				ca,				/* (m + t)/(alpha + t) */
				cb,				/* (m + t)/(beta + t) */
				e0,				/* m + t */
				da,				/* alpha - m */
				db;				/* beta - m */
} IntCtx;

static double
int_log_integrand(double w, double *extra, void *vctx)
{
	const IntCtx *c = vctx;
	double		u = expm1(w),
				la = log1p(c->ca * u),	/* log((alpha+tau)/(alpha+t)) */
				lb = log1p(c->cb * u);

	if (extra)
	{
		double		e = c->e0 * (1.0 + u);	/* m + tau */

		extra[0] = -la;
		extra[1] = -c->rx / (e + c->da);
		extra[2] = -lb;
		extra[3] = -c->s1 / (e + c->db);
	}
	return -c->rx * la - c->s1 * lb + w;
}

static int
log_integral_quad(const CrParetoNbdParams *p, double x, double t, double *out, double *g)
{
	IntCtx		c;
	double		m = fmin(p->alpha, p->beta),
				M = fmax(p->alpha, p->beta),
				v0 = log(m + t),
				vM = fmax(v0, log(M + t)),
				tail = p->r + x + p->s,
				lat0 = log(p->alpha + t),
				lbt0 = log(p->beta + t),
				l0,
				v1,
				mom[4],
				l;

	c.rx = p->r + x;
	c.s1 = p->s + 1.0;
	c.e0 = m + t;
	c.ca = c.e0 / (p->alpha + t);
	c.cb = c.e0 / (p->beta + t);
	c.da = p->alpha - m;
	c.db = p->beta - m;
	l0 = -c.rx * lat0 - c.s1 * lbt0 + v0;	/* log of the integrand at tau = t */
	/*
	 * Beyond max(alpha, beta) the integrand falls like e^-(r+x+s) v: stop 50 e-folds later, or
	 * at v = 600 (tau ~ 1e260, far beyond alpha and beta <= e^30), where the rest is
	 * int_{v1}^inf e^-(r+x+s) v dv to a relative error below e^-500, added in closed form with
	 * its moments (-log(alpha+tau) ~ -log(beta+tau) ~ -v there; the others ~ e^-v, nil).
	 */
	v1 = vM + 2.0 + 50.0 / tail;
	if (v1 > 600.0)
		v1 = fmax(600.0, vM + 2.0);
	l = cr_quad_log_integral(int_log_integrand, &c, 0.0, v1 - v0, g ? 4 : 0, mom);
	if (isnan(l))
		return -1;
	l += l0;
	if (g)
	{
		mom[0] -= lat0;
		mom[2] -= lbt0;
	}
	if (v1 < vM + 2.0 + 50.0 / tail)
	{
		double		lt = -tail * v1 - log(tail),	/* log of the tail integral */
					ltot = cr_logsumexp2(l, lt),
					wq = exp(l - ltot),
					wt = exp(lt - ltot),
					mv = -(v1 + 1.0 / tail);	/* tail mean of -v */

		if (g)
		{
			mom[0] = wq * mom[0] + wt * mv;
			mom[1] = wq * mom[1];
			mom[2] = wq * mom[2] + wt * mv;
			mom[3] = wq * mom[3];
		}
		l = ltot;
	}
	*out = l;
	if (g)
	{
		g[0] = mom[0];
		g[1] = mom[1];
		g[2] = mom[2];
		g[3] = mom[3];
	}
	return 0;
}

/*
 * log I(x, t) and, when g is not NULL, its derivatives in (r, alpha, s, beta).
 * Returns 0, or -1 when it cannot be evaluated.
 */
static int
log_integral(const CrParetoNbdParams *p, double x, double t, double *out, double *g)
{
	double		r = p->r,
				alpha = p->alpha,
				s = p->s,
				beta = p->beta;
	double		rx = r + x,
				a = rx + s;
	double		at = alpha + t,
				bt = beta + t,
				lat = log(at),
				lbt = log(bt);
	double		lg,
				dB,
				dC,
				dz;
	int			ge = (alpha >= beta);
	double		zz = fabs(alpha - beta) / (ge ? at : bt);

	/* G's series would take more than 50,000 terms: alpha and beta orders of magnitude apart */
	if (zz > 0.5 && 40.0 / (1.0 - zz) > 50000.0)
		return log_integral_quad(p, x, t, out, g);

	if (ge)
	{
		double		z = (alpha - beta) / at;

		if (log_g(rx, a + 1.0, z, &lg, &dB, &dC, &dz) != 0)
			return -1;
		*out = -rx * lat - s * lbt - log(a) + lg;
		if (g)
		{
			/* z = (alpha - beta)/(alpha + t): dz/dalpha = (beta+t)/(alpha+t)^2, dz/dbeta = -1/(alpha+t) */
			g[0] = -lat - 1.0 / a + dB + dC;
			g[1] = -rx / at + dz * bt / (at * at);
			g[2] = -lbt - 1.0 / a + dC;
			g[3] = -s / bt - dz / at;
		}
	}
	else
	{
		double		z = (beta - alpha) / bt;

		if (log_g(s + 1.0, a + 1.0, z, &lg, &dB, &dC, &dz) != 0)
			return -1;
		*out = (1.0 - rx) * lat - (s + 1.0) * lbt - log(a) + lg;
		if (g)
		{
			/* z = (beta - alpha)/(beta + t): dz/dalpha = -1/(beta+t), dz/dbeta = (alpha+t)/(beta+t)^2 */
			g[0] = -lat - 1.0 / a + dC;
			g[1] = (1.0 - rx) / at - dz / bt;
			g[2] = -lbt - 1.0 / a + dB + dC;
			g[3] = -(s + 1.0) / bt + dz * at / (bt * bt);
		}
	}
	return isfinite(*out) ? 0 : -1;
}

/* ---------------------------------------------------------------------------------------- */
/* Data: distinct (x, t) pairs */

typedef struct PairKey
{
	double		x;
	double		t;
	int64_t		idx;			/* 2 * row (t = t_x) or 2 * row + 1 (t = T) */
} PairKey;

static int
cmp_pair(const void *a, const void *b)
{
	const PairKey *p = a,
			   *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	if (p->t != q->t)
		return p->t < q->t ? -1 : 1;
	return 0;
}

int
cr_pareto_nbd_data_init(CrParetoNbdData *d, int64_t n, const double *x, const double *tx,
						const double *T, const double *w)
{
	PairKey    *keys = NULL;
	int64_t		i,
				k;

	memset(d, 0, sizeof(*d));
	d->n = n;
	d->x = x;
	d->tx = tx;
	d->T = T;
	d->w = w;
	if (n <= 0)
		return 0;
	if (n > INT32_MAX / 2)
		return -1;
	keys = cr_malloc(sizeof(PairKey) * 2 * n);
	d->ia = cr_malloc(sizeof(int32_t) * n);
	d->ib = cr_malloc(sizeof(int32_t) * n);
	if (!keys || !d->ia || !d->ib)
		goto oom;
	for (i = 0; i < n; i++)
	{
		keys[2 * i].x = x[i];
		keys[2 * i].t = tx[i];
		keys[2 * i].idx = 2 * i;
		keys[2 * i + 1].x = x[i];
		keys[2 * i + 1].t = T[i];
		keys[2 * i + 1].idx = 2 * i + 1;
		d->total_weight += w[i];
		d->sum_wx += w[i] * x[i];
		d->sum_wT += w[i] * T[i];
		if (x[i] > 0)
			d->repeat_weight += w[i];
	}
	qsort(keys, 2 * n, sizeof(PairKey), cmp_pair);
	k = 0;
	for (i = 0; i < 2 * n; i++)
	{
		if (i > 0 && cmp_pair(&keys[i], &keys[i - 1]) != 0)
			k++;
		if (keys[i].idx % 2 == 0)
			d->ia[keys[i].idx / 2] = (int32_t) k;
		else
			d->ib[keys[i].idx / 2] = (int32_t) k;
	}
	d->npairs = k + 1;
	d->px = cr_malloc(sizeof(double) * d->npairs);
	d->pt = cr_malloc(sizeof(double) * d->npairs);
	d->pbuf = cr_malloc(sizeof(double) * PBUF * d->npairs);
	if (!d->px || !d->pt || !d->pbuf)
		goto oom;
	k = -1;
	for (i = 0; i < 2 * n; i++)
	{
		if (i == 0 || cmp_pair(&keys[i], &keys[i - 1]) != 0)
		{
			k++;
			d->px[k] = keys[i].x;
			d->pt[k] = keys[i].t;
		}
	}
	cr_free(keys);
	return 0;

oom:
	cr_free(keys);
	cr_pareto_nbd_data_free(d);
	return -1;
}

void
cr_pareto_nbd_data_free(CrParetoNbdData *d)
{
	cr_free(d->ia);
	cr_free(d->ib);
	cr_free(d->px);
	cr_free(d->pt);
	cr_free(d->pbuf);
	d->ia = d->ib = NULL;
	d->px = d->pt = d->pbuf = NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* Log-likelihood */

double
cr_pareto_nbd_data_loglik(const CrParetoNbdData *d, const double *theta, double *grad)
{
	CrParetoNbdParams p;
	double		ll = 0,
				g[4] = {0, 0, 0, 0};
	double		lalpha = theta[1],
				lbeta = theta[3],
				ls;
	double		psi_r,
				lgam_r;
	int64_t		i,
				k;

	for (k = 0; k < 4; k++)
		if (!(fabs(theta[k]) <= THETA_LIMIT))
			return NAN;
	p.r = exp(theta[0]);
	p.alpha = exp(theta[1]);
	p.s = exp(theta[2]);
	p.beta = exp(theta[3]);
	ls = theta[2];
	psi_r = grad ? cr_digamma(p.r) : 0;
	lgam_r = lgamma(p.r);

	/* per pair: log I, its gradient, lgamma(r+x) - lgamma(r), psi(r+x) - psi(r), log(alpha+t), log(beta+t) */
	for (k = 0; k < d->npairs; k++)
	{
		double	   *b = d->pbuf + PBUF * k;
		double		x = d->px[k],
					t = d->pt[k];

		if (CR_EVERY(k, 256))
			cr_check_interrupts();
		if (log_integral(&p, x, t, &b[0], grad ? &b[1] : NULL) != 0)
			return NAN;
		b[5] = lgamma(p.r + x) - lgam_r;
		b[6] = grad ? cr_digamma(p.r + x) - psi_r : 0;
		b[7] = log(p.alpha + t);
		b[8] = log(p.beta + t);
	}

	for (i = 0; i < d->n; i++)
	{
		const double *ba = d->pbuf + PBUF * d->ia[i],
				   *bb = d->pbuf + PBUF * d->ib[i];
		double		x = d->x[i],
					w = d->w[i];
		double		a1 = -(p.r + x) * bb[7] - p.s * bb[8];
		double		ld = (d->ia[i] == d->ib[i]) ? -INFINITY : cr_logdiffexp(ba[0], bb[0]);
		double		ltot = cr_logsumexp2(a1, ls + ld);

		if (CR_EVERY(i, 4096))
			cr_check_interrupts();
		ll += w * (bb[5] + p.r * lalpha + p.s * lbeta + ltot);
		if (grad)
		{
			double		we = exp(a1 - ltot),
						wd = (ld == -INFINITY) ? 0.0 : exp(ls + ld - ltot),
						gr,
						ga,
						gs,
						gb;

			gr = bb[6] + lalpha - we * bb[7];
			ga = p.r / p.alpha - we * (p.r + x) / (p.alpha + d->T[i]);
			gs = lbeta - we * bb[8] + wd / p.s;
			gb = p.s / p.beta - we * p.s / (p.beta + d->T[i]);
			if (wd > 0)
			{
				double		ra = exp(ls + ba[0] - ltot),
							rb = exp(ls + bb[0] - ltot);

				gr += ra * ba[1] - rb * bb[1];
				ga += ra * ba[2] - rb * bb[2];
				gs += ra * ba[3] - rb * bb[3];
				gb += ra * ba[4] - rb * bb[4];
			}
			g[0] += w * gr;
			g[1] += w * ga;
			g[2] += w * gs;
			g[3] += w * gb;
		}
	}
	if (grad)
	{
		/* chain rule to log parameters */
		grad[0] = g[0] * p.r;
		grad[1] = g[1] * p.alpha;
		grad[2] = g[2] * p.s;
		grad[3] = g[3] * p.beta;
	}
	return ll;
}

/* The driver's log-likelihood (mle.h; no analytic Hessian). */
static double
fit_loglik(const double *theta, double *grad, double *hess, void *ctx)
{
	(void) hess;
	return cr_pareto_nbd_data_loglik(ctx, theta, grad);
}

/* CrSampleFit of Pareto/NBD */
static int
pareto_nbd_sample_fit(int64_t n, const double *x, const double *tx, const double *T,
					  const double *w, void *ctx, double *logparams)
{
	CrParetoNbdData d;
	CrMleResult m;

	(void) ctx;
	if (cr_pareto_nbd_data_init(&d, n, x, tx, T, w) != 0)
		return 0;
	cr_pareto_nbd_fit(&d, &m);
	cr_pareto_nbd_data_free(&d);
	if (m.converged)
		memcpy(logparams, m.x, sizeof(double) * 4);
	return m.converged;
}

void
cr_pareto_nbd_fit(const CrParetoNbdData *d, CrMleResult *m)
{
	double		start[2 * 4];
	double	   *own;			/* the model's own starting point, after a warm start if any */
	double		meanT = d->total_weight > 0 ? d->sum_wT / d->total_weight : 1.0,
				meanx = d->total_weight > 0 ? d->sum_wx / d->total_weight : 1.0;
	int			nwarm;

	if (!(meanT > 0))
		meanT = 1.0;
	if (!(meanx > 0))
		meanx = 0.1;
	/* many distinct rows: first from where the fit of a block sample ends (warm_start.h) */
	nwarm = cr_warm_start(d->n, d->x, d->tx, d->T, d->w, pareto_nbd_sample_fit, NULL, start);
	own = start + 4 * nwarm;

	/*
	 * Start where the purchase rate matches the data (E[lambda] = r/alpha ~ x/T) and the mean
	 * lifetime is of the order of the observation: r = 1, alpha = T/x, s = 0.9, beta = T.
	 */
	own[0] = 0.0;
	own[1] = fmin(fmax(log(meanT / meanx), -20), 20);
	own[2] = log(0.9);
	own[3] = fmin(fmax(log(meanT), -20), 20);
	{
		CrMleProblem prob = {.loglik = fit_loglik, .ctx = (void *) d, .n = 4, .analytic_hessian = 0,
			.starts = start, .nstarts = nwarm + 1, .total_weight = d->total_weight};

		cr_mle_fit(&prob, m);
	}
}

/* ---------------------------------------------------------------------------------------- */
/* One customer */

/*
 * log of the two parts of a customer's likelihood without the common factor
 * Gamma(r+x) alpha^r beta^s / Gamma(r): *la = log[(alpha+T)^-(r+x) (beta+T)^-s] (alive at T)
 * and *ld = log(s D) (died between t_x and T). Returns 0 or -1.
 */
static int
customer_parts(const CrParetoNbdParams *p, double x, double tx, double T, double *la, double *ld)
{
	double		lia,
				lib;

	*la = -(p->r + x) * log(p->alpha + T) - p->s * log(p->beta + T);
	if (tx >= T)
	{
		*ld = -INFINITY;
		return isfinite(*la) ? 0 : -1;
	}
	if (log_integral(p, x, tx, &lia, NULL) != 0 || log_integral(p, x, T, &lib, NULL) != 0)
		return -1;
	*ld = log(p->s) + cr_logdiffexp(lia, lib);
	return isfinite(*la) ? 0 : -1;
}

double
cr_pareto_nbd_loglik(const CrParetoNbdParams *p, double x, double tx, double T)
{
	double		la,
				ld;

	if (customer_parts(p, x, tx, T, &la, &ld) != 0)
		return NAN;
	return lgamma(p->r + x) - lgamma(p->r) + p->r * log(p->alpha) + p->s * log(p->beta)
		+ cr_logsumexp2(la, ld);
}

double
cr_pareto_nbd_p_alive(const CrParetoNbdParams *p, double x, double tx, double T)
{
	double		la,
				ld;

	if (customer_parts(p, x, tx, T, &la, &ld) != 0)
		return NAN;
	/* 1 / (1 + sD / alive-part) */
	return exp(la - cr_logsumexp2(la, ld));
}

/* (1 - exp(-e u)) / e, and its limit u at e = 0 */
static double
one_minus_exp_over(double e, double u)
{
	if (e == 0)
		return u;
	return -expm1(-e * u) / e;
}

double
cr_pareto_nbd_expected_new(const CrParetoNbdParams *p, double t)
{
	/* r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)] */
	return p->r / p->alpha * p->beta * one_minus_exp_over(p->s - 1.0, log1p(t / p->beta));
}

double
cr_pareto_nbd_expected(const CrParetoNbdParams *p, double t, double x, double tx, double T)
{
	double		pa = cr_pareto_nbd_p_alive(p, x, tx, T);

	if (isnan(pa))
		return NAN;
	/* P(alive) times the expectation of a new customer with (r+x, alpha+T, s, beta+T) */
	return pa * (p->r + x) / (p->alpha + T) * (p->beta + T)
		* one_minus_exp_over(p->s - 1.0, log1p(t / (p->beta + T)));
}

double
cr_pareto_nbd_dert(const CrParetoNbdParams *p, double x, double tx, double T, double delta)
{
	double		pa = cr_pareto_nbd_p_alive(p, x, tx, T),
				z = delta * (p->beta + T),
				lu;

	if (isnan(pa) || !(z > 0))
		return NAN;
	lu = cr_log_kummer_u_ss(p->s, z);
	if (isnan(lu))
		return NAN;
	return exp(log(pa) + log(p->r + x) - log(p->alpha + T) + log(p->beta + T)
			   + (p->s - 1.0) * log(z) + lu);
}

typedef struct ClvCtx
{
	const CrParetoNbdParams *p;
	double		x,
				tx,
				T;
} ClvCtx;

/* E[X(T, T + t[k]] | history] for all horizons, P(alive) computed once */
static int
clv_expected(const double *t, int n, double *out, void *vctx)
{
	const ClvCtx *c = vctx;
	const CrParetoNbdParams *p = c->p;
	double		pa = cr_pareto_nbd_p_alive(p, c->x, c->tx, c->T),
				f;
	int			k;

	if (isnan(pa))
		return -1;
	f = pa * (p->r + c->x) / (p->alpha + c->T) * (p->beta + c->T);
	for (k = 0; k < n; k++)
		out[k] = f * one_minus_exp_over(p->s - 1.0, log1p(t[k] / (p->beta + c->T)));
	return 0;
}

double
cr_pareto_nbd_clv(const CrParetoNbdParams *p, double x, double tx, double T, double spend,
				  int periods, double period_length, double discount_rate)
{
	ClvCtx		c;

	c.p = p;
	c.x = x;
	c.tx = tx;
	c.T = T;
	return cr_clv(clv_expected, &c, spend, periods, period_length, discount_rate);
}

/* ---------------------------------------------------------------------------------------- */
/* P(X(t) = k) for a new customer */

typedef struct PmfIntegrand
{
	double		k,
				rk,
				s1,
				alpha,
				beta;
} PmfIntegrand;

/* log of tau^k (alpha+tau)^-(r+k) (beta+tau)^-(s+1) */
static double
pmf_log_integrand(double tau, double *extra, void *ctx)
{
	const PmfIntegrand *f = ctx;
	double		v = -f->rk * log(f->alpha + tau) - f->s1 * log(f->beta + tau);

	(void) extra;
	if (f->k > 0)
		v += (tau > 0) ? f->k * log(tau) : -INFINITY;
	return v;
}

double
cr_pareto_nbd_prob_purchases_new(const CrParetoNbdParams *p, double t, double k)
{
	double		r = p->r,
				alpha = p->alpha,
				s = p->s,
				beta = p->beta;
	double		lcoef,
				l1,
				l2;
	PmfIntegrand f;

	if (!(k >= 0) || k != floor(k))
		return NAN;
	if (t == 0)
		return k == 0 ? 1.0 : 0.0;
	/* Gamma(r+k) / (Gamma(r) k!) */
	lcoef = lgamma(r + k) - lgamma(r) - lgamma(k + 1.0);
	/* alive throughout (0, t]: NBD(k; r, alpha, t) (beta/(beta+t))^s */
	l1 = lcoef + r * log(alpha / (alpha + t)) + s * log(beta / (beta + t));
	if (k > 0)
		l1 += k * log(t / (alpha + t));
	/*
	 * died at tau in (0, t] with k purchases before:
	 * lcoef alpha^r s beta^s int_0^t tau^k (alpha+tau)^-(r+k) (beta+tau)^-(s+1) dtau
	 */
	f.k = k;
	f.rk = r + k;
	f.s1 = s + 1.0;
	f.alpha = alpha;
	f.beta = beta;
	l2 = cr_quad_log_integral(pmf_log_integrand, &f, 0.0, t, 0, NULL);
	if (isnan(l2))
		return NAN;
	l2 += lcoef + r * log(alpha) + log(s) + s * log(beta);
	return fmin(1.0, exp(cr_logsumexp2(l1, l2)));
}

double
cr_pareto_nbd_prob_purchases(const CrParetoNbdParams *p, double t, double k,
							 double x, double tx, double T)
{
	CrParetoNbdParams q;
	double		pa = cr_pareto_nbd_p_alive(p, x, tx, T),
				pk;

	if (isnan(pa))
		return NAN;
	q.r = p->r + x;
	q.alpha = p->alpha + T;
	q.s = p->s;
	q.beta = p->beta + T;
	pk = cr_pareto_nbd_prob_purchases_new(&q, t, k);
	if (isnan(pk))
		return NAN;
	return (k == 0 ? 1.0 - pa : 0.0) + pa * pk;
}

/* ---------------------------------------------------------------------------------------- */

void
cr_pareto_nbd_simulate(CrRng *rng, const CrParetoNbdParams *p, double T, double resolution,
					   double *x, double *tx)
{
	double		lambda = cr_rng_gamma(rng, p->r, p->alpha),
				mu = cr_rng_gamma(rng, p->s, p->beta),
				life = cr_rng_exponential(rng, mu),
				end = fmin(life, T),
				mean = lambda * end;
	double		n;

	/* Poisson purchases at rate lambda while alive; a normal approximation for huge means */
	if (mean > 1e8)
		n = fmax(0.0, floor(mean + sqrt(mean) * cr_rng_normal(rng) + 0.5));
	else
		n = (double) cr_rng_poisson(rng, mean);
	*x = n;
	/* the last of n uniform purchase times on (0, end] */
	*tx = (n > 0) ? end * pow(cr_rng_uniform(rng), 1.0 / n) : 0.0;
	if (resolution > 0 && n > 0)
	{
		*tx = floor(*tx / resolution + 0.5) * resolution;
		if (*tx > T)
			*tx = T;
	}
}

/*
 * One customer's term of cr_pareto_nbd_data_loglik (newton_stats.h sums them over a scan): the
 * same code on a one-row data set laid out on the stack (pairs (x, t_x) and (x, T), one pair
 * when t_x = T), so the per-row math exists once.
 */
double
cr_pareto_nbd_row_loglik(const double *theta, double x, double tx, double T, double *grad)
{
	CrParetoNbdData d;
	double		w = 1.0,
				px[2] = {x, x},
				pt[2] = {tx, T},
				pbuf[2 * PBUF];
	int32_t		ia = 0,
				ib = (tx == T) ? 0 : 1;

	memset(&d, 0, sizeof(d));
	d.n = 1;
	d.x = &x;
	d.tx = &tx;
	d.T = &T;
	d.w = &w;
	d.npairs = ib + 1;
	d.px = px;
	d.pt = pt;
	d.ia = &ia;
	d.ib = &ib;
	d.pbuf = pbuf;
	d.total_weight = 1.0;
	d.repeat_weight = x > 0 ? 1.0 : 0.0;
	d.sum_wx = x;
	d.sum_wT = T;
	return cr_pareto_nbd_data_loglik(&d, theta, grad);
}
