/*
 * btyd_sql.h — SQL-side helpers shared by the buy-till-you-die families (BG/NBD, MBG/NBD,
 * Gamma-Gamma, and the Pareto/NBD and BG/BB families that reuse them): argument checks with the
 * project's messages, the non-convergence warning, and reading/writing model composites.
 */
#ifndef CUSTOMER_REL_BTYD_SQL_H
#define CUSTOMER_REL_BTYD_SQL_H

#include "postgres.h"
#include "fmgr.h"
#include "access/tupdesc.h"

#include "optim.h"

/*
 * 22023 unless (frequency, recency, t) is a valid customer summary as rfm_summary makes it:
 * finite, frequency a whole number >= 0, 0 <= recency <= t, recency = 0 when frequency = 0.
 */
extern void cr_btyd_check_customer(double frequency, double recency, double t);

/* 22023 (with a hint) when a fit has fewer than 5 customers or nobody with a repeat purchase. */
extern void cr_btyd_check_fit_data(const char *model, double total_weight, double repeat_weight);

/*
 * WARNING that a fit did not converge, saying why and what to try. diverged_name is the
 * parameter that ran off to 0 or infinity (value diverged_value), or NULL; flat says the
 * optimiser stopped where the likelihood is flat (Hessian not positive definite).
 */
extern void cr_btyd_warn_not_converged(const char *model, CrOptimStatus status, int iterations,
									   const char *diverged_name, double diverged_value,
									   bool flat);

/*
 * The first nparams float8 attributes of a model composite (r, alpha, a, b ...), each checked to
 * be a positive finite number (22023 naming the model and the parameter). The tuple descriptor is
 * cached in fn_extra.
 */
extern void cr_btyd_model_params(FunctionCallInfo fcinfo, Datum model, const char *model_name,
								 int nparams, const char *const *names, double *out);

/*
 * The expected spend per transaction of a customer from a cr_gamma_gamma_model composite in
 * argument argno (Gamma-Gamma's conditional mean; the population mean when frequency is 0).
 * 22023 when monetary is not a positive number for a repeat customer, or when frequency is 0
 * and the model has q <= 1 (no population mean).
 */
extern double cr_btyd_expected_spend(FunctionCallInfo fcinfo, int argno, double frequency,
									 double monetary);

/*
 * A small memo of a scoring function's results in fn_extra, so identical customers (the rule in
 * day-granular summaries) cost once per query: direct-mapped, CR_BTYD_MEMO_SLOTS entries keyed
 * on up to CR_BTYD_MEMO_MAX_KEY doubles (model parameters, customer, horizon ...), compared bit
 * for bit. Not for set-returning functions (their fn_extra is taken).
 */
#define CR_BTYD_MEMO_SLOTS 4096
#define CR_BTYD_MEMO_MAX_KEY 12
extern bool cr_btyd_memo_get(FunctionCallInfo fcinfo, const double *key, int nkey, double *value);
extern void cr_btyd_memo_put(FunctionCallInfo fcinfo, const double *key, int nkey, double value);

/*
 * A model composite built from the function's first nparams float8 arguments (each checked to
 * be positive and finite, 22023 naming it); the other attributes are NULL.
 */
extern Datum cr_btyd_model_make(FunctionCallInfo fcinfo, int nparams, const char *const *names);

/* A blessed descriptor for the function's composite result, cached in fn_extra. */
extern TupleDesc cr_btyd_result_tupdesc(FunctionCallInfo fcinfo);

#endif							/* CUSTOMER_REL_BTYD_SQL_H */
