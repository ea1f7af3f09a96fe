/*
 * agg_state.c — expanded aggregate states and the text/binary I/O of the state types (contract
 * in agg_state.h).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "compat.h"
#include "agg_state.h"
#include "validate.h"

/* Every state type of the extension; the I/O functions find theirs by the SQL type's name. */
static const CrAggStateType *const state_types[] = {
	&cr_fit_state_type,
	&cr_sbg_state_type,
	&cr_km_state_type,
	&cr_logrank_state_type,
	&cr_sbg_compare_state_type,
	&cr_cov_fit_state_type,
	&cr_cohort_state_type,
};

typedef struct CrAggState
{
	ExpandedObjectHeader hdr;
	const CrAggStateType *type;
	void	   *state;			/* the family's in-memory state; NULL once released (then flat
								 * holds it: type->release) */
	uint8		tag;
	bytea	   *flat;			/* the flat form once computed, in hdr.eoh_context; NULL while
								 * the state may still change */
} CrAggState;

static Size agg_state_flat_size(ExpandedObjectHeader *eohptr);
static void agg_state_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

static const ExpandedObjectMethods agg_state_methods = {
	agg_state_flat_size,
	agg_state_flatten
};

/*
 * A new expanded state in its own small context under parent (nodeAgg and Citus adopt an
 * expanded transition value without copying it only when its context is a child of the
 * aggregate context).
 */
static CrAggState *
agg_state_new(MemoryContext parent, const CrAggStateType *type, uint8 tag)
{
	MemoryContext cxt = AllocSetContextCreate(parent, "customer_rel aggregate state",
											  ALLOCSET_SMALL_SIZES);
	CrAggState *eos = (CrAggState *) MemoryContextAllocZero(cxt, sizeof(CrAggState));

	EOH_init_header(&eos->hdr, &agg_state_methods, cxt);
	eos->type = type;
	eos->tag = tag;
	return eos;
}

static Size
agg_state_flat_size(ExpandedObjectHeader *eohptr)
{
	CrAggState *eos = (CrAggState *) eohptr;

	if (eos->flat == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(eos->hdr.eoh_context);

		eos->flat = eos->type->encode(eos->state, eos->tag);
		MemoryContextSwitchTo(old);
		if (eos->type->release)
		{
			eos->type->release(eos->state);
			eos->state = NULL;
		}
	}
	return VARSIZE(eos->flat);
}

static void
agg_state_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	CrAggState *eos = (CrAggState *) eohptr;

	Assert(eos->flat != NULL && VARSIZE(eos->flat) == allocated_size);
	memcpy(result, eos->flat, allocated_size);
}

/* The in-memory state, decoded from the flat form again if it was released. */
static void *
agg_state_family(CrAggState *eos)
{
	if (unlikely(eos->state == NULL))
	{
		uint8		tag;

		Assert(eos->flat != NULL);
		eos->state = eos->type->decode(eos->flat, eos->hdr.eoh_context, false, &tag);
	}
	return eos->state;
}

/* The state has changed (or will): its flat form must be computed again. */
static void
agg_state_changed(CrAggState *eos)
{
	(void) agg_state_family(eos);
	if (eos->flat)
		pfree(eos->flat);
	eos->flat = NULL;
}

/*
 * The expanded state of a state argument. An expanded state of ours is used as it is when only
 * read, or when it is given read-write; anything else (flat bytes, a read-only pointer given to
 * a function that modifies) is decoded into a new expanded state under mcxt.
 */
static CrAggState *
agg_state_open(Datum d, const CrAggStateType *type, MemoryContext mcxt, bool for_update)
{
	Pointer		p = DatumGetPointer(d);
	CrAggState *eos;

	if (VARATT_IS_EXTERNAL_EXPANDED(p))
	{
		eos = (CrAggState *) DatumGetEOHP(d);
		if (eos->hdr.eoh_methods != &agg_state_methods || eos->type != type)
			elog(ERROR, "expanded value given for %s is not one", type->name);
		if (!for_update || VARATT_IS_EXTERNAL_EXPANDED_RW(p))
		{
			(void) agg_state_family(eos);
			return eos;
		}
	}
	eos = agg_state_new(mcxt, type, 0);
	eos->state = type->decode(DatumGetByteaPP(d), eos->hdr.eoh_context, false, &eos->tag);
	return eos;
}

void
cr_agg_state_tag_mismatch(const CrAggStateType *type, uint8 got, uint8 want)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s value of kind '%c' given where kind '%c' is expected", type->name,
					got ? got : '0', want ? want : '0'),
			 errdetail("The state was collected by another aggregate than the one it is given to.")));
}

Datum
cr_agg_state_call(FunctionCallInfo fcinfo, PGFunction fn, const CrAggStateType *type,
				  CrAggStateCall call, uint8 tag)
{
	MemoryContext aggcontext = NULL;
	CrAggState *s0 = NULL;
	CrAggState *s1 = NULL;
	Datum		result;
	uint8		new_tag = tag;

	/*
	 * The path of every row: a transition given its own read-write state back. The family's
	 * function checks that it runs in an aggregate.
	 */
	if (call == CR_STATE_TRANSITION && likely(!PG_ARGISNULL(0)) &&
		VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(fcinfo->args[0].value)))
	{
		s0 = (CrAggState *) DatumGetEOHP(fcinfo->args[0].value);
		if (likely(s0->hdr.eoh_methods == &agg_state_methods && s0->type == type &&
				   (tag == 0 || s0->tag == tag)))
		{
			if (unlikely(s0->flat != NULL))
				agg_state_changed(s0);
			fcinfo->args[0].value = PointerGetDatum(s0->state);
			result = fn(fcinfo);
			if (likely(!fcinfo->isnull && DatumGetPointer(result) == s0->state))
				return EOHPGetRWDatum(&s0->hdr);
			/* the function made another state (none of ours does): wrap it below */
			if (fcinfo->isnull)
				return (Datum) 0;
			s0 = agg_state_new(cr_aggregate_context(fcinfo), type, s0->tag);
			s0->state = DatumGetPointer(result);
			return EOHPGetRWDatum(&s0->hdr);
		}
		s0 = NULL;
	}

	if (call != CR_STATE_FINAL)
		aggcontext = cr_aggregate_context(fcinfo);
	if (!PG_ARGISNULL(0))
	{
		s0 = agg_state_open(fcinfo->args[0].value, type,
							call == CR_STATE_FINAL ? CurrentMemoryContext : aggcontext,
							call != CR_STATE_FINAL);
		if (tag != 0 && s0->tag != tag)
			cr_agg_state_tag_mismatch(type, s0->tag, tag);
		fcinfo->args[0].value = PointerGetDatum(s0->state);
		new_tag = s0->tag;
	}
	if (call == CR_STATE_COMBINE && !PG_ARGISNULL(1) && type->combine_flat != NULL &&
		!VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(fcinfo->args[1].value)))
	{
		/* flat bytes (a worker's state, through the Gather): combined without decoding first */
		bytea	   *flat = DatumGetByteaPP(fcinfo->args[1].value);
		uint8		got;

		if (s0 == NULL)
		{
			s0 = agg_state_new(aggcontext, type, 0);
			s0->state = type->combine_flat(NULL, flat, s0->hdr.eoh_context, 0, &got);
			s0->tag = got;
		}
		else
		{
			agg_state_changed(s0);
			s0->state = type->combine_flat(s0->state, flat, s0->hdr.eoh_context, s0->tag, &got);
		}
		return EOHPGetRWDatum(&s0->hdr);
	}
	if (call == CR_STATE_COMBINE && !PG_ARGISNULL(1))
	{
		s1 = agg_state_open(fcinfo->args[1].value, type, CurrentMemoryContext, false);
		if (s0 != NULL && s1->tag != s0->tag)
			cr_agg_state_tag_mismatch(type, s1->tag, s0->tag);
		fcinfo->args[1].value = PointerGetDatum(s1->state);
		new_tag = s1->tag;
	}
	if (call == CR_STATE_FINAL)
		return fn(fcinfo);

	if (s0 != NULL)
		agg_state_changed(s0);
	result = fn(fcinfo);
	if (fcinfo->isnull)
		return (Datum) 0;
	if (s0 != NULL && DatumGetPointer(result) == s0->state)
		return EOHPGetRWDatum(&s0->hdr);
	/* a state the function made (its argument was NULL): it lives in the aggregate context */
	s0 = agg_state_new(aggcontext, type, new_tag);
	s0->state = DatumGetPointer(result);
	return EOHPGetRWDatum(&s0->hdr);
}

/* ---------------------------------------------------------------------------------------------
 * I/O of the state types: text is "\x" and the hex digits of the flat bytes (as bytea prints),
 * binary is the flat bytes. Input is decoded with every check and written back canonical.
 */

PG_FUNCTION_INFO_V1(cr_agg_state_in);
PG_FUNCTION_INFO_V1(cr_agg_state_out);
PG_FUNCTION_INFO_V1(cr_agg_state_recv);
PG_FUNCTION_INFO_V1(cr_agg_state_send);

/* The state type whose OID the I/O function was given (cached in fn_extra). */
static const CrAggStateType *
state_type_of(FunctionCallInfo fcinfo, Oid typid)
{
	const CrAggStateType *type = (const CrAggStateType *) fcinfo->flinfo->fn_extra;
	HeapTuple	tup;
	const char *name;
	int			i;

	if (type != NULL)
		return type;
	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for type %u", typid);
	name = pstrdup(NameStr(((Form_pg_type) GETSTRUCT(tup))->typname));
	ReleaseSysCache(tup);
	for (i = 0; i < lengthof(state_types); i++)
		if (strcmp(state_types[i]->name, name) == 0)
			type = state_types[i];
	if (type == NULL)
		elog(ERROR, "type %s is not a customer_rel aggregate state type", name);
	fcinfo->flinfo->fn_extra = (void *) type;
	return type;
}

/* flat checked with every check, written back in canonical form */
static bytea *
state_canonical(const CrAggStateType *type, bytea *flat)
{
	uint8		tag = 0;
	void	   *state = type->decode(flat, CurrentMemoryContext, true, &tag);

	return type->encode(state, tag);
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

Datum
cr_agg_state_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	const CrAggStateType *type = state_type_of(fcinfo, PG_GETARG_OID(1));
	size_t		len = strlen(text);
	size_t		i;
	bytea	   *flat;
	char	   *out;

	if (len < 2 || text[0] != '\\' || text[1] != 'x' || len % 2 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s", type->name),
				 errdetail("A state is written \\x followed by an even number of hexadecimal digits.")));
	flat = (bytea *) palloc(VARHDRSZ + (len - 2) / 2);
	SET_VARSIZE(flat, VARHDRSZ + (len - 2) / 2);
	out = VARDATA(flat);
	for (i = 2; i < len; i += 2)
	{
		int			hi = hex_value(text[i]);
		int			lo = hex_value(text[i + 1]);

		if (hi < 0 || lo < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s", type->name),
					 errdetail("\"%.2s\" at offset %zu is not a hexadecimal byte.", text + i, i)));
		*out++ = (char) (hi << 4 | lo);
	}
	PG_RETURN_BYTEA_P(state_canonical(type, flat));
}

Datum
cr_agg_state_out(PG_FUNCTION_ARGS)
{
	bytea	   *flat = PG_GETARG_BYTEA_PP(0);	/* flattens an expanded state */
	const unsigned char *p = (const unsigned char *) VARDATA_ANY(flat);
	Size		n = VARSIZE_ANY_EXHDR(flat);
	static const char digits[] = "0123456789abcdef";
	char	   *text;
	Size		i;

	if (n > (MaxAllocSize - 3) / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aggregate state of %zu bytes is too large to print", n)));
	text = palloc(2 * n + 3);
	text[0] = '\\';
	text[1] = 'x';
	for (i = 0; i < n; i++)
	{
		text[2 + 2 * i] = digits[p[i] >> 4];
		text[3 + 2 * i] = digits[p[i] & 15];
	}
	text[2 + 2 * n] = '\0';
	PG_RETURN_CSTRING(text);
}

Datum
cr_agg_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const CrAggStateType *type = state_type_of(fcinfo, PG_GETARG_OID(1));
	int			n = buf->len - buf->cursor;
	bytea	   *flat = (bytea *) palloc(VARHDRSZ + n);

	SET_VARSIZE(flat, VARHDRSZ + n);
	pq_copymsgbytes(buf, VARDATA(flat), n);
	PG_RETURN_BYTEA_P(state_canonical(type, flat));
}

Datum
cr_agg_state_send(PG_FUNCTION_ARGS)
{
	bytea	   *flat = PG_GETARG_BYTEA_P_COPY(0);

	PG_RETURN_BYTEA_P(flat);
}
