/*
 * fit_state.c — the histogram state shared by every model-fitting aggregate (contract in
 * fit_state.h).
 *
 * A state has one of two forms. A state that takes rows one by one is hashed: its distinct rows
 * in a dense array, in arrival order, and an open-addressing hash table keyed on the bit patterns
 * of the values (linear probing, load factor <= 1/2, grown by doubling). A slot holds the row's
 * index and the high half of its hash, so that a probe reads a row only when the hashes agree:
 * with exact-time data nearly every row is new, and the rows are a random place in tens of
 * megabytes, so reading the row of every occupied slot on the way cost a cache miss per insert.
 * A state read from bytes, or merged from such states, is sorted: its rows as columns, one array
 * per value and one of weights (in one block), in ascending order, which is what the fits read
 * (cr_fit_state_columns hands them over as they are) and what the leader of a parallel plan
 * merges the workers' states into, straight from their bytes. A transition given a sorted state
 * turns it into a hashed one. The state lives in the aggregate's memory context. Its arrays come
 * from cr_alloc_pages (large_alloc.h): first touches of fresh memory are page faults, and where a
 * hypervisor traps them they cost more than the fit unless the pages are 2 MB ones.
 *
 * Serialized form (byte-order independent, big-endian as pq_send* writes), the same for the
 * partial states of parallel query and the portable states of <model>_fit_state:
 *     uint8  version (2; 1 is still read)
 *     uint8  kind (CR_FIT_KIND_*: 0 inside one query, else the letter of the transition)
 *     uint8  ncols (1..CR_FIT_MAX_COLS)
 *     float8 unit_days (the time unit of the rows in days, 0 = not known)
 *     int64  nrows
 *     nrows rows, in ascending order of their values, each:
 *         version 1: ncols float8 values, float8 weight
 *         version 2: uint8 flags, then the float8 values and weight that the flags do not omit:
 *                    ROW_SAME_FIRST omits the first value (the previous row's), ROW_UNIT_WEIGHT
 *                    the weight (1)
 * Version 2 takes 17 bytes for most rows of exact-time data (a frequency shared with the row
 * before, weight 1) where version 1 took 32: every copy of the state that PostgreSQL makes on its
 * way from a worker to the fit (tuple, queue, slot) is that much smaller. A state is canonical:
 * a flag is set exactly when its condition holds, so the same customers give the same bytes
 * whatever the plan that collected them.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "port/pg_bswap.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "compat.h"
#include "validate.h"
#include "agg_state.h"
#include "fit_state.h"
#include "large_alloc.h"
#include "runtime.h"

#define FIT_STATE_VERSION 2
#define FIT_STATE_VERSION_FIXED_ROWS 1	/* the 1.0 form, still read */
#define ROW_SAME_FIRST 0x01		/* v2 row flag: the first value is the previous row's */
#define ROW_UNIT_WEIGHT 0x02	/* v2 row flag: the weight is 1 */
#define ROW_FLAGS (ROW_SAME_FIRST | ROW_UNIT_WEIGHT)
/* version, kind, ncols, unit_days, nrows */
#define FIT_STATE_HEADER_BYTES (3 + 8 + 8)
#define FIT_STATE_MIN_SLOTS 1024
/* Row indexes are stored in 32 bits of a slot (0 = empty), and slots must stay addressable. */
#define FIT_STATE_MAX_ROWS ((int64) 0x40000000)

/*
 * A hash slot: 0 when empty, else the high 32 bits of the row's hash (its tag) above the row's
 * index + 1. The slot's position comes from the hash's low bits (at most 31 of them), so the tag
 * tells apart rows that land in the same run of slots.
 */
typedef uint64 FitSlot;

#define SLOT_TAG_MASK UINT64CONST(0xFFFFFFFF00000000)

static inline FitSlot
slot_make(uint64 hash, int64 row)
{
	return (hash & SLOT_TAG_MASK) | (uint64) (row + 1);
}

static inline int64
slot_row(FitSlot s)
{
	return (int64) (s & ~SLOT_TAG_MASK) - 1;
}

static inline bool
slot_tag_matches(FitSlot s, uint64 hash)
{
	return ((s ^ hash) & SLOT_TAG_MASK) == 0;
}

/* One distinct row of a hashed state. */
typedef struct CrFitRow
{
	double		v[CR_FIT_MAX_COLS];	/* the row's values; unused columns are 0 */
	double		weight;			/* summed weight of identical rows (> 0) */
} CrFitRow;

struct CrFitState
{
	MemoryContext mcxt;			/* where the arrays live (the aggregate context) */
	int			ncols;
	int64		nrows;			/* distinct rows */
	double		total_weight;
	double		unit_days;		/* time unit of the rows in days; 0 = not known */
	bool		sorted;			/* the sorted form (columns), else the hashed form (rows) */

	/* hashed form */
	CrFitRow   *rows;
	int64		rows_alloc;		/* capacity of rows[] */
	FitSlot    *slots;			/* 0 = empty, else slot_make(); NULL after the rows were
								 * sorted in place for the state's bytes (rebuilt when a row
								 * comes) */
	uint64		mask;			/* number of slots - 1 (a power of two) */

	/* sorted form: rows strictly ascending (row_cmp) */
	double	   *block;			/* one allocation holding the columns below */
	double	   *col[CR_FIT_MAX_COLS];	/* the values (ncols arrays in block) */
	double	   *w;				/* the weights (in block) */
};

PG_FUNCTION_INFO_V1(btyd_fit_combine);
PG_FUNCTION_INFO_V1(btyd_fit_serialize);
PG_FUNCTION_INFO_V1(btyd_fit_deserialize);

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

/*
 * The float8 at p in network byte order (pq_sendfloat8's), read without pq_getmsgfloat8's call
 * and bounds check per value: the leader of a parallel fit reads every row of every worker.
 */
static inline double
float8_at(const char *p)
{
	uint64		u;
	double		v;

	memcpy(&u, p, sizeof(u));
	u = pg_ntoh64(u);
	memcpy(&v, &u, sizeof(v));
	return v;
}

/* Writes v at p in network byte order, as pq_sendfloat8 does. */
static inline void
float8_put(char *p, double v)
{
	uint64		u;

	memcpy(&u, &v, sizeof(u));
	u = pg_hton64(u);
	memcpy(p, &u, sizeof(u));
}

/* Writes v at p in network byte order, as pq_sendint64 does. */
static inline void
int64_put(char *p, int64 v)
{
	uint64		u = pg_hton64((uint64) v);

	memcpy(p, &u, sizeof(u));
}

/* Ascending order of the values (rows are distinct, so no two compare equal). */
static inline int
row_cmp(const CrFitRow *a, const CrFitRow *b)
{
	int			i;

	for (i = 0; i < CR_FIT_MAX_COLS; i++)
		if (a->v[i] != b->v[i])
			return a->v[i] < b->v[i] ? -1 : 1;
	return 0;
}

/*
 * The same order, answering a cancel about every million comparisons: a sort of millions of
 * distinct rows (exact-time data) runs for seconds.
 */
static uint32 sort_comparisons = 0;

static inline int
row_cmp_interruptible(const CrFitRow *a, const CrFitRow *b)
{
	if (unlikely((++sort_comparisons & ((1u << 20) - 1)) == 0))
		CHECK_FOR_INTERRUPTS();
	return row_cmp(a, b);
}

/*
 * sort_fit_rows(rows, n): quicksort with the comparison inlined (PostgreSQL's sort template),
 * about twice as fast as qsort's call through a function pointer per comparison.
 */
#define ST_SORT sort_fit_rows
#define ST_ELEMENT_TYPE CrFitRow
#define ST_COMPARE(a, b) row_cmp_interruptible(a, b)
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

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

/* 54000 when a state would hold more than FIT_STATE_MAX_ROWS distinct rows. */
static void
check_row_limit(int64 nrows)
{
	if (nrows > FIT_STATE_MAX_ROWS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct rows for a model fit"),
				 errdetail("The limit is " INT64_FORMAT " distinct rows.", FIT_STATE_MAX_ROWS),
				 errhint("Round the inputs (for example to whole days) so identical customers collapse.")));
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
	st->rows = (CrFitRow *) cr_alloc_pages(mcxt, sizeof(CrFitRow) * st->rows_alloc);
	st->slots = (FitSlot *) cr_alloc_pages(mcxt, sizeof(FitSlot) * nslots);
	memset(st->slots, 0, sizeof(FitSlot) * nslots);
	st->mask = nslots - 1;
	st->total_weight = 0;
	return st;
}

/* A new hash table (mask + 1 slots) over the rows of a hashed state. */
static void
hash_rows(CrFitState *st)
{
	int64		i;

	if (st->slots)
		cr_free_pages(st->slots);
	st->slots = (FitSlot *) cr_alloc_pages(st->mcxt, sizeof(FitSlot) * (st->mask + 1));
	memset(st->slots, 0, sizeof(FitSlot) * (st->mask + 1));
	for (i = 0; i < st->nrows; i++)
	{
		uint64		hash = row_hash(st->rows[i].v, st->ncols),
					h = hash & st->mask;

		if (CR_EVERY(i, 65536))
			CHECK_FOR_INTERRUPTS();
		while (st->slots[h] != 0)
			h = (h + 1) & st->mask;
		st->slots[h] = slot_make(hash, i);
	}
}

/* Double the hash table and the row array, and re-insert every row. */
static void
fit_state_grow(CrFitState *st)
{
	CrFitRow   *rows;

	check_row_limit(st->rows_alloc * 2);

	rows = (CrFitRow *) cr_alloc_pages(st->mcxt, sizeof(CrFitRow) * st->rows_alloc * 2);
	memcpy(rows, st->rows, sizeof(CrFitRow) * st->nrows);
	cr_free_pages(st->rows);
	st->rows = rows;
	st->rows_alloc *= 2;
	st->mask = st->mask * 2 + 1;
	hash_rows(st);
}

/*
 * A sorted state's column pointers, copied into locals by the loops over its rows: PostgreSQL
 * builds with -fno-strict-aliasing, so with the pointers read through the state the compiler
 * would load them again after every store of a value.
 */
typedef struct ColumnPtrs
{
	double	   *v[CR_FIT_MAX_COLS];
	double	   *w;
} ColumnPtrs;

static pg_attribute_always_inline void
column_ptrs(const CrFitState *st, ColumnPtrs *c)
{
	int			j;

	for (j = 0; j < CR_FIT_MAX_COLS; j++)
		c->v[j] = j < st->ncols ? st->col[j] : NULL;
	c->w = st->w;
}

static pg_attribute_always_inline void
ptrs_row(const ColumnPtrs *c, int ncols, int64 i, CrFitRow *row)
{
	int			j;

	for (j = 0; j < CR_FIT_MAX_COLS; j++)
		row->v[j] = j < ncols ? c->v[j][i] : 0.0;
	row->weight = c->w[i];
}

static pg_attribute_always_inline void
ptrs_set_row(const ColumnPtrs *c, int ncols, int64 i, const CrFitRow *row)
{
	int			j;

	for (j = 0; j < ncols; j++)
		c->v[j][i] = row->v[j];
	c->w[i] = row->weight;
}

/* Row i of a sorted state (unused columns 0, as in a hashed state's rows). */
static inline void
column_row(const CrFitState *st, int64 i, CrFitRow *row)
{
	ColumnPtrs	c;

	column_ptrs(st, &c);
	ptrs_row(&c, st->ncols, i, row);
}

/* A new block for a sorted state's columns, with room for n rows each (its rows not copied). */
static void
columns_alloc(CrFitState *st, int64 n)
{
	int			j;

	check_row_limit(n);
	n = Max(n, 1);
	st->block = (double *) cr_alloc_pages(st->mcxt, sizeof(double) * (st->ncols + 1) * n);
	for (j = 0; j < CR_FIT_MAX_COLS; j++)
		st->col[j] = j < st->ncols ? st->block + j * n : NULL;
	st->w = st->block + st->ncols * n;
}

/* Frees a sorted state's columns (the state then holds none). */
static void
columns_free(CrFitState *st)
{
	int			j;

	if (st->block)
		cr_free_pages(st->block);
	st->block = NULL;
	for (j = 0; j < CR_FIT_MAX_COLS; j++)
		st->col[j] = NULL;
	st->w = NULL;
}

/* Frees a state of either form and its arrays. */
static void
fit_state_free(CrFitState *st)
{
	if (st->rows)
		cr_free_pages(st->rows);
	if (st->slots)
		cr_free_pages(st->slots);
	columns_free(st);
	pfree(st);
}

/*
 * A new, empty sorted state in mcxt, with room for n rows (none allocated when n is 0: a merge
 * makes its columns).
 */
static CrFitState *
sorted_state_new(MemoryContext mcxt, int ncols, int64 n)
{
	CrFitState *st = (CrFitState *) MemoryContextAllocZero(mcxt, sizeof(CrFitState));

	st->mcxt = mcxt;
	st->ncols = ncols;
	st->sorted = true;
	if (n > 0)
		columns_alloc(st, n);
	return st;
}

/*
 * Turns a sorted state into a hashed one, to take rows one by one: its rows go into a row array
 * and a hash table, in their order.
 */
static void
fit_state_build_hash(CrFitState *st)
{
	uint64		nslots = FIT_STATE_MIN_SLOTS;
	int64		i;

	while ((int64) (nslots / 2) < st->nrows + 1)
		nslots *= 2;
	st->rows_alloc = (int64) (nslots / 2);
	st->rows = (CrFitRow *) cr_alloc_pages(st->mcxt, sizeof(CrFitRow) * st->rows_alloc);
	st->mask = nslots - 1;
	for (i = 0; i < st->nrows; i++)
	{
		if (CR_EVERY(i, 65536))
			CHECK_FOR_INTERRUPTS();
		column_row(st, i, &st->rows[i]);
	}
	hash_rows(st);
	columns_free(st);
	st->sorted = false;
}

/*
 * Sorts a hashed state's rows where they are and drops its hash table, which no longer matches
 * them (a row that still comes builds it again): for the state's bytes and for a fit, which both
 * come when the aggregate is done. A sorted copy would be as much memory again, touched for the
 * first time.
 */
static void
sort_rows_in_place(CrFitState *st)
{
	if (st->sorted || st->slots == NULL)
		return;
	sort_fit_rows(st->rows, st->nrows);
	cr_free_pages(st->slots);
	st->slots = NULL;
}

/* 22003 once the weights add up to more than a double holds (each row's weight is then finite too). */
static inline void
check_total_weight(const CrFitState *st)
{
	if (unlikely(isinf(st->total_weight)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("total weight of the model fit is out of range for type double precision"),
				 errhint("Weights count customers; scale them down: the fitted parameters depend only on their proportions.")));
}

void
cr_fit_state_add(CrFitState *st, const double *v, double w)
{
	uint64		hash,
				h;
	int			ncols = st->ncols;

	if (unlikely(st->sorted))
		fit_state_build_hash(st);
	else if (unlikely(st->slots == NULL))
		hash_rows(st);
	hash = row_hash(v, ncols);
	h = hash & st->mask;
	for (;;)
	{
		FitSlot		s = st->slots[h];

		if (s == 0)
			break;
		if (slot_tag_matches(s, hash) && row_equal(st->rows[slot_row(s)].v, v, ncols))
		{
			st->rows[slot_row(s)].weight += w;
			st->total_weight += w;
			check_total_weight(st);
			return;
		}
		h = (h + 1) & st->mask;
	}

	/* A new distinct row. */
	if (st->nrows >= st->rows_alloc)
	{
		fit_state_grow(st);
		h = hash & st->mask;
		while (st->slots[h] != 0)
			h = (h + 1) & st->mask;
	}
	{
		CrFitRow   *row = &st->rows[st->nrows];
		int			i;

		for (i = 0; i < CR_FIT_MAX_COLS; i++)
			row->v[i] = (i < ncols) ? (v[i] == 0 ? 0.0 : v[i]) : 0.0;
		row->weight = w;
		st->slots[h] = slot_make(hash, st->nrows);
		st->nrows++;
		st->total_weight += w;
		check_total_weight(st);
	}
}

CrFitState *
cr_fit_state_get(FunctionCallInfo fcinfo, int ncols)
{
	MemoryContext aggcontext;

	aggcontext = cr_aggregate_context(fcinfo);
	if (!PG_ARGISNULL(0))
	{
		CrFitState *st = (CrFitState *) PG_GETARG_POINTER(0);

		if (st->ncols != ncols)
			elog(ERROR, "fit state has %d columns, expected %d", st->ncols, ncols);
		return st;
	}
	return fit_state_new(aggcontext, ncols, 0);
}

int64
cr_fit_state_columns(CrFitState *st, const double **cols, const double **w, double *total_weight)
{
	double	   *c[CR_FIT_MAX_COLS],
			   *cw;
	int64		i;
	int			j;

	*total_weight = st->total_weight;
	for (j = 0; j < CR_FIT_MAX_COLS; j++)
		cols[j] = NULL;
	*w = NULL;
	if (st->nrows == 0)
		return 0;
	if (st->sorted)
	{
		/* the state's own columns: nothing to copy */
		for (j = 0; j < st->ncols; j++)
			cols[j] = st->col[j];
		*w = st->w;
		return st->nrows;
	}
	sort_rows_in_place(st);
	/* one block, freed with the caller's context */
	c[0] = cr_alloc_pages(CurrentMemoryContext, sizeof(double) * (st->ncols + 1) * st->nrows);
	for (j = 0; j < st->ncols; j++)
		cols[j] = c[j] = c[0] + j * st->nrows;
	*w = cw = c[0] + st->ncols * st->nrows;
	for (i = 0; i < st->nrows; i++)
	{
		if (CR_EVERY(i, 65536))
			CHECK_FOR_INTERRUPTS();
		for (j = 0; j < st->ncols; j++)
			c[j][i] = st->rows[i].v[j];
		cw[i] = st->rows[i].weight;
	}
	return st->nrows;
}

static const char *
unit_text(double unit_days)
{
	return unit_days > 0 ? psprintf("units of %g %s", unit_days, unit_days == 1 ? "day" : "days")
		: "no time unit";
}

void
cr_fit_state_set_unit(CrFitState *st, double unit_days)
{
	if (st->nrows == 0)
		st->unit_days = unit_days;
	else if (st->unit_days != unit_days)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot fit a model to customers summarised in different time units"),
				 errdetail("Some customers are in %s, others in %s.",
						   unit_text(st->unit_days), unit_text(unit_days)),
				 errhint("Summarise every customer with the same unit argument of rfm_summary.")));
}

double
cr_fit_state_unit(const CrFitState *st)
{
	return st->unit_days;
}

/*
 * The bytes a row takes after its flag byte (version 2), or in all (version 1, whose rows have
 * every value and the weight: flags 0 and no flag byte).
 */
static inline Size
row_value_bytes(int ncols, int flags)
{
	return 8 * (ncols + 1) - ((flags & ROW_SAME_FIRST) ? 8 : 0) - ((flags & ROW_UNIT_WEIGHT) ? 8 : 0);
}

/* The rows of a state's bytes, read one after the other (either version). */
typedef struct ByteRows
{
	const char *p;				/* the next row */
	const char *end;			/* the end of the rows */
	int			version;
	double		first;			/* the previous row's first value (version 2) */
	int64		read;			/* rows read so far */
} ByteRows;

static void
byte_rows_start(ByteRows *r, const char *p, const char *end, int version)
{
	r->p = p;
	r->end = end;
	r->version = version;
	r->first = 0;
	r->read = 0;
}

/*
 * The next row into *row (unused columns 0, -0.0 as +0.0 as cr_fit_state_add stores it); false
 * when the bytes left do not hold one, or its flags are not ones this version writes. Reads no
 * byte past r->end either way.
 */
static pg_attribute_always_inline bool
byte_rows_next(ByteRows *r, int ncols, CrFitRow *row)
{
	const char *p = r->p;
	int			flags = 0,
				j;

	if (r->version != FIT_STATE_VERSION_FIXED_ROWS)
	{
		if (p >= r->end)
			return false;
		flags = (unsigned char) *p++;
		/* a same first value needs a row before, and a second value to tell them apart */
		if ((flags & ~ROW_FLAGS) != 0 ||
			((flags & ROW_SAME_FIRST) && (r->read == 0 || ncols == 1)))
			return false;
	}
	if ((Size) (r->end - p) < row_value_bytes(ncols, flags))
		return false;
	for (j = 0; j < CR_FIT_MAX_COLS; j++)
	{
		double		v;

		if (j >= ncols)
			v = 0.0;
		else if (j == 0 && (flags & ROW_SAME_FIRST))
			v = r->first;
		else
		{
			v = float8_at(p);
			p += 8;
		}
		row->v[j] = v == 0 ? 0.0 : v;
	}
	if (flags & ROW_UNIT_WEIGHT)
		row->weight = 1.0;
	else
	{
		row->weight = float8_at(p);
		p += 8;
	}
	r->first = row->v[0];
	r->p = p;
	r->read++;
	return true;
}

/* Whether every row was read and nothing follows them. */
static inline bool
byte_rows_done(const ByteRows *r, int64 nrows)
{
	return r->read == nrows && r->p == r->end;
}

/*
 * The source of a merge into a sorted state: n strictly ascending rows, either a sorted state's
 * columns or the rows of a state's bytes.
 */
typedef struct MergeSource
{
	const CrFitState *st;		/* columns, or NULL */
	ByteRows	bytes;			/* the rows in bytes, when st is NULL */
	int			ncols;
	int64		n;
} MergeSource;

/*
 * Row i of the source into *row, the rows taken in order (s: the source state's columns, when
 * it has them); false when the bytes do not hold it.
 */
static pg_attribute_always_inline bool
source_row(MergeSource *src, const ColumnPtrs *s, int ncols, int64 i, CrFitRow *row)
{
	if (src->st)
	{
		ptrs_row(s, ncols, i, row);
		return true;
	}
	return byte_rows_next(&src->bytes, ncols, row);
}

/* A row a state may hold: finite values, a positive finite weight. */
static inline bool
row_valid(const CrFitRow *r)
{
	return isfinite(r->v[0]) & isfinite(r->v[1]) & isfinite(r->v[2]) &
		isfinite(r->weight) & (r->weight > 0);
}

/*
 * The next row of r into *row: NULL, or why the bytes do not hold it or a state may not hold it
 * (a sentence for errdetail that names the row).
 */
static const char *
byte_rows_next_checked(ByteRows *r, int ncols, CrFitRow *row)
{
	int64		n = r->read + 1;

	if (!byte_rows_next(r, ncols, row))
		return psprintf("Row " INT64_FORMAT " is cut short or has unknown flags.", n);
	if (row_valid(row))
		return NULL;
	if (!(isfinite(row->v[0]) && isfinite(row->v[1]) && isfinite(row->v[2])))
		return psprintf("A value of row " INT64_FORMAT " is not a finite number.", n);
	return psprintf("The weight of row " INT64_FORMAT " is not a positive finite number.", n);
}

/* After the last row: NULL when the bytes held exactly nrows rows, else why not. */
static const char *
byte_rows_end_problem(const ByteRows *r, int64 nrows)
{
	return byte_rows_done(r, nrows) ? NULL
		: psprintf("Bytes follow its " INT64_FORMAT " rows.", nrows);
}

/*
 * Merges the source's rows with dst's sorted columns, like sorted lists: in time linear in their
 * rows, without hashing a row, into a new block of columns that replaces dst's, so that each row
 * is written once, where the fit will read it. Rows present in both become one. The source's
 * weight is added to dst's total. Rows read from bytes are checked on the way (row_valid,
 * strictly ascending, exactly the bytes' rows): false when one is not, and dst is then not to be
 * used (the caller finds the reason with check_byte_rows). ncols is the states' (a constant in
 * each copy: merge_sorted).
 */
static pg_attribute_always_inline bool
merge_sorted_ncols(CrFitState *dst, MergeSource *src, const int ncols)
{
	CrFitState	old = *dst;
	int64		i = 0,			/* the next row of old */
				j = 0,			/* of the source */
				k = 0,			/* of dst */
				n,
				rest;
	CrFitRow	a = {{0}},
				src_rows[2],
			   *b = &src_rows[0];	/* the source's current row; the next is read into the other
									 * (a copy of the struct would stall on its partial stores) */
	ColumnPtrs	d,
				o,
				s = {{0}};
	bool		ok;
	double		weight;
	int			col;

	if (src->n == 0)
		return true;
	columns_alloc(dst, old.nrows + src->n);
	column_ptrs(&old, &o);
	column_ptrs(dst, &d);
	if (src->st)
		column_ptrs(src->st, &s);
	if (old.nrows > 0)
		ptrs_row(&o, ncols, 0, &a);
	if (!source_row(src, &s, ncols, 0, b))
		return false;
	ok = row_valid(b);
	weight = b->weight;
	for (n = 0; j < src->n; n++)
	{
		int			c = i < old.nrows ? row_cmp(&a, b) : 1;

		if (CR_EVERY(n, 65536))
			CHECK_FOR_INTERRUPTS();
		if (c < 0)
		{
			ptrs_set_row(&d, ncols, k++, &a);
			if (++i < old.nrows)
				ptrs_row(&o, ncols, i, &a);
			continue;
		}
		if (c == 0)
		{
			b->weight += a.weight;
			if (++i < old.nrows)
				ptrs_row(&o, ncols, i, &a);
		}
		ptrs_set_row(&d, ncols, k++, b);
		if (++j < src->n)
		{
			CrFitRow   *next = (b == &src_rows[0]) ? &src_rows[1] : &src_rows[0];

			if (!source_row(src, &s, ncols, j, next))
				return false;
			ok &= row_valid(next) & (row_cmp(b, next) < 0);
			weight += next->weight;
			b = next;
		}
	}
	/* the rest of old's rows, all after the source's last */
	rest = old.nrows - i;
	if (rest > 0)
	{
		for (col = 0; col < ncols; col++)
			memcpy(&d.v[col][k], &o.v[col][i], sizeof(double) * rest);
		memcpy(&d.w[k], &o.w[i], sizeof(double) * rest);
	}
	dst->nrows = k + rest;
	if (old.block)
		cr_free_pages(old.block);
	if (src->st == NULL)
		ok &= byte_rows_done(&src->bytes, src->n);
	dst->total_weight += weight;
	check_total_weight(dst);
	return ok;
}

/* merge_sorted_ncols, one copy per column count (the states' columns agree: callers check). */
static bool
merge_sorted(CrFitState *dst, MergeSource *src)
{
	Assert(src->ncols == dst->ncols && (!src->st || src->st->ncols == dst->ncols));
	switch (dst->ncols)
	{
		case 1:
			return merge_sorted_ncols(dst, src, 1);
		case 2:
			return merge_sorted_ncols(dst, src, 2);
		default:
			return merge_sorted_ncols(dst, src, CR_FIT_MAX_COLS);
	}
}

/* Add every row of src into dst (dst lives in its own context; src is only read). */
static void
fit_state_merge(CrFitState *dst, const CrFitState *src)
{
	int64		i;

	if (dst->sorted && src->sorted)
	{
		MergeSource from = {.st = src, .ncols = src->ncols, .n = src->nrows};

		(void) merge_sorted(dst, &from);
		return;
	}
	for (i = 0; i < src->nrows; i++)
	{
		CrFitRow	row;

		if (src->sorted)
			column_row(src, i, &row);
		else
			row = src->rows[i];
		cr_fit_state_add(dst, row.v, row.weight);
	}
}

/* A copy of st in mcxt. */
static CrFitState *
fit_state_copy(const CrFitState *st, MemoryContext mcxt)
{
	CrFitState *copy;
	int			j;

	if (st->sorted)
	{
		copy = sorted_state_new(mcxt, st->ncols, st->nrows);
		for (j = 0; j < st->ncols; j++)
			memcpy(copy->col[j], st->col[j], sizeof(double) * st->nrows);
		memcpy(copy->w, st->w, sizeof(double) * st->nrows);
		copy->nrows = st->nrows;
		copy->total_weight = st->total_weight;
		copy->unit_days = st->unit_days;
	}
	else
	{
		copy = (CrFitState *) MemoryContextAlloc(mcxt, sizeof(CrFitState));
		*copy = *st;
		copy->mcxt = mcxt;
		copy->rows = (CrFitRow *) cr_alloc_pages(mcxt, sizeof(CrFitRow) * st->rows_alloc);
		memcpy(copy->rows, st->rows, sizeof(CrFitRow) * st->nrows);
		if (st->slots)
		{
			copy->slots = (FitSlot *) cr_alloc_pages(mcxt, sizeof(FitSlot) * (st->mask + 1));
			memcpy(copy->slots, st->slots, sizeof(FitSlot) * (st->mask + 1));
		}
	}
	return copy;
}

Datum
btyd_fit_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	CrFitState *s1;
	CrFitState *s2;

	aggcontext = cr_aggregate_context(fcinfo);

	s1 = PG_ARGISNULL(0) ? NULL : (CrFitState *) PG_GETARG_POINTER(0);
	s2 = PG_ARGISNULL(1) ? NULL : (CrFitState *) PG_GETARG_POINTER(1);

	if (s2 == NULL)
	{
		if (s1 == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s1);
	}
	/* s2 may live in a shorter-lived context (e.g. just deserialized): copied */
	if (s1 == NULL)
		PG_RETURN_POINTER(fit_state_copy(s2, aggcontext));
	if (s1->ncols != s2->ncols)
		elog(ERROR, "cannot combine fit states with %d and %d columns", s1->ncols, s2->ncols);
	if (s2->nrows > 0)
		cr_fit_state_set_unit(s1, s2->unit_days);
	fit_state_merge(s1, s2);
	PG_RETURN_POINTER(s1);
}

/* Row i of a state of either form (a hashed state's rows as they are). */
static inline void
state_row(const CrFitState *st, int64 i, CrFitRow *row)
{
	if (st->sorted)
		column_row(st, i, row);
	else
		*row = st->rows[i];
}

/*
 * Writes st's rows (in ascending order) at p in version 2 and returns the bytes they take; with p
 * NULL only counts them. A flag is set exactly when its condition holds, so the bytes are
 * canonical.
 */
static int64
write_rows(const CrFitState *st, char *p)
{
	CrFitRow	row,
				prev = {{0}};
	int64		i,
				bytes = 0;
	int			j;

	for (i = 0; i < st->nrows; i++, prev = row)
	{
		int			flags = 0;

		if (CR_EVERY(i, 65536))
			CHECK_FOR_INTERRUPTS();
		state_row(st, i, &row);
		if (i > 0 && st->ncols > 1 && prev.v[0] == row.v[0])
			flags |= ROW_SAME_FIRST;
		if (row.weight == 1.0)
			flags |= ROW_UNIT_WEIGHT;
		bytes += 1 + row_value_bytes(st->ncols, flags);
		if (p == NULL)
			continue;
		*p++ = (char) flags;
		for (j = (flags & ROW_SAME_FIRST) ? 1 : 0; j < st->ncols; j++, p += 8)
			float8_put(p, row.v[j]);
		if (!(flags & ROW_UNIT_WEIGHT))
		{
			float8_put(p, row.weight);
			p += 8;
		}
	}
	return bytes;
}

/*
 * The serialized form of st, with the given kind byte: its rows in ascending order. For
 * portable states that is the canonical form; for the partial states parallel workers hand to
 * their leader it means the sort runs in each worker, in parallel, and the leader merges sorted
 * rows without hashing one.
 */
static bytea *
fit_state_encode(CrFitState *st, uint8 kind)
{
	int64		size;
	bytea	   *result;
	char	   *p;

	sort_rows_in_place(st);
	size = VARHDRSZ + FIT_STATE_HEADER_BYTES + write_rows(st, NULL);
	if (size > (int64) MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("model-fit state of " INT64_FORMAT " distinct rows is too large to leave its process",
						st->nrows),
				 errdetail("Its bytes would take " INT64_FORMAT " bytes; a value is limited to 1 GB.", size),
				 errhint("Round the inputs (for example to whole days) so identical customers collapse.")));
	/* the bytes straight into one buffer of their size, as pq_send* would write them */
	result = (bytea *) cr_alloc_large(CurrentMemoryContext, (Size) size, 0);
	SET_VARSIZE(result, size);
	p = VARDATA(result);
	*p++ = FIT_STATE_VERSION;
	*p++ = (char) kind;
	*p++ = (char) st->ncols;
	float8_put(p, st->unit_days);
	p += 8;
	int64_put(p, st->nrows);
	p += 8;
	p += write_rows(st, p);
	Assert(p == (char *) result + size);
	return result;
}

/* A read-only StringInfo over the bytes of b (as PostgreSQL's own deserializers do). */
static void
fit_state_buf(bytea *b, StringInfo buf)
{
	buf->data = VARDATA_ANY(b);
	buf->len = VARSIZE_ANY_EXHDR(b);
	buf->maxlen = buf->len;
	buf->cursor = 0;
}

/* A state's header, and where its rows are. */
typedef struct FitStateHeader
{
	int			version;
	uint8		kind;
	int			ncols;
	double		unit_days;
	int64		nrows;
	const char *rows;			/* the first row's bytes */
	const char *end;			/* the end of the rows */
} FitStateHeader;

/*
 * Reads and checks the header of the bytes of b: NULL when the version is known and the length
 * can hold nrows rows of ncols columns (exactly, in version 1), else the reason (a sentence for
 * errdetail).
 */
static const char *
fit_state_read_header(bytea *b, FitStateHeader *h)
{
	StringInfoData buf;
	int64		payload,
				min_row,
				max_row;

	fit_state_buf(b, &buf);
	if (buf.len < FIT_STATE_HEADER_BYTES)
		return psprintf("It is %d bytes long, shorter than the %d-byte header.",
						buf.len, FIT_STATE_HEADER_BYTES);
	h->version = pq_getmsgbyte(&buf);
	if (h->version != FIT_STATE_VERSION && h->version != FIT_STATE_VERSION_FIXED_ROWS)
		return psprintf("Its format version is %d, not %d or %d.", h->version,
						FIT_STATE_VERSION_FIXED_ROWS, FIT_STATE_VERSION);
	h->kind = (uint8) pq_getmsgbyte(&buf);
	h->ncols = pq_getmsgbyte(&buf);
	if (h->ncols < 1 || h->ncols > CR_FIT_MAX_COLS)
		return psprintf("It claims %d columns.", h->ncols);
	h->unit_days = pq_getmsgfloat8(&buf);
	if (!isfinite(h->unit_days) || h->unit_days < 0)
		return psprintf("Its time unit is not a number of days.");
	h->nrows = pq_getmsgint64(&buf);
	payload = buf.len - buf.cursor;
	h->rows = buf.data + buf.cursor;
	h->end = buf.data + buf.len;
	if (h->version == FIT_STATE_VERSION_FIXED_ROWS)
		min_row = max_row = row_value_bytes(h->ncols, 0);
	else
	{
		/* a flag byte and the values it keeps: all of them at most, at least a second value */
		max_row = 1 + row_value_bytes(h->ncols, 0);
		min_row = 1 + row_value_bytes(h->ncols, h->ncols > 1 ? ROW_FLAGS : ROW_UNIT_WEIGHT);
	}
	if (h->nrows < 0 || h->nrows > FIT_STATE_MAX_ROWS ||
		payload < h->nrows * min_row || payload > h->nrows * max_row)
		return psprintf("Its length does not match its header (" INT64_FORMAT " rows of %d columns in %d bytes).",
						h->nrows, h->ncols, (int) payload);
	return NULL;
}

/* Where a row check raised its error: which row of the state. */
static void
fit_state_row_context(void *arg)
{
	errcontext("row " INT64_FORMAT " of the model-fit state", *(int64 *) arg + 1);
}

/*
 * Adds the rows after the header h to st, each with finite values and a positive finite weight
 * (else the reason is returned) and, when check is given, accepted by check.
 */
static const char *
fit_state_read_rows(const FitStateHeader *h, CrFitState *st, CrFitRowCheck check)
{
	ByteRows	r;
	int64		i;
	const char *why = NULL;
	ErrorContextCallback errcb;

	byte_rows_start(&r, h->rows, h->end, h->version);
	errcb.callback = fit_state_row_context;
	errcb.arg = &i;
	errcb.previous = error_context_stack;
	if (check)
		error_context_stack = &errcb;
	for (i = 0; i < h->nrows; i++)
	{
		CrFitRow	row;

		if (CR_EVERY(i, 65536))
			CHECK_FOR_INTERRUPTS();
		why = byte_rows_next_checked(&r, h->ncols, &row);
		if (why)
			break;
		if (check)
			check(row.v);
		cr_fit_state_add(st, row.v, row.weight);
	}
	error_context_stack = errcb.previous;
	return why ? why : byte_rows_end_problem(&r, h->nrows);
}

/*
 * Checks the rows after the header h: NULL when the bytes hold exactly its rows, every value
 * finite and every weight positive and finite, else the reason (a sentence for errdetail).
 * *ascending: whether the rows are strictly ascending, as fit_state_encode writes them.
 */
static const char *
check_byte_rows(const FitStateHeader *h, bool *ascending)
{
	ByteRows	r;
	CrFitRow	prev,
				row;
	int64		i;
	const char *why;

	*ascending = true;
	byte_rows_start(&r, h->rows, h->end, h->version);
	for (i = 0; i < h->nrows; i++)
	{
		if (CR_EVERY(i, 65536))
			CHECK_FOR_INTERRUPTS();
		why = byte_rows_next_checked(&r, h->ncols, &row);
		if (why)
			return why;
		if (i > 0 && row_cmp(&prev, &row) >= 0)
			*ascending = false;
		prev = row;
	}
	return byte_rows_end_problem(&r, h->nrows);
}

/*
 * A partial state as the worker wrote it, in the current memory context: the rows after the
 * header h, in ascending order, merged (and checked) into an empty sorted state's columns. Sets
 * *why when a row is cut short, a value is not finite or a weight not positive; rows out of
 * order (not written by fit_state_encode) are taken one by one into a hashed state.
 */
static CrFitState *
fit_state_read_sorted(const FitStateHeader *h, const char **why)
{
	MergeSource from = {.ncols = h->ncols, .n = h->nrows};
	CrFitState *st = sorted_state_new(CurrentMemoryContext, h->ncols, 0);
	bool		ascending;
	int64		i;

	byte_rows_start(&from.bytes, h->rows, h->end, h->version);
	*why = NULL;
	if (!merge_sorted(st, &from))
	{
		fit_state_free(st);
		*why = check_byte_rows(h, &ascending);
		if (*why)
			return NULL;
		st = fit_state_new(CurrentMemoryContext, h->ncols, h->nrows);
		byte_rows_start(&from.bytes, h->rows, h->end, h->version);
		for (i = 0; i < h->nrows; i++)
		{
			CrFitRow	row;

			if (CR_EVERY(i, 65536))
				CHECK_FOR_INTERRUPTS();
			(void) byte_rows_next(&from.bytes, h->ncols, &row);	/* checked above */
			cr_fit_state_add(st, row.v, row.weight);
		}
	}
	return st;
}

Datum
btyd_fit_serialize(PG_FUNCTION_ARGS)
{
	(void) cr_aggregate_context(fcinfo);
	PG_RETURN_BYTEA_P(fit_state_encode((CrFitState *) PG_GETARG_POINTER(0),
									   CR_FIT_KIND_PARTIAL));
}

static void
malformed(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("malformed model-fit aggregate state"),
			 errdetail("%s", why)));
}

/* The rows after a header read into a new state in mcxt (fit_state_read_sorted), or 22P03. */
static CrFitState *
read_state_into(const FitStateHeader *h, MemoryContext mcxt)
{
	MemoryContext old = MemoryContextSwitchTo(mcxt);
	const char *why;
	CrFitState *st = fit_state_read_sorted(h, &why);

	MemoryContextSwitchTo(old);
	if (why)
		malformed(why);
	st->unit_days = h->unit_days;
	return st;
}

Datum
btyd_fit_deserialize(PG_FUNCTION_ARGS)
{
	FitStateHeader h;
	const char *why;

	(void) cr_aggregate_context(fcinfo);
	why = fit_state_read_header(PG_GETARG_BYTEA_PP(0), &h);
	if (why == NULL && h.kind != CR_FIT_KIND_PARTIAL)
		why = psprintf("Its kind is %d, not a partial state.", h.kind);
	if (why)
		malformed(why);
	PG_RETURN_POINTER(read_state_into(&h, CurrentMemoryContext));
}

/* ---------------------------------------------------------------------------------------------
 * Portable states: <model>_fit_state(...) → bytea, <model>_fit_merge(bytea)
 */

/* The SQL function(s) that make states of a kind, for messages; NULL for an unknown kind. */
static const char *
fit_kind_state_function(uint8 kind)
{
	switch (kind)
	{
		case CR_FIT_KIND_BGNBD:
			return "bgnbd_fit_state() or mbgnbd_fit_state()";
		case CR_FIT_KIND_GAMMA_GAMMA:
			return "gamma_gamma_fit_state()";
		case CR_FIT_KIND_PARETO_NBD:
			return "pareto_nbd_fit_state()";
		case CR_FIT_KIND_BGBB:
			return "bgbb_fit_state()";
	}
	return NULL;
}

Datum
cr_fit_state_export(FunctionCallInfo fcinfo, uint8 kind)
{
	CrFitState *st;

	(void) cr_aggregate_context(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (CrFitState *) PG_GETARG_POINTER(0);
	if (st->nrows == 0)
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(fit_state_encode(st, kind));
}

static void
invalid_state(bytea *b, uint8 kind, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid model-fit state"),
			 errdetail("The value supplied (%d bytes) is not a state made by %s. %s",
					   (int) VARSIZE_ANY_EXHDR(b), fit_kind_state_function(kind), why),
			 errhint("Pass only values returned by %s of this version of customer_rel.",
					 fit_kind_state_function(kind))));
}

Datum
cr_fit_state_import(FunctionCallInfo fcinfo, uint8 kind, int ncols, CrFitRowCheck check)
{
	MemoryContext aggcontext;
	CrFitState *st;
	bytea	   *b;
	FitStateHeader h;
	const char *why;

	aggcontext = cr_aggregate_context(fcinfo);
	st = PG_ARGISNULL(0) ? NULL : (CrFitState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	b = PG_GETARG_BYTEA_PP(1);
	why = fit_state_read_header(b, &h);
	if (why == NULL && h.kind != kind)
	{
		const char *maker = fit_kind_state_function(h.kind);

		why = maker ? psprintf("It was made by %s.", maker)
			: psprintf("Its kind byte is %d.", h.kind);
	}
	if (why == NULL && h.ncols != ncols)
		why = psprintf("It has %d columns, not %d.", h.ncols, ncols);
	if (why)
		invalid_state(b, kind, why);

	if (st == NULL)
		st = fit_state_new(aggcontext, ncols, h.nrows);
	else if (st->ncols != ncols)
		elog(ERROR, "fit state has %d columns, expected %d", st->ncols, ncols);
	if (h.nrows > 0)
		cr_fit_state_set_unit(st, h.unit_days);
	why = fit_state_read_rows(&h, st, check);
	if (why)
		invalid_state(b, kind, why);
	PG_RETURN_POINTER(st);
}

/* ---------------------------------------------------------------------------------------------
 * The SQL type cr_fit_state (agg_state.h): flat form = the portable form above, its kind byte
 * the tag of the transition that collected it.
 */

static bytea *
fit_state_type_encode(void *state, uint8 tag)
{
	return fit_state_encode((CrFitState *) state, tag);
}

/* The columns of a kind's rows and the rows it admits; 0 columns for an unknown kind. */
static int
fit_kind_columns(uint8 kind, CrFitRowCheck *check)
{
	switch (kind)
	{
		case CR_FIT_KIND_BGNBD:
			*check = cr_bgnbd_state_row_check;
			return 3;
		case CR_FIT_KIND_GAMMA_GAMMA:
			*check = cr_gamma_gamma_state_row_check;
			return 2;
		case CR_FIT_KIND_PARETO_NBD:
			*check = cr_pareto_nbd_state_row_check;
			return 3;
		case CR_FIT_KIND_BGBB:
			*check = cr_bgbb_state_row_check;
			return 3;
	}
	*check = NULL;
	return 0;
}

static void *
fit_state_type_decode(bytea *flat, MemoryContext mcxt, bool validate, uint8 *tag)
{
	FitStateHeader h;
	const char *why;
	CrFitState *st;

	why = fit_state_read_header(flat, &h);
	if (why)
		malformed(why);
	*tag = h.kind;
	if (validate)
	{
		CrFitRowCheck check;
		int			kind_ncols = fit_kind_columns(h.kind, &check);

		if (kind_ncols == 0)
			why = psprintf("Its kind byte is %d.", h.kind);
		else if (kind_ncols != h.ncols)
			why = psprintf("It has %d columns, not %d.", h.ncols, kind_ncols);
		if (why)
			malformed(why);
		st = fit_state_new(mcxt, h.ncols, h.nrows);
		why = fit_state_read_rows(&h, st, check);
		if (why)
			malformed(why);
		st->unit_days = h.unit_days;
		return st;
	}
	return read_state_into(&h, mcxt);
}

/*
 * A state's flat bytes combined into an in-memory state (agg_state.h): what the leader of a
 * parallel plan does with each worker's state. The rows are merged from the bytes straight into
 * the state's sorted columns, and checked as they are read, so that a worker's rows are written
 * once, where the fit will read them. The first state is read into a new sorted state in mcxt.
 * A hashed state (one that took rows one by one) takes the rows from a state of their own.
 */
static void *
fit_state_type_combine_flat(void *state, bytea *flat, MemoryContext mcxt, uint8 want_tag,
							uint8 *tag)
{
	CrFitState *st = (CrFitState *) state;
	FitStateHeader h;
	const char *why;
	bool		ascending;

	why = fit_state_read_header(flat, &h);
	if (why)
		malformed(why);
	*tag = h.kind;
	if (want_tag != 0 && h.kind != want_tag)
		cr_agg_state_tag_mismatch(&cr_fit_state_type, h.kind, want_tag);
	if (st == NULL)
		return read_state_into(&h, mcxt);
	if (st->ncols != h.ncols)
		elog(ERROR, "cannot combine fit states with %d and %d columns", st->ncols, h.ncols);
	if (h.nrows == 0)
		return st;
	cr_fit_state_set_unit(st, h.unit_days);
	if (st->sorted)
	{
		MergeSource from = {.ncols = h.ncols, .n = h.nrows};

		byte_rows_start(&from.bytes, h.rows, h.end, h.version);
		if (!merge_sorted(st, &from))
		{
			/* the reason, for the message */
			why = check_byte_rows(&h, &ascending);
			malformed(why ? why : "Its rows are not in ascending order.");
		}
	}
	else
	{
		CrFitState *src = fit_state_read_sorted(&h, &why);

		if (why)
			malformed(why);
		fit_state_merge(st, src);
	}
	return st;
}

/* A state and its arrays, freed once its flat form is made (agg_state.h). */
static void
fit_state_type_release(void *state)
{
	fit_state_free((CrFitState *) state);
}

const CrAggStateType cr_fit_state_type = {
	.name = "cr_fit_state",
	.encode = fit_state_type_encode,
	.decode = fit_state_type_decode,
	.combine_flat = fit_state_type_combine_flat,
	.release = fit_state_type_release,
};
