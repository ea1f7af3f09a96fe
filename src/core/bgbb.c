/*
 * bgbb.c — BG/BB likelihood, gradient, fit and predictions (see bgbb.h).
 *
 * FHS 2010 eq. 5: with B() the beta function,
 *   L = B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d)                                   (alive at n)
 *     + sum_{i=0}^{n-t_x-1} B(a+x, b+t_x-x+i)/B(a,b) B(g+1, d+t_x+i)/B(g,d)     (died at t_x+i+1)
 * (a, b, g, d = alpha, beta, gamma, delta). The terms of the sum follow from one another by
 * B(u, v+1) = B(u, v) v/(u+v) and psi(v+1) = psi(v) + 1/v, so a customer costs O(n - t_x)
 * arithmetic and no special function beyond the first term; the gradient uses
 * d log B(u, v)/du = psi(u) - psi(u+v).
 */
#include "bgbb.h"
#include "specfun.h"
#include "digamma.h"
#include "mle.h"
#include "clv.h"

#include <math.h>
#include <string.h>

#define THETA_LIMIT 30.0

/* digamma values that depend on the parameters only */
typedef struct ParamPsi
{
	double		a,
				b,
				ab,
				g,
				d,
				gd,
				g1;				/* psi(gamma + 1) */
} ParamPsi;

/*
 * log of a customer's likelihood (without -log B(a,b) - log B(g,d)) and, when grad is not NULL,
 * its gradient in (alpha, beta, gamma, delta), likewise without the constant part.
 */
static double
row_loglik(const CrBgbbParams *p, const ParamPsi *ps, double x, double tx, double n, double *grad)
{
	double		al = p->alpha,
				be = p->beta,
				ga = p->gamma,
				de = p->delta;
	double		m,
				sum = 1.0,
				gacc[4];
	double		l0,
				b1,
				s1,
				b2,
				s2,
				lb1,
				lb2,
				pb1 = 0,
				ps1 = 0,
				pb2 = 0,
				ps2 = 0,
				pax = 0;
	double		i,
				nd = n - tx;
	int			k;

	/* the "alive at n" term */
	l0 = cr_lbeta(al + x, be + n - x) + cr_lbeta(ga, de + n);
	m = l0;
	if (grad)
	{
		double		pabn = cr_digamma(al + be + n),
					pgdn = cr_digamma(ga + de + n);

		pax = cr_digamma(al + x);
		gacc[0] = pax - pabn;
		gacc[1] = cr_digamma(be + n - x) - pabn;
		gacc[2] = ps->g - pgdn;
		gacc[3] = cr_digamma(de + n) - pgdn;
	}
	if (nd <= 0)
		goto done;

	/* the death terms, i = 0 .. n - t_x - 1 */
	b1 = be + tx - x;
	s1 = al + be + tx;
	b2 = de + tx;
	s2 = ga + de + 1.0 + tx;
	lb1 = cr_lbeta(al + x, b1);
	lb2 = cr_lbeta(ga + 1.0, b2);
	if (grad)
	{
		pb1 = cr_digamma(b1);
		ps1 = cr_digamma(s1);
		pb2 = cr_digamma(b2);
		ps2 = cr_digamma(s2);
	}
	for (i = 0; i < nd; i += 1.0)
	{
		double		l = lb1 + lb2;

		/* streaming log-sum-exp of the terms, with their gradients */
		if (l > m)
		{
			double		sc = exp(m - l);

			sum *= sc;
			if (grad)
				for (k = 0; k < 4; k++)
					gacc[k] *= sc;
			m = l;
		}
		{
			double		e = exp(l - m);

			sum += e;
			if (grad)
			{
				gacc[0] += e * (pax - ps1);
				gacc[1] += e * (pb1 - ps1);
				gacc[2] += e * (ps->g1 - ps2);
				gacc[3] += e * (pb2 - ps2);
			}
		}
		/* next i */
		lb1 += log(b1 / s1);
		lb2 += log(b2 / s2);
		if (grad)
		{
			pb1 += 1.0 / b1;
			ps1 += 1.0 / s1;
			pb2 += 1.0 / b2;
			ps2 += 1.0 / s2;
		}
		b1 += 1.0;
		s1 += 1.0;
		b2 += 1.0;
		s2 += 1.0;
	}

done:
	if (grad)
		for (k = 0; k < 4; k++)
			grad[k] = gacc[k] / sum;
	return m + log(sum);
}

static void
param_psi(const CrBgbbParams *p, ParamPsi *ps)
{
	ps->a = cr_digamma(p->alpha);
	ps->b = cr_digamma(p->beta);
	ps->ab = cr_digamma(p->alpha + p->beta);
	ps->g = cr_digamma(p->gamma);
	ps->d = cr_digamma(p->delta);
	ps->gd = cr_digamma(p->gamma + p->delta);
	ps->g1 = cr_digamma(p->gamma + 1.0);
}

double
cr_bgbb_data_loglik(const CrBgbbData *d, const double *theta, double *grad)
{
	CrBgbbParams p;
	ParamPsi	ps;
	double		ll = 0,
				g[4] = {0, 0, 0, 0},
				gi[4],
				wsum = 0,
				lconst;
	int64_t		i;
	int			k;

	for (k = 0; k < 4; k++)
		if (!(fabs(theta[k]) <= THETA_LIMIT))
			return NAN;
	p.alpha = exp(theta[0]);
	p.beta = exp(theta[1]);
	p.gamma = exp(theta[2]);
	p.delta = exp(theta[3]);
	memset(&ps, 0, sizeof(ps));
	if (grad)
		param_psi(&p, &ps);
	lconst = -cr_lbeta(p.alpha, p.beta) - cr_lbeta(p.gamma, p.delta);

	for (i = 0; i < d->n; i++)
	{
		double		w = d->w[i];

		ll += w * row_loglik(&p, &ps, d->x[i], d->tx[i], d->np[i], grad ? gi : NULL);
		wsum += w;
		if (grad)
			for (k = 0; k < 4; k++)
				g[k] += w * gi[k];
	}
	ll += wsum * lconst;
	if (grad)
	{
		/* the constant part: -log B(a,b) - log B(g,d) */
		g[0] -= wsum * (ps.a - ps.ab);
		g[1] -= wsum * (ps.b - ps.ab);
		g[2] -= wsum * (ps.g - ps.gd);
		g[3] -= wsum * (ps.d - ps.gd);
		grad[0] = g[0] * p.alpha;
		grad[1] = g[1] * p.beta;
		grad[2] = g[2] * p.gamma;
		grad[3] = g[3] * p.delta;
	}
	return ll;
}

/* The driver's objective: the mean negative log-likelihood (no analytic Hessian). */
typedef struct FitCtx
{
	const CrBgbbData *d;
	double		total_weight;
} FitCtx;

static double
mean_negloglik(const double *theta, double *grad, double *hess, void *ctx)
{
	const FitCtx *c = ctx;
	double		ll = cr_bgbb_data_loglik(c->d, theta, grad),
				scale = c->total_weight > 0 ? 1.0 / c->total_weight : 1.0;
	int			k;

	(void) hess;
	if (!isfinite(ll))
		return INFINITY;
	if (grad)
		for (k = 0; k < 4; k++)
			grad[k] = -grad[k] * scale;
	return -ll * scale;
}

void
cr_bgbb_fit(const CrBgbbData *d, CrMleResult *m)
{
	static const double start[4] = {0, 0, 0, 0};	/* alpha = beta = gamma = delta = 1 */
	FitCtx		c = {d, 0};
	CrMleProblem prob = {mean_negloglik, &c, 4, 0, start, 1, 0};
	int64_t		i;

	for (i = 0; i < d->n; i++)
		c.total_weight += d->w[i];
	prob.total_weight = c.total_weight;
	cr_mle_fit(&prob, m);
}

double
cr_bgbb_loglik(const CrBgbbParams *p, double x, double tx, double n)
{
	ParamPsi	ps;

	memset(&ps, 0, sizeof(ps));
	return row_loglik(p, &ps, x, tx, n, NULL)
		- cr_lbeta(p->alpha, p->beta) - cr_lbeta(p->gamma, p->delta);
}

/* log P(alive at the start of opportunity m | x, t_x, n) for m = n or n + 1 */
static double
log_p_alive_at(const CrBgbbParams *p, double x, double tx, double n, double m)
{
	double		ll = cr_bgbb_loglik(p, x, tx, n);

	return cr_lbeta(p->alpha + x, p->beta + n - x) - cr_lbeta(p->alpha, p->beta)
		+ cr_lbeta(p->gamma, p->delta + m) - cr_lbeta(p->gamma, p->delta) - ll;
}

double
cr_bgbb_p_alive(const CrBgbbParams *p, double x, double tx, double n)
{
	return fmin(1.0, exp(log_p_alive_at(p, x, tx, n, n + 1.0)));
}

/* log sum_{k=1}^{N} B(g, b0 + k) / B(g, d) */
static double
log_sum_survival(double g, double d, double b0, double N)
{
	double		l1 = cr_lbeta(g, b0 + 1.0) - cr_lbeta(g, d);

	if (N <= 0)
		return -INFINITY;
	if (N <= 1e7)
	{
		double		sum = 0,
					q = 1.0,
					k,
					b = b0 + 1.0;

		for (k = 1; k <= N; k += 1.0)
		{
			sum += q;
			q *= b / (g + b);	/* B(g, b+1) = B(g, b) b/(g+b) */
			b += 1.0;
		}
		return l1 + log(sum);
	}
	else
	{
		/*
		 * B(g, v) = B(g-1, v) - B(g-1, v+1) telescopes:
		 * sum = Gamma(g-1) [Gamma(b0+1)/Gamma(g+b0) - Gamma(b0+N+1)/Gamma(g+b0+N)] / B(g, d)
		 */
		double		u1 = lgamma(b0 + 1.0) - lgamma(g + b0),
					u2 = lgamma(b0 + N + 1.0) - lgamma(g + b0 + N);
		double		diff = (u1 >= u2) ? cr_logdiffexp(u1, u2) : cr_logdiffexp(u2, u1);

		return lgamma(g - 1.0) + diff - cr_lbeta(g, d);
	}
}

double
cr_bgbb_expected_new(const CrBgbbParams *p, double n)
{
	/* E[p] sum_{k=1}^{n} P(alive at k) */
	return p->alpha / (p->alpha + p->beta)
		* exp(log_sum_survival(p->gamma, p->delta, p->delta, n));
}

double
cr_bgbb_expected(const CrBgbbParams *p, double nstar, double x, double tx, double n)
{
	double		ll = cr_bgbb_loglik(p, x, tx, n);

	if (nstar <= 0)
		return 0.0;
	return exp(cr_lbeta(p->alpha + x + 1.0, p->beta + n - x) - cr_lbeta(p->alpha, p->beta)
			   + log_sum_survival(p->gamma, p->delta, p->delta + n, nstar) - ll);
}

double
cr_bgbb_prob_purchases_new(const CrBgbbParams *p, double n, double k)
{
	double		al = p->alpha,
				be = p->beta,
				ga = p->gamma,
				de = p->delta;
	double		lab = cr_lbeta(al, be),
				lgd = cr_lbeta(ga, de);
	double		l,
				i;

	if (!(k >= 0) || k > n || k != floor(k))
		return 0.0;
	/* alive through n, k transactions in n opportunities */
	l = lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0)
		+ cr_lbeta(al + k, be + n - k) - lab + cr_lbeta(ga, de + n) - lgd;
	/* died at the start of opportunity i + 1 with k transactions in the first i */
	for (i = k; i < n; i += 1.0)
		l = cr_logsumexp2(l, lgamma(i + 1.0) - lgamma(k + 1.0) - lgamma(i - k + 1.0)
						  + cr_lbeta(al + k, be + i - k) - lab
						  + cr_lbeta(ga + 1.0, de + i) - lgd);
	return fmin(1.0, exp(l));
}

double
cr_bgbb_prob_purchases(const CrBgbbParams *p, double nstar, double k,
					   double x, double tx, double n)
{
	CrBgbbParams q;
	double		pa = fmin(1.0, exp(log_p_alive_at(p, x, tx, n, n)));

	q.alpha = p->alpha + x;
	q.beta = p->beta + n - x;
	q.gamma = p->gamma;
	q.delta = p->delta + n;
	return (k == 0 ? 1.0 - pa : 0.0) + pa * cr_bgbb_prob_purchases_new(&q, nstar, k);
}

double
cr_bgbb_dert(const CrBgbbParams *p, double x, double tx, double n, double d)
{
	double		ll = cr_bgbb_loglik(p, x, tx, n);
	double		lf = cr_log_hyp2f1(1.0, p->delta + n + 1.0, p->gamma + p->delta + n + 1.0,
								   1.0 / (1.0 + d), NULL);

	if (isnan(lf) || isnan(ll))
		return NAN;
	return exp(cr_lbeta(p->alpha + x + 1.0, p->beta + n - x) - cr_lbeta(p->alpha, p->beta)
			   + cr_lbeta(p->gamma, p->delta + n + 1.0) - cr_lbeta(p->gamma, p->delta)
			   - log1p(d) + lf - ll);
}

typedef struct ClvCtx
{
	const CrBgbbParams *p;
	double		x,
				tx,
				n;
} ClvCtx;

/* E[X(n, n + t[k]) | history]; the horizons are whole numbers of opportunities */
static int
clv_expected(const double *t, int nt, double *out, void *vctx)
{
	const ClvCtx *c = vctx;
	const CrBgbbParams *p = c->p;
	double		lpre = cr_lbeta(p->alpha + c->x + 1.0, p->beta + c->n - c->x)
		- cr_lbeta(p->alpha, p->beta) - cr_bgbb_loglik(p, c->x, c->tx, c->n)
		+ cr_lbeta(p->gamma, p->delta + c->n + 1.0) - cr_lbeta(p->gamma, p->delta);
	double		q = 1.0,
				sum = 0,
				b = p->delta + c->n + 1.0,
				k = 1.0;
	int			j;

	if (!isfinite(lpre))
		return -1;
	/* running sum of B(g, d+n+k)/B(g, d+n+1) over k, read off at each horizon */
	for (j = 0; j < nt; j++)
	{
		for (; k <= t[j]; k += 1.0)
		{
			sum += q;
			q *= b / (p->gamma + b);
			b += 1.0;
		}
		out[j] = exp(lpre) * sum;
	}
	return 0;
}

double
cr_bgbb_clv(const CrBgbbParams *p, double x, double tx, double n, double spend, int periods,
			double discount_rate)
{
	ClvCtx		c;

	c.p = p;
	c.x = x;
	c.tx = tx;
	c.n = n;
	return cr_clv(clv_expected, &c, spend, periods, 1.0, discount_rate);
}

void
cr_bgbb_simulate(CrRng *rng, const CrBgbbParams *p, int64_t n, double *x, double *tx)
{
	double		pr = cr_rng_beta(rng, p->alpha, p->beta),
				th = cr_rng_beta(rng, p->gamma, p->delta);
	int64_t		t;

	*x = 0;
	*tx = 0;
	for (t = 1; t <= n; t++)
	{
		/* a living customer may die at the start of each opportunity, then may transact */
		if (cr_rng_uniform(rng) < th)
			break;
		if (cr_rng_uniform(rng) < pr)
		{
			*x += 1;
			*tx = (double) t;
		}
	}
}
