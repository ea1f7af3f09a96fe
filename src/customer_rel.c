/*
 * customer_rel.c — the module's one PG_MODULE_MAGIC, and the hooks the pure-C core runs with.
 *
 * The extension is split the way PostGIS splits liblwgeom from its fmgr layer: src/core/ holds
 * the pure-C math (no PostgreSQL headers, unit-tested and fuzzed without a server) and the files
 * of src/ are the thin SQL face over it, one file per SQL family.
 */
#include "postgres.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "compat.h"
#include "large_alloc.h"
#include "runtime.h"

CR_MODULE_MAGIC;

void		_PG_init(void);

/*
 * Core memory lives in the caller's current memory context, so an ERROR (a cancel among them)
 * thrown from deep inside a core loop frees it with the context. Huge allocations are allowed
 * (a histogram of millions of rows); failure returns NULL so the core reports it its own way.
 */
static void *
core_alloc(size_t size)
{
	return cr_alloc_large(CurrentMemoryContext, size, MCXT_ALLOC_NO_OOM);
}

static void
core_release(void *ptr)
{
	pfree(ptr);
}

static void
core_check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

void
_PG_init(void)
{
	static const CrRuntimeHooks hooks = {core_alloc, core_release, core_check_interrupts};

	cr_runtime_set_hooks(&hooks);
}
