/*
 * Unit tests of src/core/btyd_cov.c (covariates in BG/NBD and Pareto/NBD): the log-likelihood
 * against an independent R implementation written from the papers and CLVTools' specification
 * (test/reference/btyd_cov.R, values pasted below), the chain-rule gradient and Hessian against
 * finite differences, no effect = the plain model, and recovery of known effects from simulated
 * customers (within 3 standard errors).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgnbd.h"
#include "btyd_cov.h"
#include "pareto_nbd.h"
#include "rng.h"
#include "unit.h"

/* test/reference/btyd_cov.R: the same 8 customers, each with its own covariates */
static const double X[] = {0, 1, 2, 5, 0, 3, 7, 1};
static const double TX[] = {0, 3.5, 10.2, 30.1, 0, 20.0, 35.5, 1.0};
static const double TT[] = {12, 20, 38, 39, 40, 25, 36, 30};
static const double W[] = {1, 1, 1, 1, 1, 1, 1, 1};
static const double ZP[] = {0, 1, 1, 0.5, -1, 2, 0.3, -0.7, 2, 0, 0, 0, -0.5, 1.5, 1, 1};
static const double ZD[] = {1, 0, -1, 0.5, 0.2, 0, 2, -0.4};
#define N 8

/* Rscript test/reference/btyd_cov.R */
#define R_BGNBD_LL  (-6.729946282644798e+01)	/* r, alpha, a, b = 0.8, 4.5, 0.7, 2.5; gp = (0.4, -0.3), gd = 0.6 */
#define R_BGNBD_LL0 (-6.599013504967148e+01)	/* same, no effects */
#define R_PNBD_LL   (-6.926984149560461e+01)	/* r, alpha, s, beta = 0.6, 5, 0.9, 12; same effects */
#define R_PNBD_LL0  (-6.739420367061334e+01)

static void
check_model(CrCovModel model, const double *base, const char *name)
{
	CrCovData	d;
	double		phi[7],
				g[7],
				h[49],
				gp[7],
				gm[7],
				ll,
				ll0,
				plain = 0;
	char		label[160];
	int			i,
				j,
				ok;

	unit_ok(cr_cov_data_init(&d, model, N, X, TX, TT, W, 2, ZP, 1, ZD) == 0, name, "init");
	unit_ok(d.ngroups == N, "every customer its own covariate group", NULL);
	for (i = 0; i < 4; i++)
		phi[i] = log(base[i]);
	phi[4] = 0.4;
	phi[5] = -0.3;
	phi[6] = 0.6;
	ll = cr_cov_data_loglik(&d, phi, g, h);
	snprintf(label, sizeof(label), "%s log-likelihood with covariates = R reference", name);
	unit_rel_close(ll, model == CR_COV_BGNBD ? R_BGNBD_LL : R_PNBD_LL, 1e-10, label);

	/* gradient and Hessian (BG/NBD's exact, Pareto/NBD's differenced per group) against central differences */
	ok = 1;
	for (i = 0; i < 7; i++)
	{
		double		step = 1e-6,
					xs[7],
					fp,
					fm,
					num;

		memcpy(xs, phi, sizeof(xs));
		xs[i] += step;
		fp = cr_cov_data_loglik(&d, xs, gp, NULL);
		xs[i] -= 2 * step;
		fm = cr_cov_data_loglik(&d, xs, gm, NULL);
		num = (fp - fm) / (2 * step);
		if (!(fabs(num - g[i]) <= 1e-6 * fmax(1, fabs(g[i]))))
		{
			printf("# %s d/dphi[%d]: analytic %.10g numeric %.10g\n", name, i, g[i], num);
			ok = 0;
		}
		for (j = 0; j < 7; j++)
			{
				double		hn = (gp[j] - gm[j]) / (2 * step);

				if (!(fabs(hn - h[i * 7 + j]) <= 1e-5 * fmax(1, fabs(h[i * 7 + j]))))
				{
					printf("# %s H[%d][%d]: analytic %.10g numeric %.10g\n", name, i, j,
						   h[i * 7 + j], hn);
					ok = 0;
				}
			}
	}
	snprintf(label, sizeof(label), "%s chain-rule derivatives = finite differences", name);
	unit_ok(ok, label, "see the lines above");

	/* no effect: the plain model's likelihood of the same customers */
	phi[4] = phi[5] = phi[6] = 0;
	ll0 = cr_cov_data_loglik(&d, phi, NULL, NULL);
	snprintf(label, sizeof(label), "%s with no effect = R reference", name);
	unit_rel_close(ll0, model == CR_COV_BGNBD ? R_BGNBD_LL0 : R_PNBD_LL0, 1e-10, label);
	for (i = 0; i < N; i++)
	{
		if (model == CR_COV_BGNBD)
		{
			CrBgnbdParams p = {base[0], base[1], base[2], base[3]};

			plain += cr_bgnbd_loglik_variant(CR_BGNBD, &p, X[i], TX[i], TT[i]);
		}
		else
		{
			CrParetoNbdParams p = {base[0], base[1], base[2], base[3]};

			plain += cr_pareto_nbd_loglik(&p, X[i], TX[i], TT[i]);
		}
	}
	snprintf(label, sizeof(label), "%s with no effect = plain model, customer by customer", name);
	unit_rel_close(ll0, plain, 1e-12, label);
	cr_cov_data_free(&d);
}

/*
 * Customers in three covariate groups, simulated from the plain model at each group's own
 * parameters, fitted: each true effect within 3 standard errors.
 */
static void
check_recovery(CrCovModel model, const double *base, const double *gp_true,
			   const double *gd_true, uint64_t seed, const char *name)
{
	static const double levels[3][2] = {{0, 0}, {1, 0}, {0, 1}};	/* (zp, zd) per group */
	const int	per_group = 3000;
	int			n = 3 * per_group,
				i;
	double	   *x = malloc(sizeof(double) * n),
			   *tx = malloc(sizeof(double) * n),
			   *T = malloc(sizeof(double) * n),
			   *w = malloc(sizeof(double) * n),
			   *zp = malloc(sizeof(double) * n),
			   *zd = malloc(sizeof(double) * n);
	CrRng		rng;
	CrCovData	d;
	CrCovFit	fit;
	char		label[200];

	cr_rng_seed(&rng, seed);
	for (i = 0; i < n; i++)
	{
		const double *lv = levels[i / per_group];
		double		own[4];

		zp[i] = lv[0];
		zd[i] = lv[1];
		w[i] = 1;
		T[i] = 20 + 20 * cr_rng_uniform(&rng);	/* staggered acquisition */
		cr_cov_individual(model, base, 1, gp_true, &zp[i], 1, gd_true, &zd[i], own);
		if (model == CR_COV_BGNBD)
		{
			CrBgnbdParams p = {own[0], own[1], own[2], own[3]};
			int64_t		xi;

			cr_bgnbd_simulate_variant(CR_BGNBD, &p, T[i], 0, &rng, &xi, &tx[i]);
			x[i] = (double) xi;
		}
		else
		{
			CrParetoNbdParams p = {own[0], own[1], own[2], own[3]};

			cr_pareto_nbd_simulate(&rng, &p, T[i], 0, &x[i], &tx[i]);
		}
	}
	unit_ok(cr_cov_data_init(&d, model, n, x, tx, T, w, 1, zp, 1, zd) == 0 &&
			cr_cov_fit(&d, &fit) == 0, name, "fit");
	snprintf(label, sizeof(label), "%s recovery: converged with standard errors", name);
	unit_ok(fit.converged && fit.se_ok, label, NULL);
	snprintf(label, sizeof(label), "%s recovery: gamma_purchase %.4f +- %.4f (true %.2f) within 3 SE",
			 name, fit.gp[0], fit.se_gp[0], gp_true[0]);
	unit_ok(fabs(fit.gp[0] - gp_true[0]) <= 3 * fit.se_gp[0], label, NULL);
	snprintf(label, sizeof(label), "%s recovery: gamma_dropout %.4f +- %.4f (true %.2f) within 3 SE",
			 name, fit.gd[0], fit.se_gd[0], gd_true[0]);
	unit_ok(fabs(fit.gd[0] - gd_true[0]) <= 3 * fit.se_gd[0], label, NULL);
	snprintf(label, sizeof(label), "%s recovery: loglik %.3f >= plain model's %.3f", name,
			 fit.loglik, fit.plain_loglik);
	unit_ok(fit.loglik >= fit.plain_loglik - 1e-6, label, NULL);
	cr_cov_data_free(&d);
	free(x);
	free(tx);
	free(T);
	free(w);
	free(zp);
	free(zd);
}

int
main(void)
{
	static const double bg[4] = {0.8, 4.5, 0.7, 2.5};
	static const double pn[4] = {0.6, 5.0, 0.9, 12.0};
	double		out[4];
	double		g0[2] = {0, 0};
	int			i,
				same = 1;

	check_model(CR_COV_BGNBD, bg, "BG/NBD");
	check_model(CR_COV_PARETO_NBD, pn, "Pareto/NBD");

	/* a customer's own parameters: no effect gives the plain ones bit for bit */
	cr_cov_individual(CR_COV_BGNBD, bg, 2, g0, ZP + 2, 1, g0, ZD + 2, out);
	for (i = 0; i < 4; i++)
		same &= (out[i] == bg[i]);
	unit_ok(same, "no effect: the customer's parameters are the model's, bit for bit", NULL);
	{
		double		gp[2] = {0.4, -0.3},
					gd[1] = {0.6},
					zp[2] = {1, 2},
					zd[1] = {-1};

		cr_cov_individual(CR_COV_BGNBD, bg, 2, gp, zp, 1, gd, zd, out);
		unit_rel_close(out[1], 4.5 * exp(-(0.4 - 0.6)), 1e-15, "BG/NBD alpha_i = alpha exp(-gp'zp)");
		unit_rel_close(out[2], 0.7 * exp(-0.6), 1e-15, "BG/NBD a_i = a exp(gd'zd)");
		unit_rel_close(out[3], 2.5 * exp(-0.6), 1e-15, "BG/NBD b_i = b exp(gd'zd)");
		cr_cov_individual(CR_COV_PARETO_NBD, pn, 2, gp, zp, 1, gd, zd, out);
		unit_close(out[2], 0.9, 0, "Pareto/NBD s is common");
		unit_rel_close(out[3], 12.0 * exp(0.6), 1e-15, "Pareto/NBD beta_i = beta exp(-gd'zd)");
	}

	{
		double		gp[1] = {0.5},
					gd[1] = {-0.7};

		check_recovery(CR_COV_BGNBD, bg, gp, gd, 20261206, "BG/NBD");
		gd[0] = 0.8;
		check_recovery(CR_COV_PARETO_NBD, pn, gp, gd, 20261207, "Pareto/NBD");
	}
	return unit_finish();
}
