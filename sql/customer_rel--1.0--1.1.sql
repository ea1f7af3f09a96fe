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

-- ===== Covariates in BG/NBD and Pareto/NBD =====

