/*
 * libFuzzer harness of src/core/rfm.c: the decoder of serialized rfm_state values (what
 * rfm_state_in/recv trust) must refuse or accept any bytes without reading out of bounds, and
 * what it accepts must re-encode to the same bytes and summarise without NaN. The second half
 * of the input drives inserts and merges of day sets, checked against their invariants.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rfm.h"
#include "rfm_segment.h"

#define MAXD 512

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_sorted(const int32_t *d, int32_t n)
{
	int32_t		i;

	for (i = 1; i < n; i++)
		if (d[i] <= d[i - 1])
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CrRfmHeader h;
	CrRfmResult r;
	const char *why = NULL;
	int32_t    *days;
	size_t		i;

	/* 1. the decoder */
	if (cr_rfm_decode(data, size, &h, NULL, &why) == CR_RFM_OK)
	{
		days = malloc(sizeof(int32_t) * ((size_t) h.n_days + 1));
		if (cr_rfm_decode(data, size, &h, days, &why) == CR_RFM_OK)
		{
			uint8_t    *again = malloc(CR_RFM_ENCODED_SIZE(h.n_days));

			cr_rfm_encode(&h, days, again);
			if (memcmp(again, data, size) != 0)
				abort();
			free(again);
			check_sorted(days, h.n_days);
			if (cr_rfm_result(&h, days, cr_rfm_unit_days(h.unit_usec, h.unit_days, h.unit_months), &r) == CR_RFM_OK &&
				(isnan(r.recency) || isnan(r.t) || isnan(r.monetary) || r.frequency < 0))
				abort();
		}
		free(days);
	}

	/* 2. day sets: bytes as days into two sets, merged */
	{
		int32_t		a[2 * MAXD],
					b[MAXD];
		int32_t		na = 0,
					nb = 0,
					u;

		for (i = 0; i + 1 < size && i < 2 * MAXD; i += 2)
		{
			int32_t		day = (int32_t) (int8_t) data[i] * 3 + data[i + 1] % 3;

			if (data[i + 1] & 0x80)
				(void) cr_rfm_days_insert(a, &na, MAXD, day);
			else
				(void) cr_rfm_days_insert(b, &nb, MAXD, day);
		}
		check_sorted(a, na);
		check_sorted(b, nb);
		u = cr_rfm_days_union_count(a, na, b, nb);
		if (u < na || u < nb || u > na + nb)
			abort();
		cr_rfm_days_merge_into(a, na, b, nb, u);
		check_sorted(a, u);
	}

	/* 3. segments never fail inside the scale */
	if (size >= 3 && cr_rfm_segment(1 + data[0] % 5, 1 + data[1] % 5, 1 + data[2] % 5) < 0)
		abort();
	return 0;
}
