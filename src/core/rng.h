/*
 * rng.h — a small, seedable, platform-independent random number generator for the models'
 * simulators (xoshiro256**, seeded with splitmix64), and the draws they need. Pure C.
 * Same seed, same numbers, on every machine.
 */
#ifndef CR_RNG_H
#define CR_RNG_H

#include <stdint.h>

typedef struct CrRng
{
	uint64_t	s[4];
} CrRng;

extern void cr_rng_seed(CrRng *rng, uint64_t seed);
extern uint64_t cr_rng_next(CrRng *rng);
/* Uniform on the open interval (0, 1). */
extern double cr_rng_uniform(CrRng *rng);
/* Exponential with the given rate (mean 1/rate). */
extern double cr_rng_exponential(CrRng *rng, double rate);
/* Gamma with shape k and rate lambda (mean k/lambda); Marsaglia & Tsang (2000). */
extern double cr_rng_gamma(CrRng *rng, double shape, double rate);
/* Beta(a, b) from two gamma draws. */
extern double cr_rng_beta(CrRng *rng, double a, double b);
/* Poisson with mean mu. */
extern int64_t cr_rng_poisson(CrRng *rng, double mu);
/* Standard normal (Box–Muller, polar form). */
extern double cr_rng_normal(CrRng *rng);

#endif							/* CR_RNG_H */
