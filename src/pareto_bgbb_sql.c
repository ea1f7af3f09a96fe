/*
 * pareto_bgbb_sql.c — SQL plumbing shared by pareto_nbd_sql.c and bgbb_sql.c (see
 * pareto_bgbb_sql.h).
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
#include "pareto_bgbb_sql.h"
#include "btyd_diagnostics_sql.h"

Datum
cr_pb_fit_trans(FunctionCallInfo fcinfo, cr_pb_check_fn check, bool counts)
{
	CrFitState *st = cr_fit_state_get(fcinfo, 3);
	double		v[3];
	double		w = 1.0;

	if (PG_NARGS() == 2)
	{
		CrCustomer	c;
		double		unit_days;

		if (PG_ARGISNULL(1))
			PG_RETURN_POINTER(st);
		cr_btyd_summary_values(fcinfo, PG_GETARG_DATUM(1), &c, &unit_days);
		check(c.frequency, c.recency, c.t);
		cr_fit_state_set_unit(st, unit_days);
		v[0] = c.frequency;
		v[1] = c.recency;
		v[2] = c.t;
		cr_fit_state_add(st, v, 1.0);
		PG_RETURN_POINTER(st);
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		(PG_NARGS() > 4 && PG_ARGISNULL(4)))
		PG_RETURN_POINTER(st);
	if (counts)
	{
		v[0] = (double) PG_GETARG_INT64(1);
		v[1] = (double) PG_GETARG_INT64(2);
		v[2] = (double) PG_GETARG_INT64(3);
	}
	else
	{
		v[0] = PG_GETARG_FLOAT8(1);
		v[1] = PG_GETARG_FLOAT8(2);
		v[2] = PG_GETARG_FLOAT8(3);
	}
	check(v[0], v[1], v[2]);
	if (PG_NARGS() > 4)
	{
		w = PG_GETARG_FLOAT8(4);
		cr_require_nonnegative(w, "weight");
		if (w == 0)
			PG_RETURN_POINTER(st);
	}
	cr_fit_state_add(st, v, w);
	PG_RETURN_POINTER(st);
}

int64
cr_pb_fit_rows(FunctionCallInfo fcinfo, const double **x, const double **tx, const double **t,
			   const double **w, double *total)
{
	int64		nrows;
	const double *cols[CR_FIT_MAX_COLS];

	*total = 0;
	if (PG_ARGISNULL(0))
		return 0;
	nrows = cr_fit_state_columns((CrFitState *) PG_GETARG_POINTER(0), cols, w, total);
	*x = cols[0];
	*tx = cols[1];
	*t = cols[2];
	return nrows;
}

/* 22003 when the likelihood could not be evaluated; a WARNING when the fit did not converge */
static void
fit_check(const char *model, const char *const *names, const CrMleResult *fit)
{
	if (!isfinite(fit->loglik))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s likelihood cannot be evaluated on this data", model),
				 errhint("Check the time unit: recency and t should be in weeks or months, not seconds.")));
	if (!fit->converged)
		cr_btyd_warn_not_converged(model, fit->status, fit->iterations,
								   fit->diverged >= 0 ? names[fit->diverged] : NULL,
								   fit->diverged >= 0 ? exp(fit->x[fit->diverged]) : 0,
								   fit->flat != 0);
}

Datum
cr_pb_fit_result(FunctionCallInfo fcinfo, const char *model, const char *const *names,
				 const CrMleResult *fit, double n)
{
	CrModelOut	out;
	int			k;

	fit_check(model, names, fit);
	memset(&out, 0, sizeof(out));
	out.nparams = 4;
	out.names = names;
	for (k = 0; k < 4; k++)
	{
		out.param[k] = exp(fit->x[k]);
		out.se[k] = fit->se[k];
	}
	out.se_ok = fit->se_ok != 0;
	out.fitted = true;
	out.loglik = fit->loglik;
	out.n = n;
	out.iterations = fit->iterations;
	out.converged = fit->converged != 0;
	out.unit_days = PG_ARGISNULL(0) ? 0 : cr_fit_state_unit((CrFitState *) PG_GETARG_POINTER(0));
	PG_RETURN_DATUM(cr_btyd_model_tuple(fcinfo, &out));
}

Datum
cr_pb_model_make(FunctionCallInfo fcinfo, const char *const *names)
{
	return cr_btyd_model_make(fcinfo, 4, names);
}

Datum
cr_pb_fit_diagnostics(FunctionCallInfo fcinfo, const char *model, const char *family,
					  const char *const *names, const CrMleResult *fit, double n)
{
	CrDiagOut	d;
	int			k;

	fit_check(model, names, fit);
	memset(&d, 0, sizeof(d));
	d.family = family;
	d.k = 4;
	d.names = names;
	for (k = 0; k < 4; k++)
		d.param[k] = exp(fit->x[k]);
	d.logcov = fit->se_ok ? fit->cov : NULL;
	d.loglik = fit->loglik;
	d.n = n;
	d.iterations = fit->iterations;
	d.converged = fit->converged != 0;
	return cr_fit_diagnostics_tuple(fcinfo, &d);
}
