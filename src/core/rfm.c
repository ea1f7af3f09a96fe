/*
 * rfm.c — RFM summary arithmetic: the distinct-day set, combining states, the final summary,
 * and the serialized form. Pure C11; see rfm.h for the definitions (Fader, Hardie & Lee 2005).
 */
#include "rfm.h"

#include <math.h>
#include <string.h>

int64_t
cr_floor_div64(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

double
cr_rfm_unit_days(int64_t usec, int32_t days, int32_t months)
{
	return (double) usec / 86400e6 + (double) days + 30.0 * (double) months;
}

int
cr_rfm_days_insert(int32_t *days, int32_t *n, int32_t cap, int32_t day)
{
	int32_t		lo,
				hi;

	/* In time order: append, or the same day again. */
	if (*n == 0 || day > days[*n - 1])
	{
		if (*n >= cap)
			return -1;
		days[(*n)++] = day;
		return 1;
	}
	if (day == days[*n - 1] || day == days[0])
		return 0;
	/* Binary search for the first element >= day. */
	lo = 0;
	hi = *n - 1;				/* days[hi] > day is known */
	while (lo < hi)
	{
		int32_t		mid = lo + (hi - lo) / 2;

		if (days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (days[lo] == day)
		return 0;
	if (*n >= cap)
		return -1;
	memmove(days + lo + 1, days + lo, sizeof(int32_t) * (size_t) (*n - lo));
	days[lo] = day;
	(*n)++;
	return 1;
}

int32_t
cr_rfm_days_union_count(const int32_t *a, int32_t na, const int32_t *b, int32_t nb)
{
	int32_t		i = 0,
				j = 0,
				u = 0;

	/* Disjoint ranges are the common case for states from different workers' pages. */
	if (na == 0 || nb == 0 || a[na - 1] < b[0] || b[nb - 1] < a[0])
		return na + nb;
	while (i < na && j < nb)
	{
		if (a[i] < b[j])
			i++;
		else if (b[j] < a[i])
			j++;
		else
		{
			i++;
			j++;
		}
		u++;
	}
	return u + (na - i) + (nb - j);
}

void
cr_rfm_days_merge_into(int32_t *a, int32_t na, const int32_t *b, int32_t nb, int32_t union_n)
{
	int32_t		i = na - 1,
				j = nb - 1,
				k = union_n - 1;

	while (j >= 0)
	{
		if (i >= 0 && a[i] > b[j])
			a[k--] = a[i--];
		else if (i >= 0 && a[i] == b[j])
		{
			a[k--] = a[i--];
			j--;
		}
		else
			a[k--] = b[j--];
	}
	/* a[0..i] are already in place (k == i here). */
}

void
cr_rfm_add_amount(CrRfmHeader *h, int32_t old_n_days, int32_t old_first, int32_t day,
				  double amount)
{
	h->n_transactions++;
	h->total_amount += amount;
	if (old_n_days == 0 || day < old_first)
		h->first_amount = amount;
	else if (day == old_first)
		h->first_amount += amount;
}

void
cr_rfm_combine_header(CrRfmHeader *dst, const CrRfmHeader *src, int32_t dst_first,
					  int32_t src_first, int32_t union_n)
{
	if (src->n_days > 0)
	{
		if (dst->n_days == 0 || src_first < dst_first)
			dst->first_amount = src->first_amount;
		else if (src_first == dst_first)
			dst->first_amount += src->first_amount;
	}
	dst->n_transactions += src->n_transactions;
	dst->total_amount += src->total_amount;
	dst->n_days = union_n;
}

int
cr_rfm_result(const CrRfmHeader *h, const int32_t *days, double unit_days, CrRfmResult *out)
{
	double		repeat_total;

	memset(out, 0, sizeof(*out));
	if (h->n_days <= 0)
		return CR_RFM_EMPTY;
	if (!isfinite(h->total_amount) || !isfinite(h->first_amount))
		return CR_RFM_OVERFLOW;
	out->first_day = days[0];
	out->last_day = days[h->n_days - 1];
	out->frequency = (int64_t) h->n_days - 1;
	out->recency = (double) ((int64_t) out->last_day - out->first_day) / unit_days;
	out->t = (double) ((int64_t) h->as_of_day - out->first_day) / unit_days;
	out->n_transactions = h->n_transactions;
	out->total_amount = h->total_amount;
	if (out->frequency > 0)
	{
		/* Mean of the per-day totals after the first day (FHL 2005 "zbar"). */
		repeat_total = h->total_amount - h->first_amount;
		out->monetary = repeat_total / (double) out->frequency;
	}
	if (!isfinite(out->monetary) || !isfinite(out->recency) || !isfinite(out->t))
		return CR_RFM_OVERFLOW;
	return CR_RFM_OK;
}

/* ---- serialized form ---- */

static uint8_t *
put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t) (v >> 24);
	p[1] = (uint8_t) (v >> 16);
	p[2] = (uint8_t) (v >> 8);
	p[3] = (uint8_t) v;
	return p + 4;
}

static uint8_t *
put_u64(uint8_t *p, uint64_t v)
{
	p = put_u32(p, (uint32_t) (v >> 32));
	return put_u32(p, (uint32_t) v);
}

static uint8_t *
put_f64(uint8_t *p, double d)
{
	uint64_t	v;

	memcpy(&v, &d, sizeof(v));
	return put_u64(p, v);
}

static uint32_t
get_u32(const uint8_t *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

static uint64_t
get_u64(const uint8_t *p)
{
	return ((uint64_t) get_u32(p) << 32) | get_u32(p + 4);
}

static double
get_f64(const uint8_t *p)
{
	uint64_t	v = get_u64(p);
	double		d;

	memcpy(&d, &v, sizeof(d));
	return d;
}

void
cr_rfm_encode(const CrRfmHeader *h, const int32_t *days, uint8_t *out)
{
	uint8_t    *p = out;
	int32_t		i;

	*p++ = CR_RFM_FORMAT_VERSION;
	p = put_u32(p, (uint32_t) h->as_of_day);
	p = put_u64(p, (uint64_t) h->as_of_raw);
	p = put_u64(p, (uint64_t) h->unit_usec);
	p = put_u32(p, (uint32_t) h->unit_days);
	p = put_u32(p, (uint32_t) h->unit_months);
	p = put_u64(p, (uint64_t) h->n_transactions);
	p = put_f64(p, h->total_amount);
	p = put_f64(p, h->first_amount);
	p = put_u32(p, (uint32_t) h->n_days);
	for (i = 0; i < h->n_days; i++)
		p = put_u32(p, (uint32_t) days[i]);
}

static int
bad(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return CR_RFM_BAD_INPUT;
}

int
cr_rfm_decode(const uint8_t *buf, size_t len, CrRfmHeader *h, int32_t *days, const char **why)
{
	const uint8_t *p = buf;
	int64_t		n_days;
	int32_t		i;

	if (len < CR_RFM_HEADER_BYTES)
		return bad(why, "The value is shorter than its header");
	if (*p != CR_RFM_FORMAT_VERSION)
		return bad(why, "Unknown format version");
	p++;
	h->as_of_day = (int32_t) get_u32(p);
	p += 4;
	h->as_of_raw = (int64_t) get_u64(p);
	p += 8;
	h->unit_usec = (int64_t) get_u64(p);
	p += 8;
	h->unit_days = (int32_t) get_u32(p);
	p += 4;
	h->unit_months = (int32_t) get_u32(p);
	p += 4;
	h->n_transactions = (int64_t) get_u64(p);
	p += 8;
	h->total_amount = get_f64(p);
	p += 8;
	h->first_amount = get_f64(p);
	p += 8;
	n_days = (int32_t) get_u32(p);
	p += 4;
	h->n_days = (int32_t) n_days;

	if (n_days < 0 || (size_t) n_days > (len - CR_RFM_HEADER_BYTES) / 4 ||
		len != CR_RFM_ENCODED_SIZE(n_days))
		return bad(why, "The length does not match the number of days");
	if (h->as_of_day < CR_RFM_MIN_DAY || h->as_of_day > CR_RFM_MAX_DAY)
		return bad(why, "The as_of day is out of range");
	if (!(cr_rfm_unit_days(h->unit_usec, h->unit_days, h->unit_months) > 0))
		return bad(why, "The unit is not positive");
	if (h->n_transactions < n_days)
		return bad(why, "It has fewer transactions than purchase days");
	if (!isfinite(h->total_amount) || !isfinite(h->first_amount))
		return bad(why, "A total is not finite");
	if (n_days == 0 && (h->n_transactions != 0 || h->total_amount != 0 || h->first_amount != 0))
		return bad(why, "It has transactions but no purchase day");
	if (days == NULL)
		return CR_RFM_OK;
	for (i = 0; i < n_days; i++)
	{
		days[i] = (int32_t) get_u32(p + 4 * (size_t) i);
		if (days[i] < CR_RFM_MIN_DAY || days[i] > h->as_of_day)
			return bad(why, "A purchase day is out of range or after as_of");
		if (i > 0 && days[i] <= days[i - 1])
			return bad(why, "The purchase days are not strictly increasing");
	}
	return CR_RFM_OK;
}

void
cr_hex_encode(const uint8_t *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t		i;

	for (i = 0; i < len; i++)
	{
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
cr_hex_decode(const char *in, size_t hexlen, uint8_t *out)
{
	size_t		i;

	if (hexlen % 2 != 0)
		return -1;
	for (i = 0; i < hexlen / 2; i++)
	{
		int			hi = hex_value(in[2 * i]),
					lo = hex_value(in[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t) (hi * 16 + lo);
	}
	return 0;
}
