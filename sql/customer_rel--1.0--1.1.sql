-- customer_rel 1.0 -> 1.1: everything added after the 1.0 release (1.0's script is frozen).
-- A new CREATE EXTENSION runs customer_rel--1.0.sql and then this file; ALTER EXTENSION
-- customer_rel UPDATE runs this file alone. Same hygiene as the base script (it is trusted):
-- built-ins pg_catalog-qualified, operators written OPERATOR(pg_catalog.x), a COMMENT on every
-- object, every label stated.
\echo Use "ALTER EXTENSION customer_rel UPDATE TO '1.1'" to load this file. \quit

-- ===== Key-driver analysis (src/key_driver_sql.c, src/core/key_driver.c) =====

-- ===== Retention comparisons: log-rank test, sBG by group (src/km_sql.c, src/sbg_sql.c) =====

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

