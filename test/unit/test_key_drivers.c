/*
 * Unit tests of key-driver analysis: eigen_sym.c (Jacobi), cross_products.c through the state,
 * key_driver.c (LMG, Johnson's relative weights, standardised betas). Reference values from
 * test/reference/key_drivers.R (lm() over every ordering or subset, R's eigen()), pasted in
 * test/reference/key_drivers.out; swiss is R's datasets::swiss, the example of Grömping (2006).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cross_products.h"
#include "eigen_sym.h"
#include "key_driver.h"
#include "unit.h"

/* Fertility, Agriculture, Examination, Education, Catholic, Infant.Mortality */
static const double swiss[47][6] = {
	{80.2, 17, 15, 12, 9.96, 22.2},
	{83.1, 45.1, 6, 9, 84.84, 22.2},
	{92.5, 39.7, 5, 5, 93.4, 20.2},
	{85.8, 36.5, 12, 7, 33.77, 20.3},
	{76.9, 43.5, 17, 15, 5.16, 20.6},
	{76.1, 35.3, 9, 7, 90.57, 26.6},
	{83.8, 70.2, 16, 7, 92.85, 23.6},
	{92.4, 67.8, 14, 8, 97.16, 24.9},
	{82.4, 53.3, 12, 7, 97.67, 21},
	{82.9, 45.2, 16, 13, 91.38, 24.4},
	{87.1, 64.5, 14, 6, 98.61, 24.5},
	{64.1, 62, 21, 12, 8.52, 16.5},
	{66.9, 67.5, 14, 7, 2.27, 19.1},
	{68.9, 60.7, 19, 12, 4.43, 22.7},
	{61.7, 69.3, 22, 5, 2.82, 18.7},
	{68.3, 72.6, 18, 2, 24.2, 21.2},
	{71.7, 34, 17, 8, 3.3, 20},
	{55.7, 19.4, 26, 28, 12.11, 20.2},
	{54.3, 15.2, 31, 20, 2.15, 10.8},
	{65.1, 73, 19, 9, 2.84, 20},
	{65.5, 59.8, 22, 10, 5.23, 18},
	{65, 55.1, 14, 3, 4.52, 22.4},
	{56.6, 50.9, 22, 12, 15.14, 16.7},
	{57.4, 54.1, 20, 6, 4.2, 15.3},
	{72.5, 71.2, 12, 1, 2.4, 21},
	{74.2, 58.1, 14, 8, 5.23, 23.8},
	{72, 63.5, 6, 3, 2.56, 18},
	{60.5, 60.8, 16, 10, 7.72, 16.3},
	{58.3, 26.8, 25, 19, 18.46, 20.9},
	{65.4, 49.5, 15, 8, 6.1, 22.5},
	{75.5, 85.9, 3, 2, 99.71, 15.1},
	{69.3, 84.9, 7, 6, 99.68, 19.8},
	{77.3, 89.7, 5, 2, 100, 18.3},
	{70.5, 78.2, 12, 6, 98.96, 19.4},
	{79.4, 64.9, 7, 3, 98.22, 20.2},
	{65, 75.9, 9, 9, 99.06, 17.8},
	{92.2, 84.6, 3, 3, 99.46, 16.3},
	{79.3, 63.1, 13, 13, 96.83, 18.1},
	{70.4, 38.4, 26, 12, 5.62, 20.3},
	{65.7, 7.7, 29, 11, 13.79, 20.5},
	{72.7, 16.7, 22, 13, 11.22, 18.9},
	{64.4, 17.6, 35, 32, 16.92, 23},
	{77.6, 37.6, 15, 7, 4.97, 20},
	{67.6, 18.7, 25, 7, 8.65, 19.5},
	{35, 1.2, 37, 53, 42.34, 18},
	{44.7, 46.6, 16, 29, 50.43, 18.2},
	{42.8, 27.7, 22, 29, 58.33, 19.3},
};

typedef struct Out
{
	double		lmg[CR_KD_MAX_DIMENSIONS],
				rw[CR_KD_MAX_DIMENSIONS],
				beta[CR_KD_MAX_DIMENSIONS],
				cor[CR_KD_MAX_DIMENSIONS],
				mean[CR_KD_MAX_DIMENSIONS];
	CrKdResult	res;
} Out;

static void
out_init(Out *o)
{
	memset(o, 0, sizeof(*o));
	o->res.lmg = o->lmg;
	o->res.relative_weight = o->rw;
	o->res.std_beta = o->beta;
	o->res.correlation = o->cor;
	o->res.mean = o->mean;
}

static double *
swiss_state(const int *order)
{
	double	   *st = malloc(sizeof(double) * cr_kd_state_len(5));
	int			i;

	cr_kd_init(st, 5);
	for (i = 0; i < 47; i++)
	{
		int			r = order ? order[i] : i;

		cr_kd_add(st, swiss[r][0], swiss[r] + 1);
	}
	return st;
}

/* Row i (1..80) of the generated 7-dimension set of key_drivers.R: integer answers. */
static double
gen_row(int i, double *x)
{
	x[0] = (i * 7 + 3) % 11;
	x[1] = (i * 13 + (int) x[0]) % 9 + 1;
	x[2] = (i * i) % 7 + (int) x[0] % 4;
	x[3] = (3 * i + 5) % 10;
	x[4] = ((int) (x[1] + x[3]) + i % 3) % 8;
	x[5] = (i * 17) % 5 + (int) x[2] / 2;
	x[6] = (i * 29 + 11) % 13;
	return 2 * x[0] + x[1] + 3 * x[2] + x[4] + (i * 31) % 17;
}

static void
test_swiss(void)
{
	/* test/reference/key_drivers.out, swiss */
	static const double lmg[5] = {0.057091220768, 0.171173028900, 0.260134678624, 0.105570150373, 0.112765922927};
	static const double rw[5] = {0.048416895812, 0.154708249806, 0.271964104646, 0.114680029948, 0.116965721381};
	static const double beta[5] = {-0.312921282500, -0.164778222539, -0.670400780106, 0.347600028144, 0.251135976299};
	static const double cor[5] = {0.353079183620, -0.645882706457, -0.663788857035, 0.463684700652, 0.416556031435};
	static const double mean[5] = {50.659574468085, 16.489361702128, 10.978723404255, 41.143829787234, 19.942553191489};
	double	   *st = swiss_state(NULL);
	Out			o;
	int			j;
	char		name[96];
	double		sl = 0,
				sr = 0;

	out_init(&o);
	unit_ok(cr_kd_state_valid(st, cr_kd_state_len(5)), "swiss: state valid", NULL);
	unit_ok(cr_kd_from_state(st, &o.res) == CR_KD_OK, "swiss: analysis ok", NULL);
	unit_close(o.res.r_squared, 0.706735001592726, 1e-12, "swiss: R² = lm's");
	for (j = 0; j < 5; j++)
	{
		snprintf(name, sizeof(name), "swiss: lmg[%d] = relaimpo's / R by orderings", j);
		unit_close(o.lmg[j], lmg[j], 1e-11, name);
		snprintf(name, sizeof(name), "swiss: relative weight[%d] = R's eigen()", j);
		unit_close(o.rw[j], rw[j], 1e-11, name);
		snprintf(name, sizeof(name), "swiss: std beta[%d] = lm on scaled data", j);
		unit_close(o.beta[j], beta[j], 1e-11, name);
		snprintf(name, sizeof(name), "swiss: correlation[%d]", j);
		unit_close(o.cor[j], cor[j], 1e-11, name);
		snprintf(name, sizeof(name), "swiss: mean[%d]", j);
		unit_close(o.mean[j], mean[j], 1e-11, name);
		sl += o.lmg[j];
		sr += o.rw[j];
	}
	unit_close(sl, o.res.r_squared, 1e-14, "swiss: lmg adds up to R²");
	unit_close(sr, o.res.r_squared, 1e-14, "swiss: relative weights add up to R²");
	unit_rel_close(o.res.outcome_mean, 70.1425531914894, 1e-13, "swiss: outcome mean");
	free(st);
}

/*
 * Integer answers (the survey case) in another order, or split in three partial states merged
 * in another grouping: the same bytes (the sums are exact; cross_products.h). Decimal data
 * such as swiss may differ in the last bits of a pair's low part, not in the results.
 */
static double *
gen_state(const int *order, int parts, int take)
{
	double	   *st = malloc(sizeof(double) * cr_kd_state_len(7));
	int			i;

	cr_kd_init(st, 7);
	for (i = 0; i < 80; i++)
	{
		double		x[7],
					y;
		int			r = order ? order[i] : i;

		if (parts > 1 && (i * 7) % parts != take)
			continue;
		y = gen_row(r + 1, x);
		cr_kd_add(st, y, x);
	}
	return st;
}

static void
test_canonical(void)
{
	int			order[80],
				i;
	long		len = cr_kd_state_len(7);
	double	   *a = gen_state(NULL, 1, 0),
			   *b,
			   *parts[3];
	double	   *s1 = swiss_state(NULL);
	Out			o1,
				o2;

	for (i = 0; i < 80; i++)
		order[i] = (i * 33) % 80;	/* 33 is prime to 80: a permutation */
	b = gen_state(order, 1, 0);
	unit_ok(memcmp(a, b, sizeof(double) * len) == 0, "state: same bytes in another row order", NULL);
	for (i = 0; i < 3; i++)
		parts[i] = gen_state(order, 3, i);
	cr_kd_merge(parts[2], parts[0]);
	cr_kd_merge(parts[1], parts[2]);
	unit_ok(memcmp(a, parts[1], sizeof(double) * len) == 0, "state: same bytes from merged partial states", NULL);
	/* a forged state */
	parts[1][0] = 2;
	unit_ok(!cr_kd_state_valid(parts[1], len), "state: other format refused", NULL);
	parts[1][0] = CR_KD_FORMAT;
	unit_ok(!cr_kd_state_valid(parts[1], len - 1), "state: wrong length refused", NULL);
	parts[1][CR_KD_HEADER + 1] = 1.0;	/* lo of a pair no longer its remainder */
	unit_ok(!cr_kd_state_valid(parts[1], len), "state: pair not normalised refused", NULL);
	for (i = 0; i < 3; i++)
		free(parts[i]);
	free(a);
	free(b);

	/* swiss rows reversed: the same analysis */
	{
		int			rev[47];

		for (i = 0; i < 47; i++)
			rev[i] = 46 - i;
		b = swiss_state(rev);
		out_init(&o1);
		out_init(&o2);
		cr_kd_from_state(s1, &o1.res);
		cr_kd_from_state(b, &o2.res);
		unit_close(o2.res.r_squared, o1.res.r_squared, 1e-15, "swiss reversed: same R²");
		unit_close(o2.lmg[2], o1.lmg[2], 1e-15, "swiss reversed: same lmg");
		free(b);
	}
	free(s1);
}

/* The generated 7-dimension set of key_drivers.R (lmg over all 128 subsets with lm()). */
static void
test_generated(void)
{
	static const double lmg[7] = {0.393746619868, 0.057084502711, 0.200503705709, 0.002956663549,
	0.080932536940, 0.036883068512, 0.006010979486};
	static const double rw[7] = {0.395634057785, 0.057304311140, 0.197142789934, 0.003393688763,
	0.082730814137, 0.035900511145, 0.006011903871};
	static const double beta[7] = {0.618505770641, 0.254692272154, 0.423303850354, -0.037445150073,
	0.285771843253, 0.002994992578, -0.057869977162};
	double	   *st = malloc(sizeof(double) * cr_kd_state_len(7));
	Out			o;
	int			i,
				j;
	char		name[96];

	cr_kd_init(st, 7);
	for (i = 1; i <= 80; i++)
	{
		double		x[7],
					y = gen_row(i, x);

		cr_kd_add(st, y, x);
	}
	out_init(&o);
	unit_ok(cr_kd_from_state(st, &o.res) == CR_KD_OK, "generated: analysis ok", NULL);
	unit_close(o.res.r_squared, 0.778118076775033, 1e-12, "generated: R²");
	for (j = 0; j < 7; j++)
	{
		snprintf(name, sizeof(name), "generated: lmg[%d] = R's all-subsets lm()", j);
		unit_close(o.lmg[j], lmg[j], 1e-11, name);
		snprintf(name, sizeof(name), "generated: relative weight[%d]", j);
		unit_close(o.rw[j], rw[j], 1e-11, name);
		snprintf(name, sizeof(name), "generated: std beta[%d]", j);
		unit_close(o.beta[j], beta[j], 1e-11, name);
	}
	free(st);
}

static void
test_closed_forms(void)
{
	/* two dimensions: r12 = 0.5, ry1 = 0.6, ry2 = 0.4; R² = 0.28/0.75; LMG and Johnson agree */
	double		rxx[4] = {1, 0.5, 0.5, 1},
				rxy[2] = {0.6, 0.4};
	double		r2 = 0.28 / 0.75;
	double		eye[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1},
				r3[3] = {0.5, 0.3, -0.1};
	Out			o;
	int			j;

	out_init(&o);
	unit_ok(cr_kd_from_correlations(2, rxx, rxy, &o.res) == CR_KD_OK, "two dimensions: ok", NULL);
	unit_close(o.res.r_squared, r2, 1e-15, "two dimensions: R²");
	unit_close(o.lmg[0], 0.5 * (0.36 + r2 - 0.16), 1e-15, "two dimensions: lmg 1 = (first + last) / 2");
	unit_close(o.lmg[1], 0.5 * (0.16 + r2 - 0.36), 1e-15, "two dimensions: lmg 2");
	unit_close(o.rw[0], o.lmg[0], 1e-14, "two dimensions: Johnson = LMG");
	unit_close(o.beta[0], (0.6 - 0.5 * 0.4) / 0.75, 1e-15, "two dimensions: beta 1");
	unit_close(o.beta[1], (0.4 - 0.5 * 0.6) / 0.75, 1e-15, "two dimensions: beta 2");

	/* uncorrelated dimensions: every measure is r² (beta is r) */
	out_init(&o);
	cr_kd_from_correlations(3, eye, r3, &o.res);
	for (j = 0; j < 3; j++)
	{
		unit_close(o.lmg[j], r3[j] * r3[j], 1e-15, "uncorrelated: lmg = r²");
		unit_close(o.rw[j], r3[j] * r3[j], 1e-15, "uncorrelated: relative weight = r²");
		unit_close(o.beta[j], r3[j], 1e-15, "uncorrelated: beta = r");
	}

	/* collinear: x3 = x1 + x2 with unit variances: r13 = r23 = 1/sqrt 2 */
	{
		double		h = sqrt(0.5);
		double		c[9] = {1, 0, h, 0, 1, h, h, h, 1},
					cy[3] = {0.3, 0.2, 0.5 * sqrt(2.0) * 0.5};

		out_init(&o);
		unit_ok(cr_kd_from_correlations(3, c, cy, &o.res) == CR_KD_COLLINEAR, "collinear: refused", NULL);
		unit_ok(fabs(o.res.min_eigenvalue) < 1e-12, "collinear: smallest eigenvalue ~0", NULL);
	}
}

/* Every subset's R² and the Shapley sum written out plainly (a fresh Cholesky per subset). */
static void
test_random_against_brute_force(void)
{
	int			p = 12,
				i,
				j,
				k;
	unsigned long nsub = 1UL << p,
				mask;
	double		a[12 * 30],
				rxx[144],
				rxy[12],
				y[30];
	double		brute[12] = {0};
	Out			o;
	double		worst = 0,
				fact[13];

	/* a correlation matrix from 30 pseudo-random rows (LCG, fixed seed) */
	unsigned long s = 12345;

	for (i = 0; i < 12 * 30; i++)
	{
		s = s * 6364136223846793005UL + 1442695040888963407UL;
		a[i] = (double) (s >> 11) / 9007199254740992.0 - 0.5;
	}
	for (k = 0; k < 30; k++)
	{
		y[k] = 0;
		for (i = 0; i < p; i++)
		{
			a[i * 30 + k] += 0.4 * a[k];	/* a common part: correlated dimensions */
			y[k] += (i % 3) * a[i * 30 + k];
		}
	}
	{
		double		m[13],
					sd[13];
		double		col[13][30];

		for (k = 0; k < 30; k++)
		{
			for (i = 0; i < p; i++)
				col[i][k] = a[i * 30 + k];
			col[12][k] = y[k] + 0.5 * a[(k * 7) % (12 * 30)];
		}
		for (i = 0; i < 13; i++)
		{
			m[i] = 0;
			for (k = 0; k < 30; k++)
				m[i] += col[i][k] / 30;
			sd[i] = 0;
			for (k = 0; k < 30; k++)
				sd[i] += (col[i][k] - m[i]) * (col[i][k] - m[i]);
			sd[i] = sqrt(sd[i]);
		}
		for (i = 0; i < 13; i++)
			for (j = 0; j < 13; j++)
			{
				double		c = 0;

				for (k = 0; k < 30; k++)
					c += (col[i][k] - m[i]) * (col[j][k] - m[j]);
				c /= sd[i] * sd[j];
				if (i < 12 && j < 12)
					rxx[i * 12 + j] = c;
				else if (i < 12 && j == 12)
					rxy[i] = c;
			}
	}
	fact[0] = 1;
	for (i = 1; i <= 12; i++)
		fact[i] = fact[i - 1] * i;
	for (mask = 0; mask < nsub; mask++)
	{
		int			size = __builtin_popcountl(mask);
		double		base = mask ? cr_kd_subset_r_squared(p, rxx, rxy, mask) : 0;

		for (j = 0; j < p; j++)
			if (!(mask & (1UL << j)))
				brute[j] += fact[size] * fact[p - size - 1] / fact[p] *
					(cr_kd_subset_r_squared(p, rxx, rxy, mask | (1UL << j)) - base);
	}
	out_init(&o);
	unit_ok(cr_kd_from_correlations(p, rxx, rxy, &o.res) == CR_KD_OK, "p = 12: ok", NULL);
	for (j = 0; j < p; j++)
		if (fabs(o.lmg[j] - brute[j]) > worst)
			worst = fabs(o.lmg[j] - brute[j]);
	{
		char		d[80];

		snprintf(d, sizeof(d), "largest difference %g", worst);
		unit_ok(worst < 1e-12, "p = 12: lmg = fresh Cholesky per subset, Shapley weights by factorials", d);
	}
	unit_close(o.res.r_squared, cr_kd_subset_r_squared(p, rxx, rxy, nsub - 1), 1e-13, "p = 12: R²");
}

static void
test_eigen(void)
{
	double		a[25],
				w[5],
				v[25];
	double		worst = 0,
				orth = 0;
	int			i,
				j,
				k;

	for (i = 0; i < 5; i++)
		for (j = 0; j <= i; j++)
			a[i * 5 + j] = a[j * 5 + i] = (i == j) ? 4.0 + i : 1.0 / (1 + i + j);
	unit_ok(cr_eigen_sym(5, a, w, v) == 0, "eigen: converges", NULL);
	for (i = 0; i < 5; i++)
		for (k = 0; k < 5; k++)
		{
			double		av = 0,
						vv = 0;

			for (j = 0; j < 5; j++)
			{
				av += a[i * 5 + j] * v[j * 5 + k];
				vv += v[j * 5 + i] * v[j * 5 + k];
			}
			if (fabs(av - w[k] * v[i * 5 + k]) > worst)
				worst = fabs(av - w[k] * v[i * 5 + k]);
			if (fabs(vv - (i == k)) > orth)
				orth = fabs(vv - (i == k));
		}
	unit_ok(worst < 1e-13, "eigen: A v = lambda v", NULL);
	unit_ok(orth < 1e-14, "eigen: V orthonormal", NULL);
	unit_ok(w[0] <= w[1] && w[1] <= w[2] && w[2] <= w[3] && w[3] <= w[4], "eigen: ascending", NULL);
	unit_close(w[0] + w[1] + w[2] + w[3] + w[4], 4 + 5 + 6 + 7 + 8, 1e-12, "eigen: trace");
	unit_ok(cr_eigen_sym(0, a, w, v) == -1, "eigen: n = 0 refused", NULL);
	a[3] = NAN;
	unit_ok(cr_eigen_sym(5, a, w, v) == -1, "eigen: NaN refused", NULL);
}

static void
test_degenerate(void)
{
	double	   *st = malloc(sizeof(double) * cr_kd_state_len(2));
	double		x[2];
	Out			o;
	int			i;

	cr_kd_init(st, 2);
	x[0] = 1;
	x[1] = 2;
	cr_kd_add(st, 5, x);
	x[0] = 2;
	x[1] = 1;
	cr_kd_add(st, 6, x);
	x[0] = 3;
	x[1] = 3;
	cr_kd_add(st, 7, x);
	out_init(&o);
	unit_ok(cr_kd_from_state(st, &o.res) == CR_KD_TOO_FEW, "3 rows, 2 dimensions: too few (needs p + 2)", NULL);
	unit_close(o.mean[1], 2, 0, "too few: means still there");
	cr_kd_init(st, 2);
	for (i = 0; i < 6; i++)
	{
		x[0] = i;
		x[1] = 4;
		cr_kd_add(st, i * i, x);
	}
	unit_ok(cr_kd_from_state(st, &o.res) == CR_KD_NO_DIMENSION_VARIANCE && o.res.bad_dimension == 1,
			"constant dimension 2: no variance, named", NULL);
	cr_kd_init(st, 2);
	for (i = 0; i < 6; i++)
	{
		x[0] = i;
		x[1] = i % 2;
		cr_kd_add(st, 3, x);
	}
	unit_ok(cr_kd_from_state(st, &o.res) == CR_KD_NO_OUTCOME_VARIANCE, "constant outcome: no variance", NULL);
	cr_kd_init(st, 2);
	x[0] = 1e160;
	unit_ok(cr_kd_add(st, 1, x) == -1, "overflowing squares: -1", NULL);
	free(st);
}

/* Time for 15 and 20 dimensions (printed, not checked: the machine is shared). */
static void
test_timing(void)
{
	int			p;

	for (p = 15; p <= 20; p += 5)
	{
		double		rxx[400],
					rxy[20];
		Out			o;
		int			i,
					j;
		clock_t		t0;
		CrKdStatus	rc;

		for (i = 0; i < p; i++)
		{
			rxy[i] = 0.05 * (i % 7) + 0.1;
			for (j = 0; j < p; j++)
				rxx[i * p + j] = (i == j) ? 1.0 : 0.3;
		}
		out_init(&o);
		t0 = clock();
		rc = cr_kd_from_correlations(p, rxx, rxy, &o.res);
		printf("# p = %d: %.3f s\n", p, (double) (clock() - t0) / CLOCKS_PER_SEC);
		unit_ok(rc == CR_KD_OK, p == 15 ? "p = 15 runs" : "p = 20 runs", NULL);
	}
}

int
main(void)
{
	test_eigen();
	test_swiss();
	test_canonical();
	test_generated();
	test_closed_forms();
	test_random_against_brute_force();
	test_degenerate();
	test_timing();
	return unit_finish();
}
