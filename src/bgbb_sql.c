/*
 * bgbb_sql.c — the SQL face of BG/BB (bgbb_*): the fitting aggregate over the shared histogram
 * state (fit_state.h), scoring, DERT, CLV and the simulator. Time is counted in transaction
 * opportunities (periods). The math is in src/core/bgbb.c.
 */
#include "postgres.h"

#include "miscadmin.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"

#include "compat.h"
#include "fit_state.h"
#include "validate.h"
#include "btyd_sql.h"
#include "clv.h"
#include "bgbb.h"
#include "pareto_bgbb_sql.h"

PG_FUNCTION_INFO_V1(bgbb_fit_trans);
PG_FUNCTION_INFO_V1(bgbb_fit_final);
PG_FUNCTION_INFO_V1(bgbb_fit_diagnostics_final);
PG_FUNCTION_INFO_V1(bgbb_fit_state_final);
PG_FUNCTION_INFO_V1(bgbb_fit_merge_trans);
PG_FUNCTION_INFO_V1(bgbb_model_make);
PG_FUNCTION_INFO_V1(bgbb_loglik);
PG_FUNCTION_INFO_V1(bgbb_p_alive);
PG_FUNCTION_INFO_V1(bgbb_expected_purchases);
PG_FUNCTION_INFO_V1(bgbb_expected_purchases_new);
PG_FUNCTION_INFO_V1(bgbb_probability_of_purchases);
PG_FUNCTION_INFO_V1(bgbb_probability_of_purchases_new);
PG_FUNCTION_INFO_V1(bgbb_dert);
PG_FUNCTION_INFO_V1(bgbb_clv);
PG_FUNCTION_INFO_V1(bgbb_simulate);

#define MODEL "BG/BB"
/* a customer costs O(n_periods) arithmetic per likelihood evaluation */
#define MAX_PERIODS 1000000

static const char *const param_names[] = {"alpha", "beta", "gamma", "delta"};

static void
require_whole(double v, const char *what)
{
	cr_require_nonnegative(v, what);
	if (v != floor(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a whole number of periods", what),
				 errdetail("The value supplied was %g.", v)));
}

/*
 * 22023 unless (frequency, recency, n_periods) is a valid BG/BB summary: whole numbers,
 * frequency <= recency <= n_periods, recency = 0 exactly when frequency = 0.
 */
static void
check_customer(double x, double tx, double n)
{
	require_whole(x, "frequency");
	require_whole(tx, "recency");
	require_whole(n, "n_periods");
	if (n > MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("n_periods must not exceed %d", MAX_PERIODS),
				 errdetail("The value supplied was %g.", n)));
	if (x > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("frequency must not be greater than n_periods"),
				 errdetail("The values supplied were frequency = %g and n_periods = %g.", x, n),
				 errhint("frequency counts the periods after the first with a transaction, so it is at most the number of those periods.")));
	if (tx > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("recency must not be greater than n_periods"),
				 errdetail("The values supplied were recency = %g and n_periods = %g.", tx, n),
				 errhint("recency is the number of the last period with a transaction, counted from 1 after the first purchase.")));
	if (x == 0 && tx != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("recency must be 0 when frequency is 0"),
				 errdetail("The value supplied was recency = %g.", tx)));
	if (x > tx)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("frequency must not be greater than recency"),
				 errdetail("The values supplied were frequency = %g and recency = %g.", x, tx),
				 errhint("frequency transactions in distinct periods end no earlier than period number frequency.")));
}

/* (state, frequency, recency, n_periods [, weight]); NULL inputs and weight 0 are ignored */
Datum
bgbb_fit_trans(PG_FUNCTION_ARGS)
{
	return cr_pb_fit_trans(fcinfo, check_customer, true);
}

/*
 * The portable state of bgbb_fit_state (kind 'D'), and the transition of bgbb_fit_merge, which
 * checks every row of a state as the transition checks its input.
 */
void
cr_bgbb_state_row_check(const double *v)
{
	check_customer(v[0], v[1], v[2]);
}

Datum
bgbb_fit_state_final(PG_FUNCTION_ARGS)
{
	return cr_fit_state_export(fcinfo, CR_FIT_KIND_BGBB);
}

Datum
bgbb_fit_merge_trans(PG_FUNCTION_ARGS)
{
	return cr_fit_state_import(fcinfo, CR_FIT_KIND_BGBB, 3, cr_bgbb_state_row_check);
}

static bool bgbb_fit_run(FunctionCallInfo fcinfo, CrMleResult *fit, double *n);

Datum
bgbb_fit_final(PG_FUNCTION_ARGS)
{
	CrMleResult fit;
	double		n;

	if (!bgbb_fit_run(fcinfo, &fit, &n))
		PG_RETURN_NULL();
	return cr_pb_fit_result(fcinfo, MODEL, param_names, &fit, n);
}

Datum
bgbb_fit_diagnostics_final(PG_FUNCTION_ARGS)
{
	CrMleResult fit;
	double		n;

	if (!bgbb_fit_run(fcinfo, &fit, &n))
		PG_RETURN_NULL();
	return cr_pb_fit_diagnostics(fcinfo, MODEL, "bgbb", param_names, &fit, n);
}

/* The fit of the aggregate's histogram (bgbb_fit and its diagnostics); false when empty */
static bool
bgbb_fit_run(FunctionCallInfo fcinfo, CrMleResult *fit, double *n)
{
	const double *x,
			   *tx,
			   *np,
			   *w;
	double		total,
				repeat = 0;
	int64		nrows = cr_pb_fit_rows(fcinfo, &x, &tx, &np, &w, &total),
				i;
	CrBgbbData	data;

	if (nrows == 0)
		return false;
	for (i = 0; i < nrows; i++)
		if (x[i] > 0)
			repeat += w[i];
	cr_btyd_check_fit_data(MODEL, total, repeat);
	data.n = nrows;
	data.x = x;
	data.tx = tx;
	data.np = np;
	data.w = w;
	cr_bgbb_fit(&data, fit);
	*n = total;
	return true;
}

/* bgbb_model(alpha, beta, gamma, delta): the other fields NULL */
Datum
bgbb_model_make(PG_FUNCTION_ARGS)
{
	return cr_pb_model_make(fcinfo, param_names);
}

static void
get_params(FunctionCallInfo fcinfo, int argno, CrBgbbParams *p)
{
	double		vals[4];

	cr_btyd_model_params(fcinfo, argno, MODEL, 4, param_names, vals);
	p->alpha = vals[0];
	p->beta = vals[1];
	p->gamma = vals[2];
	p->delta = vals[3];
}

static Datum
finite_result(double v, const char *what)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s %s cannot be computed for these arguments", MODEL, what),
				 errdetail("The result is not a finite number.")));
	return Float8GetDatum(v);
}

/* the number of future periods, a whole number within the limit */
static double
future_periods(int64 n, const char *what)
{
	cr_require_int_range(n, 0, MAX_PERIODS, what);
	return (double) n;
}

Datum
bgbb_loglik(PG_FUNCTION_ARGS)
{
	CrBgbbParams p;
	double		x = (double) PG_GETARG_INT64(1),
				tx = (double) PG_GETARG_INT64(2),
				n = (double) PG_GETARG_INT64(3);

	get_params(fcinfo, 0, &p);
	check_customer(x, tx, n);
	return finite_result(cr_bgbb_loglik(&p, x, tx, n), "log-likelihood");
}

Datum
bgbb_p_alive(PG_FUNCTION_ARGS)
{
	CrBgbbParams p;
	double		x = (double) PG_GETARG_INT64(1),
				tx = (double) PG_GETARG_INT64(2),
				n = (double) PG_GETARG_INT64(3);

	get_params(fcinfo, 0, &p);
	check_customer(x, tx, n);
	return finite_result(cr_bgbb_p_alive(&p, x, tx, n), "P(alive)");
}

/* (model, horizon, frequency, recency, n_periods): horizon in periods */
Datum
bgbb_expected_purchases(PG_FUNCTION_ARGS)
{
	CrBgbbParams p;
	double		h = future_periods(PG_GETARG_INT64(1), "horizon"),
				x = (double) PG_GETARG_INT64(2),
				tx = (double) PG_GETARG_INT64(3),
				n = (double) PG_GETARG_INT64(4);

	get_params(fcinfo, 0, &p);
	check_customer(x, tx, n);
	return finite_result(cr_bgbb_expected(&p, h, x, tx, n), "expected purchases");
}

/* (model, horizon): a customer just acquired */
Datum
bgbb_expected_purchases_new(PG_FUNCTION_ARGS)
{
	CrBgbbParams p;
	double		n = future_periods(PG_GETARG_INT64(1), "horizon");

	get_params(fcinfo, 0, &p);
	return finite_result(cr_bgbb_expected_new(&p, n), "expected purchases");
}

/* (model, horizon, n_purchases, frequency, recency, n_periods) */
Datum
bgbb_probability_of_purchases(PG_FUNCTION_ARGS)
{
	CrBgbbParams p;
	double		h = future_periods(PG_GETARG_INT64(1), "horizon");
	int64		k = PG_GETARG_INT64(2);
	double		x = (double) PG_GETARG_INT64(3),
				tx = (double) PG_GETARG_INT64(4),
				n = (double) PG_GETARG_INT64(5);

	get_params(fcinfo, 0, &p);
	cr_require_int_range(k, 0, MAX_PERIODS, "n_purchases");
	check_customer(x, tx, n);
	return finite_result(cr_bgbb_prob_purchases(&p, h, (double) k, x, tx, n),
						 "probability of purchases");
}

/* (model, horizon, n_purchases): a customer just acquired */
Datum
bgbb_probability_of_purchases_new(PG_FUNCTION_ARGS)
{
	CrBgbbParams p;
	double		n = future_periods(PG_GETARG_INT64(1), "horizon");
	int64		k = PG_GETARG_INT64(2);

	get_params(fcinfo, 0, &p);
	cr_require_int_range(k, 0, MAX_PERIODS, "n_purchases");
	return finite_result(cr_bgbb_prob_purchases_new(&p, n, (double) k), "probability of purchases");
}

/* (model, frequency, recency, n_periods, discount_rate) */
Datum
bgbb_dert(PG_FUNCTION_ARGS)
{
	CrBgbbParams p;
	double		x = (double) PG_GETARG_INT64(1),
				tx = (double) PG_GETARG_INT64(2),
				n = (double) PG_GETARG_INT64(3),
				d = PG_GETARG_FLOAT8(4);

	get_params(fcinfo, 0, &p);
	check_customer(x, tx, n);
	cr_require_positive(d, "discount_rate");
	return finite_result(cr_bgbb_dert(&p, x, tx, n, d), "DERT");
}

/* (model, spend_model, frequency, recency, n_periods, monetary, periods, discount_rate) */
Datum
bgbb_clv(PG_FUNCTION_ARGS)
{
	CrBgbbParams p;
	double		x = (double) PG_GETARG_INT64(2),
				tx = (double) PG_GETARG_INT64(3),
				n = (double) PG_GETARG_INT64(4),
				m = PG_GETARG_FLOAT8(5);
	int32		periods = PG_GETARG_INT32(6);
	double		d = PG_GETARG_FLOAT8(7);
	double		spend;

	get_params(fcinfo, 0, &p);
	check_customer(x, tx, n);
	spend = cr_btyd_expected_spend(fcinfo, 1, x, m);
	cr_require_int_range(periods, 1, CR_CLV_MAX_PERIODS, "periods");
	cr_require_nonnegative(d, "discount_rate");
	return finite_result(cr_bgbb_clv(&p, x, tx, n, spend, periods, d), "CLV");
}

/*
 * (model, n_customers, n_periods, seed) -> SETOF (customer_id, frequency, recency, n_periods).
 * Customer i draws from its own stream seeded by (seed, i).
 */
typedef struct SimState
{
	CrBgbbParams p;
	int64		n;
	uint64		seed;
} SimState;

Datum
bgbb_simulate(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	SimState   *ss;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		int32		nc = PG_GETARG_INT32(1);
		int64		n = PG_GETARG_INT64(2);
		TupleDesc	tupdesc;

		funcctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		ss = palloc(sizeof(SimState));
		get_params(fcinfo, 0, &ss->p);
		cr_require_int_range(nc, 0, PG_INT32_MAX, "n_customers");
		cr_require_int_range(n, 0, MAX_PERIODS, "n_periods");
		ss->n = n;
		ss->seed = (uint64) PG_GETARG_INT64(3);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "bgbb_simulate: return type must be a row type");
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);
		funcctx->max_calls = nc;
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
		CHECK_FOR_INTERRUPTS();
		cr_bgbb_simulate(&rng, &ss->p, ss->n, &x, &tx);
		values[0] = Int64GetDatum(id);
		values[1] = Int64GetDatum((int64) x);
		values[2] = Int64GetDatum((int64) tx);
		values[3] = Int64GetDatum(ss->n);
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}
