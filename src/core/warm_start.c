/*
 * warm_start.c — the block sample behind a fit's warm start (see warm_start.h).
 */
#include "warm_start.h"

#include <string.h>

#include "runtime.h"

int
cr_block_sample(int64_t n, const double *x, const double *tx, const double *T, const double *w,
				int64_t block, CrBlockSample *s)
{
	int64_t		m,
				b;

	memset(s, 0, sizeof(*s));
	if (n <= 0 || block < 1)
		return 0;
	m = (n + block - 1) / block;
	s->x = cr_malloc(sizeof(double) * m);
	s->tx = cr_malloc(sizeof(double) * m);
	s->T = cr_malloc(sizeof(double) * m);
	s->w = cr_malloc(sizeof(double) * m);
	if (!s->x || !s->tx || !s->T || !s->w)
	{
		cr_block_sample_free(s);
		return -1;
	}
	for (b = 0; b < m; b++)
	{
		int64_t		first = b * block,
					last = first + block < n ? first + block : n,
					heaviest = first,
					i;
		double		weight = 0;

		if (CR_EVERY(b, 4096))
			cr_check_interrupts();
		for (i = first; i < last; i++)
		{
			weight += w[i];
			if (w[i] > w[heaviest])
				heaviest = i;
		}
		s->x[b] = x[heaviest];
		s->tx[b] = tx[heaviest];
		s->T[b] = T[heaviest];
		s->w[b] = weight;
	}
	s->n = m;
	return 0;
}

void
cr_block_sample_free(CrBlockSample *s)
{
	cr_free(s->x);
	cr_free(s->tx);
	cr_free(s->T);
	cr_free(s->w);
	memset(s, 0, sizeof(*s));
}

int
cr_warm_start(int64_t n, const double *x, const double *tx, const double *T, const double *w,
			  CrSampleFit fit, void *ctx, double *start)
{
	CrBlockSample s;
	int			ok;

	if (n < CR_WARM_START_MIN_ROWS ||
		cr_block_sample(n, x, tx, T, w, CR_WARM_START_BLOCK, &s) != 0)
		return 0;
	/* a sample that is itself large starts from its own sample: the fit recurses */
	ok = fit(s.n, s.x, s.tx, s.T, s.w, ctx, start);
	cr_block_sample_free(&s);
	return ok;
}
