/*
 * btyd_diagnostics_sql.h — the diagnostics composite cr_fit_diagnostics, built by each model
 * family's *_fit_diagnostics final function (which runs the family's own fit) through
 * cr_fit_diagnostics_tuple.
 */
#ifndef CR_BTYD_DIAGNOSTICS_SQL_H
#define CR_BTYD_DIAGNOSTICS_SQL_H

#include "postgres.h"
#include "fmgr.h"

#define CR_DIAG_MAX_PARAMS 4

/* What a fit found, for the diagnostics composite. */
typedef struct CrDiagOut
{
	const char *family;			/* the SQL prefix: "bgnbd", "pareto_nbd", ... */
	int			k;				/* parameters */
	const char *const *names;
	double		param[CR_DIAG_MAX_PARAMS];
	const double *logcov;		/* k x k covariance of the log parameters; NULL: not identified */
	double		loglik;
	double		n;				/* customers (total weight) */
	int			iterations;
	bool		converged;
} CrDiagOut;

/* The cr_fit_diagnostics composite the calling final function returns. */
extern Datum cr_fit_diagnostics_tuple(FunctionCallInfo fcinfo, const CrDiagOut *d);

#endif							/* CR_BTYD_DIAGNOSTICS_SQL_H */
