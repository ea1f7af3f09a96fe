/*
 * large_alloc.h — arrays of megabytes (a fit's distinct rows, its hash table, a state's bytes),
 * allocated so that filling them costs one page fault per 2 MB instead of one per 4 kB.
 */
#ifndef CUSTOMER_REL_LARGE_ALLOC_H
#define CUSTOMER_REL_LARGE_ALLOC_H

#include "postgres.h"

/*
 * size bytes in mcxt, as MemoryContextAllocExtended(mcxt, size, flags | MCXT_ALLOC_HUGE) (pfree
 * frees them), with the 2 MB pages from the first 2 MB boundary on marked for transparent huge
 * pages. NULL only when flags has MCXT_ALLOC_NO_OOM and the memory is not there.
 */
extern void *cr_alloc_large(MemoryContext mcxt, Size size, int flags);

/*
 * size bytes in mcxt, all of them on pages marked for transparent huge pages: from 2 MB on, the
 * array starts at a 2 MB boundary (taking up to 4 MB more address space, never touched, but
 * counted in the context's memory as a hash aggregation sees it). Free it with cr_free_pages,
 * not pfree, or with its memory context.
 */
extern void *cr_alloc_pages(MemoryContext mcxt, Size size);
extern void cr_free_pages(void *ptr);

#endif							/* CUSTOMER_REL_LARGE_ALLOC_H */
