/*
 * exact_sum.c — double-double sums (see exact_sum.h). References: Knuth, TAOCP vol. 2,
 * 4.2.2 (TwoSum); Dekker (1971), "A floating-point technique for extending the available
 * precision", Numer. Math. 18 (TwoProduct, Veltkamp's split); Li et al. (2002), "Design,
 * implementation and testing of extended and mixed precision BLAS" (accurate double-double
 * addition).
 */
#include "exact_sum.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

/*
 * Error-free a * b = *p + *e. With a fast hardware FMA (where compilers may also contract
 * a * b + c on their own, which would break Veltkamp's split) the FMA gives the error
 * directly; otherwise Dekker's product, exact unless a or b exceeds about 1e300 (the sums
 * overflow long before) or the product is subnormal.
 */
static void
two_prod(double a, double b, double *p, double *e)
{
#ifdef FP_FAST_FMA
	*p = a * b;
	*e = fma(a, b, -*p);
#else
	const double splitter = 134217729.0;	/* 2^27 + 1 */
	double		t,
				ah,
				al,
				bh,
				bl,
				x;

	t = splitter * a;
	ah = t - (t - a);
	al = a - ah;
	t = splitter * b;
	bh = t - (t - b);
	bl = b - bh;
	x = a * b;
	*e = ((ah * bh - x) + ah * bl + al * bh) + al * bl;
	*p = x;
#endif
}

/* (h, l) += (th, tl), the accurate double-double addition, result normalised. */
static void
dd_add(double *h, double *l, double th, double tl)
{
	double		s,
				e,
				t,
				f;

	cr_two_sum(*h, th, &s, &e);
	cr_two_sum(*l, tl, &t, &f);
	e += t;
	cr_two_sum(s, e, &s, &e);
	e += f;
	cr_two_sum(s, e, h, l);
}

/* (h, l) = (ah, al) * (bh, bl), relative error about 2^-104. */
static void
dd_mul(double ah, double al, double bh, double bl, double *h, double *l)
{
	double		p,
				e;

	two_prod(ah, bh, &p, &e);
	e += ah * bl + al * bh;
	cr_two_sum(p, e, h, l);
}

void
cr_xsum_add_sum(double *s, const double *t)
{
	dd_add(&s[0], &s[1], t[0], t[1]);
}

void
cr_xsum_add_product(double *s, double a, double b)
{
	double		p,
				e;

	two_prod(a, b, &p, &e);
	dd_add(&s[0], &s[1], p, e);
}

double
cr_xsum_diff(const double *a, const double *b)
{
	double		h = a[0],
				l = a[1];

	dd_add(&h, &l, -b[0], -b[1]);
	return h + l;
}

double
cr_xsum_comoment(const double *s_ab, const double *s_a, const double *s_b, double n)
{
	double		h,
				l,
				ph,
				pl;

	if (!(n > 0))
		return 0.0;
	dd_mul(s_ab[0], s_ab[1], n, 0.0, &h, &l);
	dd_mul(s_a[0], s_a[1], s_b[0], s_b[1], &ph, &pl);
	dd_add(&h, &l, -ph, -pl);
	/* divide (h, l) by n: one correction step of the quotient */
	{
		double		q = h / n,
					qh,
					ql;

		two_prod(q, n, &qh, &ql);
		return q + (((h - qh) - ql) + l) / n;
	}
}

int
cr_xsum_is_normal(const double *s)
{
	if (!isfinite(s[0]) || !isfinite(s[1]))
		return 0;
	return s[0] + s[1] == s[0] && (s[0] != 0.0 || s[1] == 0.0) && !(s[1] != 0.0 && s[0] == -s[1]);
}
