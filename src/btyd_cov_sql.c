/*
 * btyd_cov_sql.c — the SQL face of BG/NBD and Pareto/NBD with time-invariant customer
 * covariates (math in src/core/btyd_cov.c): the fitting aggregates
 *     bgnbd_fit(frequency, recency, t, purchase_covariates float8[], dropout_covariates float8[])
 *     pareto_nbd_fit(... the same ...)
 * over one shared collecting state, and the scoring functions p_alive / expected_purchases that
 * take the customer's covariates, compute its own parameters and call the plain model's scoring.
 *
 * The state holds every customer's row (x, t_x, T, z_p..., z_d...): customers with their own
 * covariates rarely coincide, so it does not collapse to a histogram as fit_state.c does. The
 * covariate counts are fixed by the first row. Serialized form (byte-order independent):
 *     uint8 version (1), uint8 kp + 1 (0: no row yet), uint8 kd + 1, int64 nrows,
 *     nrows * (3 + kp + kd) float8
 * The final function sorts the rows (covariates first) before fitting, so the groups of equal
 * covariates are adjacent and the sums run in one order whatever the plan: the same answer to the
 * last bit from serial and parallel plans.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "compat.h"
#include "agg_state.h"
#include "validate.h"
#include "btyd_sql.h"
#include "bgnbd.h"
#include "pareto_nbd.h"
#include "btyd_cov.h"
#include "runtime.h"

PG_FUNCTION_INFO_V1(btyd_cov_fit_trans);
PG_FUNCTION_INFO_V1(btyd_cov_fit_combine);
PG_FUNCTION_INFO_V1(bgnbd_cov_fit_final);
PG_FUNCTION_INFO_V1(pareto_nbd_cov_fit_final);
PG_FUNCTION_INFO_V1(bgnbd_cov_p_alive);
PG_FUNCTION_INFO_V1(bgnbd_cov_expected_purchases);
PG_FUNCTION_INFO_V1(pareto_nbd_cov_p_alive);
PG_FUNCTION_INFO_V1(pareto_nbd_cov_expected_purchases);

#define COV_STATE_VERSION 1
#define COV_STATE_HEADER_BYTES (1 + 1 + 1 + 8)


typedef struct CovState
{
	MemoryContext mcxt;
	int			kp;				/* -1 until the first row */
	int			kd;
	int64		nrows;
	int64		alloc;			/* rows */
	double	   *v;				/* nrows * (3 + kp + kd) */
} CovState;

static inline int
cov_width(const CovState *st)
{
	return 3 + st->kp + st->kd;
}

static CovState *
cov_state_new(MemoryContext mcxt)
{
	CovState   *st = MemoryContextAllocZero(mcxt, sizeof(CovState));

	st->mcxt = mcxt;
	st->kp = st->kd = -1;
	return st;
}

/* Fixes the covariate counts (first row), or checks them against those already fixed. */
static void
cov_state_shape(CovState *st, int kp, int kd)
{
	if (st->kp < 0)
	{
		if (kp + kd > CR_COV_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many covariates: %d purchase and %d dropout covariates", kp, kd),
					 errdetail("A fit takes at most %d covariates in all.", CR_COV_MAX),
					 errhint("Keep the covariates that matter, or combine categories.")));
		st->kp = kp;
		st->kd = kd;
		return;
	}
	cr_require_same_length(st->kp, kp, "purchase_covariates");
	cr_require_same_length(st->kd, kd, "dropout_covariates");
}

static double *
cov_state_append(CovState *st, int64 rows)
{
	int			width = cov_width(st);

	if (st->nrows + rows > st->alloc)
	{
		int64		alloc = Max(st->alloc * 2, Max(st->nrows + rows, 1024));
		Size		bytes = (Size) alloc * width * sizeof(double);

		if (alloc > MaxAllocHugeSize / ((Size) width * sizeof(double)))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many customers for a model fit with covariates")));
		if (st->v == NULL)
			st->v = MemoryContextAllocExtended(st->mcxt, bytes, MCXT_ALLOC_HUGE);
		else
			st->v = repalloc_huge(st->v, bytes);
		st->alloc = alloc;
	}
	st->nrows += rows;
	return st->v + (st->nrows - rows) * width;
}

/*
 * Transition of both fits: (state, frequency, recency, t, purchase_covariates,
 * dropout_covariates). A row with a NULL argument is skipped.
 */
Datum
btyd_cov_fit_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = cr_aggregate_context(fcinfo);
	CovState   *st = PG_ARGISNULL(0) ? cov_state_new(aggcontext) : (CovState *) PG_GETARG_POINTER(0);
	double		x,
				tx,
				T,
			   *zp,
			   *zd,
			   *row;
	int			kp,
				kd,
				i;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4) ||
		PG_ARGISNULL(5))
		PG_RETURN_POINTER(st);
	x = PG_GETARG_FLOAT8(1);
	tx = PG_GETARG_FLOAT8(2);
	T = PG_GETARG_FLOAT8(3);
	cr_btyd_check_customer(x, tx, T);
	zp = cr_float8_array(PG_GETARG_ARRAYTYPE_P(4), &kp, "purchase_covariates");
	zd = cr_float8_array(PG_GETARG_ARRAYTYPE_P(5), &kd, "dropout_covariates");
	cov_state_shape(st, kp, kd);
	row = cov_state_append(st, 1);
	row[0] = x;
	row[1] = tx;
	row[2] = T;
	/* -0.0 as 0, so that equal covariates are equal bit for bit in the sort and the groups */
	for (i = 0; i < kp; i++)
		row[3 + i] = zp[i] == 0 ? 0.0 : zp[i];
	for (i = 0; i < kd; i++)
		row[3 + kp + i] = zd[i] == 0 ? 0.0 : zd[i];
	pfree(zp);
	pfree(zd);
	PG_RETURN_POINTER(st);
}

/* Adds the rows of src to dst. */
static void
cov_state_merge(CovState *dst, const CovState *src)
{
	if (src->kp < 0)
		return;
	if (dst->kp >= 0 && (dst->kp != src->kp || dst->kd != src->kd))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("customers have different numbers of covariates"),
				 errdetail("Some have %d purchase and %d dropout covariates, others %d and %d.",
						   dst->kp, dst->kd, src->kp, src->kd)));
	cov_state_shape(dst, src->kp, src->kd);
	if (src->nrows > 0)
		memcpy(cov_state_append(dst, src->nrows), src->v,
			   sizeof(double) * src->nrows * cov_width(src));
}

Datum
btyd_cov_fit_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = cr_aggregate_context(fcinfo);
	CovState   *s1 = PG_ARGISNULL(0) ? NULL : (CovState *) PG_GETARG_POINTER(0);
	CovState   *s2 = PG_ARGISNULL(1) ? NULL : (CovState *) PG_GETARG_POINTER(1);

	if (s2 == NULL)
	{
		if (s1 == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(s1);
	}
	if (s1 == NULL)
		s1 = cov_state_new(aggcontext);	/* s2 may live in a shorter-lived context: copy */
	cov_state_merge(s1, s2);
	PG_RETURN_POINTER(s1);
}

static void
malformed(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("malformed covariate model-fit aggregate state"),
			 errdetail("%s", why)));
}

/* ---------------------------------------------------------------------------------------------
 * Fits
 */

/* Rows in ascending order of (covariates, x, t_x, T): groups of equal covariates adjacent. */
static int
row_cmp(const void *pa, const void *pb, void *arg)
{
	const double *a = pa,
			   *b = pb;
	int			width = *(const int *) arg,
				i;

	for (i = 3; i < width; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/*
 * 22023 when a covariate takes one value for every customer: its effect and the base
 * parameter it scales (alpha; a and b; beta) are then the same thing, not identified.
 */
static void
check_not_constant(const double *v, int64 n, int width, int col, const char *what, int index,
				   const char *scaled)
{
	int64		i;

	for (i = 1; i < n; i++)
		if (v[i * width + col] != v[col])
			return;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s %d is the same for every customer", what, index),
			 errdetail("It is %g for all " INT64_FORMAT " customers, so its effect cannot be told apart from %s.",
					   v[col], n, scaled),
			 errhint("Leave out covariates that do not vary; the constant is already in the model.")));
}

/*
 * The model composite (cr_bgnbd_cov_model, cr_pareto_nbd_cov_model, same layout): r, alpha,
 * a|s, b|beta, gamma_purchase, gamma_dropout, loglik, n, iterations, converged, se_r, se_alpha,
 * se_a|se_s, se_b|se_beta, se_gamma_purchase, se_gamma_dropout.
 */
static Datum
cov_model_tuple(FunctionCallInfo fcinfo, const CrCovFit *f, int kp, int kd, double n)
{
	TupleDesc	td = cr_btyd_result_tupdesc(fcinfo);
	Datum		values[16];
	bool		nulls[16];
	int			k;

	if (td->natts != 16)
		elog(ERROR, "covariate model type has %d attributes, expected 16", td->natts);
	memset(nulls, 0, sizeof(nulls));
	for (k = 0; k < 4; k++)
	{
		values[k] = Float8GetDatum(f->base[k]);
		values[10 + k] = Float8GetDatum(f->se_base[k]);
		nulls[10 + k] = !f->se_ok;
	}
	values[4] = PointerGetDatum(cr_float8_array_make(f->gp, kp));
	values[5] = PointerGetDatum(cr_float8_array_make(f->gd, kd));
	values[6] = Float8GetDatum(f->loglik);
	values[7] = Float8GetDatum(n);
	values[8] = Int32GetDatum(f->iterations);
	values[9] = BoolGetDatum(f->converged != 0);
	values[14] = PointerGetDatum(cr_float8_array_make(f->se_gp, kp));
	values[15] = PointerGetDatum(cr_float8_array_make(f->se_gd, kd));
	nulls[14] = nulls[15] = !f->se_ok;
	return HeapTupleGetDatum(heap_form_tuple(td, values, nulls));
}

static Datum
cov_fit_final(FunctionCallInfo fcinfo, CrCovModel model)
{
	const char *name = model == CR_COV_BGNBD ? "BG/NBD" : "Pareto/NBD";
	const char *const *names = model == CR_COV_BGNBD ? cr_bgnbd_param_names : cr_pareto_nbd_param_names;
	CovState   *st;
	int			width,
				kp,
				kd,
				j;
	int64		n,
				i;
	double	   *v,
			   *x,
			   *tx,
			   *T,
			   *w,
			   *zp,
			   *zd;
	CrCovData	data;
	CrCovFit	fit;

	(void) cr_aggregate_context(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (CovState *) PG_GETARG_POINTER(0);
	if (st->kp < 0 || st->nrows == 0)
		PG_RETURN_NULL();
	kp = st->kp;
	kd = st->kd;
	width = cov_width(st);
	n = st->nrows;

	/* a sorted copy: the final function does not modify the state */
	v = MemoryContextAllocExtended(CurrentMemoryContext, sizeof(double) * n * width,
								   MCXT_ALLOC_HUGE);
	memcpy(v, st->v, sizeof(double) * n * width);
	qsort_arg(v, n, sizeof(double) * width, row_cmp, &width);
	CHECK_FOR_INTERRUPTS();

	for (j = 0; j < kp; j++)
		check_not_constant(v, n, width, 3 + j, "purchase covariate", j + 1, "alpha");
	for (j = 0; j < kd; j++)
		check_not_constant(v, n, width, 3 + kp + j, "dropout covariate", j + 1,
						   model == CR_COV_BGNBD ? "a and b" : "beta");

	x = MemoryContextAllocExtended(CurrentMemoryContext, sizeof(double) * n, MCXT_ALLOC_HUGE);
	tx = MemoryContextAllocExtended(CurrentMemoryContext, sizeof(double) * n, MCXT_ALLOC_HUGE);
	T = MemoryContextAllocExtended(CurrentMemoryContext, sizeof(double) * n, MCXT_ALLOC_HUGE);
	w = MemoryContextAllocExtended(CurrentMemoryContext, sizeof(double) * n, MCXT_ALLOC_HUGE);
	zp = MemoryContextAllocExtended(CurrentMemoryContext, sizeof(double) * (n * kp + 1),
									MCXT_ALLOC_HUGE);
	zd = MemoryContextAllocExtended(CurrentMemoryContext, sizeof(double) * (n * kd + 1),
									MCXT_ALLOC_HUGE);
	for (i = 0; i < n; i++)
	{
		const double *row = v + i * width;

		if (CR_EVERY(i, 65536))
			CHECK_FOR_INTERRUPTS();
		x[i] = row[0];
		tx[i] = row[1];
		T[i] = row[2];
		w[i] = 1.0;
		for (j = 0; j < kp; j++)
			zp[i * kp + j] = row[3 + j];
		for (j = 0; j < kd; j++)
			zd[i * kd + j] = row[3 + kp + j];
	}
	pfree(v);

	if (cr_cov_data_init(&data, model, n, x, tx, T, w, kp, zp, kd, zd) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s fit with covariates cannot hold " INT64_FORMAT " customers in memory",
						name, n)));
	cr_btyd_check_fit_data(name, data.total_weight, data.repeat_weight);
	if (cr_cov_fit(&data, &fit) != 0)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	cr_cov_data_free(&data);

	if (!isfinite(fit.loglik))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s likelihood with covariates cannot be evaluated on this data", name),
				 errhint("Check the time unit of recency and t, and put the covariates on a scale of about one (standardise large numbers).")));
	if (!fit.converged)
	{
		/* a base parameter running off is named; an effect running off is a flat ridge */
		bool		base = fit.diverged >= 0 && fit.diverged < 4;

		cr_btyd_warn_not_converged(psprintf("%s with covariates", name), fit.status,
								   fit.iterations, base ? names[fit.diverged] : NULL,
								   base ? fit.base[fit.diverged] : 0,
								   fit.flat != 0 || fit.diverged >= 4);
	}
	PG_RETURN_DATUM(cov_model_tuple(fcinfo, &fit, kp, kd, (double) n));
}

Datum
bgnbd_cov_fit_final(PG_FUNCTION_ARGS)
{
	return cov_fit_final(fcinfo, CR_COV_BGNBD);
}

Datum
pareto_nbd_cov_fit_final(PG_FUNCTION_ARGS)
{
	return cov_fit_final(fcinfo, CR_COV_PARETO_NBD);
}

/* ---------------------------------------------------------------------------------------------
 * Scoring: the customer's own parameters, then the plain model's function
 */

/* An effects array of the model composite in argument 0 (22023 when NULL). */
static double *
model_effects(FunctionCallInfo fcinfo, const char *attname, const char *model, int *n)
{
	HeapTupleHeader t = PG_GETARG_HEAPTUPLEHEADER(0);
	bool		isnull;
	Datum		d = GetAttributeByName(t, attname, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s model with covariates has no %s", model, attname),
				 errhint("Pass a model returned by the fit with covariates.")));
	return cr_float8_array(DatumGetArrayTypeP(d), n, attname);
}

/*
 * The customer's own base parameters: model in argument 0, covariates in arguments zarg and
 * zarg + 1; the customer's summary from argument carg.
 */
static void
customer_params(FunctionCallInfo fcinfo, CrCovModel model, int carg, int zarg, double *own,
				CrCustomer *c)
{
	const char *name = model == CR_COV_BGNBD ? "BG/NBD" : "Pareto/NBD";
	const CrModelValues *m = cr_btyd_model_arg(fcinfo, 0, name, 4,
											   model == CR_COV_BGNBD ? cr_bgnbd_param_names : cr_pareto_nbd_param_names);
	double		base[4];
	double	   *gp,
			   *gd,
			   *zp,
			   *zd;
	int			kp,
				kd,
				np,
				nd;

	memcpy(base, m->param, sizeof(base));
	cr_btyd_customer_arg(fcinfo, carg, m, name, c);
	gp = model_effects(fcinfo, "gamma_purchase", name, &kp);
	gd = model_effects(fcinfo, "gamma_dropout", name, &kd);
	zp = cr_float8_array(PG_GETARG_ARRAYTYPE_P(zarg), &np, "purchase_covariates");
	zd = cr_float8_array(PG_GETARG_ARRAYTYPE_P(zarg + 1), &nd, "dropout_covariates");
	if (np != kp)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("purchase_covariates must have %d elements, like the model's gamma_purchase", kp),
				 errdetail("The array supplied has %d elements.", np)));
	if (nd != kd)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("dropout_covariates must have %d elements, like the model's gamma_dropout", kd),
				 errdetail("The array supplied has %d elements.", nd)));
	if (cr_cov_individual(model, base, kp, gp, zp, kd, gd, zd, own) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s parameters of this customer are out of range", name),
				 errdetail("The covariate effects scale a parameter beyond what a double holds."),
				 errhint("Check the covariates' scale: they should be the same as in the fit.")));
}

Datum
bgnbd_cov_p_alive(PG_FUNCTION_ARGS)
{
	double		own[4];
	CrCustomer	c;
	CrBgnbdParams p;

	customer_params(fcinfo, CR_COV_BGNBD, 1, 4, own, &c);
	p.r = own[0];
	p.alpha = own[1];
	p.a = own[2];
	p.b = own[3];
	return cr_btyd_finite_result(cr_bgnbd_p_alive_variant(CR_BGNBD, &p, c.frequency, c.recency,
														  c.t), "BG/NBD", "P(alive)");
}

Datum
bgnbd_cov_expected_purchases(PG_FUNCTION_ARGS)
{
	double		own[4],
				h;
	CrCustomer	c;
	CrBgnbdParams p;

	customer_params(fcinfo, CR_COV_BGNBD, 2, 5, own, &c);
	h = PG_GETARG_FLOAT8(1);
	cr_require_nonnegative(h, "horizon");
	p.r = own[0];
	p.alpha = own[1];
	p.a = own[2];
	p.b = own[3];
	return cr_btyd_finite_result(cr_bgnbd_expected_variant(CR_BGNBD, &p, h, c.frequency,
														   c.recency, c.t),
								 "BG/NBD", "expected purchases");
}

Datum
pareto_nbd_cov_p_alive(PG_FUNCTION_ARGS)
{
	double		own[4];
	CrCustomer	c;
	CrParetoNbdParams p;

	customer_params(fcinfo, CR_COV_PARETO_NBD, 1, 4, own, &c);
	p.r = own[0];
	p.alpha = own[1];
	p.s = own[2];
	p.beta = own[3];
	return cr_btyd_finite_result(cr_pareto_nbd_p_alive(&p, c.frequency, c.recency, c.t),
								 "Pareto/NBD", "P(alive)");
}

Datum
pareto_nbd_cov_expected_purchases(PG_FUNCTION_ARGS)
{
	double		own[4],
				h;
	CrCustomer	c;
	CrParetoNbdParams p;

	customer_params(fcinfo, CR_COV_PARETO_NBD, 2, 5, own, &c);
	h = PG_GETARG_FLOAT8(1);
	cr_require_nonnegative(h, "horizon");
	p.r = own[0];
	p.alpha = own[1];
	p.s = own[2];
	p.beta = own[3];
	return cr_btyd_finite_result(cr_pareto_nbd_expected(&p, h, c.frequency, c.recency, c.t),
								 "Pareto/NBD", "expected purchases");
}

/* ---------------------------------------------------------------------------------------------
 * The SQL type cr_cov_fit_state (agg_state.h). Flat form: version byte, kp + 1, kd + 1 (0 when
 * no row was seen), int64 rows, then each row's x, t_x, T and covariates as float8, the rows in
 * ascending order (row_cmp), so that the same customers give the same bytes in any plan.
 */
static bytea *
cov_type_encode(void *state, uint8 tag)
{
	const CovState *st = (const CovState *) state;
	StringInfoData buf;
	int64		i,
				nvals;
	int			width;
	double	   *v = NULL;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, COV_STATE_VERSION);
	pq_sendbyte(&buf, (uint8) (st->kp + 1));
	pq_sendbyte(&buf, (uint8) (st->kd + 1));
	pq_sendint64(&buf, st->nrows);
	nvals = st->kp < 0 ? 0 : st->nrows * cov_width(st);
	if (nvals > 0)
	{
		width = cov_width(st);
		v = palloc_extended(sizeof(double) * nvals, MCXT_ALLOC_HUGE);
		memcpy(v, st->v, sizeof(double) * nvals);
		qsort_arg(v, st->nrows, sizeof(double) * width, row_cmp, &width);
	}
	for (i = 0; i < nvals; i++)
	{
		if (CR_EVERY(i, 65536))
			CHECK_FOR_INTERRUPTS();
		pq_sendfloat8(&buf, v[i]);
	}
	if (v)
		pfree(v);
	return pq_endtypsend(&buf);
}

static void *
cov_type_decode(bytea *b, MemoryContext mcxt, bool validate, uint8 *tag)
{
	StringInfoData buf;
	CovState   *st;
	int			kp,
				kd;
	int64		nrows,
				i,
				nvals;

	*tag = 0;
	buf.data = VARDATA_ANY(b);
	buf.len = VARSIZE_ANY_EXHDR(b);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (buf.len < COV_STATE_HEADER_BYTES)
		malformed("It is shorter than its header.");
	if (pq_getmsgbyte(&buf) != COV_STATE_VERSION)
		malformed("Its format version is unknown.");
	kp = pq_getmsgbyte(&buf) - 1;
	kd = pq_getmsgbyte(&buf) - 1;
	nrows = pq_getmsgint64(&buf);
	if (kp < -1 || kd < -1 || (kp < 0) != (kd < 0) || kp + kd > CR_COV_MAX)
		malformed("Its covariate counts are invalid.");
	if (nrows < 0 || (kp < 0 && nrows != 0) ||
		(kp >= 0 && (int64) (buf.len - buf.cursor) / (8 * (3 + kp + kd)) != nrows) ||
		(kp >= 0 && (buf.len - buf.cursor) % (8 * (3 + kp + kd)) != 0))
		malformed("Its length does not match its header.");
	st = cov_state_new(mcxt);
	if (kp < 0)
	{
		pq_getmsgend(&buf);
		return st;
	}
	cov_state_shape(st, kp, kd);
	nvals = nrows * (3 + kp + kd);
	if (nrows > 0)
	{
		double	   *v = cov_state_append(st, nrows);

		for (i = 0; i < nvals; i++)
		{
			if (CR_EVERY(i, 65536))
				CHECK_FOR_INTERRUPTS();
			v[i] = pq_getmsgfloat8(&buf);
			if (!isfinite(v[i]))
				malformed("A value is not a finite number.");
		}
		/* every customer as the transition checks it */
		for (i = 0; validate && i < nrows; i++)
			cr_btyd_check_customer(v[i * (3 + kp + kd)], v[i * (3 + kp + kd) + 1],
								   v[i * (3 + kp + kd) + 2]);
	}
	pq_getmsgend(&buf);
	return st;
}

const CrAggStateType cr_cov_fit_state_type = {
	.name = "cr_cov_fit_state",
	.encode = cov_type_encode,
	.decode = cov_type_decode,
};
