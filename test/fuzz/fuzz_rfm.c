/*
 * libFuzzer harness of src/core/rfm.c.
 *  1. The decoder of serialized rfm_state values (what rfm_state_in/recv trust) must refuse or
 *     accept any bytes without reading out of bounds; what it accepts must re-encode to the
 *     same bytes and summarise without NaN.
 *  2. The input as transactions (day, amount) added to two states in either representation,
 *     resized as src/rfm.c does, then combined: the summary must equal a naive computation.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rfm.h"
#include "rfm_segment.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct
{
	CrRfmState *s;
	size_t		size;
} Box;

static int64_t
cap_of(const Box *b)
{
	return cr_rfm_capacity(b->s, b->size);
}

static void
resize(Box *b, const CrRfmSpace *need)
{
	size_t		size = CR_RFM_STATE_SIZE(need->kind, need->capacity);
	CrRfmState *t = calloc(1, size);

	t->kind = need->kind;
	cr_rfm_copy(t, need->kind, need->capacity, b->s, cap_of(b));
	free(b->s);
	b->s = t;
	b->size = size;
}

static void
add(Box *b, int32_t day, double amount)
{
	CrRfmSpace	need;

	if (cr_rfm_add(b->s, cap_of(b), day, amount, &need) == CR_RFM_NEED_SPACE)
	{
		resize(b, &need);
		if (cr_rfm_add(b->s, cap_of(b), day, amount, &need) != CR_RFM_OK)
			abort();
	}
}

static void
decoder(const uint8_t *data, size_t size)
{
	CrRfmSpace	need;
	CrRfmResult r;
	Box			b;

	if (cr_rfm_decode_check(data, size, &need, NULL) != CR_RFM_OK)
		return;
	b.size = CR_RFM_STATE_SIZE(need.kind, need.capacity);
	b.s = calloc(1, b.size);
	b.s->kind = need.kind;
	cr_rfm_decode(data, size, b.s, need.kind, need.capacity);
	{
		size_t		len = CR_RFM_ENCODED_SIZE(cr_rfm_n_days(b.s, cap_of(&b)));
		uint8_t    *again = malloc(len);

		cr_rfm_encode(b.s, cap_of(&b), again);
		if (len != size || memcmp(again, data, size) != 0)
			abort();
		free(again);
	}
	if (cr_rfm_result(b.s, cap_of(&b), &r) == CR_RFM_OK &&
		(isnan(r.recency) || isnan(r.t) || isnan(r.monetary) || r.frequency < 0 ||
		 r.first_day > r.last_day))
		abort();
	free(b.s);
}

static int
cmp_i32(const void *a, const void *b)
{
	int32_t		x = *(const int32_t *) a,
				y = *(const int32_t *) b;

	return (x > y) - (x < y);
}

static void
transactions(const uint8_t *data, size_t size)
{
	Box			part[2];
	int32_t		as_of,
				scale,
				days[1024];
	double		amounts[1024];
	int			n = 0,
				i,
				k,
				distinct = 0,
				counted = 0;
	double		total = 0,
				first_total = 0;
	int32_t		first = INT32_MAX,
				last = INT32_MIN;
	CrRfmResult r;
	CrRfmSpace	need;

	if (size < 4)
		return;
	as_of = (int32_t) (int16_t) (data[0] | data[1] << 8) * 7;
	scale = 1 + data[2] % 64;	/* up to 64-day steps: spans of years and of centuries */
	for (k = 0; k < 2; k++)
	{
		part[k].size = CR_RFM_STATE_SIZE(CR_RFM_SHORT, CR_RFM_SHORT_DAYS);
		part[k].s = calloc(1, part[k].size);
		cr_rfm_init(part[k].s, CR_RFM_SHORT, CR_RFM_SHORT_DAYS, as_of, 7);
	}
	for (i = 3; i + 2 < (int) size && n < 1024; i += 3)
	{
		int32_t		day = as_of + 64 - (int32_t) (((data[i] | data[i + 1] << 8) & 0x7fff)) * scale / 8;
		double		amount = (double) (data[i + 2] & 0x7f);

		add(&part[data[i + 2] >> 7], day, amount);
		days[n] = day;
		amounts[n++] = amount;
	}
	if (cr_rfm_combine(part[0].s, cap_of(&part[0]), part[1].s, cap_of(&part[1]), &need) == CR_RFM_NEED_SPACE)
	{
		resize(&part[0], &need);
		if (cr_rfm_combine(part[0].s, cap_of(&part[0]), part[1].s, cap_of(&part[1]), &need) != CR_RFM_OK)
			abort();
	}
	/* naive */
	for (i = 0; i < n; i++)
		if (days[i] <= as_of)
		{
			counted++;
			total += amounts[i];
			if (days[i] < first)
				first = days[i];
			if (days[i] > last)
				last = days[i];
		}
	for (i = 0; i < n; i++)
		if (days[i] == first)
			first_total += amounts[i];
	qsort(days, (size_t) n, sizeof(int32_t), cmp_i32);
	for (i = 0; i < n; i++)
		if (days[i] <= as_of && (i == 0 || days[i] != days[i - 1]))
			distinct++;
	k = cr_rfm_result(part[0].s, cap_of(&part[0]), &r);
	if (counted == 0 ? k != CR_RFM_EMPTY :
		(k != CR_RFM_OK || r.frequency != distinct - 1 || r.first_day != first || r.last_day != last ||
		 r.n_transactions != counted || r.total_amount != total ||
		 (distinct > 1 && fabs(r.monetary - (total - first_total) / (distinct - 1)) > 1e-9)))
		abort();
	free(part[0].s);
	free(part[1].s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	decoder(data, size);
	transactions(data, size);
	/* segments never fail inside the scale */
	if (size >= 3 && cr_rfm_segment(1 + data[0] % 5, 1 + data[1] % 5, 1 + data[2] % 5) < 0)
		abort();
	return 0;
}
