-- Buy-till-you-die models, part 1: the shared state of the model-fitting aggregates, and the
-- BG/NBD, MBG/NBD and Gamma-Gamma models (src/fit_state.c, src/bgnbd_sql.c,
-- src/gamma_gamma_sql.c). Time is in the analyst's unit (weeks, say), the same for every
-- argument of a model: recency, t, horizons and period lengths.

-- ---------------------------------------------------------------------------------------------
-- Shared state of every fitting aggregate: a histogram of distinct input rows (internal).
CREATE FUNCTION customer_rel_fit_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'customer_rel_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION customer_rel_fit_combine(internal, internal) IS
    'combine function of the model-fitting aggregates: merges two histograms of distinct customers';

CREATE FUNCTION customer_rel_fit_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'customer_rel_fit_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION customer_rel_fit_serialize(internal) IS
    'serial function of the model-fitting aggregates (version byte, then the distinct rows and weights)';

CREATE FUNCTION customer_rel_fit_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'customer_rel_fit_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION customer_rel_fit_deserialize(bytea, internal) IS
    'deserial function of the model-fitting aggregates (checks version and lengths)';

-- ---------------------------------------------------------------------------------------------
-- BG/NBD (Fader, Hardie & Lee 2005) and MBG/NBD (Batislam, Denizel & Filiztekin 2007)

CREATE TYPE bgnbd_model AS (
    r          float8,
    alpha      float8,
    a          float8,
    b          float8,
    loglik     float8,
    n          float8,
    iterations integer,
    converged  boolean,
    se_r       float8,
    se_alpha   float8,
    se_a       float8,
    se_b       float8
);
COMMENT ON TYPE bgnbd_model IS
    'a fitted BG/NBD model: purchase rate ~ Gamma(r, alpha) (alpha in the time unit of the data), drop-out probability after each repeat purchase ~ Beta(a, b); log-likelihood, number of customers (total weight), optimiser iterations, convergence, standard errors';

CREATE TYPE mbgnbd_model AS (
    r          float8,
    alpha      float8,
    a          float8,
    b          float8,
    loglik     float8,
    n          float8,
    iterations integer,
    converged  boolean,
    se_r       float8,
    se_alpha   float8,
    se_a       float8,
    se_b       float8
);
COMMENT ON TYPE mbgnbd_model IS
    'a fitted MBG/NBD model: like BG/NBD, but the customer may also drop out right after the first purchase; same fields as bgnbd_model';

CREATE FUNCTION bgnbd_fit_trans(internal, float8, float8, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'bgnbd_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_trans(internal, float8, float8, float8) IS
    'transition function of bgnbd_fit and mbgnbd_fit: adds (frequency, recency, t) to the histogram';

CREATE FUNCTION bgnbd_fit_trans(internal, float8, float8, float8, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'bgnbd_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_trans(internal, float8, float8, float8, float8) IS
    'transition function of bgnbd_fit and mbgnbd_fit: adds (frequency, recency, t) with a weight to the histogram';

CREATE FUNCTION bgnbd_fit_final(internal) RETURNS bgnbd_model
    AS 'MODULE_PATHNAME', 'bgnbd_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_final(internal) IS
    'final function of bgnbd_fit: maximum-likelihood fit of BG/NBD on the histogram';

CREATE FUNCTION mbgnbd_fit_final(internal) RETURNS mbgnbd_model
    AS 'MODULE_PATHNAME', 'mbgnbd_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_fit_final(internal) IS
    'final function of mbgnbd_fit: maximum-likelihood fit of MBG/NBD on the histogram';

CREATE AGGREGATE bgnbd_fit(frequency float8, recency float8, t float8) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = bgnbd_fit_final,
    COMBINEFUNC = customer_rel_fit_combine,
    SERIALFUNC = customer_rel_fit_serialize, DESERIALFUNC = customer_rel_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8) IS
    'fits BG/NBD by maximum likelihood to customers (frequency = repeat purchases, recency = time of the last purchase since the first, t = time since the first purchase; recency and t in one time unit)';

CREATE AGGREGATE bgnbd_fit(frequency float8, recency float8, t float8, weight float8) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = bgnbd_fit_final,
    COMBINEFUNC = customer_rel_fit_combine,
    SERIALFUNC = customer_rel_fit_serialize, DESERIALFUNC = customer_rel_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8, float8) IS
    'fits BG/NBD by maximum likelihood to rows of (frequency, recency, t) each standing for weight customers';

CREATE AGGREGATE mbgnbd_fit(frequency float8, recency float8, t float8) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = mbgnbd_fit_final,
    COMBINEFUNC = customer_rel_fit_combine,
    SERIALFUNC = customer_rel_fit_serialize, DESERIALFUNC = customer_rel_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mbgnbd_fit(float8, float8, float8) IS
    'fits MBG/NBD by maximum likelihood to customers (frequency, recency, t as for bgnbd_fit)';

CREATE AGGREGATE mbgnbd_fit(frequency float8, recency float8, t float8, weight float8) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = mbgnbd_fit_final,
    COMBINEFUNC = customer_rel_fit_combine,
    SERIALFUNC = customer_rel_fit_serialize, DESERIALFUNC = customer_rel_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mbgnbd_fit(float8, float8, float8, float8) IS
    'fits MBG/NBD by maximum likelihood to rows of (frequency, recency, t) each standing for weight customers';
