/*
 * pareto_bgbb_sql.h — the SQL plumbing shared by the Pareto/NBD and BG/BB families (both fit
 * four parameters over the shared histogram state and return the same shape of model
 * composite: four parameters, loglik, n, iterations, converged, four standard errors).
 */
#ifndef CUSTOMER_REL_PARETO_BGBB_SQL_H
#define CUSTOMER_REL_PARETO_BGBB_SQL_H

#include "postgres.h"
#include "fmgr.h"

#include "mle.h"

/* 22023 unless (frequency, recency, t or n_periods) is a valid summary for the model */
typedef void (*cr_pb_check_fn) (double frequency, double recency, double t);

/*
 * The transition function: (state, frequency, recency, t [, weight]) of float8 values, or of
 * bigint counts when counts is true; or (state, summary) of a cr_rfm summary, whose unit the
 * state records. NULLs and weight 0 are skipped.
 */
extern Datum cr_pb_fit_trans(FunctionCallInfo fcinfo, cr_pb_check_fn check, bool counts);

/*
 * The distinct rows of the state in argument 0, sorted by value (so that the fit sums in the
 * same order whatever the plan), as four arrays to be read only (cr_fit_state_columns); returns
 * the number of rows (0 for no state or no rows) and the total weight in *total.
 */
extern int64 cr_pb_fit_rows(FunctionCallInfo fcinfo, const double **x, const double **tx,
							const double **t, const double **w, double *total);


/*
 * The model composite of a fit: 22003 when the likelihood could not be evaluated, a WARNING
 * (naming a diverging parameter) when it did not converge.
 */
extern Datum cr_pb_fit_result(FunctionCallInfo fcinfo, const char *model,
							  const char *const *names, const CrMleResult *fit, double n);

/* model(p1, p2, p3, p4 [, unit]): the composite with the other fields NULL, each parameter > 0. */
/* The same fit as the cr_fit_diagnostics composite of family (the SQL prefix). */
extern Datum cr_pb_fit_diagnostics(FunctionCallInfo fcinfo, const char *model,
								   const char *family, const char *const *names,
								   const CrMleResult *fit, double n);

extern Datum cr_pb_model_make(FunctionCallInfo fcinfo, const char *const *names);

#endif							/* CUSTOMER_REL_PARETO_BGBB_SQL_H */
