/*
 * relationship_quality.c — dimension tables, answer normalisation and the weighted RQ index.
 *
 * The dimensions are those of relationship quality in the relationship-marketing literature:
 * trust and commitment (Morgan & Hunt 1994, "The commitment-trust theory of relationship
 * marketing", J. Marketing 58), communication, fairness/justice, honesty, respect, seriousness,
 * recognition and engagement as its antecedents and components (Crosby, Evans & Cowles 1990;
 * Palmatier et al. 2006, "Factors influencing the effectiveness of relationship marketing: a
 * meta-analysis", J. Marketing 70). Each answer is min-max normalised on its own scale so
 * items on 1-5, 1-7 and 0-10 scales can be averaged (the "percent of maximum possible" or POMP
 * transformation, Cohen, Cohen, Aiken & West 1999).
 */
#include "relationship_quality.h"

#include <math.h>
#include <string.h>

const char *const cr_rq_default_dimensions[CR_RQ_N_DEFAULT] = {
	"trust", "communication", "respect", "fairness", "honesty",
	"seriousness", "recognition", "commitment", "engagement"
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

CrRqStatus
cr_rq_normalize_name(const char *in, size_t len, char *out, int *outlen)
{
	size_t		b = 0,
				e = len,
				i;

	while (b < e && is_space(in[b]))
		b++;
	while (e > b && is_space(in[e - 1]))
		e--;
	if (e == b)
		return CR_RQ_EMPTY_NAME;
	if (e - b > CR_RQ_NAME_MAX)
		return CR_RQ_NAME_TOO_LONG;
	for (i = b; i < e; i++)
	{
		char		c = in[i];

		out[i - b] = (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
	}
	out[e - b] = '\0';
	*outlen = (int) (e - b);
	return CR_RQ_OK;
}

uint64_t
cr_rq_table_fingerprint(const CrRqTable *t)
{
	uint64_t	h = 14695981039346656037ULL;
	int			i;
	size_t		j;

#define FNV(byte) do { h ^= (unsigned char) (byte); h *= 1099511628211ULL; } while (0)
	FNV(t->ndims);
	for (i = 0; i < t->ndims; i++)
	{
		uint64_t	bits;

		FNV(t->len[i]);
		for (j = 0; j < t->len[i]; j++)
			FNV(t->name[i][j]);
		memcpy(&bits, &t->weight[i], sizeof(bits));
		for (j = 0; j < 8; j++)
			FNV(bits >> (8 * j));
	}
#undef FNV
	return h;
}

void
cr_rq_default_table(CrRqTable *t)
{
	int			i;

	memset(t, 0, sizeof(*t));
	t->ndims = CR_RQ_N_DEFAULT;
	t->is_default = 1;
	for (i = 0; i < CR_RQ_N_DEFAULT; i++)
	{
		size_t		l = strlen(cr_rq_default_dimensions[i]);

		memcpy(t->name[i], cr_rq_default_dimensions[i], l + 1);
		t->len[i] = (unsigned char) l;
		t->weight[i] = 1.0;
	}
	t->fingerprint = cr_rq_table_fingerprint(t);
}

void
cr_rq_table_begin(CrRqTable *t)
{
	memset(t, 0, sizeof(*t));
}

int
cr_rq_table_find(const CrRqTable *t, const char *name, size_t len)
{
	char		buf[CR_RQ_NAME_MAX + 1];
	int			l,
				i;

	if (cr_rq_normalize_name(name, len, buf, &l) != CR_RQ_OK)
		return -1;
	for (i = 0; i < t->ndims; i++)
		if (t->len[i] == l && memcmp(t->name[i], buf, (size_t) l) == 0)
			return i;
	return -1;
}

CrRqStatus
cr_rq_table_add(CrRqTable *t, const char *name, size_t len, double weight)
{
	char		buf[CR_RQ_NAME_MAX + 1];
	int			l,
				i;
	CrRqStatus	st = cr_rq_normalize_name(name, len, buf, &l);

	if (st != CR_RQ_OK)
		return st;
	if (!isfinite(weight) || weight < 0)
		return CR_RQ_BAD_WEIGHT;
	for (i = 0; i < t->ndims; i++)
		if (t->len[i] == l && memcmp(t->name[i], buf, (size_t) l) == 0)
			return CR_RQ_DUPLICATE;
	if (t->ndims >= CR_RQ_MAX_DIMS)
		return CR_RQ_TOO_MANY;
	memcpy(t->name[t->ndims], buf, (size_t) l + 1);
	t->len[t->ndims] = (unsigned char) l;
	t->weight[t->ndims] = weight + 0.0;	/* -0 becomes +0: one fingerprint per value */
	t->ndims++;
	return CR_RQ_OK;
}

CrRqStatus
cr_rq_table_finish(CrRqTable *t)
{
	double		total = 0;
	int			i,
				j;

	if (t->ndims == 0)
		return CR_RQ_NO_DIMENSIONS;
	for (i = 0; i < t->ndims; i++)
		total += t->weight[i];
	if (!(total > 0))
		return CR_RQ_NO_WEIGHT;

	/* The default instrument given explicitly is the default table (same order, same state). */
	if (t->ndims == CR_RQ_N_DEFAULT)
	{
		int			same = 1;

		for (i = 0; i < CR_RQ_N_DEFAULT && same; i++)
		{
			j = cr_rq_table_find(t, cr_rq_default_dimensions[i],
								 strlen(cr_rq_default_dimensions[i]));
			same = (j >= 0 && t->weight[j] == 1.0);
		}
		if (same)
		{
			cr_rq_default_table(t);
			return CR_RQ_OK;
		}
	}

	/* insertion sort by name: at most 64 entries */
	for (i = 1; i < t->ndims; i++)
	{
		double		w = t->weight[i];
		unsigned char l = t->len[i];
		char		nm[CR_RQ_NAME_MAX + 1];

		memcpy(nm, t->name[i], sizeof(nm));
		for (j = i - 1; j >= 0 && strcmp(t->name[j], nm) > 0; j--)
		{
			memcpy(t->name[j + 1], t->name[j], sizeof(nm));
			t->len[j + 1] = t->len[j];
			t->weight[j + 1] = t->weight[j];
		}
		memcpy(t->name[j + 1], nm, sizeof(nm));
		t->len[j + 1] = l;
		t->weight[j + 1] = w;
	}
	t->is_default = 0;
	t->fingerprint = cr_rq_table_fingerprint(t);
	return CR_RQ_OK;
}

double
cr_rq_normalize_score(double score, double lo, double hi)
{
	/* halves keep hi - lo finite for any finite lo < hi */
	double		v = (score / 2 - lo / 2) / (hi / 2 - lo / 2) * 100.0;

	if (v < 0)
		v = 0;
	else if (v > 100)
		v = 100;
	return v;
}

/*
 * Means closer than this (points on the 0-100 scale) are a tie: the same answers summed in
 * another order (parallel plans) differ in the last bits, and must not pick another dimension.
 */
#define RQ_TIE_EPS 1e-9

/* Is dimension i a better "weakest" (sign = -1) or "strongest" (sign = +1) than j? */
static int
better(const CrRqTable *t, const double *mean, int i, int j, int sign)
{
	if (j < 0)
		return 1;
	if (fabs(mean[i] - mean[j]) > RQ_TIE_EPS)
		return sign > 0 ? mean[i] > mean[j] : mean[i] < mean[j];
	if (t->weight[i] != t->weight[j])
		return t->weight[i] > t->weight[j];
	return strcmp(t->name[i], t->name[j]) < 0;
}

void
cr_rq_finish(const CrRqTable *t, const double *sum, const double *count, CrRqResult *out)
{
	double		mean[CR_RQ_MAX_DIMS];
	double		total_w = 0,
				answered_w = 0,
				acc = 0;
	int			i;

	memset(out, 0, sizeof(*out));
	out->weakest = out->strongest = -1;
	for (i = 0; i < t->ndims; i++)
	{
		total_w += t->weight[i];
		if (count[i] > 0)
		{
			mean[i] = sum[i] / count[i];
			out->n_dimensions++;
			answered_w += t->weight[i];
			acc += t->weight[i] * mean[i];
			if (t->weight[i] > 0)
			{
				if (better(t, mean, i, out->weakest, -1))
					out->weakest = i;
				if (better(t, mean, i, out->strongest, +1))
					out->strongest = i;
			}
		}
	}
	out->coverage = total_w > 0 ? answered_w / total_w : 0;
	if (out->coverage > 1)
		out->coverage = 1;
	/* the tolerance keeps 1/2 computed as 0.4999999999 on the right side of the rule */
	if (answered_w > 0 && out->coverage >= CR_RQ_MIN_COVERAGE - 1e-12)
	{
		out->has_index = 1;
		out->index = acc / answered_w;
		if (out->index < 0)
			out->index = 0;
		else if (out->index > 100)
			out->index = 100;
	}
}
