/*
 * Unit tests of src/core/newton_stats.c: the summed log-likelihood, gradient and Hessian of a
 * few customers against an independent implementation (test/reference/newton_stats.R: the
 * papers' likelihoods in base R, derivatives by extrapolated finite differences; output in
 * newton_stats.out), against the fits' own data functions, canonical sums (order, grouping),
 * refusals, and Newton iterations reaching cr_bgnbd_fit / cr_pareto_nbd_fit.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgnbd.h"
#include "mle.h"
#include "newton_stats.h"
#include "pareto_nbd.h"
#include "rng.h"
#include "unit.h"

static const double X[] = {0, 2, 5, 1, 12};
static const double TX[] = {0, 30.43, 20.1, 3.5, 37.9};
static const double TT[] = {38.86, 38.86, 31.2, 10.0, 38.0};
#define NX 5

/* test/reference/newton_stats.out */
static const double R_BG_LL = -60.682165232732;
static const double R_BG_G[4] = {2.94947326688, -1.62324235454, -1.63422701232, 1.08856148122};
static const double R_BG_H[10] = {-1.206095888, 0.9844498271, 0.06826506925, -0.05112614924,
	-2.281527942, -0.1598923238, 0.1109655858, -1.606045579, 1.013789895, -0.5476939581};
static const double R_PN_LL = -60.2833154516064;
static const double R_PN_G[4] = {3.31550077911, -3.16145708373, -1.90108369994, 1.15126532139};
static const double R_PN_H[10] = {-1.166468298, 1.736343801, 0.2761769421, -0.1843448742,
	-4.086617741, -0.2260940693, 0.1318329744, -2.135650788, 1.28411188, -0.4938375344};
static const int TI[10] = {0, 0, 0, 0, 1, 1, 1, 2, 2, 3};
static const int TJ[10] = {0, 1, 2, 3, 1, 2, 3, 2, 3, 3};

static void
check_reference(double model, const double *params, double rll, const double *rg,
				const double *rh, double htol, const char *name)
{
	double		st[CR_NSTATS_LEN],
				ll,
				g[4],
				h[16];
	char		label[128];
	int			i;

	cr_nstats_init(st, model, params);
	for (i = 0; i < NX; i++)
		unit_ok(cr_nstats_add(st, X[i], TX[i], TT[i], 1.0) == 0, "add a customer", NULL);
	cr_nstats_values(st, &ll, g, h);
	snprintf(label, sizeof(label), "%s log-likelihood = R", name);
	unit_close(ll, rll, 1e-10, label);
	for (i = 0; i < 4; i++)
	{
		snprintf(label, sizeof(label), "%s gradient %d = R", name, i);
		unit_close(g[i], rg[i], 1e-8, label);
	}
	for (i = 0; i < 10; i++)
	{
		snprintf(label, sizeof(label), "%s Hessian %d%d = R", name, TI[i], TJ[i]);
		unit_close(h[TI[i] * 4 + TJ[i]], rh[i], htol, label);
	}
	unit_ok(cr_nstats_valid(st, CR_NSTATS_LEN), "the state is valid", NULL);
	unit_close(st[CR_NSTATS_I_ROWS], NX, 0, "rows counted");
	unit_close(cr_nstats_weight(st), NX, 0, "weight summed");
}

/* Simulated customers with exact times, all distinct. */
static int
simulate(int bg, int n, double *x, double *tx, double *T)
{
	CrRng		rng;
	CrBgnbdParams bp = {0.25, 4.4, 0.8, 2.4};
	CrParetoNbdParams pp = {0.55, 10.6, 0.6, 11.7};
	int			i;

	cr_rng_seed(&rng, 42);
	for (i = 0; i < n; i++)
	{
		T[i] = 20 + 20.0 * i / n;
		if (bg)
		{
			int64_t		k;

			if (cr_bgnbd_simulate_variant(CR_BGNBD, &bp, T[i], 0, &rng, &k, &tx[i]) != 0)
				return -1;
			x[i] = (double) k;
		}
		else
			cr_pareto_nbd_simulate(&rng, &pp, T[i], 0, &x[i], &tx[i]);
	}
	return 0;
}

/* Scans + steps with the line search of the README; returns the scans, the result in *res. */
static int
iterate(double model, const double *start, int n, const double *x, const double *tx,
		const double *T, CrNstatsStep *res)
{
	double		st[CR_NSTATS_LEN],
				nx[CR_NSTATS_LEN],
				p[4],
				scale = 1;
	int			i,
				scans = 1;

	memcpy(p, start, sizeof(p));
	cr_nstats_init(st, model, p);
	for (i = 0; i < n; i++)
		cr_nstats_add(st, x[i], tx[i], T[i], 1);
	while (scans < 50)
	{
		if (cr_nstats_step(st, scale, res) != 0 || res->converged)
			break;
		cr_nstats_init(nx, model, res->params);
		for (i = 0; i < n; i++)
			cr_nstats_add(nx, x[i], tx[i], T[i], 1);
		scans++;
		if (nx[CR_NSTATS_I_LOGLIK] + nx[CR_NSTATS_I_LOGLIK + 1] >=
			st[CR_NSTATS_I_LOGLIK] + st[CR_NSTATS_I_LOGLIK + 1] -
			1e-12 * fabs(st[CR_NSTATS_I_LOGLIK]))
		{
			memcpy(st, nx, sizeof(st));
			scale = 1;
		}
		else
			scale /= 2;
	}
	return scans;
}

static double
max_rel(const double *a, const double *b)
{
	double		m = 0;
	int			i;

	for (i = 0; i < 4; i++)
		m = fmax(m, fabs(a[i] / b[i] - 1));
	return m;
}

int
main(void)
{
	static const double bgp[4] = {0.243, 4.414, 0.793, 2.426};
	static const double pnp[4] = {0.553, 10.578, 0.606, 11.669};
	double		a[CR_NSTATS_LEN],
				b[CR_NSTATS_LEN],
				c[CR_NSTATS_LEN],
				other[4] = {0.243, 4.414, 0.793, 2.5};
	int			i,
				n = 20000;
	double	   *x = malloc(sizeof(double) * n),
			   *tx = malloc(sizeof(double) * n),
			   *T = malloc(sizeof(double) * n),
			   *w = malloc(sizeof(double) * n);
	char		label[128];

	/* the independent reference */
	check_reference(CR_NSTATS_BGNBD, bgp, R_BG_LL, R_BG_G, R_BG_H, 1e-6, "BG/NBD");
	check_reference(CR_NSTATS_PARETO_NBD, pnp, R_PN_LL, R_PN_G, R_PN_H, 1e-6, "Pareto/NBD");

	/* the sums equal the fits' own likelihood of the whole data */
	if (!x || !tx || !T || !w || simulate(1, n, x, tx, T) != 0)
		return 1;
	for (i = 0; i < n; i++)
		w[i] = 1 + i % 3;
	{
		CrBtydData d;
		double		theta[4],
					ll,
					g[4],
					h[16],
					sll,
					sg[4],
					sh[16];

		for (i = 0; i < 4; i++)
			theta[i] = log(bgp[i]);
		cr_nstats_init(a, CR_NSTATS_BGNBD, bgp);
		for (i = 0; i < n; i++)
			cr_nstats_add(a, x[i], tx[i], T[i], w[i]);
		unit_ok(cr_btyd_data_init(&d, n, x, tx, T, w) == 0, "data init", NULL);
		ll = cr_bgnbd_data_loglik(CR_BGNBD, &d, theta, g, h);
		cr_btyd_data_free(&d);
		cr_nstats_values(a, &sll, sg, sh);
		unit_rel_close(sll, ll, 1e-12, "BG/NBD weighted log-likelihood = cr_bgnbd_data_loglik");
		for (i = 0; i < 4; i++)
			unit_close(sg[i], g[i], 1e-9 * fabs(ll), "BG/NBD gradient = cr_bgnbd_data_loglik");
		for (i = 0; i < 16; i++)
			unit_close(sh[i], h[i], 1e-11 * fabs(ll), "BG/NBD Hessian = cr_bgnbd_data_loglik");
	}

	/* canonical: reversed order, and halves merged either way, give the same bytes */
	cr_nstats_init(b, CR_NSTATS_BGNBD, bgp);
	for (i = n - 1; i >= 0; i--)
		cr_nstats_add(b, x[i], tx[i], T[i], w[i]);
	unit_ok(memcmp(a, b, sizeof(a)) == 0, "reversed order: same bytes", NULL);
	cr_nstats_init(b, CR_NSTATS_BGNBD, bgp);
	cr_nstats_init(c, CR_NSTATS_BGNBD, bgp);
	for (i = 0; i < n; i++)
		cr_nstats_add(i % 7 == 3 ? b : c, x[i], tx[i], T[i], w[i]);
	unit_ok(cr_nstats_merge(c, b) == 0, "merge", NULL);
	unit_ok(memcmp(a, c, sizeof(a)) == 0, "merged partial states: same bytes", NULL);

	/* refusals */
	cr_nstats_init(b, CR_NSTATS_BGNBD, other);
	unit_ok(cr_nstats_merge(c, b) == -2, "merge at other parameters refused", NULL);
	cr_nstats_init(b, CR_NSTATS_PARETO_NBD, bgp);
	unit_ok(cr_nstats_merge(c, b) == -1, "merge of another model refused", NULL);
	memcpy(b, a, sizeof(b));
	b[CR_NSTATS_I_LOGLIK + 1] = b[CR_NSTATS_I_LOGLIK];
	unit_ok(!cr_nstats_valid(b, CR_NSTATS_LEN), "a pair that is not normal is invalid", NULL);
	unit_ok(!cr_nstats_valid(a, CR_NSTATS_LEN - 1), "a short state is invalid", NULL);
	b[0] = 3;
	unit_ok(!cr_nstats_valid(b, CR_NSTATS_LEN), "an unknown tag is invalid", NULL);
	cr_nstats_init(b, CR_NSTATS_PARETO_NBD, (const double[]) {1e20, 1, 1, 1});
	unit_ok(cr_nstats_add(b, 1, 1, 2, 1) == -1 && b[CR_NSTATS_I_ROWS] == 0,
			"a point the likelihood cannot be evaluated at: -1, state unchanged", NULL);
	{
		CrNstatsStep s;

		cr_nstats_init(b, CR_NSTATS_BGNBD, bgp);
		unit_ok(cr_nstats_step(b, 1, &s) == -1, "a step without weight: -1", NULL);
		unit_ok(cr_nstats_step(a, 0, &s) == -1, "step_scale 0: -1", NULL);
	}

	/* iterations reach the fits of the whole data */
	{
		CrBtydData d;
		CrBtydFit	fit;
		CrNstatsStep s;
		double		fp[4],
					start[4] = {1, 1, 1, 1};
		int			scans;

		for (i = 0; i < n; i++)
			w[i] = 1;
		cr_btyd_data_init(&d, n, x, tx, T, w);
		cr_bgnbd_fit(&d, &fit);
		cr_btyd_data_free(&d);
		fp[0] = fit.p.r;
		fp[1] = fit.p.alpha;
		fp[2] = fit.p.a;
		fp[3] = fit.p.b;
		scans = iterate(CR_NSTATS_BGNBD, start, n, x, tx, T, &s);
		snprintf(label, sizeof(label), "BG/NBD from (1, 1, 1, 1): converged in %d scans", scans);
		unit_ok(s.converged && scans < 20, label, NULL);
		snprintf(label, sizeof(label), "BG/NBD parameters = cr_bgnbd_fit to 1e-8 (%.2g)", max_rel(s.params, fp));
		unit_ok(max_rel(s.params, fp) < 1e-8, label, NULL);
		unit_rel_close(s.loglik, fit.loglik, 1e-13, "BG/NBD log-likelihood = cr_bgnbd_fit");
		unit_rel_close(s.se[0], fit.se.r, 1e-6, "BG/NBD se(r) = cr_bgnbd_fit");
		unit_rel_close(s.se[3], fit.se.b, 1e-6, "BG/NBD se(b) = cr_bgnbd_fit");
	}
	if (simulate(0, n, x, tx, T) != 0)
		return 1;
	{
		CrParetoNbdData d;
		CrMleResult m;
		CrNstatsStep s;
		double		fp[4],
					start[4] = {0.5, 10, 0.5, 10};
		int			scans;

		cr_pareto_nbd_data_init(&d, n, x, tx, T, w);
		cr_pareto_nbd_fit(&d, &m);
		cr_pareto_nbd_data_free(&d);
		for (i = 0; i < 4; i++)
			fp[i] = exp(m.x[i]);
		scans = iterate(CR_NSTATS_PARETO_NBD, start, n, x, tx, T, &s);
		snprintf(label, sizeof(label), "Pareto/NBD converged in %d scans", scans);
		unit_ok(m.converged && s.converged && scans < 20, label, NULL);
		snprintf(label, sizeof(label), "Pareto/NBD parameters = cr_pareto_nbd_fit to 1e-8 (%.2g)", max_rel(s.params, fp));
		unit_ok(max_rel(s.params, fp) < 1e-8, label, NULL);
		unit_rel_close(s.loglik, m.loglik, 1e-13, "Pareto/NBD log-likelihood = cr_pareto_nbd_fit");
		unit_rel_close(s.se[2], m.se[2], 1e-6, "Pareto/NBD se(s) = cr_pareto_nbd_fit");
	}
	free(x);
	free(tx);
	free(T);
	free(w);
	return unit_finish();
}
