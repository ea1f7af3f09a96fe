/*
 * libFuzzer harness of src/core/survey.c: arbitrary bytes as a serialized state of each kind.
 * Whatever decodes must pass the state check, merge without overflow or UB, re-encode to the
 * same bytes, and give finite scores.
 */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "survey.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const CrSurveyKind kinds[] = {CR_SURVEY_NPS, CR_SURVEY_CSAT, CR_SURVEY_CES};
	size_t		k;

	for (k = 0; k < 3; k++)
	{
		CrSurveyState s,
					t;
		unsigned char buf[CR_SURVEY_STATE_BYTES];
		CrNpsSummary sum;
		double		x;
		int			rc;

		if (cr_survey_state_decode(data, size, kinds[k], &s) != CR_SURVEY_OK)
			continue;
		assert(size == CR_SURVEY_STATE_BYTES);
		cr_survey_state_encode(&s, buf);
		assert(memcmp(buf, data, CR_SURVEY_STATE_BYTES) == 0);
		assert(cr_survey_state_check(&s) == CR_SURVEY_OK);

		switch (kinds[k])
		{
			case CR_SURVEY_NPS:
				rc = cr_nps_summary(s.v[0], s.v[1], s.v[2], &sum);
				assert(rc == CR_SURVEY_OK || rc == CR_SURVEY_EMPTY);
				if (rc == CR_SURVEY_OK)
					assert(isfinite(sum.nps) && sum.nps >= -100 && sum.nps <= 100
						   && isfinite(sum.std_error) && sum.std_error >= 0
						   && sum.ci_low <= sum.nps && sum.nps <= sum.ci_high
						   && sum.ci_low >= -100 && sum.ci_high <= 100);
				break;
			case CR_SURVEY_CSAT:
				rc = cr_csat(s.v[0], s.v[1], &x);
				assert(rc == CR_SURVEY_OK || rc == CR_SURVEY_EMPTY);
				if (rc == CR_SURVEY_OK)
					assert(isfinite(x) && x >= 0 && x <= 100);
				break;
			case CR_SURVEY_CES:
				rc = cr_ces(s.v[0], s.v[1], s.v[2], &x);
				assert(rc == CR_SURVEY_OK || rc == CR_SURVEY_EMPTY);
				if (rc == CR_SURVEY_OK)
					assert(isfinite(x) && x >= 1 && x <= s.v[2]);
				break;
		}

		/* Merging a valid state with itself either succeeds (and stays valid) or overflows. */
		t = s;
		rc = cr_survey_state_merge(&t, &s);
		assert(rc == CR_SURVEY_OK || rc == CR_SURVEY_OVERFLOW);
		if (rc == CR_SURVEY_OK)
			assert(cr_survey_state_check(&t) == CR_SURVEY_OK);
		else
			assert(memcmp(&t, &s, sizeof(s)) == 0);
	}
	return 0;
}
