/*
 * rfm_sql.h — the SQL-side pieces of rfm_summary that other summaries of purchases share
 * (rfm_holdout in src/holdout_sql.c): days of timestamptz/timestamp/date values in the session
 * time zone, the unit's length, and the cr_rfm_state varlena (add, combine, summarise), so one
 * set of day-counting rules serves every summary.
 */
#ifndef CUSTOMER_REL_RFM_SQL_H
#define CUSTOMER_REL_RFM_SQL_H

#include "postgres.h"
#include "fmgr.h"
#include "datatype/timestamp.h"

#include "rfm.h"

/* The state is the core's flat CrRfmState; its first field is the varlena length word. */
typedef CrRfmState RfmState;

typedef enum RfmTimeKind
{
	RFM_TIMESTAMPTZ,
	RFM_TIMESTAMP,
	RFM_DATE
} RfmTimeKind;

/*
 * The day number (days since 2000-01-01) of a timestamptz (its day in the session time zone,
 * as ::date gives), timestamp or date value; 22023 naming `what` when it is infinite. Uses
 * fn_extra as its time-zone cache.
 */
extern int32 rfm_day_of(FunctionCallInfo fcinfo, RfmTimeKind kind, Datum value, const char *what);

/* The length of a unit interval in days; 22023 unless it is positive. */
extern double rfm_unit_days_of(const Interval *unit);

/* Capacity (bitmap words or day slots) of a state. */
extern int64 rfm_capacity(const RfmState *st);

/* The (detoasted) state in argument argno. */
extern RfmState *rfm_state_arg(FunctionCallInfo fcinfo, int argno);

/* 22023 unless st has this as_of day and unit. */
extern void rfm_require_same_settings(int32 as_of_day, double unit_days, const RfmState *st);

/* An empty state (no purchase yet) in the current memory context. */
extern RfmState *rfm_state_new(int32 as_of_day, double unit_days);

/*
 * Adds one purchase (day on or before as_of; later days are ignored) to st, or to a new state
 * when st is NULL; in place when it fits, otherwise a bigger copy in the current context.
 */
extern RfmState *rfm_state_add(RfmState *st, int32 as_of_day, double unit_days, int32 day,
							   double amount);

/* Adds b's purchases to a: a itself, or a bigger copy. 22023 when as_of or unit differ. */
extern RfmState *rfm_state_combine(RfmState *a, const RfmState *b);

/* The summary; false for an empty state; 22003 when the totals overflowed. */
extern bool rfm_state_result(const RfmState *st, CrRfmResult *res);

#endif							/* CUSTOMER_REL_RFM_SQL_H */
