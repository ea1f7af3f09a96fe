/*
 * hyp2f1.h — limits of the Gauss hypergeometric function of hyp2f1.c (the functions themselves,
 * cr_log_hyp2f1 and cr_hyp2f1, are declared in specfun.h).
 *
 * Domain: a, b, c finite with |a|, |b|, |c| <= CR_HYP2F1_MAX_PARAM, c not 0, -1, -2, ...,
 * z < 1, or z = 1 when c - a - b > 0 (Gauss's theorem). Outside it the functions return NaN.
 * They also return NaN, rather than noise or a long wait, in corners where no method of
 * hyp2f1.c is both accurate and quick: when every method loses all digits to cancellation (c
 * small against both |a| and |b| with z < 0, or a and b of mixed sign), and with both |a| and
 * |b| huge and z near 1 (|a b| (1-z) beyond ~1e3 with the series at z longer than
 * 20 (|a| + |b| + |c|) terms). Degenerate and nearly degenerate cases (c - a - b at or near an
 * integer) cost no accuracy, also with parameters up to the limit.
 */
#ifndef CR_HYP2F1_H
#define CR_HYP2F1_H

#define CR_HYP2F1_MAX_PARAM 1e6

#endif							/* CR_HYP2F1_H */
