/*
 * compat.h — differences between the PostgreSQL major versions we build against (13–17).
 * Every version test lives here, so the rest of the code is written against one API.
 */
#ifndef CUSTOMER_REL_COMPAT_H
#define CUSTOMER_REL_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 130000
#error "customer_rel needs PostgreSQL 13 or later"
#endif

/* varatt.h was split out of postgres.h in PostgreSQL 16. */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/* The jsonb builder functions changed their signatures in 17 (pushJsonbValue is stable). */

#endif							/* CUSTOMER_REL_COMPAT_H */
