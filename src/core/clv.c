/*
 * clv.c — the discounted CLV sum over periods (FHL 2005 JMR "RFM and CLV", sec. "Computing
 * CLV", in discrete form: the expected purchases of each period times the expected spend,
 * discounted once per period).
 */
#include "clv.h"
#include "runtime.h"

#include <math.h>
#include <stdlib.h>

#define CLV_FIRST_CHUNK 64
#define CLV_NEGLIGIBLE 1e-15

/*
 * The periods are evaluated in chunks of growing size (64, 128, ...), each one call of the
 * model's callback. With a positive discount rate the sum stops early once what is left cannot
 * matter: E is nondecreasing, so the periods after k add at most
 *   (1+d)^-(k+1) sum_{i>k} (E_i - E_(i-1)) = (1+d)^-(k+1) (E_N - E_k),
 * and E_N comes from one evaluation at the last horizon. Stopping when that bound is below
 * CLV_NEGLIGIBLE of the sum so far changes the result by less than that, and makes a sum over
 * 100000 periods at 1% per period cost a few thousand horizons (issue 8). Between chunks the
 * caller may cancel.
 */
double
cr_clv(cr_expected_purchases_fn expected, void *ctx, double spend, int periods,
	   double period_length, double discount_rate)
{
	double	   *t,
			   *e;
	double		sum = 0,
				prev = 0,
				ldisc,
				tN,
				eN;
	int			i = 0,
				chunk = CLV_FIRST_CHUNK,
				cap;

	if (periods < 1 || periods > CR_CLV_MAX_PERIODS || !(period_length > 0) ||
		!isfinite(period_length) || !(discount_rate > -1) || !isfinite(discount_rate) ||
		!isfinite(spend))
		return NAN;
	ldisc = log1p(discount_rate);
	tN = periods * period_length;
	if (expected(&tN, 1, &eN, ctx) != 0 || !isfinite(eN))
		return NAN;
	cap = periods < CLV_FIRST_CHUNK ? periods : CLV_FIRST_CHUNK;
	while (cap < periods && cap < 65536)
		cap *= 2;
	if (cap > periods)
		cap = periods;
	t = cr_malloc(sizeof(double) * cap);
	e = cr_malloc(sizeof(double) * cap);
	if (!t || !e)
	{
		cr_free(t);
		cr_free(e);
		return NAN;
	}
	while (i < periods)
	{
		int			n = periods - i < chunk ? periods - i : chunk,
					j;

		if (n > cap)
			n = cap;
		for (j = 0; j < n; j++)
			t[j] = (i + j + 1) * period_length;
		if (expected(t, n, e, ctx) != 0)
		{
			sum = NAN;
			break;
		}
		for (j = 0; j < n; j++, i++)
		{
			/* expected purchases in period i+1; never negative (E is nondecreasing in t, but
			 * rounding could make a difference of nearly equal numbers slightly negative) */
			double		inc = e[j] - prev;

			if (!isfinite(e[j]))
			{
				sum = NAN;
				break;
			}
			if (inc < 0)
				inc = 0;
			sum += inc * exp(-(i + 1) * ldisc);
			prev = e[j];
		}
		if (isnan(sum))
			break;
		cr_check_interrupts();
		if (i < periods && discount_rate > 0 &&
			exp(-(i + 1) * ldisc) * fmax(eN - prev, 0) <= CLV_NEGLIGIBLE * sum)
			break;
		if (chunk < cap)
			chunk *= 2;
	}
	cr_free(t);
	cr_free(e);
	return sum * spend;
}
