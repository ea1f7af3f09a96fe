/*
 * validate.c — the messages and SQLSTATEs of argument validation, in one place so every
 * family words the same failure the same way.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "compat.h"
#include "validate.h"

void
cr_require_finite(double v, const char *what)
{
	if (isnan(v) || isinf(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number", what),
				 errdetail("The value supplied was %g.", v)));
}

void
cr_require_positive(double v, const char *what)
{
	cr_require_finite(v, what);
	if (!(v > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be greater than zero", what),
				 errdetail("The value supplied was %g.", v)));
}

void
cr_require_nonnegative(double v, const char *what)
{
	cr_require_finite(v, what);
	if (v < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errdetail("The value supplied was %g.", v)));
}

void
cr_require_range(double v, double lo, double hi, const char *what)
{
	cr_require_finite(v, what);
	if (v < lo || v > hi)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be between %g and %g", what, lo, hi),
				 errdetail("The value supplied was %g.", v)));
}

void
cr_require_open_range(double v, double lo, double hi, const char *what)
{
	cr_require_finite(v, what);
	if (!(v > lo && v < hi))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be greater than %g and less than %g", what, lo, hi),
				 errdetail("The value supplied was %g.", v)));
}

void
cr_require_int_range(int64 v, int64 lo, int64 hi, const char *what)
{
	if (v < lo || v > hi)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be between " INT64_FORMAT " and " INT64_FORMAT, what, lo, hi),
				 errdetail("The value supplied was " INT64_FORMAT ".", v)));
}

double *
cr_float8_array(ArrayType *arr, int *n, const char *what)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	double	   *out;
	int			i;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", what),
				 errdetail("The array supplied has %d dimensions.", ARR_NDIM(arr))));
	if (ARR_ELEMTYPE(arr) != FLOAT8OID)
		elog(ERROR, "%s: expected a float8 array", what);

	deconstruct_array(arr, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &count);
	out = palloc(sizeof(double) * (count > 0 ? count : 1));
	for (i = 0; i < count; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain NULL values", what),
					 errdetail("Element %d is NULL.", i + 1)));
		out[i] = DatumGetFloat8(elems[i]);
		if (isnan(out[i]) || isinf(out[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must contain only finite numbers", what),
					 errdetail("Element %d is %g.", i + 1, out[i])));
	}
	pfree(elems);
	pfree(nulls);
	*n = count;
	return out;
}

ArrayType *
cr_float8_array_zeroed(int n)
{
	Size		nbytes = ARR_OVERHEAD_NONULLS(1) + sizeof(float8) * n;
	ArrayType  *a = palloc0(nbytes);

	SET_VARSIZE(a, nbytes);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	ARR_DIMS(a)[0] = n;
	ARR_LBOUND(a)[0] = 1;
	return a;
}

ArrayType *
cr_float8_array_make(const double *v, int n)
{
	ArrayType  *a;

	if (n == 0)
		return construct_empty_array(FLOAT8OID);
	a = cr_float8_array_zeroed(n);
	memcpy(ARR_DATA_PTR(a), v, sizeof(float8) * n);
	return a;
}

ArrayType *
cr_float8_matrix_make(const double *v, int k)
{
	Size		nbytes = ARR_OVERHEAD_NONULLS(2) + sizeof(float8) * k * k;
	ArrayType  *a = palloc0(nbytes);

	SET_VARSIZE(a, nbytes);
	a->ndim = 2;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	ARR_DIMS(a)[0] = ARR_DIMS(a)[1] = k;
	ARR_LBOUND(a)[0] = ARR_LBOUND(a)[1] = 1;
	memcpy(ARR_DATA_PTR(a), v, sizeof(float8) * k * k);
	return a;
}

void
cr_require_same_length(int n_expected, int n_actual, const char *what)
{
	if (n_expected != n_actual)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must have %d elements, like the first one", what, n_expected),
				 errdetail("The array supplied has %d elements.", n_actual)));
}

double
cr_interval_seconds(const Interval *iv, const char *what)
{
	double		secs;

	secs = (double) iv->time / USECS_PER_SEC
		+ (double) iv->day * SECS_PER_DAY
		+ (double) iv->month * DAYS_PER_MONTH * SECS_PER_DAY;
	if (!(secs > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a positive interval", what),
				 errdetail("The interval supplied is %g seconds long.", secs)));
	return secs;
}

Interval *
cr_days_interval(double days)
{
	Interval   *iv = palloc0(sizeof(Interval));
	double		whole = floor(days);

	iv->day = (int32) whole;
	iv->time = (TimeOffset) rint((days - whole) * USECS_PER_DAY);
	return iv;
}

MemoryContext
cr_aggregate_context(FunctionCallInfo fcinfo)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
	{
		char	   *name = fcinfo->flinfo ? get_func_name(fcinfo->flinfo->fn_oid) : NULL;

		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function %s can only be called by an aggregate", name ? name : "(unknown)"),
				 errdetail("It is a support function of one of customer_rel's aggregates."),
				 errhint("Call the aggregate instead.")));
	}
	return aggcontext;
}
