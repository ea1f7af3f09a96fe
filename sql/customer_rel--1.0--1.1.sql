-- customer_rel 1.0 -> 1.1: everything added after the 1.0 release (1.0's script is frozen).
-- A new CREATE EXTENSION runs customer_rel--1.0.sql and then this file; ALTER EXTENSION
-- customer_rel UPDATE runs this file alone. Same hygiene as the base script (it is trusted):
-- built-ins pg_catalog-qualified, operators written OPERATOR(pg_catalog.x), a COMMENT on every
-- object, every label stated.
\echo Use "ALTER EXTENSION customer_rel UPDATE TO '1.1'" to load this file. \quit

-- ===== Key-driver analysis (src/key_driver_sql.c, src/core/key_driver.c) =====

CREATE TYPE cr_key_drivers AS (
    n                     int8,
    n_skipped             int8,
    n_dimensions          int4,
    r_squared             float8,
    lmg                   float8[],
    lmg_share             float8[],
    relative_weight       float8[],
    relative_weight_share float8[],
    std_beta              float8[],
    correlation           float8[],
    mean                  float8[],
    outcome_mean          float8,
    note                  text
);
COMMENT ON TYPE cr_key_drivers IS
'Key-driver analysis of an outcome on p dimension scores: R², each dimension''s LMG (Shapley) share of R² and Johnson''s relative weight, standardised betas, correlations and means (for the importance-performance grid); arrays in dimension order; NULL importances with a note when undefined';
COMMENT ON COLUMN cr_key_drivers.n IS 'complete rows used (count)';
COMMENT ON COLUMN cr_key_drivers.n_skipped IS 'rows left out for a NULL outcome, NULL array or NULL answer (count, listwise deletion)';
COMMENT ON COLUMN cr_key_drivers.n_dimensions IS 'dimensions p (count)';
COMMENT ON COLUMN cr_key_drivers.r_squared IS 'R² of the linear regression of the outcome on all dimensions (0-1)';
COMMENT ON COLUMN cr_key_drivers.lmg IS 'LMG: each dimension''s Shapley share of R², averaged over all orders of entry (in R² units; adds up to r_squared)';
COMMENT ON COLUMN cr_key_drivers.lmg_share IS 'lmg / r_squared (0-1; adds up to 1); NULL when r_squared is 0';
COMMENT ON COLUMN cr_key_drivers.relative_weight IS 'Johnson''s (2000) relative weight (in R² units; adds up to r_squared)';
COMMENT ON COLUMN cr_key_drivers.relative_weight_share IS 'relative_weight / r_squared (0-1; adds up to 1); NULL when r_squared is 0';
COMMENT ON COLUMN cr_key_drivers.std_beta IS 'standardised regression coefficient of each dimension (outcome standard deviations per dimension standard deviation, the others held fixed)';
COMMENT ON COLUMN cr_key_drivers.correlation IS 'Pearson correlation of each dimension with the outcome';
COMMENT ON COLUMN cr_key_drivers.mean IS 'mean score of each dimension over the complete rows (performance, in the dimensions'' own units)';
COMMENT ON COLUMN cr_key_drivers.outcome_mean IS 'mean outcome over the complete rows (in the outcome''s units)';
COMMENT ON COLUMN cr_key_drivers.note IS 'why the importances are NULL (too few rows, a constant outcome or dimension, collinear dimensions), else NULL';

CREATE FUNCTION key_drivers_trans(float8[], float8, float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'key_drivers_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION key_drivers_trans(float8[], float8, float8[]) IS
'transition function of key_drivers and key_drivers_state: [format 751, p, n, n_skipped, sums of (outcome, dimensions), sums of their products], sums as exact (hi, lo) pairs';

CREATE FUNCTION key_drivers_combine(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'key_drivers_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION key_drivers_combine(float8[], float8[]) IS
'combine function of key_drivers and key_drivers_state, transition function of key_drivers_merge (checks the states, adds the exact sums)';

CREATE FUNCTION key_drivers_final(float8[])
RETURNS cr_key_drivers
AS 'MODULE_PATHNAME', 'key_drivers_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION key_drivers_final(float8[]) IS
'final function of key_drivers and key_drivers_merge: LMG over all 2^p subsets, Johnson''s relative weights, standardised betas';

CREATE AGGREGATE key_drivers(outcome float8, dimensions float8[]) (
    SFUNC = key_drivers_trans,
    STYPE = float8[],
    FINALFUNC = key_drivers_final,
    COMBINEFUNC = key_drivers_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE key_drivers(float8, float8[]) IS
'key-driver analysis, one row per respondent: the share of the explained variance of outcome due to each of 1-20 dimension scores (LMG/Shapley and Johnson''s relative weights, with standardised betas and means); rows with a NULL are skipped and counted; NULL for no rows';

-- Sharded data: the float8[] state (constant size for p dimensions) is the portable state.
CREATE AGGREGATE key_drivers_state(outcome float8, dimensions float8[]) (
    SFUNC = key_drivers_trans,
    STYPE = float8[],
    COMBINEFUNC = key_drivers_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE key_drivers_state(float8, float8[]) IS
'the partial state of key_drivers (float8[]: format 751, p, n, n_skipped, exact sums and sums of products; the same rows give the same state in any order), to ship from a shard and finish with key_drivers_merge; NULL for no rows';

CREATE AGGREGATE key_drivers_merge(state float8[]) (
    SFUNC = key_drivers_combine,
    STYPE = float8[],
    FINALFUNC = key_drivers_final,
    COMBINEFUNC = key_drivers_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE key_drivers_merge(float8[]) IS
'key_drivers of all the rows behind key_drivers_state values (the exact sums added); equal to key_drivers over all their rows; NULL states are skipped';

CREATE FUNCTION key_drivers_dimensions(drivers cr_key_drivers, dimension_names text[] DEFAULT NULL,
    OUT dimension int4, OUT name text, OUT lmg float8, OUT lmg_share float8,
    OUT relative_weight float8, OUT relative_weight_share float8, OUT std_beta float8,
    OUT correlation float8, OUT mean float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'key_drivers_dimensions'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION key_drivers_dimensions(cr_key_drivers, text[]) IS
'one row per dimension of a key_drivers result (for BI tools and the importance-performance grid): its number, its name from dimension_names (NULL without), LMG and relative weight raw and as shares of R², standardised beta, correlation with the outcome and mean';

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
-- Time-invariant customer covariates as CLVTools specifies them (src/btyd_cov_sql.c,
-- src/core/btyd_cov.c): purchase covariates scale alpha_i = alpha exp(-gamma_purchase'z);
-- dropout covariates scale Pareto/NBD's beta_i = beta exp(-gamma_dropout'z), or BG/NBD's a and b
-- together, a_i = a exp(gamma_dropout'z), b_i = b exp(gamma_dropout'z).

CREATE TYPE cr_bgnbd_cov_model AS (
    r                  float8,
    alpha              float8,
    a                  float8,
    b                  float8,
    gamma_purchase     float8[],
    gamma_dropout      float8[],
    loglik             float8,
    n                  float8,
    iterations         integer,
    converged          boolean,
    se_r               float8,
    se_alpha           float8,
    se_a               float8,
    se_b               float8,
    se_gamma_purchase  float8[],
    se_gamma_dropout   float8[]
);
COMMENT ON TYPE cr_bgnbd_cov_model IS
    'a BG/NBD model with time-invariant covariates (CLVTools'' static-covariate BG/NBD): customer i has alpha_i = alpha exp(-gamma_purchase''z_purchase), a_i = a exp(gamma_dropout''z_dropout), b_i = b exp(gamma_dropout''z_dropout); log-likelihood, customers, iterations, convergence, standard errors';
COMMENT ON COLUMN cr_bgnbd_cov_model.r IS 'shape of the Gamma distribution of purchase rates (dimensionless)';
COMMENT ON COLUMN cr_bgnbd_cov_model.alpha IS 'scale of that Gamma distribution for a customer whose covariates are all 0 (time unit of recency and t)';
COMMENT ON COLUMN cr_bgnbd_cov_model.a IS 'first shape of the Beta distribution of the drop-out probability, for covariates 0 (dimensionless)';
COMMENT ON COLUMN cr_bgnbd_cov_model.b IS 'second shape of that Beta distribution, for covariates 0 (dimensionless)';
COMMENT ON COLUMN cr_bgnbd_cov_model.gamma_purchase IS 'effects of the purchase covariates: the mean purchase rate is multiplied by exp(gamma_purchase''z) (per unit of each covariate)';
COMMENT ON COLUMN cr_bgnbd_cov_model.gamma_dropout IS 'effects of the dropout covariates: a and b are both multiplied by exp(gamma_dropout''z), which keeps the mean drop-out probability a/(a+b) and scales its concentration (per unit of each covariate)';
COMMENT ON COLUMN cr_bgnbd_cov_model.loglik IS 'log-likelihood of the data at the estimate';
COMMENT ON COLUMN cr_bgnbd_cov_model.n IS 'customers fitted (count)';
COMMENT ON COLUMN cr_bgnbd_cov_model.iterations IS 'optimiser iterations (count)';
COMMENT ON COLUMN cr_bgnbd_cov_model.converged IS 'true when the optimiser reached an identified interior maximum; false comes with a WARNING saying why';
COMMENT ON COLUMN cr_bgnbd_cov_model.se_r IS 'asymptotic standard error of r (NULL when not identified)';
COMMENT ON COLUMN cr_bgnbd_cov_model.se_alpha IS 'asymptotic standard error of alpha (NULL when not identified)';
COMMENT ON COLUMN cr_bgnbd_cov_model.se_a IS 'asymptotic standard error of a (NULL when not identified)';
COMMENT ON COLUMN cr_bgnbd_cov_model.se_b IS 'asymptotic standard error of b (NULL when not identified)';
COMMENT ON COLUMN cr_bgnbd_cov_model.se_gamma_purchase IS 'asymptotic standard errors of gamma_purchase (NULL when not identified)';
COMMENT ON COLUMN cr_bgnbd_cov_model.se_gamma_dropout IS 'asymptotic standard errors of gamma_dropout (NULL when not identified)';

CREATE TYPE cr_pareto_nbd_cov_model AS (
    r                  float8,
    alpha              float8,
    s                  float8,
    beta               float8,
    gamma_purchase     float8[],
    gamma_dropout      float8[],
    loglik             float8,
    n                  float8,
    iterations         integer,
    converged          boolean,
    se_r               float8,
    se_alpha           float8,
    se_s               float8,
    se_beta            float8,
    se_gamma_purchase  float8[],
    se_gamma_dropout   float8[]
);
COMMENT ON TYPE cr_pareto_nbd_cov_model IS
    'a Pareto/NBD model with time-invariant covariates (CLVTools'' static-covariate Pareto/NBD): customer i has alpha_i = alpha exp(-gamma_purchase''z_purchase), beta_i = beta exp(-gamma_dropout''z_dropout); log-likelihood, customers, iterations, convergence, standard errors';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.r IS 'shape of the Gamma distribution of purchase rates (dimensionless)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.alpha IS 'scale of that Gamma distribution for a customer whose covariates are all 0 (time unit of recency and t)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.s IS 'shape of the Gamma distribution of dropout rates (dimensionless)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.beta IS 'scale of that Gamma distribution for a customer whose covariates are all 0 (time unit of recency and t)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.gamma_purchase IS 'effects of the purchase covariates: the mean purchase rate is multiplied by exp(gamma_purchase''z) (per unit of each covariate)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.gamma_dropout IS 'effects of the dropout covariates: the mean dropout rate is multiplied by exp(gamma_dropout''z) (per unit of each covariate)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.loglik IS 'log-likelihood of the data at the estimate';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.n IS 'customers fitted (count)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.iterations IS 'optimiser iterations (count)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.converged IS 'true when the optimiser reached an identified interior maximum; false comes with a WARNING saying why';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.se_r IS 'asymptotic standard error of r (NULL when not identified)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.se_alpha IS 'asymptotic standard error of alpha (NULL when not identified)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.se_s IS 'asymptotic standard error of s (NULL when not identified)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.se_beta IS 'asymptotic standard error of beta (NULL when not identified)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.se_gamma_purchase IS 'asymptotic standard errors of gamma_purchase (NULL when not identified)';
COMMENT ON COLUMN cr_pareto_nbd_cov_model.se_gamma_dropout IS 'asymptotic standard errors of gamma_dropout (NULL when not identified)';

-- One collecting state for both fits: every customer's (frequency, recency, t, covariates).
CREATE FUNCTION btyd_cov_fit_trans(internal, float8, float8, float8, float8[], float8[])
    RETURNS internal AS 'MODULE_PATHNAME', 'btyd_cov_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION btyd_cov_fit_trans(internal, float8, float8, float8, float8[], float8[]) IS
    'transition function of bgnbd_fit and pareto_nbd_fit with covariates: adds the customer (frequency, recency, t, purchase and dropout covariates)';

CREATE FUNCTION btyd_cov_fit_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'btyd_cov_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION btyd_cov_fit_combine(internal, internal) IS
    'combine function of the fits with covariates: appends the customers of two states';

CREATE FUNCTION btyd_cov_fit_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'btyd_cov_fit_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION btyd_cov_fit_serialize(internal) IS
    'serial function of the fits with covariates (version byte, covariate counts, rows)';

CREATE FUNCTION btyd_cov_fit_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'btyd_cov_fit_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION btyd_cov_fit_deserialize(bytea, internal) IS
    'deserial function of the fits with covariates (checks version and lengths)';

CREATE FUNCTION bgnbd_cov_fit_final(internal) RETURNS cr_bgnbd_cov_model
    AS 'MODULE_PATHNAME', 'bgnbd_cov_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_cov_fit_final(internal) IS
    'final function of bgnbd_fit with covariates: maximum-likelihood fit';

CREATE FUNCTION pareto_nbd_cov_fit_final(internal) RETURNS cr_pareto_nbd_cov_model
    AS 'MODULE_PATHNAME', 'pareto_nbd_cov_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_cov_fit_final(internal) IS
    'final function of pareto_nbd_fit with covariates: maximum-likelihood fit';

CREATE AGGREGATE bgnbd_fit(frequency float8, recency float8, t float8,
                           purchase_covariates float8[], dropout_covariates float8[]) (
    SFUNC = btyd_cov_fit_trans, STYPE = internal, FINALFUNC = bgnbd_cov_fit_final,
    COMBINEFUNC = btyd_cov_fit_combine,
    SERIALFUNC = btyd_cov_fit_serialize, DESERIALFUNC = btyd_cov_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8, float8[], float8[]) IS
    'fits BG/NBD with time-invariant covariates by maximum likelihood: per customer frequency, recency, t and two arrays of covariates (each of one length for all customers; ''{}'' for none) that act on the purchase rate and on the drop-out distribution';

CREATE AGGREGATE pareto_nbd_fit(frequency float8, recency float8, t float8,
                                purchase_covariates float8[], dropout_covariates float8[]) (
    SFUNC = btyd_cov_fit_trans, STYPE = internal, FINALFUNC = pareto_nbd_cov_fit_final,
    COMBINEFUNC = btyd_cov_fit_combine,
    SERIALFUNC = btyd_cov_fit_serialize, DESERIALFUNC = btyd_cov_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit(float8, float8, float8, float8[], float8[]) IS
    'fits Pareto/NBD with time-invariant covariates by maximum likelihood: per customer frequency, recency, t and two arrays of covariates (each of one length for all customers; ''{}'' for none) that act on the purchase rate and on the dropout rate';

CREATE FUNCTION bgnbd_p_alive(model cr_bgnbd_cov_model, frequency float8, recency float8,
                              t float8, purchase_covariates float8[], dropout_covariates float8[])
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_cov_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_p_alive(cr_bgnbd_cov_model, float8, float8, float8, float8[], float8[]) IS
    'probability that a customer with this history and these covariates is still active (BG/NBD with covariates: the plain P(alive) at the customer''s own alpha, a, b)';

CREATE FUNCTION bgnbd_expected_purchases(model cr_bgnbd_cov_model, horizon float8,
                                         frequency float8, recency float8, t float8,
                                         purchase_covariates float8[],
                                         dropout_covariates float8[])
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_cov_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_expected_purchases(cr_bgnbd_cov_model, float8, float8, float8, float8, float8[], float8[]) IS
    'expected purchases in the next horizon (time unit of recency and t) of a customer with this history and these covariates (BG/NBD with covariates)';

CREATE FUNCTION pareto_nbd_p_alive(model cr_pareto_nbd_cov_model, frequency float8,
                                   recency float8, t float8, purchase_covariates float8[],
                                   dropout_covariates float8[])
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_cov_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_p_alive(cr_pareto_nbd_cov_model, float8, float8, float8, float8[], float8[]) IS
    'probability that a customer with this history and these covariates is still alive at t (Pareto/NBD with covariates: the plain P(alive) at the customer''s own alpha and beta)';

CREATE FUNCTION pareto_nbd_expected_purchases(model cr_pareto_nbd_cov_model, horizon float8,
                                              frequency float8, recency float8, t float8,
                                              purchase_covariates float8[],
                                              dropout_covariates float8[])
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_cov_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_expected_purchases(cr_pareto_nbd_cov_model, float8, float8, float8, float8, float8[], float8[]) IS
    'expected purchases in the next horizon (time unit of recency and t) of a customer with this history and these covariates (Pareto/NBD with covariates)';


-- ===== Holdout validation and plotting data (issue 12: calibration/holdout, tracking, matrices) =====

-- ===== Diagnostics and prediction intervals (issue 12: covariance, AIC/BIC, per-customer fit, intervals) =====

-- ===== Newton-step statistics: fits whose state does not grow with the data (issue 15) =====

-- Constant-size states (float8[] of 38: model tag, the parameters evaluated at, rows, weight,
-- log-likelihood, gradient and Hessian in log parameters as exact sums), so parallel workers
-- and Citus workers do all the summing; one scan per Newton step (src/newton_stats_sql.c).

CREATE TYPE cr_newton_stats AS (
    model    text,
    params   float8[],
    rows     bigint,
    weight   float8,
    loglik   float8,
    gradient float8[],
    hessian  float8[]
);
COMMENT ON TYPE cr_newton_stats IS
    'Newton-step statistics read out: the model, the parameters they were taken at, the rows and total weight summed, and the log-likelihood with its gradient and Hessian in the log parameters';
COMMENT ON COLUMN cr_newton_stats.model IS 'bgnbd or pareto_nbd';
COMMENT ON COLUMN cr_newton_stats.params IS 'the parameters the statistics were taken at (r, alpha, a, b or r, alpha, s, beta)';
COMMENT ON COLUMN cr_newton_stats.rows IS 'rows summed (count)';
COMMENT ON COLUMN cr_newton_stats.weight IS 'customers summed (total weight; count)';
COMMENT ON COLUMN cr_newton_stats.loglik IS 'log-likelihood of the data at params';
COMMENT ON COLUMN cr_newton_stats.gradient IS 'its gradient in log(params), 4 values (0 at the maximum)';
COMMENT ON COLUMN cr_newton_stats.hessian IS 'its Hessian in log(params), a 4x4 array (negative definite at an identified maximum)';

CREATE FUNCTION bgnbd_newton_stats_trans(float8[], float8, float8, float8, cr_bgnbd_model)
    RETURNS float8[] AS 'MODULE_PATHNAME', 'bgnbd_newton_stats_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_newton_stats_trans(float8[], float8, float8, float8, cr_bgnbd_model) IS
    'transition function of bgnbd_newton_stats: adds a customer''s log-likelihood, gradient and Hessian at the model';

CREATE FUNCTION bgnbd_newton_stats_trans(float8[], float8, float8, float8, float8, cr_bgnbd_model)
    RETURNS float8[] AS 'MODULE_PATHNAME', 'bgnbd_newton_stats_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_newton_stats_trans(float8[], float8, float8, float8, float8, cr_bgnbd_model) IS
    'transition function of bgnbd_newton_stats: adds weight customers'' log-likelihood, gradient and Hessian at the model';

CREATE FUNCTION pareto_nbd_newton_stats_trans(float8[], float8, float8, float8, cr_pareto_nbd_model)
    RETURNS float8[] AS 'MODULE_PATHNAME', 'pareto_nbd_newton_stats_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_newton_stats_trans(float8[], float8, float8, float8, cr_pareto_nbd_model) IS
    'transition function of pareto_nbd_newton_stats: adds a customer''s log-likelihood, gradient and Hessian at the model';

CREATE FUNCTION pareto_nbd_newton_stats_trans(float8[], float8, float8, float8, float8, cr_pareto_nbd_model)
    RETURNS float8[] AS 'MODULE_PATHNAME', 'pareto_nbd_newton_stats_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_newton_stats_trans(float8[], float8, float8, float8, float8, cr_pareto_nbd_model) IS
    'transition function of pareto_nbd_newton_stats: adds weight customers'' log-likelihood, gradient and Hessian at the model';

CREATE FUNCTION newton_stats_combine(float8[], float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'newton_stats_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION newton_stats_combine(float8[], float8[]) IS
    'combine function of bgnbd_newton_stats and pareto_nbd_newton_stats: adds two partial states taken at the same parameters';

CREATE AGGREGATE bgnbd_newton_stats(frequency float8, recency float8, t float8, model cr_bgnbd_model) (
    SFUNC = bgnbd_newton_stats_trans, STYPE = float8[],
    COMBINEFUNC = newton_stats_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_newton_stats(float8, float8, float8, cr_bgnbd_model) IS
    'Newton-step statistics of BG/NBD at the model''s parameters (a float8[] of 38 whatever the number of customers: log-likelihood, gradient and Hessian in the log parameters as exact sums); bgnbd_newton_step takes the step; NULL for no rows';

CREATE AGGREGATE bgnbd_newton_stats(frequency float8, recency float8, t float8, weight float8, model cr_bgnbd_model) (
    SFUNC = bgnbd_newton_stats_trans, STYPE = float8[],
    COMBINEFUNC = newton_stats_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_newton_stats(float8, float8, float8, float8, cr_bgnbd_model) IS
    'Newton-step statistics of BG/NBD at the model''s parameters over rows of (frequency, recency, t) each standing for weight customers';

CREATE AGGREGATE pareto_nbd_newton_stats(frequency float8, recency float8, t float8, model cr_pareto_nbd_model) (
    SFUNC = pareto_nbd_newton_stats_trans, STYPE = float8[],
    COMBINEFUNC = newton_stats_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_newton_stats(float8, float8, float8, cr_pareto_nbd_model) IS
    'Newton-step statistics of Pareto/NBD at the model''s parameters (a float8[] of 38: log-likelihood, analytic gradient, Hessian by central differences of the gradient, in the log parameters, as exact sums); pareto_nbd_newton_step takes the step; NULL for no rows';

CREATE AGGREGATE pareto_nbd_newton_stats(frequency float8, recency float8, t float8, weight float8, model cr_pareto_nbd_model) (
    SFUNC = pareto_nbd_newton_stats_trans, STYPE = float8[],
    COMBINEFUNC = newton_stats_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_newton_stats(float8, float8, float8, float8, cr_pareto_nbd_model) IS
    'Newton-step statistics of Pareto/NBD at the model''s parameters over rows of (frequency, recency, t) each standing for weight customers';

CREATE FUNCTION bgnbd_newton_step(model cr_bgnbd_model, stats float8[], step_scale float8 DEFAULT 1)
    RETURNS cr_bgnbd_model AS 'MODULE_PATHNAME', 'bgnbd_newton_step'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_newton_step(cr_bgnbd_model, float8[], float8) IS
    'one damped Newton step of the BG/NBD fit from statistics taken at the model (times step_scale in (0, 1]): the next model, or the model itself with converged = true and standard errors when its gradient passes bgnbd_fit''s convergence test; loglik is that of the model passed';

CREATE FUNCTION pareto_nbd_newton_step(model cr_pareto_nbd_model, stats float8[], step_scale float8 DEFAULT 1)
    RETURNS cr_pareto_nbd_model AS 'MODULE_PATHNAME', 'pareto_nbd_newton_step'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_newton_step(cr_pareto_nbd_model, float8[], float8) IS
    'one damped Newton step of the Pareto/NBD fit from statistics taken at the model (times step_scale in (0, 1]): the next model, or the model itself with converged = true and standard errors when its gradient passes pareto_nbd_fit''s convergence test; loglik is that of the model passed';

CREATE FUNCTION newton_stats(stats float8[]) RETURNS cr_newton_stats
    AS 'MODULE_PATHNAME', 'newton_stats_read'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION newton_stats(float8[]) IS
    'Newton-step statistics read out: model, parameters, rows, weight, log-likelihood, gradient and Hessian in the log parameters';

