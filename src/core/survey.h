/*
 * survey.h — survey scores from answer counts (pure C11, no PostgreSQL): the Net Promoter Score
 * with its standard error and 95 % interval, CSAT (top-two-box share) and CES (mean effort),
 * plus the portable byte form of their states that travels between machines.
 *
 * Every score is a function of a few counters, so an aggregate's state is constant-size: three
 * int64 slots whose meaning depends on the kind of score (CrSurveyState). The same three slots
 * are the SQL aggregates' int8[] state and the payload of the bytea state of
 * nps_state()/nps_merge() and friends.
 *
 * Functions return CR_SURVEY_OK or an error code; they never print and never return NaN.
 */
#ifndef CR_SURVEY_H
#define CR_SURVEY_H

#include <stddef.h>
#include <stdint.h>

/* Return codes. */
#define CR_SURVEY_OK				0
#define CR_SURVEY_EMPTY				1	/* no answers: the score is undefined (SQL NULL) */
#define CR_SURVEY_INVALID			2	/* inconsistent counters (negative, top2 > n, ...) */
#define CR_SURVEY_OVERFLOW			3	/* a counter would exceed INT64_MAX */
#define CR_SURVEY_SCALE_MISMATCH	4	/* two states of different scale_max */
#define CR_SURVEY_BAD_LENGTH		5	/* bytea state of the wrong length */
#define CR_SURVEY_BAD_VERSION		6	/* bytea state of an unknown format version */
#define CR_SURVEY_BAD_KIND			7	/* bytea state of another score (a CSAT state given to NPS) */

/* The NPS scale: 0..10; detractors 0..6, passives 7..8, promoters 9..10 (Reichheld 2003). */
#define CR_NPS_MIN					0
#define CR_NPS_MAX					10
#define CR_NPS_PASSIVE_MIN			7
#define CR_NPS_PROMOTER_MIN			9

/*
 * CSAT and CES answers run from 1 to scale_max. The top two boxes of a CSAT scale need at least
 * three points (on a 2-point scale every answer is "top two"); a CES mean needs two. 100 points
 * is the largest rating scale accepted (it also bounds the CES sum far from overflow).
 */
#define CR_SURVEY_SCALE_MIN			1
#define CR_CSAT_SCALE_MAX_LOW		3
#define CR_CES_SCALE_MAX_LOW		2
#define CR_SURVEY_SCALE_MAX_HIGH	100
#define CR_CSAT_DEFAULT_SCALE		5
#define CR_CES_DEFAULT_SCALE		7

/* Two-sided 95 % standard normal quantile, Phi^-1(0.975). */
#define CR_Z_975					1.959963984540054

/* Which score a state belongs to; also the kind byte of the serialized form. */
typedef enum CrSurveyKind
{
	CR_SURVEY_NPS = 'N',		/* v = {promoters, passives, detractors} */
	CR_SURVEY_CSAT = 'C',		/* v = {n, top-two-box answers, scale_max} */
	CR_SURVEY_CES = 'E'			/* v = {n, sum of answers, scale_max} */
} CrSurveyKind;

#define CR_SURVEY_NSLOTS			3

/* scale_max is 0 in a CSAT/CES state that has not seen an answer yet (scale still unknown). */
typedef struct CrSurveyState
{
	CrSurveyKind kind;
	int64_t		v[CR_SURVEY_NSLOTS];
} CrSurveyState;

/*
 * Serialized state: byte 0 the format version (CR_SURVEY_STATE_VERSION), byte 1 the kind
 * ('N', 'C' or 'E'), then the three slots as 64-bit two's-complement big-endian integers:
 * 26 bytes, the same on every machine.
 */
#define CR_SURVEY_STATE_VERSION		1
#define CR_SURVEY_STATE_BYTES		(2 + 8 * CR_SURVEY_NSLOTS)

typedef struct CrNpsSummary
{
	int64_t		n;
	int64_t		promoters;
	int64_t		passives;
	int64_t		detractors;
	double		nps;			/* 100 (P - D), in [-100, 100] */
	double		std_error;		/* 100 sqrt(((P + D) - (P - D)^2) / n) */
	double		ci_low;			/* nps -/+ z_0.975 std_error, clipped to [-100, 100] */
	double		ci_high;
} CrNpsSummary;

/* -1 detractor, 0 passive, +1 promoter; the caller has checked 0 <= score <= 10. */
static inline int
cr_nps_class(int64_t score)
{
	return score >= CR_NPS_PROMOTER_MIN ? 1 : (score >= CR_NPS_PASSIVE_MIN ? 0 : -1);
}

/* NPS = 100 (promoters - detractors) / n. */
extern int	cr_nps(int64_t promoters, int64_t passives, int64_t detractors, double *nps);

/*
 * NPS with its Wald standard error and 95 % interval. Per answer the NPS is the mean of
 * X in {+1, 0, -1}, so Var(X) = E[X^2] - E[X]^2 = (P + D) - (P - D)^2 with P, D the shares of
 * promoters and detractors (multinomial covariance Cov(P, D) = -PD/n; Rocks 2016,
 * "Interval Estimation for the 'Net Promoter Score'", The American Statistician 70(4),
 * arXiv:1601.07235, the Wald interval).
 */
extern int	cr_nps_summary(int64_t promoters, int64_t passives, int64_t detractors,
						   CrNpsSummary *out);

/* CSAT = 100 top2 / n, the percentage of answers in the top two boxes. */
extern int	cr_csat(int64_t n, int64_t top2, double *csat);

/* CES = sum / n, the mean answer on 1..scale_max (n <= sum <= n scale_max, else INVALID). */
extern int	cr_ces(int64_t n, int64_t sum, int64_t scale_max, double *ces);

/* CR_SURVEY_OK when the counters are consistent for their kind (see CrSurveyKind). */
extern int	cr_survey_state_check(const CrSurveyState *s);

/*
 * into += from, for two valid states of the same kind. CSAT/CES states of different scale_max
 * cannot be merged (CR_SURVEY_SCALE_MISMATCH) unless one of them is empty. On error *into is
 * unchanged.
 */
extern int	cr_survey_state_merge(CrSurveyState *into, const CrSurveyState *from);

/* Writes CR_SURVEY_STATE_BYTES bytes. */
extern void cr_survey_state_encode(const CrSurveyState *s, unsigned char *out);

/*
 * Reads a serialized state of the expected kind and checks it (length, version, kind, then
 * cr_survey_state_check). Never reads past buf[len - 1].
 */
extern int	cr_survey_state_decode(const unsigned char *buf, size_t len,
								   CrSurveyKind expected, CrSurveyState *s);

/* A short English description of a return code, for error details. */
extern const char *cr_survey_strerror(int code);

#endif							/* CR_SURVEY_H */
