/* Unit tests of src/core/survey.c: NPS and its Wald interval, CSAT, CES, state checks, merge,
 * and the portable byte form. */
#include <stdint.h>
#include <string.h>

#include "survey.h"
#include "unit.h"

static CrSurveyState
mk(CrSurveyKind kind, int64_t a, int64_t b, int64_t c)
{
	CrSurveyState s;

	s.kind = kind;
	s.v[0] = a;
	s.v[1] = b;
	s.v[2] = c;
	return s;
}

static void
test_nps(void)
{
	CrNpsSummary s;
	double		nps = 0;
	int			rc;

	/* The example: 1000 answers, 45 % promoters, 20 % detractors -> 25 +/- 4.75. */
	rc = cr_nps_summary(450, 350, 200, &s);
	unit_ok(rc == CR_SURVEY_OK, "nps_summary 450/350/200 ok", NULL);
	unit_ok(s.n == 1000 && s.promoters == 450 && s.passives == 350 && s.detractors == 200,
			"nps_summary counts", NULL);
	unit_close(s.nps, 25.0, 1e-12, "nps 25");
	/* 100 sqrt((0.65 - 0.0625) / 1000) */
	unit_close(s.std_error, 100.0 * sqrt(0.5875 / 1000.0), 1e-12, "std_error 2.42384");
	unit_close(s.std_error, 2.4238399287, 1e-9, "std_error digits");
	unit_close(s.nps - s.ci_low, 4.75, 0.005, "half width 4.75 (low side)");
	unit_close(s.ci_high - s.nps, 4.75, 0.005, "half width 4.75 (high side)");
	unit_close(s.ci_high - s.nps, 1.959963984540054 * 2.4238399287081642, 1e-9,
			   "half width = z_0.975 * std_error");

	/* Huge counts: the ratio is formed before scaling, so the ends stay exact. */
	rc = cr_nps_summary(0, 0, 0x1a0100fffffff900LL, &s);
	unit_ok(rc == CR_SURVEY_OK && s.nps == -100 && s.ci_high == -100, "huge n: exactly -100", NULL);
	rc = cr_nps_summary(0x1a0100fffffff900LL, 0, 0, &s);
	unit_ok(rc == CR_SURVEY_OK && s.nps == 100 && s.ci_low == 100, "huge n: exactly 100", NULL);

	/* Ends of the scale; zero variance. */
	rc = cr_nps_summary(5, 0, 0, &s);
	unit_ok(rc == CR_SURVEY_OK && s.nps == 100 && s.std_error == 0 && s.ci_low == 100
			&& s.ci_high == 100, "all promoters: 100, zero-width interval", NULL);
	rc = cr_nps_summary(0, 0, 7, &s);
	unit_ok(rc == CR_SURVEY_OK && s.nps == -100 && s.std_error == 0, "all detractors: -100", NULL);
	rc = cr_nps_summary(0, 4, 0, &s);
	unit_ok(rc == CR_SURVEY_OK && s.nps == 0 && s.std_error == 0, "all passives: 0", NULL);
	/* Half promoters, half detractors: Var = 1, std_error = 100 / sqrt(n). */
	rc = cr_nps_summary(2, 0, 2, &s);
	unit_close(s.std_error, 50.0, 1e-12, "P = D = 0.5: std_error 100/sqrt(4)");
	unit_close(s.ci_low, -1.959963984540054 * 50.0, 1e-9, "P = D = 0.5: ci_low -98.0");
	rc = cr_nps_summary(1, 0, 1, &s);
	unit_ok(rc == CR_SURVEY_OK && s.ci_low == -100 && s.ci_high == 100,
			"n = 2, P = D = 0.5: interval clipped to [-100, 100]", NULL);
	/* Clipping on one side only: {10, 7}. */
	rc = cr_nps_summary(1, 1, 0, &s);
	unit_close(s.std_error, 100.0 * sqrt(0.25 / 2.0), 1e-12, "{10,7} std_error");
	unit_close(s.ci_low, 50.0 - 1.959963984540054 * 100.0 * sqrt(0.125), 1e-9, "{10,7} ci_low");
	unit_ok(s.ci_high == 100, "{10,7} ci_high clipped", NULL);

	/* Thirds: the rule of thumb CI ~ 320 / sqrt(n) half-width for P = D = 1/3 (2 sqrt(2/3) 1.96 100). */
	rc = cr_nps_summary(1000, 1000, 1000, &s);
	unit_close((s.ci_high - s.ci_low) / 2 * sqrt(3000.0), 1.959963984540054 * 100 * sqrt(2.0 / 3.0),
			   1e-9, "P = D = 1/3 half width");

	/* cr_nps agrees with the summary; errors. */
	rc = cr_nps(3, 1, 1, &nps);
	unit_ok(rc == CR_SURVEY_OK, "cr_nps ok", NULL);
	unit_close(nps, 40.0, 1e-12, "cr_nps 3/1/1 = 40");
	unit_ok(cr_nps(0, 0, 0, &nps) == CR_SURVEY_EMPTY, "no answers: EMPTY", NULL);
	unit_ok(cr_nps(-1, 0, 2, &nps) == CR_SURVEY_INVALID, "negative count: INVALID", NULL);
	unit_ok(cr_nps(INT64_MAX, 1, 0, &nps) == CR_SURVEY_OVERFLOW, "n overflows: OVERFLOW", NULL);
	unit_ok(cr_nps(INT64_MAX - 2, 1, 1, &nps) == CR_SURVEY_OK && isfinite(nps),
			"n = INT64_MAX is fine", NULL);
	unit_close(nps, 100.0, 1e-9, "huge n: nps 100");

	/* Classes. */
	unit_ok(cr_nps_class(0) == -1 && cr_nps_class(6) == -1 && cr_nps_class(7) == 0
			&& cr_nps_class(8) == 0 && cr_nps_class(9) == 1 && cr_nps_class(10) == 1,
			"classes 0-6 / 7-8 / 9-10", NULL);
}

static void
test_csat_ces(void)
{
	double		x = 0;

	unit_ok(cr_csat(7, 4, &x) == CR_SURVEY_OK, "csat ok", NULL);
	unit_close(x, 400.0 / 7.0, 1e-12, "csat 4/7");
	unit_ok(cr_csat(0, 0, &x) == CR_SURVEY_EMPTY, "csat empty", NULL);
	unit_ok(cr_csat(3, 4, &x) == CR_SURVEY_INVALID, "csat top2 > n", NULL);
	unit_ok(cr_csat(-1, 0, &x) == CR_SURVEY_INVALID, "csat n < 0", NULL);
	unit_ok(cr_ces(4, 13, 7, &x) == CR_SURVEY_OK, "ces ok", NULL);
	unit_rel_close(x, 3.25, 1e-15, "ces 13/4");
	unit_ok(cr_ces(0, 0, 7, &x) == CR_SURVEY_EMPTY, "ces empty", NULL);
	unit_ok(cr_ces(0, 3, 7, &x) == CR_SURVEY_INVALID, "ces empty with a sum", NULL);
	unit_ok(cr_ces(3, 2, 7, &x) == CR_SURVEY_INVALID, "ces sum < n", NULL);
	unit_ok(cr_ces(3, 22, 7, &x) == CR_SURVEY_INVALID, "ces sum > n scale_max", NULL);
	/* Huge counts: the mean stays on the scale despite rounding of the conversions. */
	unit_ok(cr_ces(INT64_MAX / 7, INT64_MAX / 7 * 7, 7, &x) == CR_SURVEY_OK && x <= 7 && x >= 6.999999,
			"ces huge n, all sevens", NULL);
	unit_ok(cr_csat(INT64_MAX - 1, INT64_MAX - 1, &x) == CR_SURVEY_OK && x == 100, "csat huge n: 100", NULL);
}

static void
test_state_check(void)
{
	CrSurveyState s;

	s = mk(CR_SURVEY_NPS, 1, 2, 3);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_OK, "nps state ok", NULL);
	s = mk(CR_SURVEY_NPS, 0, -2, 3);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_INVALID, "nps negative", NULL);
	s = mk(CR_SURVEY_NPS, INT64_MAX, 0, 1);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_OVERFLOW, "nps total overflow", NULL);

	s = mk(CR_SURVEY_CSAT, 0, 0, 0);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_OK, "csat empty, scale unknown", NULL);
	s = mk(CR_SURVEY_CSAT, 1, 0, 0);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_INVALID, "csat answers without a scale", NULL);
	s = mk(CR_SURVEY_CSAT, 5, 5, 5);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_OK, "csat all top two", NULL);
	s = mk(CR_SURVEY_CSAT, 5, 6, 5);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_INVALID, "csat top2 > n", NULL);
	s = mk(CR_SURVEY_CSAT, 5, 1, 2);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_INVALID, "csat scale 2", NULL);
	s = mk(CR_SURVEY_CSAT, 5, 1, 101);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_INVALID, "csat scale 101", NULL);

	s = mk(CR_SURVEY_CES, 2, 2, 2);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_OK, "ces scale 2, all ones", NULL);
	s = mk(CR_SURVEY_CES, 2, 14, 7);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_OK, "ces sum = n * scale", NULL);
	s = mk(CR_SURVEY_CES, 2, 15, 7);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_INVALID, "ces sum > n * scale", NULL);
	s = mk(CR_SURVEY_CES, 2, 1, 7);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_INVALID, "ces sum < n", NULL);
	s = mk(CR_SURVEY_CES, INT64_MAX / 50, INT64_MAX, 100);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_OK, "ces huge sum within n * scale, no overflow", NULL);
	s = mk(CR_SURVEY_CES, INT64_MAX / 200, INT64_MAX, 100);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_INVALID, "ces huge sum above n * scale", NULL);
	s = mk(CR_SURVEY_CES, 1, 1, 1);
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_INVALID, "ces scale 1", NULL);
	s.kind = (CrSurveyKind) 'X';
	unit_ok(cr_survey_state_check(&s) == CR_SURVEY_INVALID, "unknown kind", NULL);
}

static void
test_merge(void)
{
	CrSurveyState a,
				b;

	a = mk(CR_SURVEY_NPS, 1, 2, 3);
	b = mk(CR_SURVEY_NPS, 10, 20, 30);
	unit_ok(cr_survey_state_merge(&a, &b) == CR_SURVEY_OK && a.v[0] == 11 && a.v[1] == 22
			&& a.v[2] == 33, "nps merge adds", NULL);
	a = mk(CR_SURVEY_NPS, INT64_MAX / 2, 0, 0);
	b = mk(CR_SURVEY_NPS, INT64_MAX / 2 + 2, 0, 0);
	unit_ok(cr_survey_state_merge(&a, &b) == CR_SURVEY_OVERFLOW && a.v[0] == INT64_MAX / 2,
			"nps merge overflow leaves into unchanged", NULL);
	a = mk(CR_SURVEY_NPS, INT64_MAX / 2, 0, 0);
	b = mk(CR_SURVEY_NPS, 0, INT64_MAX / 2 + 2, 0);
	unit_ok(cr_survey_state_merge(&a, &b) == CR_SURVEY_OVERFLOW, "nps merge total overflow", NULL);
	b = mk(CR_SURVEY_CSAT, 1, 1, 5);
	unit_ok(cr_survey_state_merge(&a, &b) == CR_SURVEY_BAD_KIND, "merge across kinds", NULL);

	a = mk(CR_SURVEY_CSAT, 0, 0, 0);
	b = mk(CR_SURVEY_CSAT, 3, 2, 7);
	unit_ok(cr_survey_state_merge(&a, &b) == CR_SURVEY_OK && a.v[0] == 3 && a.v[1] == 2
			&& a.v[2] == 7, "csat empty + full", NULL);
	b = mk(CR_SURVEY_CSAT, 0, 0, 5);
	unit_ok(cr_survey_state_merge(&a, &b) == CR_SURVEY_OK && a.v[0] == 3 && a.v[2] == 7,
			"csat full + empty of another scale", NULL);
	b = mk(CR_SURVEY_CSAT, 1, 1, 5);
	unit_ok(cr_survey_state_merge(&a, &b) == CR_SURVEY_SCALE_MISMATCH && a.v[0] == 3,
			"csat scale mismatch", NULL);
	b = mk(CR_SURVEY_CSAT, 4, 1, 7);
	unit_ok(cr_survey_state_merge(&a, &b) == CR_SURVEY_OK && a.v[0] == 7 && a.v[1] == 3,
			"csat same scale adds", NULL);
	a = mk(CR_SURVEY_CES, 2, 9, 7);
	b = mk(CR_SURVEY_CES, 1, 1, 7);
	unit_ok(cr_survey_state_merge(&a, &b) == CR_SURVEY_OK && a.v[0] == 3 && a.v[1] == 10,
			"ces adds", NULL);
	b = mk(CR_SURVEY_CES, 1, 9, 7);
	unit_ok(cr_survey_state_merge(&a, &b) == CR_SURVEY_INVALID && a.v[0] == 3,
			"ces merge checks its input", NULL);
}

static void
test_bytes(void)
{
	unsigned char buf[CR_SURVEY_STATE_BYTES + 1];
	static const unsigned char expect[CR_SURVEY_STATE_BYTES] = {
		1, 'N',
		0, 0, 0, 0, 0, 0, 0x01, 0xc2,	/* 450 */
		0, 0, 0, 0, 0, 0, 0x01, 0x5e,	/* 350 */
		0, 0, 0, 0, 0, 0, 0x00, 0xc8	/* 200 */
	};
	CrSurveyState s = mk(CR_SURVEY_NPS, 450, 350, 200),
				t;

	unit_ok(CR_SURVEY_STATE_BYTES == 26, "state is 26 bytes", NULL);
	cr_survey_state_encode(&s, buf);
	unit_ok(memcmp(buf, expect, sizeof(expect)) == 0, "big-endian layout", NULL);
	unit_ok(cr_survey_state_decode(buf, 26, CR_SURVEY_NPS, &t) == CR_SURVEY_OK
			&& t.v[0] == 450 && t.v[1] == 350 && t.v[2] == 200, "round trip", NULL);

	s = mk(CR_SURVEY_CES, INT64_MAX / 100, INT64_MAX / 100 * 3, 100);
	cr_survey_state_encode(&s, buf);
	unit_ok(cr_survey_state_decode(buf, 26, CR_SURVEY_CES, &t) == CR_SURVEY_OK
			&& t.v[0] == s.v[0] && t.v[1] == s.v[1] && t.v[2] == 100, "round trip of large values", NULL);
	unit_ok(cr_survey_state_decode(buf, 26, CR_SURVEY_CSAT, &t) == CR_SURVEY_BAD_KIND, "wrong kind", NULL);
	unit_ok(cr_survey_state_decode(buf, 25, CR_SURVEY_CES, &t) == CR_SURVEY_BAD_LENGTH, "short", NULL);
	unit_ok(cr_survey_state_decode(buf, 27, CR_SURVEY_CES, &t) == CR_SURVEY_BAD_LENGTH, "long", NULL);
	unit_ok(cr_survey_state_decode(buf, 0, CR_SURVEY_CES, &t) == CR_SURVEY_BAD_LENGTH, "empty", NULL);
	buf[0] = 2;
	unit_ok(cr_survey_state_decode(buf, 26, CR_SURVEY_CES, &t) == CR_SURVEY_BAD_VERSION, "version 2", NULL);

	/* A negative slot decodes as negative (two's complement) and is rejected. */
	s = mk(CR_SURVEY_NPS, 1, 1, 1);
	cr_survey_state_encode(&s, buf);
	memset(buf + 10, 0xff, 8);
	unit_ok(cr_survey_state_decode(buf, 26, CR_SURVEY_NPS, &t) == CR_SURVEY_INVALID && t.v[1] == -1,
			"0xff..ff is -1, rejected", NULL);
	memset(buf + 10, 0, 8);
	buf[10] = 0x80;
	unit_ok(cr_survey_state_decode(buf, 26, CR_SURVEY_NPS, &t) == CR_SURVEY_INVALID
			&& t.v[1] == INT64_MIN, "0x80..00 is INT64_MIN, rejected", NULL);

	unit_ok(strcmp(cr_survey_strerror(CR_SURVEY_BAD_LENGTH), "it is not 26 bytes long") == 0,
			"strerror", NULL);
	unit_ok(strcmp(cr_survey_strerror(99), "unknown error") == 0, "strerror unknown", NULL);
}

int
main(void)
{
	test_nps();
	test_csat_ces();
	test_state_check();
	test_merge();
	test_bytes();
	return unit_finish();
}
