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
#include "clv.h"
#include "gamma_gamma.h"
#include "rng.h"
#include "btyd_sql.h"
#include "btyd_diagnostics_sql.h"

PG_FUNCTION_INFO_V1(bgnbd_fit_trans);
PG_FUNCTION_INFO_V1(bgnbd_fit_final);
PG_FUNCTION_INFO_V1(mbgnbd_fit_final);
PG_FUNCTION_INFO_V1(bgnbd_fit_diagnostics_final);
PG_FUNCTION_INFO_V1(mbgnbd_fit_diagnostics_final);
PG_FUNCTION_INFO_V1(bgnbd_fit_state_final);
PG_FUNCTION_INFO_V1(bgnbd_fit_merge_trans);
PG_FUNCTION_INFO_V1(bgnbd_model_make);
PG_FUNCTION_INFO_V1(mbgnbd_model_make);
PG_FUNCTION_INFO_V1(bgnbd_p_alive);
PG_FUNCTION_INFO_V1(mbgnbd_p_alive);
PG_FUNCTION_INFO_V1(bgnbd_expected_purchases);
PG_FUNCTION_INFO_V1(mbgnbd_expected_purchases);
PG_FUNCTION_INFO_V1(bgnbd_expected_purchases_new);
PG_FUNCTION_INFO_V1(mbgnbd_expected_purchases_new);
PG_FUNCTION_INFO_V1(bgnbd_probability_of_purchases);
PG_FUNCTION_INFO_V1(mbgnbd_probability_of_purchases);
PG_FUNCTION_INFO_V1(bgnbd_clv);
PG_FUNCTION_INFO_V1(mbgnbd_clv);
PG_FUNCTION_INFO_V1(bgnbd_simulate);
PG_FUNCTION_INFO_V1(mbgnbd_simulate);

/*
 * Transition of bgnbd_fit and mbgnbd_fit (same state): (state, frequency, recency, t [, weight])
 * or (state, summary), which also records the summaries' time unit. Rows with a NULL input are
 * ignored, as are rows of weight 0.
 */
Datum
bgnbd_fit_trans(PG_FUNCTION_ARGS)
{
	CrFitState *st = cr_fit_state_get(fcinfo, 3);
	double		v[3];
	double		w = 1.0;

	if (PG_NARGS() == 2)
	{
		CrCustomer	c;
		double		unit_days;

		if (PG_ARGISNULL(1))
			PG_RETURN_POINTER(st);
		cr_btyd_summary_values(fcinfo, PG_GETARG_DATUM(1), &c, &unit_days);
		cr_btyd_check_customer(c.frequency, c.recency, c.t);
		cr_fit_state_set_unit(st, unit_days);
		v[0] = c.frequency;
		v[1] = c.recency;
		v[2] = c.t;
		cr_fit_state_add(st, v, 1.0);
		PG_RETURN_POINTER(st);
	}
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

/*
 * The fit of the aggregate's histogram, shared by bgnbd_fit and bgnbd_fit_diagnostics: false for
 * an empty group; warns when the fit did not converge.
 */
static bool
bgnbd_fit_run(FunctionCallInfo fcinfo, CrBgnbdVariant variant, CrBtydFit *fitp, double *n)
{
	int64		nrows;
	double		total;
	const double *cols[CR_FIT_MAX_COLS],	/* x, t_x, T */
			   *w;
	CrBtydData	data;
	CrBtydFit	fit;

	if (PG_ARGISNULL(0))
		return false;
	nrows = cr_fit_state_columns((CrFitState *) PG_GETARG_POINTER(0), cols, &w, &total);
	if (nrows == 0)
		return false;
	if (cr_btyd_data_init(&data, nrows, cols[0], cols[1], cols[2], w) != 0)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	cr_btyd_check_fit_data(cr_bgnbd_variant_name(variant), data.total_weight, data.repeat_weight);

	if (cr_bgnbd_fit_variant(variant, &data, &fit) != 0)
	{
		cr_btyd_data_free(&data);
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	cr_btyd_data_free(&data);

	if (!isfinite(fit.loglik))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s likelihood cannot be evaluated on this data", cr_bgnbd_variant_name(variant)),
				 errhint("Check the time unit: recency and t should be in weeks or months, not seconds.")));
	if (!fit.converged)
	{
		const double vals[] = {fit.p.r, fit.p.alpha, fit.p.a, fit.p.b};

		cr_btyd_warn_not_converged(cr_bgnbd_variant_name(variant), fit.status, fit.iterations,
								   fit.diverged >= 0 ? cr_bgnbd_param_names[fit.diverged] : NULL,
								   fit.diverged >= 0 ? vals[fit.diverged] : 0,
								   fit.flat != 0);
	}
	*fitp = fit;
	*n = data.total_weight;
	return true;
}

static Datum
bgnbd_fit_final_common(FunctionCallInfo fcinfo, CrBgnbdVariant variant)
{
	CrBtydFit	fit;
	CrModelOut	out;
	double		n;

	if (!bgnbd_fit_run(fcinfo, variant, &fit, &n))
		PG_RETURN_NULL();
	memset(&out, 0, sizeof(out));
	out.nparams = 4;
	out.names = cr_bgnbd_param_names;
	out.param[0] = fit.p.r;
	out.param[1] = fit.p.alpha;
	out.param[2] = fit.p.a;
	out.param[3] = fit.p.b;
	out.se[0] = fit.se.r;
	out.se[1] = fit.se.alpha;
	out.se[2] = fit.se.a;
	out.se[3] = fit.se.b;
	out.se_ok = fit.se_ok != 0;
	out.fitted = true;
	out.loglik = fit.loglik;
	out.n = n;
	out.iterations = fit.iterations;
	out.converged = fit.converged != 0;
	out.unit_days = cr_fit_state_unit((CrFitState *) PG_GETARG_POINTER(0));
	PG_RETURN_DATUM(cr_btyd_model_tuple(fcinfo, &out));
}

/* bgnbd_fit_diagnostics, mbgnbd_fit_diagnostics: the same fit, with its covariance */
static Datum
bgnbd_fit_diagnostics_common(FunctionCallInfo fcinfo, CrBgnbdVariant variant)
{
	CrBtydFit	fit;
	CrDiagOut	d;
	double		n;

	if (!bgnbd_fit_run(fcinfo, variant, &fit, &n))
		PG_RETURN_NULL();
	memset(&d, 0, sizeof(d));
	d.family = variant == CR_MBGNBD ? "mbgnbd" : "bgnbd";
	d.k = 4;
	d.names = cr_bgnbd_param_names;
	d.param[0] = fit.p.r;
	d.param[1] = fit.p.alpha;
	d.param[2] = fit.p.a;
	d.param[3] = fit.p.b;
	d.logcov = fit.se_ok ? fit.cov : NULL;
	d.loglik = fit.loglik;
	d.n = n;
	d.iterations = fit.iterations;
	d.converged = fit.converged != 0;
	return cr_fit_diagnostics_tuple(fcinfo, &d);
}

Datum
bgnbd_fit_diagnostics_final(PG_FUNCTION_ARGS)
{
	return bgnbd_fit_diagnostics_common(fcinfo, CR_BGNBD);
}

Datum
mbgnbd_fit_diagnostics_final(PG_FUNCTION_ARGS)
{
	return bgnbd_fit_diagnostics_common(fcinfo, CR_MBGNBD);
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

/*
 * The portable state of bgnbd_fit_state and mbgnbd_fit_state (one transition, so one kind: either
 * merge accepts either state), and the transition of bgnbd_fit_merge and mbgnbd_fit_merge, which
 * checks every row of a state as bgnbd_fit_trans checks its input.
 */
void
cr_bgnbd_state_row_check(const double *v)
{
	cr_btyd_check_customer(v[0], v[1], v[2]);
}

Datum
bgnbd_fit_state_final(PG_FUNCTION_ARGS)
{
	return cr_fit_state_export(fcinfo, CR_FIT_KIND_BGNBD);
}

Datum
bgnbd_fit_merge_trans(PG_FUNCTION_ARGS)
{
	return cr_fit_state_import(fcinfo, CR_FIT_KIND_BGNBD, 3, cr_bgnbd_state_row_check);
}

/* ---------------------------------------------------------------------------------------------
 * Models and scoring
 */

Datum
bgnbd_model_make(PG_FUNCTION_ARGS)
{
	return cr_btyd_model_make(fcinfo, 4, cr_bgnbd_param_names);
}

Datum
mbgnbd_model_make(PG_FUNCTION_ARGS)
{
	return cr_btyd_model_make(fcinfo, 4, cr_bgnbd_param_names);
}

/* (model, frequency, recency, t) or (model, summary) */
static Datum
p_alive_common(FunctionCallInfo fcinfo, CrBgnbdVariant v)
{
	CrBgnbdParams p;
	const CrModelValues *m = cr_bgnbd_model_arg(fcinfo, 0, v, &p);
	CrCustomer	c;

	cr_btyd_customer_arg(fcinfo, 1, m, cr_bgnbd_variant_name(v), &c);
	return cr_btyd_finite_result(cr_bgnbd_p_alive_variant(v, &p, c.frequency, c.recency, c.t),
								 cr_bgnbd_variant_name(v), "P(alive)");
}

Datum
bgnbd_p_alive(PG_FUNCTION_ARGS)
{
	return p_alive_common(fcinfo, CR_BGNBD);
}

Datum
mbgnbd_p_alive(PG_FUNCTION_ARGS)
{
	return p_alive_common(fcinfo, CR_MBGNBD);
}

/* (model, horizon, frequency, recency, t) or (model, horizon interval, summary) */
static Datum
expected_common(FunctionCallInfo fcinfo, CrBgnbdVariant v)
{
	CrBgnbdParams p;
	const CrModelValues *m = cr_bgnbd_model_arg(fcinfo, 0, v, &p);
	double		h = cr_btyd_time_arg(fcinfo, 1, m, cr_bgnbd_variant_name(v), "horizon");
	CrCustomer	c;
	double		key[8],
				e;

	cr_btyd_customer_arg(fcinfo, 2, m, cr_bgnbd_variant_name(v), &c);
	/* identical customers (common in day-granular summaries) are computed once per query */
	key[0] = p.r;
	key[1] = p.alpha;
	key[2] = p.a;
	key[3] = p.b;
	key[4] = h;
	key[5] = c.frequency;
	key[6] = c.recency;
	key[7] = c.t;
	if (!cr_btyd_memo_get(fcinfo, key, 8, &e))
	{
		e = cr_bgnbd_expected_variant(v, &p, h, c.frequency, c.recency, c.t);
		cr_btyd_memo_put(fcinfo, key, 8, e);
	}
	return cr_btyd_finite_result(e, cr_bgnbd_variant_name(v), "expected purchases");
}

Datum
bgnbd_expected_purchases(PG_FUNCTION_ARGS)
{
	return expected_common(fcinfo, CR_BGNBD);
}

Datum
mbgnbd_expected_purchases(PG_FUNCTION_ARGS)
{
	return expected_common(fcinfo, CR_MBGNBD);
}

/* (model, horizon): a customer just acquired */
static Datum
expected_new_common(FunctionCallInfo fcinfo, CrBgnbdVariant v)
{
	CrBgnbdParams p;
	const CrModelValues *m = cr_bgnbd_model_arg(fcinfo, 0, v, &p);
	double		h = cr_btyd_time_arg(fcinfo, 1, m, cr_bgnbd_variant_name(v), "horizon");

	return cr_btyd_finite_result(cr_bgnbd_expected_new_variant(v, &p, h), cr_bgnbd_variant_name(v),
								 "expected purchases");
}

Datum
bgnbd_expected_purchases_new(PG_FUNCTION_ARGS)
{
	return expected_new_common(fcinfo, CR_BGNBD);
}

Datum
mbgnbd_expected_purchases_new(PG_FUNCTION_ARGS)
{
	return expected_new_common(fcinfo, CR_MBGNBD);
}

/* (model, horizon, n_purchases) */
static Datum
prob_common(FunctionCallInfo fcinfo, CrBgnbdVariant v)
{
	CrBgnbdParams p;
	const CrModelValues *m = cr_bgnbd_model_arg(fcinfo, 0, v, &p);
	double		h = cr_btyd_time_arg(fcinfo, 1, m, cr_bgnbd_variant_name(v), "horizon");
	int64		n = PG_GETARG_INT64(2);

	cr_require_int_range(n, 0, INT64CONST(1000000000), "n_purchases");
	return cr_btyd_finite_result(cr_bgnbd_prob_purchases_variant(v, &p, h, n), cr_bgnbd_variant_name(v),
								 "probability of purchases");
}

Datum
bgnbd_probability_of_purchases(PG_FUNCTION_ARGS)
{
	return prob_common(fcinfo, CR_BGNBD);
}

Datum
mbgnbd_probability_of_purchases(PG_FUNCTION_ARGS)
{
	return prob_common(fcinfo, CR_MBGNBD);
}

/*
 * (model, spend_model, frequency, recency, t, monetary, periods, period_length, discount_rate)
 * or (model, spend_model, summary, periods, period_length interval, discount_rate)
 */
static Datum
clv_common(FunctionCallInfo fcinfo, CrBgnbdVariant v)
{
	CrBgnbdParams p;
	const CrModelValues *m = cr_bgnbd_model_arg(fcinfo, 0, v, &p);
	bool		summary = cr_btyd_arg_is_summary(fcinfo, 2);
	int			k = summary ? 3 : 6;	/* argument number of periods */
	CrCustomer	c;
	int32		periods = PG_GETARG_INT32(k);
	double		L,
				d = PG_GETARG_FLOAT8(k + 2);
	double		spend,
				key[10],
				purchases;

	cr_btyd_customer_arg(fcinfo, 2, m, cr_bgnbd_variant_name(v), &c);
	if (!summary)
		c.monetary = PG_GETARG_FLOAT8(5);
	spend = cr_btyd_expected_spend(fcinfo, 1, c.frequency, c.monetary);
	cr_require_int_range(periods, 1, CR_CLV_MAX_PERIODS, "periods");
	L = cr_btyd_time_arg(fcinfo, k + 1, m, cr_bgnbd_variant_name(v), "period_length");
	cr_require_positive(L, "period_length");
	cr_require_nonnegative(d, "discount_rate");
	/*
	 * CLV = spend * (discounted expected purchases); the second factor depends only on the
	 * model and (x, t_x, T), so identical customers compute it once per query.
	 */
	key[0] = p.r;
	key[1] = p.alpha;
	key[2] = p.a;
	key[3] = p.b;
	key[4] = c.frequency;
	key[5] = c.recency;
	key[6] = c.t;
	key[7] = periods;
	key[8] = L;
	key[9] = d;
	if (!cr_btyd_memo_get(fcinfo, key, 10, &purchases))
	{
		purchases = cr_bgnbd_clv_variant(v, &p, c.frequency, c.recency, c.t, 1.0, periods, L, d);
		cr_btyd_memo_put(fcinfo, key, 10, purchases);
	}
	return cr_btyd_finite_result(spend * purchases, cr_bgnbd_variant_name(v), "CLV");
}

Datum
bgnbd_clv(PG_FUNCTION_ARGS)
{
	return clv_common(fcinfo, CR_BGNBD);
}

Datum
mbgnbd_clv(PG_FUNCTION_ARGS)
{
	return clv_common(fcinfo, CR_MBGNBD);
}

/* ---------------------------------------------------------------------------------------------
 * Simulation: (model, n_customers, t, seed, resolution) -> SETOF (customer_id, frequency,
 * recency, t). Every customer is observed for the same t (one cohort); customer i draws from
 * its own stream seeded by (seed, i), so the first k customers do not depend on n_customers.
 */
typedef struct SimState
{
	CrBgnbdParams p;
	double		T;
	double		resolution;
	uint64		seed;
} SimState;

static Datum
simulate_common(FunctionCallInfo fcinfo, CrBgnbdVariant v)
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
		cr_bgnbd_model_arg(fcinfo, 0, v, &ss->p);
		cr_require_int_range(n, 0, PG_INT32_MAX, "n_customers");
		cr_require_positive(T, "t");
		cr_require_nonnegative(res, "resolution");
		ss->T = T;
		ss->resolution = res;
		ss->seed = (uint64) PG_GETARG_INT64(3);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "simulate: return type must be a row type");
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
		int64		x;
		double		tx;
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};
		int64		id = (int64) funcctx->call_cntr + 1;

		cr_rng_seed(&rng, ss->seed ^ ((uint64) id * UINT64CONST(0xD1B54A32D192ED03)));
		CHECK_FOR_INTERRUPTS();
		if (cr_bgnbd_simulate_variant(v, &ss->p, ss->T, ss->resolution, &rng, &x, &tx) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("simulated customer " INT64_FORMAT " makes more than %d purchases", id,
							CR_BTYD_SIM_MAX_PURCHASES),
					 errhint("The model's alpha and t must use the same time unit; a tiny alpha means a huge purchase rate.")));
		values[0] = Int64GetDatum(id);
		values[1] = Int64GetDatum(x);
		values[2] = Float8GetDatum(tx);
		values[3] = Float8GetDatum(ss->T);
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}

Datum
bgnbd_simulate(PG_FUNCTION_ARGS)
{
	return simulate_common(fcinfo, CR_BGNBD);
}

Datum
mbgnbd_simulate(PG_FUNCTION_ARGS)
{
	return simulate_common(fcinfo, CR_MBGNBD);
}
