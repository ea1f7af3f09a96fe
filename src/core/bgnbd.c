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
#include "specfun.h"

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
 * Per-group scratch layout (gbuf + GBUF * g):
 *   0 c      log of the x-only factor: lgamma(r+x)-lgamma(r) + r log alpha + log B(a,b+x+s)/B(a,b)
 *   1 lk     log(a/(b+x+s-1)) when the second term exists, else -inf
 *   2 sum w                       (accumulated over rows)
 *   3 sum w * w2                  (posterior weight of "dropped out after t_x")
 *   4 sum w * (w1 log(alpha+T) + w2 log(alpha+t_x))
 *   5 sum w * (w1/(alpha+T) + w2/(alpha+t_x))
 */
double
cr_bgnbd_data_loglik(CrBgnbdVariant v, const CrBtydData *d, const double *theta, double *grad)
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
	double		psir = 0,
				psib = 0,
				psiab = 0;
	double		ll = 0,
				gr = 0,
				galpha = 0,
				ga = 0,
				gb = 0;
	int64_t		i,
				g;

	if (!isfinite(r) || !isfinite(alpha) || !isfinite(a) || !isfinite(b) ||
		!(r > 0) || !(alpha > 0) || !(a > 0) || !(b > 0))
		return NAN;
	if (grad)
	{
		psir = cr_digamma(r);
		psib = cr_digamma(b);
		psiab = cr_digamma(a + b);
	}

	for (g = 0; g < d->ngroups; g++)
	{
		double	   *gb_ = d->gbuf + GBUF * g;
		double		x = d->gx[g];

		gb_[0] = cr_lgamma(r + x) - lgr + r * lalpha
			+ cr_lgamma(b + x + s) - cr_lgamma(a + b + x + s) - lgb + lgab;
		gb_[1] = (x > 0 || s > 0) ? la - log(b + x + s - 1) : -INFINITY;
		gb_[2] = gb_[3] = gb_[4] = gb_[5] = 0;
	}

	for (i = 0; i < d->n; i++)
	{
		double	   *gb_ = d->gbuf + GBUF * d->group[i];
		double		x = d->x[i],
					w = d->w[i];
		double		lT = log(alpha + d->T[i]);
		double		l1 = -(r + x) * lT;
		double		lsum,
					w2 = 0;

		if (gb_[1] == -INFINITY)
		{
			lsum = l1;
			if (grad)
			{
				gb_[4] += w * lT;
				gb_[5] += w / (alpha + d->T[i]);
			}
		}
		else
		{
			double		ltx = log(alpha + d->tx[i]);
			double		l2 = gb_[1] - (r + x) * ltx;

			/* log(e^l1 + e^l2), and w2 = e^(l2 - lsum) */
			if (l1 >= l2)
			{
				double		e = exp(l2 - l1);

				lsum = l1 + log1p(e);
				w2 = e / (1 + e);
			}
			else
			{
				double		e = exp(l1 - l2);

				lsum = l2 + log1p(e);
				w2 = 1 / (1 + e);
			}
			if (grad)
			{
				double		w1 = 1 - w2;

				gb_[3] += w * w2;
				gb_[4] += w * (w1 * lT + w2 * ltx);
				gb_[5] += w * (w1 / (alpha + d->T[i]) + w2 / (alpha + d->tx[i]));
			}
		}
		gb_[2] += w;
		ll += w * lsum;
	}

	for (g = 0; g < d->ngroups; g++)
	{
		double	   *gb_ = d->gbuf + GBUF * g;
		double		x = d->gx[g];
		double		sw = gb_[2];

		if (sw == 0)
			continue;
		ll += sw * gb_[0];
		if (grad)
		{
			double		psiabxs = cr_digamma(a + b + x + s);

			gr += sw * (cr_digamma(r + x) - psir + lalpha) - gb_[4];
			galpha += sw * r / alpha - (r + x) * gb_[5];
			ga += sw * (psiab - psiabxs);
			gb += sw * (cr_digamma(b + x + s) - psiabxs - psib + psiab);
			if (gb_[1] != -INFINITY)
			{
				ga += gb_[3] / a;
				gb -= gb_[3] / (b + x + s - 1);
			}
		}
	}

	if (grad)
	{
		/* chain rule to log parameters: d/d log(theta) = theta * d/d theta */
		grad[0] = r * gr;
		grad[1] = alpha * galpha;
		grad[2] = a * ga;
		grad[3] = b * gb;
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
fit_objective(const double *theta, double *grad, void *vctx)
{
	FitCtx	   *ctx = vctx;
	double		ll = cr_bgnbd_data_loglik(ctx->v, ctx->d, theta, grad);
	int			i;

	if (grad)
		for (i = 0; i < 4; i++)
			grad[i] = -grad[i] * ctx->scale;
	return -ll * ctx->scale;
}

int
cr_bgnbd_fit_variant(CrBgnbdVariant v, const CrBtydData *d, CrBtydFit *fit)
{
	FitCtx		ctx;
	CrOptimOptions opt;
	CrOptimResult res;
	double		theta[4],
				best[4],
				se[4];
	double		best_value = INFINITY;
	CrOptimStatus best_status = CR_OPTIM_NOT_FINITE;
	int			best_iter = 0,
				attempt;
	/* starting points: r, alpha / scale, a, b (alpha is scaled to the observation length) */
	static const double starts[][4] = {
		{1.0, 1.0, 1.0, 1.0},
		{0.5, 0.5, 0.5, 2.0},
		{2.0, 4.0, 2.0, 0.5},
	};
	double		tscale;

	memset(fit, 0, sizeof(*fit));
	ctx.v = v;
	ctx.d = d;
	ctx.scale = d->total_weight > 0 ? 1.0 / d->total_weight : 1.0;
	cr_optim_default_options(&opt);
	/* time scale of the data: alpha starts at the scale of T (alpha ~ r / lambda) */
	tscale = d->max_T > 0 ? d->max_T / 10.0 : 1.0;

	for (attempt = 0; attempt < (int) (sizeof(starts) / sizeof(starts[0])); attempt++)
	{
		theta[0] = log(starts[attempt][0]);
		theta[1] = log(starts[attempt][1] * tscale);
		theta[2] = log(starts[attempt][2]);
		theta[3] = log(starts[attempt][3]);
		cr_minimize(fit_objective, &ctx, 4, theta, &opt, &res);
		if (res.status == CR_OPTIM_NO_MEMORY)
			return -1;
		if (isfinite(res.value) && (res.value < best_value ||
									(best_status != CR_OPTIM_CONVERGED &&
									 res.status == CR_OPTIM_CONVERGED &&
									 res.value <= best_value + 1e-9)))
		{
			best_value = res.value;
			best_status = res.status;
			best_iter += res.iterations;
			memcpy(best, theta, sizeof(best));
		}
		else
			best_iter += res.iterations;
		if (res.status == CR_OPTIM_CONVERGED)
			break;
	}

	fit->status = best_status;
	fit->iterations = best_iter;
	if (!isfinite(best_value))
	{
		fit->converged = 0;
		fit->loglik = NAN;
		return 0;
	}
	fit->converged = (best_status == CR_OPTIM_CONVERGED);
	fit->p.r = exp(best[0]);
	fit->p.alpha = exp(best[1]);
	fit->p.a = exp(best[2]);
	fit->p.b = exp(best[3]);
	fit->loglik = cr_bgnbd_data_loglik(v, d, best, NULL);

	/* standard errors from the Hessian of the total (not mean) negative log-likelihood */
	ctx.scale = 1.0;
	if (cr_log_param_std_errors(fit_objective, &ctx, 4, best, se) == 0)
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
