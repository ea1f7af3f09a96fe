/*
 * cronbach_sql.c — SQL face of scale reliability:
 *
 *   cronbach_alpha(items float8[]) → float8                          aggregate
 *   cronbach_alpha_summary(items float8[]) → cr_cronbach_summary        aggregate
 *   cronbach_alpha_feldt_ci(alpha, n, k [, confidence]) → (ci_low, ci_high)
 *
 * One array of item answers per respondent. The state is a float8[] of constant size for a
 * given number of items k (format, counts, exact sums and sums of products: see
 * src/core/cronbach.h; the same bytes whatever the order of the rows), updated in place
 * under AggCheckCallContext and merged by the combine function, so the aggregates run in
 * parallel and under Citus (the state type is not a pseudo-type). A respondent with a NULL
 * answer is skipped (listwise deletion) and counted in the state; cronbach_alpha_summary
 * reports that count as n_skipped. A NULL array is ignored without being counted.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "compat.h"
#include "validate.h"
#include "betainc.h"
#include "cronbach.h"

/*
 * The state's data after checking it is one we made (any float8[] could be passed in): the
 * header always (O(1), every row), every element when full (states arriving in the combine and
 * final functions, which may come from anywhere), so a forged state is an error, never a NaN.
 * A state of the first layout (co-moments, no format element, before the state became
 * canonical) is refused with the same error: it cannot be converted exactly.
 */
static double *
cronbach_state_data(ArrayType *a, bool full)
{
	double	   *d;
	long		len;

	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != FLOAT8OID ||
		ARR_DIMS(a)[0] < CR_CRONBACH_HEADER)
		goto bad;
	d = (double *) ARR_DATA_PTR(a);
	len = ARR_DIMS(a)[0];
	if (full)
	{
		if (!cr_cronbach_state_valid(d, len))
			goto bad;
	}
	else if (d[0] != CR_CRONBACH_FORMAT ||
			 !(d[1] >= 2 && d[1] <= CR_CRONBACH_MAX_ITEMS) || d[1] != floor(d[1]) ||
			 len != cr_cronbach_state_len((int) d[1]) ||
			 !(d[2] >= 0) || !(d[3] >= 0) || !isfinite(d[2]) || !isfinite(d[3]))
		goto bad;
	return d;
bad:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid cronbach_alpha state"),
			 errdetail("The state was not produced by this version of customer_rel (format %d).",
					   CR_CRONBACH_FORMAT)));
	return NULL;				/* not reached */
}

static void
cronbach_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("the variance of the item answers is out of range for type double precision"),
			 errhint("Rescale the answers; alpha does not change under a common linear transformation.")));
}

PG_FUNCTION_INFO_V1(cronbach_alpha_trans);

/* (state float8[], items float8[]) → float8[]; not strict. */
Datum
cronbach_alpha_trans(PG_FUNCTION_ARGS)
{
	ArrayType  *items;
	ArrayType  *state;
	double	   *st;
	double	   *x;
	int			k,
				i;
	bool		has_null;

	(void) cr_aggregate_context(fcinfo);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}

	items = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_NDIM(items) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("items must be a one-dimensional array"),
				 errdetail("The array supplied has %d dimensions.", ARR_NDIM(items))));
	k = ARR_NDIM(items) == 0 ? 0 : ARR_DIMS(items)[0];

	if (PG_ARGISNULL(0))
	{
		if (k < 2)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("items must have at least 2 elements"),
					 errdetail("The array supplied has %d elements.", k),
					 errhint("Alpha measures the consistency of several items of one scale.")));
		if (k > CR_CRONBACH_MAX_ITEMS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("items must not have more than %d elements", CR_CRONBACH_MAX_ITEMS),
					 errdetail("The array supplied has %d elements.", k)));
		state = cr_float8_array_zeroed((int) cr_cronbach_state_len(k));
		st = (double *) ARR_DATA_PTR(state);
		cr_cronbach_init(st, k);
	}
	else
	{
		state = PG_GETARG_ARRAYTYPE_P(0);
		st = cronbach_state_data(state, false);
		cr_require_same_length((int) st[1], k, "items");
	}

	has_null = array_contains_nulls(items);
	if (has_null)
		st[3] += 1;				/* listwise deletion, counted */
	else
	{
		/* a float8[] without NULLs stores its elements as a plain double array */
		x = (double *) ARR_DATA_PTR(items);
		for (i = 0; i < k; i++)
			if (!isfinite(x[i]))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("items must contain only finite numbers"),
						 errdetail("Element %d is %g.", i + 1, x[i])));
		if (cr_cronbach_add(st, x) != 0)
			cronbach_overflow();
	}
	PG_RETURN_ARRAYTYPE_P(state);
}

PG_FUNCTION_INFO_V1(cronbach_alpha_combine);

/* (float8[], float8[]) → float8[]; not strict: a NULL side is an empty partial state. */
Datum
cronbach_alpha_combine(PG_FUNCTION_ARGS)
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
	sb = cronbach_state_data(b, true);
	if (PG_ARGISNULL(0))
	{
		ArrayType  *copy = MemoryContextAlloc(aggctx, VARSIZE(b));

		memcpy(copy, b, VARSIZE(b));
		PG_RETURN_ARRAYTYPE_P(copy);
	}
	a = PG_GETARG_ARRAYTYPE_P(0);
	sa = cronbach_state_data(a, true);
	cr_require_same_length((int) sa[1], (int) sb[1], "items");
	if (cr_cronbach_merge(sa, sb) != 0)
		cronbach_overflow();
	PG_RETURN_ARRAYTYPE_P(a);
}

PG_FUNCTION_INFO_V1(cronbach_alpha_final);

/* float8[] → float8: NULL with fewer than 2 respondents or a total score that never varies. */
Datum
cronbach_alpha_final(PG_FUNCTION_ARGS)
{
	double	   *st = cronbach_state_data(PG_GETARG_ARRAYTYPE_P(0), true);
	double		alpha;
	CrCronbachStatus rc = cr_cronbach_alpha_state(st, &alpha, NULL);

	if (rc == CR_CRONBACH_OVERFLOW)
		cronbach_overflow();
	if (rc != CR_CRONBACH_OK)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(alpha > 1 ? 1.0 : alpha);	/* alpha <= 1; only rounding can exceed it */
}

PG_FUNCTION_INFO_V1(cronbach_alpha_summary_final);

/*
 * float8[] → cr_cronbach_summary (alpha, n, k, ci_low, ci_high, alpha_if_deleted, n_skipped):
 * the Feldt 95 % interval; alpha_if_deleted[i] is alpha without item i (NULL when undefined).
 */
Datum
cronbach_alpha_summary_final(PG_FUNCTION_ARGS)
{
	double	   *st = cronbach_state_data(PG_GETARG_ARRAYTYPE_P(0), true);
	int			k = (int) st[1];
	double		alpha,
				lo,
				hi;
	double	   *del = palloc(sizeof(double) * k);
	TupleDesc	tupdesc;
	Datum		values[7];
	bool		nulls[7];
	int			i;
	CrCronbachStatus rc;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "cronbach_alpha_summary_final: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	memset(nulls, 0, sizeof(nulls));
	values[1] = Int64GetDatum((int64) st[2]);
	values[2] = Int32GetDatum(k);
	values[6] = Int64GetDatum((int64) st[3]);

	rc = cr_cronbach_alpha_state(st, &alpha, del);
	if (rc == CR_CRONBACH_OVERFLOW)
		cronbach_overflow();
	if (rc == CR_CRONBACH_OK)
	{
		Datum	   *elems = palloc(sizeof(Datum) * k);
		bool	   *enulls = palloc(sizeof(bool) * k);
		int			dims[1] = {k};
		int			lbs[1] = {1};

		if (alpha > 1)
			alpha = 1;			/* alpha <= 1 exactly; only rounding can exceed it */
		values[0] = Float8GetDatum(alpha);
		if (cr_cronbach_feldt_ci(alpha, st[2], k, 0.95, &lo, &hi) == 0)
		{
			values[3] = Float8GetDatum(lo);
			values[4] = Float8GetDatum(hi);
		}
		else
			nulls[3] = nulls[4] = true;
		for (i = 0; i < k; i++)
		{
			enulls[i] = isnan(del[i]);
			elems[i] = Float8GetDatum(enulls[i] ? 0.0 : del[i]);
		}
		values[5] = PointerGetDatum(construct_md_array(elems, enulls, 1, dims, lbs, FLOAT8OID,
													   sizeof(float8), FLOAT8PASSBYVAL,
													   TYPALIGN_DOUBLE));
	}
	else
		nulls[0] = nulls[3] = nulls[4] = nulls[5] = true;

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

PG_FUNCTION_INFO_V1(cronbach_alpha_feldt_ci);

/* (alpha float8, n int8, k int4, confidence float8) → (ci_low, ci_high); strict. */
Datum
cronbach_alpha_feldt_ci(PG_FUNCTION_ARGS)
{
	double		alpha = PG_GETARG_FLOAT8(0);
	int64		n = PG_GETARG_INT64(1);
	int32		k = PG_GETARG_INT32(2);
	double		level = PG_GETARG_FLOAT8(3);
	double		lo,
				hi;
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	cr_require_finite(alpha, "alpha");
	if (alpha > 1)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("alpha must not be greater than 1"),
				 errdetail("The value supplied was %g.", alpha)));
	if (n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n must be at least 2"),
				 errdetail("The value supplied was " INT64_FORMAT ".", n)));
	if (k < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be at least 2"),
				 errdetail("The value supplied was %d.", k)));
	cr_require_open_range(level, 0, 1, "confidence");
	if ((double) (n - 1) * (double) (k - 1) > 2 * CR_BETA_MAX_SHAPE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("(n - 1) * (k - 1) must not exceed %.0f", 2 * CR_BETA_MAX_SHAPE),
				 errdetail("The values supplied were n " INT64_FORMAT " and k %d.", n, k)));

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "cronbach_alpha_feldt_ci: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	if (cr_cronbach_feldt_ci(alpha, (double) n, (double) k, level, &lo, &hi) == 0)
	{
		/* 1 - (1 - alpha) F overflows for an alpha near -DBL_MAX: out of range, not -Infinity */
		if (!isfinite(lo) || !isfinite(hi))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("Feldt interval of alpha %g is out of range for type double precision", alpha),
					 errdetail("The interval's ends are not finite numbers.")));
		values[0] = Float8GetDatum(lo);
		values[1] = Float8GetDatum(hi);
	}
	else
		nulls[0] = nulls[1] = true;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
