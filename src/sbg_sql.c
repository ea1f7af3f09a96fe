/*
 * sbg_sql.c — SQL face of the shifted-beta-geometric model (math in src/core/sbg.c):
 * sbg_fit(float8[]) and the aggregate sbg_fit(period int, active int8), both returning
 * cr_sbg_model, and the scoring functions sbg_survival, sbg_retention_rate, sbg_churn_probability,
 * sbg_derl.
 */
#include "postgres.h"

#include "miscadmin.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "compat.h"
#include "agg_state.h"
#include "incgamma.h"
#include "sbg.h"
#include "validate.h"
#include "btyd_diagnostics_sql.h"

PG_FUNCTION_INFO_V1(sbg_fit_array);
PG_FUNCTION_INFO_V1(sbg_fit_trans);
PG_FUNCTION_INFO_V1(sbg_fit_combine);
PG_FUNCTION_INFO_V1(sbg_fit_serialize);
PG_FUNCTION_INFO_V1(sbg_fit_deserialize);
PG_FUNCTION_INFO_V1(sbg_fit_final);
PG_FUNCTION_INFO_V1(sbg_fit_diagnostics_array);
PG_FUNCTION_INFO_V1(sbg_fit_diagnostics_final);
PG_FUNCTION_INFO_V1(sbg_fit_state_final);
PG_FUNCTION_INFO_V1(sbg_fit_merge_trans);
PG_FUNCTION_INFO_V1(sbg_survival);
PG_FUNCTION_INFO_V1(sbg_retention_rate);
PG_FUNCTION_INFO_V1(sbg_churn_probability);
PG_FUNCTION_INFO_V1(sbg_derl);

/* Largest period number the aggregate accepts (a cohort table, not a time series of days). */
#define SBG_MAX_PERIOD 100000
#define SBG_SERIAL_VERSION 1
#define SBG_SERIAL_KIND 'S'		/* tells an sBG state from the other families' states */

/* ---------------------------------------------------------------- the fit */

static void
report_bad_survivors(CrSbgDataStatus st, const double *s, int pos, const char *what)
{
	switch (st)
	{
		case CR_SBG_DATA_OK:
		case CR_SBG_DATA_TOO_SHORT:
			break;
		case CR_SBG_DATA_NOT_FINITE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must contain only finite numbers", what),
					 errdetail("Element %d is %g.", pos + 1, s[pos])));
			break;
		case CR_SBG_DATA_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must not be negative", what),
					 errdetail("Element %d is %g.", pos + 1, s[pos])));
			break;
		case CR_SBG_DATA_INCREASING:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must not increase from one period to the next", what),
					 errdetail("Element %d (%g) is greater than element %d (%g).",
							   pos + 1, s[pos], pos, s[pos - 1]),
					 errhint("Survivors are the customers still active at the start of each period, "
							 "first element the cohort size; for activity counts of a "
							 "non-contractual business use cohort_survivors().")));
			break;
		case CR_SBG_DATA_EMPTY_COHORT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must start with a cohort size greater than zero", what),
					 errdetail("The first element is %g.", s[0])));
			break;
	}
}

/* The WARNING of a fit that did not converge: why, and what to try. */
static void
warn_not_converged(const CrSbgFit *f, const char *group)
{
	const char *detail = NULL,
			   *hint = NULL;

	switch (f->problem)
	{
		case CR_SBG_FIT_OK:
			return;
		case CR_SBG_FIT_TOO_FEW_PERIODS:
			detail = "At least two periods (three survivor counts) are needed; one period "
				"identifies only the mean churn rate alpha/(alpha+beta).";
			hint = "Wait for another period of data, or pool this cohort with older ones.";
			break;
		case CR_SBG_FIT_NO_CHURN:
			detail = "No customer churned in the periods observed, so the likelihood keeps "
				"rising as alpha goes to 0.";
			hint = "Observe more periods, or check that churned customers are counted out of the "
				"survivors.";
			break;
		case CR_SBG_FIT_ALL_CHURNED:
			detail = "Every customer churned in the first period, so the likelihood keeps rising "
				"as beta goes to 0.";
			hint = "Check that the first element is the cohort size and the second the customers "
				"still active at the start of period 2.";
			break;
		case CR_SBG_FIT_NO_HETEROGENEITY:
			detail = "Retention does not rise with tenure in these data, so the likelihood keeps "
				"rising as alpha and beta grow together (no heterogeneity between customers).";
			hint = "A constant churn rate (geometric model) fits these data; alpha/(alpha+beta) "
				"still estimates it. Observe more periods or check the counts.";
			break;
		case CR_SBG_FIT_BOUNDARY:
			detail = "A parameter ran towards 0 or infinity, or the likelihood is flat at the "
				"optimum, so alpha and beta are not identified.";
			hint = "Observe more periods, or check that the counts are survivors of one cohort.";
			break;
		case CR_SBG_FIT_OPTIMIZER:
			detail = "The optimiser stopped before the gradient vanished.";
			hint = "Check the counts for data errors; rescaling them (for example per 1,000) "
				"does not change alpha and beta.";
			break;
	}
	if (group)
		ereport(WARNING,
				(errmsg("sbg_compare: the fit of %s did not converge", group),
				 errdetail("%s", detail),
				 errhint("%s", hint)));
	else
		ereport(WARNING,
				(errmsg("sbg_fit did not converge"),
				 errdetail("%s", detail),
				 errhint("%s", hint)));
}

/* The cr_sbg_model tuple of a fit of n customers (tupdesc blessed). */
static Datum
sbg_model_datum(TupleDesc tupdesc, const CrSbgFit *f, double n)
{
	Datum		values[9];
	bool		nulls[9] = {false, false, false, false, false, false, false, false, false};

	if (isfinite(f->alpha) && isfinite(f->beta) && isfinite(f->loglik))
	{
		values[0] = Float8GetDatum(f->alpha);
		values[1] = Float8GetDatum(f->beta);
		values[2] = Float8GetDatum(f->loglik);
	}
	else
		nulls[0] = nulls[1] = nulls[2] = true;
	/* (alpha, beta, loglik, n, n_periods, iterations, converged, se_alpha, se_beta) */
	values[3] = Float8GetDatum(n);
	values[4] = Int32GetDatum(f->n_periods);
	values[5] = Int32GetDatum(f->iterations);
	values[6] = BoolGetDatum(f->converged != 0);
	if (f->has_se)
	{
		values[7] = Float8GetDatum(f->se_alpha);
		values[8] = Float8GetDatum(f->se_beta);
	}
	else
		nulls[7] = nulls[8] = true;
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/*
 * Fit survivors s[0..n-1] (checked here) and build the cr_sbg_model tuple, or with diagnostics
 * the cr_fit_diagnostics tuple of the same fit.
 */
static Datum
sbg_fit_datum(FunctionCallInfo fcinfo, const double *s, int n, const char *what,
			  bool diagnostics)
{
	TupleDesc	tupdesc;
	CrSbgFit	f;
	int			pos;
	CrSbgDataStatus st;

	st = cr_sbg_check_survivors(s, n, &pos);
	report_bad_survivors(st, s, pos, what);

	if (diagnostics)
	{
		static const char *const names[] = {"alpha", "beta"};
		CrDiagOut	d;

		if (cr_sbg_fit(s, n, &f) != 0)
			f.problem = CR_SBG_FIT_OPTIMIZER;
		warn_not_converged(&f, NULL);
		if (!isfinite(f.alpha) || !isfinite(f.beta) || !isfinite(f.loglik))
			PG_RETURN_NULL();
		memset(&d, 0, sizeof(d));
		d.family = "sbg";
		d.k = 2;
		d.names = names;
		d.param[0] = f.alpha;
		d.param[1] = f.beta;
		d.logcov = f.has_se ? f.cov : NULL;
		d.loglik = f.loglik;
		d.n = s[0];
		d.iterations = f.iterations;
		d.converged = f.converged != 0;
		return cr_fit_diagnostics_tuple(fcinfo, &d);
	}

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "sbg_fit: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);

	if (cr_sbg_fit(s, n, &f) != 0)
		f.problem = CR_SBG_FIT_OPTIMIZER;
	warn_not_converged(&f, NULL);
	return sbg_model_datum(tupdesc, &f, s[0]);
}

/* sbg_fit(survivors float8[]) → cr_sbg_model; NULL for an empty array. */
Datum
sbg_fit_array(PG_FUNCTION_ARGS)
{
	int			n;
	double	   *s = cr_float8_array(PG_GETARG_ARRAYTYPE_P(0), &n, "survivors");

	if (n == 0)
		PG_RETURN_NULL();
	if (n > SBG_MAX_PERIOD + 1)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("survivors must not have more than %d elements", SBG_MAX_PERIOD + 1),
				 errdetail("The array supplied has %d elements.", n)));
	PG_RETURN_DATUM(sbg_fit_datum(fcinfo, s, n, "survivors", fcinfo->flinfo->fn_addr == sbg_fit_diagnostics_array));
}

/* sbg_fit_diagnostics(survivors float8[]) → cr_fit_diagnostics; the same checks as sbg_fit. */
Datum
sbg_fit_diagnostics_array(PG_FUNCTION_ARGS)
{
	return sbg_fit_array(fcinfo);
}

/* ---------------------------------------------------------------- the aggregate */

/*
 * Aggregate state: active customers summed per period number; count[p] = -1 while no row for
 * period p has been seen, so a gap is told apart from a period with zero survivors.
 */
typedef struct SbgAggState
{
	int32		nalloc;			/* slots allocated */
	int32		max_period;		/* largest period seen, -1 when none */
	int64	   *count;
} SbgAggState;

static SbgAggState *
sbg_state_new(MemoryContext ctx, int32 nalloc)
{
	SbgAggState *st = MemoryContextAlloc(ctx, sizeof(SbgAggState));
	int32		i;

	st->nalloc = nalloc;
	st->max_period = -1;
	st->count = MemoryContextAlloc(ctx, sizeof(int64) * nalloc);
	for (i = 0; i < nalloc; i++)
		st->count[i] = -1;
	return st;
}

static void
sbg_state_add(SbgAggState *st, int32 period, int64 active)
{
	if (period >= st->nalloc)
	{
		int32		newn = st->nalloc,
					i;

		while (newn <= period)
			newn *= 2;
		if (newn > SBG_MAX_PERIOD + 1)
			newn = SBG_MAX_PERIOD + 1;
		st->count = repalloc(st->count, sizeof(int64) * newn);
		for (i = st->nalloc; i < newn; i++)
			st->count[i] = -1;
		st->nalloc = newn;
	}
	if (st->count[period] < 0)
		st->count[period] = active;
	else if (pg_add_s64_overflow(st->count[period], active, &st->count[period]))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("active customers of period %d overflow bigint", period)));
	if (period > st->max_period)
		st->max_period = period;
}

static MemoryContext
sbg_agg_context(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext ctx;

	ctx = cr_aggregate_context(fcinfo);
	return ctx;
}

/* sbg_fit_trans(internal, period int, active int8): rows with a NULL are ignored. */
Datum
sbg_fit_trans(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = sbg_agg_context(fcinfo, "sbg_fit_trans");
	SbgAggState *st = PG_ARGISNULL(0) ? NULL : (SbgAggState *) PG_GETARG_POINTER(0);
	int32		period;
	int64		active;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	period = PG_GETARG_INT32(1);
	active = PG_GETARG_INT64(2);
	if (period < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period must not be negative"),
				 errdetail("The value supplied was %d.", period),
				 errhint("Period 0 holds the cohort size, period t the customers still active at "
						 "the start of period t + 1.")));
	if (period > SBG_MAX_PERIOD)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("period must not exceed %d", SBG_MAX_PERIOD),
				 errdetail("The value supplied was %d.", period)));
	if (active < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("active must not be negative"),
				 errdetail("The value supplied was " INT64_FORMAT " for period %d.", active, period)));
	if (st == NULL)
		st = sbg_state_new(ctx, 16);
	sbg_state_add(st, period, active);
	PG_RETURN_POINTER(st);
}

Datum
sbg_fit_combine(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = sbg_agg_context(fcinfo, "sbg_fit_combine");
	SbgAggState *a = PG_ARGISNULL(0) ? NULL : (SbgAggState *) PG_GETARG_POINTER(0);
	SbgAggState *b = PG_ARGISNULL(1) ? NULL : (SbgAggState *) PG_GETARG_POINTER(1);
	int32		p;

	if (b == NULL || b->max_period < 0)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = sbg_state_new(ctx, b->max_period + 1);
	for (p = 0; p <= b->max_period; p++)
		if (b->count[p] >= 0)
			sbg_state_add(a, p, b->count[p]);
	PG_RETURN_POINTER(a);
}

/*
 * Serialized form, the same for parallel query and for the portable state of sbg_fit_state:
 * version byte, kind byte 'S', int32 max_period, then max_period + 1 int64 counts (-1 = none).
 */
static bytea *
sbg_encode(const SbgAggState *st)
{
	StringInfoData buf;
	int32		p;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SBG_SERIAL_VERSION);
	pq_sendbyte(&buf, SBG_SERIAL_KIND);
	pq_sendint32(&buf, st->max_period);
	for (p = 0; p <= st->max_period; p++)
		pq_sendint64(&buf, st->count[p]);
	return pq_endtypsend(&buf);
}

Datum
sbg_fit_serialize(PG_FUNCTION_ARGS)
{
	sbg_agg_context(fcinfo, "sbg_fit_serialize");
	PG_RETURN_BYTEA_P(sbg_encode((SbgAggState *) PG_GETARG_POINTER(0)));
}

/*
 * A state that cannot be decoded: inside a parallel query (portable = false) a corrupt partial
 * state; given to sbg_fit_merge, an invalid argument (22023).
 */
static void
sbg_bad_state(bool portable, int len, const char *why)
{
	if (portable)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid sBG fit state"),
				 errdetail("The value supplied (%d bytes) is not a state made by sbg_fit_state(). %s", len, why),
				 errhint("Pass only values returned by sbg_fit_state() of this version of customer_rel.")));
	elog(ERROR, "sbg_fit_deserialize: %s", why);
}

/* Decode a serialized state into a new state in ctx; the length is checked before any count. */
static SbgAggState *
sbg_decode(bytea *data, MemoryContext ctx, bool portable)
{
	StringInfoData buf;
	SbgAggState *st;
	int32		maxp,
				p;

	buf.data = VARDATA_ANY(data);
	buf.len = VARSIZE_ANY_EXHDR(data);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (buf.len < 6)
		sbg_bad_state(portable, buf.len, "It is shorter than its 6-byte header.");
	if (pq_getmsgbyte(&buf) != SBG_SERIAL_VERSION || pq_getmsgbyte(&buf) != SBG_SERIAL_KIND)
		sbg_bad_state(portable, buf.len, "Its version or kind is unknown.");
	maxp = pq_getmsgint(&buf, 4);
	if (maxp < -1 || maxp > SBG_MAX_PERIOD
		|| (int64) (buf.len - buf.cursor) != ((int64) maxp + 1) * 8)
		sbg_bad_state(portable, buf.len,
					  psprintf("Its length does not match its %d periods.", maxp + 1));
	st = sbg_state_new(ctx, maxp + 1 > 16 ? maxp + 1 : 16);
	for (p = 0; p <= maxp; p++)
	{
		int64		c = pq_getmsgint64(&buf);

		if (c < -1)
			sbg_bad_state(portable, buf.len, psprintf("Period %d has a negative count.", p));
		if (c >= 0)
			sbg_state_add(st, p, c);
	}
	pq_getmsgend(&buf);
	return st;
}

Datum
sbg_fit_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = sbg_agg_context(fcinfo, "sbg_fit_deserialize");

	PG_RETURN_POINTER(sbg_decode(PG_GETARG_BYTEA_PP(0), ctx, false));
}

/* The SQL type cr_sbg_state (agg_state.h): flat form = the serialized form above. */
static bytea *
sbg_type_encode(void *state, uint8 tag)
{
	return sbg_encode((const SbgAggState *) state);
}

static void *
sbg_type_decode(bytea *flat, MemoryContext mcxt, bool validate, uint8 *tag)
{
	*tag = 0;
	/* the decoder checks every count whether or not the bytes are ours: it is cheap */
	return sbg_decode(flat, mcxt, true);
}

const CrAggStateType cr_sbg_state_type = {
	.name = "cr_sbg_state",
	.encode = sbg_type_encode,
	.decode = sbg_type_decode,
};

/* Final function of sbg_fit_state: the portable state, NULL when no row was seen. */
Datum
sbg_fit_state_final(PG_FUNCTION_ARGS)
{
	SbgAggState *st;

	sbg_agg_context(fcinfo, "sbg_fit_state_final");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (SbgAggState *) PG_GETARG_POINTER(0);
	if (st->max_period < 0)
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(sbg_encode(st));
}

/* Transition of sbg_fit_merge(bytea): decode a state made by sbg_fit_state (22023), then add it. */
Datum
sbg_fit_merge_trans(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = sbg_agg_context(fcinfo, "sbg_fit_merge_trans");
	SbgAggState *a = PG_ARGISNULL(0) ? NULL : (SbgAggState *) PG_GETARG_POINTER(0);
	SbgAggState *b;
	int32		p;

	if (PG_ARGISNULL(1))
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	b = sbg_decode(PG_GETARG_BYTEA_PP(1), CurrentMemoryContext, true);
	if (a == NULL)
		a = sbg_state_new(ctx, b->max_period + 1 > 16 ? b->max_period + 1 : 16);
	for (p = 0; p <= b->max_period; p++)
		if (b->count[p] >= 0)
			sbg_state_add(a, p, b->count[p]);
	PG_RETURN_POINTER(a);
}

/* The fit of the aggregate's survivors: the model, or with diagnostics its covariance too. */
static Datum
sbg_fit_final_common(FunctionCallInfo fcinfo, bool diagnostics)
{
	SbgAggState *st;
	double	   *s;
	int32		p;

	sbg_agg_context(fcinfo, "sbg_fit_final");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (SbgAggState *) PG_GETARG_POINTER(0);
	if (st->max_period < 0)
		PG_RETURN_NULL();
	s = palloc(sizeof(double) * (st->max_period + 1));
	for (p = 0; p <= st->max_period; p++)
	{
		if (st->count[p] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("period %d is missing from the survivors", p),
					 errdetail("Periods must run from 0 (the cohort size) to %d without a gap.",
							   st->max_period),
					 errhint("Add a row for every period up to the last; use active = 0 where nobody was left.")));
		s[p] = (double) st->count[p];
	}
	PG_RETURN_DATUM(sbg_fit_datum(fcinfo, s, st->max_period + 1, "active customers per period",
								  diagnostics));
}

Datum
sbg_fit_final(PG_FUNCTION_ARGS)
{
	return sbg_fit_final_common(fcinfo, false);
}

/* the final function of sbg_fit_diagnostics(period, active): sbg_fit_final's fit, diagnosed */
Datum
sbg_fit_diagnostics_final(PG_FUNCTION_ARGS)
{
	return sbg_fit_final_common(fcinfo, true);
}

/* ---------------------------------------------------------------- scoring */

/*
 * alpha and beta of an cr_sbg_model value; false when either is NULL (a model that could not be
 * fitted), so the caller returns NULL.
 */
static bool
sbg_model_params(HeapTupleHeader m, double *alpha, double *beta)
{
	bool		na,
				nb;
	Datum		a = GetAttributeByNum(m, 1, &na),
				b = GetAttributeByNum(m, 2, &nb);

	if (na || nb)
		return false;
	*alpha = DatumGetFloat8(a);
	*beta = DatumGetFloat8(b);
	cr_require_positive(*alpha, "model alpha");
	cr_require_positive(*beta, "model beta");
	return true;
}

static void
require_period(int32 t, int32 lo, const char *what)
{
	if (t < lo)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be at least %d", what, lo),
				 errdetail("The value supplied was %d.", t)));
}

static Datum
finite_result(double v, const char *fn)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s result is out of range", fn),
				 errdetail("The result is not a finite number.")));
	return Float8GetDatum(v);
}

/* sbg_model(alpha, beta): a model from published or hand-picked parameters, other fields NULL. */
PG_FUNCTION_INFO_V1(sbg_model_make);
Datum
sbg_model_make(PG_FUNCTION_ARGS)
{
	double		alpha = PG_GETARG_FLOAT8(0),
				beta = PG_GETARG_FLOAT8(1);
	TupleDesc	tupdesc;
	Datum		values[9] = {0};
	bool		nulls[9] = {false, false, true, true, true, true, true, true, true};

	cr_require_positive(alpha, "alpha");
	cr_require_positive(beta, "beta");
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("sbg_model must return a composite")));
	values[0] = Float8GetDatum(alpha);
	values[1] = Float8GetDatum(beta);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}

/* sbg_survival(model, t int): S(t), the share of the cohort still active after t periods. */
Datum
sbg_survival(PG_FUNCTION_ARGS)
{
	double		a,
				b;
	int32		t = PG_GETARG_INT32(1);

	require_period(t, 0, "period");
	if (!sbg_model_params(PG_GETARG_HEAPTUPLEHEADER(0), &a, &b))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(finite_result(cr_sbg_survival(a, b, t), "sbg_survival"));
}

/* sbg_retention_rate(model, t int): r(t) = S(t)/S(t-1), t >= 1. */
Datum
sbg_retention_rate(PG_FUNCTION_ARGS)
{
	double		a,
				b;
	int32		t = PG_GETARG_INT32(1);

	require_period(t, 1, "period");
	if (!sbg_model_params(PG_GETARG_HEAPTUPLEHEADER(0), &a, &b))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(finite_result(cr_sbg_retention_rate(a, b, t), "sbg_retention_rate"));
}

/* sbg_churn_probability(model, t int): P(T = t), a new customer's probability of churning at the end of period t. */
Datum
sbg_churn_probability(PG_FUNCTION_ARGS)
{
	double		a,
				b;
	int32		t = PG_GETARG_INT32(1);

	require_period(t, 1, "period");
	if (!sbg_model_params(PG_GETARG_HEAPTUPLEHEADER(0), &a, &b))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(finite_result(cr_sbg_churn_probability(a, b, t), "sbg_churn_probability"));
}

/* sbg_derl(model, discount_rate float8, renewals int): discounted expected residual lifetime. */
Datum
sbg_derl(PG_FUNCTION_ARGS)
{
	double		a,
				b;
	double		d = PG_GETARG_FLOAT8(1);
	int32		renewals = PG_GETARG_INT32(2);
	double		v;

	cr_require_positive(d, "discount_rate");
	if (renewals < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("renewals must not be negative"),
				 errdetail("The value supplied was %d.", renewals)));
	if (!sbg_model_params(PG_GETARG_HEAPTUPLEHEADER(0), &a, &b))
		PG_RETURN_NULL();
	if (!cr_sbg_derl_in_range(a, b, renewals))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("sbg_derl cannot evaluate alpha + beta + renewals + 1 above 1000000"),
				 errdetail("alpha = %g, beta = %g and renewals = %d were supplied.", a, b, renewals),
				 errhint("Check that the model converged; a renewal count this large is outside "
						 "the supported range.")));
	v = cr_sbg_derl(a, b, d, renewals);
	if (isinf(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sbg_derl result is out of range"),
				 errdetail("With alpha = %g <= 1 the expected lifetime is infinite, and discount_rate %g "
						   "is too small to make its discounted value finite.", a, d),
				 errhint("Use a realistic discount rate per period, for example 0.01 for monthly periods.")));
	PG_RETURN_DATUM(finite_result(v, "sbg_derl"));
}

/* ---------------------------------------------------------------- sbg_compare */

/*
 * sbg_compare(grp text, survivors float8[]): one cohort per row. The state collects the cohorts
 * (group label, survivors); the final function fits each group's cohorts jointly and all of
 * them pooled, and tests "same retention" by the likelihood ratio. Cohorts are sorted by (group
 * bytes, survivors) before any arithmetic and before serializing, so the result and the state's
 * bytes do not depend on the plan or the row order.
 */
PG_FUNCTION_INFO_V1(sbg_compare_trans);
PG_FUNCTION_INFO_V1(sbg_compare_combine);
PG_FUNCTION_INFO_V1(sbg_compare_final);

#define SBGC_SERIAL_KIND 'C'
/* Each group is fitted once: a comparison of segments, not a fit per customer. */
#define SBGC_MAX_GROUPS 1000

typedef struct SbgCohort
{
	char	   *group;
	int32		glen;
	int32		n;
	double	   *s;
} SbgCohort;

typedef struct SbgCompareState
{
	int32		ncohorts;
	int32		cap;
	SbgCohort  *c;
} SbgCompareState;

static SbgCompareState *
sbgc_state_new(MemoryContext ctx)
{
	SbgCompareState *st = MemoryContextAlloc(ctx, sizeof(SbgCompareState));

	st->ncohorts = 0;
	st->cap = 8;
	st->c = MemoryContextAlloc(ctx, sizeof(SbgCohort) * st->cap);
	return st;
}

/* Adds a cohort (copied into ctx); its survivors must have been checked. */
static void
sbgc_add(SbgCompareState *st, MemoryContext ctx, const char *g, int32 glen, const double *s,
		 int32 n)
{
	SbgCohort  *c;

	if (st->ncohorts == st->cap)
	{
		if (st->cap >= (int32) (MaxAllocSize / sizeof(SbgCohort) / 2))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("sbg_compare cannot hold more than %d cohorts", st->cap)));
		st->cap *= 2;
		st->c = repalloc(st->c, sizeof(SbgCohort) * st->cap);
	}
	c = &st->c[st->ncohorts++];
	c->group = MemoryContextAlloc(ctx, Max(glen, 1));
	memcpy(c->group, g, glen);
	c->glen = glen;
	c->n = n;
	c->s = MemoryContextAlloc(ctx, sizeof(double) * n);
	memcpy(c->s, s, sizeof(double) * n);
}

/* sbg_compare_trans(internal, grp text, survivors float8[]): NULLs and empty arrays are ignored. */
Datum
sbg_compare_trans(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = cr_aggregate_context(fcinfo);
	SbgCompareState *st = PG_ARGISNULL(0) ? NULL : (SbgCompareState *) PG_GETARG_POINTER(0);
	text	   *g;
	double	   *s;
	int			n,
				pos;
	CrSbgDataStatus st_check;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	g = PG_GETARG_TEXT_PP(1);
	s = cr_float8_array(PG_GETARG_ARRAYTYPE_P(2), &n, "survivors");
	if (n == 0)
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	if (n > SBG_MAX_PERIOD + 1)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("survivors must not have more than %d elements", SBG_MAX_PERIOD + 1),
				 errdetail("The array supplied has %d elements.", n)));
	st_check = cr_sbg_check_survivors(s, n, &pos);
	report_bad_survivors(st_check, s, pos, "survivors");
	if (st == NULL)
		st = sbgc_state_new(ctx);
	sbgc_add(st, ctx, VARDATA_ANY(g), VARSIZE_ANY_EXHDR(g), s, n);
	PG_RETURN_POINTER(st);
}

Datum
sbg_compare_combine(PG_FUNCTION_ARGS)
{
	MemoryContext ctx = cr_aggregate_context(fcinfo);
	SbgCompareState *a = PG_ARGISNULL(0) ? NULL : (SbgCompareState *) PG_GETARG_POINTER(0);
	SbgCompareState *b = PG_ARGISNULL(1) ? NULL : (SbgCompareState *) PG_GETARG_POINTER(1);
	int32		i;

	if (b == NULL || b->ncohorts == 0)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = sbgc_state_new(ctx);
	for (i = 0; i < b->ncohorts; i++)
		sbgc_add(a, ctx, b->c[i].group, b->c[i].glen, b->c[i].s, b->c[i].n);
	PG_RETURN_POINTER(a);
}

/* Group bytes (shorter first on a tie), then the survivors element by element, then length. */
static int
sbgc_group_cmp(const SbgCohort *a, const SbgCohort *b)
{
	int			c = memcmp(a->group, b->group, Min(a->glen, b->glen));

	if (c != 0)
		return c;
	return (a->glen > b->glen) - (a->glen < b->glen);
}

static int
sbgc_cmp(const void *x, const void *y)
{
	const SbgCohort *a = x,
			   *b = y;
	int			c = sbgc_group_cmp(a, b),
				i;

	if (c != 0)
		return c;
	for (i = 0; i < a->n && i < b->n; i++)
		if (a->s[i] != b->s[i])
			return (a->s[i] > b->s[i]) - (a->s[i] < b->s[i]);
	return (a->n > b->n) - (a->n < b->n);
}

/* The cohorts in canonical order: a sorted shallow copy (the state itself is left as it is). */
static SbgCohort *
sbgc_sorted(const SbgCompareState *st)
{
	SbgCohort  *c = palloc(sizeof(SbgCohort) * Max(st->ncohorts, 1));

	memcpy(c, st->c, sizeof(SbgCohort) * st->ncohorts);
	qsort(c, st->ncohorts, sizeof(SbgCohort), sbgc_cmp);
	return c;
}

/*
 * version byte, kind byte 'C', int32 cohorts; per cohort in canonical order: int32 group length,
 * its bytes, int32 survivors, float8 each.
 */
static bytea *
sbgc_encode(const SbgCompareState *st)
{
	StringInfoData buf;
	SbgCohort  *c;
	int32		i,
				j;

	c = sbgc_sorted(st);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SBG_SERIAL_VERSION);
	pq_sendbyte(&buf, SBGC_SERIAL_KIND);
	pq_sendint32(&buf, st->ncohorts);
	for (i = 0; i < st->ncohorts; i++)
	{
		CHECK_FOR_INTERRUPTS();
		pq_sendint32(&buf, c[i].glen);
		pq_sendbytes(&buf, c[i].group, c[i].glen);
		pq_sendint32(&buf, c[i].n);
		for (j = 0; j < c[i].n; j++)
			pq_sendfloat8(&buf, c[i].s[j]);
	}
	return pq_endtypsend(&buf);
}

static void
sbgc_malformed(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("malformed sbg_compare aggregate state"),
			 errdetail("%s", why)));
}

/* A state read back into ctx; every length and every cohort's survivors are checked. */
static SbgCompareState *
sbgc_decode(bytea *data, MemoryContext ctx)
{
	StringInfoData buf;
	SbgCompareState *st;
	int32		ncohorts,
				i;

	buf.data = VARDATA_ANY(data);
	buf.len = VARSIZE_ANY_EXHDR(data);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (buf.len < 6 || pq_getmsgbyte(&buf) != SBG_SERIAL_VERSION
		|| pq_getmsgbyte(&buf) != SBGC_SERIAL_KIND)
		sbgc_malformed("Its header (version byte 1, kind byte 'C', count) is missing.");
	ncohorts = pq_getmsgint(&buf, 4);
	if (ncohorts < 0 || ncohorts > (buf.len - buf.cursor) / 8)
		sbgc_malformed(psprintf("It claims %d cohorts in %d bytes.", ncohorts, buf.len));
	st = sbgc_state_new(ctx);
	for (i = 0; i < ncohorts; i++)
	{
		int32		glen,
					n,
					j,
					pos;
		const char *g;
		double	   *s;

		CHECK_FOR_INTERRUPTS();
		if (buf.len - buf.cursor < 4)
			sbgc_malformed(psprintf("It ends within cohort %d.", i + 1));
		glen = pq_getmsgint(&buf, 4);
		if (glen < 0 || glen > buf.len - buf.cursor - 4)
			sbgc_malformed(psprintf("Cohort %d has a group name of %d bytes.", i + 1, glen));
		g = pq_getmsgbytes(&buf, glen);
		/* the name comes back as text: it must be text of the database encoding (22021) */
		(void) pg_verify_mbstr(GetDatabaseEncoding(), g, glen, false);
		n = pq_getmsgint(&buf, 4);
		if (n < 1 || n > SBG_MAX_PERIOD + 1 || (int64) n * 8 > buf.len - buf.cursor)
			sbgc_malformed(psprintf("Cohort %d claims %d periods.", i + 1, n));
		s = palloc(sizeof(double) * n);
		for (j = 0; j < n; j++)
			s[j] = pq_getmsgfloat8(&buf);
		if (cr_sbg_check_survivors(s, n, &pos) != CR_SBG_DATA_OK)
			sbgc_malformed(psprintf("The survivors of cohort %d are not valid at period %d.", i + 1, pos));
		sbgc_add(st, ctx, g, glen, s, n);
		pfree(s);
	}
	pq_getmsgend(&buf);
	return st;
}



/* The SQL type cr_sbg_compare_state (agg_state.h): flat form = the serialized form above. */
static bytea *
sbgc_type_encode(void *state, uint8 tag)
{
	return sbgc_encode((const SbgCompareState *) state);
}

static void *
sbgc_type_decode(bytea *flat, MemoryContext mcxt, bool validate, uint8 *tag)
{
	*tag = 0;
	return sbgc_decode(flat, mcxt);
}

const CrAggStateType cr_sbg_compare_state_type = {
	.name = "cr_sbg_compare_state",
	.encode = sbgc_type_encode,
	.decode = sbgc_type_decode,
};

/* Joint fit of cohorts c[0..k-1]; *customers receives their total at period 0. */
static void
sbgc_fit(const SbgCohort *c, int k, CrSbgFit *f, double *customers)
{
	const double **s = palloc(sizeof(double *) * k);
	int		   *n = palloc(sizeof(int) * k);
	int			i;

	*customers = 0;
	for (i = 0; i < k; i++)
	{
		s[i] = c[i].s;
		n[i] = c[i].n;
		*customers += c[i].s[0];
	}
	if (cr_sbg_fit_cohorts(s, n, k, f) != 0)
		f->problem = CR_SBG_FIT_OPTIMIZER;
	pfree(s);
	pfree(n);
}

/*
 * sbg_compare_final(internal) → cr_sbg_comparison (lr_statistic, df, p_value, loglik_separate,
 * loglik_pooled, n_groups, groups, models, pooled); NULL when no cohort was aggregated.
 */
Datum
sbg_compare_final(PG_FUNCTION_ARGS)
{
	SbgCompareState *st;
	TupleDesc	tupdesc,
				model_desc;
	Oid			model_type;
	int16		model_len;
	bool		model_byval;
	char		model_align;
	Datum		values[9];
	bool		nulls[9] = {false};
	Datum	   *models,
			   *labels;
	int			ngroups = 0,
				i,
				start;
	double		ll_sep = 0,
				customers;
	bool		ll_ok = true;
	CrSbgFit	f;
	SbgCohort  *c;

	cr_aggregate_context(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (SbgCompareState *) PG_GETARG_POINTER(0);
	if (st->ncohorts == 0)
		PG_RETURN_NULL();
	c = sbgc_sorted(st);
	for (i = 0; i < st->ncohorts; i++)
		if (i == 0 || sbgc_group_cmp(&c[i], &c[i - 1]) != 0)
			ngroups++;
	if (ngroups < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sbg_compare needs at least two groups"),
				 errdetail("Every cohort is in group \"%s\".",
						   text_to_cstring(cstring_to_text_with_len(c[0].group, c[0].glen))),
				 errhint("Pass as grp the column that tells the groups to compare apart; to fit "
						 "one group's cohorts, use sbg_fit.")));
	if (ngroups > SBGC_MAX_GROUPS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("sbg_compare cannot compare more than %d groups", SBGC_MAX_GROUPS),
				 errdetail("There are %d groups.", ngroups)));

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "sbg_compare_final: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	model_type = TupleDescAttr(tupdesc, 8)->atttypid;	/* pooled cr_sbg_model */
	model_desc = BlessTupleDesc(lookup_rowtype_tupdesc_copy(model_type, -1));
	get_typlenbyvalalign(model_type, &model_len, &model_byval, &model_align);

	models = palloc(sizeof(Datum) * ngroups);
	labels = palloc(sizeof(Datum) * ngroups);
	ngroups = 0;
	start = 0;
	for (i = 1; i <= st->ncohorts; i++)
	{
		char	   *label;

		if (i < st->ncohorts && sbgc_group_cmp(&c[i], &c[start]) == 0)
			continue;
		CHECK_FOR_INTERRUPTS();
		labels[ngroups] = PointerGetDatum(cstring_to_text_with_len(c[start].group,
																	c[start].glen));
		label = psprintf("group \"%s\"", text_to_cstring(DatumGetTextPP(labels[ngroups])));
		sbgc_fit(&c[start], i - start, &f, &customers);
		warn_not_converged(&f, label);
		models[ngroups] = sbg_model_datum(model_desc, &f, customers);
		if (isfinite(f.loglik))
			ll_sep += f.loglik;
		else
			ll_ok = false;
		ngroups++;
		start = i;
	}
	sbgc_fit(c, st->ncohorts, &f, &customers);
	warn_not_converged(&f, "the pooled cohorts");
	ll_ok = ll_ok && isfinite(f.loglik);

	/* (lr_statistic, df, p_value, loglik_separate, loglik_pooled, n_groups, groups, models, pooled) */
	if (ll_ok)
	{
		/* The separate fits nest the pooled one: a negative difference is optimiser noise. */
		double		lr = fmax(0.0, 2.0 * (ll_sep - f.loglik));

		values[0] = Float8GetDatum(lr);
		values[2] = Float8GetDatum(cr_chisq_upper(lr, 2.0 * (ngroups - 1)));
		values[3] = Float8GetDatum(ll_sep);
		values[4] = Float8GetDatum(f.loglik);
	}
	else
		nulls[0] = nulls[2] = nulls[3] = nulls[4] = true;
	values[1] = Int32GetDatum(2 * (ngroups - 1));
	values[5] = Int32GetDatum(ngroups);
	values[6] = PointerGetDatum(construct_array(labels, ngroups, TEXTOID, -1, false, TYPALIGN_INT));
	values[7] = PointerGetDatum(construct_array(models, ngroups, model_type, model_len,
												model_byval, model_align));
	values[8] = sbg_model_datum(model_desc, &f, customers);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
