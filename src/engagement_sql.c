/*
 * engagement_sql.c — SQL face of decayed engagement:
 *
 *   engagement(ts timestamptz | timestamp | date, weight float8, half_life interval,
 *              as_of timestamptz | timestamp | date) → float8          aggregate
 *   engagement_score(engagement float8, reference float8) → float8     0-100
 *
 * engagement = sum weight * 2^(-(as_of - ts) / half_life) over the interactions with
 * ts <= as_of. Each row carries its own as_of and half_life, so every term is final when it is
 * added: the state is four float8 (format 2, rows seen, decayed sum as an exact (hi, lo) pair:
 * src/core/exact_sum.h, so the same rows give the same state in any order), updated in place,
 * merged by addition. A state of format 1 ([rows, sum], summed in arrival order) is refused. Rows with any NULL argument are skipped (the transition function is strict).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "validate.h"
#include "engagement.h"
#include "exact_sum.h"

#define ENG_STATE_LEN 4			/* [0] format, [1] rows seen, [2..3] decayed sum (hi, lo) */
#define ENG_FORMAT 2

static double *
engagement_state_data(ArrayType *a)
{
	double	   *d;

	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != FLOAT8OID ||
		ARR_DIMS(a)[0] != ENG_STATE_LEN)
		goto bad;
	d = (double *) ARR_DATA_PTR(a);
	if (d[0] != ENG_FORMAT || !(d[1] >= 0) || !isfinite(d[1]) || !cr_xsum_is_normal(d + 2))
		goto bad;
	return d;
bad:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid engagement state"),
			 errdetail("The state was not produced by this version of customer_rel.")));
	return NULL;				/* not reached */
}

/* Add one interaction: times in microseconds (as doubles, so as_of - ts cannot overflow). */
static Datum
engagement_add(FunctionCallInfo fcinfo, double ts_us, double as_of_us)
{
	ArrayType  *state;
	double	   *st;
	double		weight = PG_GETARG_FLOAT8(2);
	double		half_life;

	(void) cr_aggregate_context(fcinfo);
	state = PG_GETARG_ARRAYTYPE_P(0);
	st = engagement_state_data(state);
	cr_require_nonnegative(weight, "weight");
	half_life = cr_interval_seconds(PG_GETARG_INTERVAL_P(3), "half_life");

	st[1] += 1;
	if (ts_us <= as_of_us)
	{
		cr_xsum_add(st + 2, cr_engagement_term(weight, (as_of_us - ts_us) / USECS_PER_SEC, half_life));
		if (!isfinite(st[2]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("engagement is out of range for type double precision"),
					 errdetail("The weight supplied was %g.", weight)));
	}
	PG_RETURN_ARRAYTYPE_P(state);
}

static void
require_finite_time(bool finite, const char *what)
{
	if (!finite)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be finite", what),
				 errdetail("The value supplied was infinity or -infinity.")));
}

PG_FUNCTION_INFO_V1(engagement_transfn_timestamptz);

/* (float8[], timestamptz, float8, interval, timestamptz) → float8[]; also serves timestamp. */
Datum
engagement_transfn_timestamptz(PG_FUNCTION_ARGS)
{
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(1);
	TimestampTz as_of = PG_GETARG_TIMESTAMPTZ(4);

	require_finite_time(!TIMESTAMP_NOT_FINITE(ts), "ts");
	require_finite_time(!TIMESTAMP_NOT_FINITE(as_of), "as_of");
	return engagement_add(fcinfo, (double) ts, (double) as_of);
}

PG_FUNCTION_INFO_V1(engagement_transfn_date);

/* (float8[], date, float8, interval, date) → float8[]. */
Datum
engagement_transfn_date(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(1);
	DateADT		as_of = PG_GETARG_DATEADT(4);

	require_finite_time(!DATE_NOT_FINITE(d), "ts");
	require_finite_time(!DATE_NOT_FINITE(as_of), "as_of");
	return engagement_add(fcinfo, (double) d * USECS_PER_DAY, (double) as_of * USECS_PER_DAY);
}

PG_FUNCTION_INFO_V1(engagement_combine);

/* (float8[], float8[]) → float8[]; not strict. */
Datum
engagement_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	ArrayType  *a,
			   *b;
	double	   *sa,
			   *sb;

	aggctx = cr_aggregate_context(fcinfo);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = PG_GETARG_ARRAYTYPE_P(1);
	sb = engagement_state_data(b);
	if (PG_ARGISNULL(0))
	{
		ArrayType  *copy = MemoryContextAlloc(aggctx, VARSIZE(b));

		memcpy(copy, b, VARSIZE(b));
		PG_RETURN_ARRAYTYPE_P(copy);
	}
	a = PG_GETARG_ARRAYTYPE_P(0);
	sa = engagement_state_data(a);
	sa[1] += sb[1];
	cr_xsum_add_sum(sa + 2, sb + 2);
	if (!isfinite(sa[2]))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("engagement is out of range for type double precision")));
	PG_RETURN_ARRAYTYPE_P(a);
}

PG_FUNCTION_INFO_V1(engagement_final);

/* float8[] → float8: NULL when no row was seen, 0 when every interaction is after as_of. */
Datum
engagement_final(PG_FUNCTION_ARGS)
{
	double	   *st = engagement_state_data(PG_GETARG_ARRAYTYPE_P(0));

	if (st[1] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(st[2] < 0 ? 0.0 : cr_xsum_value(st + 2));
}

PG_FUNCTION_INFO_V1(engagement_score);

/* (engagement float8, reference float8) → 100 * min(1, engagement / reference); strict. */
Datum
engagement_score(PG_FUNCTION_ARGS)
{
	double		e = PG_GETARG_FLOAT8(0);
	double		ref = PG_GETARG_FLOAT8(1);

	cr_require_nonnegative(e, "engagement");
	cr_require_positive(ref, "reference");
	PG_RETURN_FLOAT8(cr_engagement_score(e, ref));
}
