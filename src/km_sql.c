/*
 * km_sql.c — SQL face of the Kaplan-Meier estimator (math in src/core/kaplan_meier.c):
 * the cr_km_curve type (text and binary I/O), the aggregate kaplan_meier(duration, event) with an
 * internal collecting state (combine, serialize, deserialize: runs in parallel), and
 * km_points, km_survival_at, km_median.
 *
 * A cr_km_curve stores the life table itself — distinct times with their event and censoring
 * counts — and every estimate is computed from it on demand, so the text form is short, exact
 * and cannot disagree with what is derived from it.
 */
#include "postgres.h"

#include "miscadmin.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "access/htup_details.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/memutils.h"

#include "compat.h"
#include "agg_state.h"
#include "hash64.h"
#include "kaplan_meier.h"
#include "km_sql.h"
#include "runtime.h"
#include "validate.h"

PG_FUNCTION_INFO_V1(cr_km_curve_in);
PG_FUNCTION_INFO_V1(cr_km_curve_out);
PG_FUNCTION_INFO_V1(cr_km_curve_recv);
PG_FUNCTION_INFO_V1(cr_km_curve_send);
PG_FUNCTION_INFO_V1(kaplan_meier_trans);
PG_FUNCTION_INFO_V1(km_merge_trans);
PG_FUNCTION_INFO_V1(kaplan_meier_combine);
PG_FUNCTION_INFO_V1(kaplan_meier_serialize);
PG_FUNCTION_INFO_V1(kaplan_meier_deserialize);
PG_FUNCTION_INFO_V1(kaplan_meier_final);
PG_FUNCTION_INFO_V1(km_points);
PG_FUNCTION_INFO_V1(km_survival_at);
PG_FUNCTION_INFO_V1(km_median);

#define KM_FORMAT_VERSION 1

/* The on-disk cr_km_curve: a varlena with the life table of strictly increasing times. */
typedef struct KmCurve
{
	int32		vl_len_;
	int32		version;
	int64		npoints;
	CrKmPoint	points[FLEXIBLE_ARRAY_MEMBER];
} KmCurve;

#define KM_CURVE_SIZE(n) (offsetof(KmCurve, points) + sizeof(CrKmPoint) * (n))
#define KM_MAX_POINTS ((int64) ((MaxAllocSize - offsetof(KmCurve, points)) / sizeof(CrKmPoint)))
#define DatumGetKmCurve(d) ((KmCurve *) PG_DETOAST_DATUM(d))
#define PG_GETARG_KM_CURVE(n) DatumGetKmCurve(PG_GETARG_DATUM(n))

/* Check a table and raise the matching error; returns the number of subjects. */
static int64
km_check_or_error(const CrKmPoint *p, size_t n, const char *what)
{
	size_t		pos;
	int64_t		total;

	switch (cr_km_check(p, n, &pos, &total))
	{
		case CR_KM_OK:
			break;
		case CR_KM_BAD_TIME:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s times must be finite and not negative", what),
					 errdetail("Point %zu has time %g.", pos + 1, p[pos].time)));
			break;
		case CR_KM_NOT_INCREASING:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s times must be strictly increasing", what),
					 errdetail("Point %zu has time %g after time %g.", pos + 1, p[pos].time,
							   p[pos - 1].time)));
			break;
		case CR_KM_BAD_COUNT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s counts must not be negative and each point needs an observation", what),
					 errdetail("Point %zu has " INT64_FORMAT " events and " INT64_FORMAT " censored.",
							   pos + 1, (int64) p[pos].events, (int64) p[pos].censored)));
			break;
		case CR_KM_TOO_MANY:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s has more subjects than bigint can count", what)));
			break;
	}
	return total;
}

static KmCurve *
km_curve_build(const CrKmPoint *p, size_t n)
{
	KmCurve    *c;

	if ((int64) n > KM_MAX_POINTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a cr_km_curve cannot hold more than " INT64_FORMAT " distinct times",
						KM_MAX_POINTS),
				 errdetail("The curve has %zu distinct times.", n),
				 errhint("Round the durations, for example to whole days.")));
	c = palloc(KM_CURVE_SIZE(n));
	SET_VARSIZE(c, KM_CURVE_SIZE(n));
	c->version = KM_FORMAT_VERSION;
	c->npoints = n;
	if (n > 0)
		memcpy(c->points, p, sizeof(CrKmPoint) * n);
	return c;
}

/* A stored curve is trusted only after its header matches its size. */
static KmCurve *
km_curve_arg(FunctionCallInfo fcinfo, int argno)
{
	KmCurve    *c = PG_GETARG_KM_CURVE(argno);

	if (c->version != KM_FORMAT_VERSION || c->npoints < 0 || c->npoints > KM_MAX_POINTS
		|| VARSIZE(c) != KM_CURVE_SIZE(c->npoints))
		elog(ERROR, "cr_km_curve: corrupt value");
	return c;
}

const CrKmPoint *
cr_km_curve_points(FunctionCallInfo fcinfo, int argno, int64 *n)
{
	KmCurve    *c = km_curve_arg(fcinfo, argno);

	*n = c->npoints;
	return c->points;
}

/* ---------------------------------------------------------------- text and binary I/O */

static void
km_syntax_error(const char *str, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type cr_km_curve: \"%s\"", str),
			 errdetail("%s", why),
			 errhint("A cr_km_curve is written {(time,events,censored),...} with strictly "
					 "increasing times, for example {(6,3,1),(7,1,0)}.")));
}

static const char *
skip_space(const char *s)
{
	while (isspace((unsigned char) *s))
		s++;
	return s;
}

static int64
parse_count(const char *str, const char **s)
{
	char	   *end;
	long long	v;

	errno = 0;
	v = strtoll(*s, &end, 10);
	if (end == *s)
		km_syntax_error(str, "A count is missing.");
	if (errno == ERANGE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("count is out of range for type bigint in cr_km_curve \"%s\"", str)));
	*s = end;
	return (int64) v;
}

/* cr_km_curve_in: {(time,events,censored),...}; at least one point. */
Datum
cr_km_curve_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *s = skip_space(str);
	CrKmPoint  *p;
	size_t		n = 0,
				cap = 16;

	if (*s++ != '{')
		km_syntax_error(str, "It must start with \"{\".");
	p = palloc(sizeof(CrKmPoint) * cap);
	if (*skip_space(s) == '}')
		km_syntax_error(str, "A cr_km_curve needs at least one point.");
	for (;;)
	{
		char	   *end;
		double		t;

		s = skip_space(s);
		if (*s++ != '(')
			km_syntax_error(str, "Each point must start with \"(\".");
		s = skip_space(s);
		errno = 0;
		t = strtod(s, &end);
		if (end == s)
			km_syntax_error(str, "A time is missing.");
		s = skip_space(end);
		if (*s++ != ',')
			km_syntax_error(str, "Expected \",\" after the time.");
		if (n == cap)
		{
			if ((int64) cap * 2 > KM_MAX_POINTS)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("a cr_km_curve cannot hold more than " INT64_FORMAT " distinct times",
								KM_MAX_POINTS)));
			cap *= 2;
			p = repalloc(p, sizeof(CrKmPoint) * cap);
		}
		p[n].time = t;
		s = skip_space(s);
		p[n].events = parse_count(str, &s);
		s = skip_space(s);
		if (*s++ != ',')
			km_syntax_error(str, "Expected \",\" after the events.");
		s = skip_space(s);
		p[n].censored = parse_count(str, &s);
		s = skip_space(s);
		if (*s++ != ')')
			km_syntax_error(str, "Each point must end with \")\".");
		n++;
		s = skip_space(s);
		if (*s == ',')
		{
			s++;
			continue;
		}
		if (*s++ != '}')
			km_syntax_error(str, "Expected \",\" or \"}\" after a point.");
		break;
	}
	if (*skip_space(s) != '\0')
		km_syntax_error(str, "Unexpected characters after \"}\".");
	km_check_or_error(p, n, "cr_km_curve");
	PG_RETURN_POINTER(km_curve_build(p, n));
}

Datum
cr_km_curve_out(PG_FUNCTION_ARGS)
{
	KmCurve    *c = km_curve_arg(fcinfo, 0);
	StringInfoData buf;
	int64		i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (i = 0; i < c->npoints; i++)
	{
		char	   *t = float8out_internal(c->points[i].time);

		appendStringInfo(&buf, "%s(%s," INT64_FORMAT "," INT64_FORMAT ")", i > 0 ? "," : "", t,
						 (int64) c->points[i].events, (int64) c->points[i].censored);
		pfree(t);
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/* Binary form: version byte, int64 npoints, then per point float8 time, int64 events, int64 censored. */
Datum
cr_km_curve_send(PG_FUNCTION_ARGS)
{
	KmCurve    *c = km_curve_arg(fcinfo, 0);
	StringInfoData buf;
	int64		i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, KM_FORMAT_VERSION);
	pq_sendint64(&buf, c->npoints);
	for (i = 0; i < c->npoints; i++)
	{
		pq_sendfloat8(&buf, c->points[i].time);
		pq_sendint64(&buf, c->points[i].events);
		pq_sendint64(&buf, c->points[i].censored);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Reads npoints points after checking that exactly that many bytes remain. */
static CrKmPoint *
km_read_points(StringInfo buf, int64 *n_out, const char *what)
{
	int64		n,
				i;
	CrKmPoint  *p;

	if (pq_getmsgbyte(buf) != KM_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("%s: unsupported format version", what)));
	n = pq_getmsgint64(buf);
	if (n < 0 || n > KM_MAX_POINTS || (int64) (buf->len - buf->cursor) != n * 24)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("%s: %d bytes of data do not hold " INT64_FORMAT " points", what,
						buf->len - buf->cursor, n)));
	p = palloc(sizeof(CrKmPoint) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		p[i].time = pq_getmsgfloat8(buf);
		p[i].events = pq_getmsgint64(buf);
		p[i].censored = pq_getmsgint64(buf);
	}
	*n_out = n;
	return p;
}

Datum
cr_km_curve_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		n;
	CrKmPoint  *p = km_read_points(buf, &n, "cr_km_curve_recv");

	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("cr_km_curve_recv: a cr_km_curve needs at least one point")));
	km_check_or_error(p, n, "cr_km_curve");
	PG_RETURN_POINTER(km_curve_build(p, n));
}

/* ---------------------------------------------------------------- the aggregate */

/*
 * Collecting state: a hash histogram of the distinct durations, each with its numbers of events
 * and of censored observations. One O(1) update per row; memory grows with the number of
 * distinct durations, not with rows; the final function sorts the (usually few) distinct times.
 */
typedef struct KmHistEntry
{
	uint64		key;			/* the duration's IEEE bits (-0 folded into +0) */
	int64		events;
	int64		censored;
	char		status;
} KmHistEntry;

#define SH_PREFIX km_hist
#define SH_ELEMENT_TYPE KmHistEntry
#define SH_KEY_TYPE uint64
#define SH_KEY key
#define SH_HASH_KEY(tb, k) cr_hash64(k)
#define SH_EQUAL(tb, a, b) ((a) == (b))
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

typedef struct KmAggState
{
	km_hist_hash *hist;
} KmAggState;

static MemoryContext
km_agg_context(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext ctx;

	ctx = cr_aggregate_context(fcinfo);
	return ctx;
}

static KmAggState *
km_state_new(MemoryContext ctx, uint32 expected)
{
	KmAggState *st = MemoryContextAlloc(ctx, sizeof(KmAggState));

	st->hist = km_hist_create(ctx, Max(expected, 64), NULL);
	return st;
}

static inline uint64
km_time_key(double t)
{
	uint64		k;

	if (t == 0)
		t = 0;					/* -0 and +0 are one time */
	memcpy(&k, &t, sizeof(k));
	return k;
}

static inline double
km_key_time(uint64 k)
{
	double		t;

	memcpy(&t, &k, sizeof(t));
	return t;
}

static void
km_state_add(KmAggState *st, double t, int64 events, int64 censored)
{
	bool		found;
	KmHistEntry *e = km_hist_insert(st->hist, km_time_key(t), &found);

	if (!found)
	{
		e->events = 0;
		e->censored = 0;
	}
	if (pg_add_s64_overflow(e->events, events, &e->events)
		|| pg_add_s64_overflow(e->censored, censored, &e->censored))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("kaplan_meier has more observations at one duration than bigint can count")));
}

/* The histogram as an array of points in no particular order (palloc'd in the current context). */
static CrKmPoint *
km_state_points(KmAggState *st, size_t *n)
{
	km_hist_iterator it;
	KmHistEntry *e;
	CrKmPoint  *p = palloc_extended(sizeof(CrKmPoint) * Max(st->hist->members, 1), MCXT_ALLOC_HUGE);
	size_t		k = 0;

	km_hist_start_iterate(st->hist, &it);
	while ((e = km_hist_iterate(st->hist, &it)) != NULL)
	{
		CHECK_FOR_INTERRUPTS();
		p[k].time = km_key_time(e->key);
		p[k].events = e->events;
		p[k].censored = e->censored;
		k++;
	}
	*n = k;
	return p;
}

/* kaplan_meier_trans(internal, duration float8, event bool): rows with a NULL are ignored. */
Datum
kaplan_meier_trans(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = km_agg_context(fcinfo, "kaplan_meier_trans");
	KmAggState *st = PG_ARGISNULL(0) ? NULL : (KmAggState *) PG_GETARG_POINTER(0);
	double		d;
	bool		ev;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	d = PG_GETARG_FLOAT8(1);
	ev = PG_GETARG_BOOL(2);
	cr_require_nonnegative(d, "duration");
	if (st == NULL)
		st = km_state_new(ctx, 256);
	km_state_add(st, d, ev ? 1 : 0, ev ? 0 : 1);
	PG_RETURN_POINTER(st);
}

/*
 * km_merge_trans(internal, cr_km_curve): adds a whole life table — the curves of shards, segments
 * or days combine into the curve of all their subjects (a cr_km_curve is a mergeable state).
 */
Datum
km_merge_trans(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = km_agg_context(fcinfo, "km_merge_trans");
	KmAggState *st = PG_ARGISNULL(0) ? NULL : (KmAggState *) PG_GETARG_POINTER(0);
	KmCurve    *c;
	int64		i;

	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	c = km_curve_arg(fcinfo, 1);
	if (st == NULL)
		st = km_state_new(ctx, (uint32) Min(Max(c->npoints, 64), PG_INT32_MAX));
	for (i = 0; i < c->npoints; i++)
		km_state_add(st, c->points[i].time, c->points[i].events, c->points[i].censored);
	PG_RETURN_POINTER(st);
}

Datum
kaplan_meier_combine(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = km_agg_context(fcinfo, "kaplan_meier_combine");
	KmAggState *a = PG_ARGISNULL(0) ? NULL : (KmAggState *) PG_GETARG_POINTER(0);
	KmAggState *b = PG_ARGISNULL(1) ? NULL : (KmAggState *) PG_GETARG_POINTER(1);
	km_hist_iterator it;
	KmHistEntry *e;

	if (b == NULL || b->hist->members == 0)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = km_state_new(ctx, b->hist->members);
	km_hist_start_iterate(b->hist, &it);
	while ((e = km_hist_iterate(b->hist, &it)) != NULL)
		km_state_add(a, km_key_time(e->key), e->events, e->censored);
	PG_RETURN_POINTER(a);
}

/* Serialized state: the partial group's life table, in the cr_km_curve binary layout. */
Datum
kaplan_meier_serialize(PG_FUNCTION_ARGS)
{
	KmAggState *st = (KmAggState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	km_hist_iterator it;
	KmHistEntry *e;

	km_agg_context(fcinfo, "kaplan_meier_serialize");
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, KM_FORMAT_VERSION);
	pq_sendint64(&buf, (int64) st->hist->members);
	km_hist_start_iterate(st->hist, &it);
	while ((e = km_hist_iterate(st->hist, &it)) != NULL)
	{
		CHECK_FOR_INTERRUPTS();
		pq_sendfloat8(&buf, km_key_time(e->key));
		pq_sendint64(&buf, e->events);
		pq_sendint64(&buf, e->censored);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
kaplan_meier_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = km_agg_context(fcinfo, "kaplan_meier_deserialize");
	bytea	   *data = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	KmAggState *st;
	CrKmPoint  *p;
	int64		n,
				i;

	buf.data = VARDATA_ANY(data);
	buf.len = VARSIZE_ANY_EXHDR(data);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	p = km_read_points(&buf, &n, "kaplan_meier_deserialize");
	n = cr_km_compact(p, n);
	km_check_or_error(p, n, "kaplan_meier state");
	st = km_state_new(ctx, (uint32) Min(n, PG_INT32_MAX));
	for (i = 0; i < n; i++)
		km_state_add(st, p[i].time, p[i].events, p[i].censored);
	pfree(p);
	PG_RETURN_POINTER(st);
}

/*
 * The SQL type cr_km_state (agg_state.h): flat form = the cr_km_curve binary layout of the life
 * table, points in ascending time (canonical, unlike the hash order of the 1.0 partial states).
 */
static bytea *
km_type_encode(void *state, uint8 tag)
{
	CrKmPoint  *p;
	size_t		n,
				i;
	StringInfoData buf;

	p = km_state_points((KmAggState *) state, &n);
	n = cr_km_compact(p, n);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, KM_FORMAT_VERSION);
	pq_sendint64(&buf, (int64) n);
	for (i = 0; i < n; i++)
	{
		if (CR_EVERY(i, 65536))
			CHECK_FOR_INTERRUPTS();
		pq_sendfloat8(&buf, p[i].time);
		pq_sendint64(&buf, p[i].events);
		pq_sendint64(&buf, p[i].censored);
	}
	pfree(p);
	return pq_endtypsend(&buf);
}

static void *
km_type_decode(bytea *flat, MemoryContext mcxt, bool validate, uint8 *tag)
{
	StringInfoData buf;
	KmAggState *st;
	CrKmPoint  *p;
	int64		n,
				i;

	*tag = 0;
	buf.data = VARDATA_ANY(flat);
	buf.len = VARSIZE_ANY_EXHDR(flat);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	p = km_read_points(&buf, &n, "cr_km_state");
	n = cr_km_compact(p, n);
	if (n > 0)
		km_check_or_error(p, n, "cr_km_state");
	st = km_state_new(mcxt, (uint32) Min(n, PG_INT32_MAX));
	for (i = 0; i < n; i++)
		km_state_add(st, p[i].time, p[i].events, p[i].censored);
	pfree(p);
	return st;
}

const CrAggStateType cr_km_state_type = {
	.name = "cr_km_state",
	.encode = km_type_encode,
	.decode = km_type_decode,
};

/* The final function reads the state without changing it (FINALFUNC_MODIFY = READ_ONLY). */
Datum
kaplan_meier_final(PG_FUNCTION_ARGS)
{
	KmAggState *st;
	CrKmPoint  *p;
	size_t		n;

	km_agg_context(fcinfo, "kaplan_meier_final");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (KmAggState *) PG_GETARG_POINTER(0);
	if (st->hist->members == 0)
		PG_RETURN_NULL();
	p = km_state_points(st, &n);
	n = cr_km_compact(p, n);
	km_check_or_error(p, n, "kaplan_meier");
	PG_RETURN_POINTER(km_curve_build(p, n));
}

/* ---------------------------------------------------------------- estimates */

/* km_points(cr_km_curve) → SETOF (time, at_risk, events, censored, survival, std_error, ci_low, ci_high) */
Datum
km_points(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;
	CrKmRow    *rows;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		KmCurve    *c;
		TupleDesc	tupdesc;
		int64		total;

		fctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		c = km_curve_arg(fcinfo, 0);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "km_points: return type must be a row type");
		fctx->tuple_desc = BlessTupleDesc(tupdesc);
		total = km_check_or_error(c->points, c->npoints, "cr_km_curve");
		rows = palloc(sizeof(CrKmRow) * (c->npoints > 0 ? c->npoints : 1));
		cr_km_estimate(c->points, c->npoints, total, rows);
		fctx->user_fctx = rows;
		fctx->max_calls = c->npoints;
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	rows = (CrKmRow *) fctx->user_fctx;
	if (fctx->call_cntr < fctx->max_calls)
	{
		CrKmRow    *r = &rows[fctx->call_cntr];
		Datum		values[8];
		bool		nulls[8] = {false, false, false, false, false, false, false, false};

		values[0] = Float8GetDatum(r->time);
		values[1] = Int64GetDatum(r->at_risk);
		values[2] = Int64GetDatum(r->events);
		values[3] = Int64GetDatum(r->censored);
		values[4] = Float8GetDatum(r->survival);
		values[5] = Float8GetDatum(r->std_error);
		values[6] = Float8GetDatum(r->ci_low);
		values[7] = Float8GetDatum(r->ci_high);
		nulls[5] = !r->has_se;
		nulls[6] = nulls[7] = !r->has_ci;
		SRF_RETURN_NEXT(fctx, HeapTupleGetDatum(heap_form_tuple(fctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(fctx);
}

/* km_survival_at(cr_km_curve, t float8): the step function S(t). */
Datum
km_survival_at(PG_FUNCTION_ARGS)
{
	KmCurve    *c = km_curve_arg(fcinfo, 0);
	double		t = PG_GETARG_FLOAT8(1);
	int64		total;

	cr_require_finite(t, "duration");
	total = km_check_or_error(c->points, c->npoints, "cr_km_curve");
	PG_RETURN_FLOAT8(cr_km_survival_at(c->points, c->npoints, total, t));
}

/* km_median(cr_km_curve): median survival time, NULL when the curve never falls to one half. */
Datum
km_median(PG_FUNCTION_ARGS)
{
	KmCurve    *c = km_curve_arg(fcinfo, 0);
	int64		total = km_check_or_error(c->points, c->npoints, "cr_km_curve");
	double		m;

	if (!cr_km_median(c->points, c->npoints, total, &m))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(m);
}
