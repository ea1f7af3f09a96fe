/*
 * btyd_sql.c — argument checks, warnings and model-composite access shared by the
 * buy-till-you-die SQL families (see btyd_sql.h).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "catalog/pg_type.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#include "compat.h"
#include "validate.h"
#include "btyd_sql.h"

/*
 * The slow path of cr_btyd_check_customer: the error for an invalid customer, or a return for a
 * valid one the in-line test does not cover (a frequency of 2^53 or more).
 */
void
cr_btyd_report_customer(double frequency, double recency, double t)
{
	cr_require_nonnegative(frequency, "frequency");
	cr_require_nonnegative(recency, "recency");
	cr_require_nonnegative(t, "t");
	if (frequency != floor(frequency))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("frequency must be a whole number of repeat purchases"),
				 errdetail("The value supplied was %g.", frequency)));
	if (recency > t)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("recency must not be greater than t"),
				 errdetail("The values supplied were recency = %g and t = %g.", recency, t),
				 errhint("recency is the time from the first to the last purchase and t the time from the first purchase to the end of the observation, both in the same unit.")));
	if (frequency == 0 && recency != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("recency must be 0 when frequency is 0"),
				 errdetail("The value supplied was recency = %g.", recency),
				 errhint("recency is the time from the first to the last purchase (as rfm_summary computes it), not the time since the last purchase.")));
}

void
cr_btyd_check_fit_data(const char *model, double total_weight, double repeat_weight)
{
	if (total_weight < 5)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s fit needs at least 5 customers", model),
				 errdetail("The data holds %g customers.", total_weight),
				 errhint("Fit the model on the whole customer base, not on a handful of customers.")));
	if (repeat_weight <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s fit needs customers with repeat purchases", model),
				 errdetail("All %g customers have frequency 0.", total_weight),
				 errhint("frequency counts repeat purchases; check that it is not always 0, or observe the customers for longer.")));
}

void
cr_btyd_warn_not_converged(const char *model, CrMleStatus status, int iterations,
						   const char *diverged_name, double diverged_value, bool flat)
{
	const char *why;

	if (diverged_name)
	{
		bool		up = diverged_value > 1;

		ereport(WARNING,
				(errmsg("%s fit did not converge: parameter %s runs off to %s", model,
						diverged_name, up ? "infinity" : "zero"),
				 errdetail("The likelihood keeps improving as %s %s, so the data do not identify the model; the parameters returned are the best found.",
						   diverged_name, up ? "grows without bound" : "shrinks towards zero"),
				 errhint("This happens when the data show no heterogeneity between customers or too few repeat purchases; check the time unit of recency and t, use more customers, or try a simpler model.")));
		return;
	}
	if (flat)
	{
		ereport(WARNING,
				(errmsg("%s fit did not converge: the likelihood is flat at the optimum", model),
				 errdetail("The gradient vanished, but the Hessian is not positive definite, so the parameters are not identified and have no standard errors."),
				 errhint("This happens with too few or too similar customers; use more customers or a longer observation period, and check the time unit of recency and t.")));
		return;
	}
	switch (status)
	{
		case CR_MLE_MAX_ITERATIONS:
			why = "it reached the iteration limit";
			break;
		case CR_MLE_LINE_SEARCH_FAILED:
			why = "no step improved the likelihood before the gradient vanished";
			break;
		default:
			why = "the likelihood could not be evaluated";
			break;
	}
	ereport(WARNING,
			(errmsg("%s fit did not converge", model),
			 errdetail("The optimiser stopped after %d iterations because %s; the parameters returned are the best found.", iterations, why),
			 errhint("Check that recency and t use a sensible time unit (weeks are usual), that enough customers made repeat purchases, and that the model suits the data (compare with another model's fit).")));
}

/* fn_extra cache: the tuple descriptors of the composite types a function reads. */
#define TUPDESC_SLOTS 3
typedef struct TupdescCacheEntry
{
	Oid			typid;
	int32		typmod;
	TupleDesc	tupdesc;
} TupdescCacheEntry;

/* One unpacked model argument, keyed on the bytes of its datum. */
typedef struct ModelSlot
{
	int			argno;			/* -1 = empty */
	Size		len;
	char	   *bytes;			/* a copy of the datum's data bytes (len, no header), in fn_mcxt */
	Size		alloc;
	CrModelValues values;
} ModelSlot;

typedef struct MemoSlot
{
	double		key[CR_BTYD_MEMO_MAX_KEY];
	double		value;
	int			nkey;			/* 0 = empty */
} MemoSlot;

#define ARGTYPE_SLOTS 12

typedef struct ModelCache
{
	TupdescCacheEntry types[TUPDESC_SLOTS];
	int			next;			/* entry to replace on a miss */
	ModelSlot	model[2];		/* model and spend model */
	TupleDesc	result;
	MemoSlot   *memo;			/* CR_BTYD_MEMO_SLOTS slots, allocated on first use */
	int64		memo_lookups;
	int64		memo_hits;
	bool		memo_off;		/* the memo did not pay for itself */
	/* argument types looked up once per call site, not per row: 0 = not looked up yet */
	Oid			argtype[ARGTYPE_SLOTS];
	int8		summary[ARGTYPE_SLOTS];	/* -1 not known, 0 a plain number, 1 a composite */
} ModelCache;

static ModelCache *
model_cache(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
	{
		ModelCache *mc = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ModelCache));

		mc->model[0].argno = mc->model[1].argno = -1;
		memset(mc->summary, -1, sizeof(mc->summary));
		fcinfo->flinfo->fn_extra = mc;
	}
	return (ModelCache *) fcinfo->flinfo->fn_extra;
}

static TupleDesc
cached_tupdesc(FunctionCallInfo fcinfo, Oid typid, int32 typmod)
{
	ModelCache *mc = model_cache(fcinfo);
	TupdescCacheEntry *e;
	TupleDesc	td;
	MemoryContext old;
	int			i;

	for (i = 0; i < TUPDESC_SLOTS; i++)
		if (mc->types[i].tupdesc && mc->types[i].typid == typid &&
			mc->types[i].typmod == typmod)
			return mc->types[i].tupdesc;
	e = &mc->types[mc->next];
	mc->next = (mc->next + 1) % TUPDESC_SLOTS;
	td = lookup_rowtype_tupdesc(typid, typmod);
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (e->tupdesc)
		FreeTupleDesc(e->tupdesc);
	e->tupdesc = CreateTupleDescCopy(td);
	MemoryContextSwitchTo(old);
	ReleaseTupleDesc(td);
	e->typid = typid;
	e->typmod = typmod;
	return e->tupdesc;
}

/*
 * The descriptor of a composite datum: cached in fn_extra, except in set-returning functions
 * (their FuncCallContext owns fn_extra), which get a copy in the current context.
 */
static TupleDesc
datum_tupdesc(FunctionCallInfo fcinfo, HeapTupleHeader th)
{
	TupleDesc	td,
				copy;

	if (!fcinfo->flinfo->fn_retset)
		return cached_tupdesc(fcinfo, HeapTupleHeaderGetTypeId(th), HeapTupleHeaderGetTypMod(th));
	td = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(th), HeapTupleHeaderGetTypMod(th));
	copy = CreateTupleDescCopy(td);
	ReleaseTupleDesc(td);
	return copy;
}

static int
attno_by_name(TupleDesc td, const char *name)
{
	int			i;

	for (i = 0; i < td->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(td, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
			return i;
	}
	return -1;
}

static double
interval_days(const Interval *iv)
{
	return cr_interval_seconds(iv, "unit") / SECS_PER_DAY;
}

/* Deform the model composite and check its parameters (the slow path of cr_btyd_model_arg). */
static void
unpack_model(FunctionCallInfo fcinfo, Datum model, const char *model_name, int nparams,
			 const char *const *names, CrModelValues *out)
{
	HeapTupleHeader th = DatumGetHeapTupleHeader(model);
	TupleDesc	td = datum_tupdesc(fcinfo, th);
	HeapTupleData tuple;
	Datum		values[64];
	bool		nulls[64];
	int			unit_att,
				i;

	if (td->natts < nparams || td->natts > 64)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s model composite has %d attributes, expected at least %d",
						model_name, td->natts, nparams)));
	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	heap_deform_tuple(&tuple, td, values, nulls);
	for (i = 0; i < nparams; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s model parameter %s must not be NULL", model_name, names[i]),
					 errhint("Pass the result of the model's fitting aggregate, or build the model with its constructor function.")));
		out->param[i] = DatumGetFloat8(values[i]);
		if (!isfinite(out->param[i]) || !(out->param[i] > 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s model parameter %s must be a positive finite number", model_name, names[i]),
					 errdetail("The value supplied was %g.", out->param[i])));
	}
	out->unit_days = 0;
	unit_att = attno_by_name(td, "unit");
	if (unit_att >= 0 && !nulls[unit_att] && TupleDescAttr(td, unit_att)->atttypid == INTERVALOID)
		out->unit_days = interval_days(DatumGetIntervalP(values[unit_att]));
}

const CrModelValues *
cr_btyd_model_arg(FunctionCallInfo fcinfo, int argno, const char *model_name, int nparams,
				  const char *const *names)
{
	/*
	 * The cache is keyed on the model's bytes. A plain in-line value is compared as it is, with
	 * no copy: a model read from a table row arrives with a short header, which detoasting would
	 * copy out on every call. Anything else is flattened first; a PL/pgSQL record variable
	 * arrives as an expanded-object pointer whose bytes stay the same when the variable is
	 * assigned a new model, so keying the cache on them would score with the old parameters.
	 */
	Datum		raw = PG_GETARG_DATUM(argno);
	const char *bytes = (const char *) DatumGetPointer(raw);
	Datum		d;
	Size		len;
	ModelCache *mc;
	ModelSlot  *slot;

	Assert(nparams <= CR_BTYD_MAX_PARAMS);
	if (VARATT_IS_EXTERNAL(bytes) || VARATT_IS_COMPRESSED(bytes))
		bytes = (const char *) PG_DETOAST_DATUM(raw);	/* external, expanded or compressed */
	len = VARSIZE_ANY_EXHDR(bytes);
	if (fcinfo->flinfo->fn_retset)
	{
		CrModelValues *v = palloc(sizeof(CrModelValues));

		unpack_model(fcinfo, PointerGetDatum(PG_DETOAST_DATUM(PointerGetDatum(bytes))),
					 model_name, nparams, names, v);
		return v;
	}
	mc = model_cache(fcinfo);
	slot = &mc->model[argno == 0 ? 0 : 1];
	if (slot->argno == argno && slot->len == len &&
		memcmp(slot->bytes, VARDATA_ANY(bytes), len) == 0)
		return &slot->values;
	/* a new model value: unpack it (aligned, with a full header), then remember its bytes */
	slot->argno = -1;
	d = PointerGetDatum(PG_DETOAST_DATUM(PointerGetDatum(bytes)));
	unpack_model(fcinfo, d, model_name, nparams, names, &slot->values);
	if (slot->alloc < len)
	{
		if (slot->bytes)
			pfree(slot->bytes);
		slot->bytes = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, len);
		slot->alloc = len;
	}
	memcpy(slot->bytes, VARDATA_ANY(bytes), len);
	slot->len = len;
	slot->argno = argno;
	return &slot->values;
}

const char *const cr_bgnbd_param_names[4] = {"r", "alpha", "a", "b"};
const char *const cr_pareto_nbd_param_names[4] = {"r", "alpha", "s", "beta"};

void
cr_btyd_model_params(FunctionCallInfo fcinfo, int argno, const char *model_name,
					 int nparams, const char *const *names, double *out)
{
	const CrModelValues *m = cr_btyd_model_arg(fcinfo, argno, model_name, nparams, names);

	memcpy(out, m->param, sizeof(double) * nparams);
}

/* The type of argument argno at this call site, looked up once (exprType walks the call). */
static Oid
argtype(FunctionCallInfo fcinfo, int argno)
{
	ModelCache *mc;

	if (argno >= ARGTYPE_SLOTS || fcinfo->flinfo->fn_retset)
		return get_fn_expr_argtype(fcinfo->flinfo, argno);
	mc = model_cache(fcinfo);
	if (mc->argtype[argno] == InvalidOid)
		mc->argtype[argno] = get_fn_expr_argtype(fcinfo->flinfo, argno);
	return mc->argtype[argno];
}

bool
cr_btyd_arg_is_summary(FunctionCallInfo fcinfo, int argno)
{
	ModelCache *mc;
	Oid			t;

	if (argno >= ARGTYPE_SLOTS || fcinfo->flinfo->fn_retset)
	{
		t = get_fn_expr_argtype(fcinfo->flinfo, argno);
		return OidIsValid(t) && t != FLOAT8OID && type_is_rowtype(t);
	}
	mc = model_cache(fcinfo);
	if (mc->summary[argno] < 0)
	{
		t = argtype(fcinfo, argno);
		mc->summary[argno] = (OidIsValid(t) && t != FLOAT8OID && type_is_rowtype(t)) ? 1 : 0;
	}
	return mc->summary[argno] == 1;
}

void
cr_btyd_summary_values(FunctionCallInfo fcinfo, Datum summary, CrCustomer *c, double *unit_days)
{
	static const char *const fields[] = {"frequency", "recency", "t", "monetary", "unit"};
	HeapTupleHeader th = DatumGetHeapTupleHeader(summary);
	TupleDesc	td = datum_tupdesc(fcinfo, th);
	HeapTupleData tuple;
	Datum		values[5];
	int			i;

	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	/* cr_rfm: frequency int8, recency, t, monetary float8, ... unit interval (attribute 10) */
	if (td->natts != 10 || TupleDescAttr(td, 0)->atttypid != INT8OID ||
		TupleDescAttr(td, 9)->atttypid != INTERVALOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("a customer summary must be of type cr_rfm")));
	for (i = 0; i < 5; i++)
	{
		bool		isnull;

		values[i] = heap_getattr(&tuple, i < 4 ? i + 1 : 10, td, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("summary field %s must not be NULL", fields[i])));
	}
	c->frequency = (double) DatumGetInt64(values[0]);
	c->recency = DatumGetFloat8(values[1]);
	c->t = DatumGetFloat8(values[2]);
	c->monetary = DatumGetFloat8(values[3]);
	*unit_days = interval_days(DatumGetIntervalP(values[4]));
	if (fcinfo->flinfo->fn_retset)
		FreeTupleDesc(td);
}

static void
require_model_unit(const CrModelValues *m, const char *model_name, const char *what)
{
	if (m->unit_days <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s model has no time unit, so %s cannot be converted to it", model_name, what),
				 errdetail("The model was fitted to plain numbers, or built without a unit."),
				 errhint("Fit the model to cr_rfm summaries, which carry their unit, or give it one with its constructor (for example unit => '7 days'); or pass plain numbers in the model's unit.")));
}

void
cr_btyd_summary_customer(FunctionCallInfo fcinfo, int argno, const CrModelValues *m,
						 const char *model_name, CrCustomer *c)
{
	double		unit_days;

	cr_btyd_summary_values(fcinfo, PG_GETARG_DATUM(argno), c, &unit_days);
	if (unit_days != m->unit_days)
	{
		double		f;

		require_model_unit(m, model_name, "the summary's recency and t");
		f = unit_days / m->unit_days;
		c->recency *= f;
		c->t *= f;
	}
}

double
cr_btyd_time_arg(FunctionCallInfo fcinfo, int argno, const CrModelValues *m,
				 const char *model_name, const char *what)
{
	double		v;

	if (argtype(fcinfo, argno) == INTERVALOID)
	{
		const Interval *iv = PG_GETARG_INTERVAL_P(argno);

		require_model_unit(m, model_name, what);
		v = ((double) iv->time / USECS_PER_SEC + (double) iv->day * SECS_PER_DAY +
			 (double) iv->month * DAYS_PER_MONTH * SECS_PER_DAY) / SECS_PER_DAY / m->unit_days;
	}
	else
		v = PG_GETARG_FLOAT8(argno);
	cr_require_nonnegative(v, what);
	return v;
}

void
cr_btyd_report_not_finite(const char *model_name, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s %s cannot be computed for these arguments", model_name, what),
			 errdetail("The result is not a finite number."),
			 errhint("Check that the model's parameters and the customer's values use the same time unit.")));
}

static uint32
memo_slot(const double *key, int nkey)
{
	uint64		h = 0x9e3779b97f4a7c15ULL;
	int			i;

	for (i = 0; i < nkey; i++)
	{
		uint64		u;
		double		v = key[i] == 0 ? 0.0 : key[i];	/* -0 and +0 alike */

		memcpy(&u, &v, sizeof(u));
		h ^= u;
		h *= 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
	}
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 29;
	return (uint32) (h & (CR_BTYD_MEMO_SLOTS - 1));
}

bool
cr_btyd_memo_get(FunctionCallInfo fcinfo, const double *key, int nkey, double *value)
{
	ModelCache *mc;
	MemoSlot   *s;
	int			i;

	Assert(!fcinfo->flinfo->fn_retset && nkey <= CR_BTYD_MEMO_MAX_KEY);
	mc = model_cache(fcinfo);
	if (mc->memo_off)
		return false;
	if (++mc->memo_lookups == CR_BTYD_MEMO_PROBATION && mc->memo_hits * 8 < mc->memo_lookups)
	{
		mc->memo_off = true;
		return false;
	}
	if (mc->memo == NULL)
		return false;
	s = &mc->memo[memo_slot(key, nkey)];
	if (s->nkey != nkey)
		return false;
	for (i = 0; i < nkey; i++)
		if (s->key[i] != key[i])
			return false;
	mc->memo_hits++;
	*value = s->value;
	return true;
}

void
cr_btyd_memo_put(FunctionCallInfo fcinfo, const double *key, int nkey, double value)
{
	ModelCache *mc;
	MemoSlot   *s;

	Assert(!fcinfo->flinfo->fn_retset && nkey <= CR_BTYD_MEMO_MAX_KEY);
	mc = model_cache(fcinfo);
	if (mc->memo_off)
		return;
	if (mc->memo == NULL)
		mc->memo = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
										  sizeof(MemoSlot) * CR_BTYD_MEMO_SLOTS);
	s = &mc->memo[memo_slot(key, nkey)];
	memcpy(s->key, key, sizeof(double) * nkey);
	s->nkey = nkey;
	s->value = value;
}

Datum
cr_btyd_model_make(FunctionCallInfo fcinfo, int nparams, const char *const *names)
{
	CrModelOut	m;
	int			i;

	memset(&m, 0, sizeof(m));
	m.nparams = nparams;
	m.names = names;
	for (i = 0; i < nparams; i++)
	{
		m.param[i] = PG_GETARG_FLOAT8(i);
		cr_require_positive(m.param[i], names[i]);
	}
	if (PG_NARGS() > nparams && !PG_ARGISNULL(nparams))
		m.unit_days = cr_interval_seconds(PG_GETARG_INTERVAL_P(nparams), "unit") / SECS_PER_DAY;
	return cr_btyd_model_tuple(fcinfo, &m);
}

Datum
cr_btyd_model_tuple(FunctionCallInfo fcinfo, const CrModelOut *m)
{
	TupleDesc	td = cr_btyd_result_tupdesc(fcinfo);
	Datum	   *values = palloc0(sizeof(Datum) * td->natts);
	bool	   *nulls = palloc(sizeof(bool) * td->natts);
	int			i,
				a;

	for (i = 0; i < td->natts; i++)
		nulls[i] = true;
	for (i = 0; i < m->nparams; i++)
	{
		if ((a = attno_by_name(td, m->names[i])) >= 0)
		{
			values[a] = Float8GetDatum(m->param[i]);
			nulls[a] = false;
		}
		if (m->fitted && m->se_ok &&
			(a = attno_by_name(td, psprintf("se_%s", m->names[i]))) >= 0)
		{
			values[a] = Float8GetDatum(m->se[i]);
			nulls[a] = false;
		}
	}
	if (m->unit_days > 0 && (a = attno_by_name(td, "unit")) >= 0)
	{
		values[a] = IntervalPGetDatum(cr_days_interval(m->unit_days));
		nulls[a] = false;
	}
	if (m->fitted)
	{
		if ((a = attno_by_name(td, "loglik")) >= 0)
			values[a] = Float8GetDatum(m->loglik), nulls[a] = !isfinite(m->loglik);	/* NaN: not known */
		if ((a = attno_by_name(td, "n")) >= 0)
			values[a] = Float8GetDatum(m->n), nulls[a] = false;
		if ((a = attno_by_name(td, "iterations")) >= 0)
			values[a] = Int32GetDatum(m->iterations), nulls[a] = false;
		if ((a = attno_by_name(td, "converged")) >= 0)
			values[a] = BoolGetDatum(m->converged), nulls[a] = false;
	}
	return HeapTupleGetDatum(heap_form_tuple(td, values, nulls));
}

TupleDesc
cr_btyd_result_tupdesc(FunctionCallInfo fcinfo)
{
	ModelCache *mc;

	Assert(!fcinfo->flinfo->fn_retset);
	mc = model_cache(fcinfo);
	if (mc->result == NULL)
	{
		TupleDesc	td;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "function returning a record called in a context that cannot accept it");
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		mc->result = BlessTupleDesc(CreateTupleDescCopy(td));
		MemoryContextSwitchTo(old);
	}
	return mc->result;
}
