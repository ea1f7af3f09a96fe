/*
 * agg_state.h — concrete state types for the collecting aggregates (fits, survival curves,
 * cohorts, group comparisons), so that Citus can run their partial aggregation on its workers.
 *
 * Citus pushes partial aggregation to workers only for a state type with text input and output;
 * PostgreSQL's parallel query needs a state that can cross processes. A state of ours is an
 * expanded object (utils/expandeddatum.h), as array aggregation uses: between transitions it
 * stays a family's working in-memory form (a hash table of distinct rows, say), untouched, and
 * only when it leaves the node — a Gather's tuple queue, Citus's worker_partial_agg, a table
 * column — is it flattened into the family's canonical bytes: the same bytes as the family's
 * <agg>_state() functions (sorted rows, version byte first, byte-order independent).
 *
 * The families keep their transition, combine and final functions written against their
 * in-memory state (declared `internal` in 1.0). A thin wrapper (agg_state_functions.c) gives
 * each of them the face of the concrete type: it opens the argument (the expanded object, or
 * flat bytes decoded once), calls the family's function on the in-memory state, and hands back
 * the same expanded object, so a transition costs one pointer check more than before.
 *
 * Each SQL state type has one CrAggStateType: its name, and how its in-memory state becomes
 * flat bytes and back. Flat bytes typed in by a user (the type's input and receive functions)
 * are decoded with every check of the family's <agg>_merge(); bytes flattened by this library
 * are decoded with the structural checks only.
 */
#ifndef CUSTOMER_REL_AGG_STATE_H
#define CUSTOMER_REL_AGG_STATE_H

#include "postgres.h"
#include "fmgr.h"

typedef struct CrAggStateType
{
	const char *name;			/* the SQL type, e.g. "cr_fit_state" */

	/*
	 * The canonical flat form of an in-memory state (never NULL), with the given tag (the kind
	 * of rows, for families that have several; 0 otherwise). Allocates in CurrentMemoryContext.
	 */
	bytea	   *(*encode) (void *state, uint8 tag);

	/*
	 * The in-memory state of flat bytes, allocated in mcxt, and its tag. With validate, every
	 * check of the family's merge (values, orders, the rows each kind admits), ereport 22P03
	 * otherwise; without, the lengths only (bytes this library flattened).
	 */
	void	   *(*decode) (bytea *flat, MemoryContext mcxt, bool validate, uint8 *tag);

	/*
	 * Optional: combine flat bytes this library flattened straight into an in-memory state,
	 * without decoding them into a state of their own first (the leader of a parallel plan then
	 * writes each worker's rows once). state NULL: a new one, allocated in mcxt. want_tag: the
	 * tag the bytes must carry (0: any; else cr_agg_state_tag_mismatch); *tag: the tag they
	 * carry. Returns the state. Without it, the bytes are decoded and the family's combine runs.
	 */
	void	   *(*combine_flat) (void *state, bytea *flat, MemoryContext mcxt, uint8 want_tag,
								 uint8 *tag);

	/*
	 * Optional: frees an in-memory state and everything it holds, once its flat form has been
	 * made. The expanded state then keeps the flat form alone and decodes it again only if the
	 * state is used after all. A state is flattened when it leaves its plan node, and is hardly
	 * ever used after that: a partial state on its way to the Gather, or the parallel leader's
	 * own share, which the executor copies flat before combining it. Without this, a large
	 * state stays in memory twice until the query ends, and its memory is not there for the
	 * leader's combine, which then faults in fresh pages. NULL: the state is kept.
	 */
	void		(*release) (void *state);
} CrAggStateType;

/* The error for a state of another kind than the one expected (tags, above). */
extern void cr_agg_state_tag_mismatch(const CrAggStateType *type, uint8 got, uint8 want);

/* The families' state types (defined beside each family's state). */
extern const CrAggStateType cr_fit_state_type;
extern const CrAggStateType cr_sbg_state_type;
extern const CrAggStateType cr_km_state_type;
extern const CrAggStateType cr_logrank_state_type;
extern const CrAggStateType cr_sbg_compare_state_type;
extern const CrAggStateType cr_cov_fit_state_type;
extern const CrAggStateType cr_cohort_state_type;

/*
 * Calls a family's function written for an `internal` state with the arguments of the concrete
 * type: the state arguments (argument 0 of a transition or final function; 0 and 1 of a
 * combine function) are opened — an expanded state of ours is used as it is, flat bytes are
 * decoded once into a new one — and passed on as pointers to their in-memory state. A
 * transition or combine returns the expanded state that holds the function's result (the same
 * one when the function returned the state it was given); a final function returns the
 * function's result. tag: for transitions the tag of a new state, for final functions the tag
 * the state must carry (0: any).
 */
typedef enum CrAggStateCall
{
	CR_STATE_TRANSITION,
	CR_STATE_COMBINE,
	CR_STATE_FINAL
} CrAggStateCall;

extern Datum cr_agg_state_call(FunctionCallInfo fcinfo, PGFunction fn,
							   const CrAggStateType *type, CrAggStateCall call, uint8 tag);

#endif							/* CUSTOMER_REL_AGG_STATE_H */
