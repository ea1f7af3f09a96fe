/*
 * intervals.c — delta-method intervals of predictions and predictive intervals of counts (see
 * intervals.h).
 */
#include "intervals.h"

#include <math.h>

#include "mle.h"
#include "runtime.h"

double
cr_normal_quantile(double p)
{
	double		q = p - 0.5,
				r,
				val;

	if (!(p > 0 && p < 1))
		return NAN;
	if (fabs(q) <= 0.425)
	{
		r = 0.180625 - q * q;
		return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r +
						 67265.770927008700853) * r + 45921.953931549871457) * r +
					   13731.693765509461125) * r + 1971.5909503065514427) * r +
					 133.14166789178437745) * r + 3.387132872796366608) /
			(((((((r * 5226.495278852545925 + 28729.085735721942674) * r +
				  39307.89580009271061) * r + 21213.794301586595867) * r +
				5394.1960214247511077) * r + 687.1870074920579083) * r +
			  42.313330701600911252) * r + 1.0);
	}
	r = q < 0 ? p : 1 - p;
	r = sqrt(-log(r));
	if (r <= 5)
	{
		r -= 1.6;
		val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r +
					0.24178072517745061177) * r + 1.27045825245236838258) * r +
				  3.64784832476320460504) * r + 5.7694972214606914055) * r +
				4.6303378461565452959) * r + 1.42343711074968357734) /
			(((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r +
				  0.0151986665636164571966) * r + 0.14810397642748007459) * r +
				0.68976733498510000455) * r + 1.6763848301838038494) * r +
			  2.05319162663775882187) * r + 1.0);
	}
	else
	{
		r -= 5;
		val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r +
					0.0012426609473880784386) * r + 0.026532189526576123093) * r +
				  0.29656057182850489123) * r + 1.7848265399172913358) * r +
				5.4637849111641143699) * r + 6.6579046435011037772) /
			(((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r +
				  1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
				0.0148753612908506148525) * r + 0.13692988092273580531) * r +
			  0.59983220655588793769) * r + 1.0);
	}
	return q < 0 ? -val : val;
}

int
cr_delta_log_interval(cr_prediction_fn f, void *ctx, int k, const double *x,
					  const double *logcov, double level, double *estimate, double *lower,
					  double *upper)
{
	double		xs[CR_MLE_MAX_DIM],
				d[CR_MLE_MAX_DIM],
				g0,
				var = 0,
				z,
				se;
	int			i,
				j;

	if (k < 1 || k > CR_MLE_MAX_DIM || !(level > 0 && level < 1))
		return -1;
	g0 = f(x, ctx);
	if (!isfinite(g0) || g0 < 0)
		return -1;
	*estimate = g0;
	if (g0 == 0)
	{
		*lower = *upper = 0;
		return 0;
	}
	for (i = 0; i < k; i++)
		xs[i] = x[i];
	for (i = 0; i < k; i++)
	{
		/* central differences of log g; the step balances truncation and rounding error */
		double		h = 1e-5 * fmax(1.0, fabs(x[i])),
					gp,
					gm;

		cr_check_interrupts();
		xs[i] = x[i] + h;
		gp = f(xs, ctx);
		xs[i] = x[i] - h;
		gm = f(xs, ctx);
		xs[i] = x[i];
		if (!(gp > 0) || !(gm > 0) || !isfinite(gp) || !isfinite(gm))
			return -1;
		d[i] = (log(gp) - log(gm)) / (2 * h);
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			var += d[i] * logcov[i * k + j] * d[j];
	if (!(var >= 0) || !isfinite(var))
		return -1;
	se = sqrt(var);
	z = cr_normal_quantile(0.5 + level / 2);
	*lower = g0 * exp(-z * se);
	*upper = g0 * exp(z * se);
	return isfinite(*upper) ? 0 : -1;
}

int
cr_count_interval(cr_pmf_fn pmf, void *ctx, double level, int64_t max_n, int64_t *lower,
				  int64_t *upper, double *coverage)
{
	double		tail = (1 - level) / 2,
				cdf = 0,		/* P(X <= n - 1) at the top of the loop */
				below_lo = 0;
	int64_t		n;
	int			have_lo = 0;

	if (!(level > 0 && level < 1) || max_n < 0)
		return -1;
	*lower = 0;
	/* tolerate the rounding of a sum of probabilities that should reach 1 */
	for (n = 0; n <= max_n; n++)
	{
		double		pn = pmf(n, ctx);

		if ((n & 1023) == 0)
			cr_check_interrupts();
		if (!isfinite(pn) || pn < 0)
			return -1;
		/* lo: the largest n with P(X < n) <= tail, i.e. the first n where P(X <= n) > tail */
		if (!have_lo && cdf + pn > tail)
		{
			*lower = n;
			below_lo = cdf;
			have_lo = 1;
		}
		cdf += pn;
		/* hi: the smallest n with P(X > n) = 1 - P(X <= n) <= tail */
		if (have_lo && 1 - cdf <= tail * (1 + 1e-12))
		{
			*upper = n;
			*coverage = fmin(1.0, cdf - below_lo);
			return 0;
		}
	}
	return -2;
}
