/*
 * unit.h — the smallest test harness that does the job: each check prints one TAP line
 * ("ok N - name" / "not ok N - name: detail"); test/run_tests.sh counts them. main() returns
 * unit_finish(), non-zero when any check failed.
 */
#ifndef CR_UNIT_H
#define CR_UNIT_H

#include <math.h>
#include <stdio.h>

static int	unit_count = 0;
static int	unit_failed = 0;

static void
unit_ok(int cond, const char *name, const char *detail)
{
	unit_count++;
	if (cond)
		printf("ok %d - %s\n", unit_count, name);
	else
	{
		unit_failed++;
		printf("not ok %d - %s: %s\n", unit_count, name, detail ? detail : "");
	}
}

/* |actual - expected| <= tol (absolute); NaN never passes. */
static void
unit_close(double actual, double expected, double tol, const char *name)
{
	char		buf[160];

	snprintf(buf, sizeof(buf), "got %.10g, expected %.10g (tolerance %g)", actual, expected, tol);
	unit_ok(isfinite(actual) && fabs(actual - expected) <= tol, name, buf);
}

/* Relative closeness: |actual - expected| <= rtol * |expected|. */
static void
unit_rel_close(double actual, double expected, double rtol, const char *name)
{
	char		buf[160];

	snprintf(buf, sizeof(buf), "got %.12g, expected %.12g (relative tolerance %g)", actual, expected, rtol);
	unit_ok(isfinite(actual) && fabs(actual - expected) <= rtol * fabs(expected), name, buf);
}

static int
unit_finish(void)
{
	printf("# %d checks, %d failed\n", unit_count, unit_failed);
	return unit_failed != 0;
}

#endif							/* CR_UNIT_H */
