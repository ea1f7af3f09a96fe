/*
 * large_alloc.c — arrays of megabytes, with a transparent-huge-page hint (contract in
 * large_alloc.h).
 *
 * A fit over a million exact-time customers fills tens of megabytes that no process of the
 * query touched before: the workers' row arrays and hash tables, the states' bytes, the leader's
 * merged columns. Each first touch of a 4 kB page is a page fault, and where the kernel runs
 * under a hypervisor that traps them (measured on one: about 5 us each, a third of the leader's
 * work after the Gather) the faults cost more than the fit. Where the kernel's transparent huge
 * pages are in "madvise" mode, madvise(MADV_HUGEPAGE) makes the kernel back the marked range
 * with 2 MB pages on first touch: one fault per 2 MB.
 *
 * Only whole 2 MB pages inside the allocation are marked, so the hint never reaches memory that
 * is not ours; the hint changes no contents and no accounting (the memory stays in its memory
 * context and goes with it). Where the hint is unknown (not Linux) or refused (transparent huge
 * pages not built into the kernel) nothing changes.
 */
#include "postgres.h"

#include <sys/mman.h>

#include "utils/memutils.h"

#include "large_alloc.h"

#define HUGE_PAGE_BYTES ((uintptr_t) 2 * 1024 * 1024)

void *
cr_alloc_large(MemoryContext mcxt, Size size, int flags)
{
	void	   *p = MemoryContextAllocExtended(mcxt, size, flags | MCXT_ALLOC_HUGE);

#ifdef MADV_HUGEPAGE
	if (p != NULL && size >= HUGE_PAGE_BYTES)
	{
		uintptr_t	start = ((uintptr_t) p + HUGE_PAGE_BYTES - 1) & ~(HUGE_PAGE_BYTES - 1),
					end = ((uintptr_t) p + size) & ~(HUGE_PAGE_BYTES - 1);

		/* a hint: the memory is good whatever the answer */
		if (end > start)
			(void) madvise((void *) start, end - start, MADV_HUGEPAGE);
	}
#endif
	return p;
}
