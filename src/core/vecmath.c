/*
 * vecmath.c — batched log1p and exp (see vecmath.h).
 *
 * libmvec's functions follow the x86-64 vector function ABI (names _ZGV<isa>N<lanes>v_<f>, one
 * vector argument: d = AVX2 with 4 lanes, e = AVX-512 with 8). The build defines CR_HAVE_LIBMVEC
 * and links -lmvec where the C library has it; without it only the scalar path is compiled.
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
extern __m512d _ZGVeN8v_log1p(__m512d x);
extern __m512d _ZGVeN8v_exp(__m512d x);

typedef __m256d (*Lanes4Fn) (__m256d);
typedef __m512d (*Lanes8Fn) (__m512d);
#define LANES4(f) (f)
#define LANES8(f) (f)

/* y = f(x) eight values at a time; returns how many were done (n rounded down to 8) */
__attribute__((target("avx512f")))
static int
apply_lanes8(Lanes8Fn f, int n, const double *x, double *y)
{
	int			i;

	for (i = 0; i + 8 <= n; i += 8)
		_mm512_storeu_pd(y + i, f(_mm512_loadu_pd(x + i)));
	return i;
}

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
typedef void *Lanes8Fn;
#define LANES4(f) NULL
#define LANES8(f) NULL
#endif

#ifdef CR_VEC_HAVE_AVX2
/* -1 not decided yet */
static int	avx2_fma = -1;
static int	avx512 = -1;
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

/*
 * The eight-lane path: AVX-512F beside AVX2 and FMA, except on the first server cores that had it
 * (Skylake-SP, Cascade Lake), which lower the clock of the whole core while they run 512-bit
 * instructions, so that the rest of the query would pay for the faster logarithms; glibc's own
 * string functions avoid AVX-512 on them for the same reason.
 */
static int
vec_avx512(void)
{
	if (!cr_vec_avx2_fma())
		return 0;
	if (avx512 < 0)
		avx512 = (__builtin_cpu_supports("avx512f") &&
				  !__builtin_cpu_is("skylake-avx512") && !__builtin_cpu_is("cascadelake")) ? 1 : 0;
	return avx512;
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
cr_vec_lanes(void)
{
#ifdef CR_VEC_X86_AVX2
	return vec_avx512() ? 8 : cr_vec_avx2_fma() ? 4 : 1;
#else
	return 1;
#endif
}

/*
 * y = scalar(x): eight at a time through lanes8 where the machine has that path, then four at a
 * time through lanes4, then the rest one by one
 */
static void
apply(double (*scalar) (double), Lanes8Fn lanes8, Lanes4Fn lanes4, int n, const double *x,
	  double *y)
{
	int			i = 0;

#ifdef CR_VEC_X86_AVX2
	if (vec_avx512())
		i = apply_lanes8(lanes8, n, x, y);
	if (cr_vec_avx2_fma())
		i += apply_lanes4(lanes4, n - i, x + i, y + i);
#else
	(void) lanes8;
	(void) lanes4;
#endif
	for (; i < n; i++)
		y[i] = scalar(x[i]);
}

void
cr_vec_log1p(int n, const double *x, double *y)
{
	apply(log1p, LANES8(_ZGVeN8v_log1p), LANES4(_ZGVdN4v_log1p), n, x, y);
}

void
cr_vec_exp(int n, const double *x, double *y)
{
	apply(exp, LANES8(_ZGVeN8v_exp), LANES4(_ZGVdN4v_exp), n, x, y);
}
