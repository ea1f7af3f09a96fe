/*
 * relationship_health_sql.c — SQL face of the composite relationship health score:
 *
 *   relationship_health(p_alive, recency_score, rq_index, nps_answer, engagement_score,
 *                       p_alive_weight, recency_score_weight, rq_index_weight,
 *                       nps_answer_weight, engagement_score_weight,
 *                       strong_min, stable_min, at_risk_min)
 *       → cr_relationship_health (score, band, driver, driver_gap, coverage)
 *   relationship_recency_score(since float8, typical_gap float8) → float8 in [0, 1]
 *
 * Not strict: a NULL component is missing and the others are re-weighted (src/core/health.h);
 * NULL weights and thresholds are errors (their defaults are in the SQL declaration).
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "compat.h"
#include "validate.h"
#include "health.h"

static const char *const weight_names[CR_HEALTH_N] = {
	"p_alive_weight", "recency_score_weight", "rq_index_weight", "nps_answer_weight", "engagement_score_weight"
};

/* Each component's range on input and its factor to the common 0-100 scale. */
static const double comp_max[CR_HEALTH_N] = {1, 1, 100, 10, 100};

static double
required_arg(FunctionCallInfo fcinfo, int argno, const char *what)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", what),
				 errhint("Leave the argument out to use its default.")));
	return PG_GETARG_FLOAT8(argno);
}

PG_FUNCTION_INFO_V1(relationship_health);

Datum
relationship_health(PG_FUNCTION_ARGS)
{
	double		value[CR_HEALTH_N];
	int			present[CR_HEALTH_N];
	double		weight[CR_HEALTH_N];
	double		total = 0;
	double		strong_min,
				stable_min,
				at_risk_min;
	int			c,
				any = 0;
	CrHealthResult r;
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	for (c = 0; c < CR_HEALTH_N; c++)
	{
		present[c] = !PG_ARGISNULL(c);
		value[c] = 0;
		if (present[c])
		{
			double		v = PG_GETARG_FLOAT8(c);

			cr_require_range(v, 0, comp_max[c], cr_health_component_names[c]);
			value[c] = v * (100.0 / comp_max[c]);
			any = 1;
		}
	}
	for (c = 0; c < CR_HEALTH_N; c++)
	{
		weight[c] = required_arg(fcinfo, CR_HEALTH_N + c, weight_names[c]);
		cr_require_nonnegative(weight[c], weight_names[c]);
		total += weight[c];
	}
	if (!(total > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the component weights must not all be zero")));
	strong_min = required_arg(fcinfo, 10, "strong_min");
	stable_min = required_arg(fcinfo, 11, "stable_min");
	at_risk_min = required_arg(fcinfo, 12, "at_risk_min");
	cr_require_range(strong_min, 0, 100, "strong_min");
	cr_require_range(stable_min, 0, 100, "stable_min");
	cr_require_range(at_risk_min, 0, 100, "at_risk_min");
	if (!(at_risk_min <= stable_min && stable_min <= strong_min))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("band thresholds must satisfy at_risk_min <= stable_min <= strong_min"),
				 errdetail("The values supplied were at_risk_min %g, stable_min %g, strong_min %g.",
						   at_risk_min, stable_min, strong_min)));

	if (!any || !cr_health_score(value, present, weight, &r))
		PG_RETURN_NULL();

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "relationship_health: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Float8GetDatum(r.score);
	values[1] = CStringGetTextDatum(cr_health_band_names[cr_health_band(r.score, strong_min,
																		 stable_min,
																		 at_risk_min)]);
	if (r.driver >= 0)
		values[2] = CStringGetTextDatum(cr_health_component_names[r.driver]);
	else
		nulls[2] = true;
	values[3] = Float8GetDatum(r.driver_gap);
	values[4] = Float8GetDatum(r.coverage);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

PG_FUNCTION_INFO_V1(relationship_recency_score);

/* (since float8, typical_gap float8) → exp(-since / typical_gap); strict. */
Datum
relationship_recency_score(PG_FUNCTION_ARGS)
{
	double		since = PG_GETARG_FLOAT8(0);
	double		gap = PG_GETARG_FLOAT8(1);

	cr_require_nonnegative(since, "since");
	cr_require_positive(gap, "typical_gap");
	PG_RETURN_FLOAT8(cr_health_recency_score(since, gap));
}
