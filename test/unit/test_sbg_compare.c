/*
 * Unit tests of cr_sbg_fit_cohorts (src/core/sbg.c), the joint sBG fit of several cohorts that
 * sbg_compare runs per group and pooled. Reference: the sBG likelihood written from Fader &
 * Hardie (2007) and maximised by R's optim() (test/reference/sbg_compare.R).
 */
#include <math.h>
#include <stdio.h>

#include "incgamma.h"
#include "sbg.h"
#include "unit.h"

static const double regular[8] = {1000, 631, 468, 382, 326, 289, 262, 241};
static const double high_end[8] = {1000, 869, 743, 653, 593, 551, 517, 491};

int
main(void)
{
	CrSbgFit	f,
				g;
	double		sum[8];
	int			i;

	/* One cohort: the same fit as cr_sbg_fit. */
	{
		const double *s[1] = {high_end};
		int			n[1] = {8};

		unit_ok(cr_sbg_fit_cohorts(s, n, 1, &f) == 0 && f.converged, "one cohort converges", NULL);
		unit_rel_close(f.loglik, -1611.1581473911565, 1e-11, "high end loglik (R optim)");
		unit_rel_close(f.alpha, 0.66808839653648189, 1e-6, "high end alpha (R optim; published 0.668)");
		unit_rel_close(f.beta, 3.8060954815725108, 1e-6, "high end beta (published 3.806)");
		cr_sbg_fit(high_end, 8, &g);
		unit_rel_close(f.loglik, g.loglik, 1e-13, "same loglik as cr_sbg_fit");
	}
	/* Pooled regular + high end: R optim on the summed likelihoods. */
	{
		const double *s[2] = {high_end, regular};
		int			n[2] = {8, 8};

		unit_ok(cr_sbg_fit_cohorts(s, n, 2, &f) == 0 && f.converged, "pooled converges", NULL);
		unit_rel_close(f.loglik, -3393.4017248188543, 1e-11, "pooled loglik");
		unit_rel_close(f.alpha, 0.58073949809566583, 1e-6, "pooled alpha");
		unit_rel_close(f.beta, 1.6785530685078933, 1e-6, "pooled beta");
		unit_ok(f.n_periods == 7, "pooled n_periods", NULL);
		/* equal lengths: the same likelihood as the element-wise sum */
		for (i = 0; i < 8; i++)
			sum[i] = regular[i] + high_end[i];
		cr_sbg_fit(sum, 8, &g);
		unit_rel_close(f.loglik, g.loglik, 1e-12, "equal lengths fit as their sum");
		unit_rel_close(cr_chisq_upper(2 * (-1611.1581473911565 - 1680.2651884632874 - f.loglik), 2),
					   5.1445619272291524e-45, 1e-7, "LR p-value regular vs high end");
	}
	/* Cohorts of different lengths. */
	{
		const double *s[3] = {high_end, regular, regular};
		int			n[3] = {5, 8, 6};
		const double *r[2] = {regular, regular};
		int			rn[2] = {6, 8};

		unit_ok(cr_sbg_fit_cohorts(s + 1, n + 1, 2, &f) == 0 && f.converged, "ragged group converges", NULL);
		unit_rel_close(f.loglik, -3197.389501887862, 1e-11, "regular 0-7 and 0-5 loglik");
		unit_rel_close(f.alpha, 0.7177943304928559, 1e-6, "regular 0-7 and 0-5 alpha");
		unit_ok(cr_sbg_fit_cohorts(s, n, 3, &f) == 0 && f.converged, "ragged pooled converges", NULL);
		unit_rel_close(f.loglik, -4551.9458311173594, 1e-11, "ragged pooled loglik");
		unit_rel_close(f.beta, 1.6699227300102699, 1e-6, "ragged pooled beta");
		/* the order of the cohorts (here regular[0..5] first) changes nothing but rounding */
		unit_ok(cr_sbg_fit_cohorts(r, rn, 2, &g) == 0, "cohorts in the other order", NULL);
		unit_close(g.alpha, 0.7177943304928559, 1e-6, "the other order: same alpha");
	}
	/* Diagnostics carry over. */
	{
		const double a[3] = {100, 100, 100},
					b[4] = {50, 50, 50, 50};
		const double *s[2] = {a, b};
		int			n[2] = {3, 4};
		const double c[2] = {100, 60};
		const double *sc[2] = {c, c};
		int			nc[2] = {2, 2};

		unit_ok(cr_sbg_fit_cohorts(s, n, 2, &f) == 0 && f.problem == CR_SBG_FIT_NO_CHURN,
				"no churn in any cohort", NULL);
		unit_ok(cr_sbg_fit_cohorts(sc, nc, 2, &f) == 0 && f.problem == CR_SBG_FIT_TOO_FEW_PERIODS
				&& isnan(f.loglik), "one period only", NULL);
	}
	return unit_finish();
}
