/*
 * relationship_quality_sql.c — SQL face of the relationship-quality index:
 *
 *   relationship_quality(dimension text, score float8, scale_min float8, scale_max float8
 *                        [, weights jsonb]) → cr_rq_profile
 *
 * State. The aggregate's state is a bytea, a concrete (non-pseudo) type, so Citus can push the
 * partial aggregation to its workers, and parallel workers hand it to the leader without a
 * serialise/deserialise pair. Its size is constant for a given instrument: a header, the
 * per-dimension sums of normalised answers and answer counts, and, only for a custom
 * instrument, the dimension weights and names (the final function receives no arguments but
 * the state, so the instrument must travel inside it). For the nine default dimensions the
 * state is 248 bytes. Each sum is an exact double-double (hi, lo) pair (src/core/exact_sum.h),
 * so the same answers give the same bytes in any order or parallel plan; layout 1 (one double
 * per sum, summed in arrival order) is refused. The layout is in native byte order; the magic number turns a state of the
 * other byte order, or any foreign bytes, into an error rather than a misreading.
 *
 * The weights argument is parsed once and cached in fn_extra; each row compares the bytes of
 * its jsonb with the cached copy, and the state's fingerprint with the parsed table's, so a
 * group whose rows carry different weights is an error, not a silent mixture.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "compat.h"
#include "validate.h"
#include "relationship_quality.h"
#include "exact_sum.h"

#define RQ_STATE_MAGIC 0x52510002u	/* "RQ", layout version 2 */

typedef struct RqState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint32		magic;
	int32		ndims;
	int32		names_len;		/* 0: the default instrument; else bytes of the names */
	int64		n_answers;
	uint64		fingerprint;
	/*
	 * double sum[ndims][2] (hi, lo); double count[ndims];
	 * if names_len > 0: double weight[ndims]; uint8 len[ndims]; char names[names_len]
	 */
} RqState;

#define RQ_SUMS(s)		((double *) ((char *) (s) + sizeof(RqState)))
#define RQ_COUNTS(s)	(RQ_SUMS(s) + 2 * (s)->ndims)
#define RQ_WEIGHTS(s)	(RQ_COUNTS(s) + (s)->ndims)
#define RQ_LENS(s)		((uint8 *) (RQ_WEIGHTS(s) + (s)->ndims))
#define RQ_NAMES(s)		((char *) (RQ_LENS(s) + (s)->ndims))

static Size
rq_state_size(int ndims, int names_len)
{
	Size		sz = sizeof(RqState) + 3 * sizeof(double) * ndims;

	if (names_len > 0)
		sz += sizeof(double) * ndims + ndims + names_len;
	return sz;
}

/* A new, empty state for a table, in the current memory context. */
static RqState *
rq_state_new(const CrRqTable *t)
{
	int			names_len = 0;
	int			i;
	RqState    *s;
	Size		sz;

	if (!t->is_default)
		for (i = 0; i < t->ndims; i++)
			names_len += t->len[i];
	sz = rq_state_size(t->ndims, names_len);
	s = palloc0(sz);
	SET_VARSIZE(s, sz);
	s->magic = RQ_STATE_MAGIC;
	s->ndims = t->ndims;
	s->names_len = names_len;
	s->fingerprint = t->fingerprint;
	if (names_len > 0)
	{
		char	   *p = RQ_NAMES(s);

		for (i = 0; i < t->ndims; i++)
		{
			RQ_WEIGHTS(s)[i] = t->weight[i];
			RQ_LENS(s)[i] = t->len[i];
			memcpy(p, t->name[i], t->len[i]);
			p += t->len[i];
		}
	}
	return s;
}

static void
rq_bad_state(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid relationship_quality state"),
			 errdetail("The state was not produced by this version of customer_rel.")));
}

/* The cheap checks every use of a state needs before touching its arrays. */
static void
rq_check_header(const RqState *s)
{
	if (VARSIZE(s) < sizeof(RqState) || s->magic != RQ_STATE_MAGIC ||
		s->ndims < 1 || s->ndims > CR_RQ_MAX_DIMS ||
		s->names_len < 0 || s->names_len > CR_RQ_MAX_DIMS * CR_RQ_NAME_MAX ||
		VARSIZE(s) != rq_state_size(s->ndims, s->names_len) || s->n_answers < 0)
		rq_bad_state();
}

/* A state argument as an aligned, 4-byte-header, private-or-owned pointer. */
static RqState *
rq_state_arg(FunctionCallInfo fcinfo, int argno)
{
	RqState    *s = (RqState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	if (((uintptr_t) s) % MAXIMUM_ALIGNOF != 0)
	{
		RqState    *copy = palloc(VARSIZE(s));

		memcpy(copy, s, VARSIZE(s));
		s = copy;
	}
	rq_check_header(s);
	return s;
}

/* The default instrument, built once per backend. */
static const CrRqTable *
rq_default_table(void)
{
	static CrRqTable deflt;
	static bool ready = false;

	if (!ready)
	{
		cr_rq_default_table(&deflt);
		ready = true;
	}
	return &deflt;
}

/* Rebuild the instrument stored in a state, checking every byte of it. */
static void
rq_state_table(const RqState *s, CrRqTable *t)
{
	int			i;

	if (s->names_len == 0)
	{
		*t = *rq_default_table();
		if (s->ndims != t->ndims)
			rq_bad_state();
	}
	else
	{
		const char *p = RQ_NAMES(s);
		int			used = 0;

		cr_rq_table_begin(t);
		t->ndims = s->ndims;
		for (i = 0; i < s->ndims; i++)
		{
			int			l = RQ_LENS(s)[i];
			double		w = RQ_WEIGHTS(s)[i];

			if (l < 1 || l > CR_RQ_NAME_MAX || used + l > s->names_len ||
				!isfinite(w) || w < 0)
				rq_bad_state();
			memcpy(t->name[i], p + used, l);
			t->name[i][l] = '\0';
			t->len[i] = (unsigned char) l;
			t->weight[i] = w;
			used += l;
		}
		if (used != s->names_len)
			rq_bad_state();
		t->fingerprint = cr_rq_table_fingerprint(t);
	}
	if (t->fingerprint != s->fingerprint)
		rq_bad_state();
	for (i = 0; i < s->ndims; i++)
		if (!cr_xsum_is_normal(RQ_SUMS(s) + 2 * i) || !isfinite(RQ_COUNTS(s)[i]) ||
			RQ_COUNTS(s)[i] < 0 || RQ_SUMS(s)[2 * i] < 0)
			rq_bad_state();
}

/* "a, b, c" of a table's names, for error details. */
static char *
rq_name_list(const CrRqTable *t)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	for (i = 0; i < t->ndims; i++)
		appendStringInfo(&buf, "%s%s", i ? ", " : "", t->name[i]);
	return buf.data;
}

/* ---- the weights argument ---- */

typedef struct RqCache
{
	CrRqTable	deflt;			/* the default instrument */
	CrRqTable	custom;			/* the last weights object parsed */
	char	   *custom_bytes;	/* its jsonb, to recognise it on the next row */
	Size		custom_size;
} RqCache;

static void
rq_weights_error(CrRqStatus st, const char *key)
{
	switch (st)
	{
		case CR_RQ_EMPTY_NAME:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weights must not have an empty dimension name"),
					 errdetail("The key supplied was \"%s\".", key)));
			break;
		case CR_RQ_NAME_TOO_LONG:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("dimension name in weights is longer than %d bytes", CR_RQ_NAME_MAX),
					 errdetail("The key supplied was \"%s\".", key)));
			break;
		case CR_RQ_DUPLICATE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("dimension \"%s\" appears twice in weights", key),
					 errdetail("Names are compared after trimming white space and folding to lower case.")));
			break;
		case CR_RQ_TOO_MANY:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("weights must not have more than %d dimensions", CR_RQ_MAX_DIMS)));
			break;
		case CR_RQ_BAD_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weight of dimension \"%s\" must be a non-negative finite number", key)));
			break;
		case CR_RQ_NO_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weights must not all be zero"),
					 errhint("Give at least one dimension a positive weight.")));
			break;
		case CR_RQ_NO_DIMENSIONS:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weights must name at least one dimension"),
					 errhint("Pass an object such as {\"trust\": 2, \"fairness\": 1}, or NULL for the default instrument.")));
			break;
		case CR_RQ_OK:
			break;
	}
}

/* Parse a weights object {"name": number, ...} into a table (22023 on anything else). */
static void
rq_parse_weights(Jsonb *jb, CrRqTable *t)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	char	   *key = NULL;

	if (!JB_ROOT_IS_OBJECT(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must be a JSON object of dimension names and numbers"),
				 errhint("Pass an object such as {\"trust\": 2, \"fairness\": 1}, or NULL for the default instrument.")));
	cr_rq_table_begin(t);
	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
			key = pnstrdup(v.val.string.val, v.val.string.len);
		else if (tok == WJB_VALUE)
		{
			double		w;

			if (v.type != jbvNumeric)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("weight of dimension \"%s\" must be a number", key)));
			w = DatumGetFloat8(DirectFunctionCall1(numeric_float8,
												   NumericGetDatum(v.val.numeric)));
			rq_weights_error(cr_rq_table_add(t, key, strlen(key), w), key);
		}
	}
	rq_weights_error(cr_rq_table_finish(t), "");
}

/* The instrument of this row: the default one, or the (cached) parse of its weights. */
static const CrRqTable *
rq_row_table(FunctionCallInfo fcinfo)
{
	RqCache    *c = (RqCache *) fcinfo->flinfo->fn_extra;
	Jsonb	   *jb;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(RqCache));
		cr_rq_default_table(&c->deflt);
		fcinfo->flinfo->fn_extra = c;
	}
	if (PG_NARGS() < 6 || PG_ARGISNULL(5))
		return &c->deflt;

	jb = PG_GETARG_JSONB_P(5);
	if (c->custom_bytes == NULL || c->custom_size != VARSIZE(jb) ||
		memcmp(c->custom_bytes, jb, VARSIZE(jb)) != 0)
	{
		CrRqTable	t;

		rq_parse_weights(jb, &t);
		if (c->custom_bytes)
			pfree(c->custom_bytes);
		c->custom_bytes = NULL;
		c->custom = t;
		c->custom_bytes = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, VARSIZE(jb));
		memcpy(c->custom_bytes, jb, VARSIZE(jb));
		c->custom_size = VARSIZE(jb);
	}
	return &c->custom;
}

static void
rq_mixed_weights(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("weights must be the same for every row of a group"),
			 errhint("Pass the weights as a constant, or group by the column that carries them.")));
}

PG_FUNCTION_INFO_V1(relationship_quality_trans);

/*
 * (state bytea, dimension text, score float8, scale_min float8, scale_max float8
 *  [, weights jsonb]) → bytea. Rows with a NULL dimension, score or scale bound are skipped.
 */
Datum
relationship_quality_trans(PG_FUNCTION_ARGS)
{
	RqState    *s;
	const CrRqTable *t;
	text	   *dim;
	double		score,
				lo,
				hi;
	int			idx;

	(void) cr_aggregate_context(fcinfo);

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	score = PG_GETARG_FLOAT8(2);
	lo = PG_GETARG_FLOAT8(3);
	hi = PG_GETARG_FLOAT8(4);
	cr_require_finite(score, "score");
	cr_require_finite(lo, "scale_min");
	cr_require_finite(hi, "scale_max");
	if (!(lo < hi))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scale_min must be less than scale_max"),
				 errdetail("The scale supplied was %g to %g.", lo, hi)));
	if (score < lo || score > hi)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("score must be between scale_min %g and scale_max %g", lo, hi),
				 errdetail("The value supplied was %g.", score)));

	t = rq_row_table(fcinfo);
	dim = PG_GETARG_TEXT_PP(1);
	idx = cr_rq_table_find(t, VARDATA_ANY(dim), VARSIZE_ANY_EXHDR(dim));
	if (idx < 0)
	{
		char		buf[CR_RQ_NAME_MAX + 1];
		int			l;

		if (cr_rq_normalize_name(VARDATA_ANY(dim), VARSIZE_ANY_EXHDR(dim), buf, &l) ==
			CR_RQ_EMPTY_NAME)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("dimension must not be empty")));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown relationship dimension \"%s\"", text_to_cstring(dim)),
				 t->is_default
				 ? errdetail("The valid dimensions are: %s.", rq_name_list(t))
				 : errdetail("The dimensions of the weights object are: %s.", rq_name_list(t)),
				 t->is_default
				 ? errhint("Names are compared after trimming white space and folding to lower case; pass a weights object to use dimensions of your own.")
				 : errhint("Names are compared after trimming white space and folding to lower case.")));
	}

	if (PG_ARGISNULL(0))
		s = rq_state_new(t);	/* nodeAgg copies it into the aggregate context */
	else
	{
		s = rq_state_arg(fcinfo, 0);
		if (s->fingerprint != t->fingerprint || s->ndims != t->ndims)
			rq_mixed_weights();
	}
	cr_xsum_add(RQ_SUMS(s) + 2 * idx, cr_rq_normalize_score(score, lo, hi));
	RQ_COUNTS(s)[idx] += 1;
	s->n_answers++;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(relationship_quality_combine);

/* (bytea, bytea) → bytea; not strict: a NULL side is an empty partial state. */
Datum
relationship_quality_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggctx;
	RqState    *a,
			   *b;
	CrRqTable	ta,
				tb;
	int			i;

	aggctx = cr_aggregate_context(fcinfo);
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = rq_state_arg(fcinfo, 1);
	rq_state_table(b, &tb);
	if (PG_ARGISNULL(0))
	{
		RqState    *copy = MemoryContextAlloc(aggctx, VARSIZE(b));

		memcpy(copy, b, VARSIZE(b));
		PG_RETURN_POINTER(copy);
	}
	a = rq_state_arg(fcinfo, 0);
	rq_state_table(a, &ta);
	if (ta.fingerprint != tb.fingerprint || ta.ndims != tb.ndims ||
		a->names_len != b->names_len ||
		(a->names_len > 0 && memcmp(RQ_WEIGHTS(a), RQ_WEIGHTS(b),
									VARSIZE(a) - ((char *) RQ_WEIGHTS(a) - (char *) a)) != 0))
		rq_mixed_weights();
	for (i = 0; i < a->ndims; i++)
	{
		cr_xsum_add_sum(RQ_SUMS(a) + 2 * i, RQ_SUMS(b) + 2 * i);
		RQ_COUNTS(a)[i] += RQ_COUNTS(b)[i];
	}
	a->n_answers += b->n_answers;
	PG_RETURN_POINTER(a);
}

/* jsonb building blocks (pushJsonbValue: no text to format and parse again). */
static void
push_key(JsonbParseState **ps, const char *key, int len)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) key;
	k.val.string.len = len;
	pushJsonbValue(ps, WJB_KEY, &k);
}

/*
 * A finite double as a jsonb number rounded to 12 decimals (means on the 0-100 scale, weights),
 * built from a scaled integer: float8_numeric formats and parses text, which made it most of
 * the cost of the final function.
 */
static void
push_number(JsonbParseState **ps, double v)
{
	JsonbValue	n;

	n.type = jbvNumeric;
	if (v == floor(v) && fabs(v) < 9007199254740992.0)
		n.val.numeric = int64_to_numeric((int64) v);
	else if (fabs(v) < 9e6)
	{
		int64		x = (int64) llround(v * 1e12);
		int			scale = 12;

		while (scale > 0 && x % 10 == 0)
		{
			x /= 10;
			scale--;
		}
		n.val.numeric = int64_div_fast_to_numeric(x, scale);
	}
	else
		n.val.numeric = DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(v)));
	pushJsonbValue(ps, WJB_VALUE, &n);
}

static void
push_null(JsonbParseState **ps)
{
	JsonbValue	n;

	n.type = jbvNull;
	pushJsonbValue(ps, WJB_VALUE, &n);
}

PG_FUNCTION_INFO_V1(relationship_quality_final);

/* bytea → cr_rq_profile (strict: an empty group gives NULL). */
Datum
relationship_quality_final(PG_FUNCTION_ARGS)
{
	RqState    *s = rq_state_arg(fcinfo, 0);
	CrRqTable	t;
	CrRqResult	r;
	TupleDesc	tupdesc;
	Datum		values[8];
	bool		nulls[8];
	JsonbParseState *ps = NULL;
	double		sums[CR_RQ_MAX_DIMS];
	int			i;

	rq_state_table(s, &t);
	if (s->n_answers == 0)
		PG_RETURN_NULL();
	for (i = 0; i < s->ndims; i++)
		sums[i] = cr_xsum_value(RQ_SUMS(s) + 2 * i);
	cr_rq_finish(&t, sums, RQ_COUNTS(s), &r);

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "relationship_quality_final: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	memset(nulls, 0, sizeof(nulls));

	values[0] = Float8GetDatum(r.index);
	nulls[0] = !r.has_index;
	values[1] = Int64GetDatum(s->n_answers);
	values[2] = Int32GetDatum(r.n_dimensions);
	values[3] = Float8GetDatum(r.coverage);
	if (r.weakest >= 0)
		values[4] = CStringGetTextDatum(t.name[r.weakest]);
	else
		nulls[4] = true;
	if (r.strongest >= 0)
		values[5] = CStringGetTextDatum(t.name[r.strongest]);
	else
		nulls[5] = true;

	/* {"trust": {"mean": 83.3, "n": 3, "weight": 1}, "respect": {"mean": null, "n": 0, ...}} */
	pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
	for (i = 0; i < t.ndims; i++)
	{
		double		n = RQ_COUNTS(s)[i];

		push_key(&ps, t.name[i], t.len[i]);
		pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
		push_key(&ps, "mean", 4);
		if (n > 0)
			push_number(&ps, sums[i] / n);
		else
			push_null(&ps);
		push_key(&ps, "n", 1);
		push_number(&ps, n);
		push_key(&ps, "weight", 6);
		push_number(&ps, t.weight[i]);
		pushJsonbValue(&ps, WJB_END_OBJECT, NULL);
	}
	values[6] = JsonbPGetDatum(JsonbValueToJsonb(pushJsonbValue(&ps, WJB_END_OBJECT, NULL)));

	if (r.has_index)
		nulls[7] = true;
	else
		values[7] = CStringGetTextDatum(psprintf("coverage %.2f is below the minimum %.2f: "
												 "%d of %d dimensions answered",
												 r.coverage, CR_RQ_MIN_COVERAGE,
												 r.n_dimensions, t.ndims));

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
