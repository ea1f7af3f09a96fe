/*
 * fit_state.c — the histogram state shared by every model-fitting aggregate (contract in
 * fit_state.h).
 *
 * Distinct rows live in a dense array (so the final function can hand them to the pure-C fit as
 * they are); an open-addressing hash table of 32-bit row indexes, keyed on the bit patterns of
 * the values, finds a row's slot. Linear probing, load factor <= 1/2, grown by doubling. The
 * state is allocated once in the aggregate's memory context and grows there.
 *
 * Serialized form (byte-order independent, via pq_send*):
 *     uint8  version (1)
 *     uint8  ncols (1..CR_FIT_MAX_COLS)
 *     int64  nrows
 *     nrows * (ncols float8 values, float8 weight)
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/memutils.h"

#include "compat.h"
#include "fit_state.h"

#define FIT_STATE_VERSION 1
#define FIT_STATE_MIN_SLOTS 1024
/* Row indexes are stored as uint32 (0 = empty slot), and slots must stay addressable. */
#define FIT_STATE_MAX_ROWS ((int64) 0x40000000)

struct CrFitState
{
	MemoryContext mcxt;			/* where the arrays live (the aggregate context) */
	int			ncols;
	int64		nrows;			/* distinct rows in use */
	int64		rows_alloc;		/* capacity of rows[] */
	CrFitRow   *rows;
	uint32	   *slots;			/* 0 = empty, else row index + 1 */
	uint64		mask;			/* number of slots - 1 (a power of two) */
	double		total_weight;
};

PG_FUNCTION_INFO_V1(customer_rel_fit_combine);
PG_FUNCTION_INFO_V1(customer_rel_fit_serialize);
PG_FUNCTION_INFO_V1(customer_rel_fit_deserialize);

/* The bit pattern of a value, with -0.0 folded into +0.0 so equal values hash equally. */
static inline uint64
value_bits(double v)
{
	uint64		u;

	if (v == 0)
		v = 0;
	memcpy(&u, &v, sizeof(u));
	return u;
}

/* A 64-bit mixer (the splitmix64/murmur3 finaliser) over the value bits. */
static inline uint64
row_hash(const double *v, int ncols)
{
	uint64		h = 0x9e3779b97f4a7c15ULL;
	int			i;

	for (i = 0; i < ncols; i++)
	{
		h ^= value_bits(v[i]);
		h *= 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
		h *= 0x94d049bb133111ebULL;
		h ^= h >> 29;
	}
	return h;
}

static inline bool
row_equal(const double *a, const double *b, int ncols)
{
	int			i;

	for (i = 0; i < ncols; i++)
		if (a[i] != b[i])		/* values are finite, so == is bit equality up to the sign of 0 */
			return false;
	return true;
}

static void *
state_alloc(MemoryContext mcxt, Size size)
{
	return MemoryContextAllocExtended(mcxt, size, MCXT_ALLOC_HUGE);
}

static CrFitState *
fit_state_new(MemoryContext mcxt, int ncols, int64 expected_rows)
{
	CrFitState *st;
	uint64		nslots = FIT_STATE_MIN_SLOTS;

	if (ncols < 1 || ncols > CR_FIT_MAX_COLS)
		elog(ERROR, "fit state with %d columns is not supported", ncols);
	while ((int64) (nslots / 2) < expected_rows)
		nslots *= 2;

	st = (CrFitState *) MemoryContextAllocZero(mcxt, sizeof(CrFitState));
	st->mcxt = mcxt;
	st->ncols = ncols;
	st->nrows = 0;
	st->rows_alloc = (int64) (nslots / 2);
	st->rows = (CrFitRow *) state_alloc(mcxt, sizeof(CrFitRow) * st->rows_alloc);
	st->slots = (uint32 *) state_alloc(mcxt, sizeof(uint32) * nslots);
	memset(st->slots, 0, sizeof(uint32) * nslots);
	st->mask = nslots - 1;
	st->total_weight = 0;
	return st;
}

/* Double the hash table and the row array, and re-insert every row. */
static void
fit_state_grow(CrFitState *st)
{
	uint64		nslots = (st->mask + 1) * 2;
	uint32	   *slots;
	CrFitRow   *rows;
	int64		i;

	if (st->rows_alloc * 2 > FIT_STATE_MAX_ROWS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct rows for a model fit"),
				 errdetail("The limit is " INT64_FORMAT " distinct rows.", FIT_STATE_MAX_ROWS),
				 errhint("Round the inputs (for example to whole days) so identical customers collapse.")));

	rows = (CrFitRow *) state_alloc(st->mcxt, sizeof(CrFitRow) * st->rows_alloc * 2);
	memcpy(rows, st->rows, sizeof(CrFitRow) * st->nrows);
	pfree(st->rows);
	st->rows = rows;
	st->rows_alloc *= 2;

	slots = (uint32 *) state_alloc(st->mcxt, sizeof(uint32) * nslots);
	memset(slots, 0, sizeof(uint32) * nslots);
	pfree(st->slots);
	st->slots = slots;
	st->mask = nslots - 1;
	for (i = 0; i < st->nrows; i++)
	{
		uint64		h = row_hash(st->rows[i].v, st->ncols) & st->mask;

		while (slots[h] != 0)
			h = (h + 1) & st->mask;
		slots[h] = (uint32) (i + 1);
	}
}

void
cr_fit_state_add(CrFitState *st, const double *v, double w)
{
	uint64		h;
	int			ncols = st->ncols;

	h = row_hash(v, ncols) & st->mask;
	for (;;)
	{
		uint32		s = st->slots[h];

		if (s == 0)
			break;
		if (row_equal(st->rows[s - 1].v, v, ncols))
		{
			st->rows[s - 1].weight += w;
			st->total_weight += w;
			return;
		}
		h = (h + 1) & st->mask;
	}

	/* A new distinct row. */
	if (st->nrows >= st->rows_alloc)
	{
		fit_state_grow(st);
		h = row_hash(v, ncols) & st->mask;
		while (st->slots[h] != 0)
			h = (h + 1) & st->mask;
	}
	{
		CrFitRow   *row = &st->rows[st->nrows];
		int			i;

		for (i = 0; i < CR_FIT_MAX_COLS; i++)
			row->v[i] = (i < ncols) ? (v[i] == 0 ? 0.0 : v[i]) : 0.0;
		row->weight = w;
		st->nrows++;
		st->slots[h] = (uint32) st->nrows;
		st->total_weight += w;
	}
}

CrFitState *
cr_fit_state_get(FunctionCallInfo fcinfo, int ncols)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "model-fitting transition function called in non-aggregate context");
	if (!PG_ARGISNULL(0))
	{
		CrFitState *st = (CrFitState *) PG_GETARG_POINTER(0);

		if (st->ncols != ncols)
			elog(ERROR, "fit state has %d columns, expected %d", st->ncols, ncols);
		return st;
	}
	return fit_state_new(aggcontext, ncols, 0);
}

const CrFitRow *
cr_fit_state_rows(CrFitState *st, int64 *nrows, double *total_weight)
{
	*nrows = st->nrows;
	*total_weight = st->total_weight;
	return st->rows;
}

/* Add every row of src into dst (dst lives in its own context). */
static void
fit_state_merge(CrFitState *dst, const CrFitState *src)
{
	int64		i;

	for (i = 0; i < src->nrows; i++)
		cr_fit_state_add(dst, src->rows[i].v, src->rows[i].weight);
}

Datum
customer_rel_fit_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	CrFitState *s1;
	CrFitState *s2;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "customer_rel_fit_combine called in non-aggregate context");

	s1 = PG_ARGISNULL(0) ? NULL : (CrFitState *) PG_GETARG_POINTER(0);
	s2 = PG_ARGISNULL(1) ? NULL : (CrFitState *) PG_GETARG_POINTER(1);

	if (s2 == NULL)
	{
		if (s1 == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s1);
	}
	if (s1 == NULL)
	{
		/*
		 * Copy: s2 may live in a shorter-lived context (e.g. just deserialized). Same table
		 * size, so the arrays copy as they are, without hashing again.
		 */
		s1 = (CrFitState *) MemoryContextAllocZero(aggcontext, sizeof(CrFitState));
		s1->mcxt = aggcontext;
		s1->ncols = s2->ncols;
		s1->nrows = s2->nrows;
		s1->rows_alloc = s2->rows_alloc;
		s1->mask = s2->mask;
		s1->total_weight = s2->total_weight;
		s1->rows = (CrFitRow *) state_alloc(aggcontext, sizeof(CrFitRow) * s2->rows_alloc);
		memcpy(s1->rows, s2->rows, sizeof(CrFitRow) * s2->nrows);
		s1->slots = (uint32 *) state_alloc(aggcontext, sizeof(uint32) * (s2->mask + 1));
		memcpy(s1->slots, s2->slots, sizeof(uint32) * (s2->mask + 1));
		PG_RETURN_POINTER(s1);
	}
	if (s1->ncols != s2->ncols)
		elog(ERROR, "cannot combine fit states with %d and %d columns", s1->ncols, s2->ncols);
	fit_state_merge(s1, s2);
	PG_RETURN_POINTER(s1);
}

Datum
customer_rel_fit_serialize(PG_FUNCTION_ARGS)
{
	CrFitState *st;
	StringInfoData buf;
	int64		i;
	int			j;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "customer_rel_fit_serialize called in non-aggregate context");
	st = (CrFitState *) PG_GETARG_POINTER(0);

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, FIT_STATE_VERSION);
	pq_sendbyte(&buf, (uint8) st->ncols);
	pq_sendint64(&buf, st->nrows);
	for (i = 0; i < st->nrows; i++)
	{
		for (j = 0; j < st->ncols; j++)
			pq_sendfloat8(&buf, st->rows[i].v[j]);
		pq_sendfloat8(&buf, st->rows[i].weight);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
malformed(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("malformed model-fit aggregate state"),
			 errdetail("%s", why)));
}

Datum
customer_rel_fit_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *sstate;
	StringInfoData buf;
	int			version,
				ncols;
	int64		nrows,
				i;
	int64		payload;
	CrFitState *st;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "customer_rel_fit_deserialize called in non-aggregate context");
	sstate = PG_GETARG_BYTEA_PP(0);

	/* A read-only StringInfo over the bytes (as PostgreSQL's own deserializers do). */
	buf.data = VARDATA_ANY(sstate);
	buf.len = VARSIZE_ANY_EXHDR(sstate);
	buf.maxlen = buf.len;
	buf.cursor = 0;

	if (buf.len < 2 + 8)
		malformed("The state is shorter than its header.");
	version = pq_getmsgbyte(&buf);
	if (version != FIT_STATE_VERSION)
		malformed(psprintf("Unknown state version %d.", version));
	ncols = pq_getmsgbyte(&buf);
	if (ncols < 1 || ncols > CR_FIT_MAX_COLS)
		malformed(psprintf("The state has %d columns.", ncols));
	nrows = pq_getmsgint64(&buf);
	payload = buf.len - buf.cursor;
	if (nrows < 0 || nrows > FIT_STATE_MAX_ROWS ||
		payload != nrows * (int64) (ncols + 1) * 8)
		malformed(psprintf("The state claims " INT64_FORMAT " rows in %d bytes.",
						   nrows, (int) payload));

	st = fit_state_new(CurrentMemoryContext, ncols, nrows);
	for (i = 0; i < nrows; i++)
	{
		double		v[CR_FIT_MAX_COLS];
		double		w;
		int			j;

		for (j = 0; j < ncols; j++)
		{
			v[j] = pq_getmsgfloat8(&buf);
			if (!isfinite(v[j]))
				malformed("A value is not a finite number.");
		}
		w = pq_getmsgfloat8(&buf);
		if (!isfinite(w) || !(w > 0))
			malformed("A weight is not a positive finite number.");
		cr_fit_state_add(st, v, w);
	}
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(st);
}
