/*
 * rfm_segment.h — the named RFM segments of the common recency-versus-frequency/monetary grid
 * (pure C11, no PostgreSQL).
 *
 * Scores are quintiles 1..5 (5 = best: most recent, most frequent, highest spend). F and M are
 * collapsed into one score FM = floor((F + M) / 2), the integer mean an analyst gets from
 * (f + m) / 2 in SQL, and each of the 25 (R, FM) cells belongs to exactly one segment:
 *
 *   R \ FM   1               2 .. 3               4 .. 5
 *   5        New             Potential Loyalist   Champions
 *   4        Promising       Potential Loyalist   Champions
 *   3        About to Sleep  (2) About to Sleep,  Loyal
 *                            (3) Need Attention
 *   2        Hibernating     (2) Hibernating,     At Risk
 *                            (3) At Risk
 *   1        Lost            (2) Lost,            Can't Lose Them
 *                            (3) At Risk
 *
 * Each segment lies inside the (R, FM) ranges of the widely used table (Champions R 4-5 FM 4-5,
 * Loyal R 2-5 FM 3-5, Potential Loyalist R 3-5 FM 1-3, New R 4-5 FM <= 1, Promising R 3-4 FM <= 1,
 * Need Attention R 2-3 FM 2-3, About to Sleep R 2-3 FM <= 2, At Risk R <= 2 FM 2-5, Can't Lose
 * Them R <= 1 FM 4-5, Hibernating R 1-2 FM 1-2, Lost R <= 2 FM <= 2); where those ranges overlap,
 * the grid above decides.
 */
#ifndef CR_RFM_SEGMENT_H
#define CR_RFM_SEGMENT_H

#define CR_RFM_N_SEGMENTS 11

/* The FM score of a frequency and a monetary score (1..5 each): floor((f + m) / 2). */
extern int	cr_rfm_fm_score(int frequency_score, int monetary_score);

/*
 * The segment (0 .. CR_RFM_N_SEGMENTS - 1) of three scores, or -1 when a score is outside 1..5.
 */
extern int	cr_rfm_segment(int recency_score, int frequency_score, int monetary_score);

/* The segment's name ("Champions", ...); NULL for a number out of range. */
extern const char *cr_rfm_segment_name(int segment);

#endif							/* CR_RFM_SEGMENT_H */
