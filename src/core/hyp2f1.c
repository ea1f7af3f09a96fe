/*
 * hyp2f1.c — the Gauss hypergeometric function 2F1(a, b; c; z) for real arguments, as a
 * logarithm and a sign, so that values far beyond the range of a double stay usable.
 *
 * Method, by region of z (Abramowitz & Stegun, ch. 15; DLMF 15.8):
 *   z < 0        Pfaff's transformation (A&S 15.3.4/15.3.5) to w = z/(z-1) in (0, 1); 1 - w
 *                = 1/(1-z) is carried exactly, so z -> -infinity loses nothing.
 *   0 < z < 1    the Maclaurin series (A&S 15.1.1), or the same series after Euler's
 *                transformation (A&S 15.3.3), whichever has the smaller numerator parameters;
 *                accepted when it converges within a bounded number of terms.
 *   z > 1/2      otherwise the transformation to 1 - z (A&S 15.3.6), whose two series converge
 *                geometrically with ratio 1 - z < 1/2. When c - a - b is an integer or close to
 *                one (the degenerate cases of A&S 15.3.10-15.3.12, where the two terms of 15.3.6
 *                have poles that cancel) the same formula rearranged so that the poles cancel
 *                analytically, term by term (hyp_degenerate). Where parameters of mixed sign
 *                rule that out, we continue the solution analytically along the real axis:
 *                Taylor series of the hypergeometric differential equation (A&S 15.5.1) around
 *                z0, each step covering half the distance to the singular point z = 1, started
 *                from the series at z0 = 1/2; it has no degenerate cases and is stable toward
 *                z = 1, where 2F1 is the dominant solution. Where |a| (1-z) or |b| (1-z) is
 *                large, both 1 - z forms cancel (their terms grow like exp(|b| (1-z))) while the
 *                series at z needs only ~37/(1-z) terms: then that series is summed out.
 *   z = 1        Gauss's theorem (A&S 15.1.20) when c - a - b > 0.
 * All sums are kept with a separate power-of-ten scale, so no intermediate overflows.
 */
#include "specfun.h"
#include "runtime.h"
#include "digamma.h"
#include "hyp2f1.h"

#include <float.h>
#include <stddef.h>
#include <math.h>

#define HYP_TOL 1e-17			/* a term this small relative to the sum is negligible */
#define HYP_RESCALE 1e200		/* rescale running sums beyond this magnitude */
#define HYP_LOG_RESCALE 460.51701859880913680	/* log(1e200) */
#define HYP_NEAR_INTEGER 0.05	/* |c - a - b - m| below this: 15.3.6 is not even tried */
#define HYP_LOSS_MAX 1e12		/* beyond this cancellation no digit is left: NaN */
#define HYP_LOSS_OK 1e3			/* accept a method losing at most 3 digits to cancellation */

/* log|Gamma(x)| and its sign (0 at the poles x = 0, -1, -2, ..., where 1/Gamma = 0). */
static double
lgamma_signed(double x, int *sign)
{
	if (x > 0)
	{
		*sign = 1;
		return lgamma(x);
	}
	if (x == floor(x))
	{
		*sign = 0;
		return INFINITY;
	}
	/* Gamma(x) < 0 on (-1, 0), (-3, -2), ...: floor(x) odd. */
	*sign = (fmod(floor(x), 2.0) == 0.0) ? 1 : -1;
	return lgamma(x);
}

/* log|e^l1 s1 + e^l2 s2| and its sign (s = 0 means the value 0). */
static double
log_add_signed(double l1, int s1, double l2, int s2, int *sign)
{
	double		hi,
				d;
	int			shi,
				slo;

	if (s1 == 0)
	{
		*sign = s2;
		return l2;
	}
	if (s2 == 0)
	{
		*sign = s1;
		return l1;
	}
	if (l1 >= l2)
	{
		hi = l1;
		d = l2 - l1;
		shi = s1;
		slo = s2;
	}
	else
	{
		hi = l2;
		d = l1 - l2;
		shi = s2;
		slo = s1;
	}
	*sign = shi;
	if (shi == slo)
		return hi + log1p(exp(d));
	if (d == 0)
	{
		*sign = 0;
		return -INFINITY;
	}
	return hi + log1p(-exp(d));
}

/*
 * The Maclaurin series sum_n (A)_n (B)_n / ((C)_n n!) x^n, for 0 < x < 1 and C not a
 * non-positive integer. Returns 1 and *logabs, *sign when it converged within maxterms terms,
 * 0 otherwise. Convergence is only declared once the terms decay for good: past every
 * negative parameter (where a factor can cross zero) with a term ratio below one.
 */
static int
hyp_series(double A, double B, double C, double x, double maxterms,
		   double *logabs, int *sign, double *loss)
{
	double		sum = 1.0,
				term = 1.0,
				maxterm = 1.0,
				logscale = 0.0;
	double		nmin = fmax(0.0, fmax(-A, fmax(-B, -C)));
	double		n;
	int			small = 0;

	for (n = 0; n < maxterms; n += 1.0)
	{
		double		ratio;

		if (CR_EVERY(n, 4096))
			cr_check_interrupts();
		if (A + n == 0.0 || B + n == 0.0)
			goto done;			/* a polynomial: the series terminates */
		ratio = (A + n) / (C + n) * ((B + n) / (n + 1.0)) * x;
		term *= ratio;
		sum += term;
		if (fabs(term) > maxterm)
			maxterm = fabs(term);
		if (maxterm > HYP_RESCALE)
		{
			sum /= HYP_RESCALE;
			term /= HYP_RESCALE;
			maxterm /= HYP_RESCALE;
			logscale += HYP_LOG_RESCALE;
		}
		if (n >= nmin && fabs(ratio) < 1.0 && fabs(term) <= HYP_TOL * fabs(sum))
		{
			if (++small >= 2)
				goto done;
		}
		else
			small = 0;
	}
	return 0;

done:
	if (sum == 0.0)
	{
		*sign = 0;
		*logabs = -INFINITY;
		*loss = INFINITY;
	}
	else
	{
		*sign = (sum > 0) ? 1 : -1;
		*logabs = logscale + log(fabs(sum));
		/* relative error ~ DBL_EPSILON * loss: the largest term over the sum */
		*loss = maxterm / fabs(sum);
	}
	return 1;
}

/*
 * 2F1(a, b; c; x) for 0 < x < 1 by the series or Euler's transformation
 * 2F1(a, b; c; x) = (1 - x)^(c-a-b) 2F1(c-a, c-b; c; x); y = 1 - x exactly. Tries the variant
 * with the smaller numerator parameters first and keeps the first whose cancellation is
 * acceptable, else the converged one with the least cancellation. Returns 0 when neither
 * converged within maxterms terms.
 */
static int
hyp_series_best(double a, double b, double c, double x, double y, double maxterms,
				double *logabs, int *sign, double *loss)
{
	double		ea = c - a,
				eb = c - b;
	double		cost_direct = fabs(a) + fabs(b),
				cost_euler = fabs(ea) + fabs(eb);
	double		log1mx = (x < 0.5) ? log1p(-x) : log(y);
	double		prm[2][2];
	double		pre[2];
	int			i,
				found = 0;

	/* A polynomial (a non-positive integer on top) is the cheapest of all. */
	if ((a <= 0 && a == floor(a)) || (b <= 0 && b == floor(b)))
		cost_direct = fmin(fabs(a), fabs(b)) * 1e-3;
	if ((ea <= 0 && ea == floor(ea)) || (eb <= 0 && eb == floor(eb)))
		cost_euler = fmin(fabs(ea), fabs(eb)) * 1e-3;
	/* Positive parameters give positive terms: no cancellation. */
	if (a > 0 && b > 0)
		cost_direct *= 0.5;
	if (ea > 0 && eb > 0)
		cost_euler *= 0.5;

	i = (cost_euler < cost_direct) ? 1 : 0;
	prm[i][0] = ea;
	prm[i][1] = eb;
	pre[i] = (c - a - b) * log1mx;
	prm[1 - i][0] = a;
	prm[1 - i][1] = b;
	pre[1 - i] = 0.0;
	*loss = INFINITY;
	for (i = 0; i < 2; i++)
	{
		double		l,
					ls;
		int			sg;

		if (!hyp_series(prm[i][0], prm[i][1], c, x, maxterms, &l, &sg, &ls))
			continue;
		if (!found || ls < *loss)
		{
			*logabs = l + pre[i];
			*sign = sg;
			*loss = ls;
			found = 1;
		}
		if (ls <= HYP_LOSS_OK)
			break;
	}
	return found;
}

static double
series_cap(double a, double b, double c)
{
	/* Past max(|a|, |b|, |c|) the terms fall at least geometrically with ratio x <= 1/2. */
	return 20.0 * (fabs(a) + fabs(b) + fabs(c)) + 5000.0;
}

/* log(1/Gamma(p) 1/Gamma(q)) into *l (added) and *s (multiplied); *s = 0 at a pole. */
static void
add_rgamma(double p, double *l, int *s)
{
	int			sg;
	double		lg = lgamma_signed(p, &sg);

	if (sg == 0)
		*s = 0;
	else
	{
		*l -= lg;
		*s *= sg;
	}
}

/*
 * A&S 15.3.6, for x >= 1/2 (y = 1 - x <= 1/2), c - a - b not an integer:
 *   2F1(a,b;c;x) = G(c)G(s)/(G(c-a)G(c-b)) 2F1(a, b; 1-s; y)
 *                + y^s G(c)G(-s)/(G(a)G(b)) 2F1(c-a, c-b; 1+s; y),   s = c - a - b.
 */
static double
hyp_one_minus(double a, double b, double c, double y, int *sign, double *loss)
{
	double		s = c - a - b;
	double		lg_c,
				t1 = -INFINITY,
				t2 = -INFINITY,
				f,
				ls1 = 0,
				ls2 = 0,
				cap = series_cap(a, b, c),
				r;
	int			sg_c,
				sg,
				s1,
				s2,
				sf;

	lg_c = lgamma_signed(c, &sg_c);

	t1 = lg_c + lgamma_signed(s, &sg);
	s1 = sg_c * sg;
	add_rgamma(c - a, &t1, &s1);
	add_rgamma(c - b, &t1, &s1);
	if (s1 != 0)
	{
		if (!hyp_series_best(a, b, 1.0 - s, y, 1.0 - y, cap, &f, &sf, &ls1))
			return NAN;
		t1 += f;
		s1 *= sf;
	}

	t2 = lg_c + lgamma_signed(-s, &sg) + s * log(y);
	s2 = sg_c * sg;
	add_rgamma(a, &t2, &s2);
	add_rgamma(b, &t2, &s2);
	if (s2 != 0)
	{
		if (!hyp_series_best(c - a, c - b, 1.0 + s, y, 1.0 - y, cap, &f, &sf, &ls2))
			return NAN;
		t2 += f;
		s2 *= sf;
	}
	r = log_add_signed(t1, s1, t2, s2, sign);
	/* cancellation inside each series and between the two terms */
	*loss = 1.0;
	if (*sign != 0)
	{
		if (s1 != 0)
			*loss = fmax(*loss, ls1 * exp(t1 - r));
		if (s2 != 0)
			*loss = fmax(*loss, ls2 * exp(t2 - r));
	}
	else
		*loss = INFINITY;
	/* the gamma functions carry absolute errors ~ |log Gamma| * DBL_EPSILON */
	*loss *= 1.0 + fabs(lg_c) + fabs(s) + fabs(a) + fabs(b);
	return r;
}

/*
 * Analytic continuation along (1/2, x] by Taylor series of the hypergeometric equation
 * z(1-z) w'' + [c - (a+b+1) z] w' - a b w = 0. Around z0 (y0 = 1 - z0) with step h the scaled
 * coefficients e_k = w^(k)(z0) h^k / k! obey
 *   e_{k+2} = [-((1-2 z0) k + c - (a+b+1) z0)(k+1) h e_{k+1} + (k+a)(k+b) h^2 e_k]
 *             / (z0 y0 (k+1)(k+2)).
 * With h <= y0/2 the series converges at least like 2^-k (nearest singularity: z = 1), and
 * 2F1 is the dominant solution toward z = 1, so the forward recurrence is stable (for large
 * parameters only with the shorter steps chosen below).
 */
static double
hyp_continue(double a, double b, double c, double y_target, int *sign, double *loss)
{
	double		y0 = 0.5;
	double		lw,
				ld,
				scale,
				u,
				v,
				ab_c = a * b / c,
				ls;
	int			sw,
				sd;
	double		biga = fmax(fabs(a), fabs(b));

	if (!hyp_series_best(a, b, c, 0.5, 0.5, series_cap(a, b, c), &lw, &sw, loss))
		return NAN;
	if (ab_c == 0.0)
	{
		*sign = sw;
		return lw;
	}
	/* w'(z) = (a b / c) 2F1(a+1, b+1; c+1; z) (A&S 15.2.1) */
	if (!hyp_series_best(a + 1, b + 1, c + 1, 0.5, 0.5, series_cap(a + 1, b + 1, c + 1),
						 &ld, &sd, &ls))
		return NAN;
	*loss = fmax(*loss, ls);
	ld += log(fabs(ab_c));
	if (ab_c < 0)
		sd = -sd;
	scale = fmax(sw ? lw : -INFINITY, sd ? ld : -INFINITY);
	if (scale == -INFINITY)
	{
		*sign = 0;
		return -INFINITY;
	}
	u = sw ? sw * exp(lw - scale) : 0.0;
	v = sd ? sd * exp(ld - scale) : 0.0;

	/*
	 * Steps are at most 2/lambda long with lambda ~ (|a| + |b| + |c|) / (1 - z), so the walk
	 * from 1/2 to 1 - y_target takes about (|a| + |b| + |c|) log(0.5 / y_target) / 2 of them;
	 * refuse walks beyond 10^5 steps (huge parameters near a degenerate case) rather than hang.
	 */
	if ((fabs(a) + fabs(b) + fabs(c)) * log(0.5 / y_target) > 2e5)
		return NAN;

	while (y0 > y_target)
	{
		double		z0 = 1.0 - y0;
		double		p0 = z0 * y0,
					p1 = 1.0 - 2.0 * z0,
					q0 = c - (a + b + 1.0) * z0;
		/*
		 * Large parameters: locally w ~ exp(lambda z) with p0 lambda^2 + q0 lambda - a b = 0,
		 * one root per solution; steps with |lambda| h <= 2 keep the Taylor terms of both
		 * small, so the other solution cannot swamp ours through the recurrence.
		 */
		double		lambda = (fabs(q0) + sqrt(q0 * q0 + 4.0 * p0 * fabs(a * b))) / (2.0 * p0);
		double		h = fmin(y0 - y_target, fmin(0.5 * y0, 2.0 / lambda));
		double		e0 = u,
					e1 = v * h,
					w = e0 + e1,
					dw = e1,
					emax = fmax(fabs(e0), fabs(e1)),
					k;
		int			small = 0;
		double		mag;

		for (k = 0; k < 1e7; k += 1.0)
		{
			double		e2 = (-(p1 * k + q0) * (k + 1.0) * h * e1
							  + (k + a) * (k + b) * h * h * e0) / (p0 * (k + 1.0) * (k + 2.0));
			double		growth;

			if (CR_EVERY(k, 4096))
				cr_check_interrupts();
			w += e2;
			dw += (k + 2.0) * e2;
			e0 = e1;
			e1 = e2;
			if (fabs(e1) > emax)
				emax = fabs(e1);
			if (emax > HYP_RESCALE || fabs(dw) > HYP_RESCALE)
			{
				w /= HYP_RESCALE;
				dw /= HYP_RESCALE;
				e0 /= HYP_RESCALE;
				e1 /= HYP_RESCALE;
				emax /= HYP_RESCALE;
				scale += HYP_LOG_RESCALE;
			}
			/* a bound on |e_{k+2}| / max(|e_k|, |e_{k+1}|) from here on */
			growth = (k + biga) * (k + biga) * h * h / (p0 * (k + 1.0) * (k + 2.0))
				+ fabs(p1 * k + q0) * h / (p0 * (k + 2.0));
			if (growth < 0.8 && fabs(e1) <= HYP_TOL * fabs(w) && fabs(e0) <= HYP_TOL * fabs(w)
				&& k > 2)
			{
				if (++small >= 2)
					break;
			}
			else
				small = 0;
		}
		if (w != 0.0)
			*loss = fmax(*loss, emax / fabs(w));
		u = w;
		v = dw / h;
		mag = fmax(fabs(u), fabs(v));
		if (mag == 0.0 || !isfinite(mag))
		{
			*sign = 0;
			return (mag == 0.0) ? -INFINITY : NAN;
		}
		u /= mag;
		v /= mag;
		scale += log(mag);
		y0 = (h == y0 - y_target) ? y_target : y0 - h;
	}
	if (u == 0.0)
	{
		*sign = 0;
		return -INFINITY;
	}
	*sign = (u > 0) ? 1 : -1;
	return scale + log(fabs(u));
}

/* (log Gamma(x + e) - log Gamma(x)) / e, and its limit psi(x) at e = 0; x, x + e > 0. */
static double
lgamma_slope(double x, double e)
{
	if (fabs(e) < 1e-250)
		return cr_digamma(x);
	return cr_lgamma_diff(x, e) / e;
}

/*
 * A&S 15.3.6 for x > 1/2 rearranged so that it stays accurate at and near the degenerate cases
 * c - a - b = m + eps, m = 0, 1, 2, ..., eps -> 0, where each of its two terms has a pole in
 * eps and the poles cancel (Michel & Stoitsov 2008, CPC 178, 535, sec. 4; Forrey 1997, JCP 137,
 * 79). Splitting the first series at k = m and pairing its tail with the second series term by
 * term gives, exactly for |eps| <= 1/2 (y = 1 - x):
 *   F = Q Gamma(m+eps) sum_{k<m} (a)_k (b)_k / ((1-m-eps)_k k!) y^k
 *     + (-1)^(m+1) Q Gamma(1+eps) y^m sum_{j>=0} (a)_(m+j) (b)_(m+j) / ((m+j)! (1-eps)_j) y^j E_j,
 *   Q = Gamma(c) / (Gamma(c-a) Gamma(c-b)),   E_j = expm1(eps L_j) / eps,
 *   L_j = log y + D(a+m+j) + D(b+m+j) - D(1+m+j) - D(1+j-eps),
 *   D(t) = (log Gamma(t+eps) - log Gamma(t)) / eps,
 * in which nothing is singular: at eps = 0, D = psi and E_j = L_j, which is A&S 15.3.10-15.3.12.
 * D is a difference of log-gamma values formed without cancellation (cr_lgamma_diff), and Q
 * likewise when c - a or c - b is large (a ratio of gamma functions of nearby arguments), so
 * huge parameters cost no digits either. For c - a - b = -m + eps, Euler's transformation
 * F(a, b; c; x) = y^(c-a-b) F(c-a, c-b; c; x) comes first.
 * Needs the arguments of D positive: a + m, b + m and those plus eps > 0 (after Euler: a, b,
 * c - a, c - b > 0, whatever m); NaN otherwise.
 */
static double
hyp_degenerate(double a, double b, double c, double y, int *sign, double *loss)
{
	double		s = c - a - b,
				m = nearbyint(s),
				eps = s - m,
				ly = log(y),
				lpre = 0,
				u,
				v,
				lq,
				lq_err,
				cap = series_cap(a, b, c),
				am,
				bm,
				lt0 = 0,		/* log |(a)_m (b)_m / m!| */
				lA = -INFINITY,
				lS = -INFINITY,
				lossA = 1,
				lossS = 1,
				r,
				k;
	int			sq = 1,
				st0 = 1,
				sA = 0,
				sS = 0;

	if (m < 0)
	{
		/* Euler: F = y^s F(c-a, c-b; c; x); then c - a' = a, c - b' = b */
		lpre = s * ly;
		u = a;
		v = b;
		a = c - u;
		b = c - v;
		m = -m;
		eps = -eps;
	}
	else
	{
		u = c - a;				/* b + m + eps */
		v = c - b;				/* a + m + eps */
	}
	am = a + m;
	bm = b + m;
	if (!(u > 0 && v > 0 && am > 0 && bm > 0) || m > cap)
		return NAN;

	/* log |Q|: Gamma(c) / Gamma(w) = exp(log Gamma(w + (c - w)) - log Gamma(w)), w = max(u, v) */
	if (c > 0)
	{
		double		w = fmax(u, v),
					o = fmin(u, v),
					dl = cr_lgamma_diff(w, c - w),
					lo = lgamma(o);

		lq = dl - lo;
		lq_err = fabs(dl) + fabs(lo);
	}
	else
	{
		int			sg;

		lq = lgamma_signed(c, &sg) - lgamma(u) - lgamma(v);
		sq = sg;
		lq_err = fabs(lgamma(c)) + fabs(lgamma(u)) + fabs(lgamma(v));
	}

	/* The finite part, k < m, and (a)_m (b)_m / m! on the way. */
	if (m > 0)
	{
		double		term = 1,
					sum = 1,
					maxterm = 1,
					scale = 0,
					t0 = 1,
					t0scale = 0;

		for (k = 0; k < m; k += 1.0)
		{
			if (CR_EVERY(k, 4096))
				cr_check_interrupts();
			t0 *= (a + k) * ((b + k) / (k + 1.0));
			if (fabs(t0) > HYP_RESCALE)
			{
				t0 /= HYP_RESCALE;
				t0scale += HYP_LOG_RESCALE;
			}
			if (k + 1.0 < m)
			{
				term *= (a + k) * ((b + k) / ((1.0 - m - eps + k) * (k + 1.0))) * y;
				sum += term;
				maxterm = fmax(maxterm, fabs(term));
				if (maxterm > HYP_RESCALE)
				{
					sum /= HYP_RESCALE;
					term /= HYP_RESCALE;
					maxterm /= HYP_RESCALE;
					scale += HYP_LOG_RESCALE;
				}
			}
		}
		if (sum != 0)
		{
			sA = sq * (sum > 0 ? 1 : -1);
			lA = lq + lgamma(m + eps) + scale + log(fabs(sum));
			lossA = maxterm / fabs(sum);
		}
		if (t0 == 0)
			st0 = 0;
		else
		{
			st0 = (t0 > 0) ? 1 : -1;
			lt0 = t0scale + log(fabs(t0));
		}
	}

	/* The paired series, j >= 0: all t_j have the sign of t_0 (a + m + j, b + m + j > 0). */
	if (st0 != 0)
	{
		double		t = 1,
					sum = 0,
					maxterm = 0,
					scale = 0,
					j;
		int			small = 0,
					done = 0;

		for (j = 0; j < cap; j += 1.0)
		{
			double		d1 = lgamma_slope(am + j, eps),
						d2 = lgamma_slope(bm + j, eps),
						d3 = lgamma_slope(1.0 + m + j, eps),
						d4 = lgamma_slope(1.0 + j - eps, eps),
						lam = ly + d1 + d2 - d3 - d4,
						el = eps * lam,
						e = (el == 0) ? lam : lam * (expm1(el) / el),
						ratio;

			if (CR_EVERY(j, 4096))
				cr_check_interrupts();
			sum += t * e;
			/* rounding in lam (absolute ~ the size of its parts) reaches E_j times exp(el) */
			maxterm = fmax(maxterm, fabs(t) * (fabs(e) + (fabs(ly) + fabs(d1) + fabs(d2)
														  + fabs(d3) + fabs(d4)) * exp(el)));
			if (maxterm > HYP_RESCALE)
			{
				sum /= HYP_RESCALE;
				t /= HYP_RESCALE;
				maxterm /= HYP_RESCALE;
				scale += HYP_LOG_RESCALE;
			}
			ratio = (am + j) * ((bm + j) / ((m + 1.0 + j) * (1.0 - eps + j))) * y;
			/* |E_j| is bounded (it tends to (y^eps - 1)/eps): stop on t_j alone */
			if (ratio < 1.0 && fabs(t) * (1.0 + fabs(e)) <= HYP_TOL * fabs(sum))
			{
				if (++small >= 2)
				{
					done = 1;
					break;
				}
			}
			else
				small = 0;
			t *= ratio;
		}
		if (!done)
			return NAN;
		if (sum != 0)
		{
			sS = sq * st0 * (sum > 0 ? 1 : -1) * ((fmod(m, 2.0) == 0.0) ? -1 : 1);
			lS = lq + lgamma(1.0 + eps) + m * ly + lt0 + scale + log(fabs(sum));
			lossS = maxterm / fabs(sum);
		}
	}

	r = log_add_signed(lA, sA, lS, sS, sign);
	if (*sign == 0)
	{
		*loss = INFINITY;
		return -INFINITY;
	}
	/*
	 * Relative error in ulps: cancellation within and between the sums, plus the absolute
	 * errors of the logarithms that scale them (each about its magnitude in ulps) and of the
	 * m-factor products, weighted by each part's share of the result.
	 */
	{
		double		wA = sA ? exp(lA - r) : 0,
					wS = sS ? exp(lS - r) : 0;

		*loss = fmax(1.0, fmax(lossA * wA, lossS * wS)) + lq_err + m * (wA + wS)
			+ (sA ? wA * fabs(lgamma(m + eps)) : 0) + wS * (fabs(m * ly) + fabs(lt0));
	}
	return r + lpre;
}

/*
 * About how many terms the series sum (A)_k (B)_k / ((C)_k k!) x^k needs when it is worth
 * summing at length: A, B, C > 0 (no cancellation), and terms that fall from early on. They
 * grow while (A+k)(B+k) x > (C+k)(k+1), i.e. up to the positive root k* of -y k^2 + p k + q
 * (p = (A+B) x - C - 1, q = A B x - C), then fall at least like x^k, which takes 40 / y terms to
 * reach 1e-17. A long growing phase (k* beyond 40 / y) is refused: the sum is then dominated by
 * terms a million factors away, each factor rounded the same way (A + k drops the same low bits
 * of A all through a binade of k), and loses digits no estimate here sees. Infinity: refused.
 */
static double
series_length(double A, double B, double C, double x, double y)
{
	double		p = (A + B) * x - C - 1.0,
				q = A * B * x - C,
				disc = p * p + 4.0 * y * q,
				kstar = 0;

	if (!(A > 0 && B > 0 && C > 0))
		return INFINITY;
	if (disc > 0 && (p > 0 || q > 0))
		kstar = (p + sqrt(disc)) / (2.0 * y);
	if (kstar > 40.0 / y)
		return INFINITY;
	return kstar + 40.0 / y;
}

/* The most accurate result so far, by the methods' own estimates of lost digits. */
typedef struct HypBest
{
	double		l,
				loss;
	int			sign;
} HypBest;

/* Keep (l, sign, loss) if it beats *best; 1 when it is good enough to stop looking. */
static int
hyp_offer(HypBest *best, double l, int sign, double loss)
{
	if (isnan(l))
		return 0;
	if (isnan(best->l) || loss < best->loss)
	{
		best->l = l;
		best->sign = sign;
		best->loss = loss;
	}
	return loss <= HYP_LOSS_OK;
}

/* 2F1(a, b; c; x) for 0 < x < 1, with y = 1 - x carried exactly. */
static double
hyp_unit(double a, double b, double c, double x, double y, int *sign, double *lossp)
{
	HypBest		best = {NAN, INFINITY, 0};
	double		l,
				s = c - a - b,
				loss;
	int			sg;

	if (x <= 0.5)
	{
		if (hyp_series_best(a, b, c, x, y, series_cap(a, b, c), &l, sign, lossp))
			return l;
		*sign = 0;
		return NAN;
	}
	/* A series that converges quickly enough is the most accurate choice. */
	if (hyp_series_best(a, b, c, x, y, 1000.0, &l, &sg, &loss)
		&& hyp_offer(&best, l, sg, loss))
		goto done;
	/* Away from the degenerate cases, A&S 15.3.6 as it stands. */
	if (fabs(s - nearbyint(s)) >= HYP_NEAR_INTEGER)
	{
		l = hyp_one_minus(a, b, c, y, &sg, &loss);
		if (hyp_offer(&best, l, sg, loss))
			goto done;
	}
	/*
	 * Near them (or where 15.3.6 lost too much): continuation along the real axis, accurate
	 * and quick for moderate parameters; then 15.3.6 with its poles cancelled analytically,
	 * quick for any size of parameter (but not for parameters of mixed sign).
	 */
	l = hyp_continue(a, b, c, y, &sg, &loss);
	if (hyp_offer(&best, l, sg, loss))
		goto done;
	l = hyp_degenerate(a, b, c, y, &sg, &loss);
	if (hyp_offer(&best, l, sg, loss))
		goto done;
	/*
	 * Large parameters with |a| y or |b| y large: the terms of 15.3.6 grow like exp(|b| y) and
	 * cancel, and the walk of the continuation is too long. A series at x with positive
	 * parameters (directly or after Euler's transformation) cannot cancel; its terms grow
	 * while (A+k)(B+k) x > (C+k)(k+1) and fall at least like x^k after: sum it out when that
	 * fits the term budget (series_length).
	 */
	{
		double		need = fmin(series_length(a, b, c, x, y), series_length(c - a, c - b, c, x, y)),
					cap = series_cap(a, b, c);

		/* each of the ~need factors of the terms carries a rounding error */
		if (need > 1000.0 && need <= cap
			&& hyp_series_best(a, b, c, x, y, fmin(cap, 2.0 * need), &l, &sg, &loss))
			(void) hyp_offer(&best, l, sg, loss + sqrt(need));
	}
done:
	*sign = isnan(best.l) ? 0 : best.sign;
	*lossp = best.loss;
	return best.l;
}

double
cr_log_hyp2f1(double a, double b, double c, double z, int *sign)
{
	int			dummy;
	double		l,
				loss = 1.0;

	if (sign == NULL)
		sign = &dummy;
	*sign = 1;
	if (!isfinite(a) || !isfinite(b) || !isfinite(c) || !isfinite(z) || z > 1.0
		|| fabs(a) > CR_HYP2F1_MAX_PARAM || fabs(b) > CR_HYP2F1_MAX_PARAM
		|| fabs(c) > CR_HYP2F1_MAX_PARAM || (c <= 0 && c == floor(c)))
	{
		*sign = 0;
		return NAN;
	}
	if (a == 0.0 || b == 0.0 || z == 0.0)
		return 0.0;
	if (z == 1.0)
	{
		/* Gauss: Gamma(c) Gamma(c-a-b) / (Gamma(c-a) Gamma(c-b)), when c - a - b > 0 */
		int			s1,
					s2,
					s3,
					s4;

		if (!(c - a - b > 0))
		{
			*sign = 0;
			return NAN;
		}
		l = lgamma_signed(c, &s1) + lgamma_signed(c - a - b, &s2);
		{
			double		l3 = lgamma_signed(c - a, &s3),
						l4 = lgamma_signed(c - b, &s4);

			if (s3 == 0 || s4 == 0)
			{
				*sign = 0;
				return -INFINITY;
			}
			*sign = s1 * s2 * s3 * s4;
			return l - l3 - l4;
		}
	}
	if (z > 0)
	{
		l = hyp_unit(a, b, c, z, 1.0 - z, sign, &loss);
		goto out;
	}

	/*
	 * z < 0, Pfaff: 2F1(a, b; c; z) = (1-z)^-a 2F1(a, c-b; c; w) = (1-z)^-b 2F1(c-a, b; c; w),
	 * w = z/(z-1) in (0, 1), 1 - w = 1/(1-z). Keep the variant with the smaller parameters.
	 */
	{
		double		w = z / (z - 1.0),
					yw = 1.0 / (1.0 - z),
					l1mz = log1p(-z);

		if (fabs(a) + fabs(c - b) <= fabs(b) + fabs(c - a))
			l = hyp_unit(a, c - b, c, w, yw, sign, &loss) - a * l1mz;
		else
			l = hyp_unit(c - a, b, c, w, yw, sign, &loss) - b * l1mz;
	}
out:
	/* Every method lost all precision to cancellation: say so rather than return noise. */
	if (isnan(l) || !(loss <= HYP_LOSS_MAX))
	{
		*sign = 0;
		return NAN;
	}
	return l;
}

double
cr_hyp2f1(double a, double b, double c, double z)
{
	int			sign;
	double		l = cr_log_hyp2f1(a, b, c, z, &sign);

	if (isnan(l))
		return NAN;
	if (sign == 0)
		return 0.0;
	return sign * exp(l);
}
