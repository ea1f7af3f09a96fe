/*
 * compat.h — differences between the PostgreSQL major versions we build against.
 *
 * Built and tested (make test-versions): 15, 17, 18. 16 is not packaged by any current Debian
 * release, so it is neither built nor tested here; below 15 is refused. Every version test lives
 * in this file, each with the version that needs it, so the rest of the code is written against
 * one API.
 */
#ifndef CUSTOMER_REL_COMPAT_H
#define CUSTOMER_REL_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 150000
#error "customer_rel needs PostgreSQL 15 or later"
#endif

/* 16: varatt.h (VARSIZE, SET_VARSIZE, ...) was split out of postgres.h. */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/*
 * 18: PG_MODULE_MAGIC_EXT records the module's name and version, which pg_get_loaded_modules()
 * shows; older servers have the plain magic block only.
 */
#if PG_VERSION_NUM >= 180000
#define CR_MODULE_MAGIC PG_MODULE_MAGIC_EXT(.name = "customer_rel", .version = CR_MODULE_VERSION)
#else
#define CR_MODULE_MAGIC PG_MODULE_MAGIC
#endif

#endif							/* CUSTOMER_REL_COMPAT_H */
