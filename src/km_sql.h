/*
 * km_sql.h — what other SQL families need from src/km_sql.c: the life table inside a stored
 * cr_km_curve (checked against its header).
 */
#ifndef CUSTOMER_REL_KM_SQL_H
#define CUSTOMER_REL_KM_SQL_H

#include "postgres.h"
#include "fmgr.h"

#include "kaplan_meier.h"

/* The points of the cr_km_curve argument argno (strictly increasing times); *n their number. */
extern const CrKmPoint *cr_km_curve_points(FunctionCallInfo fcinfo, int argno, int64 *n);

#endif							/* CUSTOMER_REL_KM_SQL_H */
