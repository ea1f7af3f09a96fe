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
 * The summary state keeps what those need and nothing more: the sorted set of distinct days
 * (for the count), the first day's total (monetary = (total - first-day total) / frequency),
 * the transaction count and the total. Two states combine exactly: union of the day sets,
 * and the first-day totals added when the first days agree.
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

/* The fixed part of a state. days[] (sorted, distinct, all <= as_of_day) lives beside it. */
typedef struct CrRfmHeader
{
	int32_t		n_days;			/* distinct purchase days held */
	int32_t		as_of_day;		/* the day of as_of; later days are ignored */
	int64_t		as_of_raw;		/* as_of exactly as given, to check it is the same on every row */
	int64_t		unit_usec;		/* the unit interval as given: microseconds, days, months */
	int32_t		unit_days;
	int32_t		unit_months;
	int64_t		n_transactions; /* rows counted (on or before as_of) */
	double		total_amount;	/* sum of their amounts */
	double		first_amount;	/* sum of the amounts on the first day, days[0] */
} CrRfmHeader;

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

/* Floor division and modulo for a positive divisor (C's / truncates toward zero). */
extern int64_t cr_floor_div64(int64_t a, int64_t b);

/* An interval (microseconds, days, months; a month counts 30 days) as a number of days. */
extern double cr_rfm_unit_days(int64_t usec, int32_t days, int32_t months);

/*
 * Adds day to the sorted distinct set days[0..*n). Returns 1 when it was inserted, 0 when it
 * was already there, -1 when the set is full (*n == cap; the caller grows it and retries).
 * Appending a later day, or repeating the last one, is O(1): transactions usually arrive
 * roughly in time order.
 */
extern int	cr_rfm_days_insert(int32_t *days, int32_t *n, int32_t cap, int32_t day);

/* Number of distinct days in the union of two sorted distinct sets. */
extern int32_t cr_rfm_days_union_count(const int32_t *a, int32_t na, const int32_t *b, int32_t nb);

/*
 * Merges b into a (both sorted and distinct) in place; a's buffer must hold union_n days
 * (from cr_rfm_days_union_count). Works from the back, so nothing is overwritten early.
 */
extern void cr_rfm_days_merge_into(int32_t *a, int32_t na, const int32_t *b, int32_t nb,
								   int32_t union_n);

/*
 * Adds one transaction to a state whose day set already holds day (after cr_rfm_days_insert):
 * counts it, adds the amount, and keeps first_amount the total of the first day.
 * old_first is days[0] before the insertion (ignored when the set was empty).
 */
extern void cr_rfm_add_amount(CrRfmHeader *h, int32_t old_n_days, int32_t old_first,
							  int32_t day, double amount);

/*
 * The header of the combination of two states with the given first days (each ignored when
 * that state holds no day) and union_n distinct days. as_of and unit are dst's (the caller
 * checks that both agree).
 */
extern void cr_rfm_combine_header(CrRfmHeader *dst, const CrRfmHeader *src,
								  int32_t dst_first, int32_t src_first, int32_t union_n);

/* The summary of a state, with recency and T in units of unit_days days. */
extern int	cr_rfm_result(const CrRfmHeader *h, const int32_t *days, double unit_days,
						  CrRfmResult *out);

/*
 * Byte-order independent serialized form (big-endian): a version byte, the header, then the
 * days. CR_RFM_ENCODED_SIZE(n) bytes for n days.
 */
#define CR_RFM_FORMAT_VERSION 1
#define CR_RFM_HEADER_BYTES 57
#define CR_RFM_ENCODED_SIZE(n) ((size_t) CR_RFM_HEADER_BYTES + 4 * (size_t) (n))

extern void cr_rfm_encode(const CrRfmHeader *h, const int32_t *days, uint8_t *out);

/*
 * Checks and decodes a serialized state: version, exact length, days strictly increasing and
 * within [CR_RFM_MIN_DAY, as_of_day], counts consistent, totals finite, unit positive.
 * Decodes the header first (days may be NULL to only validate the header and learn n_days);
 * with days non-NULL it must have room for h->n_days. Returns CR_RFM_OK or CR_RFM_BAD_INPUT
 * and, in that case, a static reason in *why (when why is not NULL).
 */
extern int	cr_rfm_decode(const uint8_t *buf, size_t len, CrRfmHeader *h, int32_t *days,
						  const char **why);

/* Hex text form of bytes (2 * len chars plus a NUL in out) and back (-1 on a bad digit). */
extern void cr_hex_encode(const uint8_t *in, size_t len, char *out);
extern int	cr_hex_decode(const char *in, size_t hexlen, uint8_t *out);

#endif							/* CR_RFM_H */
