/*
 * continuity.c — the state and figures of relationship_continuity (see continuity.h).
 *
 * The expected number lost is the mean of a Poisson-binomial count, the sum of independent
 * Bernoulli(q_i) outcomes; its variance is sum p_i q_i, and the interval is the normal one (the
 * Lyapunov central limit theorem; adequate once sum p q is about 10 or more, i.e. a few dozen
 * customers who are not all certain either way). The value interval is the same for the
 * weighted sum sum v_i [kept_i]. Survey changes are paired: only customers who answered in both
 * waves count, so a change is not an artefact of who answered.
 */
#include <math.h>

#include "continuity.h"
#include "exact_sum.h"

/* Phi^-1(0.975): the two-sided 95 % normal quantile. */
#define CONT_Z_975 1.959963984540054

void
cr_continuity_init(double *st)
{
	int			i;

	for (i = 0; i < CR_CONT_STATE_LEN; i++)
		st[i] = 0.0;
	st[CR_CONT_FMT] = CR_CONT_FORMAT;
}

static int
is_count(double x)
{
	return isfinite(x) && x >= 0 && x == floor(x) && x <= 9007199254740992.0;
}

int
cr_continuity_valid(const double *st)
{
	static const int counts[] = {CR_CONT_N, CR_CONT_KEPT, CR_CONT_VALUED, CR_CONT_RQ_N, CR_CONT_NPS_N,
		CR_CONT_NPS_PB, CR_CONT_NPS_DB, CR_CONT_NPS_PA, CR_CONT_NPS_DA, CR_CONT_NPS_D2};
	static const int sums[] = {CR_CONT_Q, CR_CONT_PQ, CR_CONT_V, CR_CONT_VKEPT, CR_CONT_PV, CR_CONT_V2PQ,
		CR_CONT_RQ_B, CR_CONT_RQ_A, CR_CONT_RQ_D, CR_CONT_RQ_D2};
	unsigned	i;

	if (st[CR_CONT_FMT] != CR_CONT_FORMAT)
		return 0;
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (!is_count(st[counts[i]]))
			return 0;
	for (i = 0; i < sizeof(sums) / sizeof(sums[0]); i++)
		if (!cr_xsum_is_normal(st + sums[i]))
			return 0;
	if (st[CR_CONT_KEPT] > st[CR_CONT_N] || st[CR_CONT_VALUED] > st[CR_CONT_N] ||
		st[CR_CONT_RQ_N] > st[CR_CONT_N] || st[CR_CONT_NPS_N] > st[CR_CONT_N] ||
		st[CR_CONT_NPS_PB] + st[CR_CONT_NPS_DB] > st[CR_CONT_NPS_N] ||
		st[CR_CONT_NPS_PA] + st[CR_CONT_NPS_DA] > st[CR_CONT_NPS_N] ||
		st[CR_CONT_NPS_D2] > 4 * st[CR_CONT_NPS_N])
		return 0;
	return 1;
}

int
cr_continuity_nps_class(double answer)
{
	return answer >= 9 ? 1 : (answer >= 7 ? 0 : -1);
}

static int
all_finite(const double *st)
{
	int			i;

	for (i = 0; i < CR_CONT_STATE_LEN; i++)
		if (!isfinite(st[i]))
			return 0;
	return 1;
}

int
cr_continuity_add(double *st, bool kept, double p, const double *value,
				  const double *rq_before, const double *rq_after,
				  const double *nps_before, const double *nps_after)
{
	double		q = 1.0 - p;
	double		pq = p * q;

	st[CR_CONT_N] += 1;
	if (kept)
		st[CR_CONT_KEPT] += 1;
	cr_xsum_add(st + CR_CONT_Q, q);
	cr_xsum_add(st + CR_CONT_PQ, pq);
	if (value)
	{
		double		v = *value;

		st[CR_CONT_VALUED] += 1;
		cr_xsum_add(st + CR_CONT_V, v);
		if (kept)
			cr_xsum_add(st + CR_CONT_VKEPT, v);
		cr_xsum_add_product(st + CR_CONT_PV, p, v);
		cr_xsum_add_product(st + CR_CONT_V2PQ, v * v, pq);
	}
	if (rq_before && rq_after)
	{
		double		d = *rq_after - *rq_before;

		st[CR_CONT_RQ_N] += 1;
		cr_xsum_add(st + CR_CONT_RQ_B, *rq_before);
		cr_xsum_add(st + CR_CONT_RQ_A, *rq_after);
		cr_xsum_add(st + CR_CONT_RQ_D, d);
		cr_xsum_add_product(st + CR_CONT_RQ_D2, d, d);
	}
	if (nps_before && nps_after)
	{
		int			cb = cr_continuity_nps_class(*nps_before);
		int			ca = cr_continuity_nps_class(*nps_after);

		st[CR_CONT_NPS_N] += 1;
		st[CR_CONT_NPS_PB] += (cb == 1);
		st[CR_CONT_NPS_DB] += (cb == -1);
		st[CR_CONT_NPS_PA] += (ca == 1);
		st[CR_CONT_NPS_DA] += (ca == -1);
		st[CR_CONT_NPS_D2] += (double) ((ca - cb) * (ca - cb));
	}
	return all_finite(st) ? 0 : -1;
}

int
cr_continuity_combine(double *a, const double *b)
{
	static const int counts[] = {CR_CONT_N, CR_CONT_KEPT, CR_CONT_VALUED, CR_CONT_RQ_N, CR_CONT_NPS_N,
		CR_CONT_NPS_PB, CR_CONT_NPS_DB, CR_CONT_NPS_PA, CR_CONT_NPS_DA, CR_CONT_NPS_D2};
	static const int sums[] = {CR_CONT_Q, CR_CONT_PQ, CR_CONT_V, CR_CONT_VKEPT, CR_CONT_PV, CR_CONT_V2PQ,
		CR_CONT_RQ_B, CR_CONT_RQ_A, CR_CONT_RQ_D, CR_CONT_RQ_D2};
	unsigned	i;

	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		a[counts[i]] += b[counts[i]];
	for (i = 0; i < sizeof(sums) / sizeof(sums[0]); i++)
		cr_xsum_add_sum(a + sums[i], b + sums[i]);
	return all_finite(a) ? 0 : -1;
}

static double
clip(double x, double lo, double hi)
{
	return x < lo ? lo : (x > hi ? hi : x);
}

/* Sample standard error of a mean from m, sum d and sum d^2 (as exact pairs); m >= 2. */
static double
mean_se(double m, const double *sd, const double *sd2)
{
	double		ss = cr_xsum_comoment(sd2, sd, sd, m);	/* sum (d - mean)^2 */

	if (ss < 0)
		ss = 0;
	return sqrt(ss / (m - 1) / m);
}

int
cr_continuity_result(const double *st, CrContinuity *out)
{
	double		n = st[CR_CONT_N];
	double		sd,
				m;

	if (n == 0)
		return 1;
	out->customers = n;
	out->kept = st[CR_CONT_KEPT];
	out->lost = n - st[CR_CONT_KEPT];
	out->expected_lost = clip(cr_xsum_value(st + CR_CONT_Q), 0, n);
	sd = sqrt(fmax(cr_xsum_value(st + CR_CONT_PQ), 0));
	out->expected_lost_low = clip(out->expected_lost - CONT_Z_975 * sd, 0, n);
	out->expected_lost_high = clip(out->expected_lost + CONT_Z_975 * sd, 0, n);

	out->has_value = st[CR_CONT_VALUED] > 0;
	if (out->has_value)
	{
		double		v = cr_xsum_value(st + CR_CONT_V);

		out->value_start = v;
		out->value_kept = clip(cr_xsum_value(st + CR_CONT_VKEPT), 0, v);
		out->value_expected = clip(cr_xsum_value(st + CR_CONT_PV), 0, v);
		sd = sqrt(fmax(cr_xsum_value(st + CR_CONT_V2PQ), 0));
		out->value_expected_low = clip(out->value_expected - CONT_Z_975 * sd, 0, v);
		out->value_expected_high = clip(out->value_expected + CONT_Z_975 * sd, 0, v);
	}

	m = st[CR_CONT_RQ_N];
	out->rq_pairs = m;
	out->has_rq = m > 0;
	out->has_rq_se = m > 1;
	if (out->has_rq)
	{
		out->rq_before = cr_xsum_value(st + CR_CONT_RQ_B) / m;
		out->rq_after = cr_xsum_value(st + CR_CONT_RQ_A) / m;
		out->rq_change = cr_xsum_value(st + CR_CONT_RQ_D) / m;
		if (out->has_rq_se)
			out->rq_change_se = mean_se(m, st + CR_CONT_RQ_D, st + CR_CONT_RQ_D2);
	}

	m = st[CR_CONT_NPS_N];
	out->nps_pairs = m;
	out->has_nps = m > 0;
	out->has_nps_se = m > 1;
	if (out->has_nps)
	{
		double		sum_d = (st[CR_CONT_NPS_PA] - st[CR_CONT_NPS_DA]) - (st[CR_CONT_NPS_PB] - st[CR_CONT_NPS_DB]);

		out->nps_before = 100.0 * (st[CR_CONT_NPS_PB] - st[CR_CONT_NPS_DB]) / m;
		out->nps_after = 100.0 * (st[CR_CONT_NPS_PA] - st[CR_CONT_NPS_DA]) / m;
		out->nps_change = 100.0 * sum_d / m;
		if (out->has_nps_se)
		{
			/* the counts are whole numbers: the sum of squares about the mean is exact enough */
			double		ss = st[CR_CONT_NPS_D2] - sum_d * sum_d / m;

			out->nps_change_se = 100.0 * sqrt(fmax(ss, 0) / (m - 1) / m);
		}
	}
	return 0;
}
