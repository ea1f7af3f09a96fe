/*
 * agg_state_functions.c — the concrete-state face of the collecting aggregates' support
 * functions (agg_state.h): for each family function written for an `internal` state, the C
 * function that the 1.1 SQL declaration of the same name (taking the family's state type)
 * calls. The `internal` functions stay as they are for 1.0 databases not yet updated.
 *
 * The last argument is the tag: the kind of rows a transition collects, or that a final
 * function requires (fit kinds, fit_state.h); 0 for none.
 */
#include "postgres.h"

#include "fmgr.h"

#include "agg_state.h"
#include "fit_state.h"

#define CR_STATE_FUNCTION(fn, type, call, tag) \
	extern Datum fn(PG_FUNCTION_ARGS); \
	PG_FUNCTION_INFO_V1(fn##_typed); \
	extern Datum fn##_typed(PG_FUNCTION_ARGS); \
	Datum \
	fn##_typed(PG_FUNCTION_ARGS) \
	{ \
		return cr_agg_state_call(fcinfo, fn, &type, call, tag); \
	}

/* cr_fit_state: the model fits (fit_state.c) */
CR_STATE_FUNCTION(btyd_fit_combine, cr_fit_state_type, CR_STATE_COMBINE, 0)
CR_STATE_FUNCTION(bgnbd_fit_trans, cr_fit_state_type, CR_STATE_TRANSITION, CR_FIT_KIND_BGNBD)
CR_STATE_FUNCTION(bgnbd_fit_merge_trans, cr_fit_state_type, CR_STATE_TRANSITION, CR_FIT_KIND_BGNBD)
CR_STATE_FUNCTION(bgnbd_fit_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_BGNBD)
CR_STATE_FUNCTION(mbgnbd_fit_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_BGNBD)
CR_STATE_FUNCTION(bgnbd_fit_state_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_BGNBD)
CR_STATE_FUNCTION(bgnbd_fit_diagnostics_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_BGNBD)
CR_STATE_FUNCTION(mbgnbd_fit_diagnostics_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_BGNBD)
CR_STATE_FUNCTION(pareto_nbd_fit_trans, cr_fit_state_type, CR_STATE_TRANSITION, CR_FIT_KIND_PARETO_NBD)
CR_STATE_FUNCTION(pareto_nbd_fit_merge_trans, cr_fit_state_type, CR_STATE_TRANSITION, CR_FIT_KIND_PARETO_NBD)
CR_STATE_FUNCTION(pareto_nbd_fit_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_PARETO_NBD)
CR_STATE_FUNCTION(pareto_nbd_fit_state_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_PARETO_NBD)
CR_STATE_FUNCTION(pareto_nbd_fit_diagnostics_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_PARETO_NBD)
CR_STATE_FUNCTION(gamma_gamma_fit_trans, cr_fit_state_type, CR_STATE_TRANSITION, CR_FIT_KIND_GAMMA_GAMMA)
CR_STATE_FUNCTION(gamma_gamma_fit_merge_trans, cr_fit_state_type, CR_STATE_TRANSITION, CR_FIT_KIND_GAMMA_GAMMA)
CR_STATE_FUNCTION(gamma_gamma_fit_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_GAMMA_GAMMA)
CR_STATE_FUNCTION(gamma_gamma_fit_state_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_GAMMA_GAMMA)
CR_STATE_FUNCTION(gamma_gamma_fit_diagnostics_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_GAMMA_GAMMA)
CR_STATE_FUNCTION(bgbb_fit_trans, cr_fit_state_type, CR_STATE_TRANSITION, CR_FIT_KIND_BGBB)
CR_STATE_FUNCTION(bgbb_fit_merge_trans, cr_fit_state_type, CR_STATE_TRANSITION, CR_FIT_KIND_BGBB)
CR_STATE_FUNCTION(bgbb_fit_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_BGBB)
CR_STATE_FUNCTION(bgbb_fit_state_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_BGBB)
CR_STATE_FUNCTION(bgbb_fit_diagnostics_final, cr_fit_state_type, CR_STATE_FINAL, CR_FIT_KIND_BGBB)

/* cr_sbg_state: sBG survivors per period (sbg_sql.c) */
CR_STATE_FUNCTION(sbg_fit_trans, cr_sbg_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(sbg_fit_merge_trans, cr_sbg_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(sbg_fit_combine, cr_sbg_state_type, CR_STATE_COMBINE, 0)
CR_STATE_FUNCTION(sbg_fit_final, cr_sbg_state_type, CR_STATE_FINAL, 0)
CR_STATE_FUNCTION(sbg_fit_state_final, cr_sbg_state_type, CR_STATE_FINAL, 0)
CR_STATE_FUNCTION(sbg_fit_diagnostics_final, cr_sbg_state_type, CR_STATE_FINAL, 0)

/* cr_km_state: the Kaplan–Meier life table (km_sql.c) */
CR_STATE_FUNCTION(kaplan_meier_trans, cr_km_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(km_merge_trans, cr_km_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(kaplan_meier_combine, cr_km_state_type, CR_STATE_COMBINE, 0)
CR_STATE_FUNCTION(kaplan_meier_final, cr_km_state_type, CR_STATE_FINAL, 0)

/* cr_logrank_state: life tables per (stratum, group) (logrank_sql.c) */
CR_STATE_FUNCTION(logrank_test_trans, cr_logrank_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(logrank_test_strata_trans, cr_logrank_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(km_logrank_trans, cr_logrank_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(km_logrank_strata_trans, cr_logrank_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(logrank_test_combine, cr_logrank_state_type, CR_STATE_COMBINE, 0)
CR_STATE_FUNCTION(logrank_test_final, cr_logrank_state_type, CR_STATE_FINAL, 0)

/* cr_sbg_compare_state: survivors per group (sbg_sql.c) */
CR_STATE_FUNCTION(sbg_compare_trans, cr_sbg_compare_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(sbg_compare_combine, cr_sbg_compare_state_type, CR_STATE_COMBINE, 0)
CR_STATE_FUNCTION(sbg_compare_final, cr_sbg_compare_state_type, CR_STATE_FINAL, 0)

/* cr_cov_fit_state: customers with their covariates (btyd_cov_sql.c) */
CR_STATE_FUNCTION(btyd_cov_fit_trans, cr_cov_fit_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(btyd_cov_fit_combine, cr_cov_fit_state_type, CR_STATE_COMBINE, 0)
CR_STATE_FUNCTION(bgnbd_cov_fit_final, cr_cov_fit_state_type, CR_STATE_FINAL, 0)
CR_STATE_FUNCTION(pareto_nbd_cov_fit_final, cr_cov_fit_state_type, CR_STATE_FINAL, 0)

/* cr_cohort_state: customers' active period indexes (cohort_sql.c) */
CR_STATE_FUNCTION(cohort_activity_trans_int8, cr_cohort_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(cohort_activity_trans_text, cr_cohort_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(cohort_activity_trans_uuid, cr_cohort_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(cohort_activity_merge_trans, cr_cohort_state_type, CR_STATE_TRANSITION, 0)
CR_STATE_FUNCTION(cohort_activity_combine, cr_cohort_state_type, CR_STATE_COMBINE, 0)
CR_STATE_FUNCTION(cohort_activity_final, cr_cohort_state_type, CR_STATE_FINAL, 0)
CR_STATE_FUNCTION(cohort_survivors_final, cr_cohort_state_type, CR_STATE_FINAL, 0)
CR_STATE_FUNCTION(cohort_activity_state_final, cr_cohort_state_type, CR_STATE_FINAL, 0)
