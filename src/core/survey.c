/*
 * survey.c — NPS (with its Wald interval), CSAT and CES from answer counts, and the portable
 * byte form of their states. See survey.h for the definitions and sources.
 */
#include "survey.h"

#include <math.h>

static int
add_overflows(int64_t a, int64_t b, int64_t *sum)
{
	/* Both operands are >= 0 wherever this is used. */
	if (a > INT64_MAX - b)
		return 1;
	*sum = a + b;
	return 0;
}

int
cr_nps(int64_t promoters, int64_t passives, int64_t detractors, double *nps)
{
	CrNpsSummary s;
	int			rc = cr_nps_summary(promoters, passives, detractors, &s);

	if (rc == CR_SURVEY_OK)
		*nps = s.nps;
	return rc;
}

int
cr_nps_summary(int64_t promoters, int64_t passives, int64_t detractors, CrNpsSummary *out)
{
	int64_t		n;
	double		p,
				d,
				var,
				half;

	if (promoters < 0 || passives < 0 || detractors < 0)
		return CR_SURVEY_INVALID;
	if (add_overflows(promoters, passives, &n) || add_overflows(n, detractors, &n))
		return CR_SURVEY_OVERFLOW;
	if (n == 0)
		return CR_SURVEY_EMPTY;

	p = (double) promoters / (double) n;
	d = (double) detractors / (double) n;
	/* Per-answer variance of X in {+1, 0, -1}: E[X^2] - E[X]^2; >= 0 up to rounding. */
	var = (p + d) - (p - d) * (p - d);
	if (var < 0)
		var = 0;

	out->n = n;
	out->promoters = promoters;
	out->passives = passives;
	out->detractors = detractors;
	/*
	 * (promoters - detractors) is exact in int64 and |it| <= n, so the ratio is in [-1, 1] after
	 * rounding; scaling after dividing keeps the NPS in [-100, 100] even for huge counts.
	 */
	out->nps = 100.0 * ((double) (promoters - detractors) / (double) n);
	out->std_error = 100.0 * sqrt(var / (double) n);
	half = CR_Z_975 * out->std_error;
	/* The Wald interval can cross the scale's ends for small n; an NPS outside them is impossible. */
	out->ci_low = fmax(-100.0, out->nps - half);
	out->ci_high = fmin(100.0, out->nps + half);
	return CR_SURVEY_OK;
}

int
cr_csat(int64_t n, int64_t top2, double *csat)
{
	if (n < 0 || top2 < 0 || top2 > n)
		return CR_SURVEY_INVALID;
	if (n == 0)
		return CR_SURVEY_EMPTY;
	*csat = 100.0 * ((double) top2 / (double) n);	/* ratio <= 1 after rounding */
	return CR_SURVEY_OK;
}

int
cr_ces(int64_t n, int64_t sum, int64_t scale_max, double *ces)
{
	double		mean;

	if (n < 0 || sum < n)
		return CR_SURVEY_INVALID;
	if (n == 0)
		return sum == 0 ? CR_SURVEY_EMPTY : CR_SURVEY_INVALID;
	if (scale_max < 1 || sum / scale_max + (sum % scale_max != 0) > n)
		return CR_SURVEY_INVALID;
	mean = (double) sum / (double) n;
	/* n <= sum <= n scale_max exactly; rounding of huge counts must not step outside. */
	*ces = fmin(fmax(mean, 1.0), (double) scale_max);
	return CR_SURVEY_OK;
}

int
cr_survey_state_check(const CrSurveyState *s)
{
	int64_t		n,
				scale;

	switch (s->kind)
	{
		case CR_SURVEY_NPS:
			if (s->v[0] < 0 || s->v[1] < 0 || s->v[2] < 0)
				return CR_SURVEY_INVALID;
			if (add_overflows(s->v[0], s->v[1], &n) || add_overflows(n, s->v[2], &n))
				return CR_SURVEY_OVERFLOW;
			return CR_SURVEY_OK;

		case CR_SURVEY_CSAT:
		case CR_SURVEY_CES:
			n = s->v[0];
			scale = s->v[2];
			if (n < 0 || s->v[1] < 0)
				return CR_SURVEY_INVALID;
			/* An empty state may not know its scale yet (0) but holds no answers. */
			if (scale == 0)
				return (n == 0 && s->v[1] == 0) ? CR_SURVEY_OK : CR_SURVEY_INVALID;
			if (scale < (s->kind == CR_SURVEY_CSAT ? CR_CSAT_SCALE_MAX_LOW : CR_CES_SCALE_MAX_LOW)
				|| scale > CR_SURVEY_SCALE_MAX_HIGH)
				return CR_SURVEY_INVALID;
			if (s->kind == CR_SURVEY_CSAT)
				return s->v[1] <= n ? CR_SURVEY_OK : CR_SURVEY_INVALID;
			/* CES: every answer is in 1..scale, so n <= sum <= n * scale (no overflow: divide). */
			if (s->v[1] < n)
				return CR_SURVEY_INVALID;
			if (s->v[1] / scale + (s->v[1] % scale != 0) > n)
				return CR_SURVEY_INVALID;
			return CR_SURVEY_OK;
	}
	return CR_SURVEY_INVALID;
}

int
cr_survey_state_merge(CrSurveyState *into, const CrSurveyState *from)
{
	int64_t		sum[CR_SURVEY_NSLOTS];
	int			rc,
				i;

	if (into->kind != from->kind)
		return CR_SURVEY_BAD_KIND;
	if ((rc = cr_survey_state_check(into)) != CR_SURVEY_OK ||
		(rc = cr_survey_state_check(from)) != CR_SURVEY_OK)
		return rc;

	if (into->kind == CR_SURVEY_NPS)
	{
		int64_t		total;

		for (i = 0; i < CR_SURVEY_NSLOTS; i++)
			if (add_overflows(into->v[i], from->v[i], &sum[i]))
				return CR_SURVEY_OVERFLOW;
		/* The number of answers, their sum, must stay representable too. */
		if (add_overflows(sum[0], sum[1], &total) || add_overflows(total, sum[2], &total))
			return CR_SURVEY_OVERFLOW;
		for (i = 0; i < CR_SURVEY_NSLOTS; i++)
			into->v[i] = sum[i];
		return CR_SURVEY_OK;
	}

	/* CSAT, CES: {n, top2 or sum, scale_max}. */
	if (from->v[0] == 0)
	{
		if (into->v[2] == 0)
			into->v[2] = from->v[2];
		return CR_SURVEY_OK;
	}
	if (into->v[0] == 0)
	{
		*into = *from;
		return CR_SURVEY_OK;
	}
	if (into->v[2] != from->v[2])
		return CR_SURVEY_SCALE_MISMATCH;
	if (add_overflows(into->v[0], from->v[0], &sum[0]) ||
		add_overflows(into->v[1], from->v[1], &sum[1]))
		return CR_SURVEY_OVERFLOW;
	into->v[0] = sum[0];
	into->v[1] = sum[1];
	return CR_SURVEY_OK;
}

void
cr_survey_state_encode(const CrSurveyState *s, unsigned char *out)
{
	int			i,
				b;

	out[0] = CR_SURVEY_STATE_VERSION;
	out[1] = (unsigned char) s->kind;
	for (i = 0; i < CR_SURVEY_NSLOTS; i++)
	{
		uint64_t	u = (uint64_t) s->v[i];

		for (b = 0; b < 8; b++)
			out[2 + 8 * i + b] = (unsigned char) (u >> (56 - 8 * b));
	}
}

int
cr_survey_state_decode(const unsigned char *buf, size_t len, CrSurveyKind expected,
					   CrSurveyState *s)
{
	int			i,
				b;

	if (len < 2)
		return CR_SURVEY_BAD_LENGTH;
	if (buf[0] != CR_SURVEY_STATE_VERSION)
		return CR_SURVEY_BAD_VERSION;
	if (len != CR_SURVEY_STATE_BYTES)
		return CR_SURVEY_BAD_LENGTH;
	if (buf[1] != (unsigned char) expected)
		return CR_SURVEY_BAD_KIND;
	s->kind = expected;
	for (i = 0; i < CR_SURVEY_NSLOTS; i++)
	{
		uint64_t	u = 0;

		for (b = 0; b < 8; b++)
			u = (u << 8) | buf[2 + 8 * i + b];
		/* Two's complement back to signed without implementation-defined conversion. */
		s->v[i] = (u <= (uint64_t) INT64_MAX) ? (int64_t) u
			: -(int64_t) (~u) - 1;
	}
	return cr_survey_state_check(s);
}

const char *
cr_survey_strerror(int code)
{
	switch (code)
	{
		case CR_SURVEY_OK:
			return "no error";
		case CR_SURVEY_EMPTY:
			return "the state holds no answers";
		case CR_SURVEY_INVALID:
			return "its counters are inconsistent";
		case CR_SURVEY_OVERFLOW:
			return "its answer count exceeds the bigint range";
		case CR_SURVEY_SCALE_MISMATCH:
			return "the states were computed on scales of different length";
		case CR_SURVEY_BAD_LENGTH:
			return "it is not 26 bytes long";
		case CR_SURVEY_BAD_VERSION:
			return "its format version byte is not 1";
		case CR_SURVEY_BAD_KIND:
			return "it is the state of another score";
	}
	return "unknown error";
}
