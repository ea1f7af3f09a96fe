-- Buy-till-you-die models, part 2: Pareto/NBD (continuous time) and BG/BB (discrete time)
-- (src/pareto_nbd_sql.c, src/bgbb_sql.c; math in src/core/pareto_nbd.c, bgbb.c, hyp2f1.c).
-- Pareto/NBD: time in the analyst's unit (weeks, say), the same for every argument of a model.
-- BG/BB: time counted in transaction opportunities (periods), whole numbers.

-- ---------------------------------------------------------------------------------------------
-- Pareto/NBD (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005)

CREATE TYPE cr_pareto_nbd_model AS (
    r          float8,
    alpha      float8,
    s          float8,
    beta       float8,
    unit       interval,
    loglik     float8,
    n          float8,
    iterations integer,
    converged  boolean,
    se_r       float8,
    se_alpha   float8,
    se_s       float8,
    se_beta    float8
);
COMMENT ON TYPE cr_pareto_nbd_model IS
    'a fitted Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): purchase rate ~ Gamma(r, alpha), exponential lifetime with rate ~ Gamma(s, beta); its time unit; log-likelihood, customers, iterations, convergence, standard errors';
COMMENT ON COLUMN cr_pareto_nbd_model.r IS 'shape of the Gamma distribution of purchase rates across customers (dimensionless)';
COMMENT ON COLUMN cr_pareto_nbd_model.alpha IS 'scale of that distribution (in the time unit: mean rate r / alpha purchases per unit)';
COMMENT ON COLUMN cr_pareto_nbd_model.s IS 'shape of the Gamma distribution of drop-out rates across customers (dimensionless)';
COMMENT ON COLUMN cr_pareto_nbd_model.beta IS 'scale of that distribution (in the time unit: mean lifetime rate s / beta per unit)';
COMMENT ON COLUMN cr_pareto_nbd_model.unit IS 'the time unit of alpha (and of recency, t and horizons scored against the model), recorded when the model was fitted to cr_rfm summaries or built with one; NULL = not known (interval)';
COMMENT ON COLUMN cr_pareto_nbd_model.loglik IS 'log-likelihood of the data at the estimate (NULL for a model built by hand)';
COMMENT ON COLUMN cr_pareto_nbd_model.n IS 'customers fitted (total weight; count)';
COMMENT ON COLUMN cr_pareto_nbd_model.iterations IS 'optimiser iterations (count)';
COMMENT ON COLUMN cr_pareto_nbd_model.converged IS 'true when the optimiser reached an interior maximum; false comes with a WARNING saying why';
COMMENT ON COLUMN cr_pareto_nbd_model.se_r IS 'asymptotic standard error of r (from the Hessian; NULL when not identified), in the unit of r';
COMMENT ON COLUMN cr_pareto_nbd_model.se_alpha IS 'asymptotic standard error of alpha (from the Hessian; NULL when not identified), in the unit of alpha';
COMMENT ON COLUMN cr_pareto_nbd_model.se_s IS 'asymptotic standard error of s (from the Hessian; NULL when not identified), in the unit of s';
COMMENT ON COLUMN cr_pareto_nbd_model.se_beta IS 'asymptotic standard error of beta (from the Hessian; NULL when not identified), in the unit of beta';

CREATE FUNCTION pareto_nbd_fit_trans(internal, float8, float8, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_trans(internal, float8, float8, float8) IS
    'transition function of pareto_nbd_fit: adds (frequency, recency, t) to the histogram';

CREATE FUNCTION pareto_nbd_fit_trans(internal, float8, float8, float8, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_trans(internal, float8, float8, float8, float8) IS
    'transition function of pareto_nbd_fit: adds (frequency, recency, t) with a weight to the histogram';

CREATE FUNCTION pareto_nbd_fit_trans(internal, cr_rfm) RETURNS internal
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_trans(internal, cr_rfm) IS
    'transition function of pareto_nbd_fit over cr_rfm summaries: adds (frequency, recency, t) and records the summaries'' time unit';

CREATE FUNCTION pareto_nbd_fit_final(internal) RETURNS cr_pareto_nbd_model
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_final(internal) IS
    'final function of pareto_nbd_fit: maximum-likelihood fit of Pareto/NBD on the histogram';

CREATE AGGREGATE pareto_nbd_fit(frequency float8, recency float8, t float8) (
    SFUNC = pareto_nbd_fit_trans, STYPE = internal, FINALFUNC = pareto_nbd_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit(float8, float8, float8) IS
    'fits Pareto/NBD by maximum likelihood to customers (frequency = repeat purchases, recency = time from the first to the last purchase, t = time from the first purchase to the end of the observation; recency and t in one time unit)';

CREATE AGGREGATE pareto_nbd_fit(frequency float8, recency float8, t float8, weight float8) (
    SFUNC = pareto_nbd_fit_trans, STYPE = internal, FINALFUNC = pareto_nbd_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit(float8, float8, float8, float8) IS
    'fits Pareto/NBD by maximum likelihood to rows of (frequency, recency, t) each standing for weight customers';

CREATE AGGREGATE pareto_nbd_fit(summary cr_rfm) (
    SFUNC = pareto_nbd_fit_trans, STYPE = internal, FINALFUNC = pareto_nbd_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit(cr_rfm) IS
    'fits Pareto/NBD by maximum likelihood to customers'' rfm_summary results; the model records their time unit (all summaries must share it)';

-- Sharded data (README "Scaling out"): pareto_nbd_fit_state(...) → bytea per shard, pareto_nbd_fit_merge(bytea).
CREATE FUNCTION pareto_nbd_fit_state_final(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_state_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_state_final(internal) IS
    'final function of pareto_nbd_fit_state: the histogram as a portable state (version byte, kind byte ''P'', columns, rows), NULL when there are no customers';

CREATE FUNCTION pareto_nbd_fit_merge_trans(internal, bytea) RETURNS internal
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_merge_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_merge_trans(internal, bytea) IS
    'transition function of pareto_nbd_fit_merge: checks a state made by pareto_nbd_fit_state, row by row, and adds it to the histogram';

CREATE AGGREGATE pareto_nbd_fit_state(frequency float8, recency float8, t float8) (
    SFUNC = pareto_nbd_fit_trans, STYPE = internal, FINALFUNC = pareto_nbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit_state(float8, float8, float8) IS
    'the histogram of customers (frequency, recency, t) that pareto_nbd_fit would fit, as a portable bytea state to ship from a shard and fit with pareto_nbd_fit_merge; NULL for no customers';

CREATE AGGREGATE pareto_nbd_fit_state(frequency float8, recency float8, t float8, weight float8) (
    SFUNC = pareto_nbd_fit_trans, STYPE = internal, FINALFUNC = pareto_nbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit_state(float8, float8, float8, float8) IS
    'the weighted histogram of customers that pareto_nbd_fit would fit, as a portable bytea state for pareto_nbd_fit_merge; NULL for no customers';

CREATE AGGREGATE pareto_nbd_fit_state(summary cr_rfm) (
    SFUNC = pareto_nbd_fit_trans, STYPE = internal, FINALFUNC = pareto_nbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit_state(cr_rfm) IS
    'the histogram of customers'' summaries that pareto_nbd_fit(summary) would fit, with their time unit, as a portable bytea state for pareto_nbd_fit_merge; NULL for no customers';

CREATE AGGREGATE pareto_nbd_fit_merge(state bytea) (
    SFUNC = pareto_nbd_fit_merge_trans, STYPE = internal, FINALFUNC = pareto_nbd_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit_merge(bytea) IS
    'fits Pareto/NBD to the customers of all the states (one pareto_nbd_fit_state per shard): the same model as pareto_nbd_fit over all their rows; NULL states are skipped';

CREATE FUNCTION pareto_nbd_model(r float8, alpha float8, s float8, beta float8)
    RETURNS cr_pareto_nbd_model AS 'MODULE_PATHNAME', 'pareto_nbd_model_make'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_model(float8, float8, float8, float8) IS
    'a Pareto/NBD model with the given parameters (alpha and beta in the time unit of the data), e.g. from a paper; its unit is not known, so it scores plain numbers only';

CREATE FUNCTION pareto_nbd_model(r float8, alpha float8, s float8, beta float8, unit interval)
    RETURNS cr_pareto_nbd_model AS 'MODULE_PATHNAME', 'pareto_nbd_model_make'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_model(float8, float8, float8, float8, interval) IS
    'a Pareto/NBD model with the given parameters and time unit (alpha and beta in that unit)';

CREATE FUNCTION pareto_nbd_loglik(model cr_pareto_nbd_model, frequency float8, recency float8,
                                  t float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_loglik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_loglik(cr_pareto_nbd_model, float8, float8, float8) IS
    'log-likelihood of one customer''s history (frequency, recency, t) under the Pareto/NBD model (Fader & Hardie 2005 note, eq. 18)';

CREATE FUNCTION pareto_nbd_p_alive(model cr_pareto_nbd_model, frequency float8, recency float8,
                                   t float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_p_alive(cr_pareto_nbd_model, float8, float8, float8) IS
    'probability that a customer with this history (frequency, recency, t) is still alive at t (Pareto/NBD)';

CREATE FUNCTION pareto_nbd_expected_purchases(model cr_pareto_nbd_model, horizon float8,
                                              frequency float8, recency float8, t float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_expected_purchases(cr_pareto_nbd_model, float8, float8, float8, float8) IS
    'expected purchases in the next horizon (time unit of recency and t) of a customer with this history (Pareto/NBD)';

CREATE FUNCTION pareto_nbd_expected_purchases(model cr_pareto_nbd_model, horizon float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_expected_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_expected_purchases(cr_pareto_nbd_model, float8) IS
    'expected repeat purchases within horizon of a customer just acquired (Pareto/NBD)';

CREATE FUNCTION pareto_nbd_probability_of_purchases(model cr_pareto_nbd_model, horizon float8,
                                                    n_purchases bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_probability_of_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_probability_of_purchases(cr_pareto_nbd_model, float8, bigint) IS
    'probability that a customer just acquired makes exactly n_purchases repeat purchases within horizon (Pareto/NBD)';

CREATE FUNCTION pareto_nbd_probability_of_purchases(model cr_pareto_nbd_model, horizon float8,
                                                    n_purchases bigint, frequency float8,
                                                    recency float8, t float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_probability_of_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_probability_of_purchases(cr_pareto_nbd_model, float8, bigint, float8, float8, float8) IS
    'probability that a customer with this history (frequency, recency, t) makes exactly n_purchases purchases in the next horizon (Pareto/NBD)';

CREATE FUNCTION pareto_nbd_dert(model cr_pareto_nbd_model, frequency float8, recency float8,
                                t float8, discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_dert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_dert(cr_pareto_nbd_model, float8, float8, float8, float8) IS
    'discounted expected residual transactions of a customer with this history; discount_rate per time unit, compounded once a unit as everywhere in customer_rel (DERT discounts continuously at ln(1 + discount_rate); Fader, Hardie & Lee 2005, JMR)';

CREATE FUNCTION pareto_nbd_clv(model cr_pareto_nbd_model, spend_model cr_gamma_gamma_model,
                               frequency float8, recency float8, t float8, monetary float8,
                               periods integer, period_length float8, discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_clv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_clv(cr_pareto_nbd_model, cr_gamma_gamma_model, float8, float8, float8, float8, integer, float8, float8) IS
    'customer lifetime value over periods periods of length period_length (time unit of recency and t), discounted at discount_rate per period, from Pareto/NBD purchases and Gamma-Gamma spend';

-- Scoring with units checked (see the BG/NBD family): summaries and interval horizons are
-- converted to the model's unit.
CREATE FUNCTION pareto_nbd_loglik(model cr_pareto_nbd_model, summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_loglik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_loglik(cr_pareto_nbd_model, cr_rfm) IS
    'log-likelihood of the history in this rfm_summary under the Pareto/NBD model (recency and t converted to the model''s unit)';

CREATE FUNCTION pareto_nbd_p_alive(model cr_pareto_nbd_model, summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_p_alive(cr_pareto_nbd_model, cr_rfm) IS
    'probability that the customer of this rfm_summary is still alive (Pareto/NBD; units converted)';

CREATE FUNCTION pareto_nbd_expected_purchases(model cr_pareto_nbd_model, horizon interval,
                                              summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_expected_purchases(cr_pareto_nbd_model, interval, cr_rfm) IS
    'expected purchases within horizon of the customer of this rfm_summary (Pareto/NBD; units converted)';

CREATE FUNCTION pareto_nbd_expected_purchases(model cr_pareto_nbd_model, horizon interval)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_expected_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_expected_purchases(cr_pareto_nbd_model, interval) IS
    'expected repeat purchases within horizon of a customer just acquired (Pareto/NBD; horizon converted to the model''s unit)';

CREATE FUNCTION pareto_nbd_probability_of_purchases(model cr_pareto_nbd_model, horizon interval,
                                                    n_purchases bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_probability_of_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_probability_of_purchases(cr_pareto_nbd_model, interval, bigint) IS
    'probability that a customer just acquired makes exactly n_purchases repeat purchases within horizon (Pareto/NBD; horizon converted)';

CREATE FUNCTION pareto_nbd_probability_of_purchases(model cr_pareto_nbd_model, horizon interval,
                                                    n_purchases bigint, summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_probability_of_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_probability_of_purchases(cr_pareto_nbd_model, interval, bigint, cr_rfm) IS
    'probability that the customer of this rfm_summary makes exactly n_purchases purchases within horizon (Pareto/NBD; units converted)';

CREATE FUNCTION pareto_nbd_dert(model cr_pareto_nbd_model, summary cr_rfm, discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_dert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_dert(cr_pareto_nbd_model, cr_rfm, float8) IS
    'discounted expected residual transactions of the customer of this rfm_summary; discount_rate per unit of the model''s time';

CREATE FUNCTION pareto_nbd_clv(model cr_pareto_nbd_model, spend_model cr_gamma_gamma_model,
                               summary cr_rfm, periods integer, period_length interval,
                               discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_clv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_clv(cr_pareto_nbd_model, cr_gamma_gamma_model, cr_rfm, integer, interval, float8) IS
    'customer lifetime value of the customer of this rfm_summary over periods periods of period_length, discounted at discount_rate per period (Pareto/NBD purchases, Gamma-Gamma spend)';

CREATE FUNCTION pareto_nbd_simulate(model cr_pareto_nbd_model, n_customers integer, t float8,
                                    seed bigint,
                                    -- 0.14285714285714285 = 1/7, one day in weeks; a literal, not
                                    -- 1.0 / 7, whose operator would be looked up on the search_path
                                    resolution float8 DEFAULT 0.14285714285714285,
                                    OUT customer_id bigint, OUT frequency bigint,
                                    OUT recency float8, OUT t float8)
    RETURNS SETOF record AS 'MODULE_PATHNAME', 'pareto_nbd_simulate'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION pareto_nbd_simulate(cr_pareto_nbd_model, integer, float8, bigint, float8) IS
    'customers drawn from a Pareto/NBD model, summarised as (frequency, recency, t) after observing each for t since the first purchase; recency rounded to multiples of resolution (default 1/7: a day when t is in weeks; 0 keeps exact times); deterministic in seed';

-- ---------------------------------------------------------------------------------------------
-- BG/BB (Fader, Hardie & Shang 2010)

CREATE TYPE cr_bgbb_model AS (
    alpha      float8,
    beta       float8,
    gamma      float8,
    delta      float8,
    loglik     float8,
    n          float8,
    iterations integer,
    converged  boolean,
    se_alpha   float8,
    se_beta    float8,
    se_gamma   float8,
    se_delta   float8
);
COMMENT ON TYPE cr_bgbb_model IS
    'a fitted BG/BB model (Fader, Hardie & Shang 2010) of discrete transaction opportunities (periods): transaction probability ~ Beta(alpha, beta), drop-out probability ~ Beta(gamma, delta); log-likelihood, customers, iterations, convergence, standard errors';
COMMENT ON COLUMN cr_bgbb_model.alpha IS 'first shape of the Beta distribution of the per-period transaction probability (dimensionless)';
COMMENT ON COLUMN cr_bgbb_model.beta IS 'second shape of that Beta distribution (dimensionless)';
COMMENT ON COLUMN cr_bgbb_model.gamma IS 'first shape of the Beta distribution of the per-period drop-out probability (dimensionless)';
COMMENT ON COLUMN cr_bgbb_model.delta IS 'second shape of that Beta distribution (dimensionless)';
COMMENT ON COLUMN cr_bgbb_model.loglik IS 'log-likelihood of the data at the estimate (NULL for a model built by hand)';
COMMENT ON COLUMN cr_bgbb_model.n IS 'customers fitted (total weight; count)';
COMMENT ON COLUMN cr_bgbb_model.iterations IS 'optimiser iterations (count)';
COMMENT ON COLUMN cr_bgbb_model.converged IS 'true when the optimiser reached an interior maximum; false comes with a WARNING saying why';
COMMENT ON COLUMN cr_bgbb_model.se_alpha IS 'asymptotic standard error of alpha (from the Hessian; NULL when not identified), in the unit of alpha';
COMMENT ON COLUMN cr_bgbb_model.se_beta IS 'asymptotic standard error of beta (from the Hessian; NULL when not identified), in the unit of beta';
COMMENT ON COLUMN cr_bgbb_model.se_gamma IS 'asymptotic standard error of gamma (from the Hessian; NULL when not identified), in the unit of gamma';
COMMENT ON COLUMN cr_bgbb_model.se_delta IS 'asymptotic standard error of delta (from the Hessian; NULL when not identified), in the unit of delta';

CREATE FUNCTION bgbb_fit_trans(internal, bigint, bigint, bigint) RETURNS internal
    AS 'MODULE_PATHNAME', 'bgbb_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_fit_trans(internal, bigint, bigint, bigint) IS
    'transition function of bgbb_fit: adds (frequency, recency, n_periods) to the histogram';

CREATE FUNCTION bgbb_fit_trans(internal, bigint, bigint, bigint, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'bgbb_fit_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_fit_trans(internal, bigint, bigint, bigint, float8) IS
    'transition function of bgbb_fit: adds (frequency, recency, n_periods) with a weight to the histogram';

CREATE FUNCTION bgbb_fit_final(internal) RETURNS cr_bgbb_model
    AS 'MODULE_PATHNAME', 'bgbb_fit_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_fit_final(internal) IS
    'final function of bgbb_fit: maximum-likelihood fit of BG/BB on the histogram';

CREATE AGGREGATE bgbb_fit(frequency bigint, recency bigint, n_periods bigint) (
    SFUNC = bgbb_fit_trans, STYPE = internal, FINALFUNC = bgbb_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgbb_fit(bigint, bigint, bigint) IS
    'fits BG/BB by maximum likelihood to customers (frequency = periods with a repeat transaction, recency = number of the last such period, n_periods = transaction opportunities since the first purchase; whole numbers)';

CREATE AGGREGATE bgbb_fit(frequency bigint, recency bigint, n_periods bigint, weight float8) (
    SFUNC = bgbb_fit_trans, STYPE = internal, FINALFUNC = bgbb_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgbb_fit(bigint, bigint, bigint, float8) IS
    'fits BG/BB by maximum likelihood to rows of (frequency, recency, n_periods) each standing for weight customers';

-- Sharded data (README "Scaling out"): bgbb_fit_state(...) → bytea per shard, bgbb_fit_merge(bytea).
CREATE FUNCTION bgbb_fit_state_final(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'bgbb_fit_state_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_fit_state_final(internal) IS
    'final function of bgbb_fit_state: the histogram as a portable state (version byte, kind byte ''D'', columns, rows), NULL when there are no customers';

CREATE FUNCTION bgbb_fit_merge_trans(internal, bytea) RETURNS internal
    AS 'MODULE_PATHNAME', 'bgbb_fit_merge_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_fit_merge_trans(internal, bytea) IS
    'transition function of bgbb_fit_merge: checks a state made by bgbb_fit_state, row by row, and adds it to the histogram';

CREATE AGGREGATE bgbb_fit_state(frequency bigint, recency bigint, n_periods bigint) (
    SFUNC = bgbb_fit_trans, STYPE = internal, FINALFUNC = bgbb_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgbb_fit_state(bigint, bigint, bigint) IS
    'the histogram of customers (frequency, recency, n_periods) that bgbb_fit would fit, as a portable bytea state to ship from a shard and fit with bgbb_fit_merge; NULL for no customers';

CREATE AGGREGATE bgbb_fit_state(frequency bigint, recency bigint, n_periods bigint, weight float8) (
    SFUNC = bgbb_fit_trans, STYPE = internal, FINALFUNC = bgbb_fit_state_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgbb_fit_state(bigint, bigint, bigint, float8) IS
    'the weighted histogram of customers that bgbb_fit would fit, as a portable bytea state for bgbb_fit_merge; NULL for no customers';

CREATE AGGREGATE bgbb_fit_merge(state bytea) (
    SFUNC = bgbb_fit_merge_trans, STYPE = internal, FINALFUNC = bgbb_fit_final,
    COMBINEFUNC = btyd_fit_combine,
    SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgbb_fit_merge(bytea) IS
    'fits BG/BB to the customers of all the states (one bgbb_fit_state per shard): the same model as bgbb_fit over all their rows; NULL states are skipped';

CREATE FUNCTION bgbb_model(alpha float8, beta float8, gamma float8, delta float8)
    RETURNS cr_bgbb_model AS 'MODULE_PATHNAME', 'bgbb_model_make'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_model(float8, float8, float8, float8) IS
    'a BG/BB model with the given parameters, e.g. from a paper';

CREATE FUNCTION bgbb_loglik(model cr_bgbb_model, frequency bigint, recency bigint,
                            n_periods bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgbb_loglik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_loglik(cr_bgbb_model, bigint, bigint, bigint) IS
    'log-likelihood of one customer''s history (frequency, recency, n_periods) under the BG/BB model (Fader, Hardie & Shang 2010, eq. 5)';

CREATE FUNCTION bgbb_p_alive(model cr_bgbb_model, frequency bigint, recency bigint,
                             n_periods bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgbb_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_p_alive(cr_bgbb_model, bigint, bigint, bigint) IS
    'probability that a customer with this history is alive at the next transaction opportunity, period n_periods + 1 (BG/BB, FHS 2010 eq. 11)';

CREATE FUNCTION bgbb_expected_purchases(model cr_bgbb_model, horizon bigint,
                                        frequency bigint, recency bigint, n_periods bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgbb_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_expected_purchases(cr_bgbb_model, bigint, bigint, bigint, bigint) IS
    'expected transactions in the next horizon transaction opportunities of a customer with this history (BG/BB, FHS 2010 eq. 13)';

CREATE FUNCTION bgbb_expected_purchases(model cr_bgbb_model, horizon bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgbb_expected_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_expected_purchases(cr_bgbb_model, bigint) IS
    'expected repeat transactions in the first horizon transaction opportunities of a customer just acquired (BG/BB, FHS 2010 eq. 8)';

CREATE FUNCTION bgbb_probability_of_purchases(model cr_bgbb_model, horizon bigint, n_purchases bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgbb_probability_of_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_probability_of_purchases(cr_bgbb_model, bigint, bigint) IS
    'probability that a customer just acquired makes exactly n_purchases repeat transactions in the first horizon opportunities (BG/BB, FHS 2010 eq. 7)';

CREATE FUNCTION bgbb_probability_of_purchases(model cr_bgbb_model, horizon bigint,
                                              n_purchases bigint, frequency bigint, recency bigint,
                                              n_periods bigint)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgbb_probability_of_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_probability_of_purchases(cr_bgbb_model, bigint, bigint, bigint, bigint, bigint) IS
    'probability that a customer with this history makes exactly n_purchases transactions in the next horizon opportunities (BG/BB)';

CREATE FUNCTION bgbb_dert(model cr_bgbb_model, frequency bigint, recency bigint, n_periods bigint,
                          discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgbb_dert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_dert(cr_bgbb_model, bigint, bigint, bigint, float8) IS
    'discounted expected residual transactions of a customer with this history; discount_rate per transaction opportunity, transactions in period n_periods + k discounted by (1 + discount_rate)^k (FHS 2010 eq. 14)';

CREATE FUNCTION bgbb_clv(model cr_bgbb_model, spend_model cr_gamma_gamma_model, frequency bigint,
                         recency bigint, n_periods bigint, monetary float8,
                         periods integer, discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgbb_clv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_clv(cr_bgbb_model, cr_gamma_gamma_model, bigint, bigint, bigint, float8, integer, float8) IS
    'customer lifetime value over the next periods transaction opportunities, discounted at discount_rate per opportunity, from BG/BB transactions and Gamma-Gamma spend';

CREATE FUNCTION bgbb_simulate(model cr_bgbb_model, n_customers integer, n_periods bigint,
                              seed bigint, OUT customer_id bigint, OUT frequency bigint,
                              OUT recency bigint, OUT n_periods bigint)
    RETURNS SETOF record AS 'MODULE_PATHNAME', 'bgbb_simulate'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION bgbb_simulate(cr_bgbb_model, integer, bigint, bigint) IS
    'customers drawn from a BG/BB model, summarised as (frequency, recency, n_periods) after n_periods transaction opportunities; deterministic in seed';
