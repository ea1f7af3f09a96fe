/*
 * customer_rel.c — the module's one PG_MODULE_MAGIC.
 *
 * The extension is split the way PostGIS splits liblwgeom from its fmgr layer: src/core/ holds
 * the pure-C math (no PostgreSQL headers, unit-tested and fuzzed without a server) and the files of src/ are
 * the thin SQL face over it, one file per SQL family.
 */
#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;
