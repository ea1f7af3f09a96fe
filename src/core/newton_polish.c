/*
 * newton_polish.c — safeguarded Newton steps after BFGS (see newton_polish.h; Nocedal & Wright,
 * Numerical Optimization, 2nd ed., section 3.3).
 */
#include "newton_polish.h"

#include <math.h>
#include <string.h>

double
cr_newton_polish(cr_objective f, void *ctx, int n, double *x, double fx)
{
	double		hess[CR_OPTIM_MAX_DIM * CR_OPTIM_MAX_DIM],
				inv[CR_OPTIM_MAX_DIM * CR_OPTIM_MAX_DIM],
				g[CR_OPTIM_MAX_DIM],
				xn[CR_OPTIM_MAX_DIM];
	int			step,
				i,
				j;

	if (n < 1 || n > CR_OPTIM_MAX_DIM)
		return fx;
	for (step = 0; step < 4; step++)
	{
		double		fn,
					gmax = 0,
					dmax = 0;

		if (!isfinite(f(x, g, ctx)))
			break;
		for (i = 0; i < n; i++)
			gmax = fmax(gmax, fabs(g[i]));
		if (gmax <= 1e-12 * fmax(1.0, fabs(fx)))
			break;
		if (cr_hessian(f, ctx, n, x, hess) != 0 || cr_invert_spd(n, hess, inv) != 0)
			break;
		for (i = 0; i < n; i++)
		{
			double		d = 0;

			for (j = 0; j < n; j++)
				d -= inv[i * n + j] * g[j];
			xn[i] = x[i] + d;
			dmax = fmax(dmax, fabs(d));
		}
		/* a polish, not a search: big steps mean BFGS did not get close */
		if (!(dmax < 0.5))
			break;
		fn = f(xn, NULL, ctx);
		if (!(fn <= fx))
			break;
		memcpy(x, xn, sizeof(double) * n);
		fx = fn;
	}
	return fx;
}
