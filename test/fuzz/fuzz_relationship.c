/*
 * libFuzzer harness of the relationship family's core: the incomplete beta function, its
 * inverse and F quantiles (any doubles, including NaN, infinities and denormals), Cronbach's
 * streaming state (add, merge, alpha, Feldt interval), the RQ dimension tables and index,
 * decayed engagement and the health score. Every result must be in its documented range or the
 * documented NaN/error code; anything else aborts.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "betainc.h"
#include "cronbach.h"
#include "engagement.h"
#include "health.h"
#include "relationship_quality.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

typedef struct
{
	const uint8_t *p;
	size_t		n;
} Input;

static double
take_double(Input *in)
{
	double		v = 0;

	if (in->n >= sizeof(double))
	{
		memcpy(&v, in->p, sizeof(double));
		in->p += sizeof(double);
		in->n -= sizeof(double);
	}
	return v;
}

static uint8_t
take_byte(Input *in)
{
	uint8_t		b = 0;

	if (in->n > 0)
	{
		b = in->p[0];
		in->p++;
		in->n--;
	}
	return b;
}

/* A double in [lo, hi] from 8 bytes (uniform in the mantissa, any value for NaN bytes). */
static double
take_range(Input *in, double lo, double hi)
{
	uint64_t	u = 0;
	double		f;

	if (in->n >= 8)
	{
		memcpy(&u, in->p, 8);
		in->p += 8;
		in->n -= 8;
	}
	f = (double) (u >> 11) / 9007199254740992.0;	/* [0, 1) */
	return lo + f * (hi - lo);
}

static void
fuzz_beta(Input *in)
{
	double		a = take_double(in),
				b = take_double(in),
				x = take_double(in);
	double		i = cr_betainc(a, b, x),
				inv = cr_betainc_inv(a, b, x),
				f = cr_f_quantile(x, a, b);
	int			valid = a > 0 && b > 0 && isfinite(a) && isfinite(b) && x >= 0 && x <= 1;

	CHECK(isnan(i) || (i >= 0 && i <= 1));
	CHECK(isnan(inv) || (inv >= 0 && inv <= 1));
	CHECK(isnan(f) || f >= 0);
	if (!valid)
		CHECK(isnan(i) && isnan(inv) && isnan(f));

	/* shapes of real surveys: never NaN, and the inverse returns close to p */
	a = exp(take_range(in, log(0.01), log(1e9)));
	b = exp(take_range(in, log(0.01), log(1e9)));
	x = take_range(in, 0, 1);
	inv = cr_betainc_inv(a, b, x);
	CHECK(inv >= 0 && inv <= 1);
	i = cr_betainc(a, b, inv);
	CHECK(!isnan(i));
	f = cr_f_quantile(x, a, b);
	CHECK(!isnan(f) && f >= 0);
}

static void
fuzz_cronbach(Input *in)
{
	int			k = 2 + take_byte(in) % 9;
	int			rows = take_byte(in) % 40;
	long		len = cr_cronbach_state_len(k);
	double	   *a = malloc(sizeof(double) * len);
	double	   *b = malloc(sizeof(double) * len);
	double		x[16],
				del[16],
				alpha,
				lo,
				hi;
	int			r,
				j,
				overflow = 0;
	CrCronbachStatus st;

	cr_cronbach_init(a, k);
	cr_cronbach_init(b, k);
	for (r = 0; r < rows; r++)
	{
		int			finite = 1;

		for (j = 0; j < k; j++)
		{
			x[j] = take_double(in);
			finite &= isfinite(x[j]);
		}
		if (!finite)
			continue;			/* the SQL layer rejects these */
		if (cr_cronbach_add((r & 1) ? a : b, x) != 0)
			overflow = 1;
	}
	if (cr_cronbach_merge(a, b) != 0)
		overflow = 1;
	st = cr_cronbach_alpha_state(a, &alpha, del);
	if (overflow)
		CHECK(st == CR_CRONBACH_OVERFLOW || st == CR_CRONBACH_TOO_FEW ||
			  st == CR_CRONBACH_NO_VARIANCE || st == CR_CRONBACH_OK);
	if (st == CR_CRONBACH_OK)
	{
		CHECK(isfinite(alpha));
		CHECK(alpha <= 1 + 1e-9);
		for (j = 0; j < k; j++)
			CHECK(isnan(del[j]) || (isfinite(del[j]) && del[j] <= 1 + 1e-9));
		if (cr_cronbach_feldt_ci(alpha > 1 ? 1 : alpha, a[1], k, 0.95, &lo, &hi) == 0)
			CHECK(isfinite(lo) && isfinite(hi) && lo <= hi + 1e-12 && hi <= 1 + 1e-9);
	}
	free(a);
	free(b);

	/* the interval on its own, any arguments */
	alpha = take_double(in);
	lo = take_double(in);
	hi = take_double(in);
	{
		double		l,
					h;

		if (cr_cronbach_feldt_ci(alpha, lo, hi, take_range(in, 0, 1), &l, &h) == 0)
			CHECK(isfinite(l) && isfinite(h) && l <= h + 1e-12);
	}
}

static void
fuzz_rq(Input *in)
{
	CrRqTable	t;
	CrRqResult	res;
	double		sum[CR_RQ_MAX_DIMS],
				cnt[CR_RQ_MAX_DIMS];
	int			n = take_byte(in) % 70,
				i,
				rc;
	char		name[80];

	cr_rq_table_begin(&t);
	for (i = 0; i < n; i++)
	{
		size_t		l = take_byte(in) % 70,
					j;

		for (j = 0; j < l; j++)
			name[j] = (char) take_byte(in);
		rc = cr_rq_table_add(&t, name, l, take_double(in));
		CHECK(rc >= CR_RQ_OK && rc <= CR_RQ_NO_DIMENSIONS);
		if (rc == CR_RQ_OK)
			CHECK(cr_rq_table_find(&t, name, l) >= 0);
	}
	if (take_byte(in) & 1)
		cr_rq_default_table(&t);
	else if (cr_rq_table_finish(&t) != CR_RQ_OK)
		return;
	CHECK(t.ndims >= 1 && t.ndims <= CR_RQ_MAX_DIMS);
	CHECK(t.fingerprint == cr_rq_table_fingerprint(&t));
	for (i = 0; i < t.ndims; i++)
	{
		double		lo = take_range(in, -1e6, 1e6),
					hi = lo + take_range(in, 1e-9, 1e6);
		int			c = take_byte(in) % 4,
					j;

		CHECK(cr_rq_table_find(&t, t.name[i], t.len[i]) == i);
		sum[i] = 0;
		cnt[i] = c;
		for (j = 0; j < c; j++)
		{
			double		v = cr_rq_normalize_score(take_range(in, lo, hi), lo, hi);

			CHECK(v >= 0 && v <= 100);
			sum[i] += v;
		}
	}
	cr_rq_finish(&t, sum, cnt, &res);
	CHECK(res.coverage >= 0 && res.coverage <= 1);
	CHECK(res.n_dimensions >= 0 && res.n_dimensions <= t.ndims);
	CHECK(res.weakest >= -1 && res.weakest < t.ndims);
	CHECK(res.strongest >= -1 && res.strongest < t.ndims);
	if (res.has_index)
		CHECK(res.index >= 0 && res.index <= 100 && res.coverage >= CR_RQ_MIN_COVERAGE - 1e-9);
}

static void
fuzz_engagement_health(Input *in)
{
	double		w = take_double(in),
				age = take_double(in),
				hl = take_double(in);
	double		v[CR_HEALTH_N],
				wt[CR_HEALTH_N],
				gapsum = 0;
	int			pr[CR_HEALTH_N],
				c;
	CrHealthResult r;

	if (isfinite(w) && w >= 0 && isfinite(age) && age >= 0 && isfinite(hl) && hl > 0)
	{
		double		e = cr_engagement_term(w, age, hl);

		CHECK(!isnan(e) && e >= 0 && e <= w);
		e = cr_engagement_score(take_range(in, 0, 1e6), take_range(in, 1e-9, 1e6));
		CHECK(e >= 0 && e <= 100);
	}
	if (isfinite(age) && age >= 0 && isfinite(hl) && hl > 0)
	{
		double		rs = cr_health_recency_score(age, hl);

		CHECK(rs >= 0 && rs <= 1);
	}

	for (c = 0; c < CR_HEALTH_N; c++)
	{
		pr[c] = take_byte(in) & 1;
		v[c] = take_range(in, 0, 100);
		wt[c] = take_range(in, 0, 10);
	}
	if (cr_health_score(v, pr, wt, &r))
	{
		CHECK(r.score >= 0 && r.score <= 100);
		CHECK(r.coverage >= 0 && r.coverage <= 1);
		CHECK(r.driver >= -1 && r.driver < CR_HEALTH_N);
		CHECK(r.driver_gap >= 0 && r.driver_gap <= 100);
		CHECK(r.driver < 0 || pr[r.driver]);
		for (c = 0; c < CR_HEALTH_N; c++)
			if (pr[c])
				gapsum += wt[c] * (100 - v[c]);
		CHECK((int) cr_health_band(r.score, 75, 55, 35) >= 0 &&
			  (int) cr_health_band(r.score, 75, 55, 35) <= 3);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Input		in = {data, size};

	switch (take_byte(&in) % 4)
	{
		case 0:
			fuzz_beta(&in);
			break;
		case 1:
			fuzz_cronbach(&in);
			break;
		case 2:
			fuzz_rq(&in);
			break;
		default:
			fuzz_engagement_health(&in);
			break;
	}
	return 0;
}
