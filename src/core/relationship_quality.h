/*
 * relationship_quality.h — the relationship-quality (RQ) index: answers on any numeric scale
 * normalised to 0-100, averaged per dimension, combined with weights (pure C, no PostgreSQL).
 *
 * The default instrument has the nine dimensions of relational quality named in the
 * relationship-marketing literature (trust, communication, respect, fairness, honesty,
 * seriousness, recognition, commitment, engagement), equally weighted. A custom table of
 * dimension names and non-negative weights replaces it.
 *
 * Dimension names are compared after normalisation: leading and trailing ASCII white space
 * removed, ASCII letters folded to lower case (other bytes compared as they are, so the result
 * does not depend on the locale). ' Trust', 'TRUST' and 'trust' are one dimension.
 */
#ifndef CR_RELATIONSHIP_QUALITY_H
#define CR_RELATIONSHIP_QUALITY_H

#include <stddef.h>
#include <stdint.h>

#define CR_RQ_NAME_MAX		63	/* bytes of a normalised dimension name */
#define CR_RQ_MAX_DIMS		64	/* dimensions of one instrument */
#define CR_RQ_N_DEFAULT		9
/*
 * The index needs answers on dimensions carrying at least half of the total weight (the
 * "half rule" of scale scoring: a scale score is computed when at least half of its parts are
 * answered; 5 of the 9 default dimensions).
 */
#define CR_RQ_MIN_COVERAGE	0.5

extern const char *const cr_rq_default_dimensions[CR_RQ_N_DEFAULT];

typedef struct CrRqTable
{
	int			ndims;
	int			is_default;		/* the nine default dimensions, weight 1 each, in that order */
	uint64_t	fingerprint;	/* hash of names and weights, to tell tables apart cheaply */
	double		weight[CR_RQ_MAX_DIMS];
	unsigned char len[CR_RQ_MAX_DIMS];
	char		name[CR_RQ_MAX_DIMS][CR_RQ_NAME_MAX + 1];	/* NUL-terminated */
} CrRqTable;

typedef enum CrRqStatus
{
	CR_RQ_OK = 0,
	CR_RQ_EMPTY_NAME,			/* a name is empty after trimming */
	CR_RQ_NAME_TOO_LONG,		/* more than CR_RQ_NAME_MAX bytes */
	CR_RQ_DUPLICATE,			/* two names are equal after normalisation */
	CR_RQ_TOO_MANY,				/* more than CR_RQ_MAX_DIMS dimensions */
	CR_RQ_BAD_WEIGHT,			/* a weight is negative or not finite */
	CR_RQ_NO_WEIGHT,			/* the weights add up to zero */
	CR_RQ_NO_DIMENSIONS			/* the table is empty */
} CrRqStatus;

/*
 * Normalise a dimension name into out (CR_RQ_NAME_MAX + 1 bytes, NUL-terminated); *outlen
 * receives its length. CR_RQ_EMPTY_NAME or CR_RQ_NAME_TOO_LONG on failure.
 */
extern CrRqStatus cr_rq_normalize_name(const char *in, size_t len, char *out, int *outlen);

/* The default table. */
extern void cr_rq_default_table(CrRqTable *t);

/* Start an empty custom table; add (raw) names with their weights; finish. */
extern void cr_rq_table_begin(CrRqTable *t);
extern CrRqStatus cr_rq_table_add(CrRqTable *t, const char *name, size_t len, double weight);

/*
 * Sort the names (bytewise), check the weights add up to more than zero, recognise the default
 * table, compute the fingerprint.
 */
extern CrRqStatus cr_rq_table_finish(CrRqTable *t);

/* Fingerprint of a table's names and weights (FNV-1a). */
extern uint64_t cr_rq_table_fingerprint(const CrRqTable *t);

/* Index of a (raw, unnormalised) name in the table, or -1. */
extern int	cr_rq_table_find(const CrRqTable *t, const char *name, size_t len);

/*
 * An answer on the scale [lo, hi] (lo < hi, lo <= score <= hi, all finite: checked by the
 * caller) as a value in [0, 100]: (score - lo) / (hi - lo) * 100, without overflow for
 * scales whose width exceeds the largest double.
 */
extern double cr_rq_normalize_score(double score, double lo, double hi);

typedef struct CrRqResult
{
	int			has_index;		/* coverage >= CR_RQ_MIN_COVERAGE */
	double		index;			/* 0-100, weighted mean of the answered dimensions' means */
	int			n_dimensions;	/* dimensions with at least one answer */
	double		coverage;		/* answered weight / total weight, 0-1 */
	int			weakest;		/* table index, -1 when no answered dimension has weight */
	int			strongest;
} CrRqResult;

/*
 * The profile from per-dimension sums of normalised answers and answer counts (both arrays
 * indexed like the table). Weakest/strongest: lowest/highest mean among the answered
 * dimensions with a positive weight; means within 1e-9 points are a tie, and ties go to the
 * larger weight, then to the name that sorts first.
 */
extern void cr_rq_finish(const CrRqTable *t, const double *sum, const double *count,
						 CrRqResult *out);

#endif							/* CR_RELATIONSHIP_QUALITY_H */
