/*
 * quad.c — adaptive Gauss-Kronrod 7-15 quadrature in the style of QUADPACK's QAG (Piessens et
 * al. 1983): bisect the panel with the largest error estimate until the sum of the estimates
 * is below the tolerance. Nodes and weights from QUADPACK's qk15.
 */
#include "quad.h"

#include <math.h>
#include <stddef.h>

#define QUAD_MAX_PANELS 400
#define QUAD_TOL 1e-13

static const double xgk[8] = {
	0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
	0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
	0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
	0.207784955007898467600689403773245, 0.000000000000000000000000000000000
};
static const double wgk[8] = {
	0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
	0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
	0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
	0.204432940075298892414161999234649, 0.209482141084727828012999174891714
};
static const double wg[4] = {
	0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
	0.381830050505118944950369775488975, 0.417959183673469387755102040816327
};

/*
 * One panel: Kronrod estimate of the integral of exp(log f - shift), its error estimate, and,
 * when mom is not NULL, the Kronrod estimates of the moments.
 */
static void
panel(cr_quad_logf f, void *ctx, double shift, double a, double b, int nextra,
	  double *result, double *err, double *mom)
{
	double		c = 0.5 * (a + b),
				h = 0.5 * (b - a),
				ex[CR_QUAD_MAX_EXTRA],
				fc,
				rk,
				rg;
	int			j,
				k;

	fc = exp(f(c, mom ? ex : NULL, ctx) - shift);
	rk = fc * wgk[7];
	rg = fc * wg[3];
	if (mom)
		for (k = 0; k < nextra; k++)
			mom[k] = wgk[7] * fc * ex[k];
	for (j = 0; j < 7; j++)
	{
		double		dx = h * xgk[j],
					f1,
					f2;

		f1 = exp(f(c - dx, mom ? ex : NULL, ctx) - shift);
		if (mom)
			for (k = 0; k < nextra; k++)
				mom[k] += wgk[j] * f1 * ex[k];
		f2 = exp(f(c + dx, mom ? ex : NULL, ctx) - shift);
		if (mom)
			for (k = 0; k < nextra; k++)
				mom[k] += wgk[j] * f2 * ex[k];
		rk += wgk[j] * (f1 + f2);
		if (j % 2 == 1)
			rg += wg[j / 2] * (f1 + f2);
	}
	*result = rk * h;
	*err = fabs((rk - rg) * h);
	if (mom)
		for (k = 0; k < nextra; k++)
			mom[k] *= h;
}

double
cr_quad_log_integral(cr_quad_logf f, void *ctx, double a, double b, int nextra, double *moments)
{
	double		pa[QUAD_MAX_PANELS],
				pb[QUAD_MAX_PANELS],
				pr[QUAD_MAX_PANELS],
				pe[QUAD_MAX_PANELS];
	double		shift = -INFINITY,
				total,
				errsum,
				msum[CR_QUAD_MAX_EXTRA];
	int			n = 0,
				i,
				k;

	if (!(a < b) || !isfinite(a) || !isfinite(b) || nextra < 0 || nextra > CR_QUAD_MAX_EXTRA)
		return NAN;
	/* scale by the largest value on a grid */
	for (i = 0; i <= 64; i++)
	{
		double		v = f(a + (b - a) * i / 64.0, NULL, ctx);

		if (v > shift)
			shift = v;
	}
	if (!isfinite(shift))
		return NAN;

	/* eight panels to start with, so that narrow peaks are seen */
	for (i = 0; i < 8; i++)
	{
		pa[n] = a + (b - a) * i / 8.0;
		pb[n] = (i == 7) ? b : a + (b - a) * (i + 1) / 8.0;
		panel(f, ctx, shift, pa[n], pb[n], 0, &pr[n], &pe[n], NULL);
		n++;
	}
	for (;;)
	{
		int			worst = 0;

		total = 0;
		errsum = 0;
		for (i = 0; i < n; i++)
		{
			total += pr[i];
			errsum += pe[i];
			if (pe[i] > pe[worst])
				worst = i;
		}
		if (errsum <= QUAD_TOL * total || n >= QUAD_MAX_PANELS)
			break;
		{
			double		lo = pa[worst],
						hi = pb[worst],
						mid = 0.5 * (lo + hi);

			pb[worst] = mid;
			panel(f, ctx, shift, lo, mid, 0, &pr[worst], &pe[worst], NULL);
			pa[n] = mid;
			pb[n] = hi;
			panel(f, ctx, shift, mid, hi, 0, &pr[n], &pe[n], NULL);
			n++;
		}
	}
	if (!(total > 0) || !isfinite(total) || errsum > 1e-8 * total)
		return NAN;
	if (nextra > 0)
	{
		double		tot2 = 0;

		for (k = 0; k < nextra; k++)
			msum[k] = 0;
		for (i = 0; i < n; i++)
		{
			double		r,
						e,
						m[CR_QUAD_MAX_EXTRA];

			panel(f, ctx, shift, pa[i], pb[i], nextra, &r, &e, m);
			tot2 += r;
			for (k = 0; k < nextra; k++)
				msum[k] += m[k];
		}
		for (k = 0; k < nextra; k++)
			moments[k] = msum[k] / tot2;
	}
	return shift + log(total);
}
