/*
 * survey.c — the SQL face of the survey scores: nps, nps_summary, csat, ces, and the
 * nps_state/nps_merge (csat_, ces_) pairs that carry a state between machines.
 *
 * Every state is three int8 counters (see src/core/survey.h for their meaning per score), kept
 * as an int8[3] updated in place under AggCheckCallContext exactly like PostgreSQL's own
 * int4_avg_accum: a concrete, constant-size state type, so the aggregates run as partial
 * aggregates in parallel workers and (Citus) on distributed workers. The transition functions
 * are strict with an initial condition, so NULL answers are skipped without a function call.
 * Every support function is SQL-callable; each checks the shape of the array it is given, so a
 * hand-made state raises an error instead of being read out of bounds.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "common/int.h"
#include "utils/builtins.h"

#include "compat.h"
#include "survey.h"
#include "validate.h"

#define STATE_ARRAY_BYTES	(ARR_OVERHEAD_NONULLS(1) + CR_SURVEY_NSLOTS * sizeof(int64))

static const char *
kind_name(CrSurveyKind kind)
{
	switch (kind)
	{
		case CR_SURVEY_NPS:
			return "NPS";
		case CR_SURVEY_CSAT:
			return "CSAT";
		case CR_SURVEY_CES:
			return "CES";
	}
	return "survey";
}

static const char *
kind_state_function(CrSurveyKind kind)
{
	switch (kind)
	{
		case CR_SURVEY_NPS:
			return "nps_state";
		case CR_SURVEY_CSAT:
			return "csat_state";
		case CR_SURVEY_CES:
			return "ces_state";
	}
	return "?";
}

static void
bad_state_array(CrSurveyKind kind)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s aggregate state must be a one-dimensional bigint array of %d non-NULL elements",
					kind_name(kind), CR_SURVEY_NSLOTS),
			 errhint("Call the support functions only through the %s aggregates.",
					 kind_name(kind))));
}

/* The three counters of an int8[3] state, after checking its shape (cheap: four loads). */
static inline int64 *
state_slots(ArrayType *a, CrSurveyKind kind)
{
	if (unlikely(ARR_NDIM(a) != 1 || ARR_DIMS(a)[0] != CR_SURVEY_NSLOTS || ARR_HASNULL(a) ||
				 ARR_ELEMTYPE(a) != INT8OID || ARR_SIZE(a) != STATE_ARRAY_BYTES))
		bad_state_array(kind);
	return (int64 *) ARR_DATA_PTR(a);
}

/* The state argument: modified in place inside an aggregate, a copy otherwise. */
static inline ArrayType *
state_arg(FunctionCallInfo fcinfo, int argno)
{
	if (AggCheckCallContext(fcinfo, NULL))
		return PG_GETARG_ARRAYTYPE_P(argno);
	return PG_GETARG_ARRAYTYPE_P_COPY(argno);
}

static void
load_state(ArrayType *a, CrSurveyKind kind, CrSurveyState *s)
{
	int64	   *v = state_slots(a, kind);
	int			i;

	s->kind = kind;
	for (i = 0; i < CR_SURVEY_NSLOTS; i++)
		s->v[i] = v[i];
}

/* Raise the error that belongs to a return code of src/core/survey.c. */
static void
survey_error(int rc, CrSurveyKind kind, int64 scale_a, int64 scale_b)
{
	switch (rc)
	{
		case CR_SURVEY_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s answer count out of range for type bigint", kind_name(kind))));
			break;
		case CR_SURVEY_SCALE_MISMATCH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s scale_max must be the same for every answer of a group",
							kind_name(kind)),
					 errdetail("One part of the group has scale_max " INT64_FORMAT
							   " and another " INT64_FORMAT ".", scale_a, scale_b),
					 errhint("Group by the scale, or bring the answers to one scale first.")));
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid %s aggregate state", kind_name(kind)),
					 errdetail("The state is not valid: %s.", cr_survey_strerror(rc))));
	}
}

static inline void
check_score(int64 score, int64 lo, int64 hi, CrSurveyKind kind)
{
	if (unlikely(score < lo || score > hi))
	{
		char		what[32];

		snprintf(what, sizeof(what), "%s score", kind_name(kind));
		cr_require_int_range(score, lo, hi, what);
	}
}

static inline void
bump(int64 *slot, int64 by, CrSurveyKind kind)
{
	if (unlikely(pg_add_s64_overflow(*slot, by, slot)))
		survey_error(CR_SURVEY_OVERFLOW, kind, 0, 0);
}

/* ---- transition functions ------------------------------------------------------------------ */

static inline Datum
nps_trans_common(FunctionCallInfo fcinfo, int64 score)
{
	ArrayType  *a = state_arg(fcinfo, 0);
	int64	   *v = state_slots(a, CR_SURVEY_NPS);

	check_score(score, CR_NPS_MIN, CR_NPS_MAX, CR_SURVEY_NPS);
	/* slots {promoters, passives, detractors}; cr_nps_class gives +1, 0, -1 */
	bump(&v[1 - cr_nps_class(score)], 1, CR_SURVEY_NPS);
	PG_RETURN_ARRAYTYPE_P(a);
}

static void
check_scale_max(int64 scale, CrSurveyKind kind)
{
	int64		lo = kind == CR_SURVEY_CSAT ? CR_CSAT_SCALE_MAX_LOW : CR_CES_SCALE_MAX_LOW;

	if (scale < lo || scale > CR_SURVEY_SCALE_MAX_HIGH)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s scale_max must be between " INT64_FORMAT " and %d",
						kind_name(kind), lo, CR_SURVEY_SCALE_MAX_HIGH),
				 errdetail("The value supplied was " INT64_FORMAT ".", scale),
				 errhint("Answers run from 1 to scale_max.")));
}

/*
 * CSAT and CES: slots {n, top2 or sum, scale_max}. The one-argument aggregates start from a
 * state that already holds their default scale (initcond '{0,0,5}' / '{0,0,7}'); the
 * two-argument ones start at scale 0 and take the first answer's scale_max.
 */
static inline Datum
scaled_trans_common(FunctionCallInfo fcinfo, int64 score, bool has_scale, CrSurveyKind kind)
{
	ArrayType  *a = state_arg(fcinfo, 0);
	int64	   *v = state_slots(a, kind);
	int64		scale = v[2];

	if (has_scale)
	{
		int64		arg = PG_GETARG_INT32(2);

		/* scale 0: the first answer of the group (or an invalid scale_max of 0) */
		if (unlikely(arg != scale || scale == 0))
		{
			check_scale_max(arg, kind);
			if (scale == 0 && v[0] != 0)
				bad_state_array(kind);
			if (scale != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s scale_max must be the same for every answer of a group",
								kind_name(kind)),
						 errdetail("The group began with scale_max " INT64_FORMAT
								   " and this answer has " INT64_FORMAT ".", scale, arg),
						 errhint("Group by the scale, or bring the answers to one scale first.")));
			v[2] = scale = arg;
		}
	}
	else if (unlikely(scale < (kind == CR_SURVEY_CSAT ? CR_CSAT_SCALE_MAX_LOW : CR_CES_SCALE_MAX_LOW)
					  || scale > CR_SURVEY_SCALE_MAX_HIGH))
		bad_state_array(kind);

	check_score(score, CR_SURVEY_SCALE_MIN, scale, kind);
	bump(&v[0], 1, kind);
	if (kind == CR_SURVEY_CSAT)
		v[1] += (score >= scale - 1);
	else
		bump(&v[1], score, kind);
	PG_RETURN_ARRAYTYPE_P(a);
}

#define SURVEY_TRANS(fname, getarg) \
PG_FUNCTION_INFO_V1(fname##_int2); \
Datum fname##_int2(PG_FUNCTION_ARGS); \
Datum fname##_int2(PG_FUNCTION_ARGS) { return getarg(PG_GETARG_INT16(1)); } \
PG_FUNCTION_INFO_V1(fname##_int4); \
Datum fname##_int4(PG_FUNCTION_ARGS); \
Datum fname##_int4(PG_FUNCTION_ARGS) { return getarg(PG_GETARG_INT32(1)); } \
PG_FUNCTION_INFO_V1(fname##_int8); \
Datum fname##_int8(PG_FUNCTION_ARGS); \
Datum fname##_int8(PG_FUNCTION_ARGS) { return getarg(PG_GETARG_INT64(1)); }

/* A fmgr entry point that calls a shared implementation for one kind of score. */
#define SURVEY_KIND_FN(fname, common, kind) \
PG_FUNCTION_INFO_V1(fname); \
Datum fname(PG_FUNCTION_ARGS); \
Datum fname(PG_FUNCTION_ARGS) { return common(fcinfo, kind); }

#define NPS_ARG(x)			nps_trans_common(fcinfo, (x))
#define CSAT_ARG(x)			scaled_trans_common(fcinfo, (x), false, CR_SURVEY_CSAT)
#define CSAT_SCALE_ARG(x)	scaled_trans_common(fcinfo, (x), true, CR_SURVEY_CSAT)
#define CES_ARG(x)			scaled_trans_common(fcinfo, (x), false, CR_SURVEY_CES)
#define CES_SCALE_ARG(x)	scaled_trans_common(fcinfo, (x), true, CR_SURVEY_CES)

SURVEY_TRANS(nps_trans, NPS_ARG)
SURVEY_TRANS(csat_trans, CSAT_ARG)
SURVEY_TRANS(csat_trans_scale, CSAT_SCALE_ARG)
SURVEY_TRANS(ces_trans, CES_ARG)
SURVEY_TRANS(ces_trans_scale, CES_SCALE_ARG)

/* ---- combine functions (not strict: either state may be NULL) -------------------------------- */

/* a += from, in place (a is the state array being built); errors leave a unchanged. */
static void
merge_into(ArrayType *a, CrSurveyKind kind, const CrSurveyState *from)
{
	CrSurveyState into;
	int64	   *v = state_slots(a, kind);
	int			rc,
				i;

	load_state(a, kind, &into);
	rc = cr_survey_state_merge(&into, from);
	if (rc != CR_SURVEY_OK)
		survey_error(rc, kind, into.v[2], from->v[2]);
	for (i = 0; i < CR_SURVEY_NSLOTS; i++)
		v[i] = into.v[i];
}

static Datum
combine_common(FunctionCallInfo fcinfo, CrSurveyKind kind)
{
	ArrayType  *a;
	CrSurveyState from;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
		PG_RETURN_ARRAYTYPE_P(state_arg(fcinfo, 1));

	a = state_arg(fcinfo, 0);
	load_state(PG_GETARG_ARRAYTYPE_P(1), kind, &from);
	merge_into(a, kind, &from);
	PG_RETURN_ARRAYTYPE_P(a);
}

SURVEY_KIND_FN(nps_combine, combine_common, CR_SURVEY_NPS)
SURVEY_KIND_FN(csat_combine, combine_common, CR_SURVEY_CSAT)
SURVEY_KIND_FN(ces_combine, combine_common, CR_SURVEY_CES)

/* ---- final functions (read the state, never modify it) --------------------------------------- */

/* The checked state of argument 0; false for an empty group. */
static bool
final_state(FunctionCallInfo fcinfo, CrSurveyKind kind, CrSurveyState *s)
{
	int			rc;

	if (PG_ARGISNULL(0))
		return false;
	load_state(PG_GETARG_ARRAYTYPE_P(0), kind, s);
	rc = cr_survey_state_check(s);
	if (rc != CR_SURVEY_OK)
		survey_error(rc, kind, 0, 0);
	if (kind == CR_SURVEY_NPS)
		return s->v[0] != 0 || s->v[1] != 0 || s->v[2] != 0;
	return s->v[0] != 0;
}

PG_FUNCTION_INFO_V1(nps_final);
Datum		nps_final(PG_FUNCTION_ARGS);
Datum
nps_final(PG_FUNCTION_ARGS)
{
	CrSurveyState s;
	double		nps;
	int			rc;

	if (!final_state(fcinfo, CR_SURVEY_NPS, &s))
		PG_RETURN_NULL();
	rc = cr_nps(s.v[0], s.v[1], s.v[2], &nps);
	if (rc != CR_SURVEY_OK)
		survey_error(rc, CR_SURVEY_NPS, 0, 0);
	PG_RETURN_FLOAT8(nps);
}

PG_FUNCTION_INFO_V1(nps_summary_final);
Datum		nps_summary_final(PG_FUNCTION_ARGS);
Datum
nps_summary_final(PG_FUNCTION_ARGS)
{
	CrSurveyState s;
	CrNpsSummary r;
	TupleDesc	tupdesc;
	Datum		values[8];
	bool		nulls[8] = {false};
	int			rc;

	if (!final_state(fcinfo, CR_SURVEY_NPS, &s))
		PG_RETURN_NULL();
	rc = cr_nps_summary(s.v[0], s.v[1], s.v[2], &r);
	if (rc != CR_SURVEY_OK)
		survey_error(rc, CR_SURVEY_NPS, 0, 0);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "nps_summary: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	if (tupdesc->natts != 8)
		elog(ERROR, "nps_summary: the result type must have 8 columns");
	values[0] = Int64GetDatum(r.n);
	values[1] = Int64GetDatum(r.promoters);
	values[2] = Int64GetDatum(r.passives);
	values[3] = Int64GetDatum(r.detractors);
	values[4] = Float8GetDatum(r.nps);
	values[5] = Float8GetDatum(r.std_error);
	values[6] = Float8GetDatum(r.ci_low);
	values[7] = Float8GetDatum(r.ci_high);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

PG_FUNCTION_INFO_V1(csat_final);
Datum		csat_final(PG_FUNCTION_ARGS);
Datum
csat_final(PG_FUNCTION_ARGS)
{
	CrSurveyState s;
	double		csat;
	int			rc;

	if (!final_state(fcinfo, CR_SURVEY_CSAT, &s))
		PG_RETURN_NULL();
	rc = cr_csat(s.v[0], s.v[1], &csat);
	if (rc != CR_SURVEY_OK)
		survey_error(rc, CR_SURVEY_CSAT, 0, 0);
	PG_RETURN_FLOAT8(csat);
}

PG_FUNCTION_INFO_V1(ces_final);
Datum		ces_final(PG_FUNCTION_ARGS);
Datum
ces_final(PG_FUNCTION_ARGS)
{
	CrSurveyState s;
	double		ces;
	int			rc;

	if (!final_state(fcinfo, CR_SURVEY_CES, &s))
		PG_RETURN_NULL();
	rc = cr_ces(s.v[0], s.v[1], s.v[2], &ces);
	if (rc != CR_SURVEY_OK)
		survey_error(rc, CR_SURVEY_CES, 0, 0);
	PG_RETURN_FLOAT8(ces);
}

/* ---- the portable state: <score>_state(...) -> bytea, <score>_merge(bytea) ----------------- */

static Datum
state_final_common(FunctionCallInfo fcinfo, CrSurveyKind kind)
{
	CrSurveyState s;
	bytea	   *out;

	if (!final_state(fcinfo, kind, &s))
		PG_RETURN_NULL();
	out = palloc(VARHDRSZ + CR_SURVEY_STATE_BYTES);
	SET_VARSIZE(out, VARHDRSZ + CR_SURVEY_STATE_BYTES);
	cr_survey_state_encode(&s, (unsigned char *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

SURVEY_KIND_FN(nps_state_final, state_final_common, CR_SURVEY_NPS)
SURVEY_KIND_FN(csat_state_final, state_final_common, CR_SURVEY_CSAT)
SURVEY_KIND_FN(ces_state_final, state_final_common, CR_SURVEY_CES)

/* Transition of <score>_merge(bytea): decode (lengths checked first), then add. */
static Datum
merge_trans_common(FunctionCallInfo fcinfo, CrSurveyKind kind)
{
	ArrayType  *a = state_arg(fcinfo, 0);
	bytea	   *b = PG_GETARG_BYTEA_PP(1);
	CrSurveyState from;
	int			rc;

	rc = cr_survey_state_decode((const unsigned char *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b),
								kind, &from);
	if (rc != CR_SURVEY_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s state", kind_name(kind)),
				 errdetail("The value supplied (%d bytes) is not a state made by %s(): %s.",
						   (int) VARSIZE_ANY_EXHDR(b), kind_state_function(kind),
						   cr_survey_strerror(rc)),
				 errhint("Pass only values returned by %s() of this version of customer_rel.",
						 kind_state_function(kind))));
	merge_into(a, kind, &from);
	PG_RETURN_ARRAYTYPE_P(a);
}

SURVEY_KIND_FN(nps_merge_trans, merge_trans_common, CR_SURVEY_NPS)
SURVEY_KIND_FN(csat_merge_trans, merge_trans_common, CR_SURVEY_CSAT)
SURVEY_KIND_FN(ces_merge_trans, merge_trans_common, CR_SURVEY_CES)
