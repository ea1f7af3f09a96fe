/*
 * sim_rows.h — customers simulated from the CDNOW BG/NBD fit with exact event times, collapsed
 * into a fit's distinct rows (x, t_x, T, weight) in ascending order, as the fitting aggregates
 * hand them to the core. For the unit tests and the pure-C fit benchmark (test/bench/fit_core.c).
 */
#ifndef CR_TEST_SIM_ROWS_H
#define CR_TEST_SIM_ROWS_H

#include <stdint.h>
#include <stdlib.h>

#include "bgnbd.h"
#include "rng.h"

typedef struct SimRow
{
	double		x,
				tx,
				T,
				w;
} SimRow;

static int
sim_row_cmp(const void *pa, const void *pb)
{
	const SimRow *a = pa,
			   *b = pb;

	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->tx != b->tx)
		return a->tx < b->tx ? -1 : 1;
	return (a->T > b->T) - (a->T < b->T);
}

/*
 * n customers drawn with the given seed; customer i is observed for 52 - 6 (c - 1 - i % c)
 * weeks, c = ncohorts (one cohort: 52 weeks; three: 40, 46 and 52). Writes the distinct rows to
 * x, tx, T, w (room for n each) and returns their number.
 */
static int64_t
sim_distinct_rows(int64_t n, uint64_t seed, int ncohorts, double *x, double *tx, double *T,
				  double *w)
{
	CrBgnbdParams p = {.r = 0.243, .alpha = 4.414, .a = 0.793, .b = 2.426};
	SimRow	   *rows = malloc(sizeof(SimRow) * n);
	CrRng		rng;
	int64_t		i,
				m = 0;

	cr_rng_seed(&rng, seed);
	for (i = 0; i < n; i++)
	{
		int64_t		xi;
		double		t,
					Ti = 52 - 6 * (double) (ncohorts - 1 - i % ncohorts);

		cr_bgnbd_simulate_variant(CR_BGNBD, &p, Ti, 0, &rng, &xi, &t);
		rows[i] = (SimRow) {(double) xi, xi ? t : 0, Ti, 1};
	}
	qsort(rows, n, sizeof(SimRow), sim_row_cmp);
	for (i = 0; i < n; i++)
		if (m > 0 && sim_row_cmp(&rows[m - 1], &rows[i]) == 0)
			rows[m - 1].w += 1;
		else
			rows[m++] = rows[i];
	for (i = 0; i < m; i++)
	{
		x[i] = rows[i].x;
		tx[i] = rows[i].tx;
		T[i] = rows[i].T;
		w[i] = rows[i].w;
	}
	free(rows);
	return m;
}

#endif							/* CR_TEST_SIM_ROWS_H */
