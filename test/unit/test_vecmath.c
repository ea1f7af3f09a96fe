/*
 * test_vecmath.c — the batched log1p and exp of src/core/vecmath.c against libm: within a few
 * ulp over the ranges the likelihood sweeps feed them (log1p of t/alpha >= 0 and of e^-d in
 * (0, 1]; exp of -|l1 - l2| <= 0), exact at the special values in every lane of the eight- and
 * four-lane calls, every tail length (n % 8 and n % 4), and in place.
 */
#include <stdint.h>
#include <string.h>

#include "vecmath.h"
#include "unit.h"

#define N 4099					/* not a multiple of 4: the scalar tail runs too */

static double in[N],
			out[N];

/* Largest relative difference from libm over in[0..n) (0 when both are 0). */
static double
worst(int n, double (*f) (double))
{
	double		w = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		double		ref = f(in[i]);
		double		d = ref == 0 ? fabs(out[i]) : fabs(out[i] - ref) / fabs(ref);

		if (!(d <= w))
			w = d;
	}
	return w;
}

int
main(void)
{
	char		detail[160];
	int			i,
				n;
	double		w;

	printf("# path in use: %s\n", cr_vec_lanes() == 8 ? "8 lanes (libmvec, AVX-512)" :
		   cr_vec_lanes() == 4 ? "4 lanes (libmvec, AVX2)" : "libm");

	/* log1p over the sweep's inputs: t_x / alpha from 1e-12 to 1e9, and e^-d in (0, 1] */
	for (i = 0; i < N; i++)
		in[i] = pow(10.0, -12.0 + 21.0 * i / (N - 1));
	cr_vec_log1p(N, in, out);
	w = worst(N, log1p);
	snprintf(detail, sizeof(detail), "worst relative difference %.3g", w);
	unit_ok(w <= 1e-15, "log1p(1e-12 .. 1e9) within 4 ulp of libm", detail);
	for (i = 0; i < N; i++)
		in[i] = exp(-40.0 * i / (N - 1));
	cr_vec_log1p(N, in, out);
	w = worst(N, log1p);
	snprintf(detail, sizeof(detail), "worst relative difference %.3g", w);
	unit_ok(w <= 1e-15, "log1p(e^-40 .. 1) within 4 ulp of libm", detail);

	/* exp over -|l1 - l2|: 0 down to -800 (underflow to 0 past -745) */
	for (i = 0; i < N; i++)
		in[i] = -800.0 * i / (N - 1);
	cr_vec_exp(N, in, out);
	w = worst(N, exp);
	snprintf(detail, sizeof(detail), "worst relative difference %.3g", w);
	unit_ok(w <= 1e-15, "exp(0 .. -800) within 4 ulp of libm", detail);

	/* special values, in every lane position: 12 values go through both vector widths */
	for (i = 0; i < 12; i++)
	{
		double		v[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
					r[12];

		v[i] = 0;
		cr_vec_log1p(12, v, r);
		unit_close(r[i], 0, 0, "log1p(0) = 0 in any lane");
		unit_rel_close(r[(i + 1) % 12], log1p(1.0), 1e-15, "log1p(1) beside it");
		v[i] = -INFINITY;
		cr_vec_exp(12, v, r);
		unit_close(r[i], 0, 0, "exp(-inf) = 0 in any lane");
		unit_rel_close(r[(i + 1) % 12], exp(1.0), 1e-15, "exp(1) beside it");
		v[i] = NAN;
		cr_vec_exp(12, v, r);
		unit_ok(isnan(r[i]), "exp(NaN) is NaN in any lane (the sweep's invalid rows stay invalid)", NULL);
	}

	/* every tail length, and in place (the sweep passes the same array) */
	for (n = 0; n <= 17; n++)
	{
		double		v[17],
					r[17];
		int			same = 1;

		for (i = 0; i < n; i++)
			v[i] = r[i] = 0.1 * (i + 1);
		cr_vec_log1p(n, r, r);
		for (i = 0; i < n; i++)
			same = same && fabs(r[i] - log1p(v[i])) <= 1e-15 * fabs(log1p(v[i]));
		snprintf(detail, sizeof(detail), "n = %d", n);
		unit_ok(same, "log1p in place, any length", detail);
	}
	return unit_finish();
}
