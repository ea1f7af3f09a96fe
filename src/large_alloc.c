/*
 * large_alloc.c — arrays of megabytes, on transparent huge pages where the kernel offers them
 * (contract in large_alloc.h).
 *
 * A fit over a million exact-time customers fills tens of megabytes that no process of the
 * query touched before: the workers' row arrays and hash tables, the states' bytes, the leader's
 * merged columns. Each first touch of a 4 kB page is a page fault, and where the kernel runs
 * under a hypervisor that traps them (measured on one: about 5 us each, a third of the leader's
 * work after the Gather) the faults cost more than the fit. Where the kernel's transparent huge
 * pages are in "madvise" mode, madvise(MADV_HUGEPAGE) makes the kernel back the marked range
 * with 2 MB pages on first touch: one fault per 2 MB.
 *
 * Only whole 2 MB pages inside our own allocation are marked, so the hint never reaches memory
 * that is not ours; it changes no contents and no accounting (the memory stays in its memory
 * context and goes with it). Where the hint is unknown (not Linux) or refused (transparent huge
 * pages not built into the kernel) nothing changes but the address space taken.
 */
#include "postgres.h"

#include <sys/mman.h>

#include "utils/memutils.h"

#include "large_alloc.h"

#define HUGE_PAGE_BYTES ((uintptr_t) 2 * 1024 * 1024)

static inline uintptr_t
huge_page_up(uintptr_t a)
{
	return (a + HUGE_PAGE_BYTES - 1) & ~(HUGE_PAGE_BYTES - 1);
}

/* Marks the whole 2 MB pages inside [start, end): a hint, the memory is good whatever the answer. */
static void
advise_huge_pages(uintptr_t start, uintptr_t end)
{
#ifdef MADV_HUGEPAGE
	start = huge_page_up(start);
	end &= ~(HUGE_PAGE_BYTES - 1);
	if (end > start)
		(void) madvise((void *) start, end - start, MADV_HUGEPAGE);
#endif
}

void *
cr_alloc_large(MemoryContext mcxt, Size size, int flags)
{
	char	   *p;

	if (size < HUGE_PAGE_BYTES)
		return MemoryContextAllocExtended(mcxt, size, flags | MCXT_ALLOC_HUGE);
	/* up to the next 2 MB boundary after the array, so that its last page can be a huge one */
	p = MemoryContextAllocExtended(mcxt, size + HUGE_PAGE_BYTES, flags | MCXT_ALLOC_HUGE);
	if (p != NULL)
		advise_huge_pages((uintptr_t) p, huge_page_up((uintptr_t) p + size));
	return p;
}

/*
 * The chunk palloc returned is kept in the 8 bytes before the array (in the chunk, before the
 * first 2 MB boundary in it, or at its start for a small array).
 */
void *
cr_alloc_pages(MemoryContext mcxt, Size size)
{
	char	   *chunk,
			   *p;

	if (size < HUGE_PAGE_BYTES)
	{
		chunk = MemoryContextAllocExtended(mcxt, size + MAXIMUM_ALIGNOF, MCXT_ALLOC_HUGE);
		p = chunk + MAXIMUM_ALIGNOF;
	}
	else
	{
		chunk = MemoryContextAllocExtended(mcxt, size + 2 * HUGE_PAGE_BYTES + MAXIMUM_ALIGNOF,
										   MCXT_ALLOC_HUGE);
		p = (char *) huge_page_up((uintptr_t) chunk + sizeof(void *));
		advise_huge_pages((uintptr_t) p, huge_page_up((uintptr_t) p + size));
	}
	((void **) p)[-1] = chunk;
	return p;
}

void
cr_free_pages(void *ptr)
{
	pfree(((void **) ptr)[-1]);
}
