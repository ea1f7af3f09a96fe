/*
 * rfm.h — the arithmetic of RFM summaries (pure C11, no PostgreSQL).
 *
 * The customer-base-analysis literature (Fader, Hardie & Lee 2005, "Counting your customers"
 * the easy way, Marketing Science 24(2); "RFM and CLV", JMR 42(4)) summarises a customer's
 * transactions up to a date as_of by
 *   frequency = number of distinct purchase days - 1          (repeat purchases)
 *   recency   = last purchase day - first purchase day        (in units)
 *   T         = as_of's day - first purchase day              (in units)
 *   monetary  = mean of the per-day totals of the repeat days (0 when frequency = 0)
 * Same-day purchases are one purchase. Days are integers (days since 2000-01-01, PostgreSQL's
 * date numbering); the caller turns timestamps into days.
 *
 * The state keeps what those need and nothing more: the set of distinct purchase days, the
 * first day's total (monetary = (total - first-day total) / frequency), the transaction count
 * and the total. The day set has three representations:
 *   SHORT   the sorted distinct days as 16-bit offsets from as_of's day - 65535, at most 32 of
 *           them, in 128 bytes. Every state starts so: most customers buy on few days, and this
 *           holds them over any window up to 179 years. (A bitmap holds 512 days in 128 bytes;
 *           a window of 18 months then needs the next allocation size, 256 bytes, and a GROUP
 *           BY customer whose states outgrow the CPU's cache takes half as long again.)
 *   BITMAP  one bit per day, the last 64-bit word holding as_of's day (later days are never
 *           stored), so adding a day is one OR and the frequency is a popcount: for customers
 *           with more purchase days. It covers the days back to the first purchase's word.
 *   ARRAY   the sorted distinct days as int32, for customers whose purchases span so many
 *           years that a bitmap would be more than 8 times larger (and at least 256 bytes).
 * A state outgrows SHORT on its 33rd day, or on a day more than 65535 days before as_of.
 * Two states combine exactly: union of the day sets, first-day totals added when the first
 * days agree. The two totals are exact double-double sums (exact_sum.h): the same
 * transactions give the same totals, to the last bit, in any order and any grouping.
 *
 * Memory layout: a 64-byte header (CrRfmState) followed by the body (BITMAP: capacity 64-bit
 * words; SHORT: capacity uint16 slots; ARRAY: capacity int32 slots). The first field is
 * reserved for the caller's length word (PostgreSQL's varlena header), so the state is one
 * flat block; it is also what a cr_rfm_state value stores, so the representations and their
 * numbers never change (a new one may be added).
 */
#ifndef CR_RFM_H
#define CR_RFM_H

#include <stddef.h>
#include <stdint.h>

/* Day numbers a state may hold: PostgreSQL's date range (4713 BC .. 5874897 AD). */
#define CR_RFM_MIN_DAY (-2451545)
#define CR_RFM_MAX_DAY 2145031948

/* Return codes. */
#define CR_RFM_OK 0
#define CR_RFM_EMPTY 1			/* no purchase on or before as_of: the summary is NULL */
#define CR_RFM_OVERFLOW 2		/* a total is not a finite number */
#define CR_RFM_BAD_INPUT 3		/* a serialized state that fails its checks */
#define CR_RFM_NEED_SPACE 4		/* the state must be copied into a bigger one first */

#define CR_RFM_BITMAP 1
#define CR_RFM_ARRAY 2
#define CR_RFM_SHORT 3

typedef struct CrRfmState
{
	int32_t		reserved;		/* the caller's length word; never read or written here */
	int32_t		as_of_day;		/* the day of as_of; later days are ignored */
	int32_t		kind;			/* CR_RFM_BITMAP, CR_RFM_SHORT or CR_RFM_ARRAY */
	int32_t		aux;			/* BITMAP: the first purchase day; SHORT, ARRAY: days held */
	int64_t		n_transactions; /* rows counted (on or before as_of); 0 = empty */
	double		total[2];		/* sum of their amounts, an exact (hi, lo) pair */
	double		first[2];		/* sum of the amounts on the first purchase day, likewise */
	double		unit_days;		/* the unit of recency and T, in days (> 0) */
	/* then the body: BITMAP uint64_t words, or ARRAY int32_t days */
} CrRfmState;

#define CR_RFM_HEADER_SIZE 64
/* Bytes of one unit of a state's body: a word or a slot. */
#define CR_RFM_UNIT_SIZE(kind) \
	((kind) == CR_RFM_BITMAP ? 8 : (kind) == CR_RFM_SHORT ? 2 : 4)
/* Bytes of a state of the given kind and capacity (words or slots). */
#define CR_RFM_STATE_SIZE(kind, cap) \
	((size_t) CR_RFM_HEADER_SIZE + CR_RFM_UNIT_SIZE(kind) * (size_t) (cap))
/* The capacity of a SHORT state, every new state: 32 slots, 128 bytes in all. */
#define CR_RFM_SHORT_DAYS 32

/* What a state must be copied into before an operation can proceed. */
typedef struct CrRfmSpace
{
	int32_t		kind;
	int64_t		capacity;
} CrRfmSpace;

typedef struct CrRfmResult
{
	int64_t		frequency;
	double		recency;		/* in units */
	double		t;				/* in units */
	double		monetary;
	int64_t		n_transactions;
	int32_t		first_day;
	int32_t		last_day;
	double		total_amount;
} CrRfmResult;

/* Floor division for a positive divisor (C's / truncates toward zero). */
extern int64_t cr_floor_div64(int64_t a, int64_t b);

/* An interval (microseconds, days, months; a month counts 30 days) as a number of days. */
extern double cr_rfm_unit_days(int64_t usec, int32_t days, int32_t months);

/* An empty state of the given kind and capacity (words or slots; the body zeroed). */
extern void cr_rfm_init(CrRfmState *s, int32_t kind, int64_t capacity, int32_t as_of_day,
						double unit_days);

/* Capacity of a state occupying size bytes (the inverse of CR_RFM_STATE_SIZE). */
extern int64_t cr_rfm_capacity(const CrRfmState *s, size_t size);

/*
 * Adds one transaction. A day after as_of is ignored (CR_RFM_OK, nothing changes). Returns
 * CR_RFM_NEED_SPACE, leaving s unchanged, when the day does not fit: the caller copies the
 * state into one of *need with cr_rfm_copy and adds again (which then succeeds).
 */
extern int	cr_rfm_add(CrRfmState *s, int64_t capacity, int32_t day, double amount,
					   CrRfmSpace *need);

/*
 * Copies src into dst of the given kind and capacity (which must hold src's days; *need from
 * cr_rfm_add or cr_rfm_combine does). dst may be of the other representation.
 */
extern void cr_rfm_copy(CrRfmState *dst, int32_t kind, int64_t capacity,
						const CrRfmState *src, int64_t src_capacity);

/*
 * Adds the transactions of b to a (both with the same as_of and unit: the caller checks).
 * Returns CR_RFM_NEED_SPACE, leaving a unchanged, when a must first be copied into *need.
 */
extern int	cr_rfm_combine(CrRfmState *a, int64_t a_capacity, const CrRfmState *b,
						   int64_t b_capacity, CrRfmSpace *need);

/* Number of distinct purchase days held. */
extern int64_t cr_rfm_n_days(const CrRfmState *s, int64_t capacity);

/* The summary, with recency and T in units of s->unit_days days. */
extern int	cr_rfm_result(const CrRfmState *s, int64_t capacity, CrRfmResult *out);

/* ---- sorted distinct day arrays (the ARRAY representation) ---- */

/*
 * Adds day to the sorted distinct set days[0..*n). Returns 1 when it was inserted, 0 when it
 * was already there, -1 when the set is full (*n == cap).
 */
extern int	cr_rfm_days_insert(int32_t *days, int32_t *n, int64_t cap, int32_t day);
/* Number of distinct days in the union of two sorted distinct sets. */
extern int64_t cr_rfm_days_union_count(const int32_t *a, int64_t na, const int32_t *b, int64_t nb);
/* Merges b into a in place; a's buffer must hold union_n days. Works from the back. */
extern void cr_rfm_days_merge_into(int32_t *a, int64_t na, const int32_t *b, int64_t nb,
								   int64_t union_n);

/*
 * Byte-order independent serialized form (big-endian), the same for both representations:
 * version byte, as_of day, unit in days, transaction count, total (hi, lo), first-day total
 * (hi, lo), number of days, then the sorted days. Canonical: it depends only on the
 * transactions, not on their order, the representation or the capacity. Version 1 held each
 * total as one double summed in arrival order; it is refused.
 */
#define CR_RFM_FORMAT_VERSION 2
#define CR_RFM_ENCODED_HEADER 57
#define CR_RFM_ENCODED_SIZE(n_days) ((size_t) CR_RFM_ENCODED_HEADER + 4 * (size_t) (n_days))

extern void cr_rfm_encode(const CrRfmState *s, int64_t capacity, uint8_t *out);

/*
 * Checks a serialized state completely (version, exact length, days strictly increasing and
 * within [CR_RFM_MIN_DAY, as_of day], counts consistent, totals finite, unit positive) and
 * says in *need what to allocate for it. Returns CR_RFM_OK or CR_RFM_BAD_INPUT with a static
 * reason (a full sentence without the final period) in *why.
 */
extern int	cr_rfm_decode_check(const uint8_t *buf, size_t len, CrRfmSpace *need, const char **why);
/* Decodes a checked buffer into s, allocated as *need said. */
extern void cr_rfm_decode(const uint8_t *buf, size_t len, CrRfmState *s, int32_t kind,
						  int64_t capacity);

/* Hex text form of bytes (2 * len chars plus a NUL in out) and back (-1 on a bad digit). */
extern void cr_hex_encode(const uint8_t *in, size_t len, char *out);
extern int	cr_hex_decode(const char *in, size_t hexlen, uint8_t *out);

#endif							/* CR_RFM_H */
