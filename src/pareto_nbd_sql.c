/*
 * pareto_nbd_sql.c — the SQL face of Pareto/NBD (pareto_nbd_*): the fitting aggregate over the
 * shared histogram state (fit_state.h), scoring, DERT, CLV and the simulator. The math is in
 * src/core/pareto_nbd.c.
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
#include "pareto_nbd.h"
#include "pareto_bgbb_sql.h"

PG_FUNCTION_INFO_V1(pareto_nbd_fit_trans);
PG_FUNCTION_INFO_V1(pareto_nbd_fit_final);
PG_FUNCTION_INFO_V1(pareto_nbd_fit_diagnostics_final);
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

/* (state, frequency, recency, t [, weight]) or (state, summary); NULL inputs and weight 0 are ignored */
Datum
pareto_nbd_fit_trans(PG_FUNCTION_ARGS)
{
	return cr_pb_fit_trans(fcinfo, cr_btyd_check_customer, false);
}

/*
 * The portable state of pareto_nbd_fit_state (kind 'P'), and the transition of
 * pareto_nbd_fit_merge, which checks every row of a state as the transition checks its input.
 */
void
cr_pareto_nbd_state_row_check(const double *v)
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
	return cr_fit_state_import(fcinfo, CR_FIT_KIND_PARETO_NBD, 3, cr_pareto_nbd_state_row_check);
}

/* The fit of the aggregate's histogram (pareto_nbd_fit and its diagnostics); false when empty */
static bool
pareto_nbd_fit_run(FunctionCallInfo fcinfo, CrMleResult *fit, double *n)
{
	const double *x,
			   *tx,
			   *T,
			   *w;
	double		total;
	int64		nrows = cr_pb_fit_rows(fcinfo, &x, &tx, &T, &w, &total);
	CrParetoNbdData data;

	if (nrows == 0)
		return false;
	if (cr_pareto_nbd_data_init(&data, nrows, x, tx, T, w) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s fit cannot hold " INT64_FORMAT " distinct customers in memory", MODEL, nrows),
				 errhint("Round recency and t to a coarser time grid (days rather than seconds), so identical customers share a row.")));
	PG_TRY();
	{
		cr_btyd_check_fit_data(MODEL, data.total_weight, data.repeat_weight);
		cr_pareto_nbd_fit(&data, fit);
	}
	PG_CATCH();
	{
		cr_pareto_nbd_data_free(&data);
		PG_RE_THROW();
	}
	PG_END_TRY();
	cr_pareto_nbd_data_free(&data);
	*n = total;
	return true;
}

Datum
pareto_nbd_fit_final(PG_FUNCTION_ARGS)
{
	CrMleResult fit;
	double		n;

	if (!pareto_nbd_fit_run(fcinfo, &fit, &n))
		PG_RETURN_NULL();
	return cr_pb_fit_result(fcinfo, MODEL, cr_pareto_nbd_param_names, &fit, n);
}

Datum
pareto_nbd_fit_diagnostics_final(PG_FUNCTION_ARGS)
{
	CrMleResult fit;
	double		n;

	if (!pareto_nbd_fit_run(fcinfo, &fit, &n))
		PG_RETURN_NULL();
	return cr_pb_fit_diagnostics(fcinfo, MODEL, "pareto_nbd", cr_pareto_nbd_param_names, &fit, n);
}

/* pareto_nbd_model(r, alpha, s, beta): the other fields NULL */
Datum
pareto_nbd_model_make(PG_FUNCTION_ARGS)
{
	return cr_pb_model_make(fcinfo, cr_pareto_nbd_param_names);
}

static const CrModelValues *
get_params(FunctionCallInfo fcinfo, int argno, CrParetoNbdParams *p)
{
	const CrModelValues *m = cr_btyd_model_arg(fcinfo, argno, MODEL, 4, cr_pareto_nbd_param_names);

	p->r = m->param[0];
	p->alpha = m->param[1];
	p->s = m->param[2];
	p->beta = m->param[3];
	return m;
}

static Datum
finite_result(double v, const char *what)
{
	return cr_btyd_finite_result(v, MODEL, what);
}

/* (model, frequency, recency, t) or (model, summary) -> the customer's log-likelihood */
Datum
pareto_nbd_loglik(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	const CrModelValues *m = get_params(fcinfo, 0, &p);
	CrCustomer	c;

	cr_btyd_customer_arg(fcinfo, 1, m, MODEL, &c);
	return finite_result(cr_pareto_nbd_loglik(&p, c.frequency, c.recency, c.t), "log-likelihood");
}

/* (model, frequency, recency, t) or (model, summary) */
Datum
pareto_nbd_p_alive(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	const CrModelValues *m = get_params(fcinfo, 0, &p);
	CrCustomer	c;

	cr_btyd_customer_arg(fcinfo, 1, m, MODEL, &c);
	return finite_result(cr_pareto_nbd_p_alive(&p, c.frequency, c.recency, c.t), "P(alive)");
}

/* (model, horizon, frequency, recency, t) or (model, horizon interval, summary) */
Datum
pareto_nbd_expected_purchases(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	const CrModelValues *m = get_params(fcinfo, 0, &p);
	double		h = cr_btyd_time_arg(fcinfo, 1, m, MODEL, "horizon");
	CrCustomer	c;

	cr_btyd_customer_arg(fcinfo, 2, m, MODEL, &c);
	return finite_result(cr_pareto_nbd_expected(&p, h, c.frequency, c.recency, c.t),
						 "expected purchases");
}

/* (model, horizon): a customer just acquired */
Datum
pareto_nbd_expected_purchases_new(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	const CrModelValues *m = get_params(fcinfo, 0, &p);
	double		h = cr_btyd_time_arg(fcinfo, 1, m, MODEL, "horizon");

	return finite_result(cr_pareto_nbd_expected_new(&p, h), "expected purchases");
}

/* (model, horizon, n_purchases, frequency, recency, t) or (..., n_purchases, summary) */
Datum
pareto_nbd_probability_of_purchases(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	const CrModelValues *m = get_params(fcinfo, 0, &p);
	double		h = cr_btyd_time_arg(fcinfo, 1, m, MODEL, "horizon");
	int64		n = PG_GETARG_INT64(2);
	CrCustomer	c;

	cr_require_int_range(n, 0, INT64CONST(1000000), "n_purchases");
	cr_btyd_customer_arg(fcinfo, 3, m, MODEL, &c);
	return finite_result(cr_pareto_nbd_prob_purchases(&p, h, (double) n, c.frequency, c.recency, c.t),
						 "probability of purchases");
}

/* (model, horizon, n_purchases): a customer just acquired */
Datum
pareto_nbd_probability_of_purchases_new(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	const CrModelValues *m = get_params(fcinfo, 0, &p);
	double		h = cr_btyd_time_arg(fcinfo, 1, m, MODEL, "horizon");
	int64		n = PG_GETARG_INT64(2);

	cr_require_int_range(n, 0, INT64CONST(1000000), "n_purchases");
	return finite_result(cr_pareto_nbd_prob_purchases_new(&p, h, (double) n),
						 "probability of purchases");
}

/*
 * (model, frequency, recency, t, discount_rate) or (model, summary, discount_rate).
 * discount_rate is per unit of time, compounded once a unit, as everywhere in the extension;
 * DERT (Fader, Hardie & Lee 2005, "RFM and CLV", eq. 2) discounts continuously at
 * delta = ln(1 + discount_rate), the same value of money.
 */
Datum
pareto_nbd_dert(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	const CrModelValues *m = get_params(fcinfo, 0, &p);
	bool		summary = cr_btyd_arg_is_summary(fcinfo, 1);
	double		d = PG_GETARG_FLOAT8(summary ? 2 : 4);
	CrCustomer	c;

	cr_btyd_customer_arg(fcinfo, 1, m, MODEL, &c);
	cr_require_positive(d, "discount_rate");
	return finite_result(cr_pareto_nbd_dert(&p, c.frequency, c.recency, c.t, log1p(d)), "DERT");
}

/*
 * (model, spend_model, frequency, recency, t, monetary, periods, period_length, discount_rate)
 * or (model, spend_model, summary, periods, period_length interval, discount_rate)
 */
Datum
pareto_nbd_clv(PG_FUNCTION_ARGS)
{
	CrParetoNbdParams p;
	const CrModelValues *m = get_params(fcinfo, 0, &p);
	bool		summary = cr_btyd_arg_is_summary(fcinfo, 2);
	int			k = summary ? 3 : 6;	/* argument number of periods */
	int32		periods = PG_GETARG_INT32(k);
	double		d = PG_GETARG_FLOAT8(k + 2);
	double		L,
				spend;
	CrCustomer	c;

	cr_btyd_customer_arg(fcinfo, 2, m, MODEL, &c);
	if (!summary)
		c.monetary = PG_GETARG_FLOAT8(5);
	spend = cr_btyd_expected_spend(fcinfo, 1, c.frequency, c.monetary);
	cr_require_int_range(periods, 1, CR_CLV_MAX_PERIODS, "periods");
	L = cr_btyd_time_arg(fcinfo, k + 1, m, MODEL, "period_length");
	cr_require_positive(L, "period_length");
	cr_require_nonnegative(d, "discount_rate");
	return finite_result(cr_pareto_nbd_clv(&p, c.frequency, c.recency, c.t, spend, periods, L, d),
						 "CLV");
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
		CHECK_FOR_INTERRUPTS();
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
