/*
 * cohort_sql.c — the classic cohort table in one pass.
 *
 *   cohort_activity(customer_key, period_index int) → int8[]   distinct active customers per
 *       period index (index 0 = the cohort size when period_index counts periods since each
 *       customer's first period)
 *   cohort_survivors(customer_key, period_index int) → int8[]  customers whose last activity is
 *       at or after each index: non-increasing, the survivors that sbg_fit takes
 *   cohort_retention(int8[]) → float8[]                        counts as percent of element 1
 *   cohort_periods(int8[]) → SETOF (period_index, customers, retention_pct)
 *
 * Customer keys are bigint, text or uuid, compared exactly (byte for byte; no hashing
 * approximation: hashes only pick the bucket). Both aggregates share one internal state and one
 * transition function, so PostgreSQL computes a query that asks for both in a single pass; the
 * state has combine, serialize and deserialize functions, so it runs in parallel.
 *
 * State: one hash table entry per customer holding a 64-bit mask of the indexes 0..63 it was
 * active in and its largest index; indexes >= 64 (weekly or daily cohorts) go to a second hash
 * set of (customer ordinal, index) pairs. Memory grows with customers (plus distinct late
 * (customer, index) pairs), not with activity rows.
 */
#include "postgres.h"

#include "miscadmin.h"

#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "access/htup_details.h"
#include "libpq/pqformat.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/uuid.h"

#include "compat.h"
#include "agg_state.h"
#include "hash64.h"
#include "validate.h"

PG_FUNCTION_INFO_V1(cohort_activity_trans_int8);
PG_FUNCTION_INFO_V1(cohort_activity_trans_text);
PG_FUNCTION_INFO_V1(cohort_activity_trans_uuid);
PG_FUNCTION_INFO_V1(cohort_activity_combine);
PG_FUNCTION_INFO_V1(cohort_activity_serialize);
PG_FUNCTION_INFO_V1(cohort_activity_deserialize);
PG_FUNCTION_INFO_V1(cohort_activity_final);
PG_FUNCTION_INFO_V1(cohort_survivors_final);
PG_FUNCTION_INFO_V1(cohort_activity_state_final);
PG_FUNCTION_INFO_V1(cohort_activity_merge_trans);
PG_FUNCTION_INFO_V1(cohort_retention);
PG_FUNCTION_INFO_V1(cohort_periods);

/* Largest period index accepted: 100,000 days is over 270 years. */
#define COHORT_MAX_INDEX 100000
#define COHORT_SERIAL_VERSION 1
#define COHORT_INLINE_BITS 64
#define COHORT_ARENA_CHUNK 65536

typedef enum CohortKeyKind
{
	COHORT_KEY_INT8 = 1,
	COHORT_KEY_BYTES = 2		/* text and uuid: the key's bytes */
} CohortKeyKind;

/* ---- customers keyed by bigint */
typedef struct CohortIntEntry
{
	int64		key;
	uint64		bits;			/* indexes 0..63 active */
	int32		max_index;		/* largest index active */
	uint32		ordinal;		/* 0, 1, ... in order of arrival: names the customer in pairs */
	char		status;
} CohortIntEntry;

#define SH_PREFIX cohort_int
#define SH_ELEMENT_TYPE CohortIntEntry
#define SH_KEY_TYPE int64
#define SH_KEY key
#define SH_HASH_KEY(tb, k) cr_hash64((uint64) (k))
#define SH_EQUAL(tb, a, b) ((a) == (b))
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* ---- customers keyed by bytes (text, uuid) */
typedef struct CohortBytesKey
{
	const char *ptr;
	uint32		len;
} CohortBytesKey;

typedef struct CohortBytesEntry
{
	CohortBytesKey key;
	uint32		hash;
	uint64		bits;
	int32		max_index;
	uint32		ordinal;
	char		status;
} CohortBytesEntry;

#define SH_PREFIX cohort_bytes
#define SH_ELEMENT_TYPE CohortBytesEntry
#define SH_KEY_TYPE CohortBytesKey
#define SH_KEY key
#define SH_HASH_KEY(tb, k) hash_bytes((const unsigned char *) (k).ptr, (int) (k).len)
#define SH_EQUAL(tb, a, b) ((a).len == (b).len && memcmp((a).ptr, (b).ptr, (a).len) == 0)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) a->hash
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* ---- (customer ordinal << 32 | index) pairs for indexes >= 64 */
typedef struct CohortPairEntry
{
	uint64		key;
	char		status;
} CohortPairEntry;

#define SH_PREFIX cohort_pair
#define SH_ELEMENT_TYPE CohortPairEntry
#define SH_KEY_TYPE uint64
#define SH_KEY key
#define SH_HASH_KEY(tb, k) cr_hash64(k)
#define SH_EQUAL(tb, a, b) ((a) == (b))
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

#define PAIR_KEY(ord, idx) (((uint64) (ord) << 32) | (uint32) (idx))
#define PAIR_ORD(k) ((uint32) ((k) >> 32))
#define PAIR_IDX(k) ((int32) ((k) & 0xFFFFFFFF))

/*
 * A row waiting in the batch. Each row's hash bucket is a cache miss (the tables of a large
 * cohort do not fit in cache, and the table scan keeps evicting them); hashing the row and
 * prefetching its bucket when it arrives, and inserting it COHORT_BATCH rows later, lets those
 * misses overlap instead of stalling one after the other.
 */
#define COHORT_BATCH 32

typedef struct CohortPending
{
	int64		ikey;			/* kind INT8 */
	uint32		off;			/* kind BYTES: key at pbuf + off ... */
	uint32		len;			/* ... of len bytes */
	uint32		hash;
	int32		idx;
} CohortPending;

#if defined(__GNUC__) || defined(__clang__)
#define cohort_prefetch(p) __builtin_prefetch(p)
#else
#define cohort_prefetch(p) ((void) (p))
#endif

typedef struct CohortState
{
	MemoryContext ctx;
	CohortKeyKind kind;
	uint32		ncust;			/* customers = ordinals handed out */
	int32		max_index;		/* over all customers, -1 when empty */
	cohort_int_hash *ints;		/* kind INT8 */
	cohort_bytes_hash *bytes;	/* kind BYTES */
	cohort_pair_hash *pairs;	/* created on the first index >= 64 */
	char	   *arena;			/* copies of byte keys, in chunks that never move */
	Size		arena_used;
	Size		arena_size;
	/* Rows not yet in the tables: their buckets are being prefetched (see cohort_push). */
	int			npend;
	CohortPending pend[COHORT_BATCH];
	char	   *pbuf;			/* byte keys of the pending rows */
	Size		pbuf_used;
	Size		pbuf_size;
} CohortState;

static CohortState *
cohort_state_new(MemoryContext ctx, CohortKeyKind kind, uint32 expected)
{
	CohortState *st = MemoryContextAllocZero(ctx, sizeof(CohortState));

	st->ctx = ctx;
	st->kind = kind;
	st->max_index = -1;
	if (expected < 256)
		expected = 256;
	if (kind == COHORT_KEY_INT8)
		st->ints = cohort_int_create(ctx, expected, NULL);
	else
	{
		st->bytes = cohort_bytes_create(ctx, expected, NULL);
		st->pbuf_size = 4096;
		st->pbuf = MemoryContextAlloc(ctx, st->pbuf_size);
	}
	return st;
}

static const char *
cohort_arena_copy(CohortState *st, const char *p, uint32 len)
{
	char	   *dst;

	if (st->arena == NULL || st->arena_used + len > st->arena_size)
	{
		st->arena_size = Max(COHORT_ARENA_CHUNK, (Size) len);
		st->arena = MemoryContextAlloc(st->ctx, st->arena_size);
		st->arena_used = 0;
	}
	dst = st->arena + st->arena_used;
	if (len > 0)
		memcpy(dst, p, len);
	st->arena_used += len;
	return dst;
}

static uint32
cohort_next_ordinal(CohortState *st)
{
	if (st->ncust == PG_UINT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("cohort_activity cannot count more than %u customers in one group",
						PG_UINT32_MAX - 1)));
	return st->ncust++;
}

/* Record that the customer with this ordinal was active at idx. */
static inline void
cohort_mark(CohortState *st, uint64 *bits, int32 *cust_max, uint32 ordinal, int32 idx)
{
	if (idx < COHORT_INLINE_BITS)
		*bits |= UINT64CONST(1) << idx;
	else
	{
		bool		found;

		if (st->pairs == NULL)
			st->pairs = cohort_pair_create(st->ctx, 1024, NULL);
		cohort_pair_insert(st->pairs, PAIR_KEY(ordinal, idx), &found);
	}
	if (idx > *cust_max)
		*cust_max = idx;
	if (idx > st->max_index)
		st->max_index = idx;
}

static void
cohort_add_int(CohortState *st, int64 key, uint32 hash, int32 idx)
{
	bool		found;
	CohortIntEntry *e = cohort_int_insert_hash(st->ints, key, hash, &found);

	if (!found)
	{
		e->bits = 0;
		e->max_index = -1;
		e->ordinal = cohort_next_ordinal(st);
	}
	cohort_mark(st, &e->bits, &e->max_index, e->ordinal, idx);
}

static void
cohort_add_bytes(CohortState *st, const char *p, uint32 len, uint32 hash, int32 idx)
{
	bool		found;
	CohortBytesKey k;
	CohortBytesEntry *e;

	k.ptr = p;
	k.len = len;
	e = cohort_bytes_insert_hash(st->bytes, k, hash, &found);
	if (!found)
	{
		e->key.ptr = cohort_arena_copy(st, p, len);
		e->bits = 0;
		e->max_index = -1;
		e->ordinal = cohort_next_ordinal(st);
	}
	cohort_mark(st, &e->bits, &e->max_index, e->ordinal, idx);
}

static inline uint32
cohort_bytes_hash_of(const char *p, uint32 len)
{
	return hash_bytes((const unsigned char *) p, (int) len);
}

/* Insert the pending rows into the tables. */
static void
cohort_flush(CohortState *st)
{
	int			i;

	if (st->kind == COHORT_KEY_BYTES)
	{
		/*
		 * A byte key's entry points to its bytes elsewhere: a second miss per row. The buckets
		 * are in cache by now, so find each row's likely entry (same stored hash) and prefetch
		 * its key bytes before the inserts compare them.
		 */
		for (i = 0; i < st->npend; i++)
		{
			uint32		b = st->pend[i].hash & st->bytes->sizemask;
			int			probe;

			for (probe = 0; probe < 8; probe++)
			{
				CohortBytesEntry *e = &st->bytes->data[(b + probe) & st->bytes->sizemask];

				if (e->status == cohort_bytes_SH_EMPTY)
					break;
				if (e->hash == st->pend[i].hash)
				{
					cohort_prefetch(e->key.ptr);
					break;
				}
			}
		}
	}
	for (i = 0; i < st->npend; i++)
	{
		CohortPending *r = &st->pend[i];

		if (st->kind == COHORT_KEY_INT8)
			cohort_add_int(st, r->ikey, r->hash, r->idx);
		else
			cohort_add_bytes(st, st->pbuf + r->off, r->len, r->hash, r->idx);
	}
	st->npend = 0;
	st->pbuf_used = 0;
}

static void
cohort_push_int(CohortState *st, int64 key, int32 idx)
{
	CohortPending *r = &st->pend[st->npend];

	r->ikey = key;
	r->hash = cr_hash64((uint64) key);
	r->idx = idx;
	cohort_prefetch(&st->ints->data[r->hash & st->ints->sizemask]);
	if (idx > st->max_index)
		st->max_index = idx;
	if (++st->npend == COHORT_BATCH)
		cohort_flush(st);
}

static void
cohort_push_bytes(CohortState *st, const char *p, uint32 len, int32 idx)
{
	CohortPending *r;

	if (st->pbuf_used + len > st->pbuf_size)
	{
		cohort_flush(st);
		if (len > st->pbuf_size)
		{
			st->pbuf_size = Max((Size) len, 2 * st->pbuf_size);
			st->pbuf = st->pbuf ? repalloc(st->pbuf, st->pbuf_size)
				: MemoryContextAlloc(st->ctx, st->pbuf_size);
		}
	}
	r = &st->pend[st->npend];
	r->off = (uint32) st->pbuf_used;
	r->len = len;
	if (len > 0)
		memcpy(st->pbuf + st->pbuf_used, p, len);
	st->pbuf_used += len;
	r->hash = cohort_bytes_hash_of(p, len);
	r->idx = idx;
	cohort_prefetch(&st->bytes->data[r->hash & st->bytes->sizemask]);
	if (idx > st->max_index)
		st->max_index = idx;
	if (++st->npend == COHORT_BATCH)
		cohort_flush(st);
}

/* Whether pending row j repeats the customer (and, with same_index, the index) of an earlier one. */
static bool
cohort_pending_repeats(const CohortState *st, int j, bool same_index)
{
	int			i;
	const CohortPending *b = &st->pend[j];

	for (i = 0; i < j; i++)
	{
		const CohortPending *a = &st->pend[i];

		if (a->hash != b->hash || (same_index && a->idx != b->idx))
			continue;
		if (st->kind == COHORT_KEY_INT8 ? a->ikey == b->ikey
			: (a->len == b->len && memcmp(st->pbuf + a->off, st->pbuf + b->off, a->len) == 0))
			return true;
	}
	return false;
}

/* The table entry of pending row j's customer, or NULL: its bits, largest index and ordinal. */
static bool
cohort_pending_lookup(const CohortState *st, int j, uint64 *bits, int32 *max_index, uint32 *ordinal)
{
	const CohortPending *r = &st->pend[j];

	if (st->kind == COHORT_KEY_INT8)
	{
		CohortIntEntry *e = cohort_int_lookup_hash(st->ints, r->ikey, r->hash);

		if (e == NULL)
			return false;
		*bits = e->bits;
		*max_index = e->max_index;
		*ordinal = e->ordinal;
	}
	else
	{
		CohortBytesKey k;
		CohortBytesEntry *e;

		k.ptr = st->pbuf + r->off;
		k.len = r->len;
		e = cohort_bytes_lookup_hash(st->bytes, k, r->hash);
		if (e == NULL)
			return false;
		*bits = e->bits;
		*max_index = e->max_index;
		*ordinal = e->ordinal;
	}
	return true;
}

static MemoryContext
cohort_agg_context(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext ctx;

	ctx = cr_aggregate_context(fcinfo);
	return ctx;
}

static int32
cohort_index_arg(FunctionCallInfo fcinfo, int argno)
{
	int32		idx = PG_GETARG_INT32(argno);

	if (idx < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period_index must not be negative"),
				 errdetail("The value supplied was %d.", idx),
				 errhint("period_index counts periods since the customer's first period, which is 0.")));
	if (idx > COHORT_MAX_INDEX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("period_index must not exceed %d", COHORT_MAX_INDEX),
				 errdetail("The value supplied was %d.", idx)));
	return idx;
}

/*
 * Shared start of the transition functions: NULL key or index → the state unchanged (may be
 * NULL); otherwise *st is the existing or a new state.
 */
static bool
cohort_trans_begin(FunctionCallInfo fcinfo, CohortKeyKind kind, CohortState **st, int32 *idx)
{
	MemoryContext ctx = cohort_agg_context(fcinfo, "cohort_activity");

	*st = PG_ARGISNULL(0) ? NULL : (CohortState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return false;
	*idx = cohort_index_arg(fcinfo, 2);
	if (*st == NULL)
	{
		Oid			coll = PG_GET_COLLATION();

		/* Byte equality is key equality only under a deterministic collation. */
		if (kind == COHORT_KEY_BYTES && OidIsValid(coll) && !get_collation_isdeterministic(coll))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("cohort_activity does not support nondeterministic collations"),
					 errhint("Apply a deterministic collation to the key, for example "
							 "customer_key COLLATE \"C\", or normalise it with lower().")));
		*st = cohort_state_new(ctx, kind, 256);
	}
	return true;
}

static Datum
cohort_trans_return(FunctionCallInfo fcinfo, CohortState *st)
{
	if (st == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(st);
}

Datum
cohort_activity_trans_int8(PG_FUNCTION_ARGS)
{
	CohortState *st;
	int32		idx;

	if (cohort_trans_begin(fcinfo, COHORT_KEY_INT8, &st, &idx))
		cohort_push_int(st, PG_GETARG_INT64(1), idx);
	return cohort_trans_return(fcinfo, st);
}

Datum
cohort_activity_trans_text(PG_FUNCTION_ARGS)
{
	CohortState *st;
	int32		idx;

	if (cohort_trans_begin(fcinfo, COHORT_KEY_BYTES, &st, &idx))
	{
		text	   *t = PG_GETARG_TEXT_PP(1);

		cohort_push_bytes(st, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), idx);
	}
	return cohort_trans_return(fcinfo, st);
}

Datum
cohort_activity_trans_uuid(PG_FUNCTION_ARGS)
{
	CohortState *st;
	int32		idx;

	if (cohort_trans_begin(fcinfo, COHORT_KEY_BYTES, &st, &idx))
	{
		pg_uuid_t  *u = PG_GETARG_UUID_P(1);

		cohort_push_bytes(st, (const char *) u->data, UUID_LEN, idx);
	}
	return cohort_trans_return(fcinfo, st);
}

/*
 * Merge b (not empty) into a, a new state in ctx when a is NULL; b's ordinals are translated
 * through a map built while adding its customers. The key kinds must match.
 */
static CohortState *
cohort_merge_into(MemoryContext ctx, CohortState *a, CohortState *b)
{
	uint32	   *map;
	int			i;

	if (a == NULL)
		a = cohort_state_new(ctx, b->kind, b->ncust);
	if (a->kind != b->kind)
		elog(ERROR, "cohort_activity_combine: states of different key types");
	cohort_flush(a);

	map = palloc(sizeof(uint32) * Max(b->ncust, 1));
	if (b->kind == COHORT_KEY_INT8)
	{
		cohort_int_iterator it;
		CohortIntEntry *eb;

		cohort_int_start_iterate(b->ints, &it);
		while ((eb = cohort_int_iterate(b->ints, &it)) != NULL)
		{
			bool		found;
			CohortIntEntry *ea = cohort_int_insert(a->ints, eb->key, &found);

			CHECK_FOR_INTERRUPTS();
			if (!found)
			{
				ea->bits = 0;
				ea->max_index = -1;
				ea->ordinal = cohort_next_ordinal(a);
			}
			ea->bits |= eb->bits;
			ea->max_index = Max(ea->max_index, eb->max_index);
			map[eb->ordinal] = ea->ordinal;
		}
	}
	else
	{
		cohort_bytes_iterator it;
		CohortBytesEntry *eb;

		cohort_bytes_start_iterate(b->bytes, &it);
		while ((eb = cohort_bytes_iterate(b->bytes, &it)) != NULL)
		{
			bool		found;
			CohortBytesEntry *ea = cohort_bytes_insert(a->bytes, eb->key, &found);

			CHECK_FOR_INTERRUPTS();
			if (!found)
			{
				ea->key.ptr = cohort_arena_copy(a, eb->key.ptr, eb->key.len);
				ea->bits = 0;
				ea->max_index = -1;
				ea->ordinal = cohort_next_ordinal(a);
			}
			ea->bits |= eb->bits;
			ea->max_index = Max(ea->max_index, eb->max_index);
			map[eb->ordinal] = ea->ordinal;
		}
	}
	if (b->pairs != NULL)
	{
		cohort_pair_iterator it;
		CohortPairEntry *pb;

		if (a->pairs == NULL)
			a->pairs = cohort_pair_create(a->ctx, Max(b->pairs->members, 1024), NULL);
		cohort_pair_start_iterate(b->pairs, &it);
		while ((pb = cohort_pair_iterate(b->pairs, &it)) != NULL)
		{
			bool		found;

			CHECK_FOR_INTERRUPTS();
			cohort_pair_insert(a->pairs, PAIR_KEY(map[PAIR_ORD(pb->key)], PAIR_IDX(pb->key)), &found);
		}
	}
	/* b's rows still in its batch (b itself is left as it is). */
	for (i = 0; i < b->npend; i++)
	{
		CohortPending *r = &b->pend[i];

		if (b->kind == COHORT_KEY_INT8)
			cohort_add_int(a, r->ikey, r->hash, r->idx);
		else
			cohort_add_bytes(a, b->pbuf + r->off, r->len, r->hash, r->idx);
	}
	a->max_index = Max(a->max_index, b->max_index);
	pfree(map);
	return a;
}

Datum
cohort_activity_combine(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = cohort_agg_context(fcinfo, "cohort_activity_combine");
	CohortState *a = PG_ARGISNULL(0) ? NULL : (CohortState *) PG_GETARG_POINTER(0);
	CohortState *b = PG_ARGISNULL(1) ? NULL : (CohortState *) PG_GETARG_POINTER(1);

	if (b == NULL || (b->ncust == 0 && b->npend == 0))
		return cohort_trans_return(fcinfo, a);
	PG_RETURN_POINTER(cohort_merge_into(ctx, a, b));
}

/* Orders of customers and pairs in the canonical form. */
static int
cohort_cmp_int(const void *x, const void *y)
{
	int64		a = (*(CohortIntEntry *const *) x)->key;
	int64		b = (*(CohortIntEntry *const *) y)->key;

	return (a > b) - (a < b);
}

static int
cohort_cmp_bytes(const void *x, const void *y)
{
	const CohortBytesKey *a = &(*(CohortBytesEntry *const *) x)->key;
	const CohortBytesKey *b = &(*(CohortBytesEntry *const *) y)->key;
	int			c = memcmp(a->ptr, b->ptr, Min(a->len, b->len));

	if (c != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

static int
cohort_cmp_u64(const void *x, const void *y)
{
	uint64		a = *(const uint64 *) x;
	uint64		b = *(const uint64 *) y;

	return (a > b) - (a < b);
}

/*
 * Serialized state (byte-order independent), the same for parallel query and for the portable
 * state of cohort_activity_state / cohort_survivors_state:
 *   byte version, byte kind (1 bigint keys, 2 text or uuid bytes), uint32 ncust, int32 max_index,
 *   ncust × { key: int64 | (uint32 len, len bytes), int64 bits, int32 max_index },
 *   uint32 npairs, npairs × { uint32 customer position, int32 index }.
 * Customers are numbered by their position in the stream. The batch of pending rows goes into
 * the tables first: that moves rows, it does not change what the state holds.
 *
 * canonical (the portable state): customers in ascending key order (bigint: numeric; bytes:
 * byte-wise, a prefix first), pairs in ascending (position, index) order, so the same rows give
 * the same bytes whatever the order they came in or the plan. Partial states for parallel
 * workers skip the sorting and follow the hash tables' order; the reader accepts either.
 */
static bytea *
cohort_encode(CohortState *st, bool canonical)
{
	StringInfoData buf;
	uint32	   *pos = NULL;
	void	  **order;
	uint32		n = 0,
				i;

	cohort_flush(st);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, COHORT_SERIAL_VERSION);
	pq_sendbyte(&buf, (int) st->kind);
	pq_sendint32(&buf, st->ncust);
	pq_sendint32(&buf, st->max_index);

	/* the customers, in hash-table order, sorted by key for the portable state */
	order = palloc(sizeof(void *) * Max(st->ncust, 1));
	if (st->kind == COHORT_KEY_INT8)
	{
		cohort_int_iterator it;
		CohortIntEntry *e;

		cohort_int_start_iterate(st->ints, &it);
		while ((e = cohort_int_iterate(st->ints, &it)) != NULL && n < st->ncust)
			order[n++] = e;
		if (canonical)
			qsort(order, n, sizeof(void *), cohort_cmp_int);
	}
	else
	{
		cohort_bytes_iterator it;
		CohortBytesEntry *e;

		cohort_bytes_start_iterate(st->bytes, &it);
		while ((e = cohort_bytes_iterate(st->bytes, &it)) != NULL && n < st->ncust)
			order[n++] = e;
		if (canonical)
			qsort(order, n, sizeof(void *), cohort_cmp_bytes);
	}
	if (n != st->ncust)
		elog(ERROR, "cohort_activity_serialize: %u customers in the table, %u expected", n, st->ncust);

	/* customers are numbered by their position in the stream: pos maps ordinal -> position */
	if (st->pairs != NULL)
		pos = palloc(sizeof(uint32) * Max(st->ncust, 1));
	for (i = 0; i < n; i++)
	{
		uint32		ordinal;

		CHECK_FOR_INTERRUPTS();
		if (st->kind == COHORT_KEY_INT8)
		{
			CohortIntEntry *e = (CohortIntEntry *) order[i];

			pq_sendint64(&buf, e->key);
			pq_sendint64(&buf, (int64) e->bits);
			pq_sendint32(&buf, e->max_index);
			ordinal = e->ordinal;
		}
		else
		{
			CohortBytesEntry *e = (CohortBytesEntry *) order[i];

			pq_sendint32(&buf, e->key.len);
			pq_sendbytes(&buf, e->key.ptr, e->key.len);
			pq_sendint64(&buf, (int64) e->bits);
			pq_sendint32(&buf, e->max_index);
			ordinal = e->ordinal;
		}
		if (pos)
			pos[ordinal] = i;
	}
	pfree(order);

	/* the late (customer, index) pairs, sorted by (position, index) for the portable state */
	if (st->pairs != NULL)
	{
		cohort_pair_iterator it;
		CohortPairEntry *p;
		uint64	   *pairs = palloc(sizeof(uint64) * Max(st->pairs->members, 1));
		uint32		np = 0;

		cohort_pair_start_iterate(st->pairs, &it);
		while ((p = cohort_pair_iterate(st->pairs, &it)) != NULL && np < st->pairs->members)
			pairs[np++] = PAIR_KEY(pos[PAIR_ORD(p->key)], PAIR_IDX(p->key));
		if (canonical)
			qsort(pairs, np, sizeof(uint64), cohort_cmp_u64);
		pq_sendint32(&buf, np);
		for (i = 0; i < np; i++)
		{
			CHECK_FOR_INTERRUPTS();
			pq_sendint32(&buf, PAIR_ORD(pairs[i]));
			pq_sendint32(&buf, PAIR_IDX(pairs[i]));
		}
		pfree(pairs);
		pfree(pos);
	}
	else
		pq_sendint32(&buf, 0);
	return pq_endtypsend(&buf);
}

Datum
cohort_activity_serialize(PG_FUNCTION_ARGS)
{
	cohort_agg_context(fcinfo, "cohort_activity_serialize");
	PG_RETURN_BYTEA_P(cohort_encode((CohortState *) PG_GETARG_POINTER(0), false));
}

/*
 * A state that cannot be decoded: inside a parallel query (portable = false) a corrupt partial
 * state; given to cohort_activity_merge or cohort_survivors_merge, an invalid argument (22023).
 */
static void
cohort_corrupt(bool portable, const char *why)
{
	if (portable)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid cohort state"),
				 errdetail("The value supplied is not a state made by cohort_activity_state() or cohort_survivors_state(). %s", why),
				 errhint("Pass only values returned by cohort_activity_state() or cohort_survivors_state() of this version of customer_rel.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("cohort_activity_deserialize: corrupt state"),
			 errdetail("%s", why)));
}

/* 22023 / 22P03 unless n more bytes remain. */
static inline void
cohort_need(bool portable, StringInfo buf, uint64 n)
{
	if ((uint64) (buf->len - buf->cursor) < n)
		cohort_corrupt(portable, "Truncated data.");
}

/* Decode a serialized state into a new state in ctx; every length is checked before it is trusted. */
static CohortState *
cohort_decode(bytea *data, MemoryContext ctx, bool portable)
{
	StringInfoData buf;
	CohortState *st;
	int			kind;
	uint32		ncust,
				npairs,
				i;
	int32		max_index,
				seen_max = -1;
	int32	   *cust_max;

	buf.data = VARDATA_ANY(data);
	buf.len = VARSIZE_ANY_EXHDR(data);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (buf.len < 14 || pq_getmsgbyte(&buf) != COHORT_SERIAL_VERSION)
		cohort_corrupt(portable, "Unknown version or truncated header.");
	kind = pq_getmsgbyte(&buf);
	if (kind != COHORT_KEY_INT8 && kind != COHORT_KEY_BYTES)
		cohort_corrupt(portable, "Unknown key kind.");
	ncust = (uint32) pq_getmsgint(&buf, 4);
	max_index = pq_getmsgint(&buf, 4);
	/* Each customer takes at least 16 (bytes) or 20 (int8) bytes, and the pair count 4. */
	if ((uint64) ncust * (kind == COHORT_KEY_INT8 ? 20 : 16) + 4 > (uint64) (buf.len - buf.cursor)
		|| ncust == PG_UINT32_MAX
		|| max_index < -1 || max_index > COHORT_MAX_INDEX)
		cohort_corrupt(portable, "Header does not match the data.");
	st = cohort_state_new(ctx, (CohortKeyKind) kind, ncust);
	cust_max = palloc(sizeof(int32) * Max(ncust, 1));
	for (i = 0; i < ncust; i++)
	{
		uint64		bits;
		int32		cmax;
		bool		found;
		uint32		ord;

		CHECK_FOR_INTERRUPTS();
		if (kind == COHORT_KEY_INT8)
		{
			int64		key;
			CohortIntEntry *e;

			cohort_need(portable, &buf, 20);
			key = pq_getmsgint64(&buf);
			e = cohort_int_insert(st->ints, key, &found);
			if (found)
				cohort_corrupt(portable, "Duplicate customer.");
			bits = (uint64) pq_getmsgint64(&buf);
			cmax = pq_getmsgint(&buf, 4);
			e->bits = bits;
			e->max_index = cmax;
			ord = e->ordinal = cohort_next_ordinal(st);
		}
		else
		{
			uint32		len;
			const char *p;
			CohortBytesKey k;
			CohortBytesEntry *e;

			cohort_need(portable, &buf, 4);
			len = (uint32) pq_getmsgint(&buf, 4);
			cohort_need(portable, &buf, (uint64) len + 12);
			p = pq_getmsgbytes(&buf, len);
			k.ptr = p;
			k.len = len;
			e = cohort_bytes_insert(st->bytes, k, &found);
			if (found)
				cohort_corrupt(portable, "Duplicate customer.");
			e->key.ptr = cohort_arena_copy(st, p, len);
			bits = (uint64) pq_getmsgint64(&buf);
			cmax = pq_getmsgint(&buf, 4);
			e->bits = bits;
			e->max_index = cmax;
			ord = e->ordinal = cohort_next_ordinal(st);
		}
		if (cmax < 0 || cmax > max_index
			|| (cmax < COHORT_INLINE_BITS && (bits == 0 || pg_leftmost_one_pos64(bits) != cmax)))
			cohort_corrupt(portable, "Customer's period indexes do not match its largest index.");
		cust_max[ord] = cmax;
		seen_max = Max(seen_max, cmax);
	}
	if (seen_max != max_index)
		cohort_corrupt(portable, "Largest index does not match the customers.");
	st->max_index = max_index;
	cohort_need(portable, &buf, 4);
	npairs = (uint32) pq_getmsgint(&buf, 4);
	if ((uint64) npairs * 8 != (uint64) (buf.len - buf.cursor))
		cohort_corrupt(portable, "Pair count does not match the data.");
	if (npairs > 0)
		st->pairs = cohort_pair_create(ctx, npairs, NULL);
	for (i = 0; i < npairs; i++)
	{
		uint32		ord = (uint32) pq_getmsgint(&buf, 4);
		int32		idx = pq_getmsgint(&buf, 4);
		bool		found;

		CHECK_FOR_INTERRUPTS();
		if (ord >= ncust || idx < COHORT_INLINE_BITS || idx > cust_max[ord])
			cohort_corrupt(portable, "Pair out of range.");
		cohort_pair_insert(st->pairs, PAIR_KEY(ord, idx), &found);
		if (found)
			cohort_corrupt(portable, "Duplicate pair.");
	}
	pq_getmsgend(&buf);
	pfree(cust_max);
	return st;
}

Datum
cohort_activity_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = cohort_agg_context(fcinfo, "cohort_activity_deserialize");

	PG_RETURN_POINTER(cohort_decode(PG_GETARG_BYTEA_PP(0), ctx, false));
}

/* The SQL type cr_cohort_state (agg_state.h): flat form = the portable (canonical) form. */
static bytea *
cohort_type_encode(void *state, uint8 tag)
{
	return cohort_encode((CohortState *) state, true);
}

static void *
cohort_type_decode(bytea *flat, MemoryContext mcxt, bool validate, uint8 *tag)
{
	*tag = 0;
	return cohort_decode(flat, mcxt, true);
}

const CrAggStateType cr_cohort_state_type = {
	.name = "cr_cohort_state",
	.encode = cohort_type_encode,
	.decode = cohort_type_decode,
};

/*
 * Portable states for sharded data: cohort_activity_state / cohort_survivors_state → bytea (the
 * serialized form; NULL for an empty group), and the transition of cohort_activity_merge and
 * cohort_survivors_merge, which decodes a state (every length checked, 22023) and merges it.
 */
Datum
cohort_activity_state_final(PG_FUNCTION_ARGS)
{
	CohortState *st;

	cohort_agg_context(fcinfo, "cohort_activity_state_final");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (CohortState *) PG_GETARG_POINTER(0);
	if (st->ncust == 0 && st->npend == 0)
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(cohort_encode(st, true));
}

Datum
cohort_activity_merge_trans(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = cohort_agg_context(fcinfo, "cohort_activity_merge_trans");
	CohortState *a = PG_ARGISNULL(0) ? NULL : (CohortState *) PG_GETARG_POINTER(0);
	CohortState *b;

	if (PG_ARGISNULL(1))
		return cohort_trans_return(fcinfo, a);
	/* decoded in the per-row memory context, merged into the aggregate's */
	b = cohort_decode(PG_GETARG_BYTEA_PP(1), CurrentMemoryContext, true);
	if (b->ncust == 0)
		return cohort_trans_return(fcinfo, a);
	if (a != NULL && a->kind != b->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge cohort states of bigint keys with states of text or uuid keys"),
				 errhint("Make every state with the same type of customer_key.")));
	PG_RETURN_POINTER(cohort_merge_into(ctx, a, b));
}

static ArrayType *
int8_array(const int64 *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Int64GetDatum(v[i]);
	return construct_array(d, n, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

/* cohort_activity: distinct customers active at each index 0..max. */
Datum
cohort_activity_final(PG_FUNCTION_ARGS)
{
	CohortState *st;
	int64	   *counts;
	int			n,
				j;

	cohort_agg_context(fcinfo, "cohort_activity_final");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (CohortState *) PG_GETARG_POINTER(0);
	if (st->ncust == 0 && st->npend == 0)
		PG_RETURN_NULL();
	n = st->max_index + 1;
	counts = palloc0(sizeof(int64) * n);
#define COUNT_BITS(e) \
	do { \
		uint64		b = (e)->bits; \
		while (b != 0) \
		{ \
			counts[pg_rightmost_one_pos64(b)]++; \
			b &= b - 1; \
		} \
	} while (0)
	if (st->kind == COHORT_KEY_INT8)
	{
		cohort_int_iterator it;
		CohortIntEntry *e;

		cohort_int_start_iterate(st->ints, &it);
		while ((e = cohort_int_iterate(st->ints, &it)) != NULL)
			COUNT_BITS(e);
	}
	else
	{
		cohort_bytes_iterator it;
		CohortBytesEntry *e;

		cohort_bytes_start_iterate(st->bytes, &it);
		while ((e = cohort_bytes_iterate(st->bytes, &it)) != NULL)
			COUNT_BITS(e);
	}
#undef COUNT_BITS
	if (st->pairs != NULL)
	{
		cohort_pair_iterator it;
		CohortPairEntry *p;

		cohort_pair_start_iterate(st->pairs, &it);
		while ((p = cohort_pair_iterate(st->pairs, &it)) != NULL)
			counts[PAIR_IDX(p->key)]++;
	}
	/* Rows still in the batch count where they are new (the state is only read). */
	for (j = 0; j < st->npend; j++)
	{
		int32		idx = st->pend[j].idx;
		uint64		bits;
		int32		cmax;
		uint32		ord;

		if (cohort_pending_repeats(st, j, true))
			continue;
		if (cohort_pending_lookup(st, j, &bits, &cmax, &ord)
			&& (idx < COHORT_INLINE_BITS ? (bits >> idx) & 1
				: (st->pairs != NULL && cohort_pair_lookup(st->pairs, PAIR_KEY(ord, idx)) != NULL)))
			continue;
		counts[idx]++;
	}
	PG_RETURN_ARRAYTYPE_P(int8_array(counts, n));
}

/* cohort_survivors: customers whose largest active index is >= k, for k = 0..max. */
Datum
cohort_survivors_final(PG_FUNCTION_ARGS)
{
	CohortState *st;
	int64	   *counts;
	int			n,
				j,
				k;

	cohort_agg_context(fcinfo, "cohort_survivors_final");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (CohortState *) PG_GETARG_POINTER(0);
	if (st->ncust == 0 && st->npend == 0)
		PG_RETURN_NULL();
	n = st->max_index + 1;
	counts = palloc0(sizeof(int64) * n);
	if (st->kind == COHORT_KEY_INT8)
	{
		cohort_int_iterator it;
		CohortIntEntry *e;

		cohort_int_start_iterate(st->ints, &it);
		while ((e = cohort_int_iterate(st->ints, &it)) != NULL)
			counts[e->max_index]++;
	}
	else
	{
		cohort_bytes_iterator it;
		CohortBytesEntry *e;

		cohort_bytes_start_iterate(st->bytes, &it);
		while ((e = cohort_bytes_iterate(st->bytes, &it)) != NULL)
			counts[e->max_index]++;
	}
	/* Rows still in the batch: a customer's largest index may grow, or a customer be new. */
	for (j = 0; j < st->npend; j++)
	{
		int32		newmax = st->pend[j].idx,
					cmax;
		uint64		bits;
		uint32		ord;
		int			i;

		if (cohort_pending_repeats(st, j, false))
			continue;
		for (i = j + 1; i < st->npend; i++)
			if (st->pend[i].idx > newmax && st->pend[i].hash == st->pend[j].hash
				&& (st->kind == COHORT_KEY_INT8 ? st->pend[i].ikey == st->pend[j].ikey
					: (st->pend[i].len == st->pend[j].len
					   && memcmp(st->pbuf + st->pend[i].off, st->pbuf + st->pend[j].off,
								 st->pend[j].len) == 0)))
				newmax = st->pend[i].idx;
		if (cohort_pending_lookup(st, j, &bits, &cmax, &ord))
		{
			if (newmax > cmax)
			{
				counts[cmax]--;
				counts[newmax]++;
			}
		}
		else
			counts[newmax]++;
	}
	for (k = n - 2; k >= 0; k--)
		counts[k] += counts[k + 1];
	PG_RETURN_ARRAYTYPE_P(int8_array(counts, n));
}

/* ---------------------------------------------------------------- from counts to percent */

/* A 1-D int8[] without NULLs or negative counts, as a C array. */
static int64 *
cohort_counts_arg(ArrayType *arr, int *n)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count,
				i;
	int64	   *out;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("counts must be a one-dimensional array"),
				 errdetail("The array supplied has %d dimensions.", ARR_NDIM(arr))));
	deconstruct_array(arr, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &count);
	out = palloc(sizeof(int64) * Max(count, 1));
	for (i = 0; i < count; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("counts must not contain NULL values"),
					 errdetail("Element %d is NULL.", i + 1)));
		out[i] = DatumGetInt64(elems[i]);
		if (out[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("counts must not be negative"),
					 errdetail("Element %d is " INT64_FORMAT ".", i + 1, out[i])));
	}
	if (count > 0 && out[0] == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("counts must start with a cohort size greater than zero"),
				 errdetail("The first element is 0."),
				 errhint("The first element is the number of customers in period 0.")));
	*n = count;
	return out;
}

/* cohort_retention(counts int8[]) → float8[]: 100 * counts[k] / counts[1] (percent). */
Datum
cohort_retention(PG_FUNCTION_ARGS)
{
	int			n,
				i;
	int64	   *c = cohort_counts_arg(PG_GETARG_ARRAYTYPE_P(0), &n);
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));

	for (i = 0; i < n; i++)
		d[i] = Float8GetDatum(100.0 * (double) c[i] / (double) c[0]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, n, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
										  TYPALIGN_DOUBLE));
}

/* cohort_periods(counts int8[]) → SETOF (period_index int, customers int8, retention_pct float8) */
Datum
cohort_periods(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;
	int64	   *c;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		TupleDesc	tupdesc;
		int			n;

		fctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "cohort_periods: return type must be a row type");
		fctx->tuple_desc = BlessTupleDesc(tupdesc);
		fctx->user_fctx = cohort_counts_arg(PG_GETARG_ARRAYTYPE_P(0), &n);
		fctx->max_calls = n;
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	c = (int64 *) fctx->user_fctx;
	if (fctx->call_cntr < fctx->max_calls)
	{
		int			k = (int) fctx->call_cntr;
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = Int32GetDatum(k);
		values[1] = Int64GetDatum(c[k]);
		values[2] = Float8GetDatum(100.0 * (double) c[k] / (double) c[0]);
		SRF_RETURN_NEXT(fctx, HeapTupleGetDatum(heap_form_tuple(fctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(fctx);
}
