/*
 * btyd_sql.c — argument checks, warnings and model-composite access shared by the
 * buy-till-you-die SQL families (see btyd_sql.h).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/typcache.h"

#include "compat.h"
#include "validate.h"
#include "btyd_sql.h"

void
cr_btyd_check_customer(double frequency, double recency, double t)
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
cr_btyd_warn_not_converged(const char *model, CrOptimStatus status, int iterations,
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
						   diverged_name, up ? "grows beyond 1e6" : "shrinks below 1e-6"),
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
		case CR_OPTIM_MAX_ITERATIONS:
			why = "it reached the iteration limit";
			break;
		case CR_OPTIM_LINE_SEARCH_FAILED:
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

/* fn_extra cache: the tuple descriptors of the (at most two) model types a function reads. */
typedef struct ModelCacheEntry
{
	Oid			typid;
	int32		typmod;
	TupleDesc	tupdesc;
} ModelCacheEntry;

typedef struct MemoSlot
{
	double		key[CR_BTYD_MEMO_MAX_KEY];
	double		value;
	int			nkey;			/* 0 = empty */
} MemoSlot;

typedef struct ModelCache
{
	ModelCacheEntry models[2];
	int			next;			/* entry to replace on a miss */
	TupleDesc	result;
	MemoSlot   *memo;			/* CR_BTYD_MEMO_SLOTS slots, allocated on first use */
} ModelCache;

static ModelCache *
model_cache(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(ModelCache));
	return (ModelCache *) fcinfo->flinfo->fn_extra;
}

static TupleDesc
model_tupdesc(FunctionCallInfo fcinfo, Oid typid, int32 typmod)
{
	ModelCache *mc = model_cache(fcinfo);
	ModelCacheEntry *e;
	TupleDesc	td;
	MemoryContext old;
	int			i;

	for (i = 0; i < 2; i++)
		if (mc->models[i].tupdesc && mc->models[i].typid == typid &&
			mc->models[i].typmod == typmod)
			return mc->models[i].tupdesc;
	e = &mc->models[mc->next];
	mc->next = (mc->next + 1) % 2;
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

void
cr_btyd_model_params(FunctionCallInfo fcinfo, Datum model, const char *model_name,
					 int nparams, const char *const *names, double *out)
{
	HeapTupleHeader th = DatumGetHeapTupleHeader(model);
	/* set-returning functions keep their FuncCallContext in fn_extra: no cache there */
	bool		cached = !fcinfo->flinfo->fn_retset;
	TupleDesc	td = cached
		? model_tupdesc(fcinfo, HeapTupleHeaderGetTypeId(th), HeapTupleHeaderGetTypMod(th))
		: lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(th), HeapTupleHeaderGetTypMod(th));
	HeapTupleData tuple;
	int			i;

	if (td->natts < nparams)
		elog(ERROR, "%s model composite has %d attributes, expected at least %d",
			 model_name, td->natts, nparams);

	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	for (i = 0; i < nparams; i++)
	{
		bool		isnull;
		Datum		d = heap_getattr(&tuple, i + 1, td, &isnull);

		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s model parameter %s must not be NULL", model_name, names[i]),
					 errhint("Pass the result of the model's fitting aggregate, or build the model with its constructor function.")));
		out[i] = DatumGetFloat8(d);
		if (!isfinite(out[i]) || !(out[i] > 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s model parameter %s must be a positive finite number", model_name, names[i]),
					 errdetail("The value supplied was %g.", out[i])));
	}
	if (!cached)
		ReleaseTupleDesc(td);
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
	if (mc->memo == NULL)
		return false;
	s = &mc->memo[memo_slot(key, nkey)];
	if (s->nkey != nkey)
		return false;
	for (i = 0; i < nkey; i++)
		if (s->key[i] != key[i])
			return false;
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
	TupleDesc	tupdesc = cr_btyd_result_tupdesc(fcinfo);
	Datum	   *values = palloc0(sizeof(Datum) * tupdesc->natts);
	bool	   *nulls = palloc(sizeof(bool) * tupdesc->natts);
	int			i;

	for (i = 0; i < tupdesc->natts; i++)
		nulls[i] = (i >= nparams);
	for (i = 0; i < nparams; i++)
	{
		double		v = PG_GETARG_FLOAT8(i);

		cr_require_positive(v, names[i]);
		values[i] = Float8GetDatum(v);
	}
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
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
