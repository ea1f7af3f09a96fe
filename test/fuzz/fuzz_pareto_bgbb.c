/*
 * libFuzzer harness for the Pareto/NBD and BG/BB cores and the special functions they use
 * (hyp2f1.c, incgamma.c, quad.c): arbitrary inputs must cause no undefined behaviour (ASan,
 * UBSan), and inputs inside the models' domain must give finite results (else abort()).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgbb.h"
#include "hyp2f1.h"
#include "incgamma.h"
#include "pareto_nbd.h"
#include "specfun.h"

typedef struct Input
{
	const uint8_t *p;
	size_t		n;
} Input;

/* the next 8 bytes as a double (any bit pattern, NaN and infinities included) */
static double
next_raw(Input *in)
{
	double		v = 0;

	if (in->n >= 8)
	{
		memcpy(&v, in->p, 8);
		in->p += 8;
		in->n -= 8;
	}
	return v;
}

/* the next 4 bytes mapped uniformly onto [lo, hi] */
static double
next_in(Input *in, double lo, double hi)
{
	uint32_t	u = 0;

	if (in->n >= 4)
	{
		memcpy(&u, in->p, 4);
		in->p += 4;
		in->n -= 4;
	}
	return lo + (hi - lo) * (u / 4294967295.0);
}

#ifdef FUZZ_REPLAY
#include <stdio.h>
#define require_finite(v) do { double v_ = (v); if (!isfinite(v_)) { fprintf(stderr, "line %d: %g\n", __LINE__, v_); abort(); } } while (0)
#else
#define require_finite(v) do { if (!isfinite(v)) abort(); } while (0)
#endif

static void
fuzz_hyp2f1(Input *in)
{
	double		a = next_raw(in),
				b = next_raw(in),
				c = next_raw(in),
				z = next_raw(in);
	int			sign;

	/* anything: no UB, and NaN only as documented */
	(void) cr_log_hyp2f1(a, b, c, z, &sign);
	(void) cr_hyp2f1(a, b, c, z);
	(void) cr_log_upper_gamma(a, z);

	/* the models' families: 2F1(1, b; c; z), c > b > 0 (DERL, DERT, Pareto/NBD's G), and
	 * 2F1(a, b; a+1; z) (Pareto/NBD's integral), 0 <= z < 1 */
	b = next_in(in, 1e-3, 500);
	c = b + next_in(in, 1e-3, 100);
	z = next_in(in, 0, 0.999999);
	require_finite(cr_log_hyp2f1(1.0, b, c, z, &sign));
	a = next_in(in, 1e-3, 2000);
	require_finite(cr_log_hyp2f1(a, b, a + 1.0, next_in(in, 0, 0.9999), &sign));
	/* Psi(s, s; z) for DERT */
	require_finite(cr_log_kummer_u_ss(next_in(in, 1e-3, 50), next_in(in, 1e-8, 1e4)));
}

static void
fuzz_pareto(Input *in)
{
	CrParetoNbdParams p;
	double		x[3],
				tx[3],
				T[3],
				w[3],
				theta[4],
				g[4];
	CrParetoNbdData d;
	int			i;

	for (i = 0; i < 4; i++)
		theta[i] = next_in(in, -8, 8);
	p.r = exp(theta[0]);
	p.alpha = exp(theta[1]);
	p.s = exp(theta[2]);
	p.beta = exp(theta[3]);
	for (i = 0; i < 3; i++)
	{
		x[i] = floor(next_in(in, 0, 2000));
		T[i] = exp(next_in(in, log(1e-6), log(1e5)));
		tx[i] = (x[i] > 0) ? T[i] * next_in(in, 0, 1) : 0;
		w[i] = next_in(in, 0.5, 100);
		require_finite(cr_pareto_nbd_loglik(&p, x[i], tx[i], T[i]));
		require_finite(cr_pareto_nbd_p_alive(&p, x[i], tx[i], T[i]));
		require_finite(cr_pareto_nbd_expected(&p, next_in(in, 0, 1e3), x[i], tx[i], T[i]));
		require_finite(cr_pareto_nbd_dert(&p, x[i], tx[i], T[i], next_in(in, 1e-6, 1)));
		require_finite(cr_pareto_nbd_expected_new(&p, next_in(in, 0, 1e4)));
		/* quadrature may give up (NaN, reported as an error by SQL) but must not misbehave */
		(void) cr_pareto_nbd_prob_purchases(&p, next_in(in, 0, 100), floor(next_in(in, 0, 30)),
											x[i], tx[i], T[i]);
	}
	if (cr_pareto_nbd_data_init(&d, 3, x, tx, T, w) == 0)
	{
		double		ll = cr_pareto_nbd_data_loglik(&d, theta, g);

		require_finite(ll);
		for (i = 0; i < 4; i++)
			require_finite(g[i]);
		cr_pareto_nbd_data_free(&d);
	}
}

static void
fuzz_bgbb(Input *in)
{
	CrBgbbParams p;
	double		x[3],
				tx[3],
				np[3],
				w[3],
				theta[4],
				g[4];
	CrBgbbData	d;
	int			i;

	for (i = 0; i < 4; i++)
		theta[i] = next_in(in, -8, 8);
	p.alpha = exp(theta[0]);
	p.beta = exp(theta[1]);
	p.gamma = exp(theta[2]);
	p.delta = exp(theta[3]);
	for (i = 0; i < 3; i++)
	{
		np[i] = floor(next_in(in, 0, 2000));
		tx[i] = floor(next_in(in, 0, np[i]));
		x[i] = (tx[i] > 0) ? floor(next_in(in, 1, tx[i])) : 0;
		w[i] = next_in(in, 0.5, 100);
		require_finite(cr_bgbb_loglik(&p, x[i], tx[i], np[i]));
		require_finite(cr_bgbb_p_alive(&p, x[i], tx[i], np[i]));
		require_finite(cr_bgbb_expected(&p, floor(next_in(in, 0, 1000)), x[i], tx[i], np[i]));
		require_finite(cr_bgbb_dert(&p, x[i], tx[i], np[i], next_in(in, 1e-4, 10)));
		require_finite(cr_bgbb_prob_purchases_new(&p, floor(next_in(in, 0, 200)), floor(next_in(in, 0, 200))));
	}
	d.n = 3;
	d.x = x;
	d.tx = tx;
	d.np = np;
	d.w = w;
	require_finite(cr_bgbb_data_loglik(&d, theta, g));
	for (i = 0; i < 4; i++)
		require_finite(g[i]);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Input		in = {data, size};

	if (size < 1)
		return 0;
	in.p++;
	in.n--;
	switch (data[0] % 3)
	{
		case 0:
			fuzz_hyp2f1(&in);
			break;
		case 1:
			fuzz_pareto(&in);
			break;
		default:
			fuzz_bgbb(&in);
			break;
	}
	return 0;
}
