/*
 * rfm.c — RFM summary arithmetic: the distinct-day set (bitmap or sorted array), combining
 * states, the final summary, and the serialized form. Pure C11; see rfm.h for the
 * definitions (Fader, Hardie & Lee 2005) and the state layout.
 */
#include "rfm.h"
#include "runtime.h"

#include "exact_sum.h"

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

_Static_assert(sizeof(CrRfmState) == CR_RFM_HEADER_SIZE, "the state header is 64 bytes");

/* The body after the 64-byte header (reached through char *, so the two views do not alias). */
#define WORDS(s) ((uint64_t *) ((char *) (s) + CR_RFM_HEADER_SIZE))
#define CWORDS(s) ((const uint64_t *) ((const char *) (s) + CR_RFM_HEADER_SIZE))
#define DAYS(s) ((int32_t *) ((char *) (s) + CR_RFM_HEADER_SIZE))
#define CDAYS(s) ((const int32_t *) ((const char *) (s) + CR_RFM_HEADER_SIZE))
#define SHORTS(s) ((uint16_t *) ((char *) (s) + CR_RFM_HEADER_SIZE))
#define CSHORTS(s) ((const uint16_t *) ((const char *) (s) + CR_RFM_HEADER_SIZE))

/* ---- bitmap geometry: the last word holds as_of's day ---- */

static int64_t
top_base(int32_t as_of_day)
{
	return cr_floor_div64(as_of_day, 64) * 64;
}

/* The day of bit 0 of word 0. */
static int64_t
bitmap_base(int32_t as_of_day, int64_t words)
{
	return top_base(as_of_day) - 64 * (words - 1);
}

/* Words a bitmap needs so that day (<= as_of_day) is in it. */
static int64_t
words_to_cover(int32_t as_of_day, int32_t day)
{
	return (top_base(as_of_day) - cr_floor_div64(day, 64) * 64) / 64 + 1;
}

/* ---- SHORT geometry: slot value v is the day short_base + v ---- */

static int64_t
short_base(int32_t as_of_day)
{
	return (int64_t) as_of_day - UINT16_MAX;
}

/* The day in slot j of a SHORT state. */
static int32_t
short_day(const CrRfmState *s, int64_t j)
{
	return (int32_t) (short_base(s->as_of_day) + CSHORTS(s)[j]);
}

/* Makes n sorted days (none before short_base, at most the capacity) s's SHORT set. */
static void
short_store(CrRfmState *s, const int32_t *days, int64_t n)
{
	int64_t		j;

	for (j = 0; j < n; j++)
		SHORTS(s)[j] = (uint16_t) (days[j] - short_base(s->as_of_day));
	s->aux = (int32_t) n;
}

static int
popcount64(uint64_t x)
{
	x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
	x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
	x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
	return (int) ((x * UINT64_C(0x0101010101010101)) >> 56);
}

/* Index of the lowest set bit of x != 0. */
static int
lowest_bit(uint64_t x)
{
	return popcount64((x & (~x + 1)) - 1);
}

static int
highest_bit(uint64_t x)
{
	int			b = 63;

	while (!(x >> b))
		b--;
	return b;
}

/*
 * The days of a BITMAP state in ascending order: bitmap_days_start, then bitmap_next_day until
 * it returns 0. Answers a cancel every 4096 words (a bitmap may span millennia).
 */
typedef struct BitmapDays
{
	const uint64_t *words;
	int64_t		n_words;
	int64_t		j;				/* the word being read */
	uint64_t	rest;			/* its bits not yet returned */
	int64_t		base;			/* the day of bit 0 of word 0 */
} BitmapDays;

static void
bitmap_days_start(BitmapDays *it, const CrRfmState *s, int64_t capacity)
{
	it->words = CWORDS(s);
	it->n_words = capacity;
	it->j = 0;
	it->rest = capacity > 0 ? it->words[0] : 0;
	it->base = bitmap_base(s->as_of_day, capacity);
}

static int
bitmap_next_day(BitmapDays *it, int32_t *day)
{
	while (it->rest == 0)
	{
		if (++it->j >= it->n_words)
			return 0;
		if (CR_EVERY(it->j, 4096))
			cr_check_interrupts();
		it->rest = it->words[it->j];
	}
	*day = (int32_t) (it->base + 64 * it->j + lowest_bit(it->rest));
	it->rest &= it->rest - 1;
	return 1;
}

/*
 * The capacity that fills the power-of-two allocation (at least 128 bytes) holding min_cap:
 * small allocations are rounded up to a power of two anyway, so the slack is free.
 */
static int64_t
fill_chunk(int32_t kind, int64_t min_cap)
{
	int64_t		unit = CR_RFM_UNIT_SIZE(kind);
	int64_t		bytes = 128;

	while (bytes < CR_RFM_HEADER_SIZE + unit * min_cap)
		bytes *= 2;
	return (bytes - CR_RFM_HEADER_SIZE) / unit;
}

/*
 * The representation for n_days days reaching back to first_day (rfm.h): SHORT when they fit
 * one, else a bitmap unless it would be over 256 bytes and more than 8 times the size of the
 * array.
 */
static CrRfmSpace
choose_space(int32_t as_of_day, int32_t first_day, int64_t n_days)
{
	int64_t		words = words_to_cover(as_of_day, first_day);
	CrRfmSpace	sp;

	if (n_days <= CR_RFM_SHORT_DAYS && first_day >= short_base(as_of_day))
	{
		sp.kind = CR_RFM_SHORT;
		sp.capacity = CR_RFM_SHORT_DAYS;
	}
	else if (8 * words <= 256 || 8 * words <= 8 * 4 * n_days)
	{
		sp.kind = CR_RFM_BITMAP;
		sp.capacity = fill_chunk(CR_RFM_BITMAP, words);
	}
	else
	{
		sp.kind = CR_RFM_ARRAY;
		sp.capacity = fill_chunk(CR_RFM_ARRAY, n_days);
	}
	return sp;
}

static void
set_day(CrRfmState *s, int64_t capacity, int32_t day)
{
	int64_t		idx = (int64_t) day - bitmap_base(s->as_of_day, capacity);

	WORDS(s)[idx >> 6] |= UINT64_C(1) << (idx & 63);
}

static int32_t
first_day_of(const CrRfmState *s)
{
	if (s->kind == CR_RFM_BITMAP)
		return s->aux;
	if (s->kind == CR_RFM_SHORT)
		return short_day(s, 0);
	return CDAYS(s)[0];
}

/*
 * The sorted days of a state: an ARRAY's own, the others' written into buf, which must hold
 * cr_rfm_n_days of them (CR_RFM_SHORT_DAYS for a SHORT state).
 */
static const int32_t *
days_of(const CrRfmState *s, int64_t capacity, int32_t *buf)
{
	BitmapDays	it;
	int64_t		n = 0;
	int32_t		day;

	if (s->kind == CR_RFM_ARRAY)
		return CDAYS(s);
	if (s->kind == CR_RFM_SHORT)
	{
		for (n = 0; n < s->aux; n++)
			buf[n] = short_day(s, n);
		return buf;
	}
	bitmap_days_start(&it, s, capacity);
	while (bitmap_next_day(&it, &day))
		buf[n++] = day;
	return buf;
}

/*
 * Adds offset x to a SHORT state's sorted distinct offsets v[0..*n): 1 when inserted, 0 when it
 * was there, -1 when the state is full (*n == cap). A linear search from the back: there are at most 32,
 * in one or two cache lines.
 */
static int
short_insert(uint16_t *v, int32_t *n, int64_t cap, uint16_t x)
{
	int32_t		i = *n;

	while (i > 0 && v[i - 1] > x)
		i--;
	if (i > 0 && v[i - 1] == x)
		return 0;
	if (*n >= cap)
		return -1;
	memmove(v + i + 1, v + i, sizeof(uint16_t) * (size_t) (*n - i));
	v[i] = x;
	(*n)++;
	return 1;
}

void
cr_rfm_init(CrRfmState *s, int32_t kind, int64_t capacity, int32_t as_of_day, double unit_days)
{
	s->as_of_day = as_of_day;
	s->kind = kind;
	s->aux = 0;
	s->n_transactions = 0;
	cr_xsum_zero(s->total);
	cr_xsum_zero(s->first);
	s->unit_days = unit_days;
	memset(WORDS(s), 0, CR_RFM_UNIT_SIZE(kind) * (size_t) capacity);
}

int64_t
cr_rfm_capacity(const CrRfmState *s, size_t size)
{
	return (int64_t) (size - CR_RFM_HEADER_SIZE) / CR_RFM_UNIT_SIZE(s->kind);
}

int64_t
cr_rfm_n_days(const CrRfmState *s, int64_t capacity)
{
	int64_t		n = 0,
				j;

	if (s->kind != CR_RFM_BITMAP)
		return s->aux;
	for (j = 0; j < capacity; j++)
		n += popcount64(CWORDS(s)[j]);
	return n;
}

/* Keeps first_amount the total of the first day when a day with amount joins. */
static void
account(CrRfmState *s, int32_t old_first, int32_t day, double amount)
{
	if (s->n_transactions == 0 || day < old_first)
	{
		s->first[0] = amount;
		s->first[1] = 0;
	}
	else if (day == old_first)
		cr_xsum_add(s->first, amount);
	s->n_transactions++;
	cr_xsum_add(s->total, amount);
}

int
cr_rfm_add(CrRfmState *s, int64_t capacity, int32_t day, double amount, CrRfmSpace *need)
{
	int32_t		old_first;

	if (day > s->as_of_day)
		return CR_RFM_OK;		/* after the observation period */
	if (s->kind == CR_RFM_BITMAP)
	{
		int64_t		idx = (int64_t) day - bitmap_base(s->as_of_day, capacity);

		if (idx < 0)
		{
			*need = choose_space(s->as_of_day, day, cr_rfm_n_days(s, capacity) + 1);
			return CR_RFM_NEED_SPACE;
		}
		WORDS(s)[idx >> 6] |= UINT64_C(1) << (idx & 63);
		old_first = s->aux;
		if (s->n_transactions == 0 || day < old_first)
			s->aux = day;
	}
	else if (s->kind == CR_RFM_SHORT)
	{
		int64_t		base = short_base(s->as_of_day);
		int32_t		n = s->aux;

		old_first = n > 0 ? short_day(s, 0) : day;
		if (day < base || short_insert(SHORTS(s), &n, capacity, (uint16_t) (day - base)) < 0)
		{
			/* a bitmap or an ARRAY: SHORT holds neither a 33rd day nor one before base */
			*need = choose_space(s->as_of_day, day < old_first ? day : old_first, (int64_t) n + 1);
			return CR_RFM_NEED_SPACE;
		}
		s->aux = n;
	}
	else
	{
		int32_t    *days = DAYS(s);
		int32_t		n = s->aux;

		old_first = n > 0 ? days[0] : day;
		if (cr_rfm_days_insert(days, &n, capacity, day) < 0)
		{
			/* Full: twice the room, or a bitmap if the days have become dense. */
			*need = choose_space(s->as_of_day, day < old_first ? day : old_first, (int64_t) n + 1);
			if (need->kind == CR_RFM_ARRAY)
				need->capacity = fill_chunk(CR_RFM_ARRAY, 2 * (int64_t) n + 1);
			return CR_RFM_NEED_SPACE;
		}
		s->aux = n;
	}
	account(s, old_first, day, amount);
	return CR_RFM_OK;
}

void
cr_rfm_copy(CrRfmState *dst, int32_t kind, int64_t capacity, const CrRfmState *src,
			int64_t src_capacity)
{
	int64_t		j;

	dst->as_of_day = src->as_of_day;
	dst->kind = kind;
	dst->n_transactions = src->n_transactions;
	memcpy(dst->total, src->total, sizeof(dst->total));
	memcpy(dst->first, src->first, sizeof(dst->first));
	dst->unit_days = src->unit_days;
	if (kind == CR_RFM_BITMAP)
	{
		memset(WORDS(dst), 0, 8 * (size_t) capacity);
		if (src->kind == CR_RFM_BITMAP)
		{
			/* Both end at as_of's word: align from the top. */
			for (j = 0; j < src_capacity; j++)
				if (CWORDS(src)[j] != 0 && j + capacity - src_capacity >= 0)	/* always, see above */
					WORDS(dst)[j + capacity - src_capacity] = CWORDS(src)[j];
			dst->aux = src->aux;
		}
		else
		{
			int32_t		buf[CR_RFM_SHORT_DAYS];
			const int32_t *days = days_of(src, src_capacity, buf);

			for (j = 0; j < src->aux; j++)
				set_day(dst, capacity, days[j]);
			dst->aux = src->aux > 0 ? days[0] : 0;
		}
	}
	else if (kind == CR_RFM_ARRAY)
	{
		const int32_t *days = days_of(src, src_capacity, DAYS(dst));
		int64_t		n = cr_rfm_n_days(src, src_capacity);

		if (days != DAYS(dst))
			memcpy(DAYS(dst), days, 4 * (size_t) n);
		dst->aux = (int32_t) n;
	}
	else
	{
		/* SHORT: the caller's *need says src has at most CR_RFM_SHORT_DAYS days, none before base */
		int32_t		buf[CR_RFM_SHORT_DAYS];

		short_store(dst, days_of(src, src_capacity, buf), cr_rfm_n_days(src, src_capacity));
	}
}

/*
 * Adds b's days to the SHORT state a, or says in *need what to copy a into first. The union
 * decides, not the two counts: a parallel plan's partial states of one customer share days, and
 * the combined state should come out as the serial plan builds it.
 */
static int
short_union(CrRfmState *a, int64_t a_capacity, const CrRfmState *b, int64_t b_capacity,
			CrRfmSpace *need)
{
	int64_t		nb = cr_rfm_n_days(b, b_capacity),
				u = (int64_t) a->aux + nb;	/* the union's count, once known */
	int32_t		b_first = first_day_of(b),
				lowest = (a->aux > 0 && short_day(a, 0) < b_first) ? short_day(a, 0) : b_first;

	if (nb <= CR_RFM_SHORT_DAYS && (int64_t) lowest >= short_base(a->as_of_day))
	{
		int32_t		a_buf[CR_RFM_SHORT_DAYS],
					b_buf[CR_RFM_SHORT_DAYS];
		const int32_t *bd = days_of(b, b_capacity, b_buf);

		(void) days_of(a, a_capacity, a_buf);
		u = cr_rfm_days_union_count(a_buf, a->aux, bd, nb);
		if (u <= CR_RFM_SHORT_DAYS)
		{
			cr_rfm_days_merge_into(a_buf, a->aux, bd, nb, u);
			short_store(a, a_buf, u);
			return CR_RFM_OK;
		}
	}
	/*
	 * A bitmap or an ARRAY, chosen for the days there will be; an ARRAY takes b's days in room
	 * for both counts (the branch below checks that before it merges)
	 */
	*need = choose_space(a->as_of_day, lowest, u);
	if (need->kind == CR_RFM_ARRAY)
		need->capacity = fill_chunk(CR_RFM_ARRAY, (int64_t) a->aux + nb);
	return CR_RFM_NEED_SPACE;
}

int
cr_rfm_combine(CrRfmState *a, int64_t a_capacity, const CrRfmState *b, int64_t b_capacity,
			   CrRfmSpace *need)
{
	int32_t		a_first,
				b_first;
	int64_t		j;

	if (b->n_transactions == 0)
		return CR_RFM_OK;
	b_first = first_day_of(b);
	a_first = a->n_transactions > 0 ? first_day_of(a) : b_first;

	if (a->kind == CR_RFM_BITMAP)
	{
		if ((int64_t) b_first < bitmap_base(a->as_of_day, a_capacity))
		{
			*need = choose_space(a->as_of_day, b_first,
								 cr_rfm_n_days(a, a_capacity) + cr_rfm_n_days(b, b_capacity));
			return CR_RFM_NEED_SPACE;
		}
		if (b->kind == CR_RFM_BITMAP)
		{
			for (j = 0; j < b_capacity; j++)
				if (CWORDS(b)[j] != 0 && j + a_capacity - b_capacity >= 0)	/* b_first >= base */
					WORDS(a)[j + a_capacity - b_capacity] |= CWORDS(b)[j];
		}
		else
		{
			int32_t		buf[CR_RFM_SHORT_DAYS];
			const int32_t *days = days_of(b, b_capacity, buf);

			for (j = 0; j < b->aux; j++)
				set_day(a, a_capacity, days[j]);
		}
		a->aux = (a->n_transactions == 0 || b_first < a_first) ? b_first : a_first;
	}
	else if (a->kind == CR_RFM_SHORT)
	{
		if (short_union(a, a_capacity, b, b_capacity, need) != CR_RFM_OK)
			return CR_RFM_NEED_SPACE;
	}
	else
	{
		int64_t		nb = cr_rfm_n_days(b, b_capacity);
		int32_t		lowest = b_first < a_first ? b_first : a_first;
		int32_t		b_buf[CR_RFM_SHORT_DAYS];

		if ((int64_t) a->aux + nb > a_capacity)
		{
			*need = choose_space(a->as_of_day, lowest, (int64_t) a->aux + nb);
			return CR_RFM_NEED_SPACE;
		}
		if (b->kind != CR_RFM_BITMAP)
		{
			int32_t    *days = DAYS(a);
			const int32_t *bd = days_of(b, b_capacity, b_buf);
			int64_t		u = cr_rfm_days_union_count(days, a->aux, bd, b->aux);

			cr_rfm_days_merge_into(days, a->aux, bd, b->aux, u);
			a->aux = (int32_t) u;
		}
		else
		{
			BitmapDays	it;
			int32_t		n = a->aux,
						day;

			bitmap_days_start(&it, b, b_capacity);
			while (bitmap_next_day(&it, &day))
				(void) cr_rfm_days_insert(DAYS(a), &n, a_capacity, day);
			a->aux = n;
		}
	}

	if (a->n_transactions == 0 || b_first < a_first)
		memcpy(a->first, b->first, sizeof(a->first));
	else if (b_first == a_first)
		cr_xsum_add_sum(a->first, b->first);
	a->n_transactions += b->n_transactions;
	cr_xsum_add_sum(a->total, b->total);
	return CR_RFM_OK;
}

int
cr_rfm_result(const CrRfmState *s, int64_t capacity, CrRfmResult *out)
{
	int64_t		n_days;

	memset(out, 0, sizeof(*out));
	if (s->n_transactions <= 0)
		return CR_RFM_EMPTY;
	if (!isfinite(cr_xsum_value(s->total)) || !isfinite(cr_xsum_value(s->first)))
		return CR_RFM_OVERFLOW;
	n_days = cr_rfm_n_days(s, capacity);
	if (n_days <= 0)
		return CR_RFM_EMPTY;	/* cannot happen for a state built by this file */
	if (s->kind == CR_RFM_BITMAP)
	{
		int64_t		j = capacity - 1;

		while (CWORDS(s)[j] == 0)
			j--;
		out->first_day = s->aux;
		out->last_day = (int32_t) (bitmap_base(s->as_of_day, capacity) + 64 * j +
								   highest_bit(CWORDS(s)[j]));
	}
	else
	{
		int32_t		buf[CR_RFM_SHORT_DAYS];
		const int32_t *days = days_of(s, capacity, buf);

		out->first_day = days[0];
		out->last_day = days[n_days - 1];
	}
	out->frequency = n_days - 1;
	out->recency = (double) ((int64_t) out->last_day - out->first_day) / s->unit_days;
	out->t = (double) ((int64_t) s->as_of_day - out->first_day) / s->unit_days;
	out->n_transactions = s->n_transactions;
	out->total_amount = cr_xsum_value(s->total);
	/* Mean of the per-day totals after the first day (FHL 2005 "zbar"); the difference exact. */
	if (out->frequency > 0)
		out->monetary = cr_xsum_diff(s->total, s->first) / (double) out->frequency;
	if (!isfinite(out->monetary) || !isfinite(out->recency) || !isfinite(out->t))
		return CR_RFM_OVERFLOW;
	return CR_RFM_OK;
}

/* ---- sorted distinct day arrays ---- */

int
cr_rfm_days_insert(int32_t *days, int32_t *n, int64_t cap, int32_t day)
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
	/* Binary search for the first element >= day (days[*n - 1] > day is known). */
	lo = 0;
	hi = *n - 1;
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

int64_t
cr_rfm_days_union_count(const int32_t *a, int64_t na, const int32_t *b, int64_t nb)
{
	int64_t		i = 0,
				j = 0,
				u = 0;

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
cr_rfm_days_merge_into(int32_t *a, int64_t na, const int32_t *b, int64_t nb, int64_t union_n)
{
	int64_t		i = na - 1,
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
cr_rfm_encode(const CrRfmState *s, int64_t capacity, uint8_t *out)
{
	uint8_t    *p = out;
	int64_t		j;

	*p++ = CR_RFM_FORMAT_VERSION;
	p = put_u32(p, (uint32_t) s->as_of_day);
	p = put_f64(p, s->unit_days);
	p = put_u64(p, (uint64_t) s->n_transactions);
	p = put_f64(p, s->total[0]);
	p = put_f64(p, s->total[1]);
	p = put_f64(p, s->first[0]);
	p = put_f64(p, s->first[1]);
	p = put_u32(p, (uint32_t) cr_rfm_n_days(s, capacity));
	if (s->kind != CR_RFM_BITMAP)
	{
		int32_t		buf[CR_RFM_SHORT_DAYS];
		const int32_t *days = days_of(s, capacity, buf);

		for (j = 0; j < s->aux; j++)
			p = put_u32(p, (uint32_t) days[j]);
	}
	else
	{
		BitmapDays	it;
		int32_t		day;

		bitmap_days_start(&it, s, capacity);
		while (bitmap_next_day(&it, &day))
			p = put_u32(p, (uint32_t) day);
	}
}

static int
bad(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return CR_RFM_BAD_INPUT;
}

#define ENC_N_DAYS_AT 53

int
cr_rfm_decode_check(const uint8_t *buf, size_t len, CrRfmSpace *need, const char **why)
{
	int32_t		as_of_day;
	double		unit_days,
				total[2],
				first_amount[2];
	int64_t		n_tx,
				n_days,
				i;
	int32_t		prev = 0;

	if (len >= 41 && buf[0] == 1)	/* the header of format 1 */
		return bad(why, "It is in format 1, written by an earlier version of customer_rel before the totals were exact; recompute it with rfm_summary_state");
	if (len < CR_RFM_ENCODED_HEADER)
		return bad(why, "The value is shorter than its header");
	if (buf[0] != CR_RFM_FORMAT_VERSION)
		return bad(why, "Unknown format version");
	as_of_day = (int32_t) get_u32(buf + 1);
	unit_days = get_f64(buf + 5);
	n_tx = (int64_t) get_u64(buf + 13);
	total[0] = get_f64(buf + 21);
	total[1] = get_f64(buf + 29);
	first_amount[0] = get_f64(buf + 37);
	first_amount[1] = get_f64(buf + 45);
	n_days = (int32_t) get_u32(buf + ENC_N_DAYS_AT);

	if (n_days < 0 || (size_t) n_days > (len - CR_RFM_ENCODED_HEADER) / 4 ||
		len != CR_RFM_ENCODED_SIZE(n_days))
		return bad(why, "The length does not match the number of days");
	if (as_of_day < CR_RFM_MIN_DAY || as_of_day > CR_RFM_MAX_DAY)
		return bad(why, "The as_of day is out of range");
	if (!isfinite(unit_days) || !(unit_days > 0))
		return bad(why, "The unit is not a positive number of days");
	if (n_tx < n_days)
		return bad(why, "It has fewer transactions than purchase days");
	if (!cr_xsum_is_normal(total) || !cr_xsum_is_normal(first_amount))
		return bad(why, "A total is not finite or not a normalised (hi, lo) pair");
	if ((n_days == 0) != (n_tx == 0))
		return bad(why, "It has transactions but no purchase day");
	if (n_days == 0 && (total[0] != 0 || first_amount[0] != 0))
		return bad(why, "It has amounts but no purchase day");
	for (i = 0; i < n_days; i++)
	{
		int32_t		day = (int32_t) get_u32(buf + CR_RFM_ENCODED_HEADER + 4 * (size_t) i);

		if (CR_EVERY(i, 65536))
			cr_check_interrupts();
		if (day < CR_RFM_MIN_DAY || day > as_of_day)
			return bad(why, "A purchase day is out of range or after as_of");
		if (i > 0 && day <= prev)
			return bad(why, "The purchase days are not strictly increasing");
		prev = day;
	}
	if (n_days == 0)
	{
		need->kind = CR_RFM_SHORT;
		need->capacity = CR_RFM_SHORT_DAYS;
	}
	else
		*need = choose_space(as_of_day, (int32_t) get_u32(buf + CR_RFM_ENCODED_HEADER), n_days);
	return CR_RFM_OK;
}

void
cr_rfm_decode(const uint8_t *buf, size_t len, CrRfmState *s, int32_t kind, int64_t capacity)
{
	int64_t		n_days = (int32_t) get_u32(buf + ENC_N_DAYS_AT),
				i;

	(void) len;
	cr_rfm_init(s, kind, capacity, (int32_t) get_u32(buf + 1), get_f64(buf + 5));
	s->n_transactions = (int64_t) get_u64(buf + 13);
	s->total[0] = get_f64(buf + 21);
	s->total[1] = get_f64(buf + 29);
	s->first[0] = get_f64(buf + 37);
	s->first[1] = get_f64(buf + 45);
	for (i = 0; i < n_days; i++)
	{
		int32_t		day = (int32_t) get_u32(buf + CR_RFM_ENCODED_HEADER + 4 * (size_t) i);

		if (CR_EVERY(i, 65536))
			cr_check_interrupts();
		if (kind == CR_RFM_BITMAP)
			set_day(s, capacity, day);
		else if (kind == CR_RFM_SHORT)
			(SHORTS(s))[i] = (uint16_t) (day - short_base(s->as_of_day));
		else
			(DAYS(s))[i] = day;
	}
	if (kind == CR_RFM_BITMAP)
		s->aux = n_days > 0 ? (int32_t) get_u32(buf + CR_RFM_ENCODED_HEADER) : 0;
	else
		s->aux = (int32_t) n_days;
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
