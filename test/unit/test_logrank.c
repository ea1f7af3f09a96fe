/*
 * Unit tests of src/core/logrank.c (and cr_chisq_upper in incgamma.c) against R's
 * survival::survdiff and pchisq (test/reference/logrank.R prints these numbers): Gehan's 6-MP vs
 * placebo, the ovarian trial by treatment with and without strata(resid.ds).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incgamma.h"
#include "kaplan_meier.h"
#include "logrank.h"
#include "unit.h"

/* The life table of rows (time, status) whose group (and stratum) match; returns its length. */
static size_t
table_of(const double *time, const int *status, const int *grp, const int *str, int nrow,
		 int g, int s, CrKmPoint *out)
{
	size_t		n = 0;
	int			i;

	for (i = 0; i < nrow; i++)
		if (grp[i] == g && (str == NULL || str[i] == s))
		{
			out[n].time = time[i];
			out[n].events = status[i] ? 1 : 0;
			out[n].censored = status[i] ? 0 : 1;
			n++;
		}
	return cr_km_compact(out, n);
}

static const double gehan_t[42] = {6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35,
	1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23};

static const double ov_t[26] = {59, 115, 156, 421, 431, 448, 464, 475, 477, 563, 638, 744, 769, 770, 803, 855,
	1040, 1106, 1129, 1206, 1227, 268, 329, 353, 365, 377};
static const int ov_s[26] = {1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0};
static const int ov_rx[26] = {1, 1, 1, 2, 1, 1, 2, 2, 1, 2, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2, 2, 1, 1, 2, 2, 2};
static const int ov_rd[26] = {2, 2, 2, 2, 2, 1, 2, 2, 2, 1, 1, 1, 2, 2, 1, 1, 2, 1, 1, 2, 1, 2, 2, 1, 2, 1};

int
main(void)
{
	CrKmPoint	buf[8][64];
	const CrKmPoint *tab[8];
	size_t		np[8];
	int64_t		n[4],
				o[4];
	double		e[4],
				v[4];
	CrLogrankResult r = {n, o, e, v, 0, 0, 0};
	int			st[42],
				grp[42],
				i;

	/* chi-square upper tail against R's pchisq(x, df, lower.tail = FALSE) */
	unit_rel_close(cr_chisq_upper(3.84, 1), 0.050043521248705224, 1e-12, "pchisq 3.84 on 1 df");
	unit_rel_close(cr_chisq_upper(0.001, 1), 0.97477287936996038, 1e-12, "pchisq 0.001 on 1 df");
	unit_rel_close(cr_chisq_upper(50, 2), 1.3887943864964021e-11, 1e-12, "pchisq 50 on 2 df");
	unit_rel_close(cr_chisq_upper(25.4037, 3), 1.27124615075528e-05, 1e-12, "pchisq 25.4037 on 3 df");
	unit_rel_close(cr_chisq_upper(200, 10), 1.6139305336977309e-37, 1e-11, "pchisq 200 on 10 df");
	unit_ok(cr_chisq_upper(1e-8, 4) > 1 - 1e-15 && cr_chisq_upper(1e-8, 4) <= 1, "pchisq near 0 is 1", NULL);
	unit_ok(cr_chisq_upper(0, 3) == 1 && isnan(cr_chisq_upper(1, 0)), "pchisq edges", NULL);
	unit_close(cr_chisq_upper(1e6, 1), 0, 1e-300, "pchisq far tail underflows to 0");

	/* Gehan: survdiff(Surv(weeks, relapse) ~ arm) */
	for (i = 0; i < 42; i++)
	{
		st[i] = (i < 9 || i >= 21);
		grp[i] = (i < 21) ? 0 : 1;
	}
	for (i = 0; i < 2; i++)
	{
		np[i] = table_of(gehan_t, st, grp, NULL, 42, i, 0, buf[i]);
		tab[i] = buf[i];
	}
	unit_ok(cr_logrank(2, 1, tab, np, &r) == CR_LOGRANK_OK, "gehan runs", NULL);
	unit_ok(n[0] == 21 && n[1] == 21 && o[0] == 9 && o[1] == 21, "gehan N and observed", NULL);
	unit_rel_close(e[0], 19.250500948031128, 1e-12, "gehan expected 6-MP");
	unit_rel_close(e[1], 10.749499051968868, 1e-12, "gehan expected placebo");
	unit_rel_close(v[0], 6.2569605736754994, 1e-12, "gehan variance");
	unit_rel_close(r.chi_square, 16.79294098921654, 1e-12, "gehan chi-square");
	unit_ok(r.df == 1, "gehan df 1", NULL);
	unit_rel_close(r.p_value, 4.1688091093345308e-05, 1e-10, "gehan p-value");

	/* ovarian: ~ rx + strata(resid.ds); tables [stratum][group] */
	for (i = 0; i < 4; i++)
	{
		np[i] = table_of(ov_t, ov_s, ov_rx, ov_rd, 26, 1 + i % 2, 1 + i / 2, buf[i]);
		tab[i] = buf[i];
	}
	unit_ok(cr_logrank(2, 2, tab, np, &r) == CR_LOGRANK_OK, "ovarian stratified runs", NULL);
	unit_rel_close(e[0], 5.0951964701964698, 1e-12, "ovarian stratified expected rx=1");
	unit_rel_close(v[1], 2.8353808115377799, 1e-12, "ovarian stratified variance");
	unit_rel_close(r.chi_square, 1.2796434512033588, 1e-12, "ovarian stratified chi-square");
	unit_rel_close(r.p_value, 0.25796534002794669, 1e-11, "ovarian stratified p-value");

	/* unstratified */
	for (i = 0; i < 2; i++)
	{
		np[i] = table_of(ov_t, ov_s, ov_rx, NULL, 26, 1 + i, 0, buf[i]);
		tab[i] = buf[i];
	}
	cr_logrank(2, 1, tab, np, &r);
	unit_rel_close(r.chi_square, 1.0627398612914141, 1e-12, "ovarian chi-square");
	unit_rel_close(r.p_value, 0.30259111698909524, 1e-11, "ovarian p-value");

	/* A group alone in a stratum without events (E = 0) is
	 * left out of the statistic, as survdiff does. */
	np[2] = 0;
	tab[2] = NULL;
	buf[3][0].time = 1e6;
	buf[3][0].events = 0;
	buf[3][0].censored = 5;
	{
		const CrKmPoint *t3[6] = {tab[0], tab[1], NULL, NULL, NULL, buf[3]};
		size_t		n3[6] = {np[0], np[1], 0, 0, 0, 1};
		int64_t		n2[3],
					o2[3];
		double		e2[3],
					v2[3];
		CrLogrankResult r3 = {n2, o2, e2, v2, 0, 0, 0};

		unit_ok(cr_logrank(3, 2, t3, n3, &r3) == CR_LOGRANK_OK, "three groups, one never at risk", NULL);
		unit_ok(r3.df == 1 && e2[2] == 0 && n2[2] == 5, "df counts groups with E > 0", NULL);
		unit_rel_close(r3.chi_square, 1.0627398612914141, 1e-12, "same statistic as two groups");
	}

	/* No events at all: nothing to test. */
	buf[0][0].time = 1;
	buf[0][0].events = 0;
	buf[0][0].censored = 2;
	buf[1][0] = buf[0][0];
	np[0] = np[1] = 1;
	tab[0] = buf[0];
	tab[1] = buf[1];
	unit_ok(cr_logrank(2, 1, tab, np, &r) == CR_LOGRANK_OK && r.df == 0, "no events: df 0", NULL);
	unit_ok(cr_logrank(1, 1, tab, np, &r) == CR_LOGRANK_TOO_FEW_GROUPS, "one group refused", NULL);

	/* Generalized inverse: a singular 3x3 (rank 2) and a full one against a hand solution. */
	{
		double		a[9] = {2, 1, 0, 1, 2, 0, 0, 0, 0},
					b[3] = {1, 1, 0},
					q;
		double		c[4] = {4, 2, 2, 3},
					bc[2] = {1, 2};

		unit_ok(cr_sym_ginv_quad(3, a, b, 1e-10, &q) == 2, "rank 2", NULL);
		unit_rel_close(q, 2.0 / 3.0, 1e-14, "b' A^- b on the non-singular part");
		/* inv([[4,2],[2,3]]) = [[3,-2],[-2,4]]/8, b' inv b = (3 - 8 + 16)/8 */
		unit_ok(cr_sym_ginv_quad(2, c, bc, 1e-10, &q) == 2, "rank 2 of 2", NULL);
		unit_rel_close(q, 11.0 / 8.0, 1e-14, "b' A^-1 b");
	}
	return unit_finish();
}
