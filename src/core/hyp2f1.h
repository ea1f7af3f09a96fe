/*
 * hyp2f1.h — limits of the Gauss hypergeometric function of hyp2f1.c (the functions themselves,
 * cr_log_hyp2f1 and cr_hyp2f1, are declared in specfun.h).
 *
 * Domain: a, b, c finite with |a|, |b|, |c| <= CR_HYP2F1_MAX_PARAM, c not 0, -1, -2, ...,
 * z < 1, or z = 1 when c - a - b > 0 (Gauss's theorem). Outside it the functions return NaN.
 * They also return NaN, rather than noise or a long wait, in two corners where no method of
 * hyp2f1.c is both accurate and quick: when every method loses all digits to cancellation (c
 * small against both |a| and |b| with z < 0, or a and b of mixed sign). Near a degenerate case
 * (c - a - b within 0.05 of an integer, z near 1) with huge parameters ((|a| + |b| + |c|)
 * log(0.5/(1-z)) > 2e5) the result is interpolated in c across the degenerate point, with a
 * relative error that grows with the parameters (about 1e-9 at 1e5).
 */
#ifndef CR_HYP2F1_H
#define CR_HYP2F1_H

#define CR_HYP2F1_MAX_PARAM 1e6

#endif							/* CR_HYP2F1_H */
