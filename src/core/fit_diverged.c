/*
 * fit_diverged.c — see fit_diverged.h.
 */
#include "fit_diverged.h"

#include <math.h>

int
cr_fit_diverged_param(const double *theta, int hessian_ok)
{
	double		limit = hessian_ok ? 15.0 : 10.0;
	int			k,
				worst = -1;

	for (k = 0; k < 4; k++)
		if (fabs(theta[k]) > limit && (worst < 0 || fabs(theta[k]) > fabs(theta[worst])))
			worst = k;
	return worst;
}
