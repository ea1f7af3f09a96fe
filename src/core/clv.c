/*
 * clv.c — the discounted CLV sum over periods (FHL 2005 JMR "RFM and CLV", sec. "Computing
 * CLV", in discrete form: the expected purchases of each period times the expected spend,
 * discounted once per period).
 */
#include "clv.h"
#include "runtime.h"

#include <math.h>
#include <stdlib.h>

#define CLV_STACK 64

double
cr_clv(cr_expected_purchases_fn expected, void *ctx, double spend, int periods,
	   double period_length, double discount_rate)
{
	double		tbuf[CLV_STACK],
				ebuf[CLV_STACK];
	double	   *t = tbuf,
			   *e = ebuf;
	double		sum = 0,
				prev = 0,
				ldisc;
	int			i;

	if (periods < 1 || periods > CR_CLV_MAX_PERIODS || !(period_length > 0) ||
		!isfinite(period_length) || !(discount_rate > -1) || !isfinite(discount_rate) ||
		!isfinite(spend))
		return NAN;
	if (periods > CLV_STACK)
	{
		t = cr_malloc(sizeof(double) * periods);
		e = cr_malloc(sizeof(double) * periods);
		if (!t || !e)
		{
			cr_free(t == tbuf ? NULL : t);
			cr_free(e == ebuf ? NULL : e);
			return NAN;
		}
	}
	for (i = 0; i < periods; i++)
		t[i] = (i + 1) * period_length;
	if (expected(t, periods, e, ctx) != 0)
		sum = NAN;
	else
	{
		ldisc = log1p(discount_rate);
		for (i = 0; i < periods; i++)
		{
			/* expected purchases in period i+1; never negative (E is nondecreasing in t, but
			 * rounding could make a difference of nearly equal numbers slightly negative) */
			double		inc = e[i] - prev;

			if (!isfinite(e[i]))
			{
				sum = NAN;
				break;
			}
			if (inc < 0)
				inc = 0;
			sum += inc * exp(-(i + 1) * ldisc);
			prev = e[i];
		}
		sum *= spend;
	}
	if (t != tbuf)
	{
		cr_free(t);
		cr_free(e);
	}
	return sum;
}
