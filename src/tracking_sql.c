/*
 * tracking_sql.c — plotting data of the buy-till-you-die models, as set-returning functions a
 * BI tool charts directly:
 *   <model>_expected_tracking   expected repeat purchases of a cohort with staggered first
 *                               purchases, per period and cumulative (Fader, Hardie & Lee 2005,
 *                               Figure 2; lifetimes' expected_cumulative_transactions)
 *   <model>_frequency_recency_matrix  P(alive) and conditional expected purchases over a grid
 *                               of (frequency, recency) at one T (lifetimes'
 *                               plot_frequency_recency_matrix / plot_probability_alive_matrix)
 * for BG/NBD, MBG/NBD and Pareto/NBD. The arithmetic is the models' own (src/core/bgnbd.c,
 * src/core/pareto_nbd.c) and src/core/tracking.c.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/tuplestore.h"

#include "bgnbd.h"
#include "btyd_sql.h"
#include "pareto_nbd.h"
#include "tracking.h"
#include "validate.h"

/* Limits: beyond them a chart is not what is being asked for (54000). */
#define TRACKING_MAX_PERIODS 1000000
#define MATRIX_MAX_CELLS 1000000

typedef enum PlotModel
{
	PLOT_BGNBD,
	PLOT_MBGNBD,
	PLOT_PARETO
} PlotModel;


typedef struct PlotParams
{
	PlotModel	model;
	CrBgnbdParams bg;
	CrParetoNbdParams pn;
} PlotParams;

static const char *
plot_model_name(PlotModel m)
{
	return m == PLOT_PARETO ? "Pareto/NBD" : m == PLOT_MBGNBD ? "MBG/NBD" : "BG/NBD";
}

static void
plot_params(FunctionCallInfo fcinfo, PlotModel model, PlotParams *pp)
{
	double		v[4];

	pp->model = model;
	cr_btyd_model_params(fcinfo, 0, plot_model_name(model), 4,
						 model == PLOT_PARETO ? cr_pareto_nbd_param_names : cr_bgnbd_param_names, v);
	pp->bg.r = pp->pn.r = v[0];
	pp->bg.alpha = pp->pn.alpha = v[1];
	pp->bg.a = pp->pn.s = v[2];
	pp->bg.b = pp->pn.beta = v[3];
}

/* E[X(t)] of a customer just acquired, for the tracking sums. */
static double
plot_expected_new(const void *ctx, double t)
{
	const PlotParams *pp = (const PlotParams *) ctx;

	if (pp->model == PLOT_PARETO)
		return cr_pareto_nbd_expected_new(&pp->pn, t);
	return cr_bgnbd_expected_new_variant(pp->model == PLOT_MBGNBD ? CR_MBGNBD : CR_BGNBD,
										 &pp->bg, t);
}

static void
plot_require_not_nonfinite(double v, PlotModel m, const char *what)
{
	if (!isfinite(v))
		(void) cr_btyd_finite_result(v, plot_model_name(m), what);	/* raises 22003 */
}

/*
 * (model, first_purchase float8[] [, n_customers float8[]], n_periods integer) ->
 * (period, expected_incremental, expected_cumulative), periods 1 .. n_periods of one model unit.
 */
static Datum
tracking_common(FunctionCallInfo fcinfo, PlotModel model)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PlotParams	pp;
	bool		weighted = PG_NARGS() == 4;
	int			n_start,
				n_weight = 0,
				i;
	double	   *start,
			   *weight = NULL,
			   *cum;
	int32		n_periods = PG_GETARG_INT32(weighted ? 3 : 2);
	int			rc;
	double		prev = 0.0;

	plot_params(fcinfo, model, &pp);
	start = cr_float8_array(PG_GETARG_ARRAYTYPE_P(1), &n_start, "first_purchase");
	for (i = 0; i < n_start; i++)
		if (start[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("first_purchase must not contain negative times"),
					 errdetail("Element %d is %g.", i + 1, start[i]),
					 errhint("Give each customer's first purchase time in the model's time unit, counted from the start of the tracking period.")));
	if (weighted)
	{
		weight = cr_float8_array(PG_GETARG_ARRAYTYPE_P(2), &n_weight, "n_customers");
		cr_require_same_length(n_start, n_weight, "n_customers");
		for (i = 0; i < n_weight; i++)
			if (weight[i] < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("n_customers must not contain negative counts"),
						 errdetail("Element %d is %g.", i + 1, weight[i])));
	}
	if (n_periods < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n_periods must be at least 1"),
				 errdetail("The value supplied was %d.", n_periods)));
	if (n_periods > TRACKING_MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("n_periods must be at most %d", TRACKING_MAX_PERIODS),
				 errdetail("The value supplied was %d.", n_periods),
				 errhint("Use a longer time unit for the model (weeks instead of days).")));

	cum = palloc(sizeof(double) * n_periods);
	rc = cr_tracking_cumulative(plot_expected_new, &pp, start, weight, n_start, n_periods, cum);
	if (rc == CR_TRACKING_NOMEM)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	if (rc != CR_TRACKING_OK)
		plot_require_not_nonfinite(NAN, model, "expected purchases");

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < n_periods; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = Int32GetDatum(i + 1);
		values[1] = Float8GetDatum(cum[i] - prev);
		values[2] = Float8GetDatum(cum[i]);
		prev = cum[i];
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(bgnbd_expected_tracking);
Datum
bgnbd_expected_tracking(PG_FUNCTION_ARGS)
{
	return tracking_common(fcinfo, PLOT_BGNBD);
}

PG_FUNCTION_INFO_V1(mbgnbd_expected_tracking);
Datum
mbgnbd_expected_tracking(PG_FUNCTION_ARGS)
{
	return tracking_common(fcinfo, PLOT_MBGNBD);
}

PG_FUNCTION_INFO_V1(pareto_nbd_expected_tracking);
Datum
pareto_nbd_expected_tracking(PG_FUNCTION_ARGS)
{
	return tracking_common(fcinfo, PLOT_PARETO);
}

/*
 * (model, t, max_frequency, max_recency, horizon) -> (frequency, recency, p_alive,
 * expected_purchases) for frequency 0 .. max_frequency and recency 0 .. max_recency (whole
 * units), a customer observed for t units. Only possible summaries are returned: frequency 0
 * has recency 0 only.
 */
static Datum
matrix_common(FunctionCallInfo fcinfo, PlotModel model)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PlotParams	pp;
	double		T = PG_GETARG_FLOAT8(1);
	int32		max_f = PG_GETARG_INT32(2),
				max_r = PG_GETARG_INT32(3);
	double		horizon = PG_GETARG_FLOAT8(4);
	int32		f,
				r;

	plot_params(fcinfo, model, &pp);
	cr_require_finite(T, "t");
	cr_require_nonnegative(T, "t");
	cr_require_finite(horizon, "horizon");
	cr_require_nonnegative(horizon, "horizon");
	if (max_f < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_frequency must not be negative"),
				 errdetail("The value supplied was %d.", max_f)));
	if (max_r < 0 || (double) max_r > T)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_recency must be between 0 and t"),
				 errdetail("The value supplied was %d; t is %g.", max_r, T),
				 errhint("Recency cannot exceed the customer's observation length t.")));
	if (((double) max_f + 1) * ((double) max_r + 1) > MATRIX_MAX_CELLS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the matrix would have %.0f cells, more than %d",
						((double) max_f + 1) * ((double) max_r + 1), MATRIX_MAX_CELLS),
				 errhint("Lower max_frequency or max_recency, or use a longer time unit.")));

	InitMaterializedSRF(fcinfo, 0);
	for (f = 0; f <= max_f; f++)
	{
		for (r = 0; r <= max_r; r++)
		{
			Datum		values[4];
			bool		nulls[4] = {false, false, false, false};
			double		pa,
						e;

			if (f == 0 && r > 0)
				break;			/* no repeat purchase: recency is 0 */
			CHECK_FOR_INTERRUPTS();
			if (model == PLOT_PARETO)
			{
				pa = cr_pareto_nbd_p_alive(&pp.pn, f, r, T);
				e = cr_pareto_nbd_expected(&pp.pn, horizon, f, r, T);
			}
			else
			{
				CrBgnbdVariant v = model == PLOT_MBGNBD ? CR_MBGNBD : CR_BGNBD;

				pa = cr_bgnbd_p_alive_variant(v, &pp.bg, f, r, T);
				e = cr_bgnbd_expected_variant(v, &pp.bg, horizon, f, r, T);
			}
			plot_require_not_nonfinite(pa, model, "P(alive)");
			plot_require_not_nonfinite(e, model, "expected purchases");
			values[0] = Int32GetDatum(f);
			values[1] = Int32GetDatum(r);
			values[2] = Float8GetDatum(pa);
			values[3] = Float8GetDatum(e);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(bgnbd_frequency_recency_matrix);
Datum
bgnbd_frequency_recency_matrix(PG_FUNCTION_ARGS)
{
	return matrix_common(fcinfo, PLOT_BGNBD);
}

PG_FUNCTION_INFO_V1(mbgnbd_frequency_recency_matrix);
Datum
mbgnbd_frequency_recency_matrix(PG_FUNCTION_ARGS)
{
	return matrix_common(fcinfo, PLOT_MBGNBD);
}

PG_FUNCTION_INFO_V1(pareto_nbd_frequency_recency_matrix);
Datum
pareto_nbd_frequency_recency_matrix(PG_FUNCTION_ARGS)
{
	return matrix_common(fcinfo, PLOT_PARETO);
}
