/*
 * libFuzzer harness for src/core/sbg.c and src/core/kaplan_meier.c: arbitrary survivor arrays,
 * parameters and life tables must never crash, never read out of bounds, and give results that
 * keep their invariants (probabilities in [0, 1], survival non-increasing, intervals around the
 * estimate, the median where S crosses one half) or NaN only outside the domain.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kaplan_meier.h"
#include "sbg.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

typedef struct Reader
{
	const uint8_t *p;
	size_t		n;
} Reader;

static uint8_t
rd_u8(Reader *r)
{
	uint8_t		v = 0;

	if (r->n > 0)
	{
		v = *r->p++;
		r->n--;
	}
	return v;
}

static uint16_t
rd_u16(Reader *r)
{
	return (uint16_t) (rd_u8(r) | (rd_u8(r) << 8));
}

static double
rd_double(Reader *r)
{
	double		v = 0;
	uint8_t		b[8];
	int			i;

	for (i = 0; i < 8; i++)
		b[i] = rd_u8(r);
	memcpy(&v, b, sizeof(v));
	return v;
}

/* A positive parameter from 1 byte of exponent and 1 of mantissa: 1e-4 .. 1e4 and beyond. */
static double
rd_param(Reader *r)
{
	return (1 + rd_u8(r) / 256.0) * pow(10.0, (rd_u8(r) % 12) - 5.0);
}

static void
check_scores(double a, double b, double d, int renewals)
{
	int			t;
	double		prev = 1.0;

	for (t = 0; t <= 40; t += 1 + t / 4)
	{
		double		s = cr_sbg_survival(a, b, t);

		CHECK(s >= 0 && s <= 1 && s <= prev + 1e-12);
		prev = s;
		if (t >= 1)
		{
			double		rr = cr_sbg_retention_rate(a, b, t),
						pc = cr_sbg_churn_probability(a, b, t);

			CHECK(rr > 0 && rr <= 1);
			CHECK(pc >= 0 && pc <= 1);
		}
	}
	if (cr_sbg_derl_in_range(a, b, renewals))
	{
		double		v = cr_sbg_derl(a, b, d, renewals);

		/* At least the next payment's share r(n), at most the undiscounted geometric bound. */
		CHECK(isnan(v) || (v > 0 && v <= (1 + d) / d * (1 + 1e-9)));
	}
}

static void
fuzz_sbg_counts(Reader *r)
{
	double		s[16];
	int			n = 1 + rd_u8(r) % 14,
				i,
				pos;
	CrSbgFit	f;

	/* Non-increasing by construction, sometimes scaled up to huge counts. */
	s[0] = 1 + rd_u16(r);
	for (i = 1; i < n; i++)
		s[i] = fmax(0, s[i - 1] - rd_u16(r) % (1 + (int) s[i - 1] / 2 + 1));
	if (rd_u8(r) & 1)
		for (i = 0; i < n; i++)
			s[i] *= 1e9;
	CHECK(cr_sbg_check_survivors(s, n, &pos) == CR_SBG_DATA_OK);
	CHECK(cr_sbg_fit(s, n, &f) == 0);
	if (n < 3)
		CHECK(!f.converged && isnan(f.alpha));
	else
	{
		CHECK(isfinite(f.alpha) && isfinite(f.beta) && isfinite(f.loglik) && f.loglik <= 1e-6);
		CHECK(!f.has_se || (f.se_alpha > 0 && f.se_beta > 0));
		CHECK(f.converged == (f.problem == CR_SBG_FIT_OK));
		if (f.converged)
		{
			/* A converged fit is a maximum: nearby points are not better. */
			double		tol = 1e-9 * fabs(f.loglik) + 1e-9;

			check_scores(f.alpha, f.beta, 0.1, 7);
			CHECK(cr_sbg_loglik(f.alpha * 1.01, f.beta, s, n) <= f.loglik + tol);
			CHECK(cr_sbg_loglik(f.alpha, f.beta * 0.99, s, n) <= f.loglik + tol);
		}
	}
}

static void
fuzz_sbg_raw(Reader *r)
{
	double		s[8];
	int			n = rd_u8(r) % 9,
				i,
				pos;
	CrSbgDataStatus st;

	for (i = 0; i < n; i++)
		s[i] = rd_double(r);
	st = cr_sbg_check_survivors(s, n, &pos);
	CHECK(pos >= 0 && (n == 0 || pos < n));
	if (st == CR_SBG_DATA_OK)
	{
		double		ll = cr_sbg_loglik(rd_param(r), rd_param(r), s, n);

		CHECK(!isnan(ll) && ll <= 1e-9 * fabs(ll) + 1e-9);
	}
	check_scores(rd_param(r), rd_param(r), rd_param(r), rd_u16(r));
}

static void
fuzz_km(Reader *r)
{
	CrKmPoint	p[64];
	CrKmRow		rows[64];
	size_t		n = rd_u8(r) % 64,
				i,
				pos;
	int64_t		total;
	int			raw = rd_u8(r) & 1;
	double		med,
				prev = 1.0;

	for (i = 0; i < n; i++)
	{
		p[i].time = raw ? rd_double(r) : (double) (rd_u8(r) % 20) / 2;
		p[i].events = rd_u8(r) % 4;
		p[i].censored = (p[i].events == 0) ? 1 + rd_u8(r) % 3 : rd_u8(r) % 3;
	}
	n = cr_km_compact(p, n);
	if (cr_km_check(p, n, &pos, &total) != CR_KM_OK)
	{
		CHECK(raw && pos < n);
		return;
	}
	cr_km_estimate(p, n, total, rows);
	for (i = 0; i < n; i++)
	{
		CHECK(rows[i].survival >= 0 && rows[i].survival <= prev);
		CHECK(rows[i].at_risk >= rows[i].events + rows[i].censored);
		if (rows[i].has_se)
			CHECK(rows[i].std_error >= 0 && isfinite(rows[i].std_error));
		if (rows[i].has_ci)
			CHECK(rows[i].ci_low <= rows[i].survival + 1e-12 && rows[i].survival <= rows[i].ci_high + 1e-12
				  && rows[i].ci_low >= 0 && rows[i].ci_high <= 1);
		CHECK(fabs(cr_km_survival_at(p, n, total, rows[i].time) - rows[i].survival) <= 1e-12);
		prev = rows[i].survival;
	}
	if (cr_km_median(p, n, total, &med))
		CHECK(cr_km_survival_at(p, n, total, med) <= 0.5 + 1e-8);
	else
		CHECK(n == 0 || rows[n - 1].survival > 0.5 - 1e-8);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Reader		r = {data, size};

	switch (rd_u8(&r) % 3)
	{
		case 0:
			fuzz_sbg_counts(&r);
			break;
		case 1:
			fuzz_sbg_raw(&r);
			break;
		default:
			fuzz_km(&r);
			break;
	}
	return 0;
}
