/*
 * Unit tests of the relationship family's core: betainc.c (incomplete beta, its inverse, F
 * quantiles), cronbach.c, relationship_quality.c, engagement.c, health.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "betainc.h"
#include "cronbach.h"
#include "engagement.h"
#include "health.h"
#include "relationship_quality.h"
#include "unit.h"

/* log C(n, j) */
static double
lchoose(int n, int j)
{
	return lgamma(n + 1.0) - lgamma(j + 1.0) - lgamma(n - j + 1.0);
}

/* I_x(a, b) for integer a, b: P(Binomial(a + b - 1, x) >= a) (A&S 26.5.24). */
static double
betainc_binomial(int a, int b, double x)
{
	int			n = a + b - 1,
				j;
	double		s = 0;

	for (j = a; j <= n; j++)
		s += exp(lchoose(n, j) + j * log(x) + (n - j) * log1p(-x));
	return s;
}

static void
test_betainc(void)
{
	char		name[128];
	double		xs[] = {1e-6, 0.01, 0.2, 0.5, 0.77, 0.999};
	int			ab[][2] = {{1, 1}, {2, 3}, {5, 5}, {10, 2}, {30, 40}, {1, 60}};
	int			i,
				j;

	/* closed forms */
	unit_close(cr_betainc(1, 1, 0.3), 0.3, 1e-15, "I_x(1,1) = x");
	unit_rel_close(cr_betainc(3.5, 1, 0.4), pow(0.4, 3.5), 1e-13, "I_x(a,1) = x^a");
	unit_rel_close(cr_betainc(1, 4.25, 0.2), 1 - pow(0.8, 4.25), 1e-13, "I_x(1,b) = 1-(1-x)^b");
	unit_close(cr_betainc(7.3, 7.3, 0.5), 0.5, 1e-14, "I_0.5(a,a) = 1/2");
	unit_close(cr_betainc(0.5, 0.5, 0.25), 2 / 3.14159265358979323846 * asin(0.5), 1e-14,
			   "I_x(1/2,1/2) = 2/pi asin(sqrt x)");
	unit_close(cr_betainc(2.5, 4, 0), 0, 0, "I_0 = 0");
	unit_close(cr_betainc(2.5, 4, 1), 1, 0, "I_1 = 1");
	unit_ok(isnan(cr_betainc(-1, 2, 0.5)) && isnan(cr_betainc(1, 2, 1.5)) &&
			isnan(cr_betainc(1, 2, NAN)), "betainc: NaN outside the domain", NULL);

	/* integer a, b against the binomial sum, and the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) */
	for (i = 0; i < 6; i++)
		for (j = 0; j < 6; j++)
		{
			double		want = betainc_binomial(ab[i][0], ab[i][1], xs[j]);
			double		got = cr_betainc(ab[i][0], ab[i][1], xs[j]);

			snprintf(name, sizeof(name), "I_%g(%d,%d) = binomial tail", xs[j], ab[i][0], ab[i][1]);
			unit_ok(fabs(got - want) <= 1e-11 * want + 1e-300, name, NULL);
			snprintf(name, sizeof(name), "symmetry at x=%g, a=%d, b=%d", xs[j], ab[i][0], ab[i][1]);
			unit_close(got + cr_betainc(ab[i][1], ab[i][0], 1 - xs[j]), 1.0, 1e-13, name);
		}

	/*
	 * The inverse returns to p over a grid of shapes, including large ones. Where the root is
	 * above 1/2, a double cannot resolve 1 - x, so the check goes through the mirrored inverse
	 * (as cr_f_quantile does): 1 - X ~ Beta(b, a). The error is measured relative to the
	 * smaller tail, min(p, 1 - p).
	 */
	{
		double		as[] = {0.05, 0.5, 1, 3.3, 44, 2500, 1e6};
		double		ps[] = {1e-10, 0.025, 0.3, 0.5, 0.9, 0.975, 1 - 1e-9};
		int			a,
					b,
					p,
					bad = 0;
		double		worst = 0;

		for (a = 0; a < 7; a++)
			for (b = 0; b < 7; b++)
				for (p = 0; p < 7; p++)
				{
					double		A = as[a],
								B = as[b],
								P = ps[p];
					double		x = cr_betainc_inv(A, B, P);
					double		err,
								cons = 0;

					if (x <= 0.5)
						err = fabs(cr_betainc(A, B, x) - P);
					else
					{
						double		y = cr_betainc_inv(B, A, 1 - P);

						err = fabs(cr_betainc(B, A, y) - (1 - P));
						cons = fabs(x - (1 - y));
					}
					err /= fmin(P, 1 - P);
					if (!(x >= 0 && x <= 1) || !(err <= 1e-9) || !(cons <= 1e-8))
						bad++;
					if (err > worst)
						worst = err;
				}
		snprintf(name, sizeof(name), "betainc_inv round trip on 343 points (worst relative %.2g)",
				 worst);
		unit_ok(bad == 0, name, "some points did not return to p");
	}
	unit_close(cr_betainc_inv(2, 3, 0), 0, 0, "inverse at p = 0");
	unit_close(cr_betainc_inv(2, 3, 1), 1, 0, "inverse at p = 1");
	unit_ok(isnan(cr_betainc_inv(2, 3, 1.5)) && isnan(cr_betainc_inv(0, 3, 0.5)),
			"betainc_inv: NaN outside the domain", NULL);

	/* F quantiles of printed tables (and of t^2 for d1 = 1) */
	unit_rel_close(cr_f_quantile(0.95, 5, 10), 3.325834530, 1e-8, "F(0.95; 5, 10) = 3.3258");
	unit_rel_close(cr_f_quantile(0.99, 1, 1), 4052.180695, 1e-8, "F(0.99; 1, 1) = 4052.18");
	unit_rel_close(cr_f_quantile(0.95, 1, 10), 2.228138852 * 2.228138852, 1e-8,
				   "F(0.95; 1, 10) = t(0.975; 10)^2");
	unit_rel_close(cr_f_quantile(0.975, 88, 528), 1.352900806, 1e-8, "F(0.975; 88, 528)");
	unit_rel_close(cr_f_quantile(0.025, 88, 528), 0.7122227084, 1e-8, "F(0.025; 88, 528)");
	unit_rel_close(cr_f_quantile(0.5, 2, 2), 1.0, 1e-12, "median of F(2, 2) = 1");
	unit_ok(cr_f_quantile(1, 3, 4) == INFINITY && cr_f_quantile(0, 3, 4) == 0,
			"F quantile at p = 0 and p = 1", NULL);
	/* huge degrees of freedom (a survey of millions): F concentrates at 1 */
	{
		double		f = cr_f_quantile(0.975, 1e7, 9e7);

		unit_ok(f > 1 && f < 1.002, "F(0.975; 1e7, 9e7) just above 1", NULL);
	}
}

/* The published example: covariance [[10,6,6,6],[6,11,6,6],[6,6,12,6],[6,6,6,13]]. */
static const double pub_cov[16] = {
	10, 6, 6, 6,
	6, 11, 6, 6,
	6, 6, 12, 6,
	6, 6, 6, 13
};
static const double pub_if_deleted[4] = {0.7500, 0.7606, 0.7714, 0.7826};

/* Sylvester-Hadamard sign of row r, column c (order 8). */
static double
hadamard(int r, int c)
{
	int			v = r & c,
				bits = 0;

	while (v)
	{
		bits += v & 1;
		v >>= 1;
	}
	return (bits & 1) ? -1.0 : 1.0;
}

/*
 * Eight respondents whose sample covariance is exactly pub_cov: a common factor (variance 6) on
 * Hadamard column 1 plus item-specific parts (variances 4..7) on columns 2..5; the columns are
 * orthogonal and centred, each with sample variance 8/7. offset shifts every answer.
 */
static void
pub_data(double x[8][4], double offset)
{
	int			r,
				i;

	for (r = 0; r < 8; r++)
		for (i = 0; i < 4; i++)
			x[r][i] = offset + sqrt(6.0 * 7 / 8) * hadamard(r, 1) +
				sqrt((4.0 + i) * 7 / 8) * hadamard(r, 2 + i);
}

static void
test_cronbach(void)
{
	double		alpha,
				del[4],
				lo,
				hi;
	double		st[64],
				st2[64],
				st3[64];
	double		x[8][4];
	char		name[96];
	int			i,
				r;

	unit_ok(cr_cronbach_alpha_cov(4, pub_cov, &alpha, del) == CR_CRONBACH_OK,
			"alpha of the published covariance matrix is defined", NULL);
	unit_close(alpha, 0.8136, 5e-5, "published alpha = 0.8136");
	unit_close(alpha, 4.0 / 3 * (1 - 46.0 / 118), 1e-14, "alpha = 4/3 (1 - 46/118)");
	for (i = 0; i < 4; i++)
	{
		snprintf(name, sizeof(name), "published alpha if item %d deleted = %.4f", i + 1,
				 pub_if_deleted[i]);
		unit_close(del[i], pub_if_deleted[i], 5e-5, name);
	}

	/* the same from data, one respondent at a time */
	unit_ok(cr_cronbach_state_len(4) == 4 + 2 * 4 + 2 * 10, "state length for k = 4", NULL);
	unit_ok(cr_cronbach_state_len(1) == -1 && cr_cronbach_state_len(1001) == -1,
			"state length rejects k outside 2..1000", NULL);
	pub_data(x, 20);
	cr_cronbach_init(st, 4);
	for (r = 0; r < 8; r++)
		cr_cronbach_add(st, x[r]);
	unit_ok(cr_cronbach_alpha_state(st, &alpha, del) == CR_CRONBACH_OK, "alpha of data", NULL);
	unit_close(alpha, 4.0 / 3 * (1 - 46.0 / 118), 1e-12, "data with the published covariance");
	unit_close(del[3], 1.5 * (1 - 33.0 / 69), 1e-12, "alpha if item 4 deleted = 1.5 (1 - 33/69)");

	/* merging two halves gives the same state */
	cr_cronbach_init(st2, 4);
	cr_cronbach_init(st3, 4);
	for (r = 0; r < 3; r++)
		cr_cronbach_add(st2, x[r]);
	for (r = 3; r < 8; r++)
		cr_cronbach_add(st3, x[r]);
	st3[3] = 2;					/* skipped respondents add up too */
	cr_cronbach_merge(st2, st3);
	unit_close(st2[2], 8, 0, "merged n");
	unit_close(st2[3], 2, 0, "merged n_skipped");
	cr_cronbach_alpha_state(st2, &alpha, NULL);
	unit_close(alpha, 4.0 / 3 * (1 - 46.0 / 118), 1e-12, "merged halves");
	/* merging into an empty state */
	cr_cronbach_init(st3, 4);
	st3[3] = 1;
	cr_cronbach_merge(st3, st2);
	unit_close(st3[2], 8, 0, "merge into empty: n");
	unit_close(st3[3], 3, 0, "merge into empty: n_skipped");
	cr_cronbach_alpha_state(st3, &alpha, NULL);
	unit_close(alpha, 4.0 / 3 * (1 - 46.0 / 118), 1e-12, "merge into empty: alpha");

	/* a large common offset: co-moments keep the precision that raw cross-products lose */
	pub_data(x, 1e8);
	cr_cronbach_init(st, 4);
	for (r = 0; r < 8; r++)
		cr_cronbach_add(st, x[r]);
	cr_cronbach_alpha_state(st, &alpha, NULL);
	unit_close(alpha, 4.0 / 3 * (1 - 46.0 / 118), 1e-6, "answers around 1e8");

	/* answers so large that their squares overflow: reported, not a NaN */
	{
		double		big[2][3] = {{1e200, -1e200, 0}, {-1e200, 1e200, 1}};

		cr_cronbach_init(st, 3);
		unit_ok(cr_cronbach_add(st, big[0]) == -1, "overflow of the sums of squares is reported", NULL);
		unit_ok(cr_cronbach_add(st, big[1]) == -1, "and stays reported", NULL);
		unit_ok(cr_cronbach_alpha_state(st, &alpha, NULL) == CR_CRONBACH_OVERFLOW,
				"alpha of an overflowed state: overflow", NULL);
	}

	/* undefined cases */
	cr_cronbach_init(st, 3);
	{
		double		row[3] = {2, 2, 2};

		cr_cronbach_add(st, row);
		unit_ok(cr_cronbach_alpha_state(st, &alpha, NULL) == CR_CRONBACH_TOO_FEW,
				"one respondent: too few", NULL);
		cr_cronbach_add(st, row);
		unit_ok(cr_cronbach_alpha_state(st, &alpha, NULL) == CR_CRONBACH_NO_VARIANCE,
				"constant answers: no variance", NULL);
	}
	{
		/* two items, alpha-if-deleted undefined (one item left) */
		double		cov2[4] = {1, 0.5, 0.5, 1};

		cr_cronbach_alpha_cov(2, cov2, &alpha, del);
		unit_close(alpha, 2 * (1 - 2 / 3.0), 1e-14, "k = 2: alpha = 2 (1 - 2/3)");
		unit_ok(isnan(del[0]) && isnan(del[1]), "k = 2: alpha if deleted undefined", NULL);
	}
	{
		/* items that cancel exactly: total variance 0 */
		double		cov2[4] = {1, -1, -1, 1};

		unit_ok(cr_cronbach_alpha_cov(2, cov2, &alpha, NULL) == CR_CRONBACH_NO_VARIANCE,
				"perfectly opposed items: no variance of the total", NULL);
	}

	/* Feldt interval: alpha = 0.85, k = 7, n = 89 gives [0.7971, 0.8932] */
	unit_ok(cr_cronbach_feldt_ci(0.85, 89, 7, 0.95, &lo, &hi) == 0, "Feldt interval computed", NULL);
	unit_close(lo, 0.7971, 5e-5, "Feldt low = 0.7971");
	unit_close(hi, 0.8932, 5e-5, "Feldt high = 0.8932");
	unit_ok(lo < 0.85 && hi > 0.85, "the interval contains the estimate", NULL);
	cr_cronbach_feldt_ci(0.85, 89, 7, 0.99, &alpha, del);
	unit_ok(alpha < lo && del[0] > hi, "99 % interval is wider", NULL);
	unit_ok(cr_cronbach_feldt_ci(0.85, 1, 7, 0.95, &lo, &hi) == -1 &&
			cr_cronbach_feldt_ci(1.2, 50, 7, 0.95, &lo, &hi) == -1 &&
			cr_cronbach_feldt_ci(0.8, 50, 7, 1.0, &lo, &hi) == -1,
			"Feldt rejects n < 2, alpha > 1, level 1", NULL);
	unit_ok(cr_cronbach_feldt_ci(1.0, 50, 7, 0.95, &lo, &hi) == 0 && lo == 1 && hi == 1,
			"alpha = 1 gives the interval [1, 1]", NULL);
}

static void
test_relationship_quality(void)
{
	CrRqTable	t,
				d;
	CrRqResult	r;
	char		buf[CR_RQ_NAME_MAX + 1];
	int			l,
				i;
	double		sum[CR_RQ_MAX_DIMS],
				cnt[CR_RQ_MAX_DIMS];
	char		longname[80];

	unit_ok(cr_rq_normalize_name("  TrUsT\t", 8, buf, &l) == CR_RQ_OK && l == 5 &&
			strcmp(buf, "trust") == 0, "normalise: trim and fold", NULL);
	unit_ok(cr_rq_normalize_name("Trust Level", 11, buf, &l) == CR_RQ_OK &&
			strcmp(buf, "trust level") == 0, "normalise keeps inner spaces", NULL);
	unit_ok(cr_rq_normalize_name(" \n ", 3, buf, &l) == CR_RQ_EMPTY_NAME, "empty name", NULL);
	memset(longname, 'a', sizeof(longname));
	unit_ok(cr_rq_normalize_name(longname, 64, buf, &l) == CR_RQ_NAME_TOO_LONG &&
			cr_rq_normalize_name(longname, 63, buf, &l) == CR_RQ_OK, "63 bytes at most", NULL);
	unit_ok(cr_rq_normalize_name("\xc3\x89QUITE", 7, buf, &l) == CR_RQ_OK &&
			memcmp(buf, "\xc3\x89quite", 7) == 0, "non-ASCII bytes kept as they are", NULL);

	cr_rq_default_table(&d);
	unit_ok(d.ndims == 9 && d.is_default && strcmp(d.name[0], "trust") == 0 &&
			strcmp(d.name[8], "engagement") == 0, "default table", NULL);
	unit_ok(cr_rq_table_find(&d, " Fairness ", 10) == 3, "find normalises", NULL);
	unit_ok(cr_rq_table_find(&d, "loyalty", 7) == -1, "unknown dimension", NULL);

	/* custom tables */
	cr_rq_table_begin(&t);
	unit_ok(cr_rq_table_add(&t, "Trust", 5, 2) == CR_RQ_OK &&
			cr_rq_table_add(&t, "responsiveness", 14, 1) == CR_RQ_OK &&
			cr_rq_table_add(&t, "fairness", 8, 0) == CR_RQ_OK, "custom table built", NULL);
	unit_ok(cr_rq_table_add(&t, " trust", 6, 1) == CR_RQ_DUPLICATE, "duplicate after normalising",
			NULL);
	unit_ok(cr_rq_table_add(&t, "x", 1, -1) == CR_RQ_BAD_WEIGHT &&
			cr_rq_table_add(&t, "x", 1, NAN) == CR_RQ_BAD_WEIGHT &&
			cr_rq_table_add(&t, "x", 1, INFINITY) == CR_RQ_BAD_WEIGHT, "bad weights", NULL);
	unit_ok(cr_rq_table_finish(&t) == CR_RQ_OK && !t.is_default &&
			strcmp(t.name[0], "fairness") == 0 && strcmp(t.name[1], "responsiveness") == 0 &&
			strcmp(t.name[2], "trust") == 0 && t.weight[2] == 2, "custom table sorted", NULL);
	unit_ok(t.fingerprint != d.fingerprint, "fingerprints differ", NULL);
	{
		CrRqTable	z;

		cr_rq_table_begin(&z);
		unit_ok(cr_rq_table_finish(&z) == CR_RQ_NO_DIMENSIONS, "empty table", NULL);
		cr_rq_table_add(&z, "a", 1, 0);
		unit_ok(cr_rq_table_finish(&z) == CR_RQ_NO_WEIGHT, "all weights zero", NULL);
		cr_rq_table_begin(&z);
		for (i = 0; i < CR_RQ_MAX_DIMS; i++)
		{
			snprintf(buf, sizeof(buf), "d%d", i);
			cr_rq_table_add(&z, buf, strlen(buf), 1);
		}
		unit_ok(cr_rq_table_add(&z, "one more", 8, 1) == CR_RQ_TOO_MANY, "64 dimensions at most",
				NULL);
		/* the default instrument given explicitly, in another order and case */
		cr_rq_table_begin(&z);
		for (i = 8; i >= 0; i--)
		{
			snprintf(buf, sizeof(buf), " %s", cr_rq_default_dimensions[i]);
			buf[1] = (char) (buf[1] - 'a' + 'A');
			cr_rq_table_add(&z, buf, strlen(buf), 1);
		}
		unit_ok(cr_rq_table_finish(&z) == CR_RQ_OK && z.is_default &&
				z.fingerprint == d.fingerprint, "explicit default weights are the default table",
				NULL);
	}

	/* score normalisation */
	unit_close(cr_rq_normalize_score(4, 1, 7), 50, 1e-12, "4 on 1..7 is 50");
	unit_close(cr_rq_normalize_score(1, 1, 5), 0, 0, "minimum is 0");
	unit_close(cr_rq_normalize_score(10, 0, 10), 100, 0, "maximum is 100");
	unit_close(cr_rq_normalize_score(0, -1e308, 1e308), 50, 1e-9, "a scale wider than DBL_MAX");

	/* the index: trust 100 (x2), communication 50, respect 0, fairness 75, honesty 25 */
	memset(sum, 0, sizeof(sum));
	memset(cnt, 0, sizeof(cnt));
	sum[0] = 200;
	cnt[0] = 2;
	sum[1] = 50;
	cnt[1] = 1;
	sum[2] = 0;
	cnt[2] = 1;
	sum[3] = 75;
	cnt[3] = 1;
	sum[4] = 25;
	cnt[4] = 1;
	cr_rq_finish(&d, sum, cnt, &r);
	unit_ok(r.has_index && r.n_dimensions == 5, "5 of 9 dimensions: index given", NULL);
	unit_close(r.index, 50, 1e-12, "index = mean of dimension means (100+50+0+75+25)/5");
	unit_close(r.coverage, 5.0 / 9, 1e-15, "coverage 5/9");
	unit_ok(r.weakest == 2 && r.strongest == 0, "weakest respect, strongest trust", NULL);
	cnt[4] = 0;
	sum[4] = 0;
	cr_rq_finish(&d, sum, cnt, &r);
	unit_ok(!r.has_index && r.n_dimensions == 4, "4 of 9 dimensions: below the half rule", NULL);
	unit_close(r.coverage, 4.0 / 9, 1e-15, "coverage 4/9");

	/* custom weights: fairness 0, responsiveness 1, trust 2 */
	memset(cnt, 0, sizeof(cnt));
	memset(sum, 0, sizeof(sum));
	sum[0] = 0;
	cnt[0] = 1;					/* fairness, weight 0: neither weakest nor in the index */
	sum[1] = 40;
	cnt[1] = 1;
	sum[2] = 160;
	cnt[2] = 2;					/* trust mean 80 */
	cr_rq_finish(&t, sum, cnt, &r);
	unit_close(r.index, (1 * 40 + 2 * 80) / 3.0, 1e-12, "weighted index");
	unit_ok(r.weakest == 1 && r.strongest == 2, "zero weight is never the weakest", NULL);
	unit_close(r.coverage, 1, 0, "coverage 1");
	/* coverage exactly one half: answered weight 1 of 2 */
	{
		CrRqTable	h;

		cr_rq_table_begin(&h);
		cr_rq_table_add(&h, "a", 1, 1);
		cr_rq_table_add(&h, "b", 1, 1);
		cr_rq_table_finish(&h);
		memset(cnt, 0, sizeof(cnt));
		sum[0] = 70;
		cnt[0] = 1;
		sum[1] = 0;
		cr_rq_finish(&h, sum, cnt, &r);
		unit_ok(r.has_index && r.index == 70, "coverage 0.5 meets the half rule", NULL);
		/* ties: equal means go to the name that sorts first */
		sum[1] = 70;
		cnt[1] = 1;
		cr_rq_finish(&h, sum, cnt, &r);
		unit_ok(r.weakest == 0 && r.strongest == 0, "ties go to the first name", NULL);
		/* the same mean summed in another order differs in the last bit: still a tie */
		sum[0] = 100.0 / 6 + 100.0 / 6 + 200.0 / 6;
		cnt[0] = 3;
		sum[1] = 200.0 / 6 + 100.0 / 6 + 100.0 / 6;
		cnt[1] = 3;
		cr_rq_finish(&h, sum, cnt, &r);
		unit_ok(r.weakest == 0 && r.strongest == 0, "ties up to rounding go to the first name", NULL);
	}
}

static void
test_engagement(void)
{
	unit_close(cr_engagement_term(3, 0, 30), 3, 0, "age 0 counts fully");
	unit_close(cr_engagement_term(3, 30, 30), 1.5, 1e-15, "one half-life halves");
	unit_close(cr_engagement_term(1, 90, 30), 0.125, 1e-15, "three half-lives: 1/8");
	unit_close(cr_engagement_term(1e300, 1e9, 1), 0, 0, "ancient interactions underflow to 0");
	unit_close(cr_engagement_term(0, 5, 1), 0, 0, "zero weight");
	unit_close(cr_engagement_score(5, 10), 50, 1e-12, "half the reference is 50");
	unit_close(cr_engagement_score(25, 10), 100, 0, "above the reference caps at 100");
	unit_close(cr_engagement_score(0, 10), 0, 0, "no engagement is 0");
}

static void
test_health(void)
{
	double		v[5] = {80, 60, 72, 80, 60};
	int			p[5] = {1, 1, 1, 1, 1};
	double		w[5] = {0.30, 0.10, 0.30, 0.10, 0.20};
	CrHealthResult r;

	/* the worked example of README "Relationship quality" */
	unit_ok(cr_health_score(v, p, w, &r) == 1, "health: all components", NULL);
	unit_close(r.score, 71.6, 1e-12, "score 71.6");
	unit_ok(r.driver == CR_HEALTH_RQ, "driver rq_index", NULL);
	unit_close(r.driver_gap, 8.4, 1e-12, "driver gap 8.4 points");
	unit_close(r.coverage, 1, 1e-15, "coverage 1");
	unit_ok(cr_health_band(r.score, 75, 55, 35) == CR_BAND_STABLE, "band stable", NULL);

	/* missing engagement: the others are re-weighted */
	p[4] = 0;
	cr_health_score(v, p, w, &r);
	unit_close(r.score, 74.5, 1e-12, "without engagement: 59.6 / 0.8 = 74.5");
	unit_close(r.driver_gap, 10.5, 1e-12, "re-weighted gap of rq_index 0.375 * 28");
	unit_close(r.coverage, 0.8, 1e-15, "coverage 0.8");

	/* nothing present, or only zero-weight components */
	p[0] = p[1] = p[2] = p[3] = 0;
	unit_ok(cr_health_score(v, p, w, &r) == 0, "no component: undefined", NULL);
	p[3] = 1;
	w[3] = 0;
	unit_ok(cr_health_score(v, p, w, &r) == 0, "only a zero-weight component: undefined", NULL);

	/* perfect: no driver */
	{
		double		vv[5] = {100, 100, 100, 100, 100};
		int			pp[5] = {1, 1, 1, 1, 1};
		double		ww[5] = {0.3, 0.1, 0.3, 0.1, 0.2};

		cr_health_score(vv, pp, ww, &r);
		unit_ok(r.score == 100 && r.driver == -1 && r.driver_gap == 0, "perfect: no driver", NULL);
	}

	/* equal shortfalls up to rounding: the component listed first (p_alive) is the driver */
	{
		double		vv[5] = {80, 100, 100, 40, 100};	/* gaps 0.3*20 = 6 and 0.1*60 = 6 */
		int			pp[5] = {1, 1, 1, 1, 1};
		double		ww[5] = {0.3, 0.1, 0.3, 0.1, 0.2};

		cr_health_score(vv, pp, ww, &r);
		unit_ok(r.driver == CR_HEALTH_P_ALIVE, "tie of shortfalls goes to p_alive", NULL);
	}

	/* bands at their boundaries; a threshold reached up to rounding counts */
	unit_ok(cr_health_band(75, 75, 55, 35) == CR_BAND_STRONG, "75 is strong", NULL);
	unit_ok(cr_health_band(74.99999999999999, 75, 55, 35) == CR_BAND_STRONG,
			"75 - 1ulp is strong", NULL);
	unit_ok(cr_health_band(74.9, 75, 55, 35) == CR_BAND_STABLE, "74.9 is stable", NULL);
	unit_ok(cr_health_band(35, 75, 55, 35) == CR_BAND_AT_RISK, "35 is at risk", NULL);
	unit_ok(cr_health_band(34.9, 75, 55, 35) == CR_BAND_CRITICAL, "34.9 is critical", NULL);
	unit_ok(strcmp(cr_health_band_names[CR_BAND_AT_RISK], "at risk") == 0, "band names", NULL);

	/* recency score */
	unit_close(cr_health_recency_score(0, 30), 1, 0, "recency right after a purchase");
	unit_close(cr_health_recency_score(30, 30), exp(-1), 1e-15, "recency after one gap: 1/e");
	unit_close(cr_health_recency_score(1e6, 1), 0, 0, "recency after a very long silence");
}

int
main(void)
{
	test_betainc();
	test_cronbach();
	test_relationship_quality();
	test_engagement();
	test_health();
	return unit_finish();
}
