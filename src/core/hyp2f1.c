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
 *                have poles that cancel) we instead continue the solution analytically along
 *                the real axis: Taylor series of the hypergeometric differential equation
 *                (A&S 15.5.1) around z0, each step covering half the distance to the singular
 *                point z = 1, started from the series at z0 = 1/2. This has no degenerate cases
 *                and is stable toward z = 1, where 2F1 is the dominant solution. For huge
 *                parameters, where that walk would be long, 15.3.6 near the degenerate point
 *                (interpolated in c across it) instead.
 *   z = 1        Gauss's theorem (A&S 15.1.20) when c - a - b > 0.
 * All sums are kept with a separate power-of-ten scale, so no intermediate overflows.
 */
#include "specfun.h"
#include "hyp2f1.h"

#include <float.h>
#include <stddef.h>
#include <math.h>

#define HYP_TOL 1e-17			/* a term this small relative to the sum is negligible */
#define HYP_RESCALE 1e200		/* rescale running sums beyond this magnitude */
#define HYP_LOG_RESCALE 460.51701859880913680	/* log(1e200) */
#define HYP_NEAR_INTEGER 0.05
#define HYP_LOSS_MAX 1e12		/* beyond this cancellation no digit is left: NaN */
#define HYP_LOSS_OK 1e3			/* accept a method losing at most 3 digits to cancellation */	/* |c - a - b - m| below this: analytic continuation */

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

/*
 * Near a degenerate case when the continuation would take too long (huge parameters): A&S
 * 15.3.6 directly when c - a - b is at least 2e-3 from an integer (cancellation costs at most a
 * factor 500), else the cubic in c through 15.3.6 at c -+ h, c -+ 2h (h = 4e-3, each at least
 * 2e-3 from the degenerate point), evaluated at c: the function is analytic in c, so the error
 * is O(h^4) relative to its fourth derivative in c.
 */
static double
hyp_near_degenerate(double a, double b, double c, double y, int *sign, double *loss)
{
	static const double offs[4] = {-2, -1, 1, 2};
	static const double wts[4] = {-1.0 / 6, 2.0 / 3, 2.0 / 3, -1.0 / 6};
	const double h = 4e-3;
	double		s = c - a - b,
				lv[4],
				ref = -INFINITY,
				sum = 0,
				lmax = 1.0;
	int			sv[4],
				k;

	if (fabs(s - nearbyint(s)) >= 2e-3)
		return hyp_one_minus(a, b, c, y, sign, loss);
	for (k = 0; k < 4; k++)
	{
		double		ck = c + offs[k] * h,
					lk;

		if (ck <= 0 && ck == floor(ck))
			return NAN;
		lv[k] = hyp_one_minus(a, b, ck, y, &sv[k], &lk);
		if (isnan(lv[k]))
			return NAN;
		lmax = fmax(lmax, lk);
		if (sv[k] != 0 && lv[k] > ref)
			ref = lv[k];
	}
	if (ref == -INFINITY)
	{
		*sign = 0;
		return -INFINITY;
	}
	for (k = 0; k < 4; k++)
		if (sv[k] != 0)
			sum += wts[k] * sv[k] * exp(lv[k] - ref);
	if (sum == 0)
	{
		*sign = 0;
		return -INFINITY;
	}
	*sign = (sum > 0) ? 1 : -1;
	/* the interpolation itself cancels at most as much as its weights sum in magnitude */
	*loss = lmax * (5.0 / 3.0) / fabs(sum);
	return ref + log(fabs(sum));
}

/* 2F1(a, b; c; x) for 0 < x < 1, with y = 1 - x carried exactly. */
static double
hyp_unit(double a, double b, double c, double x, double y, int *sign, double *lossp)
{
	double		l,
				s,
				loss,
				best = NAN,
				best_loss = INFINITY;
	int			sg,
				best_sign = 0;

	if (x <= 0.5)
	{
		if (hyp_series_best(a, b, c, x, y, series_cap(a, b, c), &l, sign, lossp))
			return l;
		*sign = 0;
		return NAN;
	}
	/* A series that converges quickly enough is the most accurate choice. */
	if (hyp_series_best(a, b, c, x, y, 1000.0, &l, &sg, &loss))
	{
		if (loss <= HYP_LOSS_OK)
		{
			*sign = sg;
			*lossp = loss;
			return l;
		}
		best = l;
		best_sign = sg;
		best_loss = loss;
	}
	s = c - a - b;
	if (fabs(s - nearbyint(s)) >= HYP_NEAR_INTEGER)
	{
		l = hyp_one_minus(a, b, c, y, &sg, &loss);
		if (!isnan(l) && loss <= HYP_LOSS_OK)
		{
			*sign = sg;
			*lossp = loss;
			return l;
		}
		if (!isnan(l) && loss < best_loss)
		{
			best = l;
			best_sign = sg;
			best_loss = loss;
		}
	}
	l = hyp_continue(a, b, c, y, &sg, &loss);
	if (isnan(l) && fabs(s - nearbyint(s)) < HYP_NEAR_INTEGER)
		l = hyp_near_degenerate(a, b, c, y, &sg, &loss);
	if (!isnan(l) && (isnan(best) || loss < best_loss))
	{
		best = l;
		best_sign = sg;
		best_loss = loss;
	}
	*sign = isnan(best) ? 0 : best_sign;
	*lossp = best_loss;
	return best;
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
