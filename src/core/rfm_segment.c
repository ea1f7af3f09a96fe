/*
 * rfm_segment.c — RFM scores to named segments; the grid and its sources are in rfm_segment.h.
 */
#include "rfm_segment.h"

#include <stddef.h>

enum
{
	SEG_CHAMPIONS,
	SEG_LOYAL,
	SEG_POTENTIAL_LOYALIST,
	SEG_NEW,
	SEG_PROMISING,
	SEG_NEED_ATTENTION,
	SEG_ABOUT_TO_SLEEP,
	SEG_AT_RISK,
	SEG_CANT_LOSE,
	SEG_HIBERNATING,
	SEG_LOST
};

static const char *const segment_names[CR_RFM_N_SEGMENTS] = {
	"Champions",
	"Loyal",
	"Potential Loyalist",
	"New",
	"Promising",
	"Need Attention",
	"About to Sleep",
	"At Risk",
	"Can't Lose Them",
	"Hibernating",
	"Lost"
};

/* grid[R - 1][FM - 1] */
static const int grid[5][5] = {
	/* R = 1 */ {SEG_LOST, SEG_LOST, SEG_AT_RISK, SEG_CANT_LOSE, SEG_CANT_LOSE},
	/* R = 2 */ {SEG_HIBERNATING, SEG_HIBERNATING, SEG_AT_RISK, SEG_AT_RISK, SEG_AT_RISK},
	/* R = 3 */ {SEG_ABOUT_TO_SLEEP, SEG_ABOUT_TO_SLEEP, SEG_NEED_ATTENTION, SEG_LOYAL, SEG_LOYAL},
	/* R = 4 */ {SEG_PROMISING, SEG_POTENTIAL_LOYALIST, SEG_POTENTIAL_LOYALIST, SEG_CHAMPIONS, SEG_CHAMPIONS},
	/* R = 5 */ {SEG_NEW, SEG_POTENTIAL_LOYALIST, SEG_POTENTIAL_LOYALIST, SEG_CHAMPIONS, SEG_CHAMPIONS},
};

int
cr_rfm_fm_score(int frequency_score, int monetary_score)
{
	return (frequency_score + monetary_score) / 2;
}

int
cr_rfm_segment(int recency_score, int frequency_score, int monetary_score)
{
	if (recency_score < 1 || recency_score > 5 || frequency_score < 1 || frequency_score > 5 ||
		monetary_score < 1 || monetary_score > 5)
		return -1;
	return grid[recency_score - 1][cr_rfm_fm_score(frequency_score, monetary_score) - 1];
}

const char *
cr_rfm_segment_name(int segment)
{
	if (segment < 0 || segment >= CR_RFM_N_SEGMENTS)
		return NULL;
	return segment_names[segment];
}
