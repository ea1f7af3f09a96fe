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

/* A state on the heap, resized the way src/rfm.c does it. */
typedef struct
{
	CrRfmState *s;
	size_t		size;
} Box;

static int64_t
box_cap(const Box *b)
{
	return cr_rfm_capacity(b->s, b->size);
}

static void
box_init(Box *b, int32_t as_of, double unit)
{
	b->size = CR_RFM_STATE_SIZE(CR_RFM_SHORT, CR_RFM_SHORT_DAYS);
	b->s = calloc(1, b->size);
	cr_rfm_init(b->s, CR_RFM_SHORT, CR_RFM_SHORT_DAYS, as_of, unit);
}

static void
box_resize(Box *b, const CrRfmSpace *need)
{
	size_t		size = CR_RFM_STATE_SIZE(need->kind, need->capacity);
	CrRfmState *t = calloc(1, size);

	t->kind = need->kind;
	cr_rfm_copy(t, need->kind, need->capacity, b->s, box_cap(b));
	free(b->s);
	b->s = t;
	b->size = size;
}

static int	n_resizes = 0,
			n_arrays = 0;

static void
box_add(Box *b, int32_t day, double amount)
{
	CrRfmSpace	need;

	if (cr_rfm_add(b->s, box_cap(b), day, amount, &need) == CR_RFM_NEED_SPACE)
	{
		n_resizes++;
		n_arrays += need.kind == CR_RFM_ARRAY;
		box_resize(b, &need);
		if (cr_rfm_add(b->s, box_cap(b), day, amount, &need) != CR_RFM_OK)
			abort();
	}
}

static void
box_combine(Box *a, const Box *b)
{
	CrRfmSpace	need;

	if (cr_rfm_combine(a->s, box_cap(a), b->s, box_cap(b), &need) == CR_RFM_NEED_SPACE)
	{
		n_resizes++;
		n_arrays += need.kind == CR_RFM_ARRAY;
		box_resize(a, &need);
		if (cr_rfm_combine(a->s, box_cap(a), b->s, box_cap(b), &need) != CR_RFM_OK)
			abort();
	}
}

static int
box_result(const Box *b, CrRfmResult *r)
{
	return cr_rfm_result(b->s, box_cap(b), r);
}

static int
same_result(const CrRfmResult *x, const CrRfmResult *y)
{
	return x->frequency == y->frequency && x->first_day == y->first_day &&
		x->last_day == y->last_day && x->n_transactions == y->n_transactions &&
		fabs(x->recency - y->recency) < 1e-12 && fabs(x->t - y->t) < 1e-12 &&
		fabs(x->monetary - y->monetary) < 1e-9 && fabs(x->total_amount - y->total_amount) < 1e-9;
}

static void
test_worked_example(void)
{
	Box			b;
	CrRfmResult r;

	/* Days 0 (10 + 5), 7 (20), 14 (40), 45 (100, after as_of = 30): FHL definitions by hand. */
	box_init(&b, 30, 7);
	box_add(&b, 7, 20);
	box_add(&b, 0, 10);
	box_add(&b, 14, 40);
	box_add(&b, 0, 5);
	box_add(&b, 45, 100);
	unit_ok(box_result(&b, &r) == CR_RFM_OK, "worked example: ok", NULL);
	unit_ok(r.frequency == 2, "worked example: frequency = 3 days - 1", NULL);
	unit_close(r.recency, 2.0, 1e-15, "worked example: recency = 14 days = 2 weeks");
	unit_close(r.t, 30.0 / 7, 1e-15, "worked example: T = 30 days in weeks");
	unit_rel_close(r.monetary, 30.0, 1e-15, "worked example: monetary = (20 + 40) / 2");
	unit_ok(r.n_transactions == 4, "worked example: 4 transactions on or before as_of", NULL);
	unit_close(r.total_amount, 75.0, 1e-12, "worked example: total 75");
	unit_ok(r.first_day == 0 && r.last_day == 14, "worked example: first and last day", NULL);
	unit_close(b.s->first[0], 15.0, 1e-12, "worked example: first day's total 10 + 5");
	unit_ok(b.s->kind == CR_RFM_SHORT && b.size == 128, "worked example: a 128-byte SHORT state", NULL);
	free(b.s);
}

static void
test_edges(void)
{
	Box			b;
	CrRfmResult r;

	box_init(&b, 10, 1);
	unit_ok(box_result(&b, &r) == CR_RFM_EMPTY, "empty state: EMPTY (NULL summary)", NULL);
	box_add(&b, 11, 5);
	unit_ok(box_result(&b, &r) == CR_RFM_EMPTY, "first purchase after as_of: EMPTY", NULL);
	box_add(&b, 10, 5);
	unit_ok(box_result(&b, &r) == CR_RFM_OK && r.frequency == 0 && r.monetary == 0 &&
			r.t == 0 && r.recency == 0, "purchase on as_of's day counts; frequency 0 gives monetary 0", NULL);
	box_add(&b, 10, 1e308);
	box_add(&b, 10, 1e308);
	unit_ok(box_result(&b, &r) == CR_RFM_OVERFLOW, "an infinite total is OVERFLOW", NULL);
	free(b.s);

	/* Negative days, as_of at a word boundary and just before one. */
	box_init(&b, -64, 1);
	box_add(&b, -64, 1);
	box_add(&b, -65, 1);
	box_add(&b, -700, 1);
	unit_ok(box_result(&b, &r) == CR_RFM_OK && r.frequency == 2 && r.first_day == -700 &&
			r.last_day == -64 && r.t == 636, "negative days across word boundaries", NULL);
	free(b.s);
	box_init(&b, 63, 1);
	box_add(&b, 63, 1);
	box_add(&b, 0, 1);
	box_add(&b, -1, 1);
	unit_ok(box_result(&b, &r) == CR_RFM_OK && r.frequency == 2 && r.first_day == -1 &&
			r.last_day == 63, "as_of on the last bit of a word", NULL);
	free(b.s);

	/* Two purchases 300 years apart: an ARRAY, not a 13 kB bitmap. */
	n_arrays = 0;
	box_init(&b, 100000, 1);
	box_add(&b, 100000, 2);
	box_add(&b, 100000 - 300 * 365, 3);
	unit_ok(b.s->kind == CR_RFM_ARRAY && b.size == 128 && box_result(&b, &r) == CR_RFM_OK &&
			r.frequency == 1 && r.recency == 300 * 365 && r.monetary == 2,
			"sparse purchases over centuries become a small ARRAY", NULL);
	free(b.s);

	unit_ok(cr_floor_div64(-1, 86400) == -1 && cr_floor_div64(86399, 86400) == 0 &&
			cr_floor_div64(-86400, 86400) == -1 && cr_floor_div64(-86401, 86400) == -2,
			"floor division rounds toward minus infinity", NULL);
	unit_close(cr_rfm_unit_days(0, 7, 0), 7, 0, "unit '7 days' is 7 days");
	unit_close(cr_rfm_unit_days(3600000000LL, 0, 1), 30 + 1.0 / 24, 1e-15, "unit '1 month 1 hour'");
	unit_close(cr_rfm_unit_days(0, 1, -1), -29, 0, "unit '1 month -1 day' is not positive");
}

/*
 * 18 months of purchases on a few days (the common customer): a SHORT state of 128 bytes, where
 * a bitmap would take 256; the 33rd day turns it into a bitmap; the days it holds reach back
 * 65535 days from as_of and no further.
 */
static void
test_short(void)
{
	static Naive nv;
	Box			b,
				c;
	CrRfmResult want,
				got;
	CrRng		rng;
	int			i,
				empty,
				bad = 0;

	cr_rng_seed(&rng, 20261207);
	box_init(&b, 547, 7);
	nv.n = 0;
	/* day 0 and 24 more of 548, in random order, some twice */
	for (i = 0; i < 30; i++)
	{
		nv.day[nv.n] = i == 7 ? 0 : 1 + (int32_t) (cr_rng_uniform(&rng) * 547);
		nv.amount[nv.n] = 1 + i;
		box_add(&b, nv.day[nv.n], nv.amount[nv.n]);
		nv.n++;
		naive_result(&nv, 547, 7, &want, &empty);
		bad += box_result(&b, &got) != CR_RFM_OK || !same_result(&got, &want);
	}
	unit_ok(b.s->kind == CR_RFM_SHORT && b.size == 128 && b.s->aux <= 30 && bad == 0,
			"18 months, few days: a 128-byte SHORT state with the naive summary after every row", NULL);
	for (i = 0; cr_rfm_n_days(b.s, box_cap(&b)) < 33; i++)
	{
		nv.day[nv.n] = (int32_t) (cr_rng_uniform(&rng) * 548);
		nv.amount[nv.n] = 0.5;
		box_add(&b, nv.day[nv.n], nv.amount[nv.n]);
		nv.n++;
	}
	naive_result(&nv, 547, 7, &want, &empty);
	unit_ok(b.s->kind == CR_RFM_BITMAP && b.size == 256 && box_result(&b, &got) == CR_RFM_OK &&
			same_result(&got, &want), "the 33rd day turns it into a 256-byte bitmap", NULL);

	/* a SHORT state combined with a bitmap, an ARRAY and another SHORT state */
	box_init(&c, 547, 7);
	box_add(&c, 0, 3);
	box_add(&c, 546, 4);
	unit_ok(c.s->kind == CR_RFM_SHORT, "two days 546 apart: SHORT", NULL);
	box_combine(&c, &b);
	nv.day[nv.n] = 0;
	nv.amount[nv.n++] = 3;
	nv.day[nv.n] = 546;
	nv.amount[nv.n++] = 4;
	naive_result(&nv, 547, 7, &want, &empty);
	unit_ok(c.s->kind == CR_RFM_BITMAP && box_result(&c, &got) == CR_RFM_OK && same_result(&got, &want),
			"SHORT combined with a 33-day bitmap becomes a bitmap, with the naive summary", NULL);
	free(c.s);
	free(b.s);

	/*
	 * Two partial states of one customer, 24 days each, 16 of them shared (as a parallel plan's
	 * workers see them): 32 days in all, so the combined state stays SHORT, as the serial plan's
	 * would; one day more on either side, and it grows.
	 */
	box_init(&b, 547, 7);
	box_init(&c, 547, 7);
	nv.n = 0;
	for (i = 0; i < 32; i++)
	{
		Box		   *side = (i < 8) ? &b : (i < 16) ? &c : (i % 2) ? &b : &c;

		nv.day[nv.n] = 10 * i;
		nv.amount[nv.n] = 1 + i;
		box_add(side, nv.day[nv.n], nv.amount[nv.n]);
		nv.n++;
		if (i >= 16)
		{
			/* a shared day: the other side buys on it too */
			box_add(side == &b ? &c : &b, 10 * i, 0.25);
			nv.day[nv.n] = 10 * i;
			nv.amount[nv.n++] = 0.25;
		}
	}
	n_resizes = 0;
	box_combine(&b, &c);
	naive_result(&nv, 547, 7, &want, &empty);
	unit_ok(b.s->kind == CR_RFM_SHORT && b.size == 128 && n_resizes == 0 && b.s->aux == 32 &&
			box_result(&b, &got) == CR_RFM_OK && same_result(&got, &want),
			"two SHORT states of 24 days sharing 16: a SHORT state of their 32 days", NULL);
	box_add(&c, 545, 1);
	box_combine(&b, &c);
	unit_ok(b.s->kind == CR_RFM_BITMAP && b.size == 256 && n_resizes == 1,
			"a 33rd day in their union: a bitmap", NULL);
	free(c.s);
	free(b.s);

	/*
	 * 32 days over 30 years on each side, 31 of them shared: the union of 33 goes into an ARRAY,
	 * which takes the other side's days in room for both counts (64), not for the union (which
	 * once left it short of room: found by fuzz_rfm)
	 */
	box_init(&b, 20000, 1);
	box_init(&c, 20000, 1);
	for (i = 0; i < 33; i++)
	{
		if (i < 32)
			box_add(&b, 20000 - 340 * i, 1);
		if (i > 0)
			box_add(&c, 20000 - 340 * i, 2);
	}
	box_combine(&b, &c);
	unit_ok(b.s->kind == CR_RFM_ARRAY && box_result(&b, &got) == CR_RFM_OK && got.frequency == 32 &&
			got.n_transactions == 64 && got.first_day == 20000 - 340 * 32,
			"two SHORT states with 33 days over 30 years in their union: an ARRAY", NULL);
	free(c.s);
	free(b.s);

	box_init(&b, 100000, 1);
	box_add(&b, 100000 - 65535, 1);
	box_add(&b, 100000, 2);
	unit_ok(b.s->kind == CR_RFM_SHORT && box_result(&b, &got) == CR_RFM_OK && got.first_day == 100000 - 65535 &&
			got.last_day == 100000, "a SHORT state reaches back 65535 days", NULL);
	box_add(&b, 100000 - 65536, 5);
	unit_ok(b.s->kind == CR_RFM_ARRAY && box_result(&b, &got) == CR_RFM_OK && got.first_day == 100000 - 65536 &&
			got.frequency == 2 && got.monetary == 1.5, "one day further: an ARRAY", NULL);
	box_init(&c, 100000, 1);
	box_add(&c, 100000 - 70000, 7);
	box_add(&c, 99999, 8);
	box_combine(&c, &b);
	unit_ok(c.s->kind == CR_RFM_ARRAY && box_result(&c, &got) == CR_RFM_OK && got.first_day == 30000 &&
			got.frequency == 4 && got.n_transactions == 5, "an ARRAY combined with an ARRAY", NULL);
	free(c.s);
	free(b.s);
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

/*
 * Random customers (dense and sparse, short and centuries-long histories) in random order,
 * split at random into partial states that are then combined: always the naive answer, in
 * whichever representations the states end up.
 */
static void
test_random_against_naive(void)
{
	static Naive nv;
	Box			whole,
				parts[4];
	CrRng		rng;
	int			trial,
				bad_whole = 0,
				bad_combined = 0,
				bad_encoded = 0,
				n_kind[4] = {0};

	n_resizes = n_arrays = 0;
	cr_rng_seed(&rng, 20240601);
	for (trial = 0; trial < 3000; trial++)
	{
		int			n = 1 + (int) (cr_rng_uniform(&rng) * (trial % 10 == 0 ? 3000 : 40));
		int32_t		span = 1 + (int32_t) (cr_rng_uniform(&rng) * (trial % 3 == 0 ? 200000 : 1500));
		int32_t		base = (int32_t) (cr_rng_uniform(&rng) * 200000) - 100000;
		int32_t		as_of = base + (int32_t) (cr_rng_uniform(&rng) * span * 1.2);
		int			i,
					k,
					empty;
		CrRfmResult want,
					got;

		nv.n = n;
		box_init(&whole, as_of, 7);
		for (k = 0; k < 4; k++)
			box_init(&parts[k], as_of, 7);
		for (i = 0; i < n; i++)
		{
			nv.day[i] = base + (int32_t) (cr_rng_uniform(&rng) * span);
			nv.amount[i] = floor(cr_rng_uniform(&rng) * 10000) / 100;
			box_add(&whole, nv.day[i], nv.amount[i]);
			box_add(&parts[(int) (cr_rng_uniform(&rng) * 4)], nv.day[i], nv.amount[i]);
		}
		naive_result(&nv, as_of, 7, &want, &empty);
		/* combine 3 into 1, 0 into 2, then 2 into 1 */
		box_combine(&parts[1], &parts[3]);
		box_combine(&parts[2], &parts[0]);
		box_combine(&parts[1], &parts[2]);
		if (empty)
		{
			bad_whole += box_result(&whole, &got) != CR_RFM_EMPTY;
			bad_combined += box_result(&parts[1], &got) != CR_RFM_EMPTY;
		}
		else
		{
			bad_whole += box_result(&whole, &got) != CR_RFM_OK || !same_result(&got, &want);
			bad_combined += box_result(&parts[1], &got) != CR_RFM_OK || !same_result(&got, &want);
		}
		/* encode, decode, and the decoded state summarises the same */
		{
			int64_t		nd = cr_rfm_n_days(whole.s, box_cap(&whole));
			size_t		len = CR_RFM_ENCODED_SIZE(nd);
			uint8_t    *buf = malloc(len);
			CrRfmSpace	need;
			Box			back;
			CrRfmResult r1,
						r2;
			int			e1,
						e2;

			cr_rfm_encode(whole.s, box_cap(&whole), buf);
			if (cr_rfm_decode_check(buf, len, &need, NULL) != CR_RFM_OK)
				bad_encoded++;
			else
			{
				back.size = CR_RFM_STATE_SIZE(need.kind, need.capacity);
				back.s = calloc(1, back.size);
				back.s->kind = need.kind;
				cr_rfm_decode(buf, len, back.s, need.kind, need.capacity);
				e1 = box_result(&whole, &r1);
				e2 = box_result(&back, &r2);
				bad_encoded += e1 != e2 || (e1 == CR_RFM_OK && !same_result(&r1, &r2));
				free(back.s);
			}
			free(buf);
		}
		n_kind[whole.s->kind]++;
		free(whole.s);
		for (k = 0; k < 4; k++)
			free(parts[k].s);
	}
	unit_ok(bad_whole == 0, "3000 random customers: one state equals the naive summary", NULL);
	unit_ok(bad_combined == 0, "3000 random customers: 4 combined partial states equal it too", NULL);
	unit_ok(bad_encoded == 0, "3000 random customers: encode/decode keeps the summary", NULL);
	unit_ok(n_resizes > 100 && n_arrays > 10 && n_kind[CR_RFM_SHORT] > 100 &&
			n_kind[CR_RFM_BITMAP] > 100 && n_kind[CR_RFM_ARRAY] > 10,
			"the random customers exercised growth and ended in each representation", NULL);
}

static void
test_encoding(void)
{
	Box			b;
	uint8_t		buf[CR_RFM_ENCODED_SIZE(8)];
	char		hex[2 * sizeof(buf) + 1];
	uint8_t		back[sizeof(buf)];
	const char *why = NULL;
	CrRfmSpace	need;
	size_t		len;

	box_init(&b, 100, 7);
	box_add(&b, 3, 1.25);
	box_add(&b, -7, -2.5);
	box_add(&b, 99, 1e9);
	len = CR_RFM_ENCODED_SIZE(3);
	cr_rfm_encode(b.s, box_cap(&b), buf);
	unit_ok(buf[0] == CR_RFM_FORMAT_VERSION && len == 57 + 12, "encoding: version byte, 57 + 4n bytes", NULL);
	unit_ok(cr_rfm_decode_check(buf, len, &need, &why) == CR_RFM_OK && need.kind == CR_RFM_SHORT,
			"a valid encoding passes the checks", why);
	unit_ok(buf[57 + 3] == 0xF9 && buf[57 + 7] == 3 && buf[57 + 11] == 99, "days are encoded in order", NULL);
	cr_hex_encode(buf, len, hex);
	unit_ok(strlen(hex) == 2 * len && cr_hex_decode(hex, 2 * len, back) == 0 && memcmp(back, buf, len) == 0,
			"hex round trip", NULL);
	unit_ok(cr_hex_decode("0g", 2, back) == -1 && cr_hex_decode("abc", 3, back) == -1, "bad hex is refused", NULL);
	unit_ok(cr_rfm_decode_check(buf, len - 1, &need, NULL) == CR_RFM_BAD_INPUT &&
			cr_rfm_decode_check(buf, 10, &need, NULL) == CR_RFM_BAD_INPUT, "short input is refused", NULL);
	buf[0] = 3;
	unit_ok(cr_rfm_decode_check(buf, len, &need, NULL) == CR_RFM_BAD_INPUT, "unknown version is refused", NULL);
	buf[0] = 1;
	unit_ok(cr_rfm_decode_check(buf, len, &need, &why) == CR_RFM_BAD_INPUT, "version 1 (one-double totals) is refused", NULL);
	buf[0] = 2;
	memcpy(back, buf, len);
	back[57 + 7] = 0xF9;		/* second day becomes -7 + 256 * ...: make it equal to the first */
	back[57 + 4] = 0xFF;
	back[57 + 5] = 0xFF;
	back[57 + 6] = 0xFF;
	unit_ok(cr_rfm_decode_check(back, len, &need, &why) == CR_RFM_BAD_INPUT, "repeated days are refused", why);
	memcpy(back, buf, len);
	back[57 + 11] = 101;		/* after as_of = 100 */
	unit_ok(cr_rfm_decode_check(back, len, &need, &why) == CR_RFM_BAD_INPUT, "a day after as_of is refused", why);
	memcpy(back, buf, len);
	back[5] = 0x7f;				/* unit = NaN */
	back[6] = 0xf8;
	unit_ok(cr_rfm_decode_check(back, len, &need, &why) == CR_RFM_BAD_INPUT, "a NaN unit is refused", why);
	free(b.s);
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
	test_short();
	test_day_set();
	test_random_against_naive();
	test_encoding();
	test_segments();
	return unit_finish();
}
