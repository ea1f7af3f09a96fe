/*
 * gamma_gamma.c — Gamma-Gamma spend model: likelihood with analytic gradient and Hessian, fit,
 * conditional expected spend.
 *
 * The mean m of x Gamma(p, nu) spends is Gamma(p x, nu x); integrating nu ~ Gamma(q, v) gives
 * the density (Hardie's note, eq. 3; FHL 2005 JMR appendix)
 *
 *   f(m | x) = Gamma(px+q) / (Gamma(px) Gamma(q)) * v^q m^(px-1) x^(px) / (v + x m)^(px+q).
 *
 * The digamma/trigamma terms depend on x only and are computed once per distinct x.
 */
#include "gamma_gamma.h"
#include "runtime.h"

#include <math.h>
#include <string.h>

#include "digamma.h"
#include "mle.h"
#include "specfun.h"

double
cr_gamma_gamma_loglik(const CrGammaGammaParams *par, double x, double m)
{
	double		px = par->p * x;

	return cr_lgamma_diff(px, par->q) - cr_lgamma(par->q)
		+ par->q * log(par->v) + (px - 1) * log(m) + px * log(x)
		- (px + par->q) * log(par->v + x * m);
}

/*
 * Log-likelihood in theta = log(p, q, v). Per distinct x the rows' sums are gathered in gbuf:
 * 0 sum w, 1 sum w log(v + x m), 2 sum w log(x m / (v + x m)), 3 sum w f, 4 sum w f^2 with
 * f = v / (v + x m); the gamma-function terms are then computed once per x.
 */
double
cr_gamma_gamma_data_loglik(const CrBtydData *d, const double *theta, double *grad, double *hess)
{
	double		p = exp(theta[0]),
				q = exp(theta[1]),
				v = exp(theta[2]);
	double		lgq = cr_lgamma(q),
				lv = log(v);
	double		ll = 0;
	double		g[3] = {0, 0, 0};
	double		h[6] = {0};		/* pp pq pv qq qv vv (theta space) */
	int64_t		i,
				gi;

	if (!isfinite(p) || !isfinite(q) || !isfinite(v) || !(p > 0) || !(q > 0) || !(v > 0))
		return NAN;

	for (gi = 0; gi < d->ngroups; gi++)
	{
		double	   *gb = d->gbuf + 8 * gi;

		if (CR_EVERY(gi, 1024))
			cr_check_interrupts();
		gb[0] = gb[1] = gb[2] = gb[3] = gb[4] = 0;
	}
	for (i = 0; i < d->n; i++)
	{
		double	   *gb = d->gbuf + 8 * d->group[i];
		double		x = d->x[i],
					m = d->tx[i],
					w = d->w[i];
		double		xm = x * m;
		double		lvxm = log(v + xm);
		double		fr = v / (v + xm);	/* v / (v + x m) */

		if (CR_EVERY(i, 16384))
			cr_check_interrupts();
		gb[0] += w;
		gb[1] += w * lvxm;
		gb[2] += w * (log(xm) - lvxm);	/* log(x m / (v + x m)) */
		gb[3] += w * fr;
		gb[4] += w * fr * fr;
		ll -= w * log(m);
	}
	for (gi = 0; gi < d->ngroups; gi++)
	{
		double	   *gb = d->gbuf + 8 * gi;
		double		x = d->gx[gi],
					sw = gb[0];
		double		px = p * x;

		if (CR_EVERY(gi, 1024))
			cr_check_interrupts();
		if (sw == 0)
			continue;
		/* LL = sum_w [lgamma(px+q) - lgamma(px) - lgamma(q) + q log v - q log(v+xm)
		 *             + px log(xm/(v+xm)) - log m] */
		ll += sw * (cr_lgamma(px + q) - cr_lgamma(px) - lgq + q * lv) - q * gb[1] + px * gb[2];
		if (grad || hess)
		{
			double		ppq = cr_digamma(px + q),
						pp = cr_digamma(px),
						pq = cr_digamma(q);
			/* natural-parameter gradients of the group */
			double		dp = x * (sw * (ppq - pp)) + x * gb[2];
			double		dq = sw * (ppq - pq + lv) - gb[1];
			/* d/dv: q/v - (px+q)/(v+xm) = (q/v) - (px+q) fr / v */
			double		dv = (sw * q - (px + q) * gb[3]) / v;

			if (grad)
			{
				g[0] += p * dp;
				g[1] += q * dq;
				g[2] += v * dv;
			}
			if (hess)
			{
				double		tpq = cr_trigamma(px + q),
							tp = cr_trigamma(px),
							tq = cr_trigamma(q);
				/* natural second derivatives */
				double		hpp = x * x * sw * (tpq - tp);
				double		hpq = x * sw * tpq;
				double		hpv = -x * gb[3] / v;	/* -x / (v + xm) = -x fr / v */
				double		hqq = sw * (tpq - tq);
				double		hqv = (sw - gb[3]) / v;	/* 1/v - 1/(v+xm) */
				/* -q/v^2 + (px+q)/(v+xm)^2 = (-q sw + (px+q) sum fr^2) / v^2 */
				double		hvv = (-q * sw + (px + q) * gb[4]) / (v * v);

				h[0] += p * p * hpp + p * dp;
				h[1] += p * q * hpq;
				h[2] += p * v * hpv;
				h[3] += q * q * hqq + q * dq;
				h[4] += q * v * hqv;
				h[5] += v * v * hvv + v * dv;
			}
		}
	}
	if (grad)
		memcpy(grad, g, sizeof(g));
	if (hess)
	{
		hess[0] = h[0];
		hess[1] = hess[3] = h[1];
		hess[2] = hess[6] = h[2];
		hess[4] = h[3];
		hess[5] = hess[7] = h[4];
		hess[8] = h[5];
	}
	return ll;
}

/* The driver's log-likelihood (mle.h). */
static double
fit_loglik(const double *theta, double *grad, double *hess, void *ctx)
{
	return cr_gamma_gamma_data_loglik(ctx, theta, grad, hess);
}

int
cr_gamma_gamma_fit(const CrBtydData *d, CrGammaGammaFit *fit)
{
	CrMleResult res;
	static const double starts[][3] = {
		{1.0, 1.0, 1.0},
		{5.0, 3.0, 1.0},
		{0.5, 5.0, 0.5},
	};
	double		logstarts[3 * 3];
	double		mean_m = 0;
	int64_t		i;
	int			k;

	memset(fit, 0, sizeof(*fit));
	for (i = 0; i < d->n; i++)
		mean_m += d->w[i] * d->tx[i];
	mean_m = d->total_weight > 0 ? mean_m / d->total_weight : 1.0;
	if (!(mean_m > 0) || !isfinite(mean_m))
		mean_m = 1.0;
	/* v is in money units: start it at the scale of the average spend */
	for (k = 0; k < 3; k++)
	{
		logstarts[3 * k + 0] = log(starts[k][0]);
		logstarts[3 * k + 1] = log(starts[k][1]);
		logstarts[3 * k + 2] = log(starts[k][2] * mean_m);
	}
	{
		CrMleProblem prob = {.loglik = fit_loglik, .ctx = (void *) d, .n = 3, .analytic_hessian = 1,
			.starts = logstarts, .nstarts = 3, .total_weight = d->total_weight};

		cr_mle_fit(&prob, &res);
	}

	fit->status = res.status;
	fit->diverged = res.diverged;
	fit->iterations = res.iterations;
	fit->converged = res.converged;
	fit->flat = res.flat;
	fit->loglik = res.loglik;
	fit->se_ok = res.se_ok;
	fit->par.p = exp(res.x[0]);
	fit->par.q = exp(res.x[1]);
	fit->par.v = exp(res.x[2]);
	fit->se.p = res.se[0];
	fit->se.q = res.se[1];
	fit->se.v = res.se[2];
	memcpy(fit->cov, res.cov, sizeof(fit->cov));
	return 0;
}

double
cr_gamma_gamma_expected_spend(const CrGammaGammaParams *par, double x, double m)
{
	double		den = par->p * x + par->q - 1;

	if (!(den > 0))
		return NAN;
	/* written as a weighted mean so that huge x m does not lose the population part */
	return (par->p * par->v) / den + (par->p * x / den) * m;
}

double
cr_gamma_gamma_simulate_mean(const CrGammaGammaParams *par, double x, CrRng *rng)
{
	double		nu;

	if (!(x > 0))
		return 0;
	nu = cr_rng_gamma(rng, par->q, par->v);
	return cr_rng_gamma(rng, par->p * x, x * nu);
}
