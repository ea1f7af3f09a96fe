-- customer_rel 1.0 -> 1.1: everything added after the 1.0 release (1.0's script is frozen).
-- A new CREATE EXTENSION runs customer_rel--1.0.sql and then this file; ALTER EXTENSION
-- customer_rel UPDATE runs this file alone. Same hygiene as the base script (it is trusted):
-- built-ins pg_catalog-qualified, operators written OPERATOR(pg_catalog.x), a COMMENT on every
-- object, every label stated.
\echo Use "ALTER EXTENSION customer_rel UPDATE TO '1.1'" to load this file. \quit

-- ===== Key-driver analysis (src/key_driver_sql.c, src/core/key_driver.c) =====

-- ===== Retention comparisons: log-rank test, sBG by group (src/km_sql.c, src/sbg_sql.c) =====
-- (the log-rank test itself: src/logrank_sql.c, src/core/logrank.c)

-- ---------------------------------------------------------------- log-rank test
CREATE TYPE cr_logrank_test AS (
    chi_square float8,
    df         int4,
    p_value    float8,
    n_groups   int4,
    n_strata   int4,
    groups     text[],
    n          int8[],
    observed   int8[],
    expected   float8[],
    variance   float8[]
);
COMMENT ON TYPE cr_logrank_test IS
    'a log-rank test of equal survival across groups (Mantel 1966; stratified: sums over strata), the numbers of R''s survival::survdiff: chi-square, degrees of freedom, p-value, and per group (sorted byte-wise) subjects, observed and expected events and the variance of O - E';
COMMENT ON COLUMN cr_logrank_test.chi_square IS 'log-rank statistic (O - E)'' V^- (O - E) (dimensionless; NULL when df = 0)';
COMMENT ON COLUMN cr_logrank_test.df IS 'degrees of freedom: the rank of V, groups - 1 when every group was at risk at some event; 0 when no event time had two groups at risk (nothing to test)';
COMMENT ON COLUMN cr_logrank_test.p_value IS 'P(chi-square(df) >= chi_square), the upper tail (probability; NULL when df = 0)';
COMMENT ON COLUMN cr_logrank_test.n_groups IS 'distinct groups compared (count)';
COMMENT ON COLUMN cr_logrank_test.n_strata IS 'distinct strata summed over (count; 1 without strata)';
COMMENT ON COLUMN cr_logrank_test.groups IS 'the group labels, in byte order (the order of the arrays below)';
COMMENT ON COLUMN cr_logrank_test.n IS 'subjects per group (count)';
COMMENT ON COLUMN cr_logrank_test.observed IS 'observed events per group, O (count)';
COMMENT ON COLUMN cr_logrank_test.expected IS 'expected events per group under equal survival, E (events)';
COMMENT ON COLUMN cr_logrank_test.variance IS 'variance of O - E per group, the diagonal of V (events squared)';

CREATE FUNCTION logrank_test_trans(internal, float8, bool, text) RETURNS internal
    AS 'MODULE_PATHNAME', 'logrank_test_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION logrank_test_trans(internal, float8, bool, text) IS
    'transition function of logrank_test(float8, bool, text)';
CREATE FUNCTION logrank_test_trans(internal, float8, bool, text, text) RETURNS internal
    AS 'MODULE_PATHNAME', 'logrank_test_strata_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION logrank_test_trans(internal, float8, bool, text, text) IS
    'transition function of logrank_test(float8, bool, text, text)';
CREATE FUNCTION km_logrank_trans(internal, text, cr_km_curve) RETURNS internal
    AS 'MODULE_PATHNAME', 'km_logrank_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION km_logrank_trans(internal, text, cr_km_curve) IS
    'transition function of km_logrank(text, cr_km_curve)';
CREATE FUNCTION km_logrank_trans(internal, text, text, cr_km_curve) RETURNS internal
    AS 'MODULE_PATHNAME', 'km_logrank_strata_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION km_logrank_trans(internal, text, text, cr_km_curve) IS
    'transition function of km_logrank(text, text, cr_km_curve)';
CREATE FUNCTION logrank_test_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'logrank_test_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION logrank_test_combine(internal, internal) IS
    'combine function of logrank_test and km_logrank';
CREATE FUNCTION logrank_test_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'logrank_test_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION logrank_test_serialize(internal) IS
    'serialization function of logrank_test and km_logrank';
CREATE FUNCTION logrank_test_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'logrank_test_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION logrank_test_deserialize(bytea, internal) IS
    'deserialization function of logrank_test and km_logrank';
CREATE FUNCTION logrank_test_final(internal) RETURNS cr_logrank_test
    AS 'MODULE_PATHNAME', 'logrank_test_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION logrank_test_final(internal) IS
    'final function of logrank_test and km_logrank';

CREATE AGGREGATE logrank_test(duration float8, event bool, grp text) (
    SFUNC = logrank_test_trans, STYPE = internal, FINALFUNC = logrank_test_final,
    COMBINEFUNC = logrank_test_combine,
    SERIALFUNC = logrank_test_serialize, DESERIALFUNC = logrank_test_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE logrank_test(float8, bool, text) IS
    'log-rank test that the survival of the groups grp is the same: durations >= 0 (any unit), event = true for an observed event, false for censored; rows with a NULL are ignored; at least two groups';

CREATE AGGREGATE logrank_test(duration float8, event bool, grp text, stratum text) (
    SFUNC = logrank_test_trans, STYPE = internal, FINALFUNC = logrank_test_final,
    COMBINEFUNC = logrank_test_combine,
    SERIALFUNC = logrank_test_serialize, DESERIALFUNC = logrank_test_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE logrank_test(float8, bool, text, text) IS
    'stratified log-rank test: observed, expected and variance computed within each stratum and summed (a stratum with a single group adds nothing to the statistic); rows with a NULL are ignored';

CREATE AGGREGATE km_logrank(grp text, curve cr_km_curve) (
    SFUNC = km_logrank_trans, STYPE = internal, FINALFUNC = logrank_test_final,
    COMBINEFUNC = logrank_test_combine,
    SERIALFUNC = logrank_test_serialize, DESERIALFUNC = logrank_test_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE km_logrank(text, cr_km_curve) IS
    'log-rank test over stored Kaplan-Meier life tables, one or more per group (curves of the same group are merged): the same result as logrank_test over the subjects behind them';

CREATE AGGREGATE km_logrank(grp text, stratum text, curve cr_km_curve) (
    SFUNC = km_logrank_trans, STYPE = internal, FINALFUNC = logrank_test_final,
    COMBINEFUNC = logrank_test_combine,
    SERIALFUNC = logrank_test_serialize, DESERIALFUNC = logrank_test_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE km_logrank(text, text, cr_km_curve) IS
    'stratified log-rank test over stored Kaplan-Meier life tables per (group, stratum): the same result as logrank_test(duration, event, grp, stratum) over the subjects behind them';

-- ---------------------------------------------------------------- sBG by group
CREATE TYPE cr_sbg_comparison AS (
    lr_statistic    float8,
    df              int4,
    p_value         float8,
    loglik_separate float8,
    loglik_pooled   float8,
    n_groups        int4,
    groups          text[],
    models          cr_sbg_model[],
    pooled          cr_sbg_model
);
COMMENT ON TYPE cr_sbg_comparison IS
    'sBG models fitted per group and pooled, with the likelihood-ratio test that the groups share one retention process (alpha, beta)';
COMMENT ON COLUMN cr_sbg_comparison.lr_statistic IS 'likelihood-ratio statistic 2 (loglik_separate - loglik_pooled) (dimensionless; NULL when a fit has no likelihood)';
COMMENT ON COLUMN cr_sbg_comparison.df IS 'degrees of freedom: 2 (groups - 1), two parameters per extra group';
COMMENT ON COLUMN cr_sbg_comparison.p_value IS 'P(chi-square(df) >= lr_statistic), the asymptotic p-value of "same retention" (probability)';
COMMENT ON COLUMN cr_sbg_comparison.loglik_separate IS 'sum of the groups'' maximised log-likelihoods';
COMMENT ON COLUMN cr_sbg_comparison.loglik_pooled IS 'maximised log-likelihood of all cohorts with one (alpha, beta)';
COMMENT ON COLUMN cr_sbg_comparison.n_groups IS 'distinct groups compared (count)';
COMMENT ON COLUMN cr_sbg_comparison.groups IS 'the group labels, in byte order (the order of models)';
COMMENT ON COLUMN cr_sbg_comparison.models IS 'the sBG model of each group''s cohorts (n = customers at period 0, n_periods = its longest cohort''s)';
COMMENT ON COLUMN cr_sbg_comparison.pooled IS 'the sBG model of all cohorts together';

CREATE FUNCTION sbg_compare_trans(internal, text, float8[]) RETURNS internal
    AS 'MODULE_PATHNAME', 'sbg_compare_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_compare_trans(internal, text, float8[]) IS
    'transition function of sbg_compare(text, float8[])';
CREATE FUNCTION sbg_compare_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'sbg_compare_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_compare_combine(internal, internal) IS
    'combine function of sbg_compare(text, float8[])';
CREATE FUNCTION sbg_compare_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'sbg_compare_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_compare_serialize(internal) IS
    'serialization function of sbg_compare(text, float8[])';
CREATE FUNCTION sbg_compare_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'sbg_compare_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_compare_deserialize(bytea, internal) IS
    'deserialization function of sbg_compare(text, float8[])';
CREATE FUNCTION sbg_compare_final(internal) RETURNS cr_sbg_comparison
    AS 'MODULE_PATHNAME', 'sbg_compare_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_compare_final(internal) IS
    'final function of sbg_compare(text, float8[])';

CREATE AGGREGATE sbg_compare(grp text, survivors float8[]) (
    SFUNC = sbg_compare_trans, STYPE = internal, FINALFUNC = sbg_compare_final,
    COMBINEFUNC = sbg_compare_combine,
    SERIALFUNC = sbg_compare_serialize, DESERIALFUNC = sbg_compare_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE sbg_compare(text, float8[]) IS
    'fits the sBG model to each group''s cohorts (one row per cohort: survivors per period, first element the cohort size; cohorts may differ in length) and to all of them pooled, and tests "same retention" by the likelihood ratio (chi-square, 2 (groups - 1) df); rows with a NULL or an empty array are ignored; at least two groups';

-- ===== Covariates in BG/NBD and Pareto/NBD =====

