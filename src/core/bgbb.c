/*
 * bgbb.c — BG/BB likelihood, gradient, fit and predictions (see bgbb.h).
 *
 * FHS 2010 eq. 5: with B() the beta function,
 *   L = B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d)                                   (alive at n)
 *     + sum_{i=0}^{n-t_x-1} B(a+x, b+t_x-x+i)/B(a,b) B(g+1, d+t_x+i)/B(g,d)     (died at t_x+i+1)
 * (a, b, g, d = alpha, beta, gamma, delta). The terms of the sum follow from one another by
 * B(u, v+1) = B(u, v) v/(u+v) and psi(v+1) = psi(v) + 1/v; where n - t_x is large, the slowly
 * varying rest of the sum is taken by Gregory's summation formula (see death_sums), so a
 * customer costs O(1) special functions whatever n is. The gradient uses
 * d log B(u, v)/du = psi(u) - psi(u+v).
 */
#include "bgbb.h"
#include "specfun.h"
#include "digamma.h"
#include "mle.h"
#include "clv.h"
#include "quad.h"
#include "runtime.h"

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
 * The death terms of a customer, relative to the first: with A = alpha+x, P = beta+t_x-x,
 * G = gamma+1, D = delta+t_x, term i is t(i) = B(A, P+i) B(G, D+i), and
 *   r(i) = t(i)/t(0),  r(i+1) = r(i) (P+i)/(A+P+i) (D+i)/(G+D+i)  (decreasing, log-convex in i).
 * The gradient needs sum r(i) h_k(i) with
 *   h_0 = psi(A) - psi(A+P+i), h_1 = psi(P+i) - psi(A+P+i),
 *   h_2 = psi(G) - psi(G+D+i), h_3 = psi(D+i) - psi(G+D+i).
 * m = n - t_x terms; n can be millions of opportunities, and the fit evaluates the sum hundreds
 * of times, so summing term by term is too slow (issue 8). The sum is split:
 *
 * 1. Term by term while the terms change quickly, stopping early when the rest is negligible:
 *    each ratio is at most ((Y+j)/(Y+j+1))^(1 + min(A, 1)), Y = max(P, D) (log-concavity of
 *    y -> y/(y+A) bounds by A log(1+1/y) for A <= 1, and G > 1), so the tail after term i is at
 *    most r(i) (1 + (Y+i)/min(A, 1)).
 * 2. Once the terms vary slowly (min(P, D)+i >= SMOOTH_Y and A/(P+i) + G/(D+i) <= SMOOTH_DELTA:
 *    every derivative of log r is then small against 1) the rest, terms K..M = m-1, by Gregory's
 *    summation formula
 *      sum_{i=K}^{M} f(i) = int_K^M f + (f(K) + f(M))/2
 *                           + sum_k c_k (nabla^k f(M) + (-1)^k Delta^k f(K)),
 *    c_k the Gregory coefficients (1/12, 1/24, 19/720, ...), differences of order k <= 8 from the
 *    terms themselves (their error ~ SMOOTH_DELTA^9). The integral is taken in v = log(u + Y0),
 *    Y0 = min(P, D), where the integrand is nearly exponential, by the shared adaptive quadrature
 *    (quad.c); log r(u) - log r(K) = -[lgd(P+u, A) - lgd(P+K, A)] - [lgd(D+u, G) - lgd(D+K, G)]
 *    with lgd(y, A) = log Gamma(y+A) - log Gamma(y) (digamma.c, accurate for large y).
 * A customer then costs at most a few thousand terms and one quadrature, whatever n is.
 */
#define SMOOTH_Y 128.0
#define SMOOTH_DELTA (1.0 / 128.0)
#define GREGORY_ORDER 8
#define TAIL_MIN_TERMS 64		/* use the tail formula only with this many terms left */
#define TAIL_NEGLIGIBLE 1e-20

static const double gregory_c[GREGORY_ORDER + 1] = {
	0, 1.0 / 12, 1.0 / 24, 19.0 / 720, 3.0 / 160, 863.0 / 60480, 275.0 / 24192,
	33953.0 / 3628800, 8183.0 / 1036800
};

typedef struct DeathTerms
{
	double		A,
				P,
				G,
				D,
				Y0,
				lgK,			/* log r(K) + lgd(P+K, A) + lgd(D+K, G) */
				pa,				/* psi(A) */
				pg;				/* psi(G) */
} DeathTerms;

/* h_k at u from the four digammas */
static void
death_h(const DeathTerms *c, double u, double *h)
{
	double		s1 = cr_digamma(c->A + c->P + u),
				s2 = cr_digamma(c->G + c->D + u);

	h[0] = c->pa - s1;
	h[1] = cr_digamma(c->P + u) - s1;
	h[2] = c->pg - s2;
	h[3] = cr_digamma(c->D + u) - s2;
}

/* log r(u), as a function of v = log(u + Y0), times the Jacobian du/dv = e^v */
static double
death_logf(double v, double *extra, void *vctx)
{
	const DeathTerms *c = vctx;
	double		u = exp(v) - c->Y0;

	if (extra)
		death_h(c, u, extra);
	return -cr_lgamma_diff(c->P + u, c->A) - cr_lgamma_diff(c->D + u, c->G) + c->lgK + v;
}

/*
 * The terms K..M (M - K >= TAIL_MIN_TERMS) by Gregory's formula; fk[j][q] holds r(K+j) and
 * r(K+j) h_q(K+j) for j = 0..GREGORY_ORDER (q = 0 the term, 1..4 the gradient parts).
 * out[q] receives the sums; returns -1 when the quadrature fails.
 */
static int
death_tail(DeathTerms *c, double K, double M, double fk[][5], int nq, double *out)
{
	double		fm[GREGORY_ORDER + 1][5],
				mom[4],
				h[4],
				dk[GREGORY_ORDER + 1],
				dm[GREGORY_ORDER + 1],
				u0 = M - GREGORY_ORDER,
				rK = fk[0][0],
				r,
				li;
	int			j,
				q,
				k;

	c->lgK = log(rK) + cr_lgamma_diff(c->P + K, c->A) + cr_lgamma_diff(c->D + K, c->G);
	/* terms M-8..M: the first from lgd, then the recurrence */
	r = exp(-cr_lgamma_diff(c->P + u0, c->A) - cr_lgamma_diff(c->D + u0, c->G) + c->lgK);
	for (j = 0; j <= GREGORY_ORDER; j++)
	{
		double		u = u0 + j;

		fm[j][0] = r;
		if (nq > 1)
		{
			death_h(c, u, h);
			for (q = 1; q < nq; q++)
				fm[j][q] = r * h[q - 1];
		}
		r *= (c->P + u) / (c->A + c->P + u) * ((c->D + u) / (c->G + c->D + u));
	}
	li = cr_quad_log_integral(death_logf, c, log(K + c->Y0), log(M + c->Y0), nq - 1, mom);
	if (!isfinite(li))
		return -1;
	for (q = 0; q < nq; q++)
	{
		double		integral = exp(li),
					s;

		if (q > 0)
			integral *= mom[q - 1];
		s = integral + 0.5 * (fk[0][q] + fm[GREGORY_ORDER][q]);
		/* forward differences at K, backward at M, built up order by order */
		for (j = 0; j <= GREGORY_ORDER; j++)
		{
			dk[j] = fk[j][q];
			dm[j] = fm[j][q];
		}
		for (k = 1; k <= GREGORY_ORDER; k++)
		{
			for (j = 0; j + k <= GREGORY_ORDER; j++)
			{
				dk[j] = dk[j + 1] - dk[j];
				dm[GREGORY_ORDER - j] = dm[GREGORY_ORDER - j] - dm[GREGORY_ORDER - j - 1];
			}
			s += gregory_c[k] * (dm[GREGORY_ORDER] + ((k & 1) ? -dk[0] : dk[0]));
		}
		out[q] = s;
	}
	return 0;
}

/*
 * sum[0] = sum_{i<m} r(i), sum[1..4] = sum r(i) h_k(i) (only when grad), for m >= 1 terms;
 * pa = psi(A), pg = psi(G) (used only when grad).
 */
static void
death_sums(double A, double P, double G, double D, double m, double pa, double pg, int grad,
		   double *sum)
{
	double		r = 1.0,
				p = P,
				s1 = A + P,
				d = D,
				s2 = G + D,
				pb1 = 0,
				ps1 = 0,
				pb2 = 0,
				ps2 = 0,
				Y = fmax(P, D),
				amin = fmin(A, 1.0),
				i;
	int			nq = grad ? 5 : 1,
				q,
				tail_ok = 1;
	int64_t		step = 0;

	for (q = 0; q < 5; q++)
		sum[q] = 0;
	if (grad)
	{
		pb1 = cr_digamma(p);
		ps1 = cr_digamma(s1);
		pb2 = cr_digamma(d);
		ps2 = cr_digamma(s2);
	}
	for (i = 0; i < m; i += 1.0, step++)
	{
		if (CR_EVERY(step, 4096))
			cr_check_interrupts();
		if (tail_ok && m - 1 - i >= TAIL_MIN_TERMS && fmin(p, d) >= SMOOTH_Y &&
			A / p + G / d <= SMOOTH_DELTA)
		{
			/* slowly varying from here: the first GREGORY_ORDER + 1 terms, then the formula */
			double		fk[GREGORY_ORDER + 1][5],
						tail[5],
						rr = r,
						b1 = pb1,
						c1 = ps1,
						b2 = pb2,
						c2 = ps2,
						pp = p,
						ss1 = s1,
						dd = d,
						ss2 = s2;
			DeathTerms	c;
			int			j;

			for (j = 0; j <= GREGORY_ORDER; j++)
			{
				fk[j][0] = rr;
				if (grad)
				{
					fk[j][1] = rr * (pa - c1);
					fk[j][2] = rr * (b1 - c1);
					fk[j][3] = rr * (pg - c2);
					fk[j][4] = rr * (b2 - c2);
					b1 += 1.0 / pp;
					c1 += 1.0 / ss1;
					b2 += 1.0 / dd;
					c2 += 1.0 / ss2;
				}
				rr *= (pp / ss1) * (dd / ss2);
				pp += 1.0;
				ss1 += 1.0;
				dd += 1.0;
				ss2 += 1.0;
			}
			c.A = A;
			c.P = P;
			c.G = G;
			c.D = D;
			c.Y0 = fmin(P, D);
			c.pa = pa;
			c.pg = pg;
			if (death_tail(&c, i, m - 1, fk, nq, tail) == 0)
			{
				for (q = 0; q < nq; q++)
					sum[q] += tail[q];
				return;
			}
			tail_ok = 0;		/* quadrature failed: go on term by term */
		}
		sum[0] += r;
		if (grad)
		{
			sum[1] += r * (pa - ps1);
			sum[2] += r * (pb1 - ps1);
			sum[3] += r * (pg - ps2);
			sum[4] += r * (pb2 - ps2);
			pb1 += 1.0 / p;
			ps1 += 1.0 / s1;
			pb2 += 1.0 / d;
			ps2 += 1.0 / s2;
		}
		/* the rest cannot matter (bound in the comment above) */
		if (r * (1.0 + (Y + i) / amin) <= TAIL_NEGLIGIBLE * sum[0])
			return;
		r *= (p / s1) * (d / s2);
		p += 1.0;
		s1 += 1.0;
		d += 1.0;
		s2 += 1.0;
	}
}

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
	double		galive[4],
				sums[5],
				l_alive,
				l_death,
				tot,
				pax = 0,
				A = al + x,
				P = be + tx - x,
				G = ga + 1.0,
				D = de + tx,
				nd = n - tx;
	int			k;

	/* the "alive at n" term */
	l_alive = cr_lbeta(al + x, be + n - x) + cr_lbeta(ga, de + n);
	if (grad)
	{
		double		pabn = cr_digamma(al + be + n),
					pgdn = cr_digamma(ga + de + n);

		pax = cr_digamma(al + x);
		galive[0] = pax - pabn;
		galive[1] = cr_digamma(be + n - x) - pabn;
		galive[2] = ps->g - pgdn;
		galive[3] = cr_digamma(de + n) - pgdn;
	}
	if (nd <= 0)
	{
		if (grad)
			for (k = 0; k < 4; k++)
				grad[k] = galive[k];
		return l_alive;
	}

	/* the death terms, i = 0 .. n - t_x - 1 */
	death_sums(A, P, G, D, nd, pax, ps->g1, grad != NULL, sums);
	l_death = cr_lbeta(A, P) + cr_lbeta(G, D) + log(sums[0]);
	tot = cr_logsumexp2(l_alive, l_death);
	if (grad)
	{
		double		wa = exp(l_alive - tot),
					wd = exp(l_death - tot);

		for (k = 0; k < 4; k++)
			grad[k] = wa * galive[k] + wd * sums[k + 1] / sums[0];
	}
	return tot;
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

		if (CR_EVERY(i, 64))
			cr_check_interrupts();
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

/* The driver's log-likelihood (mle.h; no analytic Hessian). */
static double
fit_loglik(const double *theta, double *grad, double *hess, void *ctx)
{
	(void) hess;
	return cr_bgbb_data_loglik(ctx, theta, grad);
}

void
cr_bgbb_fit(const CrBgbbData *d, CrMleResult *m)
{
	static const double start[4] = {0, 0, 0, 0};	/* alpha = beta = gamma = delta = 1 */
	CrMleProblem prob = {.loglik = fit_loglik, .ctx = (void *) d, .n = 4, .analytic_hessian = 0,
		.starts = start, .nstarts = 1, .total_weight = 0};
	int64_t		i;

	for (i = 0; i < d->n; i++)
		prob.total_weight += d->w[i];
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
			if (CR_EVERY(k, 65536))
				cr_check_interrupts();
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
	{
		if (CR_EVERY(i, 4096))
			cr_check_interrupts();
		l = cr_logsumexp2(l, lgamma(i + 1.0) - lgamma(k + 1.0) - lgamma(i - k + 1.0)
						  + cr_lbeta(al + k, be + i - k) - lab
						  + cr_lbeta(ga + 1.0, de + i) - lgd);
	}
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
			if (CR_EVERY(k, 65536))
				cr_check_interrupts();
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
		if (CR_EVERY(t, 65536))
			cr_check_interrupts();
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
