/*
 * health.h — one relationship health score per customer from behavioural, attitudinal and
 * engagement components (pure C, no PostgreSQL).
 *
 * Every component is first put on a 0-100 scale (p_alive * 100, recency * 100, rq_index,
 * nps_answer * 10, engagement score). The score is the weighted mean of the components that
 * are present:
 *     score = sum_present w_c * v_c / sum_present w_c
 * so a missing component re-weights the others. The driver is the component with the largest
 * weighted shortfall (w_c / sum_present w) * (100 - v_c): the number of points it costs the
 * score. The shortfalls add up to 100 - score. Equal shortfalls (within 1e-9 points) go to
 * the component listed first (p_alive, recency, rq_index, nps_answer, engagement); a
 * shortfall of at most 1e-9 is none (driver -1).
 */
#ifndef CR_HEALTH_H
#define CR_HEALTH_H

#define CR_HEALTH_N 5

/* Component order (also the tie order of the driver). */
enum
{
	CR_HEALTH_P_ALIVE = 0,
	CR_HEALTH_RECENCY,
	CR_HEALTH_RQ,
	CR_HEALTH_NPS,
	CR_HEALTH_ENGAGEMENT
};

extern const char *const cr_health_component_names[CR_HEALTH_N];

typedef enum CrHealthBand
{
	CR_BAND_STRONG = 0,
	CR_BAND_STABLE,
	CR_BAND_AT_RISK,
	CR_BAND_CRITICAL
} CrHealthBand;

extern const char *const cr_health_band_names[4];

typedef struct CrHealthResult
{
	double		score;			/* 0-100 */
	int			driver;			/* component index, -1 when nothing falls short */
	double		driver_gap;		/* score points lost to the driver */
	double		coverage;		/* present weight / total weight, 0-1 */
} CrHealthResult;

/*
 * value: the components on the 0-100 scale; present: which are given; weight: non-negative,
 * finite, not all zero (checked by the caller). Returns 1 with *out filled, or 0 when no
 * present component has a positive weight (the score is then undefined: NULL).
 */
extern int	cr_health_score(const double *value, const int *present, const double *weight,
							CrHealthResult *out);

/* The band of a score: >= strong_min strong, >= stable_min stable, >= at_risk_min at risk. */
extern CrHealthBand cr_health_band(double score, double strong_min, double stable_min,
								   double at_risk_min);

/*
 * A recency score in [0, 1] from the time since the last purchase and the customer's typical
 * time between purchases (same unit): exp(-since / typical_gap), the probability that an
 * active customer buying as a Poisson process with that mean gap would have been silent this
 * long. 1 right after a purchase, 0.37 after one typical gap, 0.05 after three.
 */
extern double cr_health_recency_score(double since, double typical_gap);

#endif							/* CR_HEALTH_H */
