/*
 * clv.h — customer lifetime value as a discounted sum over future periods, for any model that
 * can give a customer's conditional expected number of purchases E[X(t) | history] (BG/NBD,
 * MBG/NBD, Pareto/NBD, BG/BB ...). Pure C.
 *
 *   CLV = sum_{i=1..periods} (E[X(i L)] - E[X((i-1) L)]) * spend / (1 + d)^i
 *
 * L is the period length in the model's time unit (the unit of recency and T), d the discount
 * rate per period of length L, spend the expected spend per transaction (e.g. Gamma-Gamma's).
 * Purchases expected in period i are discounted by (1+d)^i (paid at the end of the period).
 */
#ifndef CR_CLV_H
#define CR_CLV_H

/*
 * The model's callback: out[k] = E[X(t[k]) | history] for the n horizons t[0] < t[1] < ... (all
 * > 0), purchases expected in (T, T + t[k]]. Returns 0, or -1 when it cannot evaluate them.
 * Receiving all horizons at once lets a model share work between them.
 */
typedef int (*cr_expected_purchases_fn)(const double *t, int n, double *out, void *ctx);

/* Largest number of periods cr_clv accepts. */
#define CR_CLV_MAX_PERIODS 100000

/*
 * The CLV sum. Returns NaN when an argument is out of range (periods outside
 * 1..CR_CLV_MAX_PERIODS, period_length <= 0, discount_rate <= -1, spend not finite) or the
 * callback fails.
 */
extern double cr_clv(cr_expected_purchases_fn expected, void *ctx, double spend, int periods,
					 double period_length, double discount_rate);

#endif							/* CR_CLV_H */
