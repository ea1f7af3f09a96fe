/*
 * continuity.h — what an owner of customers kept over a period, against what a model expected
 * (pure C11, no PostgreSQL): the state and result of the relationship_continuity aggregate.
 *
 * One row per customer present at the start of the period: whether the customer was kept
 * (the outcome observed at the end), the model's probability p of that outcome computed at the
 * start, optionally a value (CLV at the start), and optionally the relationship-quality index and
 * the NPS answer of an earlier and a later survey wave. The state is constant-size: counts and
 * exact (hi, lo) sums (exact_sum.h) of per-row terms, so the same rows give the same state, and
 * the same result bit for bit, in any order and under any parallel plan.
 *
 * Formulas (README "Per-owner access"), with q = 1 - p:
 *   expected_lost = sum q; its variance sum p q (independent customers: a Poisson-binomial count);
 *   95 % interval expected_lost -/+ z sqrt(sum p q), z = Phi^-1(0.975), clipped to [0, customers];
 *   value_expected = sum p v, interval -/+ z sqrt(sum v^2 p q), clipped to [0, value_start];
 *   rq change = mean of (after - before) over customers with both, standard error s_d / sqrt(m);
 *   nps change = 100 * mean of (c_after - c_before), c = 1 promoter, 0 passive, -1 detractor,
 *   over customers with both answers; standard error 100 s_d / sqrt(m).
 */
#ifndef CR_CONTINUITY_H
#define CR_CONTINUITY_H

#include <stdbool.h>

#define CR_CONT_FORMAT		1
#define CR_CONT_STATE_LEN	31

/* State slots. Counts are whole numbers held in doubles (exact below 2^53); sums are (hi, lo). */
#define CR_CONT_FMT			0
#define CR_CONT_N			1	/* customers */
#define CR_CONT_KEPT		2
#define CR_CONT_VALUED		3	/* customers with a value */
#define CR_CONT_Q			4	/* sum (1 - p) */
#define CR_CONT_PQ			6	/* sum p (1 - p) */
#define CR_CONT_V			8	/* sum v */
#define CR_CONT_VKEPT		10	/* sum v over the kept */
#define CR_CONT_PV			12	/* sum p v */
#define CR_CONT_V2PQ		14	/* sum v^2 p (1 - p) */
#define CR_CONT_RQ_N		16	/* customers with an RQ index in both waves */
#define CR_CONT_RQ_B		17	/* sum before */
#define CR_CONT_RQ_A		19	/* sum after */
#define CR_CONT_RQ_D		21	/* sum (after - before) */
#define CR_CONT_RQ_D2		23	/* sum (after - before)^2 */
#define CR_CONT_NPS_N		25	/* customers with an NPS answer in both waves */
#define CR_CONT_NPS_PB		26	/* promoters before */
#define CR_CONT_NPS_DB		27	/* detractors before */
#define CR_CONT_NPS_PA		28	/* promoters after */
#define CR_CONT_NPS_DA		29	/* detractors after */
#define CR_CONT_NPS_D2		30	/* sum (c_after - c_before)^2 */

/* The figures; has_* false means the figure is undefined (SQL NULL). */
typedef struct CrContinuity
{
	double		customers,
				kept,
				lost;
	double		expected_lost,
				expected_lost_low,
				expected_lost_high;
	bool		has_value;
	double		value_start,
				value_kept,
				value_expected,
				value_expected_low,
				value_expected_high;
	double		rq_pairs;
	bool		has_rq,
				has_rq_se;
	double		rq_before,
				rq_after,
				rq_change,
				rq_change_se;
	double		nps_pairs;
	bool		has_nps,
				has_nps_se;
	double		nps_before,
				nps_after,
				nps_change,
				nps_change_se;
} CrContinuity;

/* An empty state. */
extern void cr_continuity_init(double *st);

/* 1 when st looks like a state of this format (lengths are the caller's to check), else 0. */
extern int	cr_continuity_valid(const double *st);

/*
 * Add one customer. p in [0, 1]; value >= 0 when given; rq in [0, 100] and nps in [0, 10] when
 * given (the caller validates). A NULL pointer means "not given". Returns 0, or -1 when a sum
 * overflows a double (the state is then unusable).
 */
extern int	cr_continuity_add(double *st, bool kept, double p, const double *value,
							  const double *rq_before, const double *rq_after,
							  const double *nps_before, const double *nps_after);

/* a += b. Returns 0, or -1 on overflow. */
extern int	cr_continuity_combine(double *a, const double *b);

/* The figures of a state; returns 0, or 1 for a state without customers (SQL NULL). */
extern int	cr_continuity_result(const double *st, CrContinuity *out);

/* NPS class of an answer on 0..10: 1 promoter (>= 9), 0 passive (>= 7), -1 detractor. */
extern int	cr_continuity_nps_class(double answer);

#endif							/* CR_CONTINUITY_H */
