/*
 * runtime.h — what the pure-C core needs from whoever runs it: memory and a way to be stopped.
 *
 * The core has no PostgreSQL headers (CONVENTIONS §1), yet inside a server every long loop must
 * answer a cancel (statement_timeout, pg_cancel_backend) within half a second, and an error may
 * leave any function at any point. So the core allocates only through cr_malloc/cr_free and
 * calls cr_check_interrupts() in every loop that can run long (about every millisecond of
 * work). The SQL face installs hooks at load time (src/customer_rel.c): palloc in the current
 * memory context and CHECK_FOR_INTERRUPTS(), which may throw (longjmp) out of the core; the
 * memory goes with the memory context, so nothing leaks. Unit tests and fuzzers keep the
 * defaults: libc malloc/free and no interrupts.
 *
 * Core code must therefore never keep state across calls in memory from cr_malloc, and never
 * hold a resource other than memory while it calls cr_check_interrupts().
 */
#ifndef CR_RUNTIME_H
#define CR_RUNTIME_H

#include <stddef.h>

typedef struct CrRuntimeHooks
{
	void	   *(*alloc) (size_t size);	/* NULL on failure, never throws */
	void		(*release) (void *ptr);	/* accepts NULL */
	void		(*check_interrupts) (void);	/* may not return (longjmp) */
} CrRuntimeHooks;

/* Installs the hooks (any member NULL keeps the default). */
extern void cr_runtime_set_hooks(const CrRuntimeHooks *hooks);

extern void *cr_malloc(size_t size);
extern void cr_free(void *ptr);

/* The current hook; a cheap call, so place it in loops freely. */
extern void (*cr_check_interrupts_hook) (void);

static inline void
cr_check_interrupts(void)
{
	if (cr_check_interrupts_hook)
		cr_check_interrupts_hook();
}

/*
 * For loops whose iterations are very cheap: check every 2^k-th iteration,
 * e.g. if (CR_EVERY(i, 4096)) cr_check_interrupts();  (period a power of 2)
 */
#define CR_EVERY(i, period) ((((size_t) (i)) & ((size_t) (period) - 1)) == 0)

#endif							/* CR_RUNTIME_H */
