/*
 * health.c — the composite relationship health score, its band and its driver.
 */
#include "health.h"

#include <math.h>

const char *const cr_health_component_names[CR_HEALTH_N] = {
	"p_alive", "recency_score", "rq_index", "nps_answer", "engagement_score"
};

const char *const cr_health_band_names[4] = {
	"strong", "stable", "at risk", "critical"
};

int
cr_health_score(const double *value, const int *present, const double *weight,
				CrHealthResult *out)
{
	double		total = 0,
				wsum = 0,
				acc = 0;
	int			c;

	for (c = 0; c < CR_HEALTH_N; c++)
	{
		total += weight[c];
		if (present[c])
		{
			wsum += weight[c];
			acc += weight[c] * value[c];
		}
	}
	if (!(wsum > 0))
		return 0;
	out->score = acc / wsum;
	if (out->score < 0)
		out->score = 0;
	else if (out->score > 100)
		out->score = 100;
	out->coverage = total > 0 ? wsum / total : 0;
	if (out->coverage > 1)
		out->coverage = 1;
	out->driver = -1;
	out->driver_gap = 0;
	for (c = 0; c < CR_HEALTH_N; c++)
	{
		double		gap;

		if (!present[c])
			continue;
		gap = weight[c] / wsum * (100.0 - value[c]);
		/* equal gaps (up to rounding) go to the component listed first */
		if (gap > out->driver_gap + 1e-9)
		{
			out->driver = c;
			out->driver_gap = gap;
		}
	}
	return 1;
}

CrHealthBand
cr_health_band(double score, double strong_min, double stable_min, double at_risk_min)
{
	/* a score that is a threshold up to rounding (74.99999999999999) belongs to its band */
	score += 1e-9;
	if (score >= strong_min)
		return CR_BAND_STRONG;
	if (score >= stable_min)
		return CR_BAND_STABLE;
	if (score >= at_risk_min)
		return CR_BAND_AT_RISK;
	return CR_BAND_CRITICAL;
}

double
cr_health_recency_score(double since, double typical_gap)
{
	double		r = exp(-since / typical_gap);

	if (!(r <= 1.0))
		r = 1.0;				/* since = 0 (or -0) */
	return r;
}
