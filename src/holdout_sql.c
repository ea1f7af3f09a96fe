/*
 * holdout_sql.c — rfm_holdout: one customer's calibration summary (as rfm_summary makes it at
 * calibration_end) and what the customer did in the holdout period (calibration_end,
 * holdout_end]: purchase days and spend. The split of lifetimes' calibration_and_holdout_data
 * and CLVTools' clvdata(estimation.split=), used to check a model's conditional predictions
 * (Fader, Hardie & Lee 2005, "Counting your customers the easy way", section 4).
 *
 * The state is a composite of two cr_rfm_state values (src/rfm.c): the calibration purchases
 * (as_of = calibration_end) and the holdout purchases (as_of = holdout_end, days after
 * calibration_end only). The day rules, time zones, units and exact totals are therefore
 * rfm_summary's own. Both fields are updated in place under AggCheckCallContext; a new tuple
 * is formed only when a field must grow.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/timestamp.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "compat.h"
#include "rfm_sql.h"
#include "validate.h"

/* The fields of cr_rfm_holdout_state. */
#define HO_CAL 0
#define HO_HOLD 1
#define HO_NFIELDS 2

/* The fields of cr_rfm_holdout (see the upgrade script). */
#define HO_RESULT_FIELDS 16

static const Interval holdout_one_day = {0, 1, 0};

/* The state's two cr_rfm_state fields; *flat says both can be updated in place. */
static void
holdout_state_fields(HeapTupleHeader th, RfmState **cal, RfmState **hold, bool *flat)
{
	TupleDesc	td = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(th),
											HeapTupleHeaderGetTypMod(th));
	HeapTupleData tuple;
	Datum		values[HO_NFIELDS];
	bool		nulls[HO_NFIELDS];
	RfmState  **out[HO_NFIELDS] = {cal, hold};
	int			i;

	if (td->natts != HO_NFIELDS)
		elog(ERROR, "rfm_holdout: a state must have %d fields", HO_NFIELDS);
	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&(tuple.t_self));
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	heap_deform_tuple(&tuple, td, values, nulls);
	ReleaseTupleDesc(td);

	*flat = true;
	for (i = 0; i < HO_NFIELDS; i++)
	{
		struct varlena *v;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("cr_rfm_holdout_state must not have NULL fields"),
					 errhint("Build the state with rfm_holdout_state or the rfm_holdout aggregate.")));
		v = (struct varlena *) DatumGetPointer(values[i]);
		if (VARATT_IS_EXTENDED(v))
		{
			/* A packed or compressed field (read back from somewhere): work on a copy. */
			v = PG_DETOAST_DATUM_COPY(values[i]);
			*flat = false;
		}
		*out[i] = (RfmState *) v;
	}
}

/* A new state tuple holding cal and hold, of the function's result type. */
static Datum
holdout_state_form(FunctionCallInfo fcinfo, RfmState *cal, RfmState *hold)
{
	TupleDesc	td;
	Datum		values[HO_NFIELDS];
	bool		nulls[HO_NFIELDS] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE || td->natts != HO_NFIELDS)
		elog(ERROR, "rfm_holdout: the state must be a row type of %d fields", HO_NFIELDS);
	td = BlessTupleDesc(td);
	values[HO_CAL] = PointerGetDatum(cal);
	values[HO_HOLD] = PointerGetDatum(hold);
	return HeapTupleGetDatum(heap_form_tuple(td, values, nulls));
}

static void
holdout_require_not_null(FunctionCallInfo fcinfo, int argno, const char *what)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", what),
				 errhint("rfm_holdout needs the last day of the calibration period, the last day of the holdout period and, optionally, the time unit.")));
}

/* 22023: a group's rows disagree on calibration_end or holdout_end. */
static void
holdout_require_same_end(const char *what, int32 first_day, int32 later_day)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s must be the same for every row of a group", what),
			 errdetail("The group started with %s on %s; a later row has %s on %s.", what,
					   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(first_day))),
					   what,
					   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(later_day)))),
			 errhint("Pass a constant, or a value that depends only on the GROUP BY columns.")));
}

/*
 * Transition: (state, ts, amount, calibration_end, holdout_end [, unit]). Rows with a NULL ts
 * or amount are skipped; NULL ends or unit are errors (they would silently empty the result).
 */
static Datum
holdout_trans_common(FunctionCallInfo fcinfo, RfmTimeKind kind)
{
	const Interval *unit = &holdout_one_day;
	int32		cal_day,
				hold_day,
				day;
	double		unit_days,
				amount;
	RfmState   *cal,
			   *hold,
			   *cal2,
			   *hold2;
	bool		flat;

	(void) cr_aggregate_context(fcinfo);
	holdout_require_not_null(fcinfo, 3, "calibration_end");
	holdout_require_not_null(fcinfo, 4, "holdout_end");
	if (PG_NARGS() > 5)
	{
		holdout_require_not_null(fcinfo, 5, "unit");
		unit = PG_GETARG_INTERVAL_P(5);
	}
	if (PG_ARGISNULL(0) && (PG_ARGISNULL(1) || PG_ARGISNULL(2)))
		PG_RETURN_NULL();

	cal_day = rfm_day_of(fcinfo, kind, PG_GETARG_DATUM(3), "calibration_end");
	hold_day = rfm_day_of(fcinfo, kind, PG_GETARG_DATUM(4), "holdout_end");
	if (hold_day <= cal_day)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("holdout_end must be on a later day than calibration_end"),
				 errdetail("calibration_end is on %s and holdout_end on %s.",
						   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(cal_day))),
						   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(hold_day)))),
				 errhint("The holdout period is the days after calibration_end up to holdout_end.")));
	unit_days = rfm_unit_days_of(unit);

	if (PG_ARGISNULL(0))
	{
		/* Two empty states, in the per-call context; the executor copies the tuple. */
		cal = rfm_state_new(cal_day, unit_days);
		hold = rfm_state_new(hold_day, unit_days);
		flat = false;
	}
	else
	{
		HeapTupleHeader th = PG_GETARG_HEAPTUPLEHEADER(0);

		holdout_state_fields(th, &cal, &hold, &flat);
		/* In place only on the executor's own value, never on a detoasted copy. */
		flat = flat && (Pointer) th == DatumGetPointer(PG_GETARG_DATUM(0));
		if (unlikely(cal->as_of_day != cal_day))
			holdout_require_same_end("calibration_end", cal->as_of_day, cal_day);
		if (unlikely(hold->as_of_day != hold_day))
			holdout_require_same_end("holdout_end", hold->as_of_day, hold_day);
		if (unlikely(cal->unit_days != unit_days))
			rfm_require_same_settings(cal_day, unit_days, cal);	/* the unit's message */
		if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
			PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}

	amount = PG_GETARG_FLOAT8(2);
	if (unlikely(isnan(amount) || isinf(amount)))
		cr_require_finite(amount, "amount");
	day = rfm_day_of(fcinfo, kind, PG_GETARG_DATUM(1), "ts");

	cal2 = cal;
	hold2 = hold;
	if (day <= cal_day)
		cal2 = rfm_state_add(cal, cal_day, unit_days, day, amount);
	else
		hold2 = rfm_state_add(hold, hold_day, unit_days, day, amount);	/* ignores > hold_day */

	if (flat && cal2 == cal && hold2 == hold)
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));	/* updated in place */
	PG_RETURN_DATUM(holdout_state_form(fcinfo, cal2, hold2));
}

PG_FUNCTION_INFO_V1(rfm_holdout_trans_timestamptz);
Datum
rfm_holdout_trans_timestamptz(PG_FUNCTION_ARGS)
{
	return holdout_trans_common(fcinfo, RFM_TIMESTAMPTZ);
}

PG_FUNCTION_INFO_V1(rfm_holdout_trans_timestamp);
Datum
rfm_holdout_trans_timestamp(PG_FUNCTION_ARGS)
{
	return holdout_trans_common(fcinfo, RFM_TIMESTAMP);
}

PG_FUNCTION_INFO_V1(rfm_holdout_trans_date);
Datum
rfm_holdout_trans_date(PG_FUNCTION_ARGS)
{
	return holdout_trans_common(fcinfo, RFM_DATE);
}

/* Combine: both periods' purchases merged (not strict). */
PG_FUNCTION_INFO_V1(rfm_holdout_combine);
Datum
rfm_holdout_combine(PG_FUNCTION_ARGS)
{
	RfmState   *a_cal,
			   *a_hold,
			   *b_cal,
			   *b_hold;
	bool		flat;

	(void) cr_aggregate_context(fcinfo);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));	/* the executor copies it */
	holdout_state_fields(PG_GETARG_HEAPTUPLEHEADER(0), &a_cal, &a_hold, &flat);
	holdout_state_fields(PG_GETARG_HEAPTUPLEHEADER(1), &b_cal, &b_hold, &flat);
	if (a_cal->as_of_day != b_cal->as_of_day)
		holdout_require_same_end("calibration_end", a_cal->as_of_day, b_cal->as_of_day);
	if (a_hold->as_of_day != b_hold->as_of_day)
		holdout_require_same_end("holdout_end", a_hold->as_of_day, b_hold->as_of_day);
	/* Work on copies: a may be a value the executor still refers to elsewhere. */
	a_cal = rfm_state_combine((RfmState *) PG_DETOAST_DATUM_COPY(PointerGetDatum(a_cal)), b_cal);
	a_hold = rfm_state_combine((RfmState *) PG_DETOAST_DATUM_COPY(PointerGetDatum(a_hold)), b_hold);
	PG_RETURN_DATUM(holdout_state_form(fcinfo, a_cal, a_hold));
}

/*
 * Final (strict, read-only): the cr_rfm_holdout row; NULL when the customer made no purchase on
 * or before calibration_end (not in the calibration cohort, as lifetimes drops them).
 */
PG_FUNCTION_INFO_V1(rfm_holdout_final);
Datum
rfm_holdout_final(PG_FUNCTION_ARGS)
{
	RfmState   *cal,
			   *hold;
	bool		flat;
	CrRfmResult res,
				hres;
	bool		have_hold;
	int64		hold_days;
	TupleDesc	td;
	Datum		values[HO_RESULT_FIELDS];
	bool		nulls[HO_RESULT_FIELDS] = {false};

	holdout_state_fields(PG_GETARG_HEAPTUPLEHEADER(0), &cal, &hold, &flat);
	if (!rfm_state_result(cal, &res))
		PG_RETURN_NULL();
	have_hold = rfm_state_result(hold, &hres);
	hold_days = have_hold ? hres.frequency + 1 : 0;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE || td->natts != HO_RESULT_FIELDS)
		elog(ERROR, "rfm_holdout: the result must be a row type of %d fields", HO_RESULT_FIELDS);
	td = BlessTupleDesc(td);

	values[0] = Int64GetDatum(res.frequency);
	values[1] = Float8GetDatum(res.recency);
	values[2] = Float8GetDatum(res.t);
	values[3] = Float8GetDatum(res.monetary);
	values[4] = Int64GetDatum(res.n_transactions);
	values[5] = DateADTGetDatum((DateADT) res.first_day);
	values[6] = DateADTGetDatum((DateADT) res.last_day);
	values[7] = Float8GetDatum(res.total_amount);
	values[8] = DateADTGetDatum((DateADT) cal->as_of_day);
	values[9] = IntervalPGetDatum(cr_days_interval(cal->unit_days));
	values[10] = DateADTGetDatum((DateADT) hold->as_of_day);
	values[11] = Float8GetDatum((double) ((int64) hold->as_of_day - cal->as_of_day) / cal->unit_days);
	/* Holdout purchases: every purchase day counts (none of them is a first purchase). */
	values[12] = Int64GetDatum(hold_days);
	values[13] = Float8GetDatum(have_hold ? hres.total_amount / (double) hold_days : 0.0);
	values[14] = Float8GetDatum(have_hold ? hres.total_amount : 0.0);
	values[15] = Int64GetDatum(have_hold ? hres.n_transactions : 0);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}
