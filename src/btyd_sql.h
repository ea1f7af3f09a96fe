/*
 * btyd_sql.h — SQL-side helpers shared by the buy-till-you-die families (BG/NBD, MBG/NBD,
 * Gamma-Gamma, and the Pareto/NBD and BG/BB families that reuse them): argument checks with the
 * project's messages, the non-convergence warning, and reading/writing model composites.
 */
#ifndef CUSTOMER_REL_BTYD_SQL_H
#define CUSTOMER_REL_BTYD_SQL_H

#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "access/tupdesc.h"

#include "mle.h"
#include "bgnbd.h"

/* The parameters of each family's model composite, in order (messages name them). */
extern const char *const cr_bgnbd_param_names[4];		/* BG/NBD and MBG/NBD: r, alpha, a, b */
extern const char *const cr_pareto_nbd_param_names[4];	/* Pareto/NBD: r, alpha, s, beta */

/* "BG/NBD" or "MBG/NBD", for messages (in line: scoring passes it on every row). */
static inline const char *
cr_bgnbd_variant_name(CrBgnbdVariant v)
{
	return v == CR_MBGNBD ? "MBG/NBD" : "BG/NBD";
}

/*
 * 22023 unless (frequency, recency, t) is a valid customer summary as rfm_summary makes it:
 * finite, frequency a whole number >= 0, 0 <= recency <= t, recency = 0 when frequency = 0.
 */
extern void cr_btyd_report_customer(double frequency, double recency, double t);

static inline void
cr_btyd_check_customer(double frequency, double recency, double t)
{
	/*
	 * The common case in one test, in line: scoring checks every row. NaN fails every
	 * comparison; a whole number below 2^53 survives the round trip through int64.
	 */
	if (likely(t < INFINITY && recency <= t && frequency >= 0 && frequency < 9007199254740992.0 &&
			   frequency == (double) (int64) frequency &&
			   (frequency > 0 ? recency >= 0 : recency == 0)))
		return;
	cr_btyd_report_customer(frequency, recency, t);
}

/* 22023 (with a hint) when a fit has fewer than 5 customers or nobody with a repeat purchase. */
extern void cr_btyd_check_fit_data(const char *model, double total_weight, double repeat_weight);

/*
 * WARNING that a fit did not converge, saying why and what to try. diverged_name is the
 * parameter that ran off to 0 or infinity (value diverged_value), or NULL; flat says the
 * optimiser stopped where the likelihood is flat (Hessian not positive definite).
 */
extern void cr_btyd_warn_not_converged(const char *model, CrMleStatus status, int iterations,
									   const char *diverged_name, double diverged_value,
									   bool flat);

/*
 * A model composite, unpacked: its parameters and its time unit (models of continuous time
 * record the unit of the summaries they were fitted to, so scoring can convert or refuse).
 */
#define CR_BTYD_MAX_PARAMS 4
typedef struct CrModelValues
{
	double		param[CR_BTYD_MAX_PARAMS];
	double		unit_days;		/* the model's time unit in days; 0 = not known */
} CrModelValues;

/*
 * The model composite in argument argno: its first nparams float8 attributes (r, alpha, a, b
 * ...), each checked to be a positive finite number (22023 naming the model and the parameter),
 * and its attribute "unit" (an interval) if it has one. Unpacked once per distinct model value
 * per query: the result is cached in fn_extra keyed on the datum's bytes, so scoring a million
 * customers against one stored model unpacks it once.
 */
extern const CrModelValues *cr_btyd_model_arg(FunctionCallInfo fcinfo, int argno,
											  const char *model_name, int nparams,
											  const char *const *names);

/*
 * The BG/NBD or MBG/NBD model in argument argno (cr_btyd_model_arg) as parameters; returns the
 * model's values, which carry its time unit.
 */
static inline const CrModelValues *
cr_bgnbd_model_arg(FunctionCallInfo fcinfo, int argno, CrBgnbdVariant v, CrBgnbdParams *p)
{
	const CrModelValues *m = cr_btyd_model_arg(fcinfo, argno, cr_bgnbd_variant_name(v), 4,
											   cr_bgnbd_param_names);

	p->r = m->param[0];
	p->alpha = m->param[1];
	p->a = m->param[2];
	p->b = m->param[3];
	return m;
}

/* The same, for callers that want the parameters only. */
extern void cr_btyd_model_params(FunctionCallInfo fcinfo, int argno, const char *model_name,
								 int nparams, const char *const *names, double *out);

/* A customer's summary in the model's time unit. */
typedef struct CrCustomer
{
	double		frequency;
	double		recency;
	double		t;
	double		monetary;		/* only from a summary (NaN otherwise) */
} CrCustomer;

/*
 * The customer in argument argno: from the three float8 arguments frequency, recency, t at
 * argno.. (taken to be in the model's unit), or, when that argument is a cr_rfm summary, from the
 * summary with recency and t converted from its unit to the model's (22023 when the model has
 * no unit). Checked with cr_btyd_check_customer. In line: scoring reads a customer per row.
 */
static inline void cr_btyd_customer_arg(FunctionCallInfo fcinfo, int argno,
										const CrModelValues *m, const char *model_name,
										CrCustomer *c);

/* True when argument argno is a cr_rfm summary (not the first of three float8 values). */
extern bool cr_btyd_arg_is_summary(FunctionCallInfo fcinfo, int argno);

/* The customer from the cr_rfm summary in argument argno, in the model's unit (unchecked). */
extern void cr_btyd_summary_customer(FunctionCallInfo fcinfo, int argno, const CrModelValues *m,
									 const char *model_name, CrCustomer *c);

static inline void
cr_btyd_customer_arg(FunctionCallInfo fcinfo, int argno, const CrModelValues *m,
					 const char *model_name, CrCustomer *c)
{
	if (unlikely(cr_btyd_arg_is_summary(fcinfo, argno)))
		cr_btyd_summary_customer(fcinfo, argno, m, model_name, c);
	else
	{
		c->frequency = PG_GETARG_FLOAT8(argno);
		c->recency = PG_GETARG_FLOAT8(argno + 1);
		c->t = PG_GETARG_FLOAT8(argno + 2);
		c->monetary = NAN;
	}
	cr_btyd_check_customer(c->frequency, c->recency, c->t);
}

/*
 * A length of time in argument argno (horizon, period_length): a float8 in the model's unit, or
 * an interval converted to it (22023 when the model has no unit). Checked >= 0.
 */
extern double cr_btyd_time_arg(FunctionCallInfo fcinfo, int argno, const CrModelValues *m,
							   const char *model_name, const char *what);

/*
 * The values of a cr_rfm summary datum: frequency, recency, t, monetary and the unit in days;
 * 22004 when one of them is NULL. For the fitting aggregates' transitions.
 */
extern void cr_btyd_summary_values(FunctionCallInfo fcinfo, Datum summary, CrCustomer *c,
								   double *unit_days);

/* What a fitting aggregate found, for cr_btyd_model_tuple. */
typedef struct CrModelOut
{
	int			nparams;
	const char *const *names;	/* parameter names = attribute names; se_<name> for errors */
	double		param[CR_BTYD_MAX_PARAMS];
	double		se[CR_BTYD_MAX_PARAMS];
	bool		fitted;			/* false: a constructor; only the parameters and unit are set */
	bool		se_ok;
	double		loglik;			/* NaN: not known (NULL) */
	double		n;
	int			iterations;
	bool		converged;
	double		unit_days;		/* 0 = not known (NULL) */
} CrModelOut;

/*
 * The function's model composite built from m, attribute by attribute name (parameters,
 * "unit", "loglik", "n", "iterations", "converged", "se_<parameter>"), other attributes NULL.
 */
extern Datum cr_btyd_model_tuple(FunctionCallInfo fcinfo, const CrModelOut *m);

/*
 * The expected spend per transaction of a customer from a cr_gamma_gamma_model composite in
 * argument argno (Gamma-Gamma's conditional mean; the population mean when frequency is 0).
 * 22023 when monetary is not a positive number for a repeat customer, or when frequency is 0
 * and the model has q <= 1 (no population mean).
 */
extern double cr_btyd_expected_spend(FunctionCallInfo fcinfo, int argno, double frequency,
									 double monetary);

/* 22003 for a scoring result that is a NaN or infinity (raises the error; never returns). */
extern void cr_btyd_report_not_finite(const char *model_name, const char *what);

/* Every scoring result passes here: 22003 for a NaN or infinity, which is never returned. */
static inline Datum
cr_btyd_finite_result(double v, const char *model_name, const char *what)
{
	if (unlikely(!isfinite(v)))
		cr_btyd_report_not_finite(model_name, what);
	return Float8GetDatum(v);
}

/*
 * A small memo of a scoring function's results in fn_extra, so identical customers (the rule in
 * day-granular summaries) cost once per query: direct-mapped, CR_BTYD_MEMO_SLOTS entries keyed
 * on up to CR_BTYD_MEMO_MAX_KEY doubles (model parameters, customer, horizon ...), compared bit
 * for bit. Not for set-returning functions (their fn_extra is taken).
 */
/*
 * The memo watches its own hit rate: when the first CR_BTYD_MEMO_PROBATION lookups find fewer
 * than one in eight, the customers are distinct (exact times) and the memo only costs; it is
 * then no longer consulted for the rest of the query.
 */
#define CR_BTYD_MEMO_SLOTS 4096
#define CR_BTYD_MEMO_PROBATION 4096
#define CR_BTYD_MEMO_MAX_KEY 12
extern bool cr_btyd_memo_get(FunctionCallInfo fcinfo, const double *key, int nkey, double *value);
extern void cr_btyd_memo_put(FunctionCallInfo fcinfo, const double *key, int nkey, double value);

/*
 * A model composite built from the function's first nparams float8 arguments (each checked to
 * be positive and finite, 22023 naming it) and, when the function has one more argument, the
 * unit interval (NULL: not known); the other attributes are NULL.
 */
extern Datum cr_btyd_model_make(FunctionCallInfo fcinfo, int nparams, const char *const *names);

/* A blessed descriptor for the function's composite result, cached in fn_extra. */
extern TupleDesc cr_btyd_result_tupdesc(FunctionCallInfo fcinfo);

#endif							/* CUSTOMER_REL_BTYD_SQL_H */
