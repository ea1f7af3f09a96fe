/*
 * hyp2f1.h — limits of the Gauss hypergeometric function of hyp2f1.c (the functions themselves,
 * cr_log_hyp2f1 and cr_hyp2f1, are declared in specfun.h).
 *
 * Domain: a, b, c finite with |a|, |b|, |c| <= CR_HYP2F1_MAX_PARAM, c not 0, -1, -2, ...,
 * z < 1, or z = 1 when c - a - b > 0 (Gauss's theorem). Outside it the functions return NaN.
 */
#ifndef CR_HYP2F1_H
#define CR_HYP2F1_H

#define CR_HYP2F1_MAX_PARAM 1e6

#endif							/* CR_HYP2F1_H */
