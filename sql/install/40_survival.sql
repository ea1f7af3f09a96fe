-- ===== Contractual retention and survival (src/sbg_sql.c, src/km_sql.c, src/cohort_sql.c,
-- ===== src/core/sbg.c, src/core/kaplan_meier.c)

-- ---------------------------------------------------------------- sBG
CREATE TYPE cr_sbg_model AS (
    alpha      float8,
    beta       float8,
    loglik     float8,
    n          float8,
    n_periods  int4,
    iterations int4,
    converged  bool,
    se_alpha   float8,
    se_beta    float8
);
COMMENT ON TYPE cr_sbg_model IS
    'a fitted shifted-beta-geometric model (Fader & Hardie 2007): per-period churn probability ~ Beta(alpha, beta) across customers; log-likelihood, cohort size, periods fitted, iterations, convergence, standard errors';
COMMENT ON COLUMN cr_sbg_model.alpha IS 'first shape of the Beta distribution of the per-period churn probability (dimensionless)';
COMMENT ON COLUMN cr_sbg_model.beta IS 'second shape of that Beta distribution (dimensionless)';
COMMENT ON COLUMN cr_sbg_model.loglik IS 'log-likelihood of the survivor counts at (alpha, beta) (NULL for a model built by hand)';
COMMENT ON COLUMN cr_sbg_model.n IS 'customers in the cohort at period 0 (count)';
COMMENT ON COLUMN cr_sbg_model.n_periods IS 'periods fitted: survivor counts - 1 (count of periods)';
COMMENT ON COLUMN cr_sbg_model.iterations IS 'optimiser iterations (count)';
COMMENT ON COLUMN cr_sbg_model.converged IS 'true when alpha and beta are an interior maximum; false comes with a WARNING saying why';
COMMENT ON COLUMN cr_sbg_model.se_alpha IS 'asymptotic standard error of alpha (NULL when not converged)';
COMMENT ON COLUMN cr_sbg_model.se_beta IS 'asymptotic standard error of beta (NULL when not converged)';

CREATE FUNCTION sbg_fit(survivors float8[]) RETURNS cr_sbg_model
    AS 'MODULE_PATHNAME', 'sbg_fit_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit(float8[]) IS
    'fits the sBG model by maximum likelihood to survivors: customers still active at the start of each period, the first element the cohort size; NULL for an empty array';

CREATE FUNCTION sbg_fit_trans(internal, int4, int8) RETURNS internal
    AS 'MODULE_PATHNAME', 'sbg_fit_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_trans(internal, int4, int8) IS
    'transition function of sbg_fit(int4, int8)';
CREATE FUNCTION sbg_fit_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'sbg_fit_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_combine(internal, internal) IS
    'combine function of sbg_fit(int4, int8)';
CREATE FUNCTION sbg_fit_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'sbg_fit_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_serialize(internal) IS
    'serialization function of sbg_fit(int4, int8)';
CREATE FUNCTION sbg_fit_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'sbg_fit_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_deserialize(bytea, internal) IS
    'deserialization function of sbg_fit(int4, int8)';
CREATE FUNCTION sbg_fit_final(internal) RETURNS cr_sbg_model
    AS 'MODULE_PATHNAME', 'sbg_fit_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_final(internal) IS
    'final function of sbg_fit(int4, int8)';

CREATE AGGREGATE sbg_fit(period int4, active int8) (
    SFUNC = sbg_fit_trans, STYPE = internal, FINALFUNC = sbg_fit_final,
    COMBINEFUNC = sbg_fit_combine,
    SERIALFUNC = sbg_fit_serialize, DESERIALFUNC = sbg_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE sbg_fit(int4, int8) IS
    'fits the sBG model to rows of (period, active): customers still active at the start of period + 1, period 0 = the cohort size; rows of one period add up; periods 0..T without a gap';

-- Sharded data (README "Scaling out"): sbg_fit_state(...) → bytea per shard, sbg_fit_merge(bytea).
CREATE FUNCTION sbg_fit_state_final(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'sbg_fit_state_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_state_final(internal) IS
    'final function of sbg_fit_state: the active customers per period as a portable state (version byte, kind byte ''S'', int4 last period, int8 count per period), NULL for no rows';
CREATE FUNCTION sbg_fit_merge_trans(internal, bytea) RETURNS internal
    AS 'MODULE_PATHNAME', 'sbg_fit_merge_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_merge_trans(internal, bytea) IS
    'transition function of sbg_fit_merge: checks a state made by sbg_fit_state and adds its counts';

CREATE AGGREGATE sbg_fit_state(period int4, active int8) (
    SFUNC = sbg_fit_trans, STYPE = internal, FINALFUNC = sbg_fit_state_final,
    COMBINEFUNC = sbg_fit_combine,
    SERIALFUNC = sbg_fit_serialize, DESERIALFUNC = sbg_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE sbg_fit_state(int4, int8) IS
    'the active customers per period that sbg_fit(period, active) would fit, as a portable bytea state to ship from a shard and fit with sbg_fit_merge; NULL for no rows';

CREATE AGGREGATE sbg_fit_merge(state bytea) (
    SFUNC = sbg_fit_merge_trans, STYPE = internal, FINALFUNC = sbg_fit_final,
    COMBINEFUNC = sbg_fit_combine,
    SERIALFUNC = sbg_fit_serialize, DESERIALFUNC = sbg_fit_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE sbg_fit_merge(bytea) IS
    'fits the sBG model to the counts of all the states (one sbg_fit_state per shard), added per period: the same model as sbg_fit over all their rows';

CREATE FUNCTION sbg_model(alpha float8, beta float8) RETURNS cr_sbg_model
    AS 'MODULE_PATHNAME', 'sbg_model_make' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_model(float8, float8) IS
    'an sBG model with the given alpha and beta (e.g. published ones); the other fields are NULL';

CREATE FUNCTION sbg_survival(model cr_sbg_model, period int4) RETURNS float8
    AS 'MODULE_PATHNAME', 'sbg_survival' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_survival(cr_sbg_model, int4) IS
    'S(period) = B(alpha, beta + period) / B(alpha, beta): share of a new cohort still active after period periods (period >= 0)';

CREATE FUNCTION sbg_retention_rate(model cr_sbg_model, period int4) RETURNS float8
    AS 'MODULE_PATHNAME', 'sbg_retention_rate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_retention_rate(cr_sbg_model, int4) IS
    'r(period) = (beta + period - 1) / (alpha + beta + period - 1): share of the customers active in period period - 1 who renew into period period (period >= 1)';

CREATE FUNCTION sbg_churn_probability(model cr_sbg_model, period int4) RETURNS float8
    AS 'MODULE_PATHNAME', 'sbg_churn_probability' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_churn_probability(cr_sbg_model, int4) IS
    'P(T = period) = B(alpha + 1, beta + period - 1) / B(alpha, beta): probability that a new customer churns at the end of period period (period >= 1)';

CREATE FUNCTION sbg_derl(model cr_sbg_model, discount_rate float8, renewals int4) RETURNS float8
    AS 'MODULE_PATHNAME', 'sbg_derl' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_derl(cr_sbg_model, float8, int4) IS
    'discounted expected residual lifetime, in periods, of a customer who has made renewals renewals, at discount_rate per period (Fader & Hardie 2010): multiply by the payment per period for the residual value';

-- ---------------------------------------------------------------- Kaplan-Meier
CREATE TYPE cr_km_curve;

CREATE FUNCTION cr_km_curve_in(cstring) RETURNS cr_km_curve
    AS 'MODULE_PATHNAME', 'cr_km_curve_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_km_curve_in(cstring) IS
    'input function of cr_km_curve: {(time,events,censored),...} with strictly increasing times';
CREATE FUNCTION cr_km_curve_out(cr_km_curve) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cr_km_curve_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_km_curve_out(cr_km_curve) IS
    'output function of cr_km_curve: {(time,events,censored),...}';
CREATE FUNCTION cr_km_curve_recv(internal) RETURNS cr_km_curve
    AS 'MODULE_PATHNAME', 'cr_km_curve_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_km_curve_recv(internal) IS
    'binary input function of cr_km_curve (checks version, length, order and counts)';
CREATE FUNCTION cr_km_curve_send(cr_km_curve) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cr_km_curve_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_km_curve_send(cr_km_curve) IS
    'binary output function of cr_km_curve (version byte, int8 count, then float8 time, int8 events, int8 censored per point)';

CREATE TYPE cr_km_curve (
    INPUT = cr_km_curve_in,
    OUTPUT = cr_km_curve_out,
    RECEIVE = cr_km_curve_recv,
    SEND = cr_km_curve_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE cr_km_curve IS
    'a Kaplan-Meier life table: distinct durations with their numbers of events and of censored observations';

CREATE FUNCTION kaplan_meier_trans(internal, float8, bool) RETURNS internal
    AS 'MODULE_PATHNAME', 'kaplan_meier_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kaplan_meier_trans(internal, float8, bool) IS
    'transition function of kaplan_meier(float8, bool)';
CREATE FUNCTION kaplan_meier_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'kaplan_meier_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kaplan_meier_combine(internal, internal) IS
    'combine function of kaplan_meier(float8, bool)';
CREATE FUNCTION kaplan_meier_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'kaplan_meier_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaplan_meier_serialize(internal) IS
    'serialization function of kaplan_meier(float8, bool)';
CREATE FUNCTION kaplan_meier_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'kaplan_meier_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kaplan_meier_deserialize(bytea, internal) IS
    'deserialization function of kaplan_meier(float8, bool)';
CREATE FUNCTION kaplan_meier_final(internal) RETURNS cr_km_curve
    AS 'MODULE_PATHNAME', 'kaplan_meier_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kaplan_meier_final(internal) IS
    'final function of kaplan_meier(float8, bool)';

CREATE AGGREGATE kaplan_meier(duration float8, event bool) (
    SFUNC = kaplan_meier_trans, STYPE = internal, FINALFUNC = kaplan_meier_final,
    COMBINEFUNC = kaplan_meier_combine,
    SERIALFUNC = kaplan_meier_serialize, DESERIALFUNC = kaplan_meier_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE kaplan_meier(float8, bool) IS
    'Kaplan-Meier life table of durations (>= 0, any unit) with event = true for an observed event (churn, death), false for a censored observation';

CREATE FUNCTION km_merge_trans(internal, cr_km_curve) RETURNS internal
    AS 'MODULE_PATHNAME', 'km_merge_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION km_merge_trans(internal, cr_km_curve) IS
    'transition function of km_merge(cr_km_curve)';

CREATE AGGREGATE km_merge(curve cr_km_curve) (
    SFUNC = km_merge_trans, STYPE = internal, FINALFUNC = kaplan_meier_final,
    COMBINEFUNC = kaplan_meier_combine,
    SERIALFUNC = kaplan_meier_serialize, DESERIALFUNC = kaplan_meier_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE km_merge(cr_km_curve) IS
    'merges life tables (of shards, segments or days) into the Kaplan-Meier life table of all their subjects';

CREATE FUNCTION km_points(curve cr_km_curve,
    OUT "time" float8, OUT at_risk int8, OUT events int8, OUT censored int8,
    OUT survival float8, OUT std_error float8, OUT ci_low float8, OUT ci_high float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'km_points' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION km_points(cr_km_curve) IS
    'one row per distinct time: at risk, events, censored, Kaplan-Meier S(t), Greenwood standard error, log-log 95 % interval (NULL once S = 0)';

CREATE FUNCTION km_survival_at(curve cr_km_curve, duration float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'km_survival_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION km_survival_at(cr_km_curve, float8) IS
    'Kaplan-Meier S(t) at duration t (the step function; flat after the last observed time)';

CREATE FUNCTION km_median(curve cr_km_curve) RETURNS float8
    AS 'MODULE_PATHNAME', 'km_median' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION km_median(cr_km_curve) IS
    'median survival time: smallest time with S <= 0.5 (midpoint to the next event time where S is exactly 0.5); NULL when S never falls to 0.5';

-- ---------------------------------------------------------------- cohorts
CREATE FUNCTION cohort_activity_trans(internal, int8, int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'cohort_activity_trans_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_trans(internal, int8, int4) IS
    'transition function of cohort_activity and cohort_survivors over bigint keys';
CREATE FUNCTION cohort_activity_trans(internal, text, int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'cohort_activity_trans_text' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_trans(internal, text, int4) IS
    'transition function of cohort_activity and cohort_survivors over text keys (compared byte for byte)';
CREATE FUNCTION cohort_activity_trans(internal, uuid, int4) RETURNS internal
    AS 'MODULE_PATHNAME', 'cohort_activity_trans_uuid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_trans(internal, uuid, int4) IS
    'transition function of cohort_activity and cohort_survivors over uuid keys';
CREATE FUNCTION cohort_activity_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'cohort_activity_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_combine(internal, internal) IS
    'combine function of cohort_activity and cohort_survivors';
CREATE FUNCTION cohort_activity_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cohort_activity_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_serialize(internal) IS
    'serialization function of cohort_activity and cohort_survivors';
CREATE FUNCTION cohort_activity_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'cohort_activity_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_deserialize(bytea, internal) IS
    'deserialization function of cohort_activity and cohort_survivors';
CREATE FUNCTION cohort_activity_final(internal) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'cohort_activity_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_final(internal) IS
    'final function of cohort_activity';
CREATE FUNCTION cohort_survivors_final(internal) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'cohort_survivors_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_survivors_final(internal) IS
    'final function of cohort_survivors';

CREATE AGGREGATE cohort_activity(customer_key int8, period_index int4) (
    SFUNC = cohort_activity_trans, STYPE = internal, FINALFUNC = cohort_activity_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_activity(int8, int4) IS
    'distinct active customers per period index since each customer''s first period (element 1 = index 0 = the cohort size), exact';
CREATE AGGREGATE cohort_activity(customer_key text, period_index int4) (
    SFUNC = cohort_activity_trans, STYPE = internal, FINALFUNC = cohort_activity_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_activity(text, int4) IS
    'distinct active customers per period index since each customer''s first period (element 1 = index 0 = the cohort size); text keys compared byte for byte';
CREATE AGGREGATE cohort_activity(customer_key uuid, period_index int4) (
    SFUNC = cohort_activity_trans, STYPE = internal, FINALFUNC = cohort_activity_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_activity(uuid, int4) IS
    'distinct active customers per period index since each customer''s first period (element 1 = index 0 = the cohort size), uuid keys';

CREATE AGGREGATE cohort_survivors(customer_key int8, period_index int4) (
    SFUNC = cohort_activity_trans, STYPE = internal, FINALFUNC = cohort_survivors_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_survivors(int8, int4) IS
    'customers whose last activity is at or after each period index (never increasing: the survivors sbg_fit takes)';
CREATE AGGREGATE cohort_survivors(customer_key text, period_index int4) (
    SFUNC = cohort_activity_trans, STYPE = internal, FINALFUNC = cohort_survivors_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_survivors(text, int4) IS
    'customers whose last activity is at or after each period index (never increasing: the survivors sbg_fit takes); text keys';
CREATE AGGREGATE cohort_survivors(customer_key uuid, period_index int4) (
    SFUNC = cohort_activity_trans, STYPE = internal, FINALFUNC = cohort_survivors_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_survivors(uuid, int4) IS
    'customers whose last activity is at or after each period index (never increasing: the survivors sbg_fit takes); uuid keys';

-- Sharded data (README "Scaling out"): exact distinct counts across shards need the distinct
-- (customer, period index) pairs, so the state grows with them. One state, two merges.
CREATE FUNCTION cohort_activity_state_final(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cohort_activity_state_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_state_final(internal) IS
    'final function of cohort_activity_state and cohort_survivors_state: the customers and their active period indexes as a portable state, NULL for no rows';
CREATE FUNCTION cohort_activity_merge_trans(internal, bytea) RETURNS internal
    AS 'MODULE_PATHNAME', 'cohort_activity_merge_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_merge_trans(internal, bytea) IS
    'transition function of cohort_activity_merge and cohort_survivors_merge: checks a state made by cohort_activity_state and merges its customers';

CREATE AGGREGATE cohort_activity_state(customer_key int8, period_index int4) (
    SFUNC = cohort_activity_trans, STYPE = internal, FINALFUNC = cohort_activity_state_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_activity_state(int8, int4) IS
    'the distinct (customer, period index) pairs behind cohort_activity, as a portable bytea state to ship from a shard and count with cohort_activity_merge or cohort_survivors_merge; grows with distinct pairs; NULL for no rows';

CREATE AGGREGATE cohort_survivors_state(customer_key int8, period_index int4) (
    SFUNC = cohort_activity_trans, STYPE = internal, FINALFUNC = cohort_activity_state_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_survivors_state(int8, int4) IS
    'the same state as cohort_activity_state (either merge accepts it), named for cohort_survivors_merge';

CREATE AGGREGATE cohort_activity_state(customer_key text, period_index int4) (
    SFUNC = cohort_activity_trans, STYPE = internal, FINALFUNC = cohort_activity_state_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_activity_state(text, int4) IS
    'the distinct (customer, period index) pairs behind cohort_activity, as a portable bytea state to ship from a shard and count with cohort_activity_merge or cohort_survivors_merge; grows with distinct pairs; NULL for no rows; text keys';

CREATE AGGREGATE cohort_survivors_state(customer_key text, period_index int4) (
    SFUNC = cohort_activity_trans, STYPE = internal, FINALFUNC = cohort_activity_state_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_survivors_state(text, int4) IS
    'the same state as cohort_activity_state (either merge accepts it), named for cohort_survivors_merge; text keys';

CREATE AGGREGATE cohort_activity_state(customer_key uuid, period_index int4) (
    SFUNC = cohort_activity_trans, STYPE = internal, FINALFUNC = cohort_activity_state_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_activity_state(uuid, int4) IS
    'the distinct (customer, period index) pairs behind cohort_activity, as a portable bytea state to ship from a shard and count with cohort_activity_merge or cohort_survivors_merge; grows with distinct pairs; NULL for no rows; uuid keys';

CREATE AGGREGATE cohort_survivors_state(customer_key uuid, period_index int4) (
    SFUNC = cohort_activity_trans, STYPE = internal, FINALFUNC = cohort_activity_state_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_survivors_state(uuid, int4) IS
    'the same state as cohort_activity_state (either merge accepts it), named for cohort_survivors_merge; uuid keys';

CREATE AGGREGATE cohort_activity_merge(state bytea) (
    SFUNC = cohort_activity_merge_trans, STYPE = internal, FINALFUNC = cohort_activity_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_activity_merge(bytea) IS
    'distinct active customers per period index over all the states (one cohort_activity_state per shard; a customer on several shards counts once): equal to cohort_activity over all their rows';

CREATE AGGREGATE cohort_survivors_merge(state bytea) (
    SFUNC = cohort_activity_merge_trans, STYPE = internal, FINALFUNC = cohort_survivors_final,
    COMBINEFUNC = cohort_activity_combine,
    SERIALFUNC = cohort_activity_serialize, DESERIALFUNC = cohort_activity_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE cohort_survivors_merge(bytea) IS
    'customers whose last activity over all the states is at or after each period index: equal to cohort_survivors over all their rows';

CREATE FUNCTION cohort_retention(counts int8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'cohort_retention' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cohort_retention(int8[]) IS
    'retention in percent of the cohort size: 100 * counts[k] / counts[1]';

CREATE FUNCTION cohort_periods(counts int8[],
    OUT period_index int4, OUT customers int8, OUT retention_pct float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'cohort_periods' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 24;
COMMENT ON FUNCTION cohort_periods(int8[]) IS
    'one row per period index of a cohort count array: index (0 = first period), customers, percent of the cohort size';

-- Clients that cannot read the curve's text form read it as jsonb: one object per distinct
-- time, the columns of km_points.
-- The body is bound when CREATE EXTENSION runs (BEGIN ATOMIC), with the target schema on the
-- search_path, so every built-in it names is pg_catalog-qualified. km_points is our own function,
-- an exact match of its argument type created just above; it cannot be qualified, since
-- @extschema@ is not substituted in a relocatable extension's script.
CREATE FUNCTION km_curve_jsonb(curve cr_km_curve) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(p.*) ORDER BY p."time"),
                    '[]'::pg_catalog.jsonb)
    FROM km_points(curve) p;
END;
COMMENT ON FUNCTION km_curve_jsonb(cr_km_curve) IS
    'the curve as a jsonb array of {time, at_risk, events, censored, survival, std_error, ci_low, ci_high}, in time order (the rows of km_points)';
CREATE CAST (cr_km_curve AS jsonb) WITH FUNCTION km_curve_jsonb(cr_km_curve);
COMMENT ON CAST (cr_km_curve AS jsonb) IS 'the same as km_curve_jsonb(curve)';
