/*
 * rfm.c — the SQL face of RFM summaries and segments: the rfm_summary aggregates (timestamptz,
 * timestamp and date), their state type cr_rfm_state, and rfm_segment. The arithmetic is in
 * src/core/rfm.c and src/core/rfm_segment.c.
 *
 * State: a concrete varlena type, cr_rfm_state, rather than internal, so Citus (which pushes
 * partial aggregation down only for non-pseudo state types) can run rfm_summary on its
 * workers, and so states survive hash-aggregate spills and parallel workers without separate
 * serialize/deserialize calls. It is updated in place under AggCheckCallContext (as the
 * built-in int8 averages update their array state); when the day set must grow, a bigger copy
 * is returned and the executor moves it into the aggregate context and frees the old one.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "exact_sum.h"
#include "rfm.h"
#include "rfm_segment.h"
#include "rfm_sql.h"
#include "validate.h"


/* A state must fit a varlena with room to spare: 2^27 days or 2^26 bitmap words. */
#define RFM_MAX_STATE_BYTES ((Size) 1 << 29)

/* ---- days of timestamps ---- */

/* Floor division by a positive divisor (here, where the per-row path can inline it). */
static inline int64
rfm_floor_div(int64 a, int64 b)
{
	int64		q = a / b;

	return (a % b != 0 && a < 0) ? q - 1 : q;
}

/*
 * The local day of a timestamptz in the session time zone is what ts::date gives. Calling
 * pg_localtime for every row costs more than the rest of the aggregate, so we cache, per call
 * site, the UTC ranges [lo, hi) over which the zone's UTC offset is known to be constant: hi is
 * the zone's next transition after lo (pg_next_dst_boundary). Rows of 18 months in a zone with
 * daylight saving fall into a handful of such ranges.
 */
#define RFM_TZ_SEGMENTS 8

typedef struct RfmTzSegment
{
	pg_time_t	lo;
	pg_time_t	hi;
	int64		offset_usec;
} RfmTzSegment;

typedef struct RfmTzCache
{
	pg_tz	   *tz;
	/* the last as_of and unit seen, and what they mean (reset with the time zone) */
	bool		have_as_of;
	int64		as_of_raw;
	int32		as_of_day;
	bool		have_unit;
	Interval	unit;
	double		unit_days;
	bool		fixed;			/* the zone has one UTC offset, ever */
	int64		fixed_offset_usec;
	int			n_segments;
	int			next_victim;
	RfmTzSegment seg[RFM_TZ_SEGMENTS];
} RfmTzCache;

static RfmTzCache *
rfm_tz_cache(FunctionCallInfo fcinfo)
{
	RfmTzCache *cache = (RfmTzCache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(RfmTzCache));
		fcinfo->flinfo->fn_extra = cache;
	}
	if (cache->tz != session_timezone)
	{
		long int	gmtoff;

		memset(cache, 0, sizeof(*cache));
		cache->tz = session_timezone;
		if (pg_get_timezone_offset(session_timezone, &gmtoff))
		{
			cache->fixed = true;
			cache->fixed_offset_usec = (int64) gmtoff * USECS_PER_SEC;
		}
	}
	return cache;
}

static int64
rfm_tz_offset_usec(RfmTzCache *cache, TimestampTz ts)
{
	pg_time_t	secs;
	pg_time_t	boundary = 0;
	long int	before_off,
				after_off;
	int			before_dst,
				after_dst;
	int			i,
				r;
	struct pg_tm *tm;
	pg_time_t	hi;
	int64		off;

	if (cache->fixed)
		return cache->fixed_offset_usec;

	secs = (pg_time_t) rfm_floor_div(ts, USECS_PER_SEC) +
		(pg_time_t) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY;
	for (i = 0; i < cache->n_segments; i++)
		if (cache->seg[i].lo <= secs && secs < cache->seg[i].hi)
			return cache->seg[i].offset_usec;

	/* The same computation as timestamp2tm, which ts::date uses. */
	tm = pg_localtime(&secs, cache->tz);
	if (tm == NULL)
		elog(ERROR, "rfm_summary: could not convert a timestamp to the session time zone");
	off = (int64) tm->tm_gmtoff * USECS_PER_SEC;

	r = pg_next_dst_boundary(&secs, &before_off, &before_dst, &boundary, &after_off,
							 &after_dst, cache->tz);
	if (r < 0 || before_off != tm->tm_gmtoff)
		return off;				/* do not cache what we cannot vouch for */
	hi = (r == 1) ? boundary : PG_INT64_MAX;
	if (hi <= secs)
		return off;

	/* A known range that ends at the same transition starts earlier now. */
	for (i = 0; i < cache->n_segments; i++)
		if (cache->seg[i].hi == hi && cache->seg[i].offset_usec == off)
		{
			cache->seg[i].lo = Min(cache->seg[i].lo, secs);
			return off;
		}
	if (cache->n_segments < RFM_TZ_SEGMENTS)
		i = cache->n_segments++;
	else
	{
		i = cache->next_victim;
		cache->next_victim = (cache->next_victim + 1) % RFM_TZ_SEGMENTS;
	}
	cache->seg[i].lo = secs;
	cache->seg[i].hi = hi;
	cache->seg[i].offset_usec = off;
	return off;
}

static void
rfm_require_finite_time(bool finite, const char *what, Datum value, Oid typoid)
{
	if (!finite)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite %s", what, format_type_be(typoid)),
				 errdetail("The value supplied was %s.",
						   DatumGetCString(DirectFunctionCall1(typoid == DATEOID ? date_out :
															   typoid == TIMESTAMPOID ? timestamp_out :
															   timestamptz_out, value)))));
}

/* The day number (days since 2000-01-01) of a timestamptz, timestamp or date argument. */
int32
rfm_day_of(FunctionCallInfo fcinfo, RfmTimeKind kind, Datum value, const char *what)
{
	switch (kind)
	{
		case RFM_DATE:
			{
				DateADT		d = DatumGetDateADT(value);

				rfm_require_finite_time(!DATE_NOT_FINITE(d), what, value, DATEOID);
				return (int32) d;
			}
		case RFM_TIMESTAMP:
			{
				Timestamp	ts = DatumGetTimestamp(value);

				rfm_require_finite_time(!TIMESTAMP_NOT_FINITE(ts), what, value, TIMESTAMPOID);
				return (int32) rfm_floor_div(ts, USECS_PER_DAY);
			}
		case RFM_TIMESTAMPTZ:
			{
				TimestampTz ts = DatumGetTimestampTz(value);
				int64		off;

				rfm_require_finite_time(!TIMESTAMP_NOT_FINITE(ts), what, value, TIMESTAMPTZOID);
				off = rfm_tz_offset_usec(rfm_tz_cache(fcinfo), ts);
				return (int32) rfm_floor_div(ts + off, USECS_PER_DAY);
			}
	}
	pg_unreachable();
}

/* ---- the state ---- */

int64
rfm_capacity(const RfmState *st)
{
	return cr_rfm_capacity(st, VARSIZE(st));
}

/* A zeroed state of the given representation, in the current memory context. */
static RfmState *
rfm_state_alloc(int32 kind, int64 capacity)
{
	Size		size = CR_RFM_STATE_SIZE(kind, capacity);
	RfmState   *st;

	if (size > RFM_MAX_STATE_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("rfm_summary state would need %zu bytes for one group", size),
				 errdetail("A group holds at most %zu bytes of purchase days.", RFM_MAX_STATE_BYTES),
				 errhint("Group by customer; a group's purchases should span less than a few thousand years.")));
	st = palloc0(size);
	SET_VARSIZE(st, size);
	st->kind = kind;
	return st;
}

/* A copy of st in the representation and capacity the core asked for. */
static RfmState *
rfm_state_resize(const RfmState *st, const CrRfmSpace *need)
{
	RfmState   *bigger = rfm_state_alloc(need->kind, need->capacity);

	cr_rfm_copy(bigger, need->kind, need->capacity, st, rfm_capacity(st));
	return bigger;
}

RfmState *
rfm_state_arg(FunctionCallInfo fcinfo, int argno)
{
	/* States built here have 4-byte headers; one read back from disk may be packed. */
	return (RfmState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
}

void
rfm_require_same_settings(int32 as_of_day, double unit_days, const RfmState *st)
{
	if (as_of_day != st->as_of_day)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("as_of must be the same for every row of a group"),
				 errdetail("The group started with as_of on %s; a later row has as_of on %s.",
						   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(st->as_of_day))),
						   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(as_of_day)))),
				 errhint("Pass a constant, or a value that depends only on the GROUP BY columns.")));
	if (unit_days != st->unit_days)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unit must be the same for every row of a group"),
				 errdetail("The group started with a unit of %g days; a later row has %g days.",
						   st->unit_days, unit_days),
				 errhint("Pass a constant, or a value that depends only on the GROUP BY columns.")));
}

/* The length of a unit interval in days; 22023 unless it is positive. */
double
rfm_unit_days_of(const Interval *unit)
{
	double		unit_days = cr_rfm_unit_days(unit->time, unit->day, unit->month);

	if (!(unit_days > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unit must be a positive interval"),
				 (unit->month == 0 && unit->time == 0)
				 ? errdetail("The value supplied was %s.",
							 DatumGetCString(DirectFunctionCall1(interval_out,
																 IntervalPGetDatum(unit))))
				 : errdetail("The value supplied was %s, %g days long (a month counts 30 days).",
							 DatumGetCString(DirectFunctionCall1(interval_out,
																 IntervalPGetDatum(unit))),
							 unit_days),
				 errhint("Use interval '1 day' for days, interval '7 days' for weeks.")));
	return unit_days;
}

/* An empty state (no purchase yet) in the current memory context. */
RfmState *
rfm_state_new(int32 as_of_day, double unit_days)
{
	RfmState   *st = rfm_state_alloc(CR_RFM_SHORT, CR_RFM_SHORT_DAYS);

	cr_rfm_init(st, CR_RFM_SHORT, CR_RFM_SHORT_DAYS, as_of_day, unit_days);
	return st;
}

/*
 * Adds one purchase to st (NULL: a new state for as_of_day and unit_days), in place when it
 * fits; otherwise returns a bigger copy in the current memory context.
 */
RfmState *
rfm_state_add(RfmState *st, int32 as_of_day, double unit_days, int32 day, double amount)
{
	CrRfmSpace	need;

	if (st == NULL)
		st = rfm_state_new(as_of_day, unit_days);
	if (unlikely(cr_rfm_add(st, rfm_capacity(st), day, amount, &need) == CR_RFM_NEED_SPACE))
	{
		st = rfm_state_resize(st, &need);
		if (cr_rfm_add(st, rfm_capacity(st), day, amount, &need) != CR_RFM_OK)
			elog(ERROR, "rfm_summary: a resized state has no room for day %d", day);
	}
	return st;
}

/* Adds b's purchases to a (same as_of and unit, else 22023): a itself or a bigger copy. */
RfmState *
rfm_state_combine(RfmState *a, const RfmState *b)
{
	CrRfmSpace	need;

	rfm_require_same_settings(b->as_of_day, b->unit_days, a);
	if (cr_rfm_combine(a, rfm_capacity(a), b, rfm_capacity(b), &need) == CR_RFM_NEED_SPACE)
	{
		a = rfm_state_resize(a, &need);
		if (cr_rfm_combine(a, rfm_capacity(a), b, rfm_capacity(b), &need) != CR_RFM_OK)
			elog(ERROR, "rfm_summary_combine: a resized state has no room");
	}
	return a;
}

/* The summary of st; false when it holds no purchase; 22003 when the totals overflowed. */
bool
rfm_state_result(const RfmState *st, CrRfmResult *res)
{
	int			r = cr_rfm_result(st, rfm_capacity(st), res);

	if (r == CR_RFM_EMPTY)
		return false;
	if (r != CR_RFM_OK)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("rfm_summary amounts add up to a value out of range"),
				 errdetail("The sum of the amounts was %g; the first day's total was %g.",
						   cr_xsum_value(st->total), cr_xsum_value(st->first))));
	return true;
}

static const Interval rfm_one_day = {0, 1, 0};

/*
 * rfm_summary transition: (state, ts, amount, as_of [, unit]). Rows with a NULL ts or amount
 * are skipped; a NULL as_of or unit is an error (it would silently empty every summary).
 * as_of and unit mean their day and their length: the last ones seen are remembered per call
 * site, so a constant costs one comparison per row.
 */
static Datum
rfm_trans_common(FunctionCallInfo fcinfo, RfmTimeKind kind)
{
	RfmState   *st;
	RfmTzCache *cache;
	const Interval *unit = &rfm_one_day;
	int64		as_of_raw;
	int32		day;
	double		amount;

	(void) cr_aggregate_context(fcinfo);

	/*
	 * The state of a customer is a random place in a hash aggregation of many customers: ask
	 * for its header and first words now, so they arrive while the day of ts is worked out (the
	 * bare count/min/max/sum keep their states inside the hash entry and wait for one line).
	 */
	if (likely(!PG_ARGISNULL(0)))
	{
		const char *p = DatumGetPointer(PG_GETARG_DATUM(0));

		__builtin_prefetch(p);
		__builtin_prefetch(p + 64);
		__builtin_prefetch(p + 128);
	}

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be NULL"),
				 errhint("rfm_summary needs the end of the observation period, for example the last day of the calibration period.")));
	if (PG_NARGS() > 4)
	{
		if (PG_ARGISNULL(4))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("unit must not be NULL"),
					 errhint("Pass the time unit of recency and T, for example interval '7 days' for weeks.")));
		unit = PG_GETARG_INTERVAL_P(4);
	}

	cache = rfm_tz_cache(fcinfo);
	as_of_raw = (kind == RFM_DATE) ? (int64) PG_GETARG_DATEADT(3) : PG_GETARG_INT64(3);
	if (unlikely(!cache->have_as_of || cache->as_of_raw != as_of_raw))
	{
		cache->as_of_day = rfm_day_of(fcinfo, kind, PG_GETARG_DATUM(3), "as_of");
		cache->as_of_raw = as_of_raw;
		cache->have_as_of = true;
	}
	if (unlikely(!cache->have_unit || cache->unit.time != unit->time ||
				 cache->unit.day != unit->day || cache->unit.month != unit->month))
	{
		double		unit_days = rfm_unit_days_of(unit);

		cache->unit = *unit;
		cache->unit_days = unit_days;
		cache->have_unit = true;
	}

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		st = rfm_state_arg(fcinfo, 0);
		if (unlikely(st->as_of_day != cache->as_of_day || st->unit_days != cache->unit_days))
			rfm_require_same_settings(cache->as_of_day, cache->unit_days, st);
		PG_RETURN_POINTER(st);
	}
	amount = PG_GETARG_FLOAT8(2);
	if (unlikely(isnan(amount) || isinf(amount)))
		cr_require_finite(amount, "amount");
	day = rfm_day_of(fcinfo, kind, PG_GETARG_DATUM(1), "ts");

	if (PG_ARGISNULL(0))
		st = NULL;				/* built in the per-call context; the executor copies it into
								 * the aggregate context */
	else
	{
		st = rfm_state_arg(fcinfo, 0);
		if (unlikely(st->as_of_day != cache->as_of_day || st->unit_days != cache->unit_days))
			rfm_require_same_settings(cache->as_of_day, cache->unit_days, st);
	}

	/* In place, or a bigger copy that the executor moves into the aggregate context. */
	PG_RETURN_POINTER(rfm_state_add(st, cache->as_of_day, cache->unit_days, day, amount));
}

PG_FUNCTION_INFO_V1(rfm_summary_trans_timestamptz);
Datum
rfm_summary_trans_timestamptz(PG_FUNCTION_ARGS)
{
	return rfm_trans_common(fcinfo, RFM_TIMESTAMPTZ);
}

PG_FUNCTION_INFO_V1(rfm_summary_trans_timestamp);
Datum
rfm_summary_trans_timestamp(PG_FUNCTION_ARGS)
{
	return rfm_trans_common(fcinfo, RFM_TIMESTAMP);
}

PG_FUNCTION_INFO_V1(rfm_summary_trans_date);
Datum
rfm_summary_trans_date(PG_FUNCTION_ARGS)
{
	return rfm_trans_common(fcinfo, RFM_DATE);
}

/* Combine two partial states: union of the day sets, first-day totals merged. Not strict. */
PG_FUNCTION_INFO_V1(rfm_summary_combine);
Datum
rfm_summary_combine(PG_FUNCTION_ARGS)
{
	RfmState   *a,
			   *b;

	(void) cr_aggregate_context(fcinfo);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = rfm_state_arg(fcinfo, 1);
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(b);	/* the executor copies it into the aggregate context */
	a = rfm_state_arg(fcinfo, 0);
	PG_RETURN_POINTER(rfm_state_combine(a, b));
}

/* ---- the result ---- */

static TupleDesc
rfm_result_desc(FunctionCallInfo fcinfo)
{
	TupleDesc	desc = (TupleDesc) fcinfo->flinfo->fn_extra;

	if (desc == NULL)
	{
		MemoryContext old;
		TupleDesc	tmp;

		if (get_call_result_type(fcinfo, NULL, &tmp) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "rfm_summary: return type must be a row type");
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		desc = BlessTupleDesc(CreateTupleDescCopy(tmp));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = desc;
	}
	return desc;
}

/* Final function (strict; does not modify the state): the rfm row, NULL for no purchase. */
PG_FUNCTION_INFO_V1(rfm_summary_final);
Datum
rfm_summary_final(PG_FUNCTION_ARGS)
{
	RfmState   *st = rfm_state_arg(fcinfo, 0);
	CrRfmResult res;
	Datum		values[10];
	bool		nulls[10] = {false};

	if (!rfm_state_result(st, &res))
		PG_RETURN_NULL();

	values[0] = Int64GetDatum(res.frequency);
	values[1] = Float8GetDatum(res.recency);
	values[2] = Float8GetDatum(res.t);
	values[3] = Float8GetDatum(res.monetary);
	values[4] = Int64GetDatum(res.n_transactions);
	values[5] = DateADTGetDatum((DateADT) res.first_day);
	values[6] = DateADTGetDatum((DateADT) res.last_day);
	values[7] = Float8GetDatum(res.total_amount);
	values[8] = DateADTGetDatum((DateADT) st->as_of_day);
	values[9] = IntervalPGetDatum(cr_days_interval(st->unit_days));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(rfm_result_desc(fcinfo), values, nulls)));
}

/* ---- cr_rfm_state I/O: the versioned big-endian form (binary), hex of it (text) ---- */

static RfmState *
rfm_state_decode(const uint8 *buf, size_t len, int sqlstate)
{
	const char *why = NULL;
	CrRfmSpace	need;
	RfmState   *st;

	if (cr_rfm_decode_check(buf, len, &need, &why) != CR_RFM_OK)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("invalid cr_rfm_state value"),
				 errdetail("%s.", why)));
	st = rfm_state_alloc(need.kind, need.capacity);
	cr_rfm_decode(buf, len, st, need.kind, need.capacity);
	return st;
}

static uint8 *
rfm_state_encode(const RfmState *st, size_t *len)
{
	int64		cap = rfm_capacity(st);
	uint8	   *buf;

	*len = CR_RFM_ENCODED_SIZE(cr_rfm_n_days(st, cap));
	buf = palloc(*len);
	cr_rfm_encode(st, cap, buf);
	return buf;
}

PG_FUNCTION_INFO_V1(cr_rfm_state_in);
Datum
cr_rfm_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	size_t		hexlen = strlen(str);
	uint8	   *buf;

	if (hexlen % 2 != 0 || hexlen / 2 > RFM_MAX_STATE_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type cr_rfm_state"),
				 errdetail("An cr_rfm_state is written as an even number of hexadecimal digits.")));
	buf = palloc(hexlen / 2 + 1);
	if (cr_hex_decode(str, hexlen, buf) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type cr_rfm_state"),
				 errdetail("An cr_rfm_state is written as hexadecimal digits.")));
	PG_RETURN_POINTER(rfm_state_decode(buf, hexlen / 2, ERRCODE_INVALID_TEXT_REPRESENTATION));
}

PG_FUNCTION_INFO_V1(cr_rfm_state_out);
Datum
cr_rfm_state_out(PG_FUNCTION_ARGS)
{
	RfmState   *st = rfm_state_arg(fcinfo, 0);
	size_t		len;
	uint8	   *buf = rfm_state_encode(st, &len);
	char	   *out = palloc(2 * len + 1);

	cr_hex_encode(buf, len, out);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(cr_rfm_state_recv);
Datum
cr_rfm_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	size_t		len = (size_t) (msg->len - msg->cursor);
	const uint8 *bytes = (const uint8 *) pq_getmsgbytes(msg, (int) len);

	PG_RETURN_POINTER(rfm_state_decode(bytes, len, ERRCODE_INVALID_BINARY_REPRESENTATION));
}

PG_FUNCTION_INFO_V1(cr_rfm_state_send);
Datum
cr_rfm_state_send(PG_FUNCTION_ARGS)
{
	RfmState   *st = rfm_state_arg(fcinfo, 0);
	size_t		len;
	uint8	   *buf = rfm_state_encode(st, &len);
	StringInfoData msg;

	pq_begintypsend(&msg);
	pq_sendbytes(&msg, (const char *) buf, (int) len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&msg));
}

/* ---- segments ---- */

PG_FUNCTION_INFO_V1(rfm_segment);
Datum
rfm_segment(PG_FUNCTION_ARGS)
{
	int32		r = PG_GETARG_INT32(0),
				f = PG_GETARG_INT32(1),
				m = PG_GETARG_INT32(2);

	cr_require_int_range(r, 1, 5, "recency_score");
	cr_require_int_range(f, 1, 5, "frequency_score");
	cr_require_int_range(m, 1, 5, "monetary_score");
	PG_RETURN_TEXT_P(cstring_to_text(cr_rfm_segment_name(cr_rfm_segment(r, f, m))));
}

/* ---- cr_rfm_state as jsonb, for clients that cannot read the binary form ---- */

static void
append_iso_date(StringInfo buf, int32 day)
{
	int			y,
				m,
				d;

	j2date(day + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	appendStringInfo(buf, "\"%04d-%02d-%02d\"", y, m, d);
}

/*
 * {"as_of": date, "unit_days": number, "n_transactions": n, "total_amount": x,
 *  "first_day_amount": x, "purchase_days": [dates in ascending order]}: everything the state
 * holds, read from its canonical serialized form.
 */
PG_FUNCTION_INFO_V1(rfm_state_jsonb);
Datum
rfm_state_jsonb(PG_FUNCTION_ARGS)
{
	RfmState   *st = rfm_state_arg(fcinfo, 0);
	size_t		len;
	uint8	   *enc = rfm_state_encode(st, &len);
	int64		n = cr_rfm_n_days(st, rfm_capacity(st)),
				i;
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "{\"as_of\": ");
	append_iso_date(&buf, st->as_of_day);
	appendStringInfo(&buf, ", \"unit_days\": %.17g, \"n_transactions\": " INT64_FORMAT
					 ", \"total_amount\": %.17g, \"first_day_amount\": %.17g, \"purchase_days\": [",
					 st->unit_days, (int64) st->n_transactions, cr_xsum_value(st->total),
					 cr_xsum_value(st->first));
	for (i = 0; i < n; i++)
	{
		const uint8 *p = enc + CR_RFM_ENCODED_HEADER + 4 * i;
		int32		day = (int32) (((uint32) p[0] << 24) | ((uint32) p[1] << 16) |
								   ((uint32) p[2] << 8) | (uint32) p[3]);

		if (i > 0)
			appendStringInfoString(&buf, ", ");
		append_iso_date(&buf, day);
	}
	appendStringInfoString(&buf, "]}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
