/*
 * warm_start.h — a starting point for a fit over many distinct rows, found by fitting a block
 * sample of them first (pure C, no PostgreSQL).
 *
 * Newton's method spends most iterations of a large fit far from the optimum, where each
 * iteration still sweeps every row. Fitted first to a block sample, the model lands near the
 * full optimum, and the full fit then starts there and runs only its last, quadratically
 * converging iterations. The answer is the full data's optimum either way (the convergence test
 * is on the full data's gradient): only the way there is shorter.
 *
 * The sample cuts the rows, in the caller's order, into consecutive blocks; each block is stood
 * in for by its heaviest row (the first of equals), which carries the whole block's weight. The
 * fitting aggregates hand their rows sorted by value, so a block holds alike customers, and the
 * total weight is kept. The same rows in the same order give the same sample.
 */
#ifndef CR_WARM_START_H
#define CR_WARM_START_H

#include <stdint.h>

/* Fits of fewer distinct rows start from the model's own starting points. */
#define CR_WARM_START_MIN_ROWS 32768
/* Rows per block: the sample's fit costs about 1/16 of a sweep over the data per iteration. */
#define CR_WARM_START_BLOCK 16

typedef struct CrBlockSample
{
	int64_t		n;
	double	   *x;
	double	   *tx;
	double	   *T;
	double	   *w;
} CrBlockSample;

/*
 * A model's fit of some rows: writes its log parameters to logparams and returns 1 when the fit
 * converged, 0 otherwise (also when out of memory).
 */
typedef int (*CrSampleFit) (int64_t n, const double *x, const double *tx, const double *T,
							const double *w, void *ctx, double *logparams);

/*
 * The warm start of a fit of n rows: 1, with start filled by fit over the rows' block sample,
 * when there are at least CR_WARM_START_MIN_ROWS rows and that fit converged; 0 otherwise (the
 * caller then starts from the model's own points alone).
 */
extern int	cr_warm_start(int64_t n, const double *x, const double *tx, const double *T,
						  const double *w, CrSampleFit fit, void *ctx, double *start);

/* The block sample itself. Returns 0, or -1 when out of memory (then nothing is left allocated). */
extern int	cr_block_sample(int64_t n, const double *x, const double *tx, const double *T,
							const double *w, int64_t block, CrBlockSample *s);
extern void cr_block_sample_free(CrBlockSample *s);

#endif							/* CR_WARM_START_H */
