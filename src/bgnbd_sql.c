/*
 * bgnbd_sql.c — the SQL face of BG/NBD and MBG/NBD (bgnbd_*, mbgnbd_*): the fitting aggregates
 * over the shared histogram state (fit_state.h), the scoring functions, CLV and the simulators.
 * The two models share every wrapper; the variant is fixed per SQL symbol. The math is in
 * src/core/bgnbd.c, mbgnbd.c and clv.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/typcache.h"

#include "compat.h"
#include "fit_state.h"
#include "validate.h"
#include "bgnbd.h"
#include "btyd_sql.h"

PG_FUNCTION_INFO_V1(bgnbd_fit_trans);
PG_FUNCTION_INFO_V1(bgnbd_fit_final);
PG_FUNCTION_INFO_V1(mbgnbd_fit_final);

static const char *
variant_name(CrBgnbdVariant v)
{
	return v == CR_MBGNBD ? "MBG/NBD" : "BG/NBD";
}

/*
 * Transition of bgnbd_fit and mbgnbd_fit (same state): (state, frequency, recency, t [, weight]).
 * Rows with a NULL input are ignored, as are rows of weight 0.
 */
Datum
bgnbd_fit_trans(PG_FUNCTION_ARGS)
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
	cr_btyd_check_customer(v[0], v[1], v[2]);
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

static Datum
bgnbd_fit_final_common(FunctionCallInfo fcinfo, CrBgnbdVariant variant)
{
	CrFitState *st;
	const CrFitRow *rows;
	int64		nrows,
				i;
	double		total;
	double	   *x,
			   *tx,
			   *T,
			   *w;
	CrBtydData	data;
	CrBtydFit	fit;
	Datum		values[12];
	bool		nulls[12];
	TupleDesc	tupdesc;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (CrFitState *) PG_GETARG_POINTER(0);
	rows = cr_fit_state_rows(st, &nrows, &total);
	if (nrows == 0)
		PG_RETURN_NULL();

	x = palloc(sizeof(double) * nrows);
	tx = palloc(sizeof(double) * nrows);
	T = palloc(sizeof(double) * nrows);
	w = palloc(sizeof(double) * nrows);
	for (i = 0; i < nrows; i++)
	{
		x[i] = rows[i].v[0];
		tx[i] = rows[i].v[1];
		T[i] = rows[i].v[2];
		w[i] = rows[i].weight;
	}
	if (cr_btyd_data_init(&data, nrows, x, tx, T, w) != 0)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	cr_btyd_check_fit_data(variant_name(variant), data.total_weight, data.repeat_weight);

	if (cr_bgnbd_fit_variant(variant, &data, &fit) != 0)
	{
		cr_btyd_data_free(&data);
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	cr_btyd_data_free(&data);

	if (!isfinite(fit.loglik))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s likelihood cannot be evaluated on this data", variant_name(variant)),
				 errhint("Check the time unit: recency and t should be in weeks or months, not seconds.")));
	if (!fit.converged)
		cr_btyd_warn_not_converged(variant_name(variant), fit.status, fit.iterations);

	tupdesc = cr_btyd_result_tupdesc(fcinfo);
	memset(nulls, 0, sizeof(nulls));
	values[0] = Float8GetDatum(fit.p.r);
	values[1] = Float8GetDatum(fit.p.alpha);
	values[2] = Float8GetDatum(fit.p.a);
	values[3] = Float8GetDatum(fit.p.b);
	values[4] = Float8GetDatum(fit.loglik);
	values[5] = Float8GetDatum(data.total_weight);
	values[6] = Int32GetDatum(fit.iterations);
	values[7] = BoolGetDatum(fit.converged != 0);
	values[8] = Float8GetDatum(fit.se.r);
	values[9] = Float8GetDatum(fit.se.alpha);
	values[10] = Float8GetDatum(fit.se.a);
	values[11] = Float8GetDatum(fit.se.b);
	if (!fit.se_ok)
		nulls[8] = nulls[9] = nulls[10] = nulls[11] = true;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

Datum
bgnbd_fit_final(PG_FUNCTION_ARGS)
{
	return bgnbd_fit_final_common(fcinfo, CR_BGNBD);
}

Datum
mbgnbd_fit_final(PG_FUNCTION_ARGS)
{
	return bgnbd_fit_final_common(fcinfo, CR_MBGNBD);
}
