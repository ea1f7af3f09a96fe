/*
 * large_alloc.h — arrays of megabytes (a fit's distinct rows, its hash table, a state's bytes),
 * allocated so that filling them costs one page fault per 2 MB instead of one per 4 kB.
 */
#ifndef CUSTOMER_REL_LARGE_ALLOC_H
#define CUSTOMER_REL_LARGE_ALLOC_H

#include "postgres.h"

/*
 * size bytes in mcxt, as MemoryContextAllocExtended(mcxt, size, flags | MCXT_ALLOC_HUGE), with
 * the whole 2 MB pages inside them marked for transparent huge pages (see large_alloc.c).
 * NULL only when flags has MCXT_ALLOC_NO_OOM and the memory is not there.
 */
extern void *cr_alloc_large(MemoryContext mcxt, Size size, int flags);

#endif							/* CUSTOMER_REL_LARGE_ALLOC_H */
