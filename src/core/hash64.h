/*
 * hash64.h — a 64-bit integer hash for open-addressing tables (pure C, no PostgreSQL).
 * splitmix64's finaliser (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014): every input bit affects every output bit, so keys with structure (consecutive
 * ids, the bit patterns of doubles) spread over the low bits a table mask keeps.
 */
#ifndef CR_HASH64_H
#define CR_HASH64_H

#include <stdint.h>

static inline uint32_t
cr_hash64(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return (uint32_t) x;
}

#endif							/* CR_HASH64_H */
