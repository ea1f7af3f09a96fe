/*
 * pareto_nbd_sql.c — the SQL face of Pareto/NBD (pareto_nbd_*): the fitting aggregate over the
 * shared histogram state (fit_state.h), scoring, DERT, CLV and the simulator. The math is in
 * src/core/pareto_nbd.c.
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
#include "clv.h"
#include "pareto_nbd.h"
#include "pareto_bgbb_sql.h"

PG_FUNCTION_INFO_V1(pareto_nbd_fit_trans);
PG_FUNCTION_INFO_V1(pareto_nbd_fit_final);
PG_FUNCTION_INFO_V1(pareto_nbd_fit_state_final);
PG_FUNCTION_INFO_V1(pareto_nbd_fit_merge_trans);
PG_FUNCTION_INFO_V1(pareto_nbd_model_make);
PG_FUNCTION_INFO_V1(pareto_nbd_loglik);
PG_FUNCTION_INFO_V1(pareto_nbd_p_alive);
PG_FUNCTION_INFO_V1(pareto_nbd_expected_purchases);
PG_FUNCTION_INFO_V1(pareto_nbd_expected_purchases_new);
PG_FUNCTION_INFO_V1(pareto_nbd_probability_of_purchases);
PG_FUNCTION_INFO_V1(pareto_nbd_probability_of_purchases_new);
PG_FUNCTION_INFO_V1(pareto_nbd_dert);
PG_FUNCTION_INFO_V1(pareto_nbd_clv);
PG_FUNCTION_INFO_V1(pareto_nbd_simulate);

#define MODEL "Pareto/NBD"

static const char *const param_names[] = {"r", "alpha", "s", "beta"};

/* (state, frequency, recency, t [, weight]); NULL inputs and weight 0 are ignored */
Datum
pareto_nbd_fit_trans(PG_FUNCTION_ARGS)
{
	return cr_pb_fit_trans(fcinfo, cr_btyd_check_customer);
}

/*
 * The portable state of pareto_nbd_fit_state (kind 'P'), and the transition of
 * pareto_nbd_fit_merge, which checks every row of a state as the transition checks its input.
 */
static void
state_row_check(const double *v)
{
	cr_btyd_check_customer(v[0], v[1], v[2]);
}

Datum
pareto_nbd_fit_state_final(PG_FUNCTION_ARGS)
{
	return cr_fit_state_export(fcinfo, CR_FIT_KIND_PARETO_NBD);
}

Datum
pareto_nbd_fit_merge_trans(PG_FUNCTION_ARGS)
{
	return cr_fit_state_import(fcinfo, CR_FIT_KIND_PARETO_NBD, 3, state_row_check);
}

Datum
pareto_nbd_fit_final(PG_FUNCTION_ARGS)
{
	double	   *x,
			   *tx,
			   *T,
			   *w,
				total;
	int64		nrows = cr_pb_fit_rows(fcinfo, &x, &tx, &T, &w, &total);
	CrParetoNbdData data;
	CrLogMle	fit;

	if (nrows == 0)
		PG_RETURN_NULL();
	if (cr_pareto_nbd_data_init(&data, nrows, x, tx, T, w) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s fit cannot hold " INT64_FORMAT " distinct customers in memory", MODEL, nrows),
				 errhint("Round recency and t to a coarser time grid (days rather than seconds), so identical customers share a row.")));
	PG_TRY();
	{
		cr_btyd_check_fit_data(MODEL, data.total_weight, data.repeat_weight);
		cr_pareto_nbd_fit(&data, &fit);
	}
	PG_CATCH();
	{
		cr_pareto_nbd_data_free(&data);
		PG_RE_THROW();
	}
	PG_END_TRY();
	cr_pareto_nbd_data_free(&data);

	return cr_pb_fit_result(fcinfo, MODEL, param_names, &fit, total);
}

/* pareto_nbd_model(r, alpha, s, beta): the other fields NULL */
Datum
pareto_nbd_model_make(PG_FUNCTION_ARGS)
{
	return cr_pb_model_make(fcinfo, param_names);
}

static void
get_params(FunctionCallInfo fcinfo, int argno, CrParetoNbdParams *p)
{
	double		vals[4];

	cr_btyd_model_params(fcinfo, PG_GETARG_DATUM(argno), MODEL, 4, param_names, vals);
	p->r = vals[0];
	p->alpha = vals[1];
	p->s = vals[2];
	p->beta = vals[3];
}

/* Every result passes here: a NaN or infinity is never returned. */
static Datum
finite_result(double v, const char *what)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s %s cannot be computed for these arguments", MODEL, what),
				 errdetail("The result is not a finite number."),
				 errhint("Check that the model's parameters and the customer's values use the same time unit.")));
	return Float8GetDatum(v);
}

/* (model, frequency, recency, t) -> the customer's log-likelihood */
Datum
pareto_nbd_loglik(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	double		x = PG_GETARG_FLOAT8(1),
				tx = PG_GETARG_FLOAT8(2),
				T = PG_GETARG_FLOAT8(3);

	get_params(fcinfo, 0, &p);
	cr_btyd_check_customer(x, tx, T);
	return finite_result(cr_pareto_nbd_loglik(&p, x, tx, T), "log-likelihood");
}

Datum
pareto_nbd_p_alive(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	double		x = PG_GETARG_FLOAT8(1),
				tx = PG_GETARG_FLOAT8(2),
				T = PG_GETARG_FLOAT8(3);

	get_params(fcinfo, 0, &p);
	cr_btyd_check_customer(x, tx, T);
	return finite_result(cr_pareto_nbd_p_alive(&p, x, tx, T), "P(alive)");
}

/* (model, horizon, frequency, recency, t) */
Datum
pareto_nbd_expected_purchases(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	double		h = PG_GETARG_FLOAT8(1),
				x = PG_GETARG_FLOAT8(2),
				tx = PG_GETARG_FLOAT8(3),
				T = PG_GETARG_FLOAT8(4);

	get_params(fcinfo, 0, &p);
	cr_require_nonnegative(h, "horizon");
	cr_btyd_check_customer(x, tx, T);
	return finite_result(cr_pareto_nbd_expected(&p, h, x, tx, T), "expected purchases");
}

/* (model, horizon): a customer just acquired */
Datum
pareto_nbd_expected_purchases_new(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	double		h = PG_GETARG_FLOAT8(1);

	get_params(fcinfo, 0, &p);
	cr_require_nonnegative(h, "horizon");
	return finite_result(cr_pareto_nbd_expected_new(&p, h), "expected purchases");
}

/* (model, horizon, n, frequency, recency, t) */
Datum
pareto_nbd_probability_of_purchases(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	double		h = PG_GETARG_FLOAT8(1);
	int64		n = PG_GETARG_INT64(2);
	double		x = PG_GETARG_FLOAT8(3),
				tx = PG_GETARG_FLOAT8(4),
				T = PG_GETARG_FLOAT8(5);

	get_params(fcinfo, 0, &p);
	cr_require_nonnegative(h, "horizon");
	cr_require_int_range(n, 0, INT64CONST(1000000), "n");
	cr_btyd_check_customer(x, tx, T);
	return finite_result(cr_pareto_nbd_prob_purchases(&p, h, (double) n, x, tx, T),
						 "probability of purchases");
}

/* (model, horizon, n): a customer just acquired */
Datum
pareto_nbd_probability_of_purchases_new(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	double		h = PG_GETARG_FLOAT8(1);
	int64		n = PG_GETARG_INT64(2);

	get_params(fcinfo, 0, &p);
	cr_require_nonnegative(h, "horizon");
	cr_require_int_range(n, 0, INT64CONST(1000000), "n");
	return finite_result(cr_pareto_nbd_prob_purchases_new(&p, h, (double) n),
						 "probability of purchases");
}

/* (model, frequency, recency, t, discount_rate) */
Datum
pareto_nbd_dert(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	double		x = PG_GETARG_FLOAT8(1),
				tx = PG_GETARG_FLOAT8(2),
				T = PG_GETARG_FLOAT8(3),
				delta = PG_GETARG_FLOAT8(4);

	get_params(fcinfo, 0, &p);
	cr_btyd_check_customer(x, tx, T);
	cr_require_positive(delta, "discount_rate");
	return finite_result(cr_pareto_nbd_dert(&p, x, tx, T, delta), "DERT");
}

/* (model, spend_model, frequency, recency, t, monetary, periods, period_length, discount_rate) */
Datum
pareto_nbd_clv(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	double		x = PG_GETARG_FLOAT8(2),
				tx = PG_GETARG_FLOAT8(3),
				T = PG_GETARG_FLOAT8(4),
				m = PG_GETARG_FLOAT8(5);
	int32		periods = PG_GETARG_INT32(6);
	double		L = PG_GETARG_FLOAT8(7),
				d = PG_GETARG_FLOAT8(8);
	double		spend;

	get_params(fcinfo, 0, &p);
	cr_btyd_check_customer(x, tx, T);
	spend = cr_btyd_expected_spend(fcinfo, 1, x, m);
	cr_require_int_range(periods, 1, CR_CLV_MAX_PERIODS, "periods");
	cr_require_positive(L, "period_length");
	cr_require_nonnegative(d, "discount_rate");
	return finite_result(cr_pareto_nbd_clv(&p, x, tx, T, spend, periods, L, d), "CLV");
}

/*
 * (model, n_customers, t, seed, resolution) -> SETOF (customer_id, frequency, recency, t).
 * Customer i draws from its own stream seeded by (seed, i): the first k customers do not depend
 * on n_customers.
 */
typedef struct SimState
{
	CrParetoNbdParams p;
	double		T;
	double		resolution;
	uint64		seed;
} SimState;

Datum
pareto_nbd_simulate(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	SimState   *ss;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		int32		n = PG_GETARG_INT32(1);
		double		T = PG_GETARG_FLOAT8(2);
		double		res = PG_GETARG_FLOAT8(4);
		TupleDesc	tupdesc;

		funcctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		ss = palloc(sizeof(SimState));
		get_params(fcinfo, 0, &ss->p);
		cr_require_int_range(n, 0, PG_INT32_MAX, "n_customers");
		cr_require_positive(T, "t");
		cr_require_nonnegative(res, "resolution");
		ss->T = T;
		ss->resolution = res;
		ss->seed = (uint64) PG_GETARG_INT64(3);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "pareto_nbd_simulate: return type must be a row type");
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);
		funcctx->max_calls = n;
		funcctx->user_fctx = ss;
		MemoryContextSwitchTo(old);
	}
	funcctx = SRF_PERCALL_SETUP();
	ss = funcctx->user_fctx;
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		CrRng		rng;
		double		x,
					tx;
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};
		int64		id = (int64) funcctx->call_cntr + 1;

		cr_rng_seed(&rng, ss->seed ^ ((uint64) id * UINT64CONST(0xD1B54A32D192ED03)));
		cr_pareto_nbd_simulate(&rng, &ss->p, ss->T, ss->resolution, &x, &tx);
		if (!(x < 9.2e18))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("simulated customer " INT64_FORMAT " makes too many purchases to count", id),
					 errhint("The model's alpha and t must use the same time unit; a tiny alpha means a huge purchase rate.")));
		values[0] = Int64GetDatum(id);
		values[1] = Int64GetDatum((int64) x);
		values[2] = Float8GetDatum(tx);
		values[3] = Float8GetDatum(ss->T);
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}
