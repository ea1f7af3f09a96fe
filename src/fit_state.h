/*
 * fit_state.h — the state of every model-fitting aggregate (bgnbd_fit, pareto_nbd_fit, ...):
 * a histogram of the distinct input rows, each with its summed weight, so identical customers
 * cost once and memory grows with distinct rows, not with customers.
 *
 * In 1.1 the state's SQL type is cr_fit_state (agg_state.h): an expanded object around this
 * histogram, flattened into the portable form below (kind letter, sorted rows) when it leaves
 * the node. The 1.0 aggregates' `internal` support functions (btyd_fit_combine,
 * btyd_fit_serialize, btyd_fit_deserialize) stay for a database not yet updated; the combine
 * function serves both.
 *
 * A model supplies only its transition function (validate the row, then cr_fit_state_add) and
 * its final function (cr_fit_state_columns, then the pure-C fit in src/core).
 */
#ifndef CUSTOMER_REL_FIT_STATE_H
#define CUSTOMER_REL_FIT_STATE_H

#include "postgres.h"
#include "fmgr.h"

#define CR_FIT_MAX_COLS 3

typedef struct CrFitState CrFitState;

/*
 * In a transition function: the state passed as argument 0, or a new one with ncols columns
 * allocated in the aggregate's memory context when that argument is NULL. Errors (elog) when not
 * called as an aggregate.
 */
extern CrFitState *cr_fit_state_get(FunctionCallInfo fcinfo, int ncols);

/* Add one row with weight w (> 0, finite; checked by the caller). */
extern void cr_fit_state_add(CrFitState *st, const double *v, double w);

/*
 * The time unit of the rows, in days (0 = not known: rows given as plain numbers). Transitions
 * that read cr_rfm summaries set it for every row: an empty state takes the unit, a state with
 * rows must already have it (else 22023: summaries in different units cannot be fitted together).
 * Combine and merge apply the same rule.
 */
extern void cr_fit_state_set_unit(CrFitState *st, double unit_days);
extern double cr_fit_state_unit(const CrFitState *st);

/*
 * The distinct rows as columns, for a fit: cols[j][i] is value j of row i (for j below the
 * state's column count; the other cols[j] are set to NULL), w[i] its weight. Returns the number of
 * rows and sets *total_weight. The rows are in ascending order of their values: a fit then sums
 * its likelihood in the same order whatever the order the rows arrived in (serial, hashed,
 * sorted or parallel plans), and gives the same answer to the last bit. A sorted state (a
 * parallel plan's, merged from its workers) hands over its own columns, to be read only while
 * the state lives; a hashed one sorted copies in the current memory context.
 */
extern int64 cr_fit_state_columns(CrFitState *st, const double **cols, const double **w,
								  double *total_weight);

/*
 * Portable states for sharded data (CONVENTIONS §4): <model>_fit_state(...) → bytea on each
 * shard, <model>_fit_merge(bytea) → model on the coordinator. The bytea is the serialized form
 * above; its kind byte names the transition function that built the histogram, so a state is
 * merged only into a fit of the same kind of rows. Partial states inside one query (parallel
 * workers) carry CR_FIT_KIND_PARTIAL and are never accepted by a merge.
 */
#define CR_FIT_KIND_PARTIAL		0
#define CR_FIT_KIND_BGNBD		'B'	/* bgnbd_fit_trans: (frequency, recency, t) of BG/NBD, MBG/NBD */
#define CR_FIT_KIND_GAMMA_GAMMA	'G'	/* gamma_gamma_fit_trans: (frequency, monetary), frequency > 0 */
#define CR_FIT_KIND_PARETO_NBD	'P'	/* pareto_nbd_fit_trans: (frequency, recency, t) */
#define CR_FIT_KIND_BGBB		'D'	/* bgbb_fit_trans: discrete time (frequency, recency, n_periods) */

/* Checks one row of a state given to a merge: ereports (22023) when the row is not valid. */
typedef void (*CrFitRowCheck) (const double *v);

/*
 * Final function of <model>_fit_state(...): the histogram of argument 0 serialized with the given
 * kind; NULL for an empty group. The state is only read.
 */
extern Datum cr_fit_state_export(FunctionCallInfo fcinfo, uint8 kind);

/*
 * Transition function of <model>_fit_merge(bytea): (state, bytea) → state. A NULL bytea is
 * skipped; anything but a well-formed state of this kind and column count, each row passing
 * check, is refused with 22023.
 */
extern Datum cr_fit_state_import(FunctionCallInfo fcinfo, uint8 kind, int ncols,
								 CrFitRowCheck check);

/*
 * The rows each kind admits: the checks of the merges, defined beside each model's transition.
 * A cr_fit_state read from text or binary (agg_state.h) passes the check of its kind.
 */
extern void cr_bgnbd_state_row_check(const double *v);
extern void cr_gamma_gamma_state_row_check(const double *v);
extern void cr_pareto_nbd_state_row_check(const double *v);
extern void cr_bgbb_state_row_check(const double *v);

#endif							/* CUSTOMER_REL_FIT_STATE_H */
