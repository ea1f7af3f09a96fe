/*
 * quad.h — adaptive Gauss-Kronrod (7-15) quadrature of a positive function given by its
 * logarithm, scaled so that exp() neither overflows nor underflows, with optional moments
 * (integrals of g_k f for a few functions g_k, computed on the same panels). Pure C.
 */
#ifndef CR_QUAD_H
#define CR_QUAD_H

#define CR_QUAD_MAX_EXTRA 4

/* log f(x); when extra is not NULL, fills extra[0..nextra-1] with g_k(x). */
typedef double (*cr_quad_logf) (double x, double *extra, void *ctx);

/*
 * log of the integral of f over [a, b] (a < b, finite), to a relative accuracy of about 1e-13;
 * NaN when f is nowhere finite or the accuracy is not reached with 400 panels. When
 * nextra > 0, moments[k] = (integral of g_k f) / (integral of f).
 */
extern double cr_quad_log_integral(cr_quad_logf f, void *ctx, double a, double b,
								   int nextra, double *moments);

#endif							/* CR_QUAD_H */
