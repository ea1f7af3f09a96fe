/*
 * logrank_sql.c — SQL face of the log-rank test (math in src/core/logrank.c): the aggregates
 * logrank_test(duration, event, grp [, stratum]) over subjects and km_logrank(grp [, stratum],
 * curve) over stored cr_km_curve life tables, both returning cr_logrank_test.
 *
 * One collecting state serves all four: a life table per (stratum, group) cell, that is a count
 * of events and of censored subjects per (cell, distinct duration). Memory grows with cells
 * times distinct durations, not with rows. The final function and the serialized form sort
 * cells by (stratum, group) bytes and times increasing, so the state's bytes and the result's
 * bits are the same whatever the plan and the order of the rows.
 */
#include "postgres.h"

#include "miscadmin.h"

#include <math.h>
#include <stdlib.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "compat.h"
#include "agg_state.h"
#include "hash64.h"
#include "kaplan_meier.h"
#include "km_sql.h"
#include "logrank.h"
#include "validate.h"

PG_FUNCTION_INFO_V1(logrank_test_trans);
PG_FUNCTION_INFO_V1(logrank_test_strata_trans);
PG_FUNCTION_INFO_V1(km_logrank_trans);
PG_FUNCTION_INFO_V1(km_logrank_strata_trans);
PG_FUNCTION_INFO_V1(logrank_test_combine);
PG_FUNCTION_INFO_V1(logrank_test_final);

#define LR_SERIAL_VERSION 1
#define LR_SERIAL_KIND 'L'
/* The k-group statistic costs O(k^2) per event time: a test, not a table of every customer. */
#define LR_MAX_GROUPS 1000
/* Strata times groups: the core's table of life tables. */
#define LR_MAX_CELLS 10000000

/* ---- a (stratum, group) cell: key bytes = int32 stratum length, stratum, group */
typedef struct LrKey
{
	const char *ptr;
	uint32		len;
} LrKey;

typedef struct LrCellEntry
{
	LrKey		key;
	uint32		hash;
	int32		id;
	char		status;
} LrCellEntry;

#define SH_PREFIX lr_cell
#define SH_ELEMENT_TYPE LrCellEntry
#define SH_KEY_TYPE LrKey
#define SH_KEY key
#define SH_HASH_KEY(tb, k) hash_bytes((const unsigned char *) (k).ptr, (int) (k).len)
#define SH_EQUAL(tb, a, b) ((a).len == (b).len && memcmp((a).ptr, (b).ptr, (a).len) == 0)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) a->hash
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* ---- (cell, duration) → counts */
typedef struct LrPointKey
{
	uint64		time;			/* the duration's IEEE bits (-0 folded into +0) */
	int32		cell;
} LrPointKey;

typedef struct LrPointEntry
{
	LrPointKey	key;
	int64		events;
	int64		censored;
	char		status;
} LrPointEntry;

#define SH_PREFIX lr_point
#define SH_ELEMENT_TYPE LrPointEntry
#define SH_KEY_TYPE LrPointKey
#define SH_KEY key
#define SH_HASH_KEY(tb, k) cr_hash64((k).time ^ ((uint64) (uint32) (k).cell * UINT64CONST(0x9e3779b97f4a7c15)))
#define SH_EQUAL(tb, a, b) ((a).time == (b).time && (a).cell == (b).cell)
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

typedef struct LrCell
{
	char	   *key;			/* int32 stratum length, stratum bytes, group bytes */
	uint32		len;
} LrCell;

typedef struct LrState
{
	MemoryContext ctx;
	lr_cell_hash *cells;
	lr_point_hash *points;
	LrCell	   *cell;			/* by id */
	int32		ncells;
	int32		cap;
	int32		last;			/* the cell of the previous row, -1: rows usually come in runs */
	StringInfoData scratch;		/* the key being looked up */
} LrState;

static LrState *
lr_state_new(MemoryContext ctx)
{
	LrState    *st = MemoryContextAllocZero(ctx, sizeof(LrState));
	MemoryContext old = MemoryContextSwitchTo(ctx);

	st->ctx = ctx;
	st->cells = lr_cell_create(ctx, 16, NULL);
	st->points = lr_point_create(ctx, 256, NULL);
	st->cap = 16;
	st->cell = palloc(sizeof(LrCell) * st->cap);
	st->last = -1;
	initStringInfo(&st->scratch);
	MemoryContextSwitchTo(old);
	return st;
}

static inline int32
lr_key_stratum_len(const char *key)
{
	int32		slen;

	memcpy(&slen, key, sizeof(int32));
	return slen;
}

/* The cell of (stratum, group), created on first sight. */
static int32
lr_cell_id(LrState *st, const char *s, int32 slen, const char *g, int32 glen)
{
	uint32		len = sizeof(int32) + slen + glen;
	LrCellEntry *e;
	bool		found;
	LrKey		k;

	if (st->last >= 0)
	{
		const LrCell *c = &st->cell[st->last];

		if (c->len == len && lr_key_stratum_len(c->key) == slen
			&& memcmp(c->key + sizeof(int32), s, slen) == 0
			&& memcmp(c->key + sizeof(int32) + slen, g, glen) == 0)
			return st->last;
	}
	resetStringInfo(&st->scratch);
	appendBinaryStringInfo(&st->scratch, (const char *) &slen, sizeof(int32));
	appendBinaryStringInfo(&st->scratch, s, slen);
	appendBinaryStringInfo(&st->scratch, g, glen);
	k.ptr = st->scratch.data;
	k.len = len;
	e = lr_cell_insert(st->cells, k, &found);
	if (!found)
	{
		char	   *copy = MemoryContextAlloc(st->ctx, len);

		if (st->ncells >= LR_MAX_CELLS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("a log-rank test cannot have more than %d (stratum, group) pairs",
							LR_MAX_CELLS)));
		memcpy(copy, st->scratch.data, len);
		e->key.ptr = copy;
		e->id = st->ncells;
		if (st->ncells == st->cap)
		{
			st->cap *= 2;
			st->cell = repalloc(st->cell, sizeof(LrCell) * st->cap);
		}
		st->cell[st->ncells].key = copy;
		st->cell[st->ncells].len = len;
		st->ncells++;
	}
	st->last = e->id;
	return e->id;
}

static inline uint64
lr_time_key(double t)
{
	uint64		k;

	if (t == 0)
		t = 0;					/* -0 and +0 are one time */
	memcpy(&k, &t, sizeof(k));
	return k;
}

static inline double
lr_key_time(uint64 k)
{
	double		t;

	memcpy(&t, &k, sizeof(t));
	return t;
}

static void
lr_add(LrState *st, int32 cell, double t, int64 events, int64 censored)
{
	LrPointKey	k;
	LrPointEntry *e;
	bool		found;

	k.time = lr_time_key(t);
	k.cell = cell;
	e = lr_point_insert(st->points, k, &found);
	if (!found)
		e->events = e->censored = 0;
	if (pg_add_s64_overflow(e->events, events, &e->events)
		|| pg_add_s64_overflow(e->censored, censored, &e->censored))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("a log-rank test has more subjects at one duration than bigint can count")));
}

/* ---------------------------------------------------------------- transitions */

/* The state of a transition call; NULL arguments among first..last leave it as it is. */
static bool
lr_skip_row(FunctionCallInfo fcinfo, int first, int last)
{
	int			i;

	for (i = first; i <= last; i++)
		if (PG_ARGISNULL(i))
			return true;
	return false;
}

#define LR_RETURN_UNCHANGED(st) \
	do { if ((st) == NULL) PG_RETURN_NULL(); PG_RETURN_POINTER(st); } while (0)

/* One subject: (duration, event, group [, stratum]) from argument 1 on. */
static Datum
lr_trans_subject(FunctionCallInfo fcinfo, bool strata)
{
	MemoryContext ctx = cr_aggregate_context(fcinfo);
	LrState    *st = PG_ARGISNULL(0) ? NULL : (LrState *) PG_GETARG_POINTER(0);
	double		d;
	bool		ev;
	text	   *g,
			   *s = NULL;
	int32		cell;

	if (lr_skip_row(fcinfo, 1, strata ? 4 : 3))
		LR_RETURN_UNCHANGED(st);
	d = PG_GETARG_FLOAT8(1);
	ev = PG_GETARG_BOOL(2);
	g = PG_GETARG_TEXT_PP(3);
	if (strata)
		s = PG_GETARG_TEXT_PP(4);
	cr_require_nonnegative(d, "duration");
	if (st == NULL)
		st = lr_state_new(ctx);
	cell = lr_cell_id(st, s ? VARDATA_ANY(s) : "", s ? VARSIZE_ANY_EXHDR(s) : 0,
					  VARDATA_ANY(g), VARSIZE_ANY_EXHDR(g));
	lr_add(st, cell, d, ev ? 1 : 0, ev ? 0 : 1);
	PG_RETURN_POINTER(st);
}

/* logrank_test_trans(internal, duration float8, event bool, grp text) */
Datum
logrank_test_trans(PG_FUNCTION_ARGS)
{
	return lr_trans_subject(fcinfo, false);
}

/* logrank_test_strata_trans(internal, duration float8, event bool, grp text, stratum text) */
Datum
logrank_test_strata_trans(PG_FUNCTION_ARGS)
{
	return lr_trans_subject(fcinfo, true);
}

/* A stored life table: (group [, stratum], curve) from argument 1 on. */
static Datum
lr_trans_curve(FunctionCallInfo fcinfo, bool strata)
{
	MemoryContext ctx = cr_aggregate_context(fcinfo);
	LrState    *st = PG_ARGISNULL(0) ? NULL : (LrState *) PG_GETARG_POINTER(0);
	int			curve_arg = strata ? 3 : 2;
	text	   *g,
			   *s = NULL;
	const CrKmPoint *p;
	int64		n,
				i;
	int32		cell;

	if (lr_skip_row(fcinfo, 1, curve_arg))
		LR_RETURN_UNCHANGED(st);
	g = PG_GETARG_TEXT_PP(1);
	if (strata)
		s = PG_GETARG_TEXT_PP(2);
	p = cr_km_curve_points(fcinfo, curve_arg, &n);
	if (st == NULL)
		st = lr_state_new(ctx);
	cell = lr_cell_id(st, s ? VARDATA_ANY(s) : "", s ? VARSIZE_ANY_EXHDR(s) : 0,
					  VARDATA_ANY(g), VARSIZE_ANY_EXHDR(g));
	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		lr_add(st, cell, p[i].time, p[i].events, p[i].censored);
	}
	PG_RETURN_POINTER(st);
}

/* km_logrank_trans(internal, grp text, curve cr_km_curve) */
Datum
km_logrank_trans(PG_FUNCTION_ARGS)
{
	return lr_trans_curve(fcinfo, false);
}

/* km_logrank_strata_trans(internal, grp text, stratum text, curve cr_km_curve) */
Datum
km_logrank_strata_trans(PG_FUNCTION_ARGS)
{
	return lr_trans_curve(fcinfo, true);
}

Datum
logrank_test_combine(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = cr_aggregate_context(fcinfo);
	LrState    *a = PG_ARGISNULL(0) ? NULL : (LrState *) PG_GETARG_POINTER(0);
	LrState    *b = PG_ARGISNULL(1) ? NULL : (LrState *) PG_GETARG_POINTER(1);
	lr_point_iterator it;
	LrPointEntry *e;
	int32	   *map;
	int32		i;

	if (b == NULL || b->ncells == 0)
		LR_RETURN_UNCHANGED(a);
	if (a == NULL)
		a = lr_state_new(ctx);
	map = palloc(sizeof(int32) * b->ncells);
	for (i = 0; i < b->ncells; i++)
	{
		const char *k = b->cell[i].key;
		int32		slen = lr_key_stratum_len(k);

		map[i] = lr_cell_id(a, k + sizeof(int32), slen, k + sizeof(int32) + slen,
							b->cell[i].len - sizeof(int32) - slen);
	}
	lr_point_start_iterate(b->points, &it);
	while ((e = lr_point_iterate(b->points, &it)) != NULL)
	{
		CHECK_FOR_INTERRUPTS();
		lr_add(a, map[e->key.cell], lr_key_time(e->key.time), e->events, e->censored);
	}
	pfree(map);
	PG_RETURN_POINTER(a);
}

/* ---------------------------------------------------------------- canonical order */

/* Byte order of (stratum, group): memcmp, then the shorter first. */
static int
lr_bytes_cmp(const char *a, int32 alen, const char *b, int32 blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

static LrState *lr_sort_state;	/* qsort has no context argument */

static int
lr_cell_cmp(const void *x, const void *y)
{
	const LrCell *a = &lr_sort_state->cell[*(const int32 *) x];
	const LrCell *b = &lr_sort_state->cell[*(const int32 *) y];
	int32		sa = lr_key_stratum_len(a->key),
				sb = lr_key_stratum_len(b->key);
	int			c = lr_bytes_cmp(a->key + sizeof(int32), sa, b->key + sizeof(int32), sb);

	if (c != 0)
		return c;
	return lr_bytes_cmp(a->key + sizeof(int32) + sa, a->len - sizeof(int32) - sa,
						b->key + sizeof(int32) + sb, b->len - sizeof(int32) - sb);
}

/*
 * The state in canonical order: *order receives the cell ids sorted by (stratum, group), and
 * pts[id] / npts[id] each cell's life table sorted by time.
 */
static void
lr_sorted(LrState *st, int32 **order, CrKmPoint ***pts, size_t **npts)
{
	lr_point_iterator it;
	LrPointEntry *e;
	int32		i;
	size_t	   *fill;

	*order = palloc(sizeof(int32) * Max(st->ncells, 1));
	for (i = 0; i < st->ncells; i++)
		(*order)[i] = i;
	lr_sort_state = st;
	qsort(*order, st->ncells, sizeof(int32), lr_cell_cmp);
	lr_sort_state = NULL;

	*npts = palloc0(sizeof(size_t) * Max(st->ncells, 1));
	*pts = palloc(sizeof(CrKmPoint *) * Max(st->ncells, 1));
	fill = palloc0(sizeof(size_t) * Max(st->ncells, 1));
	lr_point_start_iterate(st->points, &it);
	while ((e = lr_point_iterate(st->points, &it)) != NULL)
		(*npts)[e->key.cell]++;
	for (i = 0; i < st->ncells; i++)
		(*pts)[i] = palloc_extended(sizeof(CrKmPoint) * Max((*npts)[i], 1), MCXT_ALLOC_HUGE);
	lr_point_start_iterate(st->points, &it);
	while ((e = lr_point_iterate(st->points, &it)) != NULL)
	{
		CrKmPoint  *p = &(*pts)[e->key.cell][fill[e->key.cell]++];

		CHECK_FOR_INTERRUPTS();
		p->time = lr_key_time(e->key.time);
		p->events = e->events;
		p->censored = e->censored;
	}
	/* Distinct keys: compacting only sorts by time. */
	for (i = 0; i < st->ncells; i++)
		(*npts)[i] = cr_km_compact((*pts)[i], (*npts)[i]);
	pfree(fill);
}

/* ---------------------------------------------------------------- serialization */

/*
 * version byte, kind byte 'L', int32 cells; per cell in (stratum, group) order: int32 stratum
 * length, its bytes, int32 group length, its bytes, int64 points, then per point in time order
 * float8 time, int64 events, int64 censored.
 */
static bytea *
lr_encode(LrState *st)
{
	StringInfoData buf;
	int32	   *order;
	CrKmPoint **pts;
	size_t	   *npts;
	int32		i;

	lr_sorted(st, &order, &pts, &npts);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, LR_SERIAL_VERSION);
	pq_sendbyte(&buf, LR_SERIAL_KIND);
	pq_sendint32(&buf, st->ncells);
	for (i = 0; i < st->ncells; i++)
	{
		const LrCell *c = &st->cell[order[i]];
		int32		slen = lr_key_stratum_len(c->key),
					glen = c->len - sizeof(int32) - slen;
		size_t		j;

		pq_sendint32(&buf, slen);
		pq_sendbytes(&buf, c->key + sizeof(int32), slen);
		pq_sendint32(&buf, glen);
		pq_sendbytes(&buf, c->key + sizeof(int32) + slen, glen);
		pq_sendint64(&buf, (int64) npts[order[i]]);
		for (j = 0; j < npts[order[i]]; j++)
		{
			CHECK_FOR_INTERRUPTS();
			pq_sendfloat8(&buf, pts[order[i]][j].time);
			pq_sendint64(&buf, pts[order[i]][j].events);
			pq_sendint64(&buf, pts[order[i]][j].censored);
		}
	}
	return pq_endtypsend(&buf);
}


static void
lr_bad_state(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("malformed log-rank aggregate state"),
			 errdetail("The state is %s.", why)));
}

static int32
lr_read_len(StringInfo buf)
{
	int32		len;

	if (buf->len - buf->cursor < 4)
		lr_bad_state("truncated length");
	len = pq_getmsgint(buf, 4);
	if (len < 0 || len > buf->len - buf->cursor)
		lr_bad_state("a string is longer than the state");
	return len;
}

/* A state read back into ctx; every length, name and point is checked. */
static LrState *
lr_decode(bytea *data, MemoryContext ctx)
{
	StringInfoData buf;
	LrState    *st;
	int32		ncells,
				i;

	buf.data = VARDATA_ANY(data);
	buf.len = VARSIZE_ANY_EXHDR(data);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (buf.len < 6)
		lr_bad_state("shorter than its header");
	if (pq_getmsgbyte(&buf) != LR_SERIAL_VERSION || pq_getmsgbyte(&buf) != LR_SERIAL_KIND)
		lr_bad_state("unknown version or kind");
	ncells = pq_getmsgint(&buf, 4);
	if (ncells < 0 || ncells > LR_MAX_CELLS)
		lr_bad_state("bad number of cells");
	st = lr_state_new(ctx);
	for (i = 0; i < ncells; i++)
	{
		int32		slen,
					glen,
					cell;
		const char *s,
				   *g;
		int64		n,
					j;

		slen = lr_read_len(&buf);
		s = pq_getmsgbytes(&buf, slen);
		glen = lr_read_len(&buf);
		g = pq_getmsgbytes(&buf, glen);
		/* names come back as text: they must be text of the database encoding (22021) */
		(void) pg_verify_mbstr(GetDatabaseEncoding(), s, slen, false);
		(void) pg_verify_mbstr(GetDatabaseEncoding(), g, glen, false);
		if (buf.len - buf.cursor < 8)
			lr_bad_state("truncated point count");
		n = pq_getmsgint64(&buf);
		if (n < 0 || n > (buf.len - buf.cursor) / 24)
			lr_bad_state("more points than bytes");
		cell = lr_cell_id(st, s, slen, g, glen);
		for (j = 0; j < n; j++)
		{
			double		t = pq_getmsgfloat8(&buf);
			int64		ev = pq_getmsgint64(&buf),
						ce = pq_getmsgint64(&buf);

			CHECK_FOR_INTERRUPTS();
			if (!isfinite(t) || t < 0 || ev < 0 || ce < 0 || (ev == 0 && ce == 0))
				lr_bad_state("invalid point");
			lr_add(st, cell, t, ev, ce);
		}
	}
	pq_getmsgend(&buf);
	return st;
}


/* The SQL type cr_logrank_state (agg_state.h): flat form = the serialized form above. */
static bytea *
lr_type_encode(void *state, uint8 tag)
{
	return lr_encode((LrState *) state);
}

static void *
lr_type_decode(bytea *flat, MemoryContext mcxt, bool validate, uint8 *tag)
{
	*tag = 0;
	return lr_decode(flat, mcxt);
}

const CrAggStateType cr_logrank_state_type = {
	.name = "cr_logrank_state",
	.encode = lr_type_encode,
	.decode = lr_type_decode,
};

/* ---------------------------------------------------------------- the test */

static Datum
lr_text_array(char **s, int32 *len, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * n);
	int			i;

	for (i = 0; i < n; i++)
		d[i] = PointerGetDatum(cstring_to_text_with_len(s[i], len[i]));
	return PointerGetDatum(construct_array(d, n, TEXTOID, -1, false, TYPALIGN_INT));
}

static Datum
lr_int8_array(const int64 *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * n);
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Int64GetDatum(v[i]);
	return PointerGetDatum(construct_array(d, n, INT8OID, sizeof(int64), FLOAT8PASSBYVAL,
										   TYPALIGN_DOUBLE));
}

/*
 * logrank_test_final(internal) → cr_logrank_test (chi_square, df, p_value, n_groups, n_strata,
 * groups, n, observed, expected, variance); NULL when no row was aggregated.
 */
Datum
logrank_test_final(PG_FUNCTION_ARGS)
{
	LrState    *st;
	int32	   *order;
	CrKmPoint **pts;
	size_t	   *npts;
	char	  **gname;
	int32	   *glen,
			   *cell_g,
			   *cell_s;
	int			k = 0,
				s = 0,
				i,
				j;
	const CrKmPoint **table;
	size_t	   *tn;
	CrLogrankResult r;
	TupleDesc	tupdesc;
	Datum		values[10];
	bool		nulls[10] = {false};

	cr_aggregate_context(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (LrState *) PG_GETARG_POINTER(0);
	if (st->ncells == 0)
		PG_RETURN_NULL();
	lr_sorted(st, &order, &pts, &npts);

	/* Strata are runs of the sorted cells; groups, the distinct group names sorted. */
	gname = palloc(sizeof(char *) * st->ncells);
	glen = palloc(sizeof(int32) * st->ncells);
	cell_g = palloc(sizeof(int32) * st->ncells);
	cell_s = palloc(sizeof(int32) * st->ncells);
	for (i = 0; i < st->ncells; i++)
	{
		const LrCell *c = &st->cell[order[i]];
		int32		sl = lr_key_stratum_len(c->key);

		if (i > 0)
		{
			const LrCell *p = &st->cell[order[i - 1]];
			int32		psl = lr_key_stratum_len(p->key);

			if (lr_bytes_cmp(c->key + sizeof(int32), sl, p->key + sizeof(int32), psl) != 0)
				s++;
		}
		cell_s[i] = s;
		gname[i] = c->key + sizeof(int32) + sl;
		glen[i] = c->len - sizeof(int32) - sl;
	}
	s++;
	{
		/* Sort the group names (insertion into a sorted distinct list by binary search). */
		char	  **names = palloc(sizeof(char *) * st->ncells);
		int32	   *nlen = palloc(sizeof(int32) * st->ncells);

		for (i = 0; i < st->ncells; i++)
		{
			int			lo = 0,
						hi = k;

			CHECK_FOR_INTERRUPTS();
			while (lo < hi)
			{
				int			mid = (lo + hi) / 2;

				if (lr_bytes_cmp(names[mid], nlen[mid], gname[i], glen[i]) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < k && lr_bytes_cmp(names[lo], nlen[lo], gname[i], glen[i]) == 0)
				continue;
			if (k >= LR_MAX_GROUPS)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("a log-rank test cannot compare more than %d groups", LR_MAX_GROUPS),
						 errhint("Its cost grows with the square of the number of groups; "
								 "group the subjects into fewer segments.")));
			memmove(names + lo + 1, names + lo, sizeof(char *) * (k - lo));
			memmove(nlen + lo + 1, nlen + lo, sizeof(int32) * (k - lo));
			names[lo] = gname[i];
			nlen[lo] = glen[i];
			k++;
		}
		for (i = 0; i < st->ncells; i++)
		{
			int			lo = 0,
						hi = k - 1;

			while (lo < hi)
			{
				int			mid = (lo + hi) / 2;

				if (lr_bytes_cmp(names[mid], nlen[mid], gname[i], glen[i]) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			cell_g[i] = lo;
		}
		gname = names;
		glen = nlen;
	}
	if (k < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a log-rank test needs at least two groups"),
				 errdetail("Every subject is in group \"%s\".",
						   text_to_cstring(cstring_to_text_with_len(gname[0], glen[0]))),
				 errhint("Pass as grp the column that tells the groups to compare apart.")));
	if ((int64) k * s > LR_MAX_CELLS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a log-rank test cannot have more than %d strata times groups", LR_MAX_CELLS),
				 errdetail("There are %d strata and %d groups.", s, k)));

	table = palloc0(sizeof(CrKmPoint *) * k * s);
	tn = palloc0(sizeof(size_t) * k * s);
	for (i = 0; i < st->ncells; i++)
	{
		j = cell_s[i] * k + cell_g[i];
		table[j] = pts[order[i]];
		tn[j] = npts[order[i]];
	}
	r.n = palloc(sizeof(int64) * k);
	r.observed = palloc(sizeof(int64) * k);
	r.expected = palloc(sizeof(double) * k);
	r.variance = palloc(sizeof(double) * k);
	switch (cr_logrank(k, s, table, tn, &r))
	{
		case CR_LOGRANK_OK:
			break;
		case CR_LOGRANK_TOO_MANY:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("a group of the log-rank test has more subjects than bigint can count")));
			break;
		case CR_LOGRANK_TOO_FEW_GROUPS:
		case CR_LOGRANK_NO_MEMORY:
			elog(ERROR, "logrank_test_final: the core refused %d groups", k);
			break;
	}

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "logrank_test_final: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	if (r.df > 0)
	{
		values[0] = Float8GetDatum(r.chi_square);
		values[2] = Float8GetDatum(r.p_value);
	}
	else
		nulls[0] = nulls[2] = true;
	values[1] = Int32GetDatum(r.df);
	values[3] = Int32GetDatum(k);
	values[4] = Int32GetDatum(s);
	values[5] = lr_text_array(gname, glen, k);
	values[6] = lr_int8_array(r.n, k);
	values[7] = lr_int8_array(r.observed, k);
	values[8] = PointerGetDatum(cr_float8_array_make(r.expected, k));
	values[9] = PointerGetDatum(cr_float8_array_make(r.variance, k));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
