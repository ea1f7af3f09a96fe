/*
 * bgnbd_row_sums.h — template (like PostgreSQL's lib/sort_template.h): the rows' part of a BG/NBD
 * likelihood sweep, the value and the 4 + 10 derivative sums over one block of rows whose
 * logarithms and exponentials are already computed (bgnbd.c, cr_bgnbd_data_loglik). Included by
 * bgnbd.c once per vector width, because this arithmetic, not the transcendental calls, is most of
 * a sweep's time: two lanes run on any x86-64 or ARM64 (SSE2, NEON), four where the machine has
 * AVX2 and FMA.
 *
 * Parameters:
 *   SUMS_NAME    the function's name
 *   SUMS_LANES   1 (plain C), 2 or 4: rows summed side by side (GCC/Clang vector extensions)
 *   SUMS_TARGET  function attributes (e.g. the target ISA), or empty
 *
 * The function adds the block's sums into acc: 16 slots of SWEEP_PAD doubles, slot j at
 * acc + j * SWEEP_PAD, of which it uses the first SUMS_LANES (the caller adds up each slot's
 * doubles at the end; the unused ones stay 0). Slots: 0-3 the gradient
 * (r, alpha, a, b), 4-13 the upper triangle of the Hessian's log-sum-exp part (rr ra rA rB aa aA aB
 * AA AB BB), 15 the value. Row k of the block contributes to lane k % SUMS_LANES, so a sweep over
 * the same rows gives the same bits every time on the same machine. m must be a multiple of
 * SUMS_LANES (the caller pads the block with weightless rows).
 */

#define SUMS_CAT_(a, b) a##b
#define SUMS_CAT(a, b) SUMS_CAT_(a, b)
#define SUMS_VEC SUMS_CAT(SUMS_NAME, _vec)
#define SUMS_MASK SUMS_CAT(SUMS_NAME, _mask)
#define SUMS_LOAD SUMS_CAT(SUMS_NAME, _load)
#define SUMS_STORE SUMS_CAT(SUMS_NAME, _store)

#if SUMS_LANES == 1
typedef double SUMS_VEC;
typedef int SUMS_MASK;
#define SUMS_SELECT(m, a, b) ((m) ? (a) : (b))
#else
typedef double SUMS_VEC __attribute__((vector_size(8 * SUMS_LANES)));
typedef long long SUMS_MASK __attribute__((vector_size(8 * SUMS_LANES)));
/* a where the mask is set (all ones), b elsewhere: C has no ?: on vectors */
#define SUMS_SELECT(m, a, b) \
	((SUMS_VEC) (((SUMS_MASK) (a) & (m)) | ((SUMS_MASK) (b) & ~(m))))
#endif

SUMS_TARGET static inline SUMS_VEC
SUMS_LOAD(const double *p)
{
	SUMS_VEC	v;

	memcpy(&v, p, sizeof(v));
	return v;
}

SUMS_TARGET static inline void
SUMS_STORE(double *p, SUMS_VEC v)
{
	memcpy(p, &v, sizeof(v));
}

SUMS_TARGET static void
SUMS_NAME(const SweepBlock *b, int m, double r, double *acc)
{
	SUMS_VEC	s[16];
	int			j,
				k;

	for (j = 0; j < 16; j++)
		s[j] = SUMS_LOAD(acc + j * SWEEP_PAD);
	for (k = 0; k < m; k += SUMS_LANES)
	{
		SUMS_VEC	R = SUMS_LOAD(b->R + k),
					w = SUMS_LOAD(b->w + k),
					q = SUMS_LOAD(b->q + k),
					lu = SUMS_LOAD(b->lu + k),
					au = SUMS_LOAD(b->au + k),
					lv = SUMS_LOAD(b->lv + k),
					y = SUMS_LOAD(b->y + k),
					e = SUMS_LOAD(b->e + k),
					av = 1 / (1 + y),	/* alpha / v */
					big = 1 / (1 + e),	/* the larger term's share */
					small = e * big;
		/* which term is the larger one is a coin toss row by row on exact times: selects */
		SUMS_MASK	first = SUMS_LOAD(b->d + k) >= 0;
		SUMS_VEC	w1 = SUMS_SELECT(first, big, small),
					w2 = SUMS_SELECT(first, small, big),
					g1r = -r * lu,
					g1a = -R * au,
					g2r = -r * lv,
					g2a = -R * av,
					dr = g1r - g2r, /* g1 - g2; its a and b entries are -1 and q */
					da = g1a - g2a,
					ww = w * w1 * w2,
					gr = w * (w1 * g1r + w2 * g2r);

		s[15] += w * (SUMS_LOAD(b->hi + k) + SUMS_LOAD(b->lp + k));
		s[0] += gr;
		s[1] += w * (w1 * g1a + w2 * g2a);
		s[2] += w * w2;
		s[3] -= w * w2 * q;
		s[4] += gr + ww * dr * dr;
		s[5] += w * (w1 * -r * au + w2 * -r * av) + ww * dr * da;
		s[6] -= ww * dr;
		s[7] += ww * dr * q;
		s[8] += w * (w1 * -R * SUMS_LOAD(b->atu + k) + w2 * -R * y * av * av) + ww * da * da;
		s[9] -= ww * da;
		s[10] += ww * da * q;
		s[11] += ww;
		s[12] -= ww * q;
		s[13] += w * w2 * (-q + q * q) + ww * q * q;
	}
	for (j = 0; j < 16; j++)
		SUMS_STORE(acc + j * SWEEP_PAD, s[j]);
}

#undef SUMS_NAME
#undef SUMS_LANES
#undef SUMS_TARGET
#undef SUMS_VEC
#undef SUMS_MASK
#undef SUMS_LOAD
#undef SUMS_STORE
#undef SUMS_SELECT
#undef SUMS_CAT
#undef SUMS_CAT_
