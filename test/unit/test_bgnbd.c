/*
 * Unit tests of src/core/bgnbd.c (BG/NBD and MBG/NBD), gamma_gamma.c, clv.c,
 * digamma.c and betainc.c: analytic gradients and Hessians against finite differences, and
 * known values. Reference values were computed with mpmath at 30 digits from the papers'
 * closed forms (FHL 2005 eqs. 6-10, Batislam et al. 2007 with Wagner & Hoppe's 2008 erratum,
 * Hardie's Gamma-Gamma note), independently of this code.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "betainc.h"
#include "bgnbd.h"
#include "clv.h"
#include "digamma.h"
#include "gamma_gamma.h"
#include "rng.h"
#include "unit.h"
#include "vecmath.h"

static const CrBgnbdParams BG = {0.243, 4.414, 0.793, 2.426};
static const CrBgnbdParams MBG = {0.525, 6.183, 0.891, 1.614};

/* A small data set of distinct customers (x, t_x, T, weight). */
static const double DX[] = {0, 0, 1, 2, 2, 5, 7, 12, 0, 3, 1, 29};
static const double DTX[] = {0, 0, 1.71, 30.43, 5.0, 20.0, 36.1, 38.0, 0, 12.5, 30.0, 38.43};
static const double DT[] = {38.86, 27.0, 38.86, 38.86, 33.0, 38.0, 38.5, 38.86, 30.1, 31.0, 32.0, 38.86};
static const double DW[] = {140, 80, 30, 12, 9, 4, 2, 1, 60, 7, 11, 1};
#define DN 12

static void
check_data_derivatives(CrBgnbdVariant v, const char *name)
{
	CrBtydData d;
	double		theta[4] = {log(0.4), log(3.0), log(0.9), log(2.2)};
	double		g[4],
				h[16],
				gp[4],
				gm[4];
	char		label[128];
	int			i,
				j;

	unit_ok(cr_btyd_data_init(&d, DN, DX, DTX, DT, DW) == 0, "data init", NULL);
	cr_bgnbd_data_loglik(v, &d, theta, g, h);
	for (i = 0; i < 4; i++)
	{
		double		tp[4],
					tm[4],
					eps = 1e-6,
					fd;

		memcpy(tp, theta, sizeof(tp));
		memcpy(tm, theta, sizeof(tm));
		tp[i] += eps;
		tm[i] -= eps;
		fd = (cr_bgnbd_data_loglik(v, &d, tp, gp, NULL) - cr_bgnbd_data_loglik(v, &d, tm, gm, NULL)) / (2 * eps);
		snprintf(label, sizeof(label), "%s gradient %d vs finite difference", name, i);
		unit_close(g[i], fd, 1e-5 * fmax(1, fabs(fd)), label);
		for (j = 0; j < 4; j++)
		{
			double		fdh = (gp[j] - gm[j]) / (2 * eps);

			snprintf(label, sizeof(label), "%s Hessian (%d,%d) vs finite difference", name, i, j);
			unit_close(h[i * 4 + j], fdh, 1e-5 * fmax(1, fabs(fdh)), label);
		}
	}
	/* the data log-likelihood is the weighted sum of the per-customer ones */
	{
		CrBgnbdParams p = {0.4, 3.0, 0.9, 2.2};
		double		sum = 0;

		for (i = 0; i < DN; i++)
			sum += DW[i] * cr_bgnbd_loglik_variant(v, &p, DX[i], DTX[i], DT[i]);
		snprintf(label, sizeof(label), "%s data log-likelihood = weighted sum", name);
		unit_rel_close(cr_bgnbd_data_loglik(v, &d, theta, NULL, NULL), sum, 1e-12, label);
	}
	cr_btyd_data_free(&d);
}

static void
check_gamma_gamma_derivatives(void)
{
	static const double x[] = {1, 1, 2, 3, 5, 8, 2};
	static const double m[] = {20.5, 45.0, 33.3, 12.0, 80.0, 27.5, 19.99};
	static const double w[] = {10, 3, 5, 2, 1, 1, 4};
	CrBtydData d;
	double		theta[3] = {log(5.0), log(3.0), log(20.0)};
	double		g[3],
				h[9],
				gp[3],
				gm[3];
	char		label[128];
	int			i,
				j;
	CrGammaGammaParams par = {5.0, 3.0, 20.0};
	double		sum = 0;

	cr_btyd_data_init(&d, 7, x, m, m, w);
	cr_gamma_gamma_data_loglik(&d, theta, g, h);
	for (i = 0; i < 3; i++)
	{
		double		tp[3],
					tm[3],
					eps = 1e-6,
					fd;

		memcpy(tp, theta, sizeof(tp));
		memcpy(tm, theta, sizeof(tm));
		tp[i] += eps;
		tm[i] -= eps;
		fd = (cr_gamma_gamma_data_loglik(&d, tp, gp, NULL) - cr_gamma_gamma_data_loglik(&d, tm, gm, NULL)) / (2 * eps);
		snprintf(label, sizeof(label), "Gamma-Gamma gradient %d vs finite difference", i);
		unit_close(g[i], fd, 1e-5 * fmax(1, fabs(fd)), label);
		for (j = 0; j < 3; j++)
		{
			double		fdh = (gp[j] - gm[j]) / (2 * eps);

			snprintf(label, sizeof(label), "Gamma-Gamma Hessian (%d,%d) vs finite difference", i, j);
			unit_close(h[i * 3 + j], fdh, 1e-5 * fmax(1, fabs(fdh)), label);
		}
	}
	for (i = 0; i < 7; i++)
		sum += w[i] * cr_gamma_gamma_loglik(&par, x[i], m[i]);
	unit_rel_close(cr_gamma_gamma_data_loglik(&d, theta, NULL, NULL), sum, 1e-12,
				   "Gamma-Gamma data log-likelihood = weighted sum");
	cr_btyd_data_free(&d);
}

typedef struct
{
	CrBgnbdVariant v;
	const CrBgnbdParams *p;
	double		x,
				tx,
				T;
} Cust;

static int
cust_expected(const double *t, int n, double *out, void *ctx)
{
	Cust	   *c = ctx;
	int			i;

	for (i = 0; i < n; i++)
		out[i] = cr_bgnbd_expected_variant(c->v, c->p, t[i], c->x, c->tx, c->T);
	return 0;
}

static void
check_known_values(void)
{
	/* FHL 2005: E[X(39) | x=2, t_x=30.43, T=38.86] = 1.226 with the published parameters */
	unit_close(cr_bgnbd_expected_variant(CR_BGNBD, &BG, 39, 2, 30.43, 38.86), 1.226, 0.0005,
			   "BG/NBD E[X(39)|2, 30.43, 38.86] = 1.226 (FHL 2005)");
	unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &BG, 39, 2, 30.43, 38.86), 1.22602817476714, 1e-11,
				   "BG/NBD conditional expectation (mpmath)");
	unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &BG, 39, 0, 0, 38.86), 0.195098052011263, 1e-11,
				   "BG/NBD conditional expectation, x = 0");
	unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &BG, 10, 5, 20, 38), 0.357813010387534, 1e-11,
				   "BG/NBD conditional expectation, x = 5");
	unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &BG, 52, 1, 1.71, 38.86), 0.259823464868622, 1e-11,
				   "BG/NBD conditional expectation, horizon 52");
	unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &BG, 1, 1000, 38, 38.86), 5.51265330957186e-05, 1e-9,
				   "BG/NBD conditional expectation, x = 1000");
	unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &BG, 1000, 3, 10, 20), 12.0657513394496, 1e-9,
				   "BG/NBD conditional expectation, horizon 1000 (long series)");
	unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &BG, 1e5, 2, 30.43, 38.86), 48.6168440735887, 1e-9,
				   "BG/NBD conditional expectation, horizon 1e5 (hyp2f1 path)");
	{
		/* r >> a + b: the series would cancel, the Gauss function is used */
		CrBgnbdParams q = {20, 4.0, 0.5, 1.0};

		unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &q, 39, 2, 30.43, 38.86), 0.329740029383568, 1e-9,
					   "BG/NBD conditional expectation, r >> a + b (hyp2f1 path)");
		q.a = 1.0;
		unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &q, 39, 2, 30.43, 38.86), 0.102719462515958, 1e-10,
					   "BG/NBD conditional expectation, r >> a + b, a = 1 (interpolated)");
		q.a = 1.0004;
		unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &q, 39, 2, 30.43, 38.86), 0.102644458490759, 1e-10,
					   "BG/NBD conditional expectation, r >> a + b, a = 1.0004 (interpolated)");
	}
	unit_rel_close(cr_bgnbd_p_alive_variant(CR_BGNBD, &BG, 2, 30.43, 38.86), 0.726578570080673, 1e-12,
				   "BG/NBD P(alive)");
	unit_rel_close(cr_bgnbd_p_alive_variant(CR_BGNBD, &BG, 1000, 38, 38.86), 2.4066753297867e-06, 1e-9,
				   "BG/NBD P(alive), x = 1000");
	unit_close(cr_bgnbd_p_alive_variant(CR_BGNBD, &BG, 0, 0, 38.86), 1.0, 0, "BG/NBD P(alive) = 1 at x = 0");
	unit_rel_close(cr_bgnbd_loglik_variant(CR_BGNBD, &BG, 2, 30.43, 38.86), -9.45860630706627, 1e-12,
				   "BG/NBD log-likelihood of one customer");
	unit_rel_close(cr_bgnbd_loglik_variant(CR_BGNBD, &BG, 1000, 38, 38.86), 2145.60218148968, 1e-11,
				   "BG/NBD log-likelihood, x = 1000");
	unit_rel_close(cr_bgnbd_expected_new_variant(CR_BGNBD, &BG, 39), 1.19672319332082, 1e-11,
				   "BG/NBD E[X(39)] of a new customer (eq. 7)");
	unit_rel_close(cr_bgnbd_prob_purchases_variant(CR_BGNBD, &BG, 39, 0), 0.573786352096009, 1e-11, "BG/NBD P(X(39) = 0)");
	unit_rel_close(cr_bgnbd_prob_purchases_variant(CR_BGNBD, &BG, 39, 1), 0.199395280835911, 1e-11, "BG/NBD P(X(39) = 1)");
	unit_rel_close(cr_bgnbd_prob_purchases_variant(CR_BGNBD, &BG, 39, 5), 0.017965493866579, 1e-10, "BG/NBD P(X(39) = 5)");
	unit_rel_close(cr_bgnbd_prob_purchases_variant(CR_BGNBD, &BG, 100, 20), 0.0014093554845729, 1e-10, "BG/NBD P(X(100) = 20)");

	unit_rel_close(cr_bgnbd_expected_variant(CR_MBGNBD, &MBG, 39, 2, 30.43, 38.86), 1.26296062326737, 1e-11,
				   "MBG/NBD conditional expectation");
	unit_rel_close(cr_bgnbd_expected_variant(CR_MBGNBD, &MBG, 39, 0, 0, 38.86), 0.154012746675147, 1e-11,
				   "MBG/NBD conditional expectation, x = 0");
	unit_rel_close(cr_bgnbd_expected_variant(CR_MBGNBD, &MBG, 1000, 3, 10, 20), 10.2429891904441, 1e-9,
				   "MBG/NBD conditional expectation, horizon 1000");
	unit_rel_close(cr_bgnbd_p_alive_variant(CR_MBGNBD, &MBG, 0, 0, 38.86), 0.389735080918763, 1e-12,
				   "MBG/NBD P(alive) at x = 0");
	unit_rel_close(cr_bgnbd_loglik_variant(CR_MBGNBD, &MBG, 1000, 38, 38.86), 2106.166648049, 1e-11,
				   "MBG/NBD log-likelihood, x = 1000");
	unit_rel_close(cr_bgnbd_expected_new_variant(CR_MBGNBD, &MBG, 39), 1.18295366559717, 1e-11,
				   "MBG/NBD E[X(39)] of a new customer (Wagner & Hoppe 2008)");
	unit_rel_close(cr_bgnbd_prob_purchases_variant(CR_MBGNBD, &MBG, 39, 0), 0.582473189493289, 1e-11, "MBG/NBD P(X(39) = 0)");
	unit_rel_close(cr_bgnbd_prob_purchases_variant(CR_MBGNBD, &MBG, 100, 20), 0.00139361273988133, 1e-10, "MBG/NBD P(X(100) = 20)");

	/* the removable singularity at a = 1 */
	{
		CrBgnbdParams p = BG;

		p.a = 1.0000001;
		unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &p, 39, 2, 30.43, 38.86), 1.10213673141691, 1e-9,
					   "BG/NBD conditional expectation at a = 1 + 1e-7");
		p.a = 1.0;
		unit_rel_close(cr_bgnbd_expected_variant(CR_BGNBD, &p, 39, 2, 30.43, 38.86), 1.10213678603996, 1e-10,
					   "BG/NBD conditional expectation at a = 1 exactly");
		p.a = 1.0;
		unit_ok(isfinite(cr_bgnbd_expected_variant(CR_BGNBD, &p, 5000, 2, 30.43, 38.86)),
				"BG/NBD conditional expectation at a = 1, long horizon, finite", NULL);
	}

	/* P(X(t) = n) sums to 1 and its mean is E[X(t)] */
	{
		double		s = 0,
					mean = 0;
		int			n;

		for (n = 0; n < 3000; n++)
		{
			double		q = cr_bgnbd_prob_purchases_variant(CR_BGNBD, &BG, 39, n);

			s += q;
			mean += n * q;
		}
		unit_close(s, 1.0, 1e-10, "BG/NBD P(X(39) = n) sums to 1");
		unit_rel_close(mean, cr_bgnbd_expected_new_variant(CR_BGNBD, &BG, 39), 1e-9,
					   "BG/NBD mean of P(X(39) = n) equals E[X(39)]");
	}

	/* Gamma-Gamma */
	{
		CrGammaGammaParams gg = {6.25, 3.74, 15.44};

		unit_rel_close(cr_gamma_gamma_loglik(&gg, 3, 40.5), -4.36079684149233, 1e-12, "Gamma-Gamma log-likelihood");
		unit_rel_close(cr_gamma_gamma_expected_spend(&gg, 2, 35), 6.25 * (15.44 + 70) / (12.5 + 2.74), 1e-14,
					   "Gamma-Gamma expected spend (FHL 2005 JMR eq. 4)");
		unit_rel_close(cr_gamma_gamma_expected_spend(&gg, 0, 0), 6.25 * 15.44 / 2.74, 1e-14,
					   "Gamma-Gamma expected spend at x = 0 is the population mean");
	}

	/* CLV: the generic sum against the per-horizon expectation, and mpmath */
	{
		Cust		c = {CR_MBGNBD, &MBG, 2, 30.43, 38.86};
		double		v1 = cr_clv(cust_expected, &c, 40, 12, 4.345, 0.01);
		double		v2 = cr_bgnbd_clv_variant(CR_MBGNBD, &MBG, 2, 30.43, 38.86, 40, 12, 4.345, 0.01);

		unit_rel_close(v1, 60.3346200876765, 1e-11, "CLV generic sum (MBG/NBD, mpmath)");
		unit_rel_close(v2, 60.3346200876765, 1e-11, "CLV with shared horizons (MBG/NBD, mpmath)");
		unit_rel_close(cr_bgnbd_clv_variant(CR_BGNBD, &BG, 2, 30.43, 38.86,
											6.25 * (15.44 + 70) / (12.5 + 2.74), 12, 4.345, 0.01),
					   51.5555403819620, 1e-11, "CLV BG/NBD x Gamma-Gamma (mpmath)");
		unit_rel_close(cr_bgnbd_clv_variant(CR_BGNBD, &BG, 2, 30.43, 38.86, 1, 1, 39, 0),
					   cr_bgnbd_expected_variant(CR_BGNBD, &BG, 39, 2, 30.43, 38.86), 1e-12,
					   "CLV of one undiscounted period with spend 1 is E[X]");
		unit_ok(isnan(cr_clv(cust_expected, &c, 40, 0, 4.345, 0.01)), "CLV rejects 0 periods", NULL);
		unit_ok(isnan(cr_clv(cust_expected, &c, 40, 12, 0, 0.01)), "CLV rejects period length 0", NULL);
		unit_ok(isnan(cr_clv(cust_expected, &c, 40, 12, 1, -1)), "CLV rejects discount rate -1", NULL);
		/* more periods than the stack buffers: heap path */
		unit_ok(isfinite(cr_bgnbd_clv_variant(CR_BGNBD, &BG, 2, 30.43, 38.86, 10, 500, 1, 0.001)),
				"CLV over 500 periods is finite", NULL);
		{
			double		many = cr_bgnbd_clv_variant(CR_BGNBD, &BG, 2, 30.43, 38.86, 1, 200, 1, 0);

			unit_rel_close(many, cr_bgnbd_expected_variant(CR_BGNBD, &BG, 200, 2, 30.43, 38.86), 1e-10,
						   "undiscounted CLV over 200 periods with spend 1 telescopes to E[X(200)]");
		}
	}
}

static void
check_special_functions(void)
{
	unit_close(cr_digamma(1.0), -0.5772156649015329, 1e-15, "digamma(1) = -Euler gamma");
	unit_rel_close(cr_digamma(0.5), -1.9635100260214235, 1e-14, "digamma(1/2)");
	unit_rel_close(cr_digamma(123.456), 4.8118293238289853, 1e-14, "digamma(123.456)");
	unit_rel_close(cr_digamma(1e-10), -1e10 - 0.5772156649015329, 1e-14, "digamma(1e-10)");
	unit_rel_close(cr_trigamma(1.0), 1.6449340668482264, 1e-14, "trigamma(1) = pi^2/6");
	unit_rel_close(cr_trigamma(0.25), 17.197329154507113, 1e-13, "trigamma(1/4)");
	unit_rel_close(cr_trigamma(50), 0.020201333226697125, 1e-13, "trigamma(50)");
	/* I_x(a, b) */
	unit_rel_close(exp(cr_log_betainc(2, 3, 0.4)), 0.5248, 1e-13, "I_0.4(2, 3)");
	unit_rel_close(exp(cr_log_betainc(1, 1, 0.3)), 0.3, 1e-14, "I_0.3(1, 1)");
	unit_rel_close(exp(cr_log_betainc(5, 0.5, 0.99)), 0.75715810910156245, 1e-12, "I_0.99(5, 0.5)");
	unit_ok(cr_log_betainc(3, 2, 0) == -INFINITY && cr_log_betainc(3, 2, 1) == 0, "I at 0 and 1", NULL);
	unit_ok(isnan(cr_log_betainc(-1, 2, 0.5)), "I rejects a <= 0", NULL);
}

/* Extreme customers: nothing is NaN or infinite. */
static void
check_extremes(void)
{
	static const double cases[][3] = {
		{1000, 38.86, 38.86}, {1000, 1e-6, 1e-6}, {0, 0, 1e-12}, {1, 1e-12, 1e-12},
		{5, 1e6, 1e6}, {0, 0, 1e9}, {1e5, 100, 100}, {3, 0, 50}, {0, 0, 0}, {2, 1e-300, 1e-300},
	};
	static const double horizons[] = {0, 1e-12, 1e-3, 1, 39, 1e4, 1e8};
	int			bad = 0,
				k,
				h,
				v;
	char		buf[200];

	buf[0] = 0;
	for (v = 0; v < 2; v++)
	{
		const CrBgnbdParams *p = v ? &MBG : &BG;

		for (k = 0; k < (int) (sizeof(cases) / sizeof(cases[0])); k++)
		{
			double		x = cases[k][0],
						tx = cases[k][1],
						T = cases[k][2];
			double		pa = cr_bgnbd_p_alive_variant(v, p, x, tx, T);
			double		ll = cr_bgnbd_loglik_variant(v, p, x, tx, T);

			if (!isfinite(pa) || pa < 0 || pa > 1 || !isfinite(ll))
			{
				bad++;
				snprintf(buf, sizeof(buf), "variant %d case %d: palive %g ll %g", v, k, pa, ll);
			}
			for (h = 0; h < (int) (sizeof(horizons) / sizeof(horizons[0])); h++)
			{
				double		e = cr_bgnbd_expected_variant(v, p, horizons[h], x, tx, T);

				if (!isfinite(e) || e < 0)
				{
					bad++;
					snprintf(buf, sizeof(buf), "variant %d case %d horizon %g: E = %g", v, k, horizons[h], e);
				}
			}
			if (!isfinite(cr_bgnbd_clv_variant(v, p, x, tx, T, 50, 24, 4, 0.01)))
			{
				bad++;
				snprintf(buf, sizeof(buf), "variant %d case %d: CLV", v, k);
			}
		}
		for (h = 1; h < (int) (sizeof(horizons) / sizeof(horizons[0])); h++)
		{
			double		q = cr_bgnbd_prob_purchases_variant(v, p, horizons[h], 3);

			if (!isfinite(q) || q < 0 || q > 1)
			{
				bad++;
				snprintf(buf, sizeof(buf), "variant %d P(X(%g) = 3) = %g", v, horizons[h], q);
			}
		}
	}
	unit_ok(bad == 0, "extreme customers and horizons give finite results", buf);
}

/* Fit a simulated data set and recover the parameters. */
static void
check_fit_recovery(CrBgnbdVariant v, const CrBgnbdParams *truth, const char *name)
{
	enum
	{
		N = 20000
	};
	double	   *x = malloc(sizeof(double) * N),
			   *tx = malloc(sizeof(double) * N),
			   *T = malloc(sizeof(double) * N),
			   *w = malloc(sizeof(double) * N);
	CrRng		rng;
	CrBtydData d;
	CrBtydFit	fit;
	char		label[160];
	int			i;

	cr_rng_seed(&rng, 20240607);
	for (i = 0; i < N; i++)
	{
		int64_t		xi;

		T[i] = 30 + 10 * (i % 5);
		cr_bgnbd_simulate_variant(v, truth, T[i], 0, &rng, &xi, &tx[i]);
		x[i] = (double) xi;
		w[i] = 1;
	}
	cr_btyd_data_init(&d, N, x, tx, T, w);
	cr_bgnbd_fit_variant(v, &d, &fit);
	snprintf(label, sizeof(label), "%s fit of %d simulated customers converges", name, N);
	unit_ok(fit.converged && fit.se_ok, label, NULL);
#define WITHIN3(field) \
	do { \
		snprintf(label, sizeof(label), "%s recovers " #field " within 3 standard errors", name); \
		unit_close(fit.p.field, truth->field, 3 * fit.se.field, label); \
	} while (0)
	WITHIN3(r);
	WITHIN3(alpha);
	WITHIN3(a);
	WITHIN3(b);
	cr_btyd_data_free(&d);
	free(x);
	free(tx);
	free(T);
	free(w);
}

static void
check_gamma_gamma_fit(void)
{
	enum
	{
		N = 20000
	};
	CrGammaGammaParams truth = {6.25, 3.74, 15.44};
	double	   *x = malloc(sizeof(double) * N),
			   *m = malloc(sizeof(double) * N),
			   *w = malloc(sizeof(double) * N);
	CrRng		rng;
	CrBtydData d;
	CrGammaGammaFit fit;
	int			i;

	cr_rng_seed(&rng, 7);
	for (i = 0; i < N; i++)
	{
		x[i] = 1 + i % 6;
		m[i] = cr_gamma_gamma_simulate_mean(&truth, x[i], &rng);
		w[i] = 1;
	}
	cr_btyd_data_init(&d, N, x, m, m, w);
	cr_gamma_gamma_fit(&d, &fit);
	unit_ok(fit.converged && fit.se_ok, "Gamma-Gamma fit of simulated customers converges", NULL);
	unit_close(fit.par.p, truth.p, 3 * fit.se.p, "Gamma-Gamma recovers p within 3 standard errors");
	unit_close(fit.par.q, truth.q, 3 * fit.se.q, "Gamma-Gamma recovers q within 3 standard errors");
	unit_close(fit.par.v, truth.v, 3 * fit.se.v, "Gamma-Gamma recovers v within 3 standard errors");
	cr_btyd_data_free(&d);
	free(x);
	free(m);
	free(w);
}

/*
 * The sweep's row sums run in two lanes, or four with AVX2 and FMA (bgnbd_row_sums.h): both paths
 * give the same value, gradient and Hessian up to the order of the sums, over blocks of rows and
 * their padded tails (n % 4 = 3), with T shared by cohorts and with every T distinct.
 */
static void
check_sweep_paths(void)
{
	enum
	{
		N = 5003				/* more distinct T than CR_BTYD_MAX_T_GROUPS */
	};
	static double x[N],
				tx[N],
				T[N],
				w[N];
	double		theta[4] = {log(0.3), log(4.0), log(0.8), log(2.5)};
	CrRng		rng;
	int			cohorts,
				i,
				j;

	cr_rng_seed(&rng, 42);
	for (cohorts = 0; cohorts < 2; cohorts++)
	{
		CrBtydData d;
		double		ll[2],
					g[2][4],
					h[2][16],
					worst = 0;
		char		label[160];
		int			path;

		for (i = 0; i < N; i++)
		{
			T[i] = cohorts ? 20.0 + (i % 7) : 20.0 + 30.0 * cr_rng_uniform(&rng);
			x[i] = floor(12.0 * cr_rng_uniform(&rng));
			tx[i] = x[i] > 0 ? T[i] * cr_rng_uniform(&rng) : 0;
			w[i] = 1 + floor(5.0 * cr_rng_uniform(&rng));
		}
		unit_ok(cr_btyd_data_init(&d, N, x, tx, T, w) == 0, "sweep paths: data init", NULL);
		for (path = 0; path < 2; path++)
		{
			cr_vec_set_baseline(path);
			ll[path] = cr_bgnbd_data_loglik(CR_BGNBD, &d, theta, g[path], h[path]);
		}
		cr_vec_set_baseline(0);
		worst = fabs(ll[0] - ll[1]) / fabs(ll[1]);
		for (j = 0; j < 4; j++)
			worst = fmax(worst, fabs(g[0][j] - g[1][j]) / fmax(1, fabs(g[1][j])));
		for (j = 0; j < 16; j++)
			worst = fmax(worst, fabs(h[0][j] - h[1][j]) / fmax(1, fabs(h[1][j])));
		snprintf(label, sizeof(label), "sweep: machine's path = baseline path (%s T)",
				 cohorts ? "cohort" : "distinct");
		unit_ok(worst <= 1e-12 && (d.tgroup != NULL) == (cohorts != 0), label, NULL);
		{
			CrBgnbdParams p = {exp(theta[0]), exp(theta[1]), exp(theta[2]), exp(theta[3])};
			double		sum = 0;

			for (i = 0; i < N; i++)
				sum += w[i] * cr_bgnbd_loglik_variant(CR_BGNBD, &p, x[i], tx[i], T[i]);
			snprintf(label, sizeof(label), "sweep over %d rows = weighted sum of the customers' (%s T)",
					 N, cohorts ? "cohort" : "distinct");
			unit_rel_close(ll[0], sum, 1e-12, label);
		}
		cr_btyd_data_free(&d);
	}
}

int
main(void)
{
	check_data_derivatives(CR_BGNBD, "BG/NBD");
	check_data_derivatives(CR_MBGNBD, "MBG/NBD");
	cr_vec_set_baseline(1);
	check_data_derivatives(CR_BGNBD, "BG/NBD (baseline path)");
	check_data_derivatives(CR_MBGNBD, "MBG/NBD (baseline path)");
	cr_vec_set_baseline(0);
	check_sweep_paths();
	check_gamma_gamma_derivatives();
	check_known_values();
	check_special_functions();
	check_extremes();
	check_fit_recovery(CR_BGNBD, &BG, "BG/NBD");
	check_fit_recovery(CR_MBGNBD, &MBG, "MBG/NBD");
	check_gamma_gamma_fit();
	return unit_finish();
}
