/*
 * engagement.h — engagement as an exponentially decayed sum of weighted interactions
 * (pure C, no PostgreSQL).
 *
 *     engagement(as_of) = sum_i weight_i * 2^(-(as_of - t_i) / half_life),  t_i <= as_of
 *
 * An interaction counts fully on the day it happens and half as much one half-life later: the
 * exponentially weighted moving sum used for recency-weighted activity (Brown's exponential
 * smoothing; half-life parametrisation as in radioactive decay, so the unit is a duration).
 */
#ifndef CR_ENGAGEMENT_H
#define CR_ENGAGEMENT_H

/*
 * One interaction's contribution: weight * 2^(-age / half_life); age >= 0 and half_life > 0
 * in the same unit, weight finite (checked by the caller). Underflows to 0 for very old
 * interactions, never NaN.
 */
extern double cr_engagement_term(double weight, double age, double half_life);

/*
 * Engagement as a 0-100 score against a reference level (e.g. the engagement of a customer
 * the business considers fully engaged, or a high percentile of the customer base):
 * 100 * min(1, engagement / reference). engagement >= 0, reference > 0.
 */
extern double cr_engagement_score(double engagement, double reference);

#endif							/* CR_ENGAGEMENT_H */
