/*
 * key_driver_sql.c — SQL face of key-driver analysis:
 *
 *   key_drivers(outcome float8, dimensions float8[]) → cr_key_drivers          aggregate
 *   key_drivers_state(outcome, dimensions) → float8[]                          aggregate
 *   key_drivers_merge(state float8[]) → cr_key_drivers                         aggregate
 *   key_drivers_dimensions(drivers cr_key_drivers, dimension_names text[]) → SETOF rows
 *
 * One row per respondent: the outcome (an NPS answer, a renewal flag, P(alive)) and the array
 * of dimension scores. The state is a float8[] of constant size for p dimensions (format, p,
 * counts, then exact sums and sums of products: src/core/key_driver.h), updated in place under
 * AggCheckCallContext and merged by the combine function, so the aggregate runs in parallel
 * and under Citus (a concrete state type). Missing answers: listwise deletion — a row with a
 * NULL outcome, a NULL array or a NULL element is left out and counted (n_skipped). p is fixed
 * by the first non-NULL array; until one arrives the state is the 4-element header (p = 0).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "compat.h"
#include "validate.h"
#include "key_driver.h"

/* A zeroed state for p dimensions (p = 0: the header), in the current memory context. */
static ArrayType *
kd_new_state(int p)
{
	ArrayType  *a = cr_float8_array_zeroed((int) cr_kd_state_len(p));

	cr_kd_init((double *) ARR_DATA_PTR(a), p);
	return a;
}

/*
 * The state's data after checking it is one we made: the header on every row (O(1)), the
 * whole state when it arrives in the combine or final function (it may come from anywhere:
 * key_drivers_merge takes states from outside), so a forged state is an error, never a NaN.
 */
static double *
kd_state_data(ArrayType *a, bool full)
{
	double	   *d;
	long		len;

	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != FLOAT8OID ||
		ARR_DIMS(a)[0] < CR_KD_HEADER)
		goto bad;
	d = (double *) ARR_DATA_PTR(a);
	len = ARR_DIMS(a)[0];
	if (full ? !cr_kd_state_valid(d, len) :
		(d[0] != CR_KD_FORMAT || !(d[1] >= 0 && d[1] <= CR_KD_MAX_DIMENSIONS) ||
		 d[1] != floor(d[1]) || len != cr_kd_state_len((int) d[1])))
		goto bad;
	return d;
bad:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid key_drivers state"),
			 errdetail("The state was not produced by key_drivers_state of this version of customer_rel (format %d).",
					   CR_KD_FORMAT)));
	return NULL;				/* not reached */
}

static void
kd_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("the variance of the outcome or of the dimensions is out of range for type double precision"),
			 errhint("Rescale the values; the importances do not change under a linear transformation of a variable.")));
}

/* The number of dimensions of a row's array, checked (1 .. CR_KD_MAX_DIMENSIONS, 1-D). */
static int
kd_dimension_count(ArrayType *dims)
{
	int			k;

	if (ARR_NDIM(dims) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("dimensions must be a one-dimensional array"),
				 errdetail("The array supplied has %d dimensions.", ARR_NDIM(dims))));
	k = ARR_NDIM(dims) == 0 ? 0 : ARR_DIMS(dims)[0];
	if (k < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("dimensions must have at least 1 element"),
				 errdetail("The array supplied is empty.")));
	if (k > CR_KD_MAX_DIMENSIONS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("dimensions must not have more than %d elements", CR_KD_MAX_DIMENSIONS),
				 errdetail("The array supplied has %d elements.", k),
				 errhint("LMG is computed exactly over all 2^p subsets of the dimensions, and each dimension more doubles the work; combine related dimensions first.")));
	return k;
}

PG_FUNCTION_INFO_V1(key_drivers_trans);

/* (state float8[], outcome float8, dimensions float8[]) → float8[]; not strict. */
Datum
key_drivers_trans(PG_FUNCTION_ARGS)
{
	ArrayType  *state = NULL;
	ArrayType  *dims;
	double	   *st = NULL;
	double	   *x;
	int			k,
				i;

	(void) cr_aggregate_context(fcinfo);
	if (!PG_ARGISNULL(0))
	{
		state = PG_GETARG_ARRAYTYPE_P(0);
		st = kd_state_data(state, false);
	}
	if (!PG_ARGISNULL(1))
		cr_require_finite(PG_GETARG_FLOAT8(1), "outcome");

	if (PG_ARGISNULL(2))
	{
		/* a row without dimensions: skipped and counted; p stays unknown if it was */
		if (state == NULL)
		{
			state = kd_new_state(0);
			st = (double *) ARR_DATA_PTR(state);
		}
		st[3] += 1;
		PG_RETURN_ARRAYTYPE_P(state);
	}

	dims = PG_GETARG_ARRAYTYPE_P(2);
	k = kd_dimension_count(dims);
	if (state == NULL || st[1] == 0)
	{
		/* the first array fixes p; skipped rows seen before it stay counted */
		double		skipped = st ? st[3] : 0;

		state = kd_new_state(k);
		st = (double *) ARR_DATA_PTR(state);
		st[3] = skipped;
	}
	else
		cr_require_same_length((int) st[1], k, "dimensions");

	if (PG_ARGISNULL(1) || array_contains_nulls(dims))
	{
		st[3] += 1;				/* listwise deletion, counted */
		PG_RETURN_ARRAYTYPE_P(state);
	}
	/* a float8[] without NULLs stores its elements as a plain double array */
	x = (double *) ARR_DATA_PTR(dims);
	for (i = 0; i < k; i++)
		if (!isfinite(x[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("dimensions must contain only finite numbers"),
					 errdetail("Element %d is %g.", i + 1, x[i])));
	if (cr_kd_add(st, PG_GETARG_FLOAT8(1), x) != 0)
		kd_overflow();
	PG_RETURN_ARRAYTYPE_P(state);
}

PG_FUNCTION_INFO_V1(key_drivers_combine);

/* (float8[], float8[]) → float8[]; not strict: a NULL side is an empty partial state. */
Datum
key_drivers_combine(PG_FUNCTION_ARGS)
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
	sb = kd_state_data(b, true);
	if (!PG_ARGISNULL(0))
	{
		a = PG_GETARG_ARRAYTYPE_P(0);
		sa = kd_state_data(a, true);
		if (sa[1] != 0 && sb[1] != 0)
		{
			cr_require_same_length((int) sa[1], (int) sb[1], "dimensions");
			if (cr_kd_merge(sa, sb) != 0)
				kd_overflow();
			PG_RETURN_ARRAYTYPE_P(a);
		}
		if (sb[1] == 0)
		{
			sa[3] += sb[3];		/* b holds only skipped rows */
			PG_RETURN_ARRAYTYPE_P(a);
		}
	}
	else
		sa = NULL;
	/* a is missing or holds only skipped rows: continue from a copy of b */
	{
		ArrayType  *copy = MemoryContextAlloc(aggctx, VARSIZE(b));

		memcpy(copy, b, VARSIZE(b));
		if (sa)
			((double *) ARR_DATA_PTR(copy))[3] += sa[3];
		PG_RETURN_ARRAYTYPE_P(copy);
	}
}

/* A float8[] of p values; NULL elements where nulls[i] (nulls may be NULL). */
static Datum
kd_float8_array(const double *v, const bool *nulls, int p)
{
	Datum	   *elems = palloc(sizeof(Datum) * p);
	int			dims[1] = {p};
	int			lbs[1] = {1};
	int			i;

	for (i = 0; i < p; i++)
		elems[i] = Float8GetDatum(nulls && nulls[i] ? 0.0 : v[i]);
	return PointerGetDatum(construct_md_array(elems, (bool *) nulls, 1, dims, lbs, FLOAT8OID,
											  sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

enum
{
	KD_N, KD_N_SKIPPED, KD_N_DIMENSIONS, KD_R_SQUARED, KD_LMG, KD_LMG_SHARE, KD_RW, KD_RW_SHARE,
	KD_STD_BETA, KD_CORRELATION, KD_MEAN, KD_OUTCOME_MEAN, KD_NOTE, KD_NFIELDS
};

PG_FUNCTION_INFO_V1(key_drivers_final);

/*
 * float8[] → cr_key_drivers. Undefined importances (too few rows, a constant outcome or
 * dimension, collinear dimensions) are NULL with a note that says why; the counts and, with
 * at least one complete row, the means are always there.
 */
Datum
key_drivers_final(PG_FUNCTION_ARGS)
{
	double	   *st = kd_state_data(PG_GETARG_ARRAYTYPE_P(0), true);
	int			p = (int) st[1];
	TupleDesc	tupdesc;
	Datum		values[KD_NFIELDS];
	bool		nulls[KD_NFIELDS];
	double		lmg[CR_KD_MAX_DIMENSIONS],
				rw[CR_KD_MAX_DIMENSIONS],
				beta[CR_KD_MAX_DIMENSIONS],
				cor[CR_KD_MAX_DIMENSIONS],
				mean[CR_KD_MAX_DIMENSIONS],
				share[CR_KD_MAX_DIMENSIONS];
	CrKdResult	res;
	CrKdStatus	rc;
	char	   *note = NULL;
	int			i;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "key_drivers_final: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	for (i = 0; i < KD_NFIELDS; i++)
		nulls[i] = true;
	values[KD_N] = Int64GetDatum((int64) st[2]);
	values[KD_N_SKIPPED] = Int64GetDatum((int64) st[3]);
	values[KD_N_DIMENSIONS] = Int32GetDatum(p);
	nulls[KD_N] = nulls[KD_N_SKIPPED] = nulls[KD_N_DIMENSIONS] = false;

	memset(&res, 0, sizeof(res));
	res.lmg = lmg;
	res.relative_weight = rw;
	res.std_beta = beta;
	res.correlation = cor;
	res.mean = mean;
	rc = p > 0 ? cr_kd_from_state(st, &res) : CR_KD_TOO_FEW;
	if (p > 0 && st[2] >= 1)
	{
		values[KD_MEAN] = kd_float8_array(mean, NULL, p);
		values[KD_OUTCOME_MEAN] = Float8GetDatum(res.outcome_mean);
		nulls[KD_MEAN] = nulls[KD_OUTCOME_MEAN] = false;
	}
	switch (rc)
	{
		case CR_KD_OK:
			values[KD_R_SQUARED] = Float8GetDatum(res.r_squared);
			values[KD_LMG] = kd_float8_array(lmg, NULL, p);
			values[KD_RW] = kd_float8_array(rw, NULL, p);
			values[KD_STD_BETA] = kd_float8_array(beta, NULL, p);
			values[KD_CORRELATION] = kd_float8_array(cor, NULL, p);
			nulls[KD_R_SQUARED] = nulls[KD_LMG] = nulls[KD_RW] = nulls[KD_STD_BETA] =
				nulls[KD_CORRELATION] = false;
			if (res.r_squared > 0)
			{
				/* shares of R²: undefined when the dimensions explain nothing at all */
				for (i = 0; i < p; i++)
					share[i] = lmg[i] / res.r_squared;
				values[KD_LMG_SHARE] = kd_float8_array(share, NULL, p);
				for (i = 0; i < p; i++)
					share[i] = rw[i] / res.r_squared;
				values[KD_RW_SHARE] = kd_float8_array(share, NULL, p);
				nulls[KD_LMG_SHARE] = nulls[KD_RW_SHARE] = false;
			}
			else
				note = psprintf("R² is 0: the dimensions explain none of the outcome, so there are no shares");
			break;
		case CR_KD_TOO_FEW:
			if (p == 0 || st[2] == 0)
				note = psprintf("no complete rows");
			else
				note = psprintf("%.0f complete rows; a regression on %d dimensions needs at least %d",
								st[2], p, p + 2);
			break;
		case CR_KD_NO_OUTCOME_VARIANCE:
			note = psprintf("the outcome does not vary");
			break;
		case CR_KD_NO_DIMENSION_VARIANCE:
			note = psprintf("dimension %d does not vary", res.bad_dimension + 1);
			break;
		case CR_KD_COLLINEAR:
			note = psprintf("the dimensions are collinear: one is (nearly) a linear combination of others; drop or combine the dimensions that repeat others");
			break;
		case CR_KD_OVERFLOW:
			kd_overflow();
			break;
		case CR_KD_NO_MEMORY:
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
			break;
	}
	if (note)
	{
		values[KD_NOTE] = CStringGetTextDatum(note);
		nulls[KD_NOTE] = false;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ---------------------------------------------------------------- one row per dimension */

/* The columns of key_drivers_dimensions taken from cr_key_drivers, in output order. */
static const char *const kd_columns[] = {
	"lmg", "lmg_share", "relative_weight", "relative_weight_share", "std_beta", "correlation", "mean"
};
#define KD_NCOLUMNS 7

typedef struct KdRows
{
	int			p;
	double	   *v[KD_NCOLUMNS];
	bool	   *null[KD_NCOLUMNS];
	Datum	   *names;
	bool	   *name_null;
} KdRows;

/* Field `name` of the composite: p values (all NULL when the field is NULL). */
static void
kd_read_field(HeapTupleHeader t, const char *name, int p, double **v, bool **isnull)
{
	bool		fnull;
	Datum		d = GetAttributeByName(t, name, &fnull);
	int			i;

	*v = palloc0(sizeof(double) * p);
	*isnull = palloc(sizeof(bool) * p);
	for (i = 0; i < p; i++)
		(*isnull)[i] = true;
	if (!fnull)
	{
		ArrayType  *a = DatumGetArrayTypeP(d);
		Datum	   *elems;
		bool	   *enulls;
		int			count;

		if (ARR_NDIM(a) > 1 || ARR_ELEMTYPE(a) != FLOAT8OID)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("drivers.%s must be a one-dimensional float8 array", name)));
		deconstruct_array(a, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
						  &elems, &enulls, &count);
		if (count != p)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("drivers.%s must have %d elements, one per dimension", name, p),
					 errdetail("The array has %d elements.", count)));
		for (i = 0; i < p; i++)
		{
			(*isnull)[i] = enulls[i];
			(*v)[i] = enulls[i] ? 0 : DatumGetFloat8(elems[i]);
		}
	}
}

PG_FUNCTION_INFO_V1(key_drivers_dimensions);

/*
 * (drivers cr_key_drivers, dimension_names text[]) → SETOF (dimension, name, lmg, lmg_share,
 * relative_weight, relative_weight_share, std_beta, correlation, mean); not strict: NULL
 * names give NULL names, NULL drivers no rows.
 */
Datum
key_drivers_dimensions(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;
	KdRows	   *rows;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		TupleDesc	tupdesc;

		fctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "key_drivers_dimensions: return type must be a row type");
		fctx->tuple_desc = BlessTupleDesc(tupdesc);
		rows = palloc0(sizeof(KdRows));
		fctx->user_fctx = rows;
		fctx->max_calls = 0;
		if (!PG_ARGISNULL(0))
		{
			HeapTupleHeader t = PG_GETARG_HEAPTUPLEHEADER(0);
			bool		pnull;
			Datum		pd = GetAttributeByName(t, "n_dimensions", &pnull);
			int			c;

			rows->p = pnull ? 0 : DatumGetInt32(pd);
			if (rows->p < 0 || rows->p > CR_KD_MAX_DIMENSIONS)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("drivers.n_dimensions must be between 0 and %d", CR_KD_MAX_DIMENSIONS),
						 errdetail("The value supplied was %d.", rows->p)));
			for (c = 0; c < KD_NCOLUMNS; c++)
				kd_read_field(t, kd_columns[c], rows->p, &rows->v[c], &rows->null[c]);
			if (!PG_ARGISNULL(1))
			{
				ArrayType  *na = PG_GETARG_ARRAYTYPE_P(1);
				int			count;

				if (ARR_NDIM(na) > 1)
					ereport(ERROR,
							(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
							 errmsg("dimension_names must be a one-dimensional array"),
							 errdetail("The array supplied has %d dimensions.", ARR_NDIM(na))));
				deconstruct_array(na, TEXTOID, -1, false, TYPALIGN_INT,
								  &rows->names, &rows->name_null, &count);
				if (count != rows->p)
					ereport(ERROR,
							(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
							 errmsg("dimension_names must have %d elements, one per dimension", rows->p),
							 errdetail("The array supplied has %d elements.", count)));
			}
			fctx->max_calls = rows->p;
		}
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	rows = (KdRows *) fctx->user_fctx;
	if (fctx->call_cntr < fctx->max_calls)
	{
		int			i = (int) fctx->call_cntr;
		Datum		values[2 + KD_NCOLUMNS];
		bool		nulls[2 + KD_NCOLUMNS];
		int			c;

		values[0] = Int32GetDatum(i + 1);
		nulls[0] = false;
		nulls[1] = rows->names == NULL || rows->name_null[i];
		values[1] = nulls[1] ? (Datum) 0 : rows->names[i];
		for (c = 0; c < KD_NCOLUMNS; c++)
		{
			nulls[2 + c] = rows->null[c][i];
			values[2 + c] = Float8GetDatum(rows->v[c][i]);
		}
		SRF_RETURN_NEXT(fctx, HeapTupleGetDatum(heap_form_tuple(fctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(fctx);
}
