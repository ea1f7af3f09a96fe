/*
 * kaplan_meier.h — the product-limit estimator of a survival curve (pure C, no PostgreSQL).
 * Kaplan & Meier (1958), JASA 53(282); Greenwood's variance (Greenwood 1926); the log-log
 * ("complementary log-log") confidence interval of Kalbfleisch & Prentice (2002, sec. 1.4),
 * the conf.type = "log-log" of R's survival::survfit.
 *
 * A curve is a table of distinct times, each with its number of events (deaths, churns) and of
 * censored observations. An observation censored at time t counts as at risk at t (events
 * happen before censoring at a tied time), the usual convention.
 */
#ifndef CR_KAPLAN_MEIER_H
#define CR_KAPLAN_MEIER_H

#include <stddef.h>
#include <stdint.h>

typedef struct CrKmPoint
{
	double		time;			/* >= 0, finite */
	int64_t		events;			/* >= 0 */
	int64_t		censored;		/* >= 0 */
} CrKmPoint;

typedef struct CrKmRow
{
	double		time;
	int64_t		at_risk;		/* subjects with duration >= time */
	int64_t		events;
	int64_t		censored;
	double		survival;		/* S(time), the product-limit estimate */
	double		std_error;		/* Greenwood: S * sqrt(sum d / (n (n - d))); valid when has_se */
	double		ci_low;			/* log-log 95 % interval; valid when has_ci */
	double		ci_high;
	int			has_se;			/* 0 once S has reached 0 (variance undefined) */
	int			has_ci;			/* 0 once S has reached 0 */
} CrKmRow;

/* Standard normal 97.5 % quantile, for the 95 % interval. */
#define CR_KM_Z975 1.959963984540054

/* Sort points by time and merge equal times (summing their counts); returns the new count. */
extern size_t cr_km_compact(CrKmPoint *p, size_t n);

/* Why a table is not a valid curve. */
typedef enum CrKmStatus
{
	CR_KM_OK = 0,
	CR_KM_BAD_TIME,				/* time NaN, infinite or negative */
	CR_KM_NOT_INCREASING,		/* time not strictly greater than the previous one */
	CR_KM_BAD_COUNT,			/* a count < 0, or a point with no observation at all */
	CR_KM_TOO_MANY				/* the total number of subjects overflows int64 */
} CrKmStatus;

/*
 * Check a compacted table (strictly increasing times); *pos receives the 0-based offending
 * point, *total the number of subjects (sum of all counts).
 */
extern CrKmStatus cr_km_check(const CrKmPoint *p, size_t n, size_t *pos, int64_t *total);

/* One row per point of a checked table (out has n rows); total from cr_km_check. */
extern void cr_km_estimate(const CrKmPoint *p, size_t n, int64_t total, CrKmRow *out);

/* S(t) of a checked table: 1 before the first event, the last value after the last time. */
extern double cr_km_survival_at(const CrKmPoint *p, size_t n, int64_t total, double t);

/*
 * Median survival time: the smallest time with S <= 0.5; when S is exactly 0.5 over an interval,
 * the midpoint between its start and the next event time (as R's survival package does).
 * Returns 1 and sets *median, or 0 when S never falls to 0.5.
 */
extern int	cr_km_median(const CrKmPoint *p, size_t n, int64_t total, double *median);

#endif							/* CR_KAPLAN_MEIER_H */
