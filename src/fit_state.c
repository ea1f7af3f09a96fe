/*
 * fit_state.c — the histogram state shared by every model-fitting aggregate (contract in
 * fit_state.h).
 *
 * Distinct rows live in a dense array (so the final function can hand them to the pure-C fit as
 * they are); an open-addressing hash table of 32-bit row indexes, keyed on the bit patterns of
 * the values, finds a row's slot. Linear probing, load factor <= 1/2, grown by doubling. The
 * state is allocated once in the aggregate's memory context and grows there.
 *
 * Serialized form (byte-order independent, via pq_send*), the same for the partial states of
 * parallel query and the portable states of <model>_fit_state:
 *     uint8  version (1)
 *     uint8  kind (CR_FIT_KIND_*: 0 inside one query, else the letter of the transition)
 *     uint8  ncols (1..CR_FIT_MAX_COLS)
 *     float8 unit_days (the time unit of the rows in days, 0 = not known)
 *     int64  nrows
 *     nrows * (ncols float8 values, float8 weight)
 * A portable state (kind other than 0) is canonical: its rows are in ascending order of their
 * values, so the same customers give the same bytes whatever the plan that collected them.
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
#include "runtime.h"

#define FIT_STATE_VERSION 1
#define FIT_STATE_MIN_SLOTS 1024
/* Row indexes are stored as uint32 (0 = empty slot), and slots must stay addressable. */
#define FIT_STATE_MAX_ROWS ((int64) 0x40000000)

/* One distinct row of a state. */
typedef struct CrFitRow
{
	double		v[CR_FIT_MAX_COLS];	/* the row's values; unused columns are 0 */
	double		weight;			/* summed weight of identical rows (> 0) */
} CrFitRow;

struct CrFitState
{
	MemoryContext mcxt;			/* where the arrays live (the aggregate context) */
	int			ncols;
	int64		nrows;			/* distinct rows in use */
	int64		rows_alloc;		/* capacity of rows[] */
	CrFitRow   *rows;
	uint32	   *slots;			/* 0 = empty, else row index + 1; NULL while sorted */
	uint64		mask;			/* number of slots - 1 (a power of two) */
	bool		sorted;			/* rows[] strictly ascending (row_cmp), no hash table: a state
								 * read from a worker or merged from such states */
	double		total_weight;	/* of all rows, runs[] included */
	double		unit_days;		/* time unit of the rows in days; 0 = not known */

	/*
	 * Sorted states a combine took over whole (the partial states of parallel workers), while
	 * this one is sorted too: the state's rows are rows[] and theirs, rows equal across them
	 * counting once with the summed weight. They stay apart until one array is needed; a fit
	 * reads them all in a single merge (cr_fit_state_columns), so the leader of a parallel plan
	 * neither copies nor merges a worker's rows before its final function.
	 */
	CrFitState **runs;
	int			nruns;
	int			runs_alloc;
	bool		own_context;	/* mcxt was made for this state alone (a state read from bytes) */
};

/* Runs kept apart at most; one more is merged in first (the final merge picks among them). */
#define FIT_STATE_MAX_RUNS 8

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

		CHECK_FOR_INTERRUPTS();
		while (slots[h] != 0)
			h = (h + 1) & st->mask;
		slots[h] = (uint32) (i + 1);
	}
}

/*
 * Turns a sorted state into a hashed one, to take rows one by one: a hash table for its rows
 * (the rows stay where they are, so they need not be hashed into a new array).
 */
static void
fit_state_build_hash(CrFitState *st)
{
	uint64		nslots = FIT_STATE_MIN_SLOTS;
	int64		i;

	while ((int64) (nslots / 2) < st->nrows + 1)
		nslots *= 2;
	if (st->rows_alloc < (int64) (nslots / 2))
	{
		CrFitRow   *rows = (CrFitRow *) state_alloc(st->mcxt, sizeof(CrFitRow) * (nslots / 2));

		memcpy(rows, st->rows, sizeof(CrFitRow) * st->nrows);
		if (st->rows)
			pfree(st->rows);
		st->rows = rows;
		st->rows_alloc = (int64) (nslots / 2);
	}
	st->slots = (uint32 *) state_alloc(st->mcxt, sizeof(uint32) * nslots);
	memset(st->slots, 0, sizeof(uint32) * nslots);
	st->mask = nslots - 1;
	for (i = 0; i < st->nrows; i++)
	{
		uint64		h = row_hash(st->rows[i].v, st->ncols) & st->mask;

		if (CR_EVERY(i, 65536))
			CHECK_FOR_INTERRUPTS();
		while (st->slots[h] != 0)
			h = (h + 1) & st->mask;
		st->slots[h] = (uint32) (i + 1);
	}
	st->sorted = false;
}

/* The state's distinct rows (rows equal across its runs counted once per run). */
static int64
fit_state_all_rows(const CrFitState *st)
{
	int64		n = st->nrows;
	int			r;

	for (r = 0; r < st->nruns; r++)
		n += st->runs[r]->nrows;
	return n;
}

/*
 * Merges a strictly ascending run of rows into dst's sorted rows[], like sorted lists: in time
 * linear in their rows, without hashing any row again. It runs in place, from the back: dst's
 * array grows to hold both (repalloc, which for arrays this large extends the mapping instead of
 * copying), and the larger rows of either side go to its end. Rows present in both become one,
 * which leaves a gap after dst's untouched front; the merged part then moves down over it. No
 * second array is allocated and first touched. The caller adds the run's weight to the total.
 */
static void
merge_sorted_run(CrFitState *dst, const CrFitRow *run, int64 nrun)
{
	int64		i,
				j,
				k,
				total,
				n;
	CrFitRow   *rows;

	total = dst->nrows + nrun;
	if (total > FIT_STATE_MAX_ROWS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct rows for a model fit"),
				 errdetail("The limit is " INT64_FORMAT " distinct rows.", FIT_STATE_MAX_ROWS)));
	if (nrun == 0)
		return;
	if (dst->rows_alloc < total)
	{
		dst->rows = dst->rows ?
			(CrFitRow *) repalloc_huge(dst->rows, sizeof(CrFitRow) * total) :
			(CrFitRow *) state_alloc(dst->mcxt, sizeof(CrFitRow) * total);
		dst->rows_alloc = total;
	}
	rows = dst->rows;
	i = dst->nrows - 1;
	j = nrun - 1;
	k = total - 1;
	/* while j >= 0, k - i = j + 1 + (rows merged so far) > 0: no unread row of dst is overwritten */
	for (n = 0; j >= 0; n++)
	{
		int			c = i < 0 ? -1 : row_cmp(&rows[i], &run[j]);

		if (CR_EVERY(n, 65536))
			CHECK_FOR_INTERRUPTS();
		if (c > 0)
			rows[k--] = rows[i--];
		else if (c < 0)
			rows[k--] = run[j--];
		else
		{
			rows[k] = rows[i--];
			rows[k--].weight += run[j--].weight;
		}
	}
	/* rows[0..i] stayed where they were; the merged rows are rows[k+1..total-1] */
	if (k > i)
		memmove(&rows[i + 1], &rows[k + 1], sizeof(CrFitRow) * (total - 1 - k));
	dst->nrows = (i + 1) + (total - 1 - k);
}

/* Merges st's runs into its rows[] and lets their memory go: st is one sorted array again. */
static void
fit_state_flatten(CrFitState *st)
{
	int			r;

	for (r = 0; r < st->nruns; r++)
	{
		CrFitState *run = st->runs[r];

		merge_sorted_run(st, run->rows, run->nrows);
		if (run->own_context)
			MemoryContextDelete(run->mcxt);
	}
	st->nruns = 0;
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
	uint64		h;
	int			ncols = st->ncols;

	if (unlikely(st->sorted))
	{
		fit_state_flatten(st);
		fit_state_build_hash(st);
	}
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
			check_total_weight(st);
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

/*
 * Whether row a comes before row b in row_cmp's order, without a branch: rows from the
 * workers' runs interleave at random, so a branch per comparison would be mispredicted half the
 * time. (& and | evaluate both sides.)
 */
static inline bool
row_less(const CrFitRow *a, const CrFitRow *b)
{
	return (a->v[0] < b->v[0]) |
		((a->v[0] == b->v[0]) & ((a->v[1] < b->v[1]) |
								 ((a->v[1] == b->v[1]) & (a->v[2] < b->v[2]))));
}

static inline bool
row_same(const CrFitRow *a, const CrFitRow *b)
{
	return (a->v[0] == b->v[0]) & (a->v[1] == b->v[1]) & (a->v[2] == b->v[2]);
}

/* The rows array of st with room for one more row after the last (for a sentinel). */
static CrFitRow *
rows_with_spare(CrFitState *st)
{
	if (st->rows_alloc <= st->nrows)
	{
		st->rows = st->rows ?
			(CrFitRow *) repalloc_huge(st->rows, sizeof(CrFitRow) * (st->nrows + 1)) :
			(CrFitRow *) state_alloc(st->mcxt, sizeof(CrFitRow));
		st->rows_alloc = st->nrows + 1;
	}
	return st->rows;
}

int64
cr_fit_state_columns(CrFitState *st, double **cols, double **w, double *total_weight)
{
	const CrFitRow *pos[FIT_STATE_MAX_RUNS + 1];
	CrFitRow	sentinel;
	const CrFitRow *last;
	CrFitRow	none;
	int64		n = fit_state_all_rows(st),
				in,
				out = 0;
	int			nruns = 1 + st->nruns,
				r,
				j;

	*total_weight = st->total_weight;
	for (j = 0; j < CR_FIT_MAX_COLS; j++)
		cols[j] = NULL;
	*w = NULL;
	if (n == 0)
		return 0;
	for (j = 0; j < st->ncols; j++)
		cols[j] = state_alloc(CurrentMemoryContext, sizeof(double) * n);
	*w = state_alloc(CurrentMemoryContext, sizeof(double) * n);

	/* each run ends in a row after every real one (values are finite): +inf */
	for (j = 0; j < CR_FIT_MAX_COLS; j++)
		sentinel.v[j] = INFINITY;
	sentinel.weight = 0;
	if (st->sorted)
	{
		pos[0] = rows_with_spare(st);
		st->rows[st->nrows] = sentinel;
	}
	else
	{
		CrFitRow   *sorted = state_alloc(CurrentMemoryContext, sizeof(CrFitRow) * (st->nrows + 1));

		memcpy(sorted, st->rows, sizeof(CrFitRow) * st->nrows);
		sort_fit_rows(sorted, st->nrows);
		sorted[st->nrows] = sentinel;
		pos[0] = sorted;
	}
	for (r = 1; r < nruns; r++)
	{
		CrFitState *run = st->runs[r - 1];

		pos[r] = rows_with_spare(run);
		run->rows[run->nrows] = sentinel;
	}

	/*
	 * Every run ascending: the smallest head goes out each time, n times in all. A row equal to
	 * the last one out (the same customers seen by two workers) adds its weight to it instead.
	 * No branch depends on the rows.
	 */
	for (j = 0; j < CR_FIT_MAX_COLS; j++)
		none.v[j] = NAN;		/* equal to no row */
	last = &none;
	for (in = 0; in < n; in++)
	{
		const CrFitRow *row;
		int			best = 0,
					same;

		if (CR_EVERY(in, 65536))
			CHECK_FOR_INTERRUPTS();
		for (r = 1; r < nruns; r++)
			best = row_less(pos[r], pos[best]) ? r : best;
		row = pos[best]++;
		same = row_same(row, last);
		/* a new row goes to out; an equal one adds its weight at out - 1 */
		for (j = 0; j < st->ncols; j++)
			cols[j][out - same] = row->v[j];
		(*w)[out - same] = (same ? (*w)[out - 1] : 0) + row->weight;
		out += 1 - same;
		last = row;
	}
	return out;
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
	if (fit_state_all_rows(st) == 0)
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
 * Add every row of src into dst (dst lives in its own context; src is only read). Sorted states
 * (the workers' states, read back sorted) merge like sorted lists; otherwise src's rows go into
 * dst's hash table one by one.
 */
static void
fit_state_merge(CrFitState *dst, const CrFitState *src)
{
	int64		i;
	int			r;

	if (dst->sorted && src->sorted)
	{
		merge_sorted_run(dst, src->rows, src->nrows);
		for (r = 0; r < src->nruns; r++)
			merge_sorted_run(dst, src->runs[r]->rows, src->runs[r]->nrows);
		dst->total_weight += src->total_weight;
		check_total_weight(dst);
		return;
	}
	for (i = 0; i < src->nrows; i++)
		cr_fit_state_add(dst, src->rows[i].v, src->rows[i].weight);
	for (r = 0; r < src->nruns; r++)
		for (i = 0; i < src->runs[r]->nrows; i++)
			cr_fit_state_add(dst, src->runs[r]->rows[i].v, src->runs[r]->rows[i].weight);
}

/*
 * Whether a combine may take src over instead of copying its rows: a sorted state read from
 * bytes for this call alone, in a memory context of its own under the call's (which the
 * aggregate would reset after the call).
 */
static bool
fit_state_can_take(const CrFitState *src)
{
	return src->own_context && src->sorted && src->nruns == 0 &&
		MemoryContextGetParent(src->mcxt) == CurrentMemoryContext;
}

/* Moves src's memory under dst's context (or aggcontext when dst is NULL), for good. */
static void
fit_state_take(CrFitState *src, MemoryContext into)
{
	MemoryContextSetParent(src->mcxt, into);
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
	if (s1 == NULL)
	{
		if (fit_state_can_take(s2))
		{
			/* the first partial state of a parallel plan becomes the state, not a copy */
			fit_state_take(s2, aggcontext);
			PG_RETURN_POINTER(s2);
		}

		/*
		 * Copy: s2 may live in a shorter-lived context (e.g. just deserialized). The arrays
		 * copy as they are (a sorted state has no hash table), without hashing again.
		 */
		s1 = (CrFitState *) MemoryContextAllocZero(aggcontext, sizeof(CrFitState));
		s1->mcxt = aggcontext;
		s1->ncols = s2->ncols;
		s1->nrows = s2->nrows;
		s1->rows_alloc = Max(s2->rows_alloc, 1);
		s1->mask = s2->mask;
		s1->sorted = s2->sorted;
		s1->total_weight = s2->total_weight;
		s1->unit_days = s2->unit_days;
		s1->rows = (CrFitRow *) state_alloc(aggcontext, sizeof(CrFitRow) * s1->rows_alloc);
		memcpy(s1->rows, s2->rows, sizeof(CrFitRow) * s2->nrows);
		if (s2->slots)
		{
			s1->slots = (uint32 *) state_alloc(aggcontext, sizeof(uint32) * (s2->mask + 1));
			memcpy(s1->slots, s2->slots, sizeof(uint32) * (s2->mask + 1));
		}
		if (s2->nruns > 0)
		{
			/* (a state built by a combine elsewhere: its runs merge into the copy) */
			s1->total_weight = 0;
			s1->nrows = 0;
			fit_state_merge(s1, s2);
		}
		PG_RETURN_POINTER(s1);
	}
	if (s1->ncols != s2->ncols)
		elog(ERROR, "cannot combine fit states with %d and %d columns", s1->ncols, s2->ncols);
	if (fit_state_all_rows(s2) > 0)
		cr_fit_state_set_unit(s1, s2->unit_days);
	if (s1->sorted && fit_state_can_take(s2))
	{
		/* another worker's state: kept as a run of its own, merged once by the final function */
		if (s1->nruns == FIT_STATE_MAX_RUNS)
			fit_state_flatten(s1);
		if (s1->nruns == s1->runs_alloc)
		{
			s1->runs_alloc = Max(4, 2 * s1->runs_alloc);
			s1->runs = s1->runs ?
				(CrFitState **) repalloc(s1->runs, sizeof(CrFitState *) * s1->runs_alloc) :
				(CrFitState **) MemoryContextAlloc(s1->mcxt, sizeof(CrFitState *) * s1->runs_alloc);
		}
		fit_state_take(s2, s1->mcxt);
		s1->runs[s1->nruns++] = s2;
		s1->total_weight += s2->total_weight;
		check_total_weight(s1);
		PG_RETURN_POINTER(s1);
	}
	fit_state_merge(s1, s2);
	PG_RETURN_POINTER(s1);
}

/*
 * The serialized form of st, with the given kind byte: its rows in ascending order. For
 * portable states that is the canonical form; for the partial states parallel workers hand to
 * their leader it means the sort runs in each worker, in parallel, and the leader reads sorted
 * runs that it merges without hashing a row (fit_state_merge).
 */
static bytea *
fit_state_encode(CrFitState *st, uint8 kind)
{
	StringInfoData buf;
	const CrFitRow *rows;
	int64		i;
	int			j;

	fit_state_flatten(st);
	rows = st->rows;
	if (!st->sorted && st->nrows > 1)
	{
		CrFitRow   *sorted = state_alloc(CurrentMemoryContext, sizeof(CrFitRow) * st->nrows);

		memcpy(sorted, st->rows, sizeof(CrFitRow) * st->nrows);
		sort_fit_rows(sorted, st->nrows);
		rows = sorted;
	}
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, FIT_STATE_VERSION);
	pq_sendbyte(&buf, kind);
	pq_sendbyte(&buf, (uint8) st->ncols);
	pq_sendfloat8(&buf, st->unit_days);
	pq_sendint64(&buf, st->nrows);
	for (i = 0; i < st->nrows; i++)
	{
		if (CR_EVERY(i, 65536))
			CHECK_FOR_INTERRUPTS();
		for (j = 0; j < st->ncols; j++)
			pq_sendfloat8(&buf, rows[i].v[j]);
		pq_sendfloat8(&buf, rows[i].weight);
	}
	return pq_endtypsend(&buf);
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

#define FIT_STATE_HEADER_BYTES (3 + 8 + 8)

/*
 * Reads and checks the header: NULL when the version is known and the length matches nrows rows
 * of ncols columns, else the reason (a sentence for errdetail).
 */
static const char *
fit_state_read_header(StringInfo buf, uint8 *kind, int *ncols, double *unit_days, int64 *nrows)
{
	int			version;
	int64		payload;

	if (buf->len < FIT_STATE_HEADER_BYTES)
		return psprintf("It is %d bytes long, shorter than the %d-byte header.",
						buf->len, FIT_STATE_HEADER_BYTES);
	version = pq_getmsgbyte(buf);
	if (version != FIT_STATE_VERSION)
		return psprintf("Its format version is %d, not %d.", version, FIT_STATE_VERSION);
	*kind = (uint8) pq_getmsgbyte(buf);
	*ncols = pq_getmsgbyte(buf);
	if (*ncols < 1 || *ncols > CR_FIT_MAX_COLS)
		return psprintf("It claims %d columns.", *ncols);
	*unit_days = pq_getmsgfloat8(buf);
	if (!isfinite(*unit_days) || *unit_days < 0)
		return psprintf("Its time unit is not a number of days.");
	*nrows = pq_getmsgint64(buf);
	payload = buf->len - buf->cursor;
	if (*nrows < 0 || *nrows > FIT_STATE_MAX_ROWS ||
		payload != *nrows * (int64) (*ncols + 1) * 8)
		return psprintf("Its length does not match its header (" INT64_FORMAT " rows of %d columns in %d bytes).",
						*nrows, *ncols, (int) payload);
	return NULL;
}

/* Where a row check raised its error: which row of the state. */
static void
fit_state_row_context(void *arg)
{
	errcontext("row " INT64_FORMAT " of the model-fit state", *(int64 *) arg + 1);
}

/*
 * Adds the nrows rows that follow the header to st, each with finite values and a positive
 * finite weight (else the reason is returned) and, when check is given, accepted by check.
 */
static const char *
fit_state_read_rows(StringInfo buf, CrFitState *st, int64 nrows, CrFitRowCheck check)
{
	int64		i;
	const char *why = NULL;
	ErrorContextCallback errcb;

	errcb.callback = fit_state_row_context;
	errcb.arg = &i;
	errcb.previous = error_context_stack;
	if (check)
		error_context_stack = &errcb;
	for (i = 0; i < nrows && why == NULL; i++)
	{
		double		v[CR_FIT_MAX_COLS];
		double		w;
		int			j;

		for (j = 0; j < st->ncols; j++)
			v[j] = pq_getmsgfloat8(buf);
		w = pq_getmsgfloat8(buf);
		for (j = 0; j < st->ncols; j++)
			if (!isfinite(v[j]))
				why = psprintf("A value of row " INT64_FORMAT " is not a finite number.", i + 1);
		if (why == NULL && (!isfinite(w) || !(w > 0)))
			why = psprintf("The weight of row " INT64_FORMAT " is not a positive finite number.", i + 1);
		if (why == NULL)
		{
			if (check)
				check(v);
			cr_fit_state_add(st, v, w);
		}
	}
	error_context_stack = errcb.previous;
	if (why == NULL)
		pq_getmsgend(buf);
	return why;
}

/*
 * A partial state as the worker wrote it: its nrows rows in ascending order, read straight into
 * a sorted state (no hash table). Sets *why when a value is not finite or a weight not positive;
 * rows out of order (not written by fit_state_encode) are taken one by one into a hashed state.
 */
static CrFitState *
fit_state_read_sorted(StringInfo buf, int ncols, int64 nrows, const char **why)
{
	CrFitState *st = (CrFitState *) palloc0(sizeof(CrFitState));
	int64		i;

	/* fit_state_read_header checked that the message holds exactly these rows */
	const char *p = buf->data + buf->cursor;

	*why = NULL;
	st->mcxt = CurrentMemoryContext;
	st->ncols = ncols;
	st->sorted = true;
	st->rows_alloc = nrows + 1;	/* and the sentinel of cr_fit_state_columns */
	st->rows = (CrFitRow *) state_alloc(st->mcxt, sizeof(CrFitRow) * st->rows_alloc);

	for (i = 0; i < nrows; i++)
	{
		CrFitRow	row;
		int			j;

		if (CR_EVERY(i, 65536))
			CHECK_FOR_INTERRUPTS();
		memset(&row, 0, sizeof(CrFitRow));
		for (j = 0; j < ncols; j++, p += 8)
		{
			row.v[j] = float8_at(p);
			if (!isfinite(row.v[j]))
				*why = psprintf("A value of row " INT64_FORMAT " is not a finite number.", i + 1);
			if (row.v[j] == 0)
				row.v[j] = 0.0;	/* -0.0 as +0.0, as cr_fit_state_add stores it */
		}
		row.weight = float8_at(p);
		p += 8;
		if (*why == NULL && (!isfinite(row.weight) || !(row.weight > 0)))
			*why = psprintf("The weight of row " INT64_FORMAT " is not a positive finite number.", i + 1);
		if (*why)
			return st;
		if (st->sorted && st->nrows > 0 && row_cmp(&st->rows[st->nrows - 1], &row) >= 0)
			fit_state_build_hash(st);
		if (st->sorted)
		{
			/* at most nrows rows are appended: rows_alloc = nrows */
			st->rows[st->nrows++] = row;
			st->total_weight += row.weight;
			check_total_weight(st);
		}
		else
			cr_fit_state_add(st, row.v, row.weight);
	}
	buf->cursor = (int) (p - buf->data);
	pq_getmsgend(buf);
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

Datum
btyd_fit_deserialize(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	uint8		kind = 0;
	int			ncols = 0;
	int64		nrows = 0;
	double		unit_days = 0;
	const char *why;
	CrFitState *st;
	MemoryContext mcxt,
				old;

	(void) cr_aggregate_context(fcinfo);
	fit_state_buf(PG_GETARG_BYTEA_PP(0), &buf);
	why = fit_state_read_header(&buf, &kind, &ncols, &unit_days, &nrows);
	if (why == NULL && kind != CR_FIT_KIND_PARTIAL)
		why = psprintf("Its kind is %d, not a partial state.", kind);
	if (why)
		malformed(why);
	/* in a context of its own, so that the combine can take the rows over (fit_state_take) */
	mcxt = AllocSetContextCreate(CurrentMemoryContext, "customer_rel fit state",
								 ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(mcxt);
	st = fit_state_read_sorted(&buf, ncols, nrows, &why);
	MemoryContextSwitchTo(old);
	if (why)
		malformed(why);
	st->unit_days = unit_days;
	st->own_context = true;
	PG_RETURN_POINTER(st);
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
	if (fit_state_all_rows(st) == 0)
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
	StringInfoData buf;
	uint8		got_kind = 0;
	int			got_ncols = 0;
	int64		nrows = 0;
	double		unit_days = 0;
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
	fit_state_buf(b, &buf);
	why = fit_state_read_header(&buf, &got_kind, &got_ncols, &unit_days, &nrows);
	if (why == NULL && got_kind != kind)
	{
		const char *maker = fit_kind_state_function(got_kind);

		why = maker ? psprintf("It was made by %s.", maker)
			: psprintf("Its kind byte is %d.", got_kind);
	}
	if (why == NULL && got_ncols != ncols)
		why = psprintf("It has %d columns, not %d.", got_ncols, ncols);
	if (why)
		invalid_state(b, kind, why);

	if (st == NULL)
		st = fit_state_new(aggcontext, ncols, nrows);
	else if (st->ncols != ncols)
		elog(ERROR, "fit state has %d columns, expected %d", st->ncols, ncols);
	if (nrows > 0)
		cr_fit_state_set_unit(st, unit_days);
	why = fit_state_read_rows(&buf, st, nrows, check);
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
	StringInfoData buf;
	int			ncols = 0;
	int64		nrows = 0;
	double		unit_days = 0;
	const char *why;
	CrFitState *st;
	MemoryContext old;

	fit_state_buf(flat, &buf);
	why = fit_state_read_header(&buf, tag, &ncols, &unit_days, &nrows);
	if (why == NULL && validate)
	{
		CrFitRowCheck check;
		int			kind_ncols = fit_kind_columns(*tag, &check);

		if (kind_ncols == 0)
			why = psprintf("Its kind byte is %d.", *tag);
		else if (kind_ncols != ncols)
			why = psprintf("It has %d columns, not %d.", ncols, kind_ncols);
		if (why)
			malformed(why);
		st = fit_state_new(mcxt, ncols, nrows);
		why = fit_state_read_rows(&buf, st, nrows, check);
		if (why)
			malformed(why);
		st->unit_days = unit_days;
		return st;
	}
	if (why)
		malformed(why);
	old = MemoryContextSwitchTo(mcxt);
	st = fit_state_read_sorted(&buf, ncols, nrows, &why);
	MemoryContextSwitchTo(old);
	if (why)
		malformed(why);
	st->unit_days = unit_days;
	st->own_context = true;		/* mcxt is the new expanded object's own context */
	return st;
}

const CrAggStateType cr_fit_state_type = {
	.name = "cr_fit_state",
	.encode = fit_state_type_encode,
	.decode = fit_state_type_decode,
};
