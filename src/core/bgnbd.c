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
#include "mle.h"
#include "specfun.h"
#include "betainc.h"
#include "clv.h"
#include "runtime.h"
#include "vecmath.h"
#include "warm_start.h"

#define GBUF 8					/* scratch doubles per distinct x */
#define TBUF 3					/* scratch doubles per distinct T */
#define SWEEP_BLOCK 128			/* rows per batch of logarithms and exponentials */
#define SWEEP_PAD 4				/* a block is padded to a whole number of the widest vectors */

/* One block of rows of a sweep, each row's inputs and transcendental terms side by side. */
typedef struct SweepBlock
{
	double		R[SWEEP_BLOCK + SWEEP_PAD],	/* r + x */
				w[SWEEP_BLOCK + SWEEP_PAD], /* weight */
				l2[SWEEP_BLOCK + SWEEP_PAD],	/* log(a/(b+x+s-1)) or -inf (the group's gb[1]) */
				q[SWEEP_BLOCK + SWEEP_PAD], /* b/(b+x+s-1) (gb[3]) */
				lu[SWEEP_BLOCK + SWEEP_PAD],	/* log(u / alpha), u = alpha + T */
				au[SWEEP_BLOCK + SWEEP_PAD],	/* alpha / u */
				atu[SWEEP_BLOCK + SWEEP_PAD],	/* alpha T / u^2 */
				y[SWEEP_BLOCK + SWEEP_PAD], /* y = t_x / alpha */
				lv[SWEEP_BLOCK + SWEEP_PAD],	/* log(v / alpha) = log1p(y), v = alpha + t_x */
				d[SWEEP_BLOCK + SWEEP_PAD], /* l1 - l2: +inf for a row with one term */
				hi[SWEEP_BLOCK + SWEEP_PAD],	/* the larger of l1 and l2 */
				e[SWEEP_BLOCK + SWEEP_PAD], /* e^-|l1 - l2| */
				lp[SWEEP_BLOCK + SWEEP_PAD];	/* log1p of it */
} SweepBlock;

/* The rows' sums of a block (bgnbd_row_sums.h): two lanes anywhere, four with AVX2 and FMA. */
#define SUMS_NAME row_sums
#if defined(__GNUC__)
#define SUMS_LANES 2
#else
#define SUMS_LANES 1
#endif
#define SUMS_TARGET
#include "bgnbd_row_sums.h"
#ifdef CR_VEC_HAVE_AVX2
#define SUMS_NAME row_sums_avx2
#define SUMS_LANES 4
#define SUMS_TARGET __attribute__((target("avx2,fma")))
#include "bgnbd_row_sums.h"
#endif

static int
cmp_double(const void *pa, const void *pb)
{
	double		a = *(const double *) pa,
				b = *(const double *) pb;

	return (a > b) - (a < b);
}

/*
 * d->tgroup: each row's index among the distinct values of T, when there are at most
 * CR_BTYD_MAX_T_GROUPS of them (cohort data); otherwise left NULL. Found in the rows' pass of
 * cr_btyd_data_init with a small open-addressing table (t_slots) that gives up as soon as it is
 * full.
 */
#define T_SLOTS (4 * CR_BTYD_MAX_T_GROUPS)	/* a power of two, load <= 1/4 */

/* Allocates the T grouping (slots: the caller's table). Returns -1 when out of memory. */
static int
t_groups_alloc(CrBtydData *d, int32_t **slots)
{
	int64_t		i;

	*slots = cr_malloc(sizeof(int32_t) * T_SLOTS);
	d->tgroup = cr_malloc(sizeof(int32_t) * d->n);
	d->gT = cr_malloc(sizeof(double) * CR_BTYD_MAX_T_GROUPS);
	d->tbuf = cr_malloc(sizeof(double) * TBUF * CR_BTYD_MAX_T_GROUPS);
	if (!*slots || !d->tgroup || !d->gT || !d->tbuf)
		return -1;
	for (i = 0; i < T_SLOTS; i++)
		(*slots)[i] = -1;
	return 0;
}

/* Too many distinct T: the rows compute their own terms. */
static void
t_groups_drop(CrBtydData *d)
{
	cr_free(d->tgroup);
	cr_free(d->gT);
	cr_free(d->tbuf);
	d->tgroup = NULL;
	d->gT = d->tbuf = NULL;
	d->ntgroups = 0;
}

/* The index of T among the distinct values so far (added when new), or -1 when they are full. */
static inline int32_t
t_group_of(CrBtydData *d, int32_t *slots, double T)
{
	double		t = T == 0 ? 0.0 : T;	/* -0.0 as +0.0 */
	uint64_t	bits;
	uint64_t	h;

	memcpy(&bits, &t, sizeof(bits));
	h = (bits * UINT64_C(0x9E3779B97F4A7C15)) >> 50;	/* top 14 bits: T_SLOTS = 2^14 */
	while (slots[h] >= 0 && d->gT[slots[h]] != t)
		h = (h + 1) & (T_SLOTS - 1);
	if (slots[h] < 0)
	{
		if (d->ntgroups == CR_BTYD_MAX_T_GROUPS)
			return -1;
		slots[h] = (int32_t) d->ntgroups;
		d->gT[d->ntgroups++] = t;
	}
	return slots[h];
}

int
cr_btyd_data_init(CrBtydData *d, int64_t n, const double *x, const double *tx,
				  const double *T, const double *w)
{
	double	   *sorted = NULL;
	int32_t    *x_index = NULL,	/* whole x: x -> its group */
			   *t_slots = NULL;
	int			whole_x = 0;
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

	/*
	 * Distinct x values. Frequencies are small whole numbers: a direct table indexed by x finds
	 * them in one pass; otherwise sort a copy and keep the unique values.
	 */
	{
		double		maxx = 0;
		int			whole = 1;

		for (i = 0; i < n; i++)
		{
			if (x[i] > maxx)
				maxx = x[i];
			if (x[i] != floor(x[i]) || x[i] < 0)
				whole = 0;
		}
		d->group = cr_malloc(sizeof(int32_t) * n);
		if (!d->group)
			goto oom;
		if (whole && maxx <= 4.0 * n + 1024 && maxx < 1e8)
		{
			int64_t		m = (int64_t) maxx + 1;

			/* the rows' groups are looked up in the rows' pass below */
			whole_x = 1;
			x_index = cr_malloc(sizeof(int32_t) * m);
			if (!x_index)
				goto oom;
			for (i = 0; i < m; i++)
				x_index[i] = -1;
			for (i = 0; i < n; i++)
				x_index[(int64_t) x[i]] = 0;
			k = 0;
			for (i = 0; i < m; i++)
				if (x_index[i] == 0)
					x_index[i] = (int32_t) k++;
			d->ngroups = k;
			d->gx = cr_malloc(sizeof(double) * k);
			d->gbuf = cr_malloc(sizeof(double) * GBUF * k);
			d->gweight = cr_malloc(sizeof(double) * k);
			if (!d->gx || !d->gbuf || !d->gweight)
				goto oom;
			for (i = 0; i < m; i++)
				if (x_index[i] >= 0)
					d->gx[x_index[i]] = (double) i;
		}
		else
		{
			sorted = cr_malloc(sizeof(double) * n);
			if (!sorted)
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
			d->gx = cr_malloc(sizeof(double) * k);
			d->gbuf = cr_malloc(sizeof(double) * GBUF * k);
			d->gweight = cr_malloc(sizeof(double) * k);
			if (!d->gx || !d->gbuf || !d->gweight)
				goto oom;
			memcpy(d->gx, sorted, sizeof(double) * k);
			cr_free(sorted);
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
			}
		}
	}

	/*
	 * One pass over the rows for the rest: each row's x group and T group (a row with the T of
	 * the row before it, as in sorted cohort data, needs no lookup), and the totals.
	 */
	if (t_groups_alloc(d, &t_slots) != 0)
		goto oom;
	for (k = 0; k < d->ngroups; k++)
		d->gweight[k] = 0;
	for (i = 0; i < n; i++)
	{
		if (whole_x)
			d->group[i] = x_index[(int64_t) x[i]];
		if (d->tgroup)
		{
			int32_t		tg = (i > 0 && T[i] == T[i - 1]) ? d->tgroup[i - 1] : t_group_of(d, t_slots, T[i]);

			if (tg < 0)
				t_groups_drop(d);
			else
				d->tgroup[i] = tg;
		}
		d->gweight[d->group[i]] += w[i];
		d->total_weight += w[i];
		d->sum_wx += w[i] * x[i];
		if (x[i] > 0)
			d->repeat_weight += w[i];
		if (T[i] > d->max_T)
			d->max_T = T[i];
	}
	cr_free(t_slots);
	cr_free(x_index);
	return 0;

oom:
	cr_free(sorted);
	cr_free(x_index);
	cr_free(t_slots);
	cr_btyd_data_free(d);
	return -1;
}

void
cr_btyd_data_free(CrBtydData *d)
{
	cr_free(d->group);
	cr_free(d->gx);
	cr_free(d->gweight);
	cr_free(d->gbuf);
	cr_free(d->tgroup);
	cr_free(d->gT);
	cr_free(d->tbuf);
	d->group = NULL;
	d->gx = NULL;
	d->gweight = NULL;
	d->gbuf = NULL;
	d->tgroup = NULL;
	d->gT = NULL;
	d->tbuf = NULL;
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
 * The rows use log((alpha+T)/alpha) = log1p(T/alpha); the (r+x) log alpha it leaves out goes
 * into the per-group constant. Per-group scratch (gbuf + GBUF * g): 0 C(x) - (r+x) log alpha,
 * 1 log(a/(b+x+s-1)) or -inf, 3 b/(b+x+s-1). Per distinct T, when the data have few
 * (tbuf + TBUF * k): log1p(T/alpha), alpha/(alpha+T), alpha T/(alpha+T)^2.
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
	double		la = log(a),
				lalpha = log(alpha),
				inv_alpha = 1 / alpha;
	double		ll = 0;
	double		g[4];
	double		hh[10];			/* upper triangle of the LSE part: rr ra rA rB aa aA aB AA AB BB */
	SweepBlock	blk;
	/* the rows' sums in lanes: 16 slots (bgnbd_row_sums.h) of up to SWEEP_PAD lanes */
	double		acc[16 * SWEEP_PAD] = {0};
#ifdef CR_VEC_HAVE_AVX2
	int			avx2 = cr_vec_avx2_fma();
#endif
	int64_t		i,
				i0,
				gi;

	if (!isfinite(r) || !isfinite(alpha) || !isfinite(a) || !isfinite(b) ||
		!(r > 0) || !(alpha > 0) || !(a > 0) || !(b > 0))
		return NAN;

	for (gi = 0; gi < d->ngroups; gi++)
	{
		double	   *gb = d->gbuf + GBUF * gi;
		double		x = d->gx[gi];

		if (CR_EVERY(gi, 256))
			cr_check_interrupts();
		/* C(x) - (r+x) log alpha: the rows then need only log1p(T/alpha) (no cancellation of
		 * r log alpha against (r+x) log(alpha+T) when alpha is large) */
		gb[0] = cr_lgamma_diff(r, x) - x * lalpha
			+ cr_lgamma_diff(b, x + s) - cr_lgamma_diff(a + b, x + s);
		gb[1] = (x > 0 || s > 0) ? la - log(b + x + s - 1) : -INFINITY;
		gb[3] = (x > 0 || s > 0) ? b / (b + x + s - 1) : 0;	/* 0: no second term */
	}
	for (gi = 0; gi < d->ntgroups && d->tgroup; gi++)
	{
		double	   *tb = d->tbuf + TBUF * gi;
		double		T = d->gT[gi],
					u = alpha + T;

		tb[0] = log1p(T / alpha);
		tb[1] = alpha / u;
		tb[2] = alpha * T / (u * u);
	}

	/*
	 * The rows in blocks. The first pass gathers each row's inputs (its group's and its T's
	 * terms) into the block's arrays; the logarithms and exponentials then go through vecmath in
	 * batches (log1p(T/alpha) unless the T terms are shared, log1p(t_x/alpha), then exp and log1p
	 * of the smaller term over the larger); the last pass (bgnbd_row_sums.h) is the same
	 * arithmetic for every row, with no branch, several rows per vector instruction (a row with
	 * one term, x = 0 in BG/NBD, has the second term's share e = 0 and q = 0). It was most of a
	 * sweep's time when it summed one row at a time.
	 */
	for (i0 = 0; i0 < d->n; i0 += SWEEP_BLOCK)
	{
		int			m = (int) (d->n - i0 < SWEEP_BLOCK ? d->n - i0 : SWEEP_BLOCK),
					k;

		if (CR_EVERY(i0, 4096))
			cr_check_interrupts();
		for (k = 0; k < m; k++)
		{
			const double *gb = d->gbuf + GBUF * d->group[i0 + k];

			i = i0 + k;
			blk.R[k] = r + d->x[i];
			blk.w[k] = d->w[i];
			blk.l2[k] = gb[1];
			blk.q[k] = gb[3];
			blk.y[k] = d->tx[i] * inv_alpha;
			if (d->tgroup)
			{
				const double *tb = d->tbuf + TBUF * d->tgroup[i];

				blk.lu[k] = tb[0];
				blk.au[k] = tb[1];
				blk.atu[k] = tb[2];
			}
			else
			{
				double		u = alpha + d->T[i];

				blk.lu[k] = d->T[i] * inv_alpha;
				blk.au[k] = alpha / u;
				blk.atu[k] = alpha * d->T[i] / (u * u);
			}
		}
		if (!d->tgroup)
			cr_vec_log1p(m, blk.lu, blk.lu);
		cr_vec_log1p(m, blk.y, blk.lv);
		for (k = 0; k < m; k++)
		{
			double		l1 = -blk.R[k] * blk.lu[k],
						l2 = blk.l2[k] - blk.R[k] * blk.lv[k];

			/* one term (l2 = -inf): d = +inf, so e = 0 and the first term is the larger */
			blk.d[k] = l1 - l2;
			blk.hi[k] = blk.d[k] >= 0 ? l1 : l2;
			blk.e[k] = -fabs(blk.d[k]);
		}
		cr_vec_exp(m, blk.e, blk.e);
		cr_vec_log1p(m, blk.e, blk.lp);
		/* pad to whole vectors with weightless copies of the last row (they add exact zeros) */
		for (; k % SWEEP_PAD != 0; k++)
		{
			blk.R[k] = blk.R[m - 1];
			blk.w[k] = 0;
			blk.q[k] = blk.q[m - 1];
			blk.lu[k] = blk.lu[m - 1];
			blk.au[k] = blk.au[m - 1];
			blk.atu[k] = blk.atu[m - 1];
			blk.y[k] = blk.y[m - 1];
			blk.lv[k] = blk.lv[m - 1];
			blk.d[k] = blk.d[m - 1];
			blk.hi[k] = blk.hi[m - 1];
			blk.e[k] = blk.e[m - 1];
			blk.lp[k] = blk.lp[m - 1];
		}
#ifdef CR_VEC_HAVE_AVX2
		if (avx2)
			row_sums_avx2(&blk, k, r, acc);
		else
#endif
			row_sums(&blk, k, r, acc);
	}
	/* the lanes' sums (lanes a narrower path did not use hold zeros) */
	for (i = 0; i < 16; i++)
	{
		double		t = 0;
		int			l;

		for (l = 0; l < SWEEP_PAD; l++)
			t += acc[SWEEP_PAD * i + l];
		if (i < 4)
			g[i] = t;
		else if (i < 14)
			hh[i - 4] = t;
		else if (i == 15)
			ll = t;
	}

	/* the x-only part C(x), weighted by the groups' total weights */
	for (gi = 0; gi < d->ngroups; gi++)
	{
		double	   *gb = d->gbuf + GBUF * gi;
		double		x = d->gx[gi];
		double		sw = d->gweight[gi];

		if (CR_EVERY(gi, 256))
			cr_check_interrupts();
		if (sw == 0)
			continue;
		ll += sw * gb[0];
		if (grad || hess)
		{
			double		dab = cr_digamma_diff(a + b, x + s);
			double		cr_ = r * cr_digamma_diff(r, x),
						ca = -a * dab,
						cb = b * (cr_digamma_diff(b, x + s) - dab);

			if (grad)
			{
				g[IR] += sw * cr_;
				g[IA] += sw * r;
				g[IAA] += sw * ca;
				g[IB] += sw * cb;
			}
			if (hess)
			{
				double		tab = cr_trigamma_diff(a + b, x + s);

				hh[0] += sw * (r * r * cr_trigamma_diff(r, x) + cr_);
				hh[1] += sw * r;
				hh[7] += sw * (-a * a * tab + ca);
				hh[8] += sw * (-a * b * tab);
				hh[9] += sw * (b * b * (cr_trigamma_diff(b, x + s) - tab) + cb);
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
} FitCtx;

static double
fit_loglik(const double *theta, double *grad, double *hess, void *vctx)
{
	FitCtx	   *ctx = vctx;

	return cr_bgnbd_data_loglik(ctx->v, ctx->d, theta, grad, hess);
}

/* CrSampleFit of BG/NBD and MBG/NBD (ctx: the variant) */
static int
bgnbd_sample_fit(int64_t n, const double *x, const double *tx, const double *T, const double *w,
				 void *ctx, double *logparams)
{
	CrBtydData	d;
	CrBtydFit	f;
	int			ok;

	if (cr_btyd_data_init(&d, n, x, tx, T, w) != 0)
		return 0;
	ok = cr_bgnbd_fit_variant(*(CrBgnbdVariant *) ctx, &d, &f) == 0 && f.converged;
	if (ok)
	{
		logparams[0] = log(f.p.r);
		logparams[1] = log(f.p.alpha);
		logparams[2] = log(f.p.a);
		logparams[3] = log(f.p.b);
	}
	cr_btyd_data_free(&d);
	return ok;
}

int
cr_bgnbd_fit_variant(CrBgnbdVariant v, const CrBtydData *d, CrBtydFit *fit)
{
	FitCtx		ctx;
	CrMleResult res;
	/* starting points: r, alpha / time scale, a, b */
	static const double starts[][4] = {
		{1.0, 1.0, 1.0, 1.0},
		{0.5, 0.5, 0.5, 2.0},
		{2.0, 4.0, 2.0, 0.5},
	};
	double		logstarts[4 * 4];
	/* alpha is in the time unit of the data: start it at a tenth of the longest T */
	double		tscale = d->max_T > 0 ? d->max_T / 10.0 : 1.0;
	int			k,
				nstarts;

	memset(fit, 0, sizeof(*fit));
	/* many distinct rows: first from where the fit of a block sample ends (warm_start.h) */
	nstarts = cr_warm_start(d->n, d->x, d->tx, d->T, d->w, bgnbd_sample_fit, &v, logstarts);
	for (k = 0; k < 3; k++, nstarts++)
	{
		logstarts[4 * nstarts + 0] = log(starts[k][0]);
		logstarts[4 * nstarts + 1] = log(starts[k][1] * tscale);
		logstarts[4 * nstarts + 2] = log(starts[k][2]);
		logstarts[4 * nstarts + 3] = log(starts[k][3]);
	}
	ctx.v = v;
	ctx.d = d;
	{
		CrMleProblem prob = {.loglik = fit_loglik, .ctx = &ctx, .n = 4, .analytic_hessian = 1,
			.starts = logstarts, .nstarts = nstarts, .total_weight = d->total_weight};

		cr_mle_fit(&prob, &res);
	}

	fit->status = res.status;
	fit->diverged = res.diverged;
	fit->iterations = res.iterations;
	fit->converged = res.converged;
	fit->flat = res.flat;
	fit->loglik = res.loglik;
	fit->se_ok = res.se_ok;
	fit->p.r = exp(res.x[0]);
	fit->p.alpha = exp(res.x[1]);
	fit->p.a = exp(res.x[2]);
	fit->p.b = exp(res.x[3]);
	fit->se.r = res.se[0];
	fit->se.alpha = res.se[1];
	fit->se.a = res.se[2];
	fit->se.b = res.se[3];
	memcpy(fit->cov, res.cov, sizeof(fit->cov));
	return 0;
}

double
cr_bgnbd_loglik_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double x, double tx, double T)
{
	double		s = (v == CR_MBGNBD) ? 1.0 : 0.0;
	double		c,
				l1;

	c = cr_lgamma_diff(p->r, x) - x * log(p->alpha)
		+ cr_lgamma_diff(p->b, x + s) - cr_lgamma_diff(p->a + p->b, x + s);
	l1 = -(p->r + x) * log1p(T / p->alpha);
	if (x > 0 || s > 0)
	{
		double		l2 = log(p->a) - log(p->b + x + s - 1) - (p->r + x) * log1p(tx / p->alpha);

		return c + cr_logsumexp2(l1, l2);
	}
	return c + l1;
}

/*
 * P(alive) = 1 / (1 + odds), with the odds that the customer dropped out after t_x against being
 * alive (FHL 2005 eq. 13; Batislam et al. 2007 for s = 1):
 *   odds = a / (b + x + s - 1) * ((alpha + T) / (alpha + t_x))^(r + x),   0 when x = 0 and s = 0.
 * One log and one exp per customer: scoring calls this per row. In log space only when the
 * power would overflow.
 */
double
cr_bgnbd_p_alive_variant(CrBgnbdVariant v, const CrBgnbdParams *p, double x, double tx, double T)
{
	double		s = (v == CR_MBGNBD) ? 1.0 : 0.0;
	double		z,
				lo;

	if (x == 0 && s == 0)
		return 1;
	/* log of a ratio >= 1: what exp(z) needs is z's absolute error, as small as log1p's */
	z = (p->r + x) * log((p->alpha + T) / (p->alpha + tx));
	if (z < 700)
		return 1 / (1 + p->a / (p->b + x + s - 1) * exp(z));
	lo = log(p->a) - log(p->b + x + s - 1) + z;
	/* 1 / (1 + e^lo) = e^-lo / (1 + e^-lo), lo > 0 here */
	return exp(-lo) / (1 + exp(-lo));
}

/*
 * G(t) = E[X(t)] of a customer alive now with purchase rate ~ Gamma(R, A) and drop-out
 * probability ~ Beta(a, bb) (FHL 2005 eq. 7 with those parameters; eq. 10 divided by P(alive)):
 *
 *   G = c/(a-1) * [1 - (A/(A+t))^R 2F1(R, bb; c; z)],   c = a+bb-1,  z = t/(A+t).
 *
 * For a < 1 both factors are negative and at a = 1 the singularity is removable, so the closed
 * form cancels near a = 1. Three evaluations, chosen by horizon (all increasing in t):
 *
 * 1. Short horizons, (R+1) t/A < 0.1: Pfaff's transformation and (a-1)_n = (a-1) (a)_(n-1) give
 *      G = (R t/A) sum_m (R+1)_m (a)_m / ((a+bb)_m (2)_m) (-t/A)^m,
 *    an alternating series whose terms shrink at least 20-fold each.
 * 2. Horizons with z <= SERIES_MAX_Z: Euler's transformation 2F1(R, bb; c; z) =
 *    (1-z)^(c-R-bb) 2F1(c-R, a-1; c; z) takes the factor a-1 out exactly:
 *      G = c * [ -expm1((a-1) L) / (a-1)  -  e^((a-1) L) S(z) ],   L = log(1-z),
 *      S(z) = sum_{n>=1} k_n z^n,  k_1 = (c-R)/c,  k_(n+1) = k_n (c-R+n)(a+n-1) / ((c+n)(n+1)),
 *    which converges like z^n n^(a-R-2) (the faster the larger R), and whose coefficients are
 *    shared by all horizons of a CLV sum. Used when its terms cannot cancel much: c-R >= -8
 *    (all terms of one sign, or sign changes only over the first 8 terms, costing at most two
 *    digits) or |c-R| z <= 1/2 (alternating and shrinking). c-R = a+b-1-r+s does not depend on
 *    the customer, and fitted models have it well above -8.
 * 3. Otherwise the Gauss function of hyp2f1.c, with a cubic interpolation in a around a = 1.
 */
#define SERIES_MAX_Z 0.9995
#define SERIES_MAX_TERMS 20000
#define SERIES_MIN_CR (-8.0)

static double
expected_alive_short(double R, double A, double a, double bb, double t)
{
	double		z = t / A,
				term = 1,
				sum = 1;
	int			m;

	for (m = 0; m < 100; m++)
	{
		term *= -(R + 1 + m) * (a + m) / ((a + bb + m) * (2 + m)) * z;
		sum += term;
		if (fabs(term) <= 1e-17 * fabs(sum))
			break;
	}
	return R * z * sum;
}

/*
 * Case 2 at the n horizons t[] (increasing), sharing the coefficients. Scratch: 3n doubles.
 * Returns 0, or -1 when the series did not reach full precision within SERIES_MAX_TERMS.
 */
static int
expected_alive_series_many(double R, double A, double a, double bb, const double *t, int n,
						   double *out, double *scratch)
{
	double		c = a + bb - 1,
				cr = c - R;
	double	   *z = scratch,
			   *term = scratch + n,
			   *sums = scratch + 2 * n;
	double		zmax;
	int			i,
				m,
				done = 0;

	for (i = 0; i < n; i++)
	{
		z[i] = t[i] / (A + t[i]);
		term[i] = cr / c * z[i];	/* k_1 z^1 */
		sums[i] = 0;
	}
	zmax = z[n - 1];
	for (m = 1; m <= SERIES_MAX_TERMS; m++)
	{
		double		ratio,
					rho,
					b1,
					b2,
					last;

		if (CR_EVERY(m, 64))
			cr_check_interrupts();
		for (i = 0; i < n; i++)
			sums[i] += term[i];
		last = fabs(term[n - 1]);
		/*
		 * The largest horizon converges slowest. For every later m' >= m the term ratio
		 * |c-R+m'| (a+m'-1) / ((c+m') (m'+1)) z is at most rho (each factor pairing is monotone
		 * towards 1), so the tail is below last * rho / (1 - rho).
		 */
		if (last == 0)
		{
			done = 1;
			break;
		}
		if (last <= 1e-17 * fabs(sums[n - 1]))
		{
			b1 = fmax(1, fabs(cr + m) / (c + m)) * fmax(1, (a + m - 1) / (m + 1));
			b2 = fmax(1, fabs(cr + m) / (m + 1));
			rho = zmax * fmin(b1, b2);
			if (rho < 1 && last * rho / (1 - rho) <= 1e-17 * fabs(sums[n - 1]))
			{
				done = 1;
				break;
			}
		}
		ratio = (cr + m) * (a + m - 1) / ((c + m) * (m + 1));
		for (i = 0; i < n; i++)
			term[i] *= ratio * z[i];
	}
	if (!done)
		return -1;
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
	return 0;
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
	double		cr = a + bb - 1 - R;
	int			i = 0,
				j;

	for (; i < n && !(t[i] > 0); i++)
		out[i] = 0;
	for (; i < n && (R + 1) * t[i] < 0.1 * A; i++)
		out[i] = expected_alive_short(R, A, a, bb, t[i]);
	/* the horizons case 2 can take */
	for (j = i; j < n; j++)
	{
		double		z = t[j] / (A + t[j]);

		if (!(z <= SERIES_MAX_Z) || (cr < SERIES_MIN_CR && -cr * z > 0.5))
			break;
	}
	if (j > i && expected_alive_series_many(R, A, a, bb, t + i, j - i, out + i, scratch) == 0)
		i = j;
	for (; i < n; i++)
	{
		cr_check_interrupts();	/* a Gauss function per horizon: up to a millisecond each */
		out[i] = expected_alive_long(R, A, a, bb, t[i]);
	}
}

static double
expected_alive(double R, double A, double a, double bb, double t)
{
	double		out,
				scratch[3];

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
		scratch = cr_malloc(sizeof(double) * 3 * (size_t) n);
		if (!scratch)
			return -1;
	}
	expected_alive_many(p->r + x, p->alpha + T, p->a, p->b + x + s, t, n, out, scratch);
	palive = cr_bgnbd_p_alive_variant(v, p, x, tx, T);
	for (i = 0; i < n; i++)
		out[i] *= palive;
	if (scratch != stack)
		cr_free(scratch);
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
	lnb = cr_lgamma_diff(p->r, nn) - cr_lgamma(nn + 1) + p->r * l1z + nn * lz;
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
		if (CR_EVERY(purchases, 65536))
			cr_check_interrupts();
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

/*
 * One customer's term of cr_bgnbd_data_loglik (newton_stats.h sums them over a scan): the same
 * code on a one-row data set laid out on the stack, so the per-row math exists once.
 */
double
cr_bgnbd_row_loglik(CrBgnbdVariant v, const double *theta, double x, double tx, double T,
					double *grad, double *hess)
{
	CrBtydData	d;
	int32_t		group = 0;
	double		w = 1.0,
				gx = x,
				gbuf[GBUF];

	memset(&d, 0, sizeof(d));
	d.n = 1;
	d.x = &x;
	d.tx = &tx;
	d.T = &T;
	d.w = &w;
	d.group = &group;
	d.ngroups = 1;
	d.gx = &gx;
	d.gweight = &w;
	d.gbuf = gbuf;
	d.total_weight = 1.0;
	d.repeat_weight = x > 0 ? 1.0 : 0.0;
	d.sum_wx = x;
	d.max_T = T;
	return cr_bgnbd_data_loglik(v, &d, theta, grad, hess);
}
