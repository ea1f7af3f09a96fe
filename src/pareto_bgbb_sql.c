/*
 * pareto_bgbb_sql.c — SQL plumbing shared by pareto_nbd_sql.c and bgbb_sql.c (see
 * pareto_bgbb_sql.h).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"

#include "compat.h"
#include "fit_state.h"
#include "validate.h"
#include "btyd_sql.h"
#include "pareto_bgbb_sql.h"

Datum
cr_pb_fit_trans(FunctionCallInfo fcinfo, cr_pb_check_fn check)
{
	CrFitState *st = cr_fit_state_get(fcinfo, 3);
	double		v[3];
	double		w = 1.0;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		(PG_NARGS() > 4 && PG_ARGISNULL(4)))
		PG_RETURN_POINTER(st);
	v[0] = PG_GETARG_FLOAT8(1);
	v[1] = PG_GETARG_FLOAT8(2);
	v[2] = PG_GETARG_FLOAT8(3);
	check(v[0], v[1], v[2]);
	if (PG_NARGS() > 4)
	{
		w = PG_GETARG_FLOAT8(4);
		cr_require_nonnegative(w, "weight");
		if (w == 0)
			PG_RETURN_POINTER(st);
	}
	cr_fit_state_add(st, v, w);
	PG_RETURN_POINTER(st);
}

static int
cmp_row(const void *a, const void *b)
{
	const CrFitRow *p = a,
			   *q = b;
	int			k;

	for (k = 0; k < 3; k++)
		if (p->v[k] != q->v[k])
			return p->v[k] < q->v[k] ? -1 : 1;
	return 0;
}

int64
cr_pb_fit_rows(FunctionCallInfo fcinfo, double **x, double **tx, double **t, double **w,
			   double *total)
{
	const CrFitRow *rows;
	CrFitRow   *sorted;
	int64		nrows,
				i;

	*total = 0;
	if (PG_ARGISNULL(0))
		return 0;
	rows = cr_fit_state_rows((CrFitState *) PG_GETARG_POINTER(0), &nrows, total);
	if (nrows == 0)
		return 0;
	sorted = palloc_extended(sizeof(CrFitRow) * nrows, MCXT_ALLOC_HUGE);
	memcpy(sorted, rows, sizeof(CrFitRow) * nrows);
	qsort(sorted, nrows, sizeof(CrFitRow), cmp_row);
	*x = palloc_extended(sizeof(double) * nrows, MCXT_ALLOC_HUGE);
	*tx = palloc_extended(sizeof(double) * nrows, MCXT_ALLOC_HUGE);
	*t = palloc_extended(sizeof(double) * nrows, MCXT_ALLOC_HUGE);
	*w = palloc_extended(sizeof(double) * nrows, MCXT_ALLOC_HUGE);
	for (i = 0; i < nrows; i++)
	{
		(*x)[i] = sorted[i].v[0];
		(*tx)[i] = sorted[i].v[1];
		(*t)[i] = sorted[i].v[2];
		(*w)[i] = sorted[i].weight;
	}
	pfree(sorted);
	return nrows;
}

Datum
cr_pb_fit_result(FunctionCallInfo fcinfo, const char *model, const char *const *names,
				 const CrLogMle *fit, double n)
{
	TupleDesc	tupdesc;
	Datum		values[12];
	bool		nulls[12];
	int			k;

	if (!isfinite(fit->loglik))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s likelihood cannot be evaluated on this data", model),
				 errhint("Check the time unit: recency and t should be in weeks or months, not seconds.")));
	if (!fit->converged)
		cr_btyd_warn_not_converged(model, fit->status, fit->iterations,
								   fit->diverged >= 0 ? names[fit->diverged] : NULL,
								   fit->diverged >= 0 ? exp(fit->theta[fit->diverged]) : 0,
								   !fit->se_ok);

	tupdesc = cr_btyd_result_tupdesc(fcinfo);
	memset(nulls, 0, sizeof(nulls));
	for (k = 0; k < 4; k++)
	{
		values[k] = Float8GetDatum(exp(fit->theta[k]));
		values[8 + k] = Float8GetDatum(fit->se[k]);
		nulls[8 + k] = !fit->se_ok;
	}
	values[4] = Float8GetDatum(fit->loglik);
	values[5] = Float8GetDatum(n);
	values[6] = Int32GetDatum(fit->iterations);
	values[7] = BoolGetDatum(fit->converged != 0);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

Datum
cr_pb_model_make(FunctionCallInfo fcinfo, const char *const *names)
{
	TupleDesc	tupdesc = cr_btyd_result_tupdesc(fcinfo);
	Datum		values[12];
	bool		nulls[12];
	int			i;

	for (i = 0; i < 12; i++)
	{
		nulls[i] = true;
		values[i] = (Datum) 0;
	}
	for (i = 0; i < 4; i++)
	{
		double		v = PG_GETARG_FLOAT8(i);

		cr_require_positive(v, names[i]);
		values[i] = Float8GetDatum(v);
		nulls[i] = false;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
