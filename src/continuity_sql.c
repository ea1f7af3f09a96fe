/*
 * continuity_sql.c — SQL face of relationship_continuity:
 *
 *   relationship_continuity(kept boolean, p_kept float8, clv float8) aggregate
 *   relationship_continuity(kept boolean, p_kept float8, clv float8,
 *                           rq_index_before float8, rq_index_after float8,
 *                           nps_answer_before float8, nps_answer_after float8) aggregate
 *       → cr_relationship_continuity
 *
 * One row per customer present at the start of a period; GROUP BY the owner for one row per
 * owner, no GROUP BY for the team. The state is a float8[] of CR_CONT_STATE_LEN values
 * (src/core/continuity.h): counts and exact sums, constant size, a concrete type, so partial
 * aggregation runs in parallel workers and on Citus workers. The formulas are in the core's
 * header and the README ("Per-owner access").
 *
 * A row counts when kept and p_kept are given; clv, and each wave's survey value, may be NULL
 * (the value figures count the customers with a value, the survey changes the customers with
 * an answer in both waves).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"

#include "compat.h"
#include "validate.h"
#include "continuity.h"

static double *
continuity_state_data(ArrayType *a)
{
	double	   *d;

	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != FLOAT8OID ||
		ARR_DIMS(a)[0] != CR_CONT_STATE_LEN)
		goto bad;
	d = (double *) ARR_DATA_PTR(a);
	if (!cr_continuity_valid(d))
		goto bad;
	return d;
bad:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid relationship_continuity state"),
			 errdetail("The state was not produced by this version of customer_rel.")));
	return NULL;				/* not reached */
}

static void
continuity_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("relationship_continuity is out of range for type double precision"),
			 errdetail("A sum of clv values exceeds the range of a double.")));
}

/* The float8 argument argno, or NULL when it is absent or NULL; range-checked. */
static const double *
optional_arg(FunctionCallInfo fcinfo, int argno, double lo, double hi, const char *what, double *buf)
{
	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return NULL;
	*buf = PG_GETARG_FLOAT8(argno);
	if (hi < 0)
		cr_require_nonnegative(*buf, what);
	else
		cr_require_range(*buf, lo, hi, what);
	return buf;
}

PG_FUNCTION_INFO_V1(relationship_continuity_trans);

/*
 * (float8[], kept boolean, p_kept float8, clv float8 [, rq_index_before, rq_index_after,
 * nps_answer_before, nps_answer_after float8]) → float8[]; not strict: a NULL state starts one,
 * a row without kept or p_kept is skipped.
 */
Datum
relationship_continuity_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = cr_aggregate_context(fcinfo);
	ArrayType  *state;
	double	   *st;
	double		p,
				v,
				rb,
				ra,
				nb,
				na;
	const double *pv,
			   *prb,
			   *pra,
			   *pnb,
			   *pna;

	if (PG_ARGISNULL(0))
	{
		MemoryContext old = MemoryContextSwitchTo(aggctx);

		state = cr_float8_array_zeroed(CR_CONT_STATE_LEN);
		MemoryContextSwitchTo(old);
		cr_continuity_init((double *) ARR_DATA_PTR(state));
	}
	else
		state = PG_GETARG_ARRAYTYPE_P(0);
	st = continuity_state_data(state);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_ARRAYTYPE_P(state);

	p = PG_GETARG_FLOAT8(2);
	cr_require_range(p, 0, 1, "p_kept");
	pv = optional_arg(fcinfo, 3, 0, -1, "clv", &v);
	prb = optional_arg(fcinfo, 4, 0, 100, "rq_index_before", &rb);
	pra = optional_arg(fcinfo, 5, 0, 100, "rq_index_after", &ra);
	pnb = optional_arg(fcinfo, 6, 0, 10, "nps_answer_before", &nb);
	pna = optional_arg(fcinfo, 7, 0, 10, "nps_answer_after", &na);
	if (cr_continuity_add(st, PG_GETARG_BOOL(1), p, pv, prb, pra, pnb, pna) != 0)
		continuity_overflow();
	PG_RETURN_ARRAYTYPE_P(state);
}

PG_FUNCTION_INFO_V1(relationship_continuity_combine);

/* (float8[], float8[]) → float8[]; not strict. */
Datum
relationship_continuity_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = cr_aggregate_context(fcinfo);
	ArrayType  *a,
			   *b;
	double	   *sb;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = PG_GETARG_ARRAYTYPE_P(1);
	sb = continuity_state_data(b);
	if (PG_ARGISNULL(0))
	{
		ArrayType  *copy = MemoryContextAlloc(aggctx, VARSIZE(b));

		memcpy(copy, b, VARSIZE(b));
		PG_RETURN_ARRAYTYPE_P(copy);
	}
	a = PG_GETARG_ARRAYTYPE_P(0);
	if (cr_continuity_combine(continuity_state_data(a), sb) != 0)
		continuity_overflow();
	PG_RETURN_ARRAYTYPE_P(a);
}

PG_FUNCTION_INFO_V1(relationship_continuity_final);

#define CONT_NATTS 21

/* float8[] → cr_relationship_continuity; strict; NULL for a group without customers. */
Datum
relationship_continuity_final(PG_FUNCTION_ARGS)
{
	double	   *st = continuity_state_data(PG_GETARG_ARRAYTYPE_P(0));
	CrContinuity r;
	TupleDesc	tupdesc;
	Datum		values[CONT_NATTS];
	bool		nulls[CONT_NATTS];
	int			i = 0;

	if (cr_continuity_result(st, &r) != 0)
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "relationship_continuity_final: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	if (tupdesc->natts != CONT_NATTS)
		elog(ERROR, "relationship_continuity_final: cr_relationship_continuity has %d attributes, expected %d",
			 tupdesc->natts, CONT_NATTS);
	memset(nulls, 0, sizeof(nulls));

#define PUT(datum, present) do { values[i] = (datum); nulls[i] = !(present); i++; } while (0)
	PUT(Int64GetDatum((int64) r.customers), true);
	PUT(Int64GetDatum((int64) r.kept), true);
	PUT(Int64GetDatum((int64) r.lost), true);
	PUT(Float8GetDatum(r.expected_lost), true);
	PUT(Float8GetDatum(r.expected_lost_low), true);
	PUT(Float8GetDatum(r.expected_lost_high), true);
	PUT(Float8GetDatum(r.value_start), r.has_value);
	PUT(Float8GetDatum(r.value_kept), r.has_value);
	PUT(Float8GetDatum(r.value_expected), r.has_value);
	PUT(Float8GetDatum(r.value_expected_low), r.has_value);
	PUT(Float8GetDatum(r.value_expected_high), r.has_value);
	PUT(Int64GetDatum((int64) r.rq_pairs), true);
	PUT(Float8GetDatum(r.rq_before), r.has_rq);
	PUT(Float8GetDatum(r.rq_after), r.has_rq);
	PUT(Float8GetDatum(r.rq_change), r.has_rq);
	PUT(Float8GetDatum(r.rq_change_se), r.has_rq_se);
	PUT(Int64GetDatum((int64) r.nps_pairs), true);
	PUT(Float8GetDatum(r.nps_before), r.has_nps);
	PUT(Float8GetDatum(r.nps_after), r.has_nps);
	PUT(Float8GetDatum(r.nps_change), r.has_nps);
	PUT(Float8GetDatum(r.nps_change_se), r.has_nps_se);
#undef PUT
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
