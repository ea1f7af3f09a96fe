/*
 * btyd_diagnostics_sql.c — the SQL face of model diagnostics and prediction intervals: the
 * cr_fit_diagnostics composite (built by every family's *_fit_diagnostics final function), the
 * per-customer log-likelihood, conditional purchase probabilities and DERT of BG/NBD and
 * MBG/NBD, and the intervals around expected purchases (parameter uncertainty, delta method) and
 * around the purchase count itself (predictive). The math is in src/core/btyd_diagnostics.c and
 * src/core/intervals.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "compat.h"
#include "validate.h"
#include "btyd_sql.h"
#include "btyd_diagnostics_sql.h"
#include "bgnbd.h"
#include "btyd_diagnostics.h"
#include "intervals.h"
#include "clv.h"
#include "gamma_gamma.h"
#include "pareto_nbd.h"

PG_FUNCTION_INFO_V1(bgnbd_aic);
PG_FUNCTION_INFO_V1(bgnbd_bic);
PG_FUNCTION_INFO_V1(mbgnbd_aic);
PG_FUNCTION_INFO_V1(mbgnbd_bic);
PG_FUNCTION_INFO_V1(pareto_nbd_aic);
PG_FUNCTION_INFO_V1(pareto_nbd_bic);
PG_FUNCTION_INFO_V1(bgbb_aic);
PG_FUNCTION_INFO_V1(bgbb_bic);
PG_FUNCTION_INFO_V1(gamma_gamma_aic);
PG_FUNCTION_INFO_V1(gamma_gamma_bic);
PG_FUNCTION_INFO_V1(sbg_aic);
PG_FUNCTION_INFO_V1(sbg_bic);
PG_FUNCTION_INFO_V1(bgnbd_loglik);
PG_FUNCTION_INFO_V1(mbgnbd_loglik);
PG_FUNCTION_INFO_V1(bgnbd_probability_of_purchases_cond);
PG_FUNCTION_INFO_V1(mbgnbd_probability_of_purchases_cond);
PG_FUNCTION_INFO_V1(bgnbd_dert);
PG_FUNCTION_INFO_V1(mbgnbd_dert);
PG_FUNCTION_INFO_V1(bgnbd_expected_purchases_interval);
PG_FUNCTION_INFO_V1(mbgnbd_expected_purchases_interval);
PG_FUNCTION_INFO_V1(pareto_nbd_expected_purchases_interval);
PG_FUNCTION_INFO_V1(bgnbd_clv_interval);
PG_FUNCTION_INFO_V1(mbgnbd_clv_interval);
PG_FUNCTION_INFO_V1(pareto_nbd_clv_interval);
PG_FUNCTION_INFO_V1(bgnbd_purchases_predictive_interval);
PG_FUNCTION_INFO_V1(mbgnbd_purchases_predictive_interval);
PG_FUNCTION_INFO_V1(pareto_nbd_purchases_predictive_interval);

/* A predictive interval searches the purchase counts up to this (then 22003). */
#define PREDICTIVE_MAX_N INT64CONST(1000000)


static const char *
variant_family(CrBgnbdVariant v)
{
	return v == CR_MBGNBD ? "mbgnbd" : "bgnbd";
}

/* ---------------------------------------------------------------------------------------- */
/* The diagnostics composite */

Datum
cr_fit_diagnostics_tuple(FunctionCallInfo fcinfo, const CrDiagOut *d)
{
	TupleDesc	td = cr_btyd_result_tupdesc(fcinfo);
	Datum		values[13];
	bool		nulls[13];
	Datum		names[CR_DIAG_MAX_PARAMS];
	double		cov[CR_DIAG_MAX_PARAMS * CR_DIAG_MAX_PARAMS],
				corr[CR_DIAG_MAX_PARAMS * CR_DIAG_MAX_PARAMS],
				se[CR_DIAG_MAX_PARAMS];
	bool		cov_ok;
	int			i;

	Assert(d->k >= 1 && d->k <= CR_DIAG_MAX_PARAMS);
	if (td->natts != 13)
		elog(ERROR, "cr_fit_diagnostics has %d attributes, expected 13", td->natts);
	cov_ok = d->converged && d->logcov != NULL &&
		cr_diag_natural_covariance(d->k, d->param, d->logcov, cov, corr) == 0;
	for (i = 0; cov_ok && i < d->k; i++)
		se[i] = sqrt(cov[i * d->k + i]);
	for (i = 0; i < d->k; i++)
		names[i] = CStringGetTextDatum(d->names[i]);

	memset(nulls, 0, sizeof(nulls));
	values[0] = CStringGetTextDatum(d->family);
	values[1] = PointerGetDatum(construct_array(names, d->k, TEXTOID, -1, false, TYPALIGN_INT));
	values[2] = PointerGetDatum(cr_float8_array_make(d->param, d->k));
	if (cov_ok)
	{
		values[3] = PointerGetDatum(cr_float8_array_make(se, d->k));
		values[4] = PointerGetDatum(cr_float8_matrix_make(cov, d->k));
		values[5] = PointerGetDatum(cr_float8_matrix_make(corr, d->k));
	}
	else
		nulls[3] = nulls[4] = nulls[5] = true;
	values[6] = Float8GetDatum(d->loglik);
	values[7] = Int32GetDatum(d->k);
	values[8] = Float8GetDatum(d->n);
	values[9] = Float8GetDatum(cr_diag_aic(d->loglik, d->k));
	values[10] = Float8GetDatum(cr_diag_bic(d->loglik, d->k, d->n));
	values[11] = Int32GetDatum(d->iterations);
	values[12] = BoolGetDatum(d->converged);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}

/*
 * The estimates and the covariance of their logs from a cr_fit_diagnostics in argument argno,
 * which must be of the family and carry a covariance (22023 otherwise).
 */
static void
diagnostics_arg(FunctionCallInfo fcinfo, int argno, const char *family, int k, double *theta,
				double *logcov)
{
	HeapTupleHeader th = PG_GETARG_HEAPTUPLEHEADER(argno);
	bool		isnull;
	Datum		fam = GetAttributeByName(th, "model", &isnull);
	Datum		est,
				cov;
	double	   *ev,
			   *cv;
	int			n,
				i,
				j;
	ArrayType  *ca;

	if (isnull || strcmp(TextDatumGetCString(fam), family) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("diagnostics must be of a %s fit", family),
				 errdetail("The diagnostics supplied are of model \"%s\".",
						   isnull ? "NULL" : TextDatumGetCString(fam)),
				 errhint("Pass the result of %s_fit_diagnostics.", family)));
	est = GetAttributeByName(th, "estimates", &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("diagnostics estimates must not be NULL")));
	ev = cr_float8_array(DatumGetArrayTypeP(est), &n, "diagnostics estimates");
	if (n != k)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("diagnostics estimates must have %d elements", k),
				 errdetail("The array supplied has %d elements.", n)));
	for (i = 0; i < k; i++)
		cr_require_positive(ev[i], "diagnostics estimate");
	cov = GetAttributeByName(th, "covariance", &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("diagnostics have no covariance"),
				 errdetail("The fit did not converge to an identified maximum, so its parameters have no asymptotic covariance."),
				 errhint("Use the point prediction, or fit on more data.")));
	ca = DatumGetArrayTypeP(cov);
	if (ARR_NDIM(ca) != 2 || ARR_DIMS(ca)[0] != k || ARR_DIMS(ca)[1] != k)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("diagnostics covariance must be a %d x %d matrix", k, k),
				 errdetail("The array supplied has %d dimensions.", ARR_NDIM(ca))));
	if (ARR_ELEMTYPE(ca) != FLOAT8OID)
		elog(ERROR, "diagnostics covariance is not a float8 array");
	{
		Datum	   *elems;
		bool	   *enulls;

		deconstruct_array(ca, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
						  &elems, &enulls, &n);
		cv = palloc(sizeof(double) * n);
		for (i = 0; i < n; i++)
		{
			if (enulls[i])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("diagnostics covariance must not contain NULL values")));
			cv[i] = DatumGetFloat8(elems[i]);
		}
	}
	for (i = 0; i < k; i++)
	{
		theta[i] = ev[i];
		cr_require_positive(cv[i * k + i], "diagnostics variance");
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
		{
			cr_require_finite(cv[i * k + j], "diagnostics covariance");
			/* back to the log scale the fit used: cov(log a, log b) = cov(a, b) / (a b) */
			logcov[i * k + j] = cv[i * k + j] / (ev[i] * ev[j]);
		}
}

static Datum
interval_tuple(FunctionCallInfo fcinfo, double estimate, double lower, double upper, double level)
{
	TupleDesc	td = cr_btyd_result_tupdesc(fcinfo);
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	values[0] = Float8GetDatum(estimate);
	values[1] = Float8GetDatum(lower);
	values[2] = Float8GetDatum(upper);
	values[3] = Float8GetDatum(level);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}

static Datum
count_interval_tuple(FunctionCallInfo fcinfo, int64 lower, int64 upper, double coverage,
					 double level)
{
	TupleDesc	td = cr_btyd_result_tupdesc(fcinfo);
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	values[0] = Int64GetDatum(lower);
	values[1] = Int64GetDatum(upper);
	values[2] = Float8GetDatum(coverage);
	values[3] = Float8GetDatum(level);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}

/* ---------------------------------------------------------------------------------------- */
/* AIC and BIC of a stored model: its own loglik and n, k fixed per family */

static Datum
information_criterion(FunctionCallInfo fcinfo, int k, bool bic)
{
	HeapTupleHeader th = PG_GETARG_HEAPTUPLEHEADER(0);
	bool		null_ll,
				null_n;
	Datum		ll = GetAttributeByName(th, "loglik", &null_ll);
	Datum		n = GetAttributeByName(th, "n", &null_n);
	double		v;

	/* a model built by hand has no loglik */
	if (null_ll || (bic && null_n))
		PG_RETURN_NULL();
	cr_require_finite(DatumGetFloat8(ll), "loglik");
	if (bic)
	{
		cr_require_positive(DatumGetFloat8(n), "n");
		v = cr_diag_bic(DatumGetFloat8(ll), k, DatumGetFloat8(n));
	}
	else
		v = cr_diag_aic(DatumGetFloat8(ll), k);
	PG_RETURN_FLOAT8(v);
}

Datum
bgnbd_aic(PG_FUNCTION_ARGS)
{
	return information_criterion(fcinfo, 4, false);
}

Datum
bgnbd_bic(PG_FUNCTION_ARGS)
{
	return information_criterion(fcinfo, 4, true);
}

Datum
mbgnbd_aic(PG_FUNCTION_ARGS)
{
	return information_criterion(fcinfo, 4, false);
}

Datum
mbgnbd_bic(PG_FUNCTION_ARGS)
{
	return information_criterion(fcinfo, 4, true);
}

Datum
pareto_nbd_aic(PG_FUNCTION_ARGS)
{
	return information_criterion(fcinfo, 4, false);
}

Datum
pareto_nbd_bic(PG_FUNCTION_ARGS)
{
	return information_criterion(fcinfo, 4, true);
}

Datum
bgbb_aic(PG_FUNCTION_ARGS)
{
	return information_criterion(fcinfo, 4, false);
}

Datum
bgbb_bic(PG_FUNCTION_ARGS)
{
	return information_criterion(fcinfo, 4, true);
}

Datum
gamma_gamma_aic(PG_FUNCTION_ARGS)
{
	return information_criterion(fcinfo, 3, false);
}

Datum
gamma_gamma_bic(PG_FUNCTION_ARGS)
{
	return information_criterion(fcinfo, 3, true);
}

Datum
sbg_aic(PG_FUNCTION_ARGS)
{
	return information_criterion(fcinfo, 2, false);
}

Datum
sbg_bic(PG_FUNCTION_ARGS)
{
	return information_criterion(fcinfo, 2, true);
}

/* ---------------------------------------------------------------------------------------- */
/* BG/NBD and MBG/NBD: one customer's log-likelihood, conditional P(X = n), DERT */

/* (model, frequency, recency, t) or (model, summary) */
static Datum
loglik_common(FunctionCallInfo fcinfo, CrBgnbdVariant v)
{
	CrBgnbdParams p;
	const CrModelValues *m = cr_bgnbd_model_arg(fcinfo, 0, v, &p);
	CrCustomer	c;

	cr_btyd_customer_arg(fcinfo, 1, m, cr_bgnbd_variant_name(v), &c);
	return cr_btyd_finite_result(cr_bgnbd_loglik_variant(v, &p, c.frequency, c.recency, c.t),
								 cr_bgnbd_variant_name(v), "log-likelihood");
}

Datum
bgnbd_loglik(PG_FUNCTION_ARGS)
{
	return loglik_common(fcinfo, CR_BGNBD);
}

Datum
mbgnbd_loglik(PG_FUNCTION_ARGS)
{
	return loglik_common(fcinfo, CR_MBGNBD);
}

/* (model, horizon, n_purchases, frequency, recency, t) or (model, horizon interval, n_purchases, summary) */
static Datum
prob_cond_common(FunctionCallInfo fcinfo, CrBgnbdVariant v)
{
	CrBgnbdParams p;
	const CrModelValues *m = cr_bgnbd_model_arg(fcinfo, 0, v, &p);
	double		h = cr_btyd_time_arg(fcinfo, 1, m, cr_bgnbd_variant_name(v), "horizon");
	int64		n = PG_GETARG_INT64(2);
	CrCustomer	c;

	cr_require_int_range(n, 0, INT64CONST(1000000000), "n_purchases");
	cr_btyd_customer_arg(fcinfo, 3, m, cr_bgnbd_variant_name(v), &c);
	return cr_btyd_finite_result(cr_bgnbd_prob_purchases_cond_variant(v, &p, h, n, c.frequency,
																	  c.recency, c.t),
								 cr_bgnbd_variant_name(v), "probability of purchases");
}

Datum
bgnbd_probability_of_purchases_cond(PG_FUNCTION_ARGS)
{
	return prob_cond_common(fcinfo, CR_BGNBD);
}

Datum
mbgnbd_probability_of_purchases_cond(PG_FUNCTION_ARGS)
{
	return prob_cond_common(fcinfo, CR_MBGNBD);
}

/*
 * (model, frequency, recency, t, discount_rate) or (model, summary, discount_rate); the discount
 * rate per time unit, compounded once a unit, becomes the continuous delta = ln(1 + rate), as in
 * pareto_nbd_dert.
 */
static Datum
dert_common(FunctionCallInfo fcinfo, CrBgnbdVariant v)
{
	CrBgnbdParams p;
	const CrModelValues *m = cr_bgnbd_model_arg(fcinfo, 0, v, &p);
	bool		summary = cr_btyd_arg_is_summary(fcinfo, 1);
	double		d = PG_GETARG_FLOAT8(summary ? 2 : 4);
	CrCustomer	c;

	cr_btyd_customer_arg(fcinfo, 1, m, cr_bgnbd_variant_name(v), &c);
	cr_require_positive(d, "discount_rate");
	return cr_btyd_finite_result(cr_bgnbd_dert_variant(v, &p, c.frequency, c.recency, c.t,
													   log1p(d)),
								 cr_bgnbd_variant_name(v), "DERT");
}

Datum
bgnbd_dert(PG_FUNCTION_ARGS)
{
	return dert_common(fcinfo, CR_BGNBD);
}

Datum
mbgnbd_dert(PG_FUNCTION_ARGS)
{
	return dert_common(fcinfo, CR_MBGNBD);
}

/* ---------------------------------------------------------------------------------------- */
/* Intervals of expected purchases: parameter uncertainty by the delta method */

typedef struct ExpectedCtx
{
	bool		pareto;
	CrBgnbdVariant v;
	double		h,
				x,
				tx,
				T;
} ExpectedCtx;

/* expected purchases at log parameters lx */
static double
expected_at(const double *lx, void *vctx)
{
	const ExpectedCtx *c = vctx;

	if (c->pareto)
	{
		CrParetoNbdParams p = {exp(lx[0]), exp(lx[1]), exp(lx[2]), exp(lx[3])};

		return cr_pareto_nbd_expected(&p, c->h, c->x, c->tx, c->T);
	}
	else
	{
		CrBgnbdParams p = {exp(lx[0]), exp(lx[1]), exp(lx[2]), exp(lx[3])};

		return cr_bgnbd_expected_variant(c->v, &p, c->h, c->x, c->tx, c->T);
	}
}

/* (diagnostics, horizon, frequency, recency, t, level) */
static Datum
expected_interval_common(FunctionCallInfo fcinfo, bool pareto, CrBgnbdVariant v)
{
	const char *family = pareto ? "pareto_nbd" : variant_family(v);
	const char *model = pareto ? "Pareto/NBD" : cr_bgnbd_variant_name(v);
	double		theta[4],
				logcov[16],
				lx[4],
				level = PG_GETARG_FLOAT8(5),
				est,
				lo,
				hi;
	ExpectedCtx c;
	int			i;

	diagnostics_arg(fcinfo, 0, family, 4, theta, logcov);
	c.pareto = pareto;
	c.v = v;
	c.h = PG_GETARG_FLOAT8(1);
	c.x = PG_GETARG_FLOAT8(2);
	c.tx = PG_GETARG_FLOAT8(3);
	c.T = PG_GETARG_FLOAT8(4);
	cr_require_nonnegative(c.h, "horizon");
	cr_btyd_check_customer(c.x, c.tx, c.T);
	cr_require_open_range(level, 0, 1, "level");
	for (i = 0; i < 4; i++)
		lx[i] = log(theta[i]);
	if (cr_delta_log_interval(expected_at, &c, 4, lx, logcov, level, &est, &lo, &hi) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s expected purchases interval cannot be computed for this customer", model),
				 errdetail("The prediction or its gradient is not finite, or the covariance is not positive semi-definite.")));
	return interval_tuple(fcinfo, est, lo, hi, level);
}

Datum
bgnbd_expected_purchases_interval(PG_FUNCTION_ARGS)
{
	return expected_interval_common(fcinfo, false, CR_BGNBD);
}

Datum
mbgnbd_expected_purchases_interval(PG_FUNCTION_ARGS)
{
	return expected_interval_common(fcinfo, false, CR_MBGNBD);
}

Datum
pareto_nbd_expected_purchases_interval(PG_FUNCTION_ARGS)
{
	return expected_interval_common(fcinfo, true, CR_BGNBD);
}

/*
 * CLV intervals: the purchase model's 4 log-parameters and Gamma-Gamma's 3 together. The two
 * likelihoods share no parameter (spend is independent of transactions in the model), so the
 * joint covariance is block-diagonal: each block from its own fit's diagnostics.
 */
typedef struct ClvIntervalCtx
{
	bool		pareto;
	CrBgnbdVariant v;
	double		x,
				tx,
				T,
				monetary,
				L,
				d;
	int			periods;
} ClvIntervalCtx;

static double
clv_at(const double *lx, void *vctx)
{
	const ClvIntervalCtx *c = vctx;
	CrGammaGammaParams g = {exp(lx[4]), exp(lx[5]), exp(lx[6])};
	double		spend = cr_gamma_gamma_expected_spend(&g, c->x, c->monetary);

	if (!(spend > 0) || !isfinite(spend))
		return NAN;
	if (c->pareto)
	{
		CrParetoNbdParams p = {exp(lx[0]), exp(lx[1]), exp(lx[2]), exp(lx[3])};

		return cr_pareto_nbd_clv(&p, c->x, c->tx, c->T, spend, c->periods, c->L, c->d);
	}
	else
	{
		CrBgnbdParams p = {exp(lx[0]), exp(lx[1]), exp(lx[2]), exp(lx[3])};

		return cr_bgnbd_clv_variant(c->v, &p, c->x, c->tx, c->T, spend, c->periods, c->L, c->d);
	}
}

/*
 * (diagnostics, spend_diagnostics, frequency, recency, t, monetary, periods, period_length,
 * discount_rate, level)
 */
static Datum
clv_interval_common(FunctionCallInfo fcinfo, bool pareto, CrBgnbdVariant v)
{
	const char *family = pareto ? "pareto_nbd" : variant_family(v);
	const char *model = pareto ? "Pareto/NBD" : cr_bgnbd_variant_name(v);
	double		theta[4],
				gtheta[3],
				cov4[16],
				cov3[9],
				lx[7],
				logcov[49],
				level = PG_GETARG_FLOAT8(9),
				est,
				lo,
				hi;
	ClvIntervalCtx c;
	int			i,
				j;

	diagnostics_arg(fcinfo, 0, family, 4, theta, cov4);
	diagnostics_arg(fcinfo, 1, "gamma_gamma", 3, gtheta, cov3);
	c.pareto = pareto;
	c.v = v;
	c.x = PG_GETARG_FLOAT8(2);
	c.tx = PG_GETARG_FLOAT8(3);
	c.T = PG_GETARG_FLOAT8(4);
	c.monetary = PG_GETARG_FLOAT8(5);
	c.periods = PG_GETARG_INT32(6);
	c.L = PG_GETARG_FLOAT8(7);
	c.d = PG_GETARG_FLOAT8(8);
	cr_btyd_check_customer(c.x, c.tx, c.T);
	cr_require_finite(c.monetary, "monetary");
	if (c.x > 0)
		cr_require_positive(c.monetary, "monetary");
	else if (!(gtheta[1] > 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("Gamma-Gamma model with q <= 1 has no mean spend for customers without repeat purchases"),
				 errdetail("The model has q = %g; the population mean spend p v / (q - 1) exists only for q > 1.", gtheta[1])));
	cr_require_int_range(c.periods, 1, CR_CLV_MAX_PERIODS, "periods");
	cr_require_positive(c.L, "period_length");
	cr_require_nonnegative(c.d, "discount_rate");
	cr_require_open_range(level, 0, 1, "level");
	for (i = 0; i < 49; i++)
		logcov[i] = 0;
	for (i = 0; i < 4; i++)
	{
		lx[i] = log(theta[i]);
		for (j = 0; j < 4; j++)
			logcov[i * 7 + j] = cov4[i * 4 + j];
	}
	for (i = 0; i < 3; i++)
	{
		lx[4 + i] = log(gtheta[i]);
		for (j = 0; j < 3; j++)
			logcov[(4 + i) * 7 + 4 + j] = cov3[i * 3 + j];
	}
	if (cr_delta_log_interval(clv_at, &c, 7, lx, logcov, level, &est, &lo, &hi) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s CLV interval cannot be computed for this customer", model),
				 errdetail("The prediction or its gradient is not finite, or the covariance is not positive semi-definite.")));
	return interval_tuple(fcinfo, est, lo, hi, level);
}

Datum
bgnbd_clv_interval(PG_FUNCTION_ARGS)
{
	return clv_interval_common(fcinfo, false, CR_BGNBD);
}

Datum
mbgnbd_clv_interval(PG_FUNCTION_ARGS)
{
	return clv_interval_common(fcinfo, false, CR_MBGNBD);
}

Datum
pareto_nbd_clv_interval(PG_FUNCTION_ARGS)
{
	return clv_interval_common(fcinfo, true, CR_BGNBD);
}

/* ---------------------------------------------------------------------------------------- */
/* Predictive intervals of the purchase count */

typedef struct PmfCtx
{
	bool		pareto;
	CrBgnbdVariant v;
	CrBgnbdParams bp;
	CrParetoNbdParams pp;
	double		h,
				x,
				tx,
				T;
} PmfCtx;

static double
pmf_at(int64_t n, void *vctx)
{
	const PmfCtx *c = vctx;

	if (c->pareto)
		return cr_pareto_nbd_prob_purchases(&c->pp, c->h, (double) n, c->x, c->tx, c->T);
	return cr_bgnbd_prob_purchases_cond_variant(c->v, &c->bp, c->h, n, c->x, c->tx, c->T);
}

/* (model, horizon, frequency, recency, t, level) */
static Datum
predictive_common(FunctionCallInfo fcinfo, bool pareto, CrBgnbdVariant v)
{
	const char *model = pareto ? "Pareto/NBD" : cr_bgnbd_variant_name(v);
	const CrModelValues *m = cr_btyd_model_arg(fcinfo, 0, model, 4,
											   pareto ? cr_pareto_nbd_param_names : cr_bgnbd_param_names);
	double		level = PG_GETARG_FLOAT8(5),
				coverage = 0;
	int64_t		lo = 0,
				hi = 0;
	CrCustomer	cu;
	PmfCtx		c;
	int			rc;

	memset(&c, 0, sizeof(c));
	c.pareto = pareto;
	c.v = v;
	c.bp.r = c.pp.r = m->param[0];
	c.bp.alpha = c.pp.alpha = m->param[1];
	c.bp.a = c.pp.s = m->param[2];
	c.bp.b = c.pp.beta = m->param[3];
	c.h = cr_btyd_time_arg(fcinfo, 1, m, model, "horizon");
	cr_btyd_customer_arg(fcinfo, 2, m, model, &cu);
	c.x = cu.frequency;
	c.tx = cu.recency;
	c.T = cu.t;
	cr_require_open_range(level, 0, 1, "level");
	rc = cr_count_interval(pmf_at, &c, level, PREDICTIVE_MAX_N, &lo, &hi, &coverage);
	if (rc == -2)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s predictive interval needs more than " INT64_FORMAT " purchases", model,
						PREDICTIVE_MAX_N),
				 errhint("Check the time unit of horizon: it is in the model's unit.")));
	if (rc != 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s probability of purchases cannot be computed for this customer", model)));
	return count_interval_tuple(fcinfo, lo, hi, coverage, level);
}

Datum
bgnbd_purchases_predictive_interval(PG_FUNCTION_ARGS)
{
	return predictive_common(fcinfo, false, CR_BGNBD);
}

Datum
mbgnbd_purchases_predictive_interval(PG_FUNCTION_ARGS)
{
	return predictive_common(fcinfo, false, CR_MBGNBD);
}

Datum
pareto_nbd_purchases_predictive_interval(PG_FUNCTION_ARGS)
{
	return predictive_common(fcinfo, true, CR_BGNBD);
}
