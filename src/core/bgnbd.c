/*
 * bgnbd.c — BG/NBD and MBG/NBD: likelihood, gradient, fit, predictions.
 *
 * Likelihood of one customer (FHL 2005 eq. 6), with s = 0 for BG/NBD and s = 1 for MBG/NBD
 * (Batislam, Denizel & Filiztekin 2007, eq. 3: one more drop-out chance, right after the first
 * purchase):
 *
 *   L = Gamma(r+x)/Gamma(r) alpha^r * B(a, b+x+s)/B(a, b)
 *       * [ (alpha+T)^-(r+x)  +  [x > 0 or s = 1] * a/(b+x+s-1) * (alpha+t_x)^-(r+x) ]
 *
 * since B(a+1, b+x+s-1) / B(a, b+x+s) = a / (b+x+s-1). Everything that depends only on x (the
 * gamma and beta terms and their digammas) is computed once per distinct x; each distinct row
 * then costs two logarithms and one exponential.
 */
#include "bgnbd.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "digamma.h"
#include "newton.h"
#include "specfun.h"
#include "betainc.h"
#include "clv.h"

#define GBUF 8					/* scratch doubles per distinct x */

static int
cmp_double(const void *pa, const void *pb)
{
	double		a = *(const double *) pa,
				b = *(const double *) pb;

	return (a > b) - (a < b);
}

int
cr_btyd_data_init(CrBtydData *d, int64_t n, const double *x, const double *tx,
				  const double *T, const double *w)
{
	double	   *sorted = NULL;
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
	if ((size_t) n > SIZE_MAX / sizeof(double))
		return -1;

	/* Distinct x values: sort a copy, keep the unique ones. */
	sorted = malloc(sizeof(double) * n);
	d->group = malloc(sizeof(int32_t) * n);
	if (!sorted || !d->group)
		goto oom;
	memcpy(sorted, x, sizeof(double) * n);
	qsort(sorted, n, sizeof(double), cmp_double);
	k = 0;
	for (i = 0; i < n; i++)
		if (k == 0 || sorted[i] != sorted[k - 1])
			sorted[k++] = sorted[i];
	if (k > INT32_MAX)
		goto oom;
	d->ngroups = k;
	d->gx = malloc(sizeof(double) * k);
	d->gbuf = malloc(sizeof(double) * GBUF * k);
	if (!d->gx || !d->gbuf)
		goto oom;
	memcpy(d->gx, sorted, sizeof(double) * k);
	free(sorted);
	sorted = NULL;

	for (i = 0; i < n; i++)
	{
		/* binary search of x[i] among the distinct values */
		int64_t		lo = 0,
					hi = k - 1;

		while (lo < hi)
		{
			int64_t		mid = (lo + hi) / 2;

			if (d->gx[mid] < x[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		d->group[i] = (int32_t) lo;
		d->total_weight += w[i];
		d->sum_wx += w[i] * x[i];
		if (x[i] > 0)
			d->repeat_weight += w[i];
		if (T[i] > d->max_T)
			d->max_T = T[i];
	}
	return 0;

oom:
	free(sorted);
	cr_btyd_data_free(d);
	return -1;
}

void
cr_btyd_data_free(CrBtydData *d)
{
	free(d->group);
	free(d->gx);
	free(d->gbuf);
	d->group = NULL;
	d->gx = NULL;
	d->gbuf = NULL;
}

/*
 * Log-likelihood in theta = log(r, alpha, a, b), with its gradient and Hessian in theta.
 *
 * Per customer LL = C(x) + log(e^l1 + e^l2), with
 *   C(x) = lgamma(r+x) - lgamma(r) + r log alpha + log B(a, b+x+s) - log B(a, b)
 *   l1   = -(r+x) log(alpha+T)
 *   l2   = log a - log(b+x+s-1) - (r+x) log(alpha+t_x)     (absent when x = 0 and s = 0)
 * The Hessian of the log-sum-exp is w1 H1 + w2 H2 + w1 w2 (g1-g2)(g1-g2)^T with w_k = e^(l_k)/sum.
 * In theta space: d/dtheta_i = p_i d/dp_i and d2/dtheta_i dtheta_j = p_i p_j d2/dp_i dp_j +
 * [i = j] p_i d/dp_i.
 *
 * Per-group scratch layout (gbuf + GBUF * g): 0 C(x), 1 log(a/(b+x+s-1)) or -inf, 2 sum of w.
 */
#define IR 0
#define IA 1
#define IAA 2
#define IB 3
#define H(i, j) hess[(i) * 4 + (j)]

double
cr_bgnbd_data_loglik(CrBgnbdVariant v, const CrBtydData *d, const double *theta, double *grad,
					 double *hess)
{
	double		r = exp(theta[0]),
				alpha = exp(theta[1]),
				a = exp(theta[2]),
				b = exp(theta[3]);
	double		s = (v == CR_MBGNBD) ? 1.0 : 0.0;
	double		lgr = cr_lgamma(r),
				lgb = cr_lgamma(b),
				lgab = cr_lgamma(a + b),
				la = log(a),
				lalpha = log(alpha);
	double		ll = 0;
	double		g[4] = {0, 0, 0, 0};
	double		hh[10] = {0};	/* upper triangle of the LSE part: rr ra rA rB aa aA aB AA AB BB */
	int64_t		i,
				gi;

	if (!isfinite(r) || !isfinite(alpha) || !isfinite(a) || !isfinite(b) ||
		!(r > 0) || !(alpha > 0) || !(a > 0) || !(b > 0))
		return NAN;

	for (gi = 0; gi < d->ngroups; gi++)
	{
		double	   *gb = d->gbuf + GBUF * gi;
		double		x = d->gx[gi];

		gb[0] = cr_lgamma(r + x) - lgr + r * lalpha
			+ cr_lgamma(b + x + s) - cr_lgamma(a + b + x + s) - lgb + lgab;
		gb[1] = (x > 0 || s > 0) ? la - log(b + x + s - 1) : -INFINITY;
		gb[2] = 0;
	}

	for (i = 0; i < d->n; i++)
	{
		double	   *gb = d->gbuf + GBUF * d->group[i];
		double		x = d->x[i],
					w = d->w[i],
					R = r + x;
		double		u = alpha + d->T[i];
		double		lu = log(u);
		double		l1 = -R * lu;

		gb[2] += w;
		if (gb[1] == -INFINITY)
		{
			ll += w * l1;
			if (grad)
			{
				g[IR] -= w * r * lu;
				g[IA] -= w * R * alpha / u;
			}
			if (hess)
			{
				hh[0] -= w * r * lu;
				hh[1] -= w * r * alpha / u;
				hh[4] -= w * R * alpha * d->T[i] / (u * u);
			}
		}
		else
		{
			double		vv = alpha + d->tx[i];
			double		lv = log(vv);
			double		l2 = gb[1] - R * lv;
			double		w1,
						w2;

			if (l1 >= l2)
			{
				double		e = exp(l2 - l1);

				ll += w * (l1 + log1p(e));
				w2 = e / (1 + e);
				w1 = 1 / (1 + e);
			}
			else
			{
				double		e = exp(l1 - l2);

				ll += w * (l2 + log1p(e));
				w1 = e / (1 + e);
				w2 = 1 / (1 + e);
			}
			if (grad || hess)
			{
				double		q = b / (b + x + s - 1);
				double		g1r = -r * lu,
							g1a = -R * alpha / u,
							g2r = -r * lv,
							g2a = -R * alpha / vv;

				if (grad)
				{
					g[IR] += w * (w1 * g1r + w2 * g2r);
					g[IA] += w * (w1 * g1a + w2 * g2a);
					g[IAA] += w * w2;
					g[IB] -= w * w2 * q;
				}
				if (hess)
				{
					/* d = g1 - g2 */
					double		dr = g1r - g2r,
								da = g1a - g2a,
								dA = -1,
								dB = q;
					double		ww = w * w1 * w2;

					hh[0] += w * (w1 * g1r + w2 * g2r) + ww * dr * dr;
					hh[1] += w * (w1 * -r * alpha / u + w2 * -r * alpha / vv) + ww * dr * da;
					hh[2] += ww * dr * dA;
					hh[3] += ww * dr * dB;
					hh[4] += w * (w1 * -R * alpha * d->T[i] / (u * u)
								  + w2 * -R * alpha * d->tx[i] / (vv * vv)) + ww * da * da;
					hh[5] += ww * da * dA;
					hh[6] += ww * da * dB;
					hh[7] += ww * dA * dA;
					hh[8] += ww * dA * dB;
					hh[9] += w * w2 * (-q + q * q) + ww * dB * dB;
				}
			}
		}
	}

	/* the x-only part C(x), weighted by the groups' total weights */
	{
		double		psir = 0,
					psib = 0,
					psiab = 0,
					tgr = 0,
					tgb = 0,
					tgab = 0;

		if (grad || hess)
		{
			psir = cr_digamma(r);
			psib = cr_digamma(b);
			psiab = cr_digamma(a + b);
		}
		if (hess)
		{
			tgr = cr_trigamma(r);
			tgb = cr_trigamma(b);
			tgab = cr_trigamma(a + b);
		}
		for (gi = 0; gi < d->ngroups; gi++)
		{
			double	   *gb = d->gbuf + GBUF * gi;
			double		x = d->gx[gi];
			double		sw = gb[2];

			if (sw == 0)
				continue;
			ll += sw * gb[0];
			if (grad || hess)
			{
				double		psiabxs = cr_digamma(a + b + x + s);
				double		cr_ = r * (cr_digamma(r + x) - psir + lalpha),
							ca = a * (psiab - psiabxs),
							cb = b * (cr_digamma(b + x + s) - psiabxs - psib + psiab);

				if (grad)
				{
					g[IR] += sw * cr_;
					g[IA] += sw * r;
					g[IAA] += sw * ca;
					g[IB] += sw * cb;
				}
				if (hess)
				{
					double		tabxs = cr_trigamma(a + b + x + s);

					hh[0] += sw * (r * r * (cr_trigamma(r + x) - tgr) + cr_);
					hh[1] += sw * r;
					hh[7] += sw * (a * a * (tgab - tabxs) + ca);
					hh[8] += sw * (a * b * (tgab - tabxs));
					hh[9] += sw * (b * b * (cr_trigamma(b + x + s) - tabxs - tgb + tgab) + cb);
				}
			}
		}
	}

	if (grad)
		memcpy(grad, g, sizeof(g));
	if (hess)
	{
		H(0, 0) = hh[0];
		H(0, 1) = H(1, 0) = hh[1];
		H(0, 2) = H(2, 0) = hh[2];
		H(0, 3) = H(3, 0) = hh[3];
		H(1, 1) = hh[4];
		H(1, 2) = H(2, 1) = hh[5];
		H(1, 3) = H(3, 1) = hh[6];
		H(2, 2) = hh[7];
		H(2, 3) = H(3, 2) = hh[8];
		H(3, 3) = hh[9];
	}
	return ll;
}

typedef struct FitCtx
{
	CrBgnbdVariant v;
	const CrBtydData *d;
	double		scale;			/* 1 / total weight: the optimiser sees the mean NLL */
} FitCtx;

static double
fit_objective(const double *theta, double *grad, double *hess, void *vctx)
{
	FitCtx	   *ctx = vctx;
	double		ll = cr_bgnbd_data_loglik(ctx->v, ctx->d, theta, grad, hess);
	int			i;

	if (grad)
		for (i = 0; i < 4; i++)
			grad[i] = -grad[i] * ctx->scale;
	if (hess)
		for (i = 0; i < 16; i++)
			hess[i] = -hess[i] * ctx->scale;
	return -ll * ctx->scale;
}

int
cr_bgnbd_fit_variant(CrBgnbdVariant v, const CrBtydData *d, CrBtydFit *fit)
{
	FitCtx		ctx;
	CrOptimOptions opt;
	CrNewtonResult res;
	double		theta[4],
				best[4],
				se[4],
				hess[16];
	double		best_value = INFINITY;
	CrNewtonResult best_res;
	int			iterations = 0,
				attempt;
	/* starting points: r, alpha / time scale, a, b */
	static const double starts[][4] = {
		{1.0, 1.0, 1.0, 1.0},
		{0.5, 0.5, 0.5, 2.0},
		{2.0, 4.0, 2.0, 0.5},
	};
	double		tscale;

	memset(fit, 0, sizeof(*fit));
	memset(&best_res, 0, sizeof(best_res));
	best_res.status = CR_OPTIM_NOT_FINITE;
	best_res.diverged = -1;
	ctx.v = v;
	ctx.d = d;
	ctx.scale = d->total_weight > 0 ? 1.0 / d->total_weight : 1.0;
	cr_optim_default_options(&opt);
	opt.max_iterations = 200;
	/* alpha is in the time unit of the data: start it at a tenth of the longest T */
	tscale = d->max_T > 0 ? d->max_T / 10.0 : 1.0;

	for (attempt = 0; attempt < (int) (sizeof(starts) / sizeof(starts[0])); attempt++)
	{
		theta[0] = log(starts[attempt][0]);
		theta[1] = log(starts[attempt][1] * tscale);
		theta[2] = log(starts[attempt][2]);
		theta[3] = log(starts[attempt][3]);
		cr_minimize_newton(fit_objective, &ctx, 4, theta, &opt, CR_BTYD_LOG_BOUND, &res);
		iterations += res.iterations;
		if (isfinite(res.value) &&
			(res.value < best_value - 1e-12 ||
			 (res.status == CR_OPTIM_CONVERGED && best_res.status != CR_OPTIM_CONVERGED &&
			  res.value <= best_value + 1e-9)))
		{
			best_value = res.value;
			best_res = res;
			memcpy(best, theta, sizeof(best));
		}
		if (res.status == CR_OPTIM_CONVERGED)
			break;
	}

	fit->status = best_res.status;
	fit->diverged = best_res.diverged;
	fit->iterations = iterations;
	fit->se_ok = 0;
	if (!isfinite(best_value))
	{
		fit->converged = 0;
		fit->loglik = NAN;
		return 0;
	}
	fit->converged = (best_res.status == CR_OPTIM_CONVERGED);
	fit->p.r = exp(best[0]);
	fit->p.alpha = exp(best[1]);
	fit->p.a = exp(best[2]);
	fit->p.b = exp(best[3]);

	/* standard errors from the analytic Hessian of the total negative log-likelihood */
	ctx.scale = 1.0;
	fit->loglik = -fit_objective(best, NULL, hess, &ctx);
	if (cr_newton_std_errors(4, best, hess, se) == 0)
	{
		fit->se_ok = 1;
		fit->se.r = se[0];
		fit->se.alpha = se[1];
		fit->se.a = se[2];
		fit->se.b = se[3];
	}
	return 0;
}

double
cr_bgnbd_loglik_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double x, double tx, double T)
{
	double		s = (v == CR_MBGNBD) ? 1.0 : 0.0;
	double		c,
				l1;

	c = cr_lgamma(p->r + x) - cr_lgamma(p->r) + p->r * log(p->alpha)
		+ cr_lgamma(p->b + x + s) - cr_lgamma(p->a + p->b + x + s)
		- cr_lgamma(p->b) + cr_lgamma(p->a + p->b);
	l1 = -(p->r + x) * log(p->alpha + T);
	if (x > 0 || s > 0)
	{
		double		l2 = log(p->a) - log(p->b + x + s - 1) - (p->r + x) * log(p->alpha + tx);

		return c + cr_logsumexp2(l1, l2);
	}
	return c + l1;
}

/* log of the odds that the customer dropped out after t_x, against being alive (FHL note). */
static double
log_dropout_odds(CrBgnbdVariant v, const CrBgnbdParams *p, double x, double tx, double T)
{
	double		s = (v == CR_MBGNBD) ? 1.0 : 0.0;

	if (x == 0 && s == 0)
		return -INFINITY;
	return log(p->a) - log(p->b + x + s - 1)
		+ (p->r + x) * (log(p->alpha + T) - log(p->alpha + tx));
}

double
cr_bgnbd_p_alive_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double x, double tx, double T)
{
	double		lo = log_dropout_odds(v, p, x, tx, T);

	/* 1 / (1 + e^lo), without overflow */
	if (lo > 0)
		return exp(-lo) / (1 + exp(-lo));
	return 1 / (1 + exp(lo));
}

/*
 * G(t) = E[X(t)] of a customer alive now with purchase rate ~ Gamma(R, A) and drop-out
 * probability ~ Beta(a, bb) (FHL 2005 eq. 7 with those parameters; eq. 10 divided by P(alive)):
 *
 *   G = c/(a-1) * [1 - (A/(A+t))^R 2F1(R, bb; c; z)],   c = a+bb-1,  z = t/(A+t).
 *
 * For a < 1 both factors are negative and at a = 1 the singularity is removable, so the closed
 * form cancels near a = 1. Euler's transformation 2F1(R, bb; c; z) = (1-z)^(c-R-bb)
 * 2F1(c-R, a-1; c; z) and (a-1)_n = (a-1) (a)_(n-1) take the factor a-1 out exactly:
 *
 *   G = c * [ -expm1((a-1) L) / (a-1)  -  e^((a-1) L) S(z) ],   L = log(1-z),
 *   S(z) = sum_{n>=1} k_n z^n,  k_1 = (c-R)/c,  k_(n+1) = k_n (c-R+n)(a+n-1) / ((c+n)(n+1)).
 *
 * S converges like z^n whatever R is (heavy buyers cost no more terms), so it is used for
 * z <= SERIES_MAX_Z, for all horizons of a CLV sum at once (the coefficients are shared). Longer
 * horizons use the Gauss function of hyp2f1.c, with a cubic interpolation in a around a = 1.
 */
#define SERIES_MAX_Z 0.75
#define SERIES_MAX_TERMS 400

/*
 * G at the n horizons t[] (each with t/(A+t) <= SERIES_MAX_Z), sharing the series terms.
 * Scratch: 3n doubles.
 */
static void
expected_alive_series_many(double R, double A, double a, double bb, const double *t, int n,
						   double *out, double *scratch)
{
	double		c = a + bb - 1,
				cr = c - R,
				k = cr / c;
	double	   *z = scratch,
			   *zpow = scratch + n,
			   *sums = scratch + 2 * n;
	int			i,
				m;

	for (i = 0; i < n; i++)
	{
		z[i] = t[i] / (A + t[i]);
		zpow[i] = z[i];
		sums[i] = 0;
	}
	/*
	 * The horizons increase, so the last one converges slowest: its terms decide when to stop
	 * (once negligible, and past the sign changes of (c-R)_n).
	 */
	for (m = 1; m <= SERIES_MAX_TERMS; m++)
	{
		double		term_last;

		for (i = 0; i < n; i++)
		{
			sums[i] += k * zpow[i];
			zpow[i] *= z[i];
		}
		term_last = k * zpow[n - 1];
		if (k == 0 || (fabs(term_last) <= 1e-17 * fabs(sums[n - 1]) && m > 1 - cr))
			break;
		k *= (cr + m) * (a + m - 1) / ((c + m) * (m + 1));
	}
	for (i = 0; i < n; i++)
	{
		double		L = -log1p(t[i] / A);
		double		y = (a - 1) * L;
		double		ey = exp(y);
		/* -expm1(y)/(a-1), its limit -L at a = 1; expm1 only where 1 - e^y would cancel */
		double		first = (y == 0) ? -L : (fabs(y) < 0.5 ? -expm1(y) : 1 - ey) / (a - 1);

		out[i] = c * (first - ey * sums[i]);
		if (out[i] < 0)
			out[i] = 0;			/* rounding at t -> 0 */
	}
}

static double
expected_alive_hyp(double R, double A, double a, double bb, double t)
{
	int			sign = 1;
	double		lh = cr_log_hyp2f1(R, bb, a + bb - 1, t / (A + t), &sign);
	double		lg;

	if (isnan(lh) || sign <= 0)
		return NAN;
	lg = R * (log(A) - log(A + t)) + lh;
	return (a + bb - 1) * (-expm1(lg)) / (a - 1);
}

static double
expected_alive_long(double R, double A, double a, double bb, double t)
{
	const double h = 1e-3;

	if (fabs(a - 1) < h)
	{
		/*
		 * Near a = 1 the closed form cancels: interpolate the (analytic) function of a with the
		 * cubic through a = 1 -+ h, 1 -+ 2h (error O(h^4), rounding amplified only by 1/h).
		 */
		static const double nodes[4] = {-2, -1, 1, 2};
		double		u = (a - 1) / h,
					val = 0;
		int			i,
					j;

		for (i = 0; i < 4; i++)
		{
			double		li = 1;

			for (j = 0; j < 4; j++)
				if (j != i)
					li *= (u - nodes[j]) / (nodes[i] - nodes[j]);
			val += li * expected_alive_hyp(R, A, 1 + nodes[i] * h, bb, t);
		}
		return val;
	}
	return expected_alive_hyp(R, A, a, bb, t);
}

/* G at n increasing horizons (scratch: 3n doubles). */
static void
expected_alive_many(double R, double A, double a, double bb, const double *t, int n,
					double *out, double *scratch)
{
	int			nseries = 0,
				i;

	/* horizons are increasing: the first ones within the series' reach share it */
	while (nseries < n && t[nseries] <= SERIES_MAX_Z / (1 - SERIES_MAX_Z) * A)
		nseries++;
	if (nseries > 0)
		expected_alive_series_many(R, A, a, bb, t, nseries, out, scratch);
	for (i = nseries; i < n; i++)
		out[i] = t[i] > 0 ? expected_alive_long(R, A, a, bb, t[i]) : 0;
}

static double
expected_alive(double R, double A, double a, double bb, double t)
{
	double		out,
				scratch[3];

	if (!(t > 0))
		return 0;
	expected_alive_many(R, A, a, bb, &t, 1, &out, scratch);
	return out;
}

double
cr_bgnbd_expected_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double t, double x,
						  double tx, double T)
{
	double		s = (v == CR_MBGNBD) ? 1.0 : 0.0;
	double		g = expected_alive(p->r + x, p->alpha + T, p->a, p->b + x + s, t);

	return g * cr_bgnbd_p_alive_variant(v, p, x, tx, T);
}

int
cr_bgnbd_expected_many_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double x, double tx,
							   double T, const double *t, int n, double *out)
{
	double		s = (v == CR_MBGNBD) ? 1.0 : 0.0;
	double		stack[3 * 64];
	double	   *scratch = stack;
	double		palive;
	int			i;

	if (n <= 0)
		return 0;
	if (n > 64)
	{
		scratch = malloc(sizeof(double) * 3 * (size_t) n);
		if (!scratch)
			return -1;
	}
	expected_alive_many(p->r + x, p->alpha + T, p->a, p->b + x + s, t, n, out, scratch);
	palive = cr_bgnbd_p_alive_variant(v, p, x, tx, T);
	for (i = 0; i < n; i++)
		out[i] *= palive;
	if (scratch != stack)
		free(scratch);
	return 0;
}

typedef struct ClvCtx
{
	CrBgnbdVariant v;
	const CrBgnbdParams *p;
	double		x,
				tx,
				T;
} ClvCtx;

static int
clv_expected(const double *t, int n, double *out, void *vctx)
{
	ClvCtx	   *ctx = vctx;

	return cr_bgnbd_expected_many_variant(ctx->v, ctx->p, ctx->x, ctx->tx, ctx->T, t, n, out);
}

double
cr_bgnbd_clv_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double x, double tx, double T,
					 double spend, int periods, double period_length, double discount_rate)
{
	ClvCtx		ctx;

	ctx.v = v;
	ctx.p = p;
	ctx.x = x;
	ctx.tx = tx;
	ctx.T = T;
	return cr_clv(clv_expected, &ctx, spend, periods, period_length, discount_rate);
}

double
cr_bgnbd_expected_new_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double t)
{
	/* a new customer is one with x = t_x = T = 0 (for MBG/NBD, P(alive) = b/(a+b) then) */
	return cr_bgnbd_expected_variant(v, p, t, 0, 0, 0);
}

double
cr_bgnbd_prob_purchases_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double t, int64_t n)
{
	double		s = (v == CR_MBGNBD) ? 1.0 : 0.0;
	double		nn = (double) n;
	double		lb0 = cr_lbeta(p->a, p->b);
	double		lz = log(t) - log(p->alpha + t),	/* log t/(alpha+t) */
				l1z = log(p->alpha) - log(p->alpha + t);	/* log alpha/(alpha+t) */
	double		lnb,
				l1,
				l2;

	if (n < 0)
		return 0;
	if (t <= 0)
		/* nothing can happen in no time */
		return n == 0 ? 1.0 : 0.0;
	/* NB(n): Gamma(r+n)/(Gamma(r) n!) (alpha/(alpha+t))^r (t/(alpha+t))^n */
	lnb = cr_lgamma(p->r + nn) - cr_lgamma(p->r) - cr_lgamma(nn + 1) + p->r * l1z + nn * lz;
	/* alive through the whole period: B(a, b+n+s)/B(a, b) NB(n) */
	l1 = cr_lbeta(p->a, p->b + nn + s) - lb0 + lnb;
	if (n == 0 && s == 0)
		return exp(l1);
	/* dropped out after the n-th purchase (or at time 0): B(a+1, b+n+s-1)/B(a, b) P(NB >= n) */
	l2 = cr_lbeta(p->a + 1, p->b + nn + s - 1) - lb0
		+ (n == 0 ? 0 : cr_log_betainc(nn, p->r, t / (p->alpha + t)));
	return exp(cr_logsumexp2(l1, l2));
}

int
cr_bgnbd_simulate_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double T,
						  double resolution, CrRng *rng, int64_t *x, double *tx)
{
	double		lambda = cr_rng_gamma(rng, p->r, p->alpha);
	double		drop = cr_rng_beta(rng, p->a, p->b);
	double		offset = 0,
				exposure = T,
				last_step = 0,
				max_step = 0,
				tau = 0;
	int64_t		purchases = 0;

	*x = 0;
	*tx = 0;
	if (resolution > 0)
	{
		/*
		 * Day-granular summaries, as rfm_summary makes them: the first purchase happens at a
		 * uniform time of its day (offset), a purchase at tau falls on day floor(offset + tau),
		 * the observation ends with the day T (in steps of resolution) and purchases on one
		 * day count once. Then recency and T are whole days, recency <= T.
		 */
		offset = cr_rng_uniform(rng);
		max_step = floor(T / resolution + 1e-9);
		exposure = (max_step + 1 - offset) * resolution;
	}
	/* MBG/NBD: the customer may drop out right after the first purchase */
	if (v == CR_MBGNBD && cr_rng_uniform(rng) < drop)
		return 0;
	if (!(lambda > 0) || !(T > 0))
		return 0;
	for (;;)
	{
		tau += cr_rng_exponential(rng, lambda);
		if (!(tau <= exposure))
			break;
		if (++purchases > CR_BTYD_SIM_MAX_PURCHASES)
			return -1;
		if (resolution > 0)
		{
			double		step = fmin(floor(offset + tau / resolution), max_step);

			if (step > last_step)
			{
				last_step = step;
				(*x)++;
				*tx = fmin(step * resolution, T);
			}
		}
		else
		{
			(*x)++;
			*tx = tau;
		}
		/* drop out after the purchase with probability p */
		if (cr_rng_uniform(rng) < drop)
			break;
	}
	return 0;
}
