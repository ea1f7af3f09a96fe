-- Buy-till-you-die models, part 1: the shared state of the model-fitting aggregates, and the
-- BG/NBD, MBG/NBD and Gamma-Gamma models (src/fit_state.c, src/bgnbd_sql.c,
-- src/gamma_gamma_sql.c). Time is in the analyst's unit (weeks, say), the same for every
-- argument of a model: recency, t, horizons and period lengths.

-- ---------------------------------------------------------------------------------------------
-- Shared state of every fitting aggregate: a histogram of distinct input rows (internal).
CREATE FUNCTION btyd_fit_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'btyd_fit_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION btyd_fit_combine(internal, internal) IS
    'combine function of the model-fitting aggregates: merges two histograms of distinct customers';

CREATE FUNCTION btyd_fit_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'btyd_fit_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION btyd_fit_serialize(internal) IS
    'serial function of the model-fitting aggregates (version byte, then the distinct rows and weights)';

CREATE FUNCTION btyd_fit_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'btyd_fit_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION btyd_fit_deserialize(bytea, internal) IS
    'deserial function of the model-fitting aggregates (checks version and lengths)';

-- ---------------------------------------------------------------------------------------------
-- BG/NBD (Fader, Hardie & Lee 2005) and MBG/NBD (Batislam, Denizel & Filiztekin 2007)

CREATE TYPE cr_bgnbd_model AS (
    r          float8,
    alpha      float8,
    a          float8,
    b          float8,
    unit       interval,
    loglik     float8,
    n          float8,
    iterations integer,
    converged  boolean,
    se_r       float8,
    se_alpha   float8,
    se_a       float8,
    se_b       float8
);
COMMENT ON TYPE cr_bgnbd_model IS
    'a fitted BG/NBD model (Fader, Hardie & Lee 2005): purchase rate ~ Gamma(r, alpha), drop-out probability after each repeat purchase ~ Beta(a, b); its time unit; log-likelihood, customers, iterations, convergence, standard errors';
COMMENT ON COLUMN cr_bgnbd_model.r IS 'shape of the Gamma distribution of purchase rates across customers (dimensionless)';
COMMENT ON COLUMN cr_bgnbd_model.alpha IS 'scale of the Gamma distribution of purchase rates (in the time unit: mean rate r / alpha purchases per unit)';
COMMENT ON COLUMN cr_bgnbd_model.a IS 'first shape of the Beta distribution of the drop-out probability after each repeat purchase (dimensionless)';
COMMENT ON COLUMN cr_bgnbd_model.b IS 'second shape of that Beta distribution (dimensionless)';
COMMENT ON COLUMN cr_bgnbd_model.unit IS 'the time unit of alpha (and of recency, t and horizons scored against the model), recorded when the model was fitted to cr_rfm summaries or built with one; NULL = not known (interval)';
COMMENT ON COLUMN cr_bgnbd_model.loglik IS 'log-likelihood of the data at the estimate (NULL for a model built by hand)';
COMMENT ON COLUMN cr_bgnbd_model.n IS 'customers fitted (total weight; count)';
COMMENT ON COLUMN cr_bgnbd_model.iterations IS 'optimiser iterations (count)';
COMMENT ON COLUMN cr_bgnbd_model.converged IS 'true when the optimiser reached an interior maximum; false comes with a WARNING saying why';
COMMENT ON COLUMN cr_bgnbd_model.se_r IS 'asymptotic standard error of r (from the Hessian; NULL when not identified), in the unit of r';
COMMENT ON COLUMN cr_bgnbd_model.se_alpha IS 'asymptotic standard error of alpha (from the Hessian; NULL when not identified), in the unit of alpha';
COMMENT ON COLUMN cr_bgnbd_model.se_a IS 'asymptotic standard error of a (from the Hessian; NULL when not identified), in the unit of a';
COMMENT ON COLUMN cr_bgnbd_model.se_b IS 'asymptotic standard error of b (from the Hessian; NULL when not identified), in the unit of b';

CREATE TYPE cr_mbgnbd_model AS (
    r          float8,
    alpha      float8,
    a          float8,
    b          float8,
    unit       interval,
    loglik     float8,
    n          float8,
    iterations integer,
    converged  boolean,
    se_r       float8,
    se_alpha   float8,
    se_a       float8,
    se_b       float8
);
COMMENT ON TYPE cr_mbgnbd_model IS
    'a fitted MBG/NBD model (Batislam, Denizel & Filiztekin 2007): like BG/NBD, but the customer may also drop out right after the first purchase; same fields as cr_bgnbd_model';
COMMENT ON COLUMN cr_mbgnbd_model.r IS 'shape of the Gamma distribution of purchase rates across customers (dimensionless)';
COMMENT ON COLUMN cr_mbgnbd_model.alpha IS 'scale of the Gamma distribution of purchase rates (in the time unit: mean rate r / alpha purchases per unit)';
COMMENT ON COLUMN cr_mbgnbd_model.a IS 'first shape of the Beta distribution of the drop-out probability after each repeat purchase (dimensionless)';
COMMENT ON COLUMN cr_mbgnbd_model.b IS 'second shape of that Beta distribution (dimensionless)';
COMMENT ON COLUMN cr_mbgnbd_model.unit IS 'the time unit of alpha (and of recency, t and horizons scored against the model), recorded when the model was fitted to cr_rfm summaries or built with one; NULL = not known (interval)';
COMMENT ON COLUMN cr_mbgnbd_model.loglik IS 'log-likelihood of the data at the estimate (NULL for a model built by hand)';
COMMENT ON COLUMN cr_mbgnbd_model.n IS 'customers fitted (total weight; count)';
COMMENT ON COLUMN cr_mbgnbd_model.iterations IS 'optimiser iterations (count)';
COMMENT ON COLUMN cr_mbgnbd_model.converged IS 'true when the optimiser reached an interior maximum; false comes with a WARNING saying why';
COMMENT ON COLUMN cr_mbgnbd_model.se_r IS 'asymptotic standard error of r (from the Hessian; NULL when not identified), in the unit of r';
COMMENT ON COLUMN cr_mbgnbd_model.se_alpha IS 'asymptotic standard error of alpha (from the Hessian; NULL when not identified), in the unit of alpha';
COMMENT ON COLUMN cr_mbgnbd_model.se_a IS 'asymptotic standard error of a (from the Hessian; NULL when not identified), in the unit of a';
COMMENT ON COLUMN cr_mbgnbd_model.se_b IS 'asymptotic standard error of b (from the Hessian; NULL when not identified), in the unit of b';

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

CREATE FUNCTION bgnbd_fit_trans(internal, cr_rfm) RETURNS internal
    AS 'MODULE_PATHNAME', 'bgnbd_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_trans(internal, cr_rfm) IS
    'transition function of bgnbd_fit and mbgnbd_fit over cr_rfm summaries: adds (frequency, recency, t) and records the summaries'' time unit';

CREATE FUNCTION bgnbd_fit_final(internal) RETURNS cr_bgnbd_model
    AS 'MODULE_PATHNAME', 'bgnbd_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_final(internal) IS
    'final function of bgnbd_fit: maximum-likelihood fit of BG/NBD on the histogram';

CREATE FUNCTION mbgnbd_fit_final(internal) RETURNS cr_mbgnbd_model
    AS 'MODULE_PATHNAME', 'mbgnbd_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_fit_final(internal) IS
    'final function of mbgnbd_fit: maximum-likelihood fit of MBG/NBD on the histogram';

CREATE AGGREGATE bgnbd_fit(frequency float8, recency float8, t float8) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = bgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8) IS
    'fits BG/NBD by maximum likelihood to customers (frequency = repeat purchases, recency = time of the last purchase since the first, t = time since the first purchase; recency and t in one time unit)';

CREATE AGGREGATE bgnbd_fit(frequency float8, recency float8, t float8, weight float8) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = bgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8, float8) IS
    'fits BG/NBD by maximum likelihood to rows of (frequency, recency, t) each standing for weight customers';

CREATE AGGREGATE bgnbd_fit(summary cr_rfm) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = bgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit(cr_rfm) IS
    'fits BG/NBD by maximum likelihood to customers'' rfm_summary results; the model records their time unit (all summaries must share it), so scoring converts horizons and summaries given in other units';

CREATE AGGREGATE mbgnbd_fit(frequency float8, recency float8, t float8) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = mbgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mbgnbd_fit(float8, float8, float8) IS
    'fits MBG/NBD by maximum likelihood to customers (frequency, recency, t as for bgnbd_fit)';

CREATE AGGREGATE mbgnbd_fit(frequency float8, recency float8, t float8, weight float8) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = mbgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mbgnbd_fit(float8, float8, float8, float8) IS
    'fits MBG/NBD by maximum likelihood to rows of (frequency, recency, t) each standing for weight customers';

CREATE AGGREGATE mbgnbd_fit(summary cr_rfm) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = mbgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mbgnbd_fit(cr_rfm) IS
    'fits MBG/NBD to customers'' rfm_summary results; the model records their time unit';

-- Sharded data (postgres_fdw, see README "Scaling out"): each shard returns one
-- bgnbd_fit_state(...) → bytea, the coordinator fits with bgnbd_fit_merge(bytea). BG/NBD and
-- MBG/NBD share the transition, so their states are of one kind and either merge takes either.
CREATE FUNCTION bgnbd_fit_state_final(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'bgnbd_fit_state_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_state_final(internal) IS
    'final function of bgnbd_fit_state and mbgnbd_fit_state: the histogram as a portable state (version byte, kind byte ''B'', columns, rows), NULL when there are no customers';

CREATE FUNCTION bgnbd_fit_merge_trans(internal, bytea) RETURNS internal
    AS 'MODULE_PATHNAME', 'bgnbd_fit_merge_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_merge_trans(internal, bytea) IS
    'transition function of bgnbd_fit_merge and mbgnbd_fit_merge: checks a state made by bgnbd_fit_state or mbgnbd_fit_state, row by row, and adds it to the histogram';

CREATE AGGREGATE bgnbd_fit_state(frequency float8, recency float8, t float8) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = bgnbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit_state(float8, float8, float8) IS
    'the histogram of customers (frequency, recency, t) that bgnbd_fit would fit, as a portable bytea state to ship from a shard and fit with bgnbd_fit_merge; NULL for no customers';

CREATE AGGREGATE bgnbd_fit_state(frequency float8, recency float8, t float8, weight float8) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = bgnbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit_state(float8, float8, float8, float8) IS
    'the weighted histogram of customers that bgnbd_fit would fit, as a portable bytea state for bgnbd_fit_merge; NULL for no customers';

CREATE AGGREGATE bgnbd_fit_state(summary cr_rfm) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = bgnbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit_state(cr_rfm) IS
    'the histogram of customers'' summaries that bgnbd_fit(summary) would fit, with their time unit, as a portable bytea state for bgnbd_fit_merge; NULL for no customers';

CREATE AGGREGATE mbgnbd_fit_state(frequency float8, recency float8, t float8) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = bgnbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mbgnbd_fit_state(float8, float8, float8) IS
    'the histogram of customers that mbgnbd_fit would fit, as a portable bytea state for mbgnbd_fit_merge (the same state as bgnbd_fit_state); NULL for no customers';

CREATE AGGREGATE mbgnbd_fit_state(frequency float8, recency float8, t float8, weight float8) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = bgnbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mbgnbd_fit_state(float8, float8, float8, float8) IS
    'the weighted histogram of customers that mbgnbd_fit would fit, as a portable bytea state for mbgnbd_fit_merge; NULL for no customers';

CREATE AGGREGATE mbgnbd_fit_state(summary cr_rfm) (
    SFUNC = bgnbd_fit_trans, STYPE = internal, FINALFUNC = bgnbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mbgnbd_fit_state(cr_rfm) IS
    'the histogram of customers'' summaries that mbgnbd_fit(summary) would fit, with their time unit, as a portable bytea state for mbgnbd_fit_merge (the same state as bgnbd_fit_state)';

CREATE AGGREGATE bgnbd_fit_merge(state bytea) (
    SFUNC = bgnbd_fit_merge_trans, STYPE = internal, FINALFUNC = bgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit_merge(bytea) IS
    'fits BG/NBD to the customers of all the states (one bgnbd_fit_state per shard): the same model as bgnbd_fit over all their rows; NULL states are skipped';

CREATE AGGREGATE mbgnbd_fit_merge(state bytea) (
    SFUNC = bgnbd_fit_merge_trans, STYPE = internal, FINALFUNC = mbgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mbgnbd_fit_merge(bytea) IS
    'fits MBG/NBD to the customers of all the states (mbgnbd_fit_state or bgnbd_fit_state, one per shard): the same model as mbgnbd_fit over all their rows';

-- Constructors from published or hand-picked parameters (the other fields are NULL).
CREATE FUNCTION bgnbd_model(r float8, alpha float8, a float8, b float8) RETURNS cr_bgnbd_model
    AS 'MODULE_PATHNAME', 'bgnbd_model_make'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_model(float8, float8, float8, float8) IS
    'a BG/NBD model with the given parameters (alpha in the time unit of the data), e.g. from a paper; its unit is not known, so it scores plain numbers only';

CREATE FUNCTION bgnbd_model(r float8, alpha float8, a float8, b float8, unit interval)
    RETURNS cr_bgnbd_model AS 'MODULE_PATHNAME', 'bgnbd_model_make'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_model(float8, float8, float8, float8, interval) IS
    'a BG/NBD model with the given parameters and time unit (alpha in that unit; ''7 days'' for weeks), so that scoring can convert horizons and summaries';

CREATE FUNCTION mbgnbd_model(r float8, alpha float8, a float8, b float8) RETURNS cr_mbgnbd_model
    AS 'MODULE_PATHNAME', 'mbgnbd_model_make'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_model(float8, float8, float8, float8) IS
    'an MBG/NBD model with the given parameters (alpha in the time unit of the data)';

CREATE FUNCTION mbgnbd_model(r float8, alpha float8, a float8, b float8, unit interval)
    RETURNS cr_mbgnbd_model AS 'MODULE_PATHNAME', 'mbgnbd_model_make'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_model(float8, float8, float8, float8, interval) IS
    'an MBG/NBD model with the given parameters and time unit (alpha in that unit)';

-- Scoring. frequency = repeat purchases, recency = time from the first to the last purchase,
-- t = time from the first purchase to the end of the observation; horizon in the same unit.
CREATE FUNCTION bgnbd_p_alive(model cr_bgnbd_model, frequency float8, recency float8, t float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_p_alive(cr_bgnbd_model, float8, float8, float8) IS
    'probability that a customer with this history (frequency, recency, t) is still active (BG/NBD)';

CREATE FUNCTION mbgnbd_p_alive(model cr_mbgnbd_model, frequency float8, recency float8, t float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_p_alive(cr_mbgnbd_model, float8, float8, float8) IS
    'probability that a customer with this history (frequency, recency, t) is still active (MBG/NBD)';

CREATE FUNCTION bgnbd_expected_purchases(model cr_bgnbd_model, horizon float8, frequency float8,
                                         recency float8, t float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_expected_purchases(cr_bgnbd_model, float8, float8, float8, float8) IS
    'expected purchases in the next horizon (time unit of recency and t) of a customer with this history (BG/NBD, FHL 2005 eq. 10)';

CREATE FUNCTION mbgnbd_expected_purchases(model cr_mbgnbd_model, horizon float8, frequency float8,
                                          recency float8, t float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_expected_purchases(cr_mbgnbd_model, float8, float8, float8, float8) IS
    'expected purchases in the next horizon (time unit of recency and t) of a customer with this history (MBG/NBD)';

CREATE FUNCTION bgnbd_expected_purchases(model cr_bgnbd_model, horizon float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_expected_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_expected_purchases(cr_bgnbd_model, float8) IS
    'expected repeat purchases within horizon of a customer just acquired (BG/NBD, FHL 2005 eq. 7)';

CREATE FUNCTION mbgnbd_expected_purchases(model cr_mbgnbd_model, horizon float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_expected_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_expected_purchases(cr_mbgnbd_model, float8) IS
    'expected repeat purchases within horizon of a customer just acquired (MBG/NBD)';

CREATE FUNCTION bgnbd_probability_of_purchases(model cr_bgnbd_model, horizon float8, n_purchases bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_probability_of_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_probability_of_purchases(cr_bgnbd_model, float8, bigint) IS
    'probability that a customer just acquired makes exactly n_purchases repeat purchases within horizon (BG/NBD, FHL 2005 eq. 8)';

CREATE FUNCTION mbgnbd_probability_of_purchases(model cr_mbgnbd_model, horizon float8, n_purchases bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_probability_of_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_probability_of_purchases(cr_mbgnbd_model, float8, bigint) IS
    'probability that a customer just acquired makes exactly n_purchases repeat purchases within horizon (MBG/NBD)';

-- ---------------------------------------------------------------------------------------------
-- Gamma-Gamma spend model (Fader, Hardie & Lee 2005, JMR; Hardie's note 2013)

CREATE TYPE cr_gamma_gamma_model AS (
    p          float8,
    q          float8,
    v          float8,
    loglik     float8,
    n          float8,
    iterations integer,
    converged  boolean,
    se_p       float8,
    se_q       float8,
    se_v       float8
);
COMMENT ON TYPE cr_gamma_gamma_model IS
    'a fitted Gamma-Gamma spend model (Fader, Hardie & Lee 2005; Hardie 2013): spend per transaction ~ Gamma(p, nu), nu ~ Gamma(q, v) across customers; log-likelihood, repeat customers, iterations, convergence, standard errors';
COMMENT ON COLUMN cr_gamma_gamma_model.p IS 'shape of the Gamma distribution of one transaction''s value given the customer (dimensionless)';
COMMENT ON COLUMN cr_gamma_gamma_model.q IS 'shape of the Gamma distribution of the customers'' scale nu (dimensionless)';
COMMENT ON COLUMN cr_gamma_gamma_model.v IS 'scale of that distribution (currency units)';
COMMENT ON COLUMN cr_gamma_gamma_model.loglik IS 'log-likelihood of the data at the estimate (NULL for a model built by hand)';
COMMENT ON COLUMN cr_gamma_gamma_model.n IS 'repeat customers fitted (total weight; customers with frequency 0 are left out; count)';
COMMENT ON COLUMN cr_gamma_gamma_model.iterations IS 'optimiser iterations (count)';
COMMENT ON COLUMN cr_gamma_gamma_model.converged IS 'true when the optimiser reached an interior maximum; false comes with a WARNING saying why';
COMMENT ON COLUMN cr_gamma_gamma_model.se_p IS 'asymptotic standard error of p (from the Hessian; NULL when not identified), in the unit of p';
COMMENT ON COLUMN cr_gamma_gamma_model.se_q IS 'asymptotic standard error of q (from the Hessian; NULL when not identified), in the unit of q';
COMMENT ON COLUMN cr_gamma_gamma_model.se_v IS 'asymptotic standard error of v (from the Hessian; NULL when not identified), in the unit of v';

CREATE FUNCTION gamma_gamma_fit_trans(internal, float8, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_trans(internal, float8, float8) IS
    'transition function of gamma_gamma_fit: adds (frequency, monetary) of a repeat customer to the histogram';

CREATE FUNCTION gamma_gamma_fit_trans(internal, float8, float8, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_trans(internal, float8, float8, float8) IS
    'transition function of gamma_gamma_fit: adds (frequency, monetary) with a weight to the histogram';

CREATE FUNCTION gamma_gamma_fit_trans(internal, cr_rfm) RETURNS internal
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_trans(internal, cr_rfm) IS
    'transition function of gamma_gamma_fit over cr_rfm summaries: adds (frequency, monetary) of a repeat customer to the histogram';

CREATE FUNCTION gamma_gamma_fit_final(internal) RETURNS cr_gamma_gamma_model
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_final(internal) IS
    'final function of gamma_gamma_fit: maximum-likelihood fit of the Gamma-Gamma model';

CREATE AGGREGATE gamma_gamma_fit(frequency float8, monetary float8) (
    SFUNC = gamma_gamma_fit_trans, STYPE = internal, FINALFUNC = gamma_gamma_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE gamma_gamma_fit(float8, float8) IS
    'fits the Gamma-Gamma spend model to customers (frequency = repeat purchases, monetary = their average spend); customers with frequency 0 are skipped';

CREATE AGGREGATE gamma_gamma_fit(frequency float8, monetary float8, weight float8) (
    SFUNC = gamma_gamma_fit_trans, STYPE = internal, FINALFUNC = gamma_gamma_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE gamma_gamma_fit(float8, float8, float8) IS
    'fits the Gamma-Gamma spend model to rows of (frequency, monetary) each standing for weight customers';

CREATE AGGREGATE gamma_gamma_fit(summary cr_rfm) (
    SFUNC = gamma_gamma_fit_trans, STYPE = internal, FINALFUNC = gamma_gamma_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE gamma_gamma_fit(cr_rfm) IS
    'fits the Gamma-Gamma spend model to customers'' rfm_summary results (frequency and monetary); customers with frequency 0 are skipped';

-- Sharded data: gamma_gamma_fit_state(...) → bytea per shard, gamma_gamma_fit_merge(bytea).
CREATE FUNCTION gamma_gamma_fit_state_final(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_state_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_state_final(internal) IS
    'final function of gamma_gamma_fit_state: the histogram as a portable state (version byte, kind byte ''G'', columns, rows), NULL when there are no repeat customers';

CREATE FUNCTION gamma_gamma_fit_merge_trans(internal, bytea) RETURNS internal
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_merge_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_merge_trans(internal, bytea) IS
    'transition function of gamma_gamma_fit_merge: checks a state made by gamma_gamma_fit_state, row by row, and adds it to the histogram';

CREATE AGGREGATE gamma_gamma_fit_state(frequency float8, monetary float8) (
    SFUNC = gamma_gamma_fit_trans, STYPE = internal, FINALFUNC = gamma_gamma_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE gamma_gamma_fit_state(float8, float8) IS
    'the histogram of repeat customers (frequency, monetary) that gamma_gamma_fit would fit, as a portable bytea state to ship from a shard and fit with gamma_gamma_fit_merge; NULL for no repeat customers';

CREATE AGGREGATE gamma_gamma_fit_state(frequency float8, monetary float8, weight float8) (
    SFUNC = gamma_gamma_fit_trans, STYPE = internal, FINALFUNC = gamma_gamma_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE gamma_gamma_fit_state(float8, float8, float8) IS
    'the weighted histogram of repeat customers that gamma_gamma_fit would fit, as a portable bytea state for gamma_gamma_fit_merge';

CREATE AGGREGATE gamma_gamma_fit_state(summary cr_rfm) (
    SFUNC = gamma_gamma_fit_trans, STYPE = internal, FINALFUNC = gamma_gamma_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE gamma_gamma_fit_state(cr_rfm) IS
    'the histogram of repeat customers'' summaries that gamma_gamma_fit(summary) would fit, as a portable bytea state for gamma_gamma_fit_merge';

CREATE AGGREGATE gamma_gamma_fit_merge(state bytea) (
    SFUNC = gamma_gamma_fit_merge_trans, STYPE = internal, FINALFUNC = gamma_gamma_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE gamma_gamma_fit_merge(bytea) IS
    'fits the Gamma-Gamma spend model to the customers of all the states (one gamma_gamma_fit_state per shard): the same model as gamma_gamma_fit over all their rows';

CREATE FUNCTION gamma_gamma_model(p float8, q float8, v float8) RETURNS cr_gamma_gamma_model
    AS 'MODULE_PATHNAME', 'gamma_gamma_model_make'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_model(float8, float8, float8) IS
    'a Gamma-Gamma model with the given parameters (v in currency units)';

CREATE FUNCTION gamma_gamma_expected_spend(model cr_gamma_gamma_model, frequency float8,
                                           monetary float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'gamma_gamma_expected_spend'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_expected_spend(cr_gamma_gamma_model, float8, float8) IS
    'expected spend per transaction of a customer with frequency repeat purchases of average value monetary (the population mean p v / (q - 1) when frequency is 0)';

CREATE FUNCTION gamma_gamma_expected_spend(model cr_gamma_gamma_model, summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'gamma_gamma_expected_spend'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_expected_spend(cr_gamma_gamma_model, cr_rfm) IS
    'expected spend per transaction of the customer of this rfm_summary (from its frequency and monetary)';

CREATE FUNCTION gamma_gamma_simulate(model cr_gamma_gamma_model, frequency float8, seed bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'gamma_gamma_simulate'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_simulate(cr_gamma_gamma_model, float8, bigint) IS
    'average spend of frequency transactions of a customer drawn from the model (0 when frequency is 0); deterministic in seed';

-- ---------------------------------------------------------------------------------------------
-- Customer lifetime value: sum over i = 1..periods of the expected purchases in period i
-- (each of length period_length, in the time unit of recency and t) times the expected spend
-- per transaction (Gamma-Gamma), discounted by (1 + discount_rate)^i (discount_rate per period).

CREATE FUNCTION bgnbd_clv(model cr_bgnbd_model, spend_model cr_gamma_gamma_model,
                          frequency float8, recency float8, t float8, monetary float8,
                          periods integer, period_length float8, discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_clv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_clv(cr_bgnbd_model, cr_gamma_gamma_model, float8, float8, float8, float8, integer, float8, float8) IS
    'customer lifetime value over periods periods of length period_length (time unit of recency and t), discounted at discount_rate per period, from BG/NBD purchases and Gamma-Gamma spend';

CREATE FUNCTION mbgnbd_clv(model cr_mbgnbd_model, spend_model cr_gamma_gamma_model,
                           frequency float8, recency float8, t float8, monetary float8,
                           periods integer, period_length float8, discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_clv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_clv(cr_mbgnbd_model, cr_gamma_gamma_model, float8, float8, float8, float8, integer, float8, float8) IS
    'customer lifetime value over periods periods of length period_length (time unit of recency and t), discounted at discount_rate per period, from MBG/NBD purchases and Gamma-Gamma spend';

-- Scoring with units checked: a cr_rfm summary carries its time unit and a horizon given as an
-- interval says its own, so both are converted to the model's unit (22023 when the model has
-- none). The plain-number forms above take recency, t and horizon in the model's unit.
CREATE FUNCTION bgnbd_p_alive(model cr_bgnbd_model, summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_p_alive(cr_bgnbd_model, cr_rfm) IS
    'probability that the customer of this rfm_summary is still active (BG/NBD; recency and t converted to the model''s unit)';

CREATE FUNCTION bgnbd_expected_purchases(model cr_bgnbd_model, horizon interval, summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_expected_purchases(cr_bgnbd_model, interval, cr_rfm) IS
    'expected purchases within horizon of the customer of this rfm_summary (BG/NBD; horizon, recency and t converted to the model''s unit)';

CREATE FUNCTION bgnbd_expected_purchases(model cr_bgnbd_model, horizon interval)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_expected_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_expected_purchases(cr_bgnbd_model, interval) IS
    'expected repeat purchases within horizon of a customer just acquired (BG/NBD; horizon converted to the model''s unit)';

CREATE FUNCTION bgnbd_probability_of_purchases(model cr_bgnbd_model, horizon interval, n_purchases bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_probability_of_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_probability_of_purchases(cr_bgnbd_model, interval, bigint) IS
    'probability that a customer just acquired makes exactly n_purchases repeat purchases within horizon (BG/NBD; horizon converted to the model''s unit)';

CREATE FUNCTION bgnbd_clv(model cr_bgnbd_model, spend_model cr_gamma_gamma_model, summary cr_rfm,
                          periods integer, period_length interval, discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_clv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_clv(cr_bgnbd_model, cr_gamma_gamma_model, cr_rfm, integer, interval, float8) IS
    'customer lifetime value of the customer of this rfm_summary over periods periods of period_length, discounted at discount_rate per period (BG/NBD purchases, Gamma-Gamma spend from the summary''s frequency and monetary)';

CREATE FUNCTION mbgnbd_p_alive(model cr_mbgnbd_model, summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_p_alive(cr_mbgnbd_model, cr_rfm) IS
    'probability that the customer of this rfm_summary is still active (MBG/NBD; recency and t converted to the model''s unit)';

CREATE FUNCTION mbgnbd_expected_purchases(model cr_mbgnbd_model, horizon interval, summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_expected_purchases(cr_mbgnbd_model, interval, cr_rfm) IS
    'expected purchases within horizon of the customer of this rfm_summary (MBG/NBD; horizon, recency and t converted to the model''s unit)';

CREATE FUNCTION mbgnbd_expected_purchases(model cr_mbgnbd_model, horizon interval)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_expected_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_expected_purchases(cr_mbgnbd_model, interval) IS
    'expected repeat purchases within horizon of a customer just acquired (MBG/NBD; horizon converted to the model''s unit)';

CREATE FUNCTION mbgnbd_probability_of_purchases(model cr_mbgnbd_model, horizon interval, n_purchases bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_probability_of_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_probability_of_purchases(cr_mbgnbd_model, interval, bigint) IS
    'probability that a customer just acquired makes exactly n_purchases repeat purchases within horizon (MBG/NBD; horizon converted to the model''s unit)';

CREATE FUNCTION mbgnbd_clv(model cr_mbgnbd_model, spend_model cr_gamma_gamma_model, summary cr_rfm,
                          periods integer, period_length interval, discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_clv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_clv(cr_mbgnbd_model, cr_gamma_gamma_model, cr_rfm, integer, interval, float8) IS
    'customer lifetime value of the customer of this rfm_summary over periods periods of period_length, discounted at discount_rate per period (MBG/NBD purchases, Gamma-Gamma spend from the summary''s frequency and monetary)';


-- ---------------------------------------------------------------------------------------------
-- Simulation: n_customers customers all observed for t since their first purchase (one cohort),
-- purchase times rounded down to multiples of resolution (default 1/7: one day when t is in
-- weeks; 0 keeps exact times); customer i draws from a stream seeded by (seed, i).
-- The default is the float8 literal 0.14285714285714285 (= 1/7, one day in weeks), not the
-- expression 1.0 / 7: a default is parsed during CREATE EXTENSION with the target schema on the
-- search_path, and an unqualified operator there could bind to a look-alike /(numeric, integer)
-- planted in that schema, which would then run with the rights of every caller.

CREATE FUNCTION bgnbd_simulate(model cr_bgnbd_model, n_customers integer, t float8, seed bigint,
                               resolution float8 DEFAULT 0.14285714285714285,
                               OUT customer_id bigint, OUT frequency bigint,
                               OUT recency float8, OUT t float8)
    RETURNS SETOF record AS 'MODULE_PATHNAME', 'bgnbd_simulate'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION bgnbd_simulate(cr_bgnbd_model, integer, float8, bigint, float8) IS
    'customers drawn from a BG/NBD model, summarised as (frequency, recency, t) after observing each for t since the first purchase';

CREATE FUNCTION mbgnbd_simulate(model cr_mbgnbd_model, n_customers integer, t float8, seed bigint,
                                resolution float8 DEFAULT 0.14285714285714285,
                                OUT customer_id bigint, OUT frequency bigint,
                                OUT recency float8, OUT t float8)
    RETURNS SETOF record AS 'MODULE_PATHNAME', 'mbgnbd_simulate'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION mbgnbd_simulate(cr_mbgnbd_model, integer, float8, bigint, float8) IS
    'customers drawn from an MBG/NBD model, summarised as (frequency, recency, t) after observing each for t since the first purchase';
