/*
 * log_mle.c — see log_mle.h.
 */
#include "log_mle.h"
#include "newton_polish.h"

#include <math.h>

void
cr_log_mle4(cr_objective nll, void *ctx, CrLogMle *m)
{
	CrOptimOptions opt;
	CrOptimResult res;
	double		limit;
	int			k;

	cr_optim_default_options(&opt);
	cr_minimize(nll, ctx, 4, m->theta, &opt, &res);
	if (res.status == CR_OPTIM_CONVERGED)
		res.value = cr_newton_polish(nll, ctx, 4, m->theta, res.value);
	m->status = res.status;
	m->iterations = res.iterations;
	m->converged = (res.status == CR_OPTIM_CONVERGED);
	m->loglik = -res.value;
	m->se_ok = isfinite(res.value)
		&& cr_log_param_std_errors(nll, ctx, 4, m->theta, m->se) == 0;
	if (!m->se_ok)
		for (k = 0; k < 4; k++)
			m->se[k] = NAN;

	limit = m->se_ok ? 15.0 : 10.0;
	m->diverged = -1;
	for (k = 0; k < 4; k++)
		if (fabs(m->theta[k]) > limit &&
			(m->diverged < 0 || fabs(m->theta[k]) > fabs(m->theta[m->diverged])))
			m->diverged = k;
	if (m->diverged >= 0)
		m->converged = 0;
}
