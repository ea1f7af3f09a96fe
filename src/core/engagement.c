/*
 * engagement.c — decayed engagement sums.
 */
#include "engagement.h"

#include <math.h>

double
cr_engagement_term(double weight, double age, double half_life)
{
	double		e = -age / half_life;

	if (weight == 0 || e < -1100.0)
		return 0.0;				/* 2^-1100 underflows anyway; also keeps inf * 0 away */
	return weight * exp2(e);
}

double
cr_engagement_score(double engagement, double reference)
{
	double		s = engagement / reference;

	if (!(s < 1.0))
		return 100.0;
	if (!(s > 0.0))
		return 0.0;
	return 100.0 * s;
}
