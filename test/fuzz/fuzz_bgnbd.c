/*
 * libFuzzer harness for the BG/NBD, MBG/NBD and Gamma-Gamma cores (bgnbd.c, gamma_gamma.c,
 * clv.c): likelihoods, gradients, Hessians and predictions.
 *
 * Two parts per input:
 *  1. Values decoded into the documented domain (parameters in [1e-6, 1e5], frequency a whole
 *     number <= 1e4, times in [0, 1e7] with recency <= T, horizons in [0, 1e7], spends in
 *     [1e-6, 1e7]): every result must be finite and in range (probabilities in [0, 1],
 *     expectations >= 0).
 *  2. The raw bytes as doubles (any finite value, valid or not): must not crash or trigger
 *     undefined behaviour (ASan/UBSan abort the run); results are not checked.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgnbd.h"
#include "clv.h"
#include "gamma_gamma.h"

typedef struct Reader
{
	const uint8_t *data;
	size_t		size;
	size_t		pos;
} Reader;

static uint64_t
next_u64(Reader *rd)
{
	uint64_t	v = 0;
	int			i;

	for (i = 0; i < 8; i++)
	{
		v = (v << 8) | (rd->pos < rd->size ? rd->data[rd->pos] : 0x5a);
		rd->pos++;
	}
	return v;
}

/* uniform in [0, 1] */
static double
next_unit(Reader *rd)
{
	return (double) (next_u64(rd) >> 11) / 9007199254740991.0;
}

/* log-uniform in [lo, hi] */
static double
next_logu(Reader *rd, double lo, double hi)
{
	return exp(log(lo) + next_unit(rd) * (log(hi) - log(lo)));
}

/*
 * a model parameter: mostly in the range fits produce, sometimes anywhere in [1e-6, 1e5] (the
 * extremes are slow, the Gauss function needing many terms there)
 */
static double
next_param(Reader *rd)
{
	if (next_u64(rd) % 4 == 0)
		return next_logu(rd, 1e-6, 1e5);
	return next_logu(rd, 1e-3, 1e3);
}

/* special values appear often: 0, tiny, the upper end */
static double
next_time(Reader *rd, double hi)
{
	uint64_t	k = next_u64(rd) % 8;

	if (k == 0)
		return 0;
	if (k == 1)
		return hi;
	if (k == 2)
		return 1e-12;
	return next_logu(rd, 1e-9, hi);
}

/* the decoded arguments of the current input, printed on failure */
static char context[512];

static void
fail(const char *what, double v)
{
	fprintf(stderr, "fuzz_bgnbd: %s = %g\n  with %s\n", what, v, context);
	abort();
}

static void
check_prob(const char *what, double v)
{
	if (!isfinite(v) || v < 0 || v > 1 + 1e-12)
		fail(what, v);
}

static void
check_nonneg(const char *what, double v)
{
	if (!isfinite(v) || v < 0)
		fail(what, v);
}

static void
in_domain(Reader *rd)
{
	CrBgnbdParams p;
	CrBgnbdVariant v = (next_u64(rd) & 1) ? CR_MBGNBD : CR_BGNBD;
	double		x,
				T,
				tx,
				h,
				ll;
	int64_t		n;
	double		xs[4],
				txs[4],
				Ts[4],
				ws[4],
				theta[4],
				g[4],
				hs[16];
	CrBtydData	d;
	int			i;

	p.r = next_param(rd);
	p.alpha = next_param(rd);
	p.a = next_param(rd);
	p.b = next_param(rd);
	x = (double) (next_u64(rd) % 4) == 0 ? 0 : floor(next_logu(rd, 1, 1e4));
	T = next_time(rd, 1e7);
	tx = x > 0 ? T * next_unit(rd) : 0;
	h = next_time(rd, 1e7);
	n = (int64_t) (next_u64(rd) % 2000);
	snprintf(context, sizeof(context),
			 "variant %d r=%.17g alpha=%.17g a=%.17g b=%.17g x=%.17g tx=%.17g T=%.17g horizon=%.17g n=%lld",
			 (int) v, p.r, p.alpha, p.a, p.b, x, tx, T, h, (long long) n);

	check_prob("P(alive)", cr_bgnbd_p_alive_variant(v, &p, x, tx, T));
	check_nonneg("E[X | history]", cr_bgnbd_expected_variant(v, &p, h, x, tx, T));
	check_nonneg("E[X] new", cr_bgnbd_expected_new_variant(v, &p, h));
	check_prob("P(X = n)", cr_bgnbd_prob_purchases_variant(v, &p, h, n));
	ll = cr_bgnbd_loglik_variant(v, &p, x, tx, T);
	if (!isfinite(ll))
		fail("log-likelihood", ll);
	check_nonneg("CLV", cr_bgnbd_clv_variant(v, &p, x, tx, T, next_logu(rd, 1e-6, 1e7),
											 1 + (int) (next_u64(rd) % 24),
											 next_logu(rd, 1e-3, 1e5), next_unit(rd)));

	/* a small data set: log-likelihood, gradient and Hessian are finite */
	for (i = 0; i < 4; i++)
	{
		xs[i] = (next_u64(rd) % 3) == 0 ? 0 : floor(next_logu(rd, 1, 1e4));
		Ts[i] = next_time(rd, 1e7);
		txs[i] = xs[i] > 0 ? Ts[i] * next_unit(rd) : 0;
		ws[i] = next_logu(rd, 1e-3, 1e6);
	}
	theta[0] = log(p.r);
	theta[1] = log(p.alpha);
	theta[2] = log(p.a);
	theta[3] = log(p.b);
	if (cr_btyd_data_init(&d, 4, xs, txs, Ts, ws) != 0)
		abort();
	ll = cr_bgnbd_data_loglik(v, &d, theta, g, hs);
	if (!isfinite(ll))
		fail("data log-likelihood", ll);
	for (i = 0; i < 4; i++)
		if (!isfinite(g[i]))
			fail("gradient", g[i]);
	for (i = 0; i < 16; i++)
		if (!isfinite(hs[i]))
			fail("Hessian", hs[i]);
	cr_btyd_data_free(&d);

	/* Gamma-Gamma */
	{
		CrGammaGammaParams gg;
		double		gx = floor(next_logu(rd, 1, 1e4)),
					m = next_logu(rd, 1e-6, 1e7),
					ms[4],
					gth[3],
					gg_g[3],
					gg_h[9];

		gg.p = next_param(rd);
		gg.q = next_param(rd);
		gg.v = next_param(rd);
		ll = cr_gamma_gamma_loglik(&gg, gx, m);
		if (!isfinite(ll))
			fail("Gamma-Gamma log-likelihood", ll);
		if (gg.p * gx + gg.q > 1)
			check_nonneg("Gamma-Gamma expected spend", cr_gamma_gamma_expected_spend(&gg, gx, m));
		for (i = 0; i < 4; i++)
		{
			xs[i] = floor(next_logu(rd, 1, 1e4));
			ms[i] = next_logu(rd, 1e-6, 1e7);
		}
		gth[0] = log(gg.p);
		gth[1] = log(gg.q);
		gth[2] = log(gg.v);
		if (cr_btyd_data_init(&d, 4, xs, ms, ms, ws) != 0)
			abort();
		ll = cr_gamma_gamma_data_loglik(&d, gth, gg_g, gg_h);
		if (!isfinite(ll))
			fail("Gamma-Gamma data log-likelihood", ll);
		for (i = 0; i < 3; i++)
			if (!isfinite(gg_g[i]))
				fail("Gamma-Gamma gradient", gg_g[i]);
		for (i = 0; i < 9; i++)
			if (!isfinite(gg_h[i]))
				fail("Gamma-Gamma Hessian", gg_h[i]);
		cr_btyd_data_free(&d);
	}
}

/* Any finite doubles: no crash, no undefined behaviour. */
static void
raw(const uint8_t *data, size_t size)
{
	double		v[12];
	CrBgnbdParams p;
	CrGammaGammaParams gg;
	int			i;

	if (size < sizeof(v))
		return;
	memcpy(v, data, sizeof(v));
	for (i = 0; i < 12; i++)
		if (!isfinite(v[i]))
			return;
	p.r = fabs(v[0]);
	p.alpha = fabs(v[1]);
	p.a = fabs(v[2]);
	p.b = fabs(v[3]);
	if (!(p.r > 0 && p.alpha > 0 && p.a > 0 && p.b > 0))
		return;
	(void) cr_bgnbd_p_alive_variant(CR_BGNBD, &p, v[4], v[5], v[6]);
	(void) cr_bgnbd_loglik_variant(CR_MBGNBD, &p, fabs(v[4]), fabs(v[5]), fabs(v[6]));
	(void) cr_bgnbd_expected_variant(CR_BGNBD, &p, fabs(v[7]), floor(fabs(v[4])), fabs(v[5]), fabs(v[6]));
	(void) cr_bgnbd_expected_new_variant(CR_MBGNBD, &p, fabs(v[7]));
	(void) cr_bgnbd_prob_purchases_variant(CR_BGNBD, &p, fabs(v[7]), (int64_t) (fmod(fabs(v[8]), 1e6)));
	(void) cr_bgnbd_clv_variant(CR_MBGNBD, &p, floor(fabs(v[4])), fabs(v[5]), fabs(v[6]), v[9],
								1 + (int) fmod(fabs(v[10]), 100), fabs(v[11]), fabs(v[8]));
	gg.p = p.r;
	gg.q = p.alpha;
	gg.v = p.a;
	(void) cr_gamma_gamma_loglik(&gg, fabs(v[4]), fabs(v[5]));
	(void) cr_gamma_gamma_expected_spend(&gg, fabs(v[4]), v[5]);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Reader		rd = {data, size, 0};

	in_domain(&rd);
	raw(data, size);
	return 0;
}
