/* Unit tests of src/core/rfm.c and src/core/rfm_segment.c (RFM summary arithmetic, segments). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rfm.h"
#include "rfm_segment.h"
#include "rng.h"
#include "unit.h"

#define MAXD 4096

/* A state built the slow, obvious way: every transaction kept, summarised at the end. */
typedef struct
{
	int			n;
	int32_t		day[MAXD];
	double		amount[MAXD];
} Naive;

static void
naive_result(const Naive *nv, int32_t as_of, double unit, CrRfmResult *out, int *empty)
{
	int32_t		first = INT32_MAX,
				last = INT32_MIN;
	int			i,
				j,
				distinct = 0;
	double		total = 0,
				first_total = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < nv->n; i++)
	{
		if (nv->day[i] > as_of)
			continue;
		out->n_transactions++;
		total += nv->amount[i];
		if (nv->day[i] < first)
			first = nv->day[i];
		if (nv->day[i] > last)
			last = nv->day[i];
	}
	*empty = out->n_transactions == 0;
	if (*empty)
		return;
	for (i = 0; i < nv->n; i++)
	{
		int			seen = 0;

		if (nv->day[i] > as_of)
			continue;
		if (nv->day[i] == first)
			first_total += nv->amount[i];
		for (j = 0; j < i; j++)
			if (nv->day[j] == nv->day[i])
				seen = 1;
		distinct += !seen;
	}
	out->frequency = distinct - 1;
	out->first_day = first;
	out->last_day = last;
	out->recency = (last - first) / unit;
	out->t = (as_of - first) / unit;
	out->total_amount = total;
	out->monetary = distinct > 1 ? (total - first_total) / (distinct - 1) : 0;
}

typedef struct
{
	CrRfmHeader h;
	int32_t		days[MAXD];
} State;

static void
state_init(State *s, int32_t as_of)
{
	memset(s, 0, sizeof(*s));
	s->h.as_of_day = as_of;
	s->h.unit_days = 7;
}

static void
state_add(State *s, int32_t day, double amount)
{
	int32_t		old_n = s->h.n_days,
				old_first = old_n ? s->days[0] : 0;

	if (day > s->h.as_of_day)
		return;
	if (cr_rfm_days_insert(s->days, &s->h.n_days, MAXD, day) < 0)
		abort();
	cr_rfm_add_amount(&s->h, old_n, old_first, day, amount);
}

static void
state_combine(State *a, const State *b)
{
	int32_t		u = cr_rfm_days_union_count(a->days, a->h.n_days, b->days, b->h.n_days);
	int32_t		af = a->h.n_days ? a->days[0] : 0,
				bf = b->h.n_days ? b->days[0] : 0;

	cr_rfm_days_merge_into(a->days, a->h.n_days, b->days, b->h.n_days, u);
	cr_rfm_combine_header(&a->h, &b->h, af, bf, u);
}

static int
same_result(const CrRfmResult *x, const CrRfmResult *y)
{
	return x->frequency == y->frequency && x->first_day == y->first_day &&
		x->last_day == y->last_day && x->n_transactions == y->n_transactions &&
		fabs(x->recency - y->recency) < 1e-12 && fabs(x->t - y->t) < 1e-12 &&
		fabs(x->monetary - y->monetary) < 1e-9 && fabs(x->total_amount - y->total_amount) < 1e-9;
}

static int
sorted_distinct(const int32_t *d, int32_t n)
{
	int32_t		i;

	for (i = 1; i < n; i++)
		if (d[i] <= d[i - 1])
			return 0;
	return 1;
}

static void
test_worked_example(void)
{
	State		s;
	CrRfmResult r;

	/* Days 0 (10 + 5), 7 (20), 14 (40), 45 (100, after as_of = 30): FHL definitions by hand. */
	state_init(&s, 30);
	state_add(&s, 7, 20);
	state_add(&s, 0, 10);
	state_add(&s, 14, 40);
	state_add(&s, 0, 5);
	state_add(&s, 45, 100);
	unit_ok(cr_rfm_result(&s.h, s.days, 7, &r) == CR_RFM_OK, "worked example: ok", NULL);
	unit_ok(r.frequency == 2, "worked example: frequency = 3 days - 1", NULL);
	unit_close(r.recency, 2.0, 1e-15, "worked example: recency = 14 days = 2 weeks");
	unit_close(r.t, 30.0 / 7, 1e-15, "worked example: T = 30 days in weeks");
	unit_rel_close(r.monetary, 30.0, 1e-15, "worked example: monetary = (20 + 40) / 2");
	unit_ok(r.n_transactions == 4, "worked example: 4 transactions on or before as_of", NULL);
	unit_close(r.total_amount, 75.0, 1e-12, "worked example: total 75");
	unit_ok(r.first_day == 0 && r.last_day == 14, "worked example: first and last day", NULL);
	unit_close(s.h.first_amount, 15.0, 1e-12, "worked example: first day's total 10 + 5");
}

static void
test_edges(void)
{
	State		s;
	CrRfmResult r;

	state_init(&s, 10);
	unit_ok(cr_rfm_result(&s.h, s.days, 1, &r) == CR_RFM_EMPTY, "empty state: EMPTY (NULL summary)", NULL);
	state_add(&s, 11, 5);
	unit_ok(cr_rfm_result(&s.h, s.days, 1, &r) == CR_RFM_EMPTY, "first purchase after as_of: EMPTY", NULL);
	state_add(&s, 10, 5);
	unit_ok(cr_rfm_result(&s.h, s.days, 1, &r) == CR_RFM_OK && r.frequency == 0 && r.monetary == 0 &&
			r.t == 0 && r.recency == 0, "purchase on as_of's day counts; frequency 0 gives monetary 0", NULL);
	state_add(&s, 10, 1e308);
	state_add(&s, 10, 1e308);
	unit_ok(cr_rfm_result(&s.h, s.days, 1, &r) == CR_RFM_OVERFLOW, "an infinite total is OVERFLOW", NULL);

	unit_ok(cr_floor_div64(-1, 86400) == -1 && cr_floor_div64(86399, 86400) == 0 &&
			cr_floor_div64(-86400, 86400) == -1 && cr_floor_div64(-86401, 86400) == -2,
			"floor division rounds toward minus infinity", NULL);
	unit_close(cr_rfm_unit_days(0, 7, 0), 7, 0, "unit '7 days' is 7 days");
	unit_close(cr_rfm_unit_days(3600000000LL, 0, 1), 30 + 1.0 / 24, 1e-15, "unit '1 month 1 hour'");
	unit_close(cr_rfm_unit_days(0, 1, -1), -29, 0, "unit '1 month -1 day' is not positive");
}

static void
test_day_set(void)
{
	int32_t		d[4];
	int32_t		n = 0;
	int32_t		a[8] = {1, 3, 5, 0, 0, 0, 0, 0},
				b[3] = {2, 3, 9};

	unit_ok(cr_rfm_days_insert(d, &n, 4, 5) == 1 && cr_rfm_days_insert(d, &n, 4, 5) == 0 &&
			cr_rfm_days_insert(d, &n, 4, 1) == 1 && cr_rfm_days_insert(d, &n, 4, 3) == 1 &&
			cr_rfm_days_insert(d, &n, 4, 3) == 0 && cr_rfm_days_insert(d, &n, 4, 1) == 0 &&
			n == 3 && d[0] == 1 && d[1] == 3 && d[2] == 5, "insert keeps a sorted distinct set", NULL);
	unit_ok(cr_rfm_days_insert(d, &n, 4, 9) == 1 && cr_rfm_days_insert(d, &n, 4, 2) == -1 &&
			cr_rfm_days_insert(d, &n, 4, 10) == -1 && cr_rfm_days_insert(d, &n, 4, 9) == 0 && n == 4,
			"a full set says so, and still finds what it holds", NULL);
	unit_ok(cr_rfm_days_union_count(a, 3, b, 3) == 5, "union count of {1,3,5} and {2,3,9} is 5", NULL);
	cr_rfm_days_merge_into(a, 3, b, 3, 5);
	unit_ok(a[0] == 1 && a[1] == 2 && a[2] == 3 && a[3] == 5 && a[4] == 9, "merge in place", NULL);
	unit_ok(cr_rfm_days_union_count(a, 5, b, 0) == 5 && cr_rfm_days_union_count(b, 0, a, 5) == 5,
			"union with an empty set", NULL);
}

/* Random transactions in random order, split at random into partial states that are then
 * combined in random order: always the naive answer. */
static void
test_random_against_naive(void)
{
	static Naive nv;
	static State whole,
				parts[4];
	CrRng		rng;
	int			trial,
				bad_whole = 0,
				bad_combined = 0,
				bad_sets = 0;

	cr_rng_seed(&rng, 20240601);
	for (trial = 0; trial < 2000; trial++)
	{
		int			n = 1 + (int) (cr_rng_uniform(&rng) * (trial % 10 == 0 ? 3000 : 40));
		int32_t		span = 1 + (int32_t) (cr_rng_uniform(&rng) * 600);
		int32_t		base = (int32_t) (cr_rng_uniform(&rng) * 20000) - 10000;
		int32_t		as_of = base + (int32_t) (cr_rng_uniform(&rng) * span * 1.2);
		int			i,
					k,
					empty;
		CrRfmResult want,
					got;

		nv.n = n;
		state_init(&whole, as_of);
		for (k = 0; k < 4; k++)
			state_init(&parts[k], as_of);
		for (i = 0; i < n; i++)
		{
			nv.day[i] = base + (int32_t) (cr_rng_uniform(&rng) * span);
			nv.amount[i] = floor(cr_rng_uniform(&rng) * 10000) / 100;
			state_add(&whole, nv.day[i], nv.amount[i]);
			state_add(&parts[(int) (cr_rng_uniform(&rng) * 4)], nv.day[i], nv.amount[i]);
		}
		naive_result(&nv, as_of, 7, &want, &empty);
		if (empty)
		{
			bad_whole += cr_rfm_result(&whole.h, whole.days, 7, &got) != CR_RFM_EMPTY;
			continue;
		}
		bad_whole += cr_rfm_result(&whole.h, whole.days, 7, &got) != CR_RFM_OK || !same_result(&got, &want);
		/* combine 3 into 1, 0 into 2, then 2 into 1 */
		state_combine(&parts[1], &parts[3]);
		state_combine(&parts[2], &parts[0]);
		state_combine(&parts[1], &parts[2]);
		bad_sets += !sorted_distinct(parts[1].days, parts[1].h.n_days) ||
			!sorted_distinct(whole.days, whole.h.n_days);
		bad_combined += cr_rfm_result(&parts[1].h, parts[1].days, 7, &got) != CR_RFM_OK ||
			!same_result(&got, &want);
	}
	unit_ok(bad_whole == 0, "2000 random customers: one state equals the naive summary", NULL);
	unit_ok(bad_combined == 0, "2000 random customers: 4 combined partial states equal it too", NULL);
	unit_ok(bad_sets == 0, "day sets stay sorted and distinct", NULL);
}

static void
test_encoding(void)
{
	State		s;
	CrRfmHeader h;
	int32_t		days[8];
	uint8_t		buf[CR_RFM_ENCODED_SIZE(8)];
	char		hex[2 * sizeof(buf) + 1];
	uint8_t		back[sizeof(buf)];
	const char *why = NULL;
	size_t		len;

	state_init(&s, 100);
	s.h.as_of_raw = -123456789012345LL;
	s.h.unit_usec = 5;
	state_add(&s, 3, 1.25);
	state_add(&s, -7, -2.5);
	state_add(&s, 99, 1e9);
	len = CR_RFM_ENCODED_SIZE(s.h.n_days);
	cr_rfm_encode(&s.h, s.days, buf);
	unit_ok(buf[0] == CR_RFM_FORMAT_VERSION && len == 57 + 12, "encoding: version byte, 57 + 4n bytes", NULL);
	unit_ok(cr_rfm_decode(buf, len, &h, days, &why) == CR_RFM_OK && memcmp(&h, &s.h, sizeof(h)) == 0 &&
			days[0] == -7 && days[1] == 3 && days[2] == 99, "decode(encode(state)) is the state", why);
	cr_hex_encode(buf, len, hex);
	unit_ok(strlen(hex) == 2 * len && cr_hex_decode(hex, 2 * len, back) == 0 && memcmp(back, buf, len) == 0,
			"hex round trip", NULL);
	unit_ok(cr_hex_decode("0g", 2, back) == -1 && cr_hex_decode("abc", 3, back) == -1, "bad hex is refused", NULL);
	unit_ok(cr_rfm_decode(buf, len - 1, &h, days, NULL) == CR_RFM_BAD_INPUT &&
			cr_rfm_decode(buf, 10, &h, days, NULL) == CR_RFM_BAD_INPUT, "short input is refused", NULL);
	buf[0] = 2;
	unit_ok(cr_rfm_decode(buf, len, &h, days, NULL) == CR_RFM_BAD_INPUT, "unknown version is refused", NULL);
	buf[0] = 1;
	buf[57 + 4 + 3] = 0xF9;		/* second day becomes -7: not increasing */
	buf[57 + 4 + 0] = 0xFF;
	buf[57 + 4 + 1] = 0xFF;
	buf[57 + 4 + 2] = 0xFF;
	unit_ok(cr_rfm_decode(buf, len, &h, days, &why) == CR_RFM_BAD_INPUT, "unordered days are refused", why);
}

static void
test_segments(void)
{
	int			counts[CR_RFM_N_SEGMENTS] = {0};
	int			r,
				f,
				m,
				bad = 0,
				empty = 0,
				s;

	for (r = 1; r <= 5; r++)
		for (f = 1; f <= 5; f++)
			for (m = 1; m <= 5; m++)
			{
				s = cr_rfm_segment(r, f, m);
				if (s < 0 || s >= CR_RFM_N_SEGMENTS)
					bad++;
				else
					counts[s]++;
			}
	for (s = 0; s < CR_RFM_N_SEGMENTS; s++)
		empty += counts[s] == 0;
	unit_ok(bad == 0, "all 125 score combinations map to a segment", NULL);
	unit_ok(empty == 0, "every one of the 11 segments is reached", NULL);
	unit_ok(cr_rfm_segment(0, 3, 3) == -1 && cr_rfm_segment(3, 6, 3) == -1 && cr_rfm_segment(3, 3, -1) == -1,
			"scores outside 1..5 are refused", NULL);
	unit_ok(strcmp(cr_rfm_segment_name(cr_rfm_segment(5, 5, 5)), "Champions") == 0 &&
			strcmp(cr_rfm_segment_name(cr_rfm_segment(1, 1, 1)), "Lost") == 0 &&
			strcmp(cr_rfm_segment_name(cr_rfm_segment(5, 1, 1)), "New") == 0 &&
			strcmp(cr_rfm_segment_name(cr_rfm_segment(1, 5, 5)), "Can't Lose Them") == 0 &&
			strcmp(cr_rfm_segment_name(cr_rfm_segment(3, 3, 4)), "Need Attention") == 0 &&
			strcmp(cr_rfm_segment_name(cr_rfm_segment(3, 4, 5)), "Loyal") == 0,
			"corner cells: 555 Champions, 111 Lost, 511 New, 155 Can't Lose Them, 334 and 345", NULL);
	unit_ok(cr_rfm_segment_name(-1) == NULL && cr_rfm_segment_name(CR_RFM_N_SEGMENTS) == NULL,
			"no name for a segment number out of range", NULL);
}

int
main(void)
{
	test_worked_example();
	test_edges();
	test_day_set();
	test_random_against_naive();
	test_encoding();
	test_segments();
	return unit_finish();
}
