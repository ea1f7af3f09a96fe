/*
 * gamma_gamma_sql.c — the SQL face of the Gamma-Gamma spend model (gamma_gamma_*): the fitting
 * aggregate over the shared histogram state, expected spend, simulation. Math in
 * src/core/gamma_gamma.c.
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
#include "btyd_diagnostics_sql.h"
#include "gamma_gamma.h"
#include "rng.h"

PG_FUNCTION_INFO_V1(gamma_gamma_fit_trans);
PG_FUNCTION_INFO_V1(gamma_gamma_fit_final);
PG_FUNCTION_INFO_V1(gamma_gamma_fit_diagnostics_final);
PG_FUNCTION_INFO_V1(gamma_gamma_fit_state_final);
PG_FUNCTION_INFO_V1(gamma_gamma_fit_merge_trans);
PG_FUNCTION_INFO_V1(gamma_gamma_model_make);
PG_FUNCTION_INFO_V1(gamma_gamma_expected_spend);
PG_FUNCTION_INFO_V1(gamma_gamma_simulate);

static const char *const gg_names[] = {"p", "q", "v"};

/* 22023 unless monetary is a positive finite number (for a customer with repeat purchases). */
static void
check_monetary(double x, double m)
{
	cr_require_finite(m, "monetary");
	if (x > 0 && !(m > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("monetary must be greater than zero for a customer with repeat purchases"),
				 errdetail("The value supplied was %g for a customer with frequency %g.", m, x),
				 errhint("The Gamma-Gamma model needs a positive average spend; exclude or correct transactions of value 0 (or refunds) before computing monetary.")));
	if (m < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("monetary must not be negative"),
				 errdetail("The value supplied was %g.", m)));
}

/* 22023 unless frequency is a whole number >= 0 and monetary fits it (check_monetary). */
static void
check_customer(double x, double m)
{
	cr_require_nonnegative(x, "frequency");
	if (x != floor(x))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("frequency must be a whole number of repeat purchases"),
				 errdetail("The value supplied was %g.", x)));
	check_monetary(x, m);
}

/*
 * (state, frequency, monetary [, weight]) or (state, summary); customers with frequency 0 are
 * skipped.
 */
Datum
gamma_gamma_fit_trans(PG_FUNCTION_ARGS)
{
	CrFitState *st = cr_fit_state_get(fcinfo, 2);
	double		v[2];
	double		w = 1.0;

	if (PG_NARGS() == 2)
	{
		CrCustomer	c;
		double		unit_days;

		if (PG_ARGISNULL(1))
			PG_RETURN_POINTER(st);
		cr_btyd_summary_values(fcinfo, PG_GETARG_DATUM(1), &c, &unit_days);
		check_customer(c.frequency, c.monetary);
		if (c.frequency > 0)
		{
			v[0] = c.frequency;
			v[1] = c.monetary;
			cr_fit_state_add(st, v, 1.0);
		}
		PG_RETURN_POINTER(st);
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (PG_NARGS() > 3 && PG_ARGISNULL(3)))
		PG_RETURN_POINTER(st);
	v[0] = PG_GETARG_FLOAT8(1);
	v[1] = PG_GETARG_FLOAT8(2);
	check_customer(v[0], v[1]);
	if (PG_NARGS() > 3)
	{
		w = PG_GETARG_FLOAT8(3);
		cr_require_nonnegative(w, "weight");
	}
	if (v[0] == 0 || w == 0)
		PG_RETURN_POINTER(st);
	cr_fit_state_add(st, v, w);
	PG_RETURN_POINTER(st);
}

/* The fit of the aggregate's histogram (gamma_gamma_fit and its diagnostics); false when empty */
static bool
gamma_gamma_fit_run(FunctionCallInfo fcinfo, CrGammaGammaFit *fitp, double *n)
{
	int64		nrows;
	double		total;
	const double *cols[CR_FIT_MAX_COLS],	/* x, mean spend */
			   *w;
	CrBtydData	data;
	CrGammaGammaFit fit;

	if (PG_ARGISNULL(0))
		return false;
	nrows = cr_fit_state_columns((CrFitState *) PG_GETARG_POINTER(0), cols, &w, &total);
	if (nrows == 0)
		return false;
	if (total < 5)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("Gamma-Gamma fit needs at least 5 customers with repeat purchases"),
				 errdetail("The data hold %g customers with frequency > 0.", total),
				 errhint("Customers with frequency 0 have no repeat spend and are skipped; fit on the whole customer base.")));

	/* grouped by x; the mean spend rides in tx (and T) */
	if (cr_btyd_data_init(&data, nrows, cols[0], cols[1], cols[1], w) != 0)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	if (cr_gamma_gamma_fit(&data, &fit) != 0)
	{
		cr_btyd_data_free(&data);
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	cr_btyd_data_free(&data);
	if (!isfinite(fit.loglik))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("Gamma-Gamma likelihood cannot be evaluated on this data"),
				 errhint("Check that monetary holds average spends per transaction in a sensible currency unit.")));
	if (!fit.converged)
	{
		const double vals[] = {fit.par.p, fit.par.q, fit.par.v};

		cr_btyd_warn_not_converged("Gamma-Gamma", fit.status, fit.iterations,
								   fit.diverged >= 0 ? gg_names[fit.diverged] : NULL,
								   fit.diverged >= 0 ? vals[fit.diverged] : 0,
								   fit.flat != 0);
	}
	*fitp = fit;
	*n = total;
	return true;
}

Datum
gamma_gamma_fit_final(PG_FUNCTION_ARGS)
{
	CrGammaGammaFit fit;
	double		total;
	Datum		values[10];
	bool		nulls[10];

	if (!gamma_gamma_fit_run(fcinfo, &fit, &total))
		PG_RETURN_NULL();
	memset(nulls, 0, sizeof(nulls));
	values[0] = Float8GetDatum(fit.par.p);
	values[1] = Float8GetDatum(fit.par.q);
	values[2] = Float8GetDatum(fit.par.v);
	values[3] = Float8GetDatum(fit.loglik);
	values[4] = Float8GetDatum(total);
	values[5] = Int32GetDatum(fit.iterations);
	values[6] = BoolGetDatum(fit.converged != 0);
	values[7] = Float8GetDatum(fit.se.p);
	values[8] = Float8GetDatum(fit.se.q);
	values[9] = Float8GetDatum(fit.se.v);
	if (!fit.se_ok)
		nulls[7] = nulls[8] = nulls[9] = true;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(cr_btyd_result_tupdesc(fcinfo),
													  values, nulls)));
}

Datum
gamma_gamma_fit_diagnostics_final(PG_FUNCTION_ARGS)
{
	CrGammaGammaFit fit;
	CrDiagOut	d;
	double		n;

	if (!gamma_gamma_fit_run(fcinfo, &fit, &n))
		PG_RETURN_NULL();
	memset(&d, 0, sizeof(d));
	d.family = "gamma_gamma";
	d.k = 3;
	d.names = gg_names;
	d.param[0] = fit.par.p;
	d.param[1] = fit.par.q;
	d.param[2] = fit.par.v;
	d.logcov = fit.se_ok ? fit.cov : NULL;
	d.loglik = fit.loglik;
	d.n = n;
	d.iterations = fit.iterations;
	d.converged = fit.converged != 0;
	return cr_fit_diagnostics_tuple(fcinfo, &d);
}

/*
 * The portable state of gamma_gamma_fit_state, and the transition of gamma_gamma_fit_merge, which
 * checks every row of a state as the transition checks its input (and, since the transition
 * skips them, refuses rows of frequency 0).
 */
void
cr_gamma_gamma_state_row_check(const double *v)
{
	check_customer(v[0], v[1]);
	if (v[0] == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a Gamma-Gamma fit state must not hold customers with frequency 0"),
				 errdetail("gamma_gamma_fit_state() skips them.")));
}

Datum
gamma_gamma_fit_state_final(PG_FUNCTION_ARGS)
{
	return cr_fit_state_export(fcinfo, CR_FIT_KIND_GAMMA_GAMMA);
}

Datum
gamma_gamma_fit_merge_trans(PG_FUNCTION_ARGS)
{
	return cr_fit_state_import(fcinfo, CR_FIT_KIND_GAMMA_GAMMA, 2, cr_gamma_gamma_state_row_check);
}

Datum
gamma_gamma_model_make(PG_FUNCTION_ARGS)
{
	return cr_btyd_model_make(fcinfo, 3, gg_names);
}

static void
gg_params(FunctionCallInfo fcinfo, int argno, CrGammaGammaParams *par)
{
	double		vals[3];

	cr_btyd_model_params(fcinfo, argno, "Gamma-Gamma", 3, gg_names, vals);
	par->p = vals[0];
	par->q = vals[1];
	par->v = vals[2];
}

double
cr_btyd_expected_spend(FunctionCallInfo fcinfo, int argno, double frequency, double monetary)
{
	CrGammaGammaParams par;
	double		e;

	gg_params(fcinfo, argno, &par);
	check_monetary(frequency, monetary);
	if (frequency == 0 && !(par.q > 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("Gamma-Gamma model with q <= 1 has no mean spend for customers without repeat purchases"),
				 errdetail("The model has q = %g; the population mean spend p v / (q - 1) exists only for q > 1.", par.q)));
	e = cr_gamma_gamma_expected_spend(&par, frequency, monetary);
	if (!isfinite(e))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("expected spend cannot be computed for these arguments"),
				 errdetail("The result is not a finite number.")));
	return e;
}

/* (model, frequency, monetary) or (model, summary) */
Datum
gamma_gamma_expected_spend(PG_FUNCTION_ARGS)
{
	double		x,
				m;

	if (PG_NARGS() == 2)
	{
		CrCustomer	c;
		double		unit_days;

		cr_btyd_summary_values(fcinfo, PG_GETARG_DATUM(1), &c, &unit_days);
		x = c.frequency;
		m = c.monetary;
	}
	else
	{
		x = PG_GETARG_FLOAT8(1);
		m = PG_GETARG_FLOAT8(2);
	}
	cr_require_nonnegative(x, "frequency");
	PG_RETURN_FLOAT8(cr_btyd_expected_spend(fcinfo, 0, x, m));
}

/* (model, frequency, seed): the average spend of a simulated customer with that frequency */
Datum
gamma_gamma_simulate(PG_FUNCTION_ARGS)
{
	CrGammaGammaParams par;
	double		x = PG_GETARG_FLOAT8(1);
	uint64		seed = (uint64) PG_GETARG_INT64(2);
	CrRng		rng;
	double		m;

	gg_params(fcinfo, 0, &par);
	cr_require_nonnegative(x, "frequency");
	/* a stream of its own, apart from the simulators seeded with the same number */
	cr_rng_seed(&rng, seed ^ UINT64CONST(0x6A09E667F3BCC909));
	m = cr_gamma_gamma_simulate_mean(&par, x, &rng);
	if (!isfinite(m))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("simulated spend is not a finite number"),
				 errhint("Check the model's parameters: v is in currency units.")));
	PG_RETURN_FLOAT8(m);
}
