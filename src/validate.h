/*
 * validate.h — argument checks shared by every SQL family. Each raises an ERROR with the
 * documented SQLSTATE and a message that names the argument and the value (PostgreSQL message
 * style: lowercase primary message, no period; detail and hint are full sentences).
 *
 *   22023 invalid_parameter_value      NaN/infinite, negative where not allowed, bad option
 *   22003 numeric_value_out_of_range   a score outside its scale, overflow
 *   22004 null_value_not_allowed       a NULL inside an array
 *   2202E array_subscript_error        arrays of different lengths
 */
#ifndef CUSTOMER_REL_VALIDATE_H
#define CUSTOMER_REL_VALIDATE_H

#include "postgres.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/array.h"

/* 22023 unless v is a finite number. */
extern void cr_require_finite(double v, const char *what);
/* 22023 unless v is finite and > 0 (or >= 0). */
extern void cr_require_positive(double v, const char *what);
extern void cr_require_nonnegative(double v, const char *what);
/* 22003 unless lo <= v <= hi (v finite, else 22023). */
extern void cr_require_range(double v, double lo, double hi, const char *what);
extern void cr_require_int_range(int64 v, int64 lo, int64 hi, const char *what);
/* 22023 unless lo < v < hi (open interval, e.g. a probability strictly inside (0,1)). */
extern void cr_require_open_range(double v, double lo, double hi, const char *what);

/*
 * A 1-D float8[] without NULLs (22004) and with finite elements (22023) as a palloc'd C array;
 * *n receives the length. An empty array gives n = 0.
 */
extern double *cr_float8_array(ArrayType *arr, int *n, const char *what);

/* A zeroed one-dimensional float8[] of n elements (an aggregate's state), in the current context. */
extern ArrayType *cr_float8_array_zeroed(int n);

/*
 * float8[] results, in the current context: the n values as a one-dimensional array ('{}' when
 * n is 0), and k*k row-major values as a k x k two-dimensional array.
 */
extern ArrayType *cr_float8_array_make(const double *v, int n);
extern ArrayType *cr_float8_matrix_make(const double *v, int k);

/* 2202E unless two array lengths agree. */
extern void cr_require_same_length(int n_expected, int n_actual, const char *what);

/*
 * An interval as a length of time in seconds (months count 30 days, as in interval
 * arithmetic's justify_days); 22023 unless it is > 0.
 */
extern double cr_interval_seconds(const Interval *iv, const char *what);

/* A length of time given in days as an interval of whole days and microseconds (no months). */
extern Interval *cr_days_interval(double days);

/*
 * The aggregate memory context of an aggregate support function (transition, combine, final,
 * serial functions). Such a function called on its own from SQL gets 0A000, not an internal
 * error: it is reachable, so it is a user-facing failure (CONVENTIONS §6).
 */
extern MemoryContext cr_aggregate_context(FunctionCallInfo fcinfo);

#endif							/* CUSTOMER_REL_VALIDATE_H */
