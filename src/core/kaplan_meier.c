/*
 * kaplan_meier.c — product-limit survival curve, Greenwood standard errors, log-log intervals
 * and the median. S(t) = prod_{t_i <= t} (1 - d_i / n_i) (Kaplan & Meier 1958, eq. 3.2);
 * Var S(t) = S(t)^2 sum_{t_i <= t} d_i / (n_i (n_i - d_i)) (Greenwood).
 */
#include "kaplan_meier.h"
#include "runtime.h"

#include <math.h>
#include <stdlib.h>

static int
point_cmp(const void *a, const void *b)
{
	double		x = ((const CrKmPoint *) a)->time,
				y = ((const CrKmPoint *) b)->time;

	return (x > y) - (x < y);
}

size_t
cr_km_compact(CrKmPoint *p, size_t n)
{
	size_t		i,
				k = 0;

	if (n == 0)
		return 0;
	qsort(p, n, sizeof(CrKmPoint), point_cmp);
	for (i = 1; i < n; i++)
	{
		if (CR_EVERY(i, 65536))
			cr_check_interrupts();
		if (p[i].time == p[k].time)
		{
			p[k].events += p[i].events;
			p[k].censored += p[i].censored;
		}
		else
			p[++k] = p[i];
	}
	return k + 1;
}

CrKmStatus
cr_km_check(const CrKmPoint *p, size_t n, size_t *pos, int64_t *total)
{
	size_t		i;
	int64_t		sum = 0;

	*pos = 0;
	*total = 0;
	for (i = 0; i < n; i++)
	{
		if (CR_EVERY(i, 65536))
			cr_check_interrupts();
		*pos = i;
		if (!isfinite(p[i].time) || p[i].time < 0)
			return CR_KM_BAD_TIME;
		if (i > 0 && !(p[i].time > p[i - 1].time))
			return CR_KM_NOT_INCREASING;
		if (p[i].events < 0 || p[i].censored < 0 || (p[i].events == 0 && p[i].censored == 0))
			return CR_KM_BAD_COUNT;
		if (p[i].events > INT64_MAX - sum)
			return CR_KM_TOO_MANY;
		sum += p[i].events;
		if (p[i].censored > INT64_MAX - sum)
			return CR_KM_TOO_MANY;
		sum += p[i].censored;
	}
	*pos = 0;
	*total = sum;
	return CR_KM_OK;
}

/* log-log interval (Kalbfleisch & Prentice): S^exp(+-z se(log S) / log S). */
static void
loglog_interval(double s, double greenwood_sum, double *lo, double *hi)
{
	if (s >= 1.0)
	{
		/* No event yet: the estimate has zero variance. */
		*lo = *hi = 1.0;
		return;
	}
	{
		double		ls = log(s);
		double		w = CR_KM_Z975 * sqrt(greenwood_sum) / ls;	/* negative */
		double		theta = log(-ls);

		*lo = exp(-exp(theta - w));
		*hi = exp(-exp(theta + w));
	}
}

void
cr_km_estimate(const CrKmPoint *p, size_t n, int64_t total, CrKmRow *out)
{
	size_t		i;
	int64_t		at_risk = total;
	double		s = 1.0,
				gw = 0.0;
	int			dead = 0;		/* S has reached 0 */

	for (i = 0; i < n; i++)
	{
		CrKmRow    *r = &out[i];
		int64_t		d = p[i].events;

		if (CR_EVERY(i, 65536))
			cr_check_interrupts();
		r->time = p[i].time;
		r->at_risk = at_risk;
		r->events = d;
		r->censored = p[i].censored;
		if (d > 0 && !dead)
		{
			if (d >= at_risk)
			{
				s = 0.0;
				dead = 1;
			}
			else
			{
				s *= (double) (at_risk - d) / (double) at_risk;
				gw += (double) d / ((double) at_risk * (double) (at_risk - d));
			}
		}
		r->survival = s;
		if (dead)
		{
			r->has_se = r->has_ci = 0;
			r->std_error = r->ci_low = r->ci_high = 0;
		}
		else
		{
			r->has_se = r->has_ci = 1;
			r->std_error = s * sqrt(gw);
			loglog_interval(s, gw, &r->ci_low, &r->ci_high);
		}
		at_risk -= d + p[i].censored;
	}
}

double
cr_km_survival_at(const CrKmPoint *p, size_t n, int64_t total, double t)
{
	size_t		i;
	int64_t		at_risk = total;
	double		s = 1.0;

	for (i = 0; i < n && p[i].time <= t; i++)
	{
		if (p[i].events > 0)
		{
			if (p[i].events >= at_risk)
				return 0.0;
			s *= (double) (at_risk - p[i].events) / (double) at_risk;
		}
		at_risk -= p[i].events + p[i].censored;
	}
	return s;
}

int
cr_km_median(const CrKmPoint *p, size_t n, int64_t total, double *median)
{
	const double tol = 1.4901161193847656e-08;	/* sqrt(DBL_EPSILON), as R uses */
	size_t		i;
	int64_t		at_risk = total;
	double		s = 1.0;

	for (i = 0; i < n; i++)
	{
		if (CR_EVERY(i, 65536))
			cr_check_interrupts();
		if (p[i].events > 0)
		{
			s = (p[i].events >= at_risk) ? 0.0
				: s * (double) (at_risk - p[i].events) / (double) at_risk;
			if (s < 0.5 + tol)
			{
				size_t		j;

				*median = p[i].time;
				if (fabs(s - 0.5) < tol)
				{
					/* Flat at exactly one half: midpoint up to the next drop, if any. */
					for (j = i + 1; j < n; j++)
						if (p[j].events > 0)
						{
							*median = p[i].time + 0.5 * (p[j].time - p[i].time);
							break;
						}
				}
				return 1;
			}
		}
		at_risk -= p[i].events + p[i].censored;
	}
	return 0;
}
