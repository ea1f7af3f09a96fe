/* Unit tests of src/core/continuity.c: the hand-computed case of sql/relationship_continuity.sql,
 * split states combined in another order give the same bits, state checks, empty state. */
#include <string.h>

#include "continuity.h"
#include "unit.h"

typedef struct Row
{
	int			kept;
	double		p,
				v,
				rb,
				ra,
				nb,
				na;
	int			has_v,
				has_rq,
				has_nps;
} Row;

/* ana's four customers of sql/relationship_continuity.sql (customer 3 has no rq before,
 * customer 4 no clv and no nps before). */
static const Row rows[] = {
	{1, 0.9, 100, 50, 60, 9, 10, 1, 1, 1},
	{0, 0.8, 50, 70, 40, 6, 8, 1, 1, 1},
	{1, 0.5, 10, 0, 80, 10, 3, 1, 0, 1},
	{1, 0.6, 0, 80, 85, 0, 9, 0, 1, 0},
};

static void
add(double *st, const Row *r)
{
	unit_ok(cr_continuity_add(st, r->kept, r->p, r->has_v ? &r->v : NULL,
							  r->has_rq ? &r->rb : NULL, r->has_rq ? &r->ra : NULL,
							  r->has_nps ? &r->nb : NULL, r->has_nps ? &r->na : NULL) == 0,
			"add a row", NULL);
}

int
main(void)
{
	double		st[CR_CONT_STATE_LEN],
				a[CR_CONT_STATE_LEN],
				b[CR_CONT_STATE_LEN];
	CrContinuity r;
	int			i;

	cr_continuity_init(st);
	unit_ok(cr_continuity_valid(st), "an empty state is valid", NULL);
	unit_ok(cr_continuity_result(st, &r) == 1, "an empty state has no result (NULL)", NULL);
	for (i = 0; i < 4; i++)
		add(st, &rows[i]);
	unit_ok(cr_continuity_valid(st), "the state is valid", NULL);
	unit_ok(cr_continuity_result(st, &r) == 0, "result", NULL);
	unit_rel_close(r.customers, 4, 0, "customers");
	unit_close(r.kept, 3, 0, "kept");
	unit_close(r.lost, 1, 0, "lost");
	unit_close(r.expected_lost, 1.2, 1e-15, "expected_lost = sum q");
	unit_close(r.expected_lost_low, 0, 0, "expected_lost_low clipped at 0");
	unit_close(r.expected_lost_high, 1.2 + 1.959963984540054 * sqrt(0.74), 1e-12, "expected_lost_high");
	unit_close(r.value_start, 160, 0, "value_start");
	unit_close(r.value_kept, 110, 0, "value_kept");
	unit_close(r.value_expected, 135, 1e-12, "value_expected = sum p v");
	unit_close(r.value_expected_low, 135 - 1.959963984540054 * sqrt(1325), 1e-10, "value_expected_low");
	unit_close(r.value_expected_high, 160, 0, "value_expected_high clipped at value_start");
	unit_close(r.rq_pairs, 3, 0, "rq pairs");
	unit_close(r.rq_change, -5, 1e-13, "rq change");
	unit_close(r.rq_change_se, sqrt(475.0 / 3), 1e-12, "rq change se");
	unit_close(r.nps_pairs, 3, 0, "nps pairs");
	unit_close(r.nps_before, 100.0 / 3, 1e-12, "nps before");
	unit_close(r.nps_after, 0, 1e-12, "nps after");
	unit_close(r.nps_change, -100.0 / 3, 1e-12, "nps change");
	unit_close(r.nps_change_se, 100 * sqrt((5 - 1.0 / 3) / 2 / 3), 1e-12, "nps change se");

	/* rows 3, 1 in one state, 4, 2 in another, combined: the same state, bit for bit */
	cr_continuity_init(a);
	cr_continuity_init(b);
	add(a, &rows[2]);
	add(a, &rows[0]);
	add(b, &rows[3]);
	add(b, &rows[1]);
	unit_ok(cr_continuity_combine(b, a) == 0, "combine", NULL);
	unit_ok(memcmp(a, st, sizeof(st)) != 0 && memcmp(b, st, sizeof(st)) == 0,
			"split, reordered and combined: the same state bit for bit", NULL);

	/* forged states */
	memcpy(a, st, sizeof(st));
	a[CR_CONT_KEPT] = 5;
	unit_ok(!cr_continuity_valid(a), "kept > customers is refused", NULL);
	memcpy(a, st, sizeof(st));
	a[CR_CONT_FMT] = 2;
	unit_ok(!cr_continuity_valid(a), "an unknown format is refused", NULL);
	memcpy(a, st, sizeof(st));
	a[CR_CONT_N] = 4.5;
	unit_ok(!cr_continuity_valid(a), "a fractional count is refused", NULL);

	/* NPS classes */
	unit_ok(cr_continuity_nps_class(6.99) == -1 && cr_continuity_nps_class(7) == 0 &&
			cr_continuity_nps_class(8.9) == 0 && cr_continuity_nps_class(9) == 1,
			"nps classes at 7 and 9", NULL);

	/* overflow of a value sum is reported */
	{
		double		big = 1e308;

		cr_continuity_init(a);
		unit_ok(cr_continuity_add(a, 1, 0.5, &big, NULL, NULL, NULL, NULL) == -1, "v^2 overflow is reported", NULL);
	}
	return unit_finish();
}
