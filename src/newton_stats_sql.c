/*
 * newton_stats_sql.c — SQL face of the Newton-step statistics (src/core/newton_stats.h):
 *
 *   bgnbd_newton_stats(frequency, recency, t [, weight], model cr_bgnbd_model) → float8[]   aggregate
 *   pareto_nbd_newton_stats(frequency, recency, t [, weight], model cr_pareto_nbd_model)     aggregate
 *   bgnbd_newton_step(model, stats float8[] [, step_scale]) → cr_bgnbd_model
 *   pareto_nbd_newton_step(model, stats float8[] [, step_scale]) → cr_pareto_nbd_model
 *   newton_stats(stats float8[]) → cr_newton_stats                     the state, readable
 *
 * The aggregates' state is a float8[] of 38 elements whatever the number of rows (a concrete
 * type: Citus and parallel query push the whole aggregation down, and ship 38 doubles per
 * worker), updated in place under AggCheckCallContext, with a combine function. It is also the
 * result: the step function reads it. A state evaluated at other parameters than the model
 * passed to the step, or combined with one of other parameters, is refused (22023): a gradient
 * at one point and a Hessian at another would silently make a wrong step.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "compat.h"
#include "validate.h"
#include "btyd_sql.h"
#include "newton_stats.h"


static const char *
model_name(double tag)
{
	return tag == CR_NSTATS_BGNBD ? "BG/NBD" : "Pareto/NBD";
}

/* The state's data after checking it is one we made: the header every row, all of it otherwise. */
static double *
nstats_data(ArrayType *a, bool full, const char *what)
{
	double	   *d;

	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != FLOAT8OID ||
		ARR_DIMS(a)[0] != CR_NSTATS_LEN)
		goto bad;
	d = (double *) ARR_DATA_PTR(a);
	if (full ? !cr_nstats_valid(d, CR_NSTATS_LEN)
		: (d[0] != CR_NSTATS_BGNBD && d[0] != CR_NSTATS_PARETO_NBD))
		goto bad;
	return d;
bad:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s is not a Newton-step statistics state", what),
			 errdetail("The array was not produced by bgnbd_newton_stats or pareto_nbd_newton_stats of this version of customer_rel.")));
	return NULL;				/* not reached */
}

static void
params_mismatch(const char *model, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s statistics %s were taken at other parameters", model, what),
			 errdetail("Newton-step statistics combine and step only at the one point they were evaluated at."),
			 errhint("Compute the statistics of every part of the data with the same model value.")));
}

/*
 * Transition: (state, frequency, recency, t [, weight], model). A row with a NULL input is
 * ignored, as is a row of weight 0.
 */
static Datum
nstats_trans(FunctionCallInfo fcinfo, double tag)
{
	int			nargs = PG_NARGS(),
				margno = nargs - 1,
				i;
	const char *const *names = (tag == CR_NSTATS_BGNBD) ? cr_bgnbd_param_names : cr_pareto_nbd_param_names;
	const char *model = model_name(tag);
	ArrayType  *state;
	double	   *st;
	double		x,
				tx,
				T,
				w = 1.0;
	const CrModelValues *m;

	(void) cr_aggregate_context(fcinfo);
	for (i = 1; i < nargs; i++)
		if (PG_ARGISNULL(i))
		{
			if (PG_ARGISNULL(0))
				PG_RETURN_NULL();
			PG_RETURN_DATUM(PG_GETARG_DATUM(0));
		}
	x = PG_GETARG_FLOAT8(1);
	tx = PG_GETARG_FLOAT8(2);
	T = PG_GETARG_FLOAT8(3);
	cr_btyd_check_customer(x, tx, T);
	if (nargs == 6)
	{
		w = PG_GETARG_FLOAT8(4);
		cr_require_nonnegative(w, "weight");
	}
	m = cr_btyd_model_arg(fcinfo, margno, model, 4, names);

	if (PG_ARGISNULL(0))
	{
		state = cr_float8_array_zeroed(CR_NSTATS_LEN);
		st = (double *) ARR_DATA_PTR(state);
		cr_nstats_init(st, tag, m->param);
	}
	else
	{
		state = PG_GETARG_ARRAYTYPE_P(0);
		st = nstats_data(state, false, "state");
		for (i = 0; i < 4; i++)
			if (st[CR_NSTATS_I_PARAMS + i] != m->param[i])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("model must be the same for every row"),
						 errdetail("The %s statistics are taken at one point: %s = %g here, %g before.",
								   model, names[i], m->param[i], st[CR_NSTATS_I_PARAMS + i])));
	}
	if (w > 0 && cr_nstats_add(st, x, tx, T, w) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s likelihood cannot be evaluated at this model for the customer (%g, %g, %g)",
						model, x, tx, T),
				 errhint("Start from a fit on a sample of the data, and check the time unit: recency and t should be in weeks or months, not seconds.")));
	PG_RETURN_ARRAYTYPE_P(state);
}

PG_FUNCTION_INFO_V1(bgnbd_newton_stats_trans);
Datum
bgnbd_newton_stats_trans(PG_FUNCTION_ARGS)
{
	return nstats_trans(fcinfo, CR_NSTATS_BGNBD);
}

PG_FUNCTION_INFO_V1(pareto_nbd_newton_stats_trans);
Datum
pareto_nbd_newton_stats_trans(PG_FUNCTION_ARGS)
{
	return nstats_trans(fcinfo, CR_NSTATS_PARETO_NBD);
}

PG_FUNCTION_INFO_V1(newton_stats_combine);

/* (float8[], float8[]) → float8[]; not strict: a NULL side is an empty partial state. */
Datum
newton_stats_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx = cr_aggregate_context(fcinfo);
	ArrayType  *a,
			   *b;
	double	   *sa,
			   *sb;
	int			rc;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = PG_GETARG_ARRAYTYPE_P(1);
	sb = nstats_data(b, true, "state");
	if (PG_ARGISNULL(0))
	{
		ArrayType  *copy = MemoryContextAlloc(aggctx, VARSIZE(b));

		memcpy(copy, b, VARSIZE(b));
		PG_RETURN_ARRAYTYPE_P(copy);
	}
	a = PG_GETARG_ARRAYTYPE_P(0);
	sa = nstats_data(a, true, "state");
	rc = cr_nstats_merge(sa, sb);
	if (rc == -1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine %s statistics with %s statistics",
						model_name(sa[0]), model_name(sb[0]))));
	if (rc == -2)
		params_mismatch(model_name(sa[0]), "being combined");
	PG_RETURN_ARRAYTYPE_P(a);
}

/* (model, stats [, step_scale]) → the model of the next point, or of this one when converged */
static Datum
nstats_step(FunctionCallInfo fcinfo, double tag)
{
	const char *const *names = (tag == CR_NSTATS_BGNBD) ? cr_bgnbd_param_names : cr_pareto_nbd_param_names;
	const char *model = model_name(tag);
	const CrModelValues *m = cr_btyd_model_arg(fcinfo, 0, model, 4, names);
	double	   *st = nstats_data(PG_GETARG_ARRAYTYPE_P(1), true, "stats");
	double		scale = PG_NARGS() > 2 ? PG_GETARG_FLOAT8(2) : 1.0;
	HeapTupleHeader tup = PG_GETARG_HEAPTUPLEHEADER(0);
	Datum		iters;
	bool		iters_null;
	CrNstatsStep step;
	CrModelOut	out;
	int			i;

	if (st[0] != tag)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("stats are %s statistics, not %s", model_name(st[0]), model)));
	for (i = 0; i < 4; i++)
		if (st[CR_NSTATS_I_PARAMS + i] != m->param[i])
			params_mismatch(model, "passed");
	if (!(scale > 0 && scale <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("step_scale must be greater than 0 and at most 1"),
				 errdetail("The value supplied was %g.", scale)));
	if (!(cr_nstats_weight(st) > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("stats hold no customers"),
				 errdetail("The total weight of the statistics is 0.")));
	if (cr_nstats_step(st, scale, &step) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s Newton step leaves the range of the parameters", model),
				 errdetail("A parameter would go beyond e^%g.", CR_MLE_LOG_BOUND),
				 errhint("The data may not identify the model; %s on a sample diagnoses which parameter runs off.",
						 tag == CR_NSTATS_BGNBD ? "bgnbd_fit" : "pareto_nbd_fit")));
	if (step.flat)
		ereport(WARNING,
				(errmsg("%s Newton steps stopped where the likelihood is flat", model),
				 errdetail("The gradient vanished but the Hessian is not negative definite: the maximum is not identified."),
				 errhint("Fit a sample with %s to see which parameter is not identified.",
						 tag == CR_NSTATS_BGNBD ? "bgnbd_fit" : "pareto_nbd_fit")));

	iters = GetAttributeByName(tup, "iterations", &iters_null);
	memset(&out, 0, sizeof(out));
	out.nparams = 4;
	out.names = names;
	for (i = 0; i < 4; i++)
	{
		out.param[i] = step.params[i];
		out.se[i] = step.se[i];
	}
	out.se_ok = step.converged != 0;
	out.fitted = true;
	/* the model's loglik is that of its parameters: known only when the step stayed put */
	out.loglik = step.converged ? step.loglik : NAN;
	out.n = cr_nstats_weight(st);
	out.iterations = (iters_null ? 0 : DatumGetInt32(iters)) + (step.converged ? 0 : 1);
	out.converged = step.converged != 0;
	out.unit_days = m->unit_days;
	PG_RETURN_DATUM(cr_btyd_model_tuple(fcinfo, &out));
}

PG_FUNCTION_INFO_V1(bgnbd_newton_step);
Datum
bgnbd_newton_step(PG_FUNCTION_ARGS)
{
	return nstats_step(fcinfo, CR_NSTATS_BGNBD);
}

PG_FUNCTION_INFO_V1(pareto_nbd_newton_step);
Datum
pareto_nbd_newton_step(PG_FUNCTION_ARGS)
{
	return nstats_step(fcinfo, CR_NSTATS_PARETO_NBD);
}

PG_FUNCTION_INFO_V1(newton_stats_read);

/* float8[] → cr_newton_stats (model, parameters, rows, weight, loglik, gradient, hessian) */
Datum
newton_stats_read(PG_FUNCTION_ARGS)
{
	double	   *st = nstats_data(PG_GETARG_ARRAYTYPE_P(0), true, "stats");
	TupleDesc	td;
	Datum		values[7];
	bool		nulls[7] = {false, false, false, false, false, false, false};
	double		ll,
				grad[4],
				hess[16];

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning a record called in a context that cannot accept it");
	td = BlessTupleDesc(td);
	cr_nstats_values(st, &ll, grad, hess);
	values[0] = CStringGetTextDatum(st[0] == CR_NSTATS_BGNBD ? "bgnbd" : "pareto_nbd");
	values[1] = PointerGetDatum(cr_float8_array_make(st + CR_NSTATS_I_PARAMS, 4));
	values[2] = Int64GetDatum((int64) st[CR_NSTATS_I_ROWS]);
	values[3] = Float8GetDatum(cr_nstats_weight(st));
	values[4] = Float8GetDatum(ll);
	values[5] = PointerGetDatum(cr_float8_array_make(grad, 4));
	values[6] = PointerGetDatum(cr_float8_matrix_make(hess, 4));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}
