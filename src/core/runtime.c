/*
 * runtime.c — see runtime.h.
 */
#include "runtime.h"

#include <stdlib.h>

static void *(*alloc_hook) (size_t) = malloc;
static void (*release_hook) (void *) = free;
void		(*cr_check_interrupts_hook) (void) = NULL;

void
cr_runtime_set_hooks(const CrRuntimeHooks *hooks)
{
	if (hooks->alloc)
		alloc_hook = hooks->alloc;
	if (hooks->release)
		release_hook = hooks->release;
	if (hooks->check_interrupts)
		cr_check_interrupts_hook = hooks->check_interrupts;
}

void *
cr_malloc(size_t size)
{
	return alloc_hook(size ? size : 1);
}

void
cr_free(void *ptr)
{
	if (ptr)
		release_hook(ptr);
}
