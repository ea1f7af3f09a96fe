/*
 * vecmath.h — log1p and exp over arrays, for the likelihood sweeps that call them once or more per
 * distinct row (pure C, no PostgreSQL headers).
 *
 * On x86-64 with glibc's vector math library (libmvec, glibc 2.35 or later; the build links it
 * where it exists) and a CPU with AVX2 and FMA, four values go through one call of libmvec's AVX2
 * functions: about four times the throughput of libm's scalar calls, with errors of at most 4 ulp
 * (libm's are below 1 ulp). With AVX-512 as well (vecmath.c says on which CPUs), eight go through
 * one call of its AVX-512 functions, about twice the AVX2 throughput for log1p; the rest of n
 * through the AVX2 ones. Anywhere else, and for the last n % 4 values, the scalar libm functions.
 * Which path runs depends only on the machine, so a sweep over the same rows gives the same bits
 * in every process of a server: in the serial and the parallel plan alike.
 */
#ifndef CUSTOMER_REL_VECMATH_H
#define CUSTOMER_REL_VECMATH_H

#include <stdint.h>

/* y[i] = log1p(x[i]) and y[i] = exp(x[i]) for i < n; x and y may be the same array. */
extern void cr_vec_log1p(int n, const double *x, double *y);
extern void cr_vec_exp(int n, const double *x, double *y);

/* The lanes of the path in use (for tests and the benchmarks' reports): 8, 4, or 1 (libm). */
extern int	cr_vec_lanes(void);

/*
 * CR_VEC_HAVE_AVX2 is defined where code for AVX2 and FMA can be compiled beside the baseline
 * code (x86-64, GCC or Clang); cr_vec_avx2_fma() then says whether this machine runs it, decided
 * once per process and the same in every process of a machine.
 */
#if defined(__x86_64__) && defined(__GNUC__)
#define CR_VEC_HAVE_AVX2 1
extern int	cr_vec_avx2_fma(void);
#endif

/* For tests: 1 runs the baseline paths (as on a machine without AVX2), 0 decides by the machine. */
extern void cr_vec_set_baseline(int on);

#endif
