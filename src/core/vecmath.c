/*
 * vecmath.c — batched log1p and exp (see vecmath.h).
 *
 * libmvec's functions follow the x86-64 vector function ABI (names _ZGVdN4v_<f>: AVX2, 4 lanes,
 * one vector argument). The build defines CR_HAVE_LIBMVEC and links -lmvec where the C library
 * has it; without it only the scalar path is compiled.
 */
#include "vecmath.h"

#include <math.h>
#include <stddef.h>

#if defined(CR_HAVE_LIBMVEC) && defined(__x86_64__) && defined(__GLIBC__) && defined(__GNUC__)
#if __GLIBC_PREREQ(2, 35)
#define CR_VEC_X86_AVX2 1
#endif
#endif

#ifdef CR_VEC_X86_AVX2
#include <immintrin.h>

extern __m256d _ZGVdN4v_log1p(__m256d x);
extern __m256d _ZGVdN4v_exp(__m256d x);

typedef __m256d (*Lanes4Fn) (__m256d);
#define LANES4(f) (f)

/* y = f(x) four values at a time; returns how many were done (n rounded down to 4) */
__attribute__((target("avx2,fma")))
static int
apply_lanes4(Lanes4Fn f, int n, const double *x, double *y)
{
	int			i;

	for (i = 0; i + 4 <= n; i += 4)
		_mm256_storeu_pd(y + i, f(_mm256_loadu_pd(x + i)));
	return i;
}
#else
typedef void *Lanes4Fn;
#define LANES4(f) NULL
#endif

#ifdef CR_VEC_HAVE_AVX2
/* -1 not decided yet */
static int	avx2_fma = -1;
static int	baseline = 0;

int
cr_vec_avx2_fma(void)
{
	if (baseline)
		return 0;
	if (avx2_fma < 0)
	{
		__builtin_cpu_init();
		avx2_fma = (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 1 : 0;
	}
	return avx2_fma;
}
#endif

void
cr_vec_set_baseline(int on)
{
#ifdef CR_VEC_HAVE_AVX2
	baseline = on;
#else
	(void) on;
#endif
}

int
cr_vec_lanes4(void)
{
#ifdef CR_VEC_X86_AVX2
	return cr_vec_avx2_fma();
#else
	return 0;
#endif
}

/* y = scalar(x), through lanes4 four at a time when the machine has the four-lane path */
static void
apply(double (*scalar) (double), Lanes4Fn lanes4, int n, const double *x, double *y)
{
	int			i = 0;

#ifdef CR_VEC_X86_AVX2
	if (cr_vec_avx2_fma())
		i = apply_lanes4(lanes4, n, x, y);
#else
	(void) lanes4;
#endif
	for (; i < n; i++)
		y[i] = scalar(x[i]);
}

void
cr_vec_log1p(int n, const double *x, double *y)
{
	apply(log1p, LANES4(_ZGVdN4v_log1p), n, x, y);
}

void
cr_vec_exp(int n, const double *x, double *y)
{
	apply(exp, LANES4(_ZGVdN4v_exp), n, x, y);
}
