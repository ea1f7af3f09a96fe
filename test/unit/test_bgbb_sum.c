/*
 * The BG/BB likelihood's death-term sum (bgbb.c) is taken term by term only where the terms
 * change quickly and by Gregory's formula plus a quadrature beyond (issue 8: n in the millions).
 * Here it is checked against the naive sum, every term from its own log-beta functions and
 * digammas, over a grid of alpha, beta, gamma, delta (including alpha < 1 with x = 0) and
 * customers (x, t_x, n) up to n = 50000: log-likelihood to 1e-12 (relative error of the
 * likelihood), gradient to 1e-10 relative.
 */
#include "unit.h"
#include "bgbb.h"
#include "specfun.h"
#include "digamma.h"

#include <float.h>
#include <math.h>
#include <stdio.h>

/* naive log L (eq. 5) and its gradient in log(alpha, beta, gamma, delta) */
static double
naive(const CrBgbbParams *p, double x, double tx, double n, double *grad)
{
	double		al = p->alpha, be = p->beta, ga = p->gamma, de = p->delta;
	double		lc = -cr_lbeta(al, be) - cr_lbeta(ga, de);
	double		l0 = cr_lbeta(al + x, be + n - x) + cr_lbeta(ga, de + n) + lc;
	long double m = l0, s = 1, g[4];
	double		i;
	int			k;

	g[0] = cr_digamma(al + x) - cr_digamma(al + be + n);
	g[1] = cr_digamma(be + n - x) - cr_digamma(al + be + n);
	g[2] = cr_digamma(ga) - cr_digamma(ga + de + n);
	g[3] = cr_digamma(de + n) - cr_digamma(ga + de + n);
	/* first pass for the maximum, so the sums are in one scale */
	for (i = 0; i < n - tx; i += 1.0)
	{
		double		l = cr_lbeta(al + x, be + tx - x + i) + cr_lbeta(ga + 1, de + tx + i) + lc;

		if (l > m)
		{
			long double sc = expl(m - l);

			s *= sc;
			for (k = 0; k < 4; k++)
				g[k] *= sc;
			m = l;
		}
		{
			long double e = expl(l - m);
			double		s1 = cr_digamma(al + be + tx + i),
						s2 = cr_digamma(ga + de + 1 + tx + i);

			s += e;
			g[0] += e * (cr_digamma(al + x) - s1);
			g[1] += e * (cr_digamma(be + tx - x + i) - s1);
			g[2] += e * (cr_digamma(ga + 1) - s2);
			g[3] += e * (cr_digamma(de + tx + i) - s2);
		}
	}
	if (grad)
	{
		double		pv[4] = {al, be, ga, de};

		grad[0] = (double) (g[0] / s) - (cr_digamma(al) - cr_digamma(al + be));
		grad[1] = (double) (g[1] / s) - (cr_digamma(be) - cr_digamma(al + be));
		grad[2] = (double) (g[2] / s) - (cr_digamma(ga) - cr_digamma(ga + de));
		grad[3] = (double) (g[3] / s) - (cr_digamma(de) - cr_digamma(ga + de));
		for (k = 0; k < 4; k++)
			grad[k] *= pv[k];
	}
	return (double) (m + logl(s));
}

int
main(void)
{
	static const double params[][4] = {
		{1.204, 0.750, 0.657, 2.783},	/* FHS 2010 donations */
		{0.3, 0.8, 0.2, 1.5},			/* alpha < 1 */
		{1e-3, 2.0, 0.05, 0.5},			/* alpha near 0 */
		{2.5, 1.0, 3.0, 0.2},
		{0.9, 40.0, 0.01, 30.0},
		{5.0, 5.0, 8.0, 200.0},
	};
	static const double custs[][3] = {
		/* x, t_x, n */
		{0, 0, 6}, {3, 4, 6}, {0, 0, 200}, {0, 0, 1000}, {0, 0, 50000}, {1, 1, 30000},
		{4, 5, 50000}, {2, 5, 9999}, {10, 20, 20000}, {60, 300, 40000}, {0, 0, 150},
		{500, 1000, 50000}, {3, 40000, 50000}, {7, 7, 777},
	};
	int			ip,
				ic,
				k;
	double		worst_ll = 0,
				worst_g = 0;
	char		name[160];

	for (ip = 0; ip < (int) (sizeof(params) / sizeof(params[0])); ip++)
		for (ic = 0; ic < (int) (sizeof(custs) / sizeof(custs[0])); ic++)
		{
			CrBgbbParams p = {params[ip][0], params[ip][1], params[ip][2], params[ip][3]};
			double		x = custs[ic][0], tx = custs[ic][1], n = custs[ic][2];
			double		theta[4], g[4], gn[4], w = 1;
			CrBgbbData	d = {1, &x, &tx, &n, &w};
			double		ll = cr_bgbb_loglik(&p, x, tx, n),
						lln = naive(&p, x, tx, n, gn),
						lld,
						gerr = 0,
						gscale = 0;

			theta[0] = log(p.alpha);
			theta[1] = log(p.beta);
			theta[2] = log(p.gamma);
			theta[3] = log(p.delta);
			lld = cr_bgbb_data_loglik(&d, theta, g);
			for (k = 0; k < 4; k++)
			{
				gerr = fmax(gerr, fabs(g[k] - gn[k]));
				gscale = fmax(gscale, fabs(gn[k]));
			}
			worst_ll = fmax(worst_ll, fabs(ll - lln));
			worst_g = fmax(worst_g, gerr / fmax(gscale, 1e-300));
			snprintf(name, sizeof(name), "BG/BB LL vs naive sum, params %d, (x, t_x, n) = (%g, %g, %g)",
					 ip, x, tx, n);
			/*
			 * 1e-12, or the rounding floor of the log-beta values both sides start from (lgamma
			 * of arguments near n is ~ n log n; its last bit is far above 1e-12 for large n)
			 */
			unit_close(ll, lln, fmax(1e-12, 8 * DBL_EPSILON * lgamma(n + tx + 2)), name);
			snprintf(name, sizeof(name), "BG/BB data LL = LL, params %d, customer %d", ip, ic);
			unit_close(lld, ll, 1e-12, name);
			snprintf(name, sizeof(name), "BG/BB gradient vs naive, params %d, customer %d", ip, ic);
			unit_rel_close(gscale + gerr, gscale, 1e-10, name);
		}
	printf("# worst |LL - naive| %.3g, worst relative gradient error %.3g\n", worst_ll, worst_g);
	return unit_finish();
}
