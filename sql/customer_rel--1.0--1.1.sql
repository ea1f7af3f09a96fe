-- customer_rel 1.0 -> 1.1: everything added after the 1.0 release (1.0's script is frozen).
-- A new CREATE EXTENSION runs customer_rel--1.0.sql and then this file; ALTER EXTENSION
-- customer_rel UPDATE runs this file alone. Same hygiene as the base script (it is trusted):
-- built-ins pg_catalog-qualified, operators written OPERATOR(pg_catalog.x), a COMMENT on every
-- object, every label stated.
\echo Use "ALTER EXTENSION customer_rel UPDATE TO '1.1'" to load this file. \quit

-- ===== Concrete aggregate states: the collecting aggregates distribute on Citus (issue 10) =====
-- 1.0 kept the state of its collecting aggregates as `internal`. Citus runs a custom aggregate's
-- partial aggregation on its workers only for a state type with text input and output, and
-- otherwise pulls every row to the coordinator. Each family of collecting aggregates gets a
-- state type of its own (src/agg_state.c): in memory an expanded object around the family's
-- working state, untouched between rows; flattened, when it leaves the node, into the family's
-- canonical bytes — those of its <agg>_state() functions. The text form is \x and hex digits;
-- input and receive check a state as the family's <agg>_merge() does.
-- The aggregates keep their OIDs (CREATE OR REPLACE AGGREGATE), so views over them stay valid;
-- their `internal` support functions, now unused, are dropped.

CREATE TYPE cr_fit_state;
CREATE FUNCTION cr_fit_state_in(cstring, oid, int4) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_fit_state_in(cstring, oid, int4) IS
    'input function of cr_fit_state: \x and the hex digits of a state, checked as the <model>_fit_merge aggregates check theirs';
CREATE FUNCTION cr_fit_state_out(cr_fit_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cr_agg_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_fit_state_out(cr_fit_state) IS
    'output function of cr_fit_state: \x and the hex digits of the canonical bytes';
CREATE FUNCTION cr_fit_state_recv(internal, oid, int4) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_fit_state_recv(internal, oid, int4) IS
    'binary input function of cr_fit_state (checks version, lengths and every row)';
CREATE FUNCTION cr_fit_state_send(cr_fit_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cr_agg_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_fit_state_send(cr_fit_state) IS
    'binary output function of cr_fit_state: the canonical bytes (those of <model>_fit_state)';
CREATE TYPE cr_fit_state (
    INPUT = cr_fit_state_in,
    OUTPUT = cr_fit_state_out,
    RECEIVE = cr_fit_state_recv,
    SEND = cr_fit_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE cr_fit_state IS
    'state of the model-fitting aggregates (bgnbd_fit, pareto_nbd_fit, gamma_gamma_fit, bgbb_fit and their _state, _merge, _diagnostics forms): the distinct rows and their weights, sorted; version byte, kind letter, columns, time unit, rows';

CREATE FUNCTION bgbb_fit_trans(cr_fit_state, bigint, bigint, bigint) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'bgbb_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_fit_trans(cr_fit_state, bigint, bigint, bigint) IS
    'transition function of bgbb_fit: adds (frequency, recency, n_periods) to the histogram';
CREATE FUNCTION bgbb_fit_trans(cr_fit_state, bigint, bigint, bigint, double precision) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'bgbb_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_fit_trans(cr_fit_state, bigint, bigint, bigint, double precision) IS
    'transition function of bgbb_fit: adds (frequency, recency, n_periods) with a weight to the histogram';
CREATE FUNCTION bgbb_fit_merge_trans(cr_fit_state, bytea) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'bgbb_fit_merge_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_fit_merge_trans(cr_fit_state, bytea) IS
    'transition function of bgbb_fit_merge: checks a state made by bgbb_fit_state, row by row, and adds it to the histogram';
CREATE FUNCTION bgnbd_fit_trans(cr_fit_state, double precision, double precision, double precision) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'bgnbd_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_trans(cr_fit_state, double precision, double precision, double precision) IS
    'transition function of bgnbd_fit and mbgnbd_fit: adds (frequency, recency, t) to the histogram';
CREATE FUNCTION bgnbd_fit_trans(cr_fit_state, double precision, double precision, double precision, double precision) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'bgnbd_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_trans(cr_fit_state, double precision, double precision, double precision, double precision) IS
    'transition function of bgnbd_fit and mbgnbd_fit: adds (frequency, recency, t) with a weight to the histogram';
CREATE FUNCTION bgnbd_fit_trans(cr_fit_state, cr_rfm) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'bgnbd_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_trans(cr_fit_state, cr_rfm) IS
    'transition function of bgnbd_fit and mbgnbd_fit over cr_rfm summaries: adds (frequency, recency, t) and records the summaries'' time unit';
CREATE FUNCTION bgnbd_fit_merge_trans(cr_fit_state, bytea) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'bgnbd_fit_merge_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_merge_trans(cr_fit_state, bytea) IS
    'transition function of bgnbd_fit_merge and mbgnbd_fit_merge: checks a state made by bgnbd_fit_state or mbgnbd_fit_state, row by row, and adds it to the histogram';
CREATE FUNCTION gamma_gamma_fit_trans(cr_fit_state, double precision, double precision) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_trans(cr_fit_state, double precision, double precision) IS
    'transition function of gamma_gamma_fit: adds (frequency, monetary) of a repeat customer to the histogram';
CREATE FUNCTION gamma_gamma_fit_trans(cr_fit_state, double precision, double precision, double precision) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_trans(cr_fit_state, double precision, double precision, double precision) IS
    'transition function of gamma_gamma_fit: adds (frequency, monetary) with a weight to the histogram';
CREATE FUNCTION gamma_gamma_fit_trans(cr_fit_state, cr_rfm) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_trans(cr_fit_state, cr_rfm) IS
    'transition function of gamma_gamma_fit over cr_rfm summaries: adds (frequency, monetary) of a repeat customer to the histogram';
CREATE FUNCTION gamma_gamma_fit_merge_trans(cr_fit_state, bytea) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_merge_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_merge_trans(cr_fit_state, bytea) IS
    'transition function of gamma_gamma_fit_merge: checks a state made by gamma_gamma_fit_state, row by row, and adds it to the histogram';
CREATE FUNCTION pareto_nbd_fit_trans(cr_fit_state, double precision, double precision, double precision) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_trans(cr_fit_state, double precision, double precision, double precision) IS
    'transition function of pareto_nbd_fit: adds (frequency, recency, t) to the histogram';
CREATE FUNCTION pareto_nbd_fit_trans(cr_fit_state, double precision, double precision, double precision, double precision) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_trans(cr_fit_state, double precision, double precision, double precision, double precision) IS
    'transition function of pareto_nbd_fit: adds (frequency, recency, t) with a weight to the histogram';
CREATE FUNCTION pareto_nbd_fit_trans(cr_fit_state, cr_rfm) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_trans(cr_fit_state, cr_rfm) IS
    'transition function of pareto_nbd_fit over cr_rfm summaries: adds (frequency, recency, t) and records the summaries'' time unit';
CREATE FUNCTION pareto_nbd_fit_merge_trans(cr_fit_state, bytea) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_merge_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_merge_trans(cr_fit_state, bytea) IS
    'transition function of pareto_nbd_fit_merge: checks a state made by pareto_nbd_fit_state, row by row, and adds it to the histogram';
CREATE FUNCTION bgbb_fit_final(cr_fit_state) RETURNS cr_bgbb_model
    AS 'MODULE_PATHNAME', 'bgbb_fit_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_fit_final(cr_fit_state) IS
    'final function of bgbb_fit: maximum-likelihood fit of BG/BB on the histogram';
CREATE FUNCTION bgbb_fit_state_final(cr_fit_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'bgbb_fit_state_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_fit_state_final(cr_fit_state) IS
    'final function of bgbb_fit_state: the histogram as a portable state (version byte, kind byte ''D'', columns, rows), NULL when there are no customers';
CREATE FUNCTION bgnbd_fit_final(cr_fit_state) RETURNS cr_bgnbd_model
    AS 'MODULE_PATHNAME', 'bgnbd_fit_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_final(cr_fit_state) IS
    'final function of bgnbd_fit: maximum-likelihood fit of BG/NBD on the histogram';
CREATE FUNCTION bgnbd_fit_state_final(cr_fit_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'bgnbd_fit_state_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_state_final(cr_fit_state) IS
    'final function of bgnbd_fit_state and mbgnbd_fit_state: the histogram as a portable state (version byte, kind byte ''B'', columns, rows), NULL when there are no customers';
CREATE FUNCTION gamma_gamma_fit_final(cr_fit_state) RETURNS cr_gamma_gamma_model
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_final(cr_fit_state) IS
    'final function of gamma_gamma_fit: maximum-likelihood fit of the Gamma-Gamma model';
CREATE FUNCTION gamma_gamma_fit_state_final(cr_fit_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_state_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_state_final(cr_fit_state) IS
    'final function of gamma_gamma_fit_state: the histogram as a portable state (version byte, kind byte ''G'', columns, rows), NULL when there are no repeat customers';
CREATE FUNCTION mbgnbd_fit_final(cr_fit_state) RETURNS cr_mbgnbd_model
    AS 'MODULE_PATHNAME', 'mbgnbd_fit_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_fit_final(cr_fit_state) IS
    'final function of mbgnbd_fit: maximum-likelihood fit of MBG/NBD on the histogram';
CREATE FUNCTION pareto_nbd_fit_final(cr_fit_state) RETURNS cr_pareto_nbd_model
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_final(cr_fit_state) IS
    'final function of pareto_nbd_fit: maximum-likelihood fit of Pareto/NBD on the histogram';
CREATE FUNCTION pareto_nbd_fit_state_final(cr_fit_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_state_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_state_final(cr_fit_state) IS
    'final function of pareto_nbd_fit_state: the histogram as a portable state (version byte, kind byte ''P'', columns, rows), NULL when there are no customers';
CREATE FUNCTION btyd_fit_combine(cr_fit_state, cr_fit_state) RETURNS cr_fit_state
    AS 'MODULE_PATHNAME', 'btyd_fit_combine_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION btyd_fit_combine(cr_fit_state, cr_fit_state) IS
    'combine function of the model-fitting aggregates: merges two histograms of distinct customers';

CREATE OR REPLACE AGGREGATE bgbb_fit(frequency bigint, recency bigint, n_periods bigint) (
    SFUNC = bgbb_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgbb_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE bgbb_fit(frequency bigint, recency bigint, n_periods bigint, weight double precision) (
    SFUNC = bgbb_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgbb_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE bgbb_fit_merge(state bytea) (
    SFUNC = bgbb_fit_merge_trans, STYPE = cr_fit_state, FINALFUNC = bgbb_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE bgbb_fit_state(frequency bigint, recency bigint, n_periods bigint) (
    SFUNC = bgbb_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgbb_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE bgbb_fit_state(frequency bigint, recency bigint, n_periods bigint, weight double precision) (
    SFUNC = bgbb_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgbb_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE bgnbd_fit(frequency double precision, recency double precision, t double precision) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE bgnbd_fit(frequency double precision, recency double precision, t double precision, weight double precision) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE bgnbd_fit(summary cr_rfm) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE bgnbd_fit_merge(state bytea) (
    SFUNC = bgnbd_fit_merge_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE bgnbd_fit_state(frequency double precision, recency double precision, t double precision) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE bgnbd_fit_state(frequency double precision, recency double precision, t double precision, weight double precision) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE bgnbd_fit_state(summary cr_rfm) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE gamma_gamma_fit(frequency double precision, monetary double precision) (
    SFUNC = gamma_gamma_fit_trans, STYPE = cr_fit_state, FINALFUNC = gamma_gamma_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE gamma_gamma_fit(frequency double precision, monetary double precision, weight double precision) (
    SFUNC = gamma_gamma_fit_trans, STYPE = cr_fit_state, FINALFUNC = gamma_gamma_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE gamma_gamma_fit(summary cr_rfm) (
    SFUNC = gamma_gamma_fit_trans, STYPE = cr_fit_state, FINALFUNC = gamma_gamma_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE gamma_gamma_fit_merge(state bytea) (
    SFUNC = gamma_gamma_fit_merge_trans, STYPE = cr_fit_state, FINALFUNC = gamma_gamma_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE gamma_gamma_fit_state(frequency double precision, monetary double precision) (
    SFUNC = gamma_gamma_fit_trans, STYPE = cr_fit_state, FINALFUNC = gamma_gamma_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE gamma_gamma_fit_state(frequency double precision, monetary double precision, weight double precision) (
    SFUNC = gamma_gamma_fit_trans, STYPE = cr_fit_state, FINALFUNC = gamma_gamma_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE gamma_gamma_fit_state(summary cr_rfm) (
    SFUNC = gamma_gamma_fit_trans, STYPE = cr_fit_state, FINALFUNC = gamma_gamma_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE mbgnbd_fit(frequency double precision, recency double precision, t double precision) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = mbgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE mbgnbd_fit(frequency double precision, recency double precision, t double precision, weight double precision) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = mbgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE mbgnbd_fit(summary cr_rfm) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = mbgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE mbgnbd_fit_merge(state bytea) (
    SFUNC = bgnbd_fit_merge_trans, STYPE = cr_fit_state, FINALFUNC = mbgnbd_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE mbgnbd_fit_state(frequency double precision, recency double precision, t double precision) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE mbgnbd_fit_state(frequency double precision, recency double precision, t double precision, weight double precision) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE mbgnbd_fit_state(summary cr_rfm) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE pareto_nbd_fit(frequency double precision, recency double precision, t double precision) (
    SFUNC = pareto_nbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = pareto_nbd_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE pareto_nbd_fit(frequency double precision, recency double precision, t double precision, weight double precision) (
    SFUNC = pareto_nbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = pareto_nbd_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE pareto_nbd_fit(summary cr_rfm) (
    SFUNC = pareto_nbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = pareto_nbd_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE pareto_nbd_fit_merge(state bytea) (
    SFUNC = pareto_nbd_fit_merge_trans, STYPE = cr_fit_state, FINALFUNC = pareto_nbd_fit_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE pareto_nbd_fit_state(frequency double precision, recency double precision, t double precision) (
    SFUNC = pareto_nbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = pareto_nbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE pareto_nbd_fit_state(frequency double precision, recency double precision, t double precision, weight double precision) (
    SFUNC = pareto_nbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = pareto_nbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE pareto_nbd_fit_state(summary cr_rfm) (
    SFUNC = pareto_nbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = pareto_nbd_fit_state_final,
    COMBINEFUNC = btyd_fit_combine, PARALLEL = SAFE);

DROP FUNCTION bgbb_fit_trans(internal, bigint, bigint, bigint);
DROP FUNCTION bgbb_fit_trans(internal, bigint, bigint, bigint, double precision);
DROP FUNCTION bgbb_fit_merge_trans(internal, bytea);
DROP FUNCTION bgnbd_fit_trans(internal, double precision, double precision, double precision);
DROP FUNCTION bgnbd_fit_trans(internal, double precision, double precision, double precision, double precision);
DROP FUNCTION bgnbd_fit_trans(internal, cr_rfm);
DROP FUNCTION bgnbd_fit_merge_trans(internal, bytea);
DROP FUNCTION gamma_gamma_fit_trans(internal, double precision, double precision);
DROP FUNCTION gamma_gamma_fit_trans(internal, double precision, double precision, double precision);
DROP FUNCTION gamma_gamma_fit_trans(internal, cr_rfm);
DROP FUNCTION gamma_gamma_fit_merge_trans(internal, bytea);
DROP FUNCTION pareto_nbd_fit_trans(internal, double precision, double precision, double precision);
DROP FUNCTION pareto_nbd_fit_trans(internal, double precision, double precision, double precision, double precision);
DROP FUNCTION pareto_nbd_fit_trans(internal, cr_rfm);
DROP FUNCTION pareto_nbd_fit_merge_trans(internal, bytea);
DROP FUNCTION bgbb_fit_final(internal);
DROP FUNCTION bgbb_fit_state_final(internal);
DROP FUNCTION bgnbd_fit_final(internal);
DROP FUNCTION bgnbd_fit_state_final(internal);
DROP FUNCTION gamma_gamma_fit_final(internal);
DROP FUNCTION gamma_gamma_fit_state_final(internal);
DROP FUNCTION mbgnbd_fit_final(internal);
DROP FUNCTION pareto_nbd_fit_final(internal);
DROP FUNCTION pareto_nbd_fit_state_final(internal);
DROP FUNCTION btyd_fit_combine(internal, internal);
DROP FUNCTION btyd_fit_serialize(internal);
DROP FUNCTION btyd_fit_deserialize(bytea, internal);

CREATE TYPE cr_sbg_state;
CREATE FUNCTION cr_sbg_state_in(cstring, oid, int4) RETURNS cr_sbg_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_sbg_state_in(cstring, oid, int4) IS
    'input function of cr_sbg_state: \x and the hex digits of a state, checked as sbg_fit_merge checks its states';
CREATE FUNCTION cr_sbg_state_out(cr_sbg_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cr_agg_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_sbg_state_out(cr_sbg_state) IS
    'output function of cr_sbg_state: \x and the hex digits of the canonical bytes';
CREATE FUNCTION cr_sbg_state_recv(internal, oid, int4) RETURNS cr_sbg_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_sbg_state_recv(internal, oid, int4) IS
    'binary input function of cr_sbg_state (checks version, lengths and every value)';
CREATE FUNCTION cr_sbg_state_send(cr_sbg_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cr_agg_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_sbg_state_send(cr_sbg_state) IS
    'binary output function of cr_sbg_state: the canonical bytes (those of sbg_fit_state)';
CREATE TYPE cr_sbg_state (
    INPUT = cr_sbg_state_in,
    OUTPUT = cr_sbg_state_out,
    RECEIVE = cr_sbg_state_recv,
    SEND = cr_sbg_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE cr_sbg_state IS
    'state of sbg_fit and its _state, _merge and _diagnostics forms: the active customers summed per period; version byte, kind S, last period, a count per period (-1 = no row)';

CREATE FUNCTION sbg_fit_trans(cr_sbg_state, integer, bigint) RETURNS cr_sbg_state
    AS 'MODULE_PATHNAME', 'sbg_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_trans(cr_sbg_state, integer, bigint) IS
    'transition function of sbg_fit(int4, int8)';
CREATE FUNCTION sbg_fit_merge_trans(cr_sbg_state, bytea) RETURNS cr_sbg_state
    AS 'MODULE_PATHNAME', 'sbg_fit_merge_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_merge_trans(cr_sbg_state, bytea) IS
    'transition function of sbg_fit_merge: checks a state made by sbg_fit_state and adds its counts';
CREATE FUNCTION sbg_fit_final(cr_sbg_state) RETURNS cr_sbg_model
    AS 'MODULE_PATHNAME', 'sbg_fit_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_final(cr_sbg_state) IS
    'final function of sbg_fit(int4, int8)';
CREATE FUNCTION sbg_fit_state_final(cr_sbg_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'sbg_fit_state_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_state_final(cr_sbg_state) IS
    'final function of sbg_fit_state: the active customers per period as a portable state (version byte, kind byte ''S'', int4 last period, int8 count per period), NULL for no rows';
CREATE FUNCTION sbg_fit_combine(cr_sbg_state, cr_sbg_state) RETURNS cr_sbg_state
    AS 'MODULE_PATHNAME', 'sbg_fit_combine_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_combine(cr_sbg_state, cr_sbg_state) IS
    'combine function of sbg_fit(int4, int8)';

CREATE OR REPLACE AGGREGATE sbg_fit(period integer, active bigint) (
    SFUNC = sbg_fit_trans, STYPE = cr_sbg_state, FINALFUNC = sbg_fit_final,
    COMBINEFUNC = sbg_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE sbg_fit_merge(state bytea) (
    SFUNC = sbg_fit_merge_trans, STYPE = cr_sbg_state, FINALFUNC = sbg_fit_final,
    COMBINEFUNC = sbg_fit_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE sbg_fit_state(period integer, active bigint) (
    SFUNC = sbg_fit_trans, STYPE = cr_sbg_state, FINALFUNC = sbg_fit_state_final,
    COMBINEFUNC = sbg_fit_combine, PARALLEL = SAFE);

DROP FUNCTION sbg_fit_trans(internal, integer, bigint);
DROP FUNCTION sbg_fit_merge_trans(internal, bytea);
DROP FUNCTION sbg_fit_final(internal);
DROP FUNCTION sbg_fit_state_final(internal);
DROP FUNCTION sbg_fit_combine(internal, internal);
DROP FUNCTION sbg_fit_serialize(internal);
DROP FUNCTION sbg_fit_deserialize(bytea, internal);

CREATE TYPE cr_km_state;
CREATE FUNCTION cr_km_state_in(cstring, oid, int4) RETURNS cr_km_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_km_state_in(cstring, oid, int4) IS
    'input function of cr_km_state: \x and the hex digits of a state, checked as cr_km_curve input checks a life table';
CREATE FUNCTION cr_km_state_out(cr_km_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cr_agg_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_km_state_out(cr_km_state) IS
    'output function of cr_km_state: \x and the hex digits of the canonical bytes';
CREATE FUNCTION cr_km_state_recv(internal, oid, int4) RETURNS cr_km_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_km_state_recv(internal, oid, int4) IS
    'binary input function of cr_km_state (checks version, lengths and every value)';
CREATE FUNCTION cr_km_state_send(cr_km_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cr_agg_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_km_state_send(cr_km_state) IS
    'binary output function of cr_km_state: the canonical bytes (the cr_km_curve binary layout)';
CREATE TYPE cr_km_state (
    INPUT = cr_km_state_in,
    OUTPUT = cr_km_state_out,
    RECEIVE = cr_km_state_recv,
    SEND = cr_km_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE cr_km_state IS
    'state of kaplan_meier and km_merge: the life table, events and censored per distinct duration; the cr_km_curve binary layout, durations ascending';

CREATE FUNCTION kaplan_meier_trans(cr_km_state, double precision, boolean) RETURNS cr_km_state
    AS 'MODULE_PATHNAME', 'kaplan_meier_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kaplan_meier_trans(cr_km_state, double precision, boolean) IS
    'transition function of kaplan_meier(float8, bool)';
CREATE FUNCTION km_merge_trans(cr_km_state, cr_km_curve) RETURNS cr_km_state
    AS 'MODULE_PATHNAME', 'km_merge_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION km_merge_trans(cr_km_state, cr_km_curve) IS
    'transition function of km_merge(cr_km_curve)';
CREATE FUNCTION kaplan_meier_final(cr_km_state) RETURNS cr_km_curve
    AS 'MODULE_PATHNAME', 'kaplan_meier_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kaplan_meier_final(cr_km_state) IS
    'final function of kaplan_meier(float8, bool)';
CREATE FUNCTION kaplan_meier_combine(cr_km_state, cr_km_state) RETURNS cr_km_state
    AS 'MODULE_PATHNAME', 'kaplan_meier_combine_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kaplan_meier_combine(cr_km_state, cr_km_state) IS
    'combine function of kaplan_meier(float8, bool)';

CREATE OR REPLACE AGGREGATE kaplan_meier(duration double precision, event boolean) (
    SFUNC = kaplan_meier_trans, STYPE = cr_km_state, FINALFUNC = kaplan_meier_final,
    COMBINEFUNC = kaplan_meier_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE km_merge(curve cr_km_curve) (
    SFUNC = km_merge_trans, STYPE = cr_km_state, FINALFUNC = kaplan_meier_final,
    COMBINEFUNC = kaplan_meier_combine, PARALLEL = SAFE);

DROP FUNCTION kaplan_meier_trans(internal, double precision, boolean);
DROP FUNCTION km_merge_trans(internal, cr_km_curve);
DROP FUNCTION kaplan_meier_final(internal);
DROP FUNCTION kaplan_meier_combine(internal, internal);
DROP FUNCTION kaplan_meier_serialize(internal);
DROP FUNCTION kaplan_meier_deserialize(bytea, internal);

CREATE TYPE cr_cohort_state;
CREATE FUNCTION cr_cohort_state_in(cstring, oid, int4) RETURNS cr_cohort_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_cohort_state_in(cstring, oid, int4) IS
    'input function of cr_cohort_state: \x and the hex digits of a state, checked as cohort_activity_merge checks its states';
CREATE FUNCTION cr_cohort_state_out(cr_cohort_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cr_agg_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_cohort_state_out(cr_cohort_state) IS
    'output function of cr_cohort_state: \x and the hex digits of the canonical bytes';
CREATE FUNCTION cr_cohort_state_recv(internal, oid, int4) RETURNS cr_cohort_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_cohort_state_recv(internal, oid, int4) IS
    'binary input function of cr_cohort_state (checks version, lengths and every value)';
CREATE FUNCTION cr_cohort_state_send(cr_cohort_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cr_agg_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_cohort_state_send(cr_cohort_state) IS
    'binary output function of cr_cohort_state: the canonical bytes (those of cohort_activity_state)';
CREATE TYPE cr_cohort_state (
    INPUT = cr_cohort_state_in,
    OUTPUT = cr_cohort_state_out,
    RECEIVE = cr_cohort_state_recv,
    SEND = cr_cohort_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE cr_cohort_state IS
    'state of cohort_activity, cohort_survivors and their _state and _merge forms: each customer key with the set of period indexes it was active in; the portable form of cohort_activity_state, keys sorted';

CREATE FUNCTION cohort_activity_trans(cr_cohort_state, bigint, integer) RETURNS cr_cohort_state
    AS 'MODULE_PATHNAME', 'cohort_activity_trans_int8_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_trans(cr_cohort_state, bigint, integer) IS
    'transition function of cohort_activity and cohort_survivors over bigint keys';
CREATE FUNCTION cohort_activity_trans(cr_cohort_state, text, integer) RETURNS cr_cohort_state
    AS 'MODULE_PATHNAME', 'cohort_activity_trans_text_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_trans(cr_cohort_state, text, integer) IS
    'transition function of cohort_activity and cohort_survivors over text keys (compared byte for byte)';
CREATE FUNCTION cohort_activity_trans(cr_cohort_state, uuid, integer) RETURNS cr_cohort_state
    AS 'MODULE_PATHNAME', 'cohort_activity_trans_uuid_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_trans(cr_cohort_state, uuid, integer) IS
    'transition function of cohort_activity and cohort_survivors over uuid keys';
CREATE FUNCTION cohort_activity_merge_trans(cr_cohort_state, bytea) RETURNS cr_cohort_state
    AS 'MODULE_PATHNAME', 'cohort_activity_merge_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_merge_trans(cr_cohort_state, bytea) IS
    'transition function of cohort_activity_merge and cohort_survivors_merge: checks a state made by cohort_activity_state and merges its customers';
CREATE FUNCTION cohort_activity_final(cr_cohort_state) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'cohort_activity_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_final(cr_cohort_state) IS
    'final function of cohort_activity';
CREATE FUNCTION cohort_activity_state_final(cr_cohort_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cohort_activity_state_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_state_final(cr_cohort_state) IS
    'final function of cohort_activity_state and cohort_survivors_state: the customers and their active period indexes as a portable state, NULL for no rows';
CREATE FUNCTION cohort_survivors_final(cr_cohort_state) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'cohort_survivors_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_survivors_final(cr_cohort_state) IS
    'final function of cohort_survivors';
CREATE FUNCTION cohort_activity_combine(cr_cohort_state, cr_cohort_state) RETURNS cr_cohort_state
    AS 'MODULE_PATHNAME', 'cohort_activity_combine_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cohort_activity_combine(cr_cohort_state, cr_cohort_state) IS
    'combine function of cohort_activity and cohort_survivors';

CREATE OR REPLACE AGGREGATE cohort_activity(customer_key bigint, period_index integer) (
    SFUNC = cohort_activity_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_activity_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_activity(customer_key text, period_index integer) (
    SFUNC = cohort_activity_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_activity_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_activity(customer_key uuid, period_index integer) (
    SFUNC = cohort_activity_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_activity_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_activity_merge(state bytea) (
    SFUNC = cohort_activity_merge_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_activity_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_activity_state(customer_key bigint, period_index integer) (
    SFUNC = cohort_activity_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_activity_state_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_activity_state(customer_key text, period_index integer) (
    SFUNC = cohort_activity_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_activity_state_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_activity_state(customer_key uuid, period_index integer) (
    SFUNC = cohort_activity_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_activity_state_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_survivors(customer_key bigint, period_index integer) (
    SFUNC = cohort_activity_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_survivors_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_survivors(customer_key text, period_index integer) (
    SFUNC = cohort_activity_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_survivors_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_survivors(customer_key uuid, period_index integer) (
    SFUNC = cohort_activity_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_survivors_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_survivors_merge(state bytea) (
    SFUNC = cohort_activity_merge_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_survivors_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_survivors_state(customer_key bigint, period_index integer) (
    SFUNC = cohort_activity_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_activity_state_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_survivors_state(customer_key text, period_index integer) (
    SFUNC = cohort_activity_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_activity_state_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

CREATE OR REPLACE AGGREGATE cohort_survivors_state(customer_key uuid, period_index integer) (
    SFUNC = cohort_activity_trans, STYPE = cr_cohort_state, FINALFUNC = cohort_activity_state_final,
    COMBINEFUNC = cohort_activity_combine, PARALLEL = SAFE);

DROP FUNCTION cohort_activity_trans(internal, bigint, integer);
DROP FUNCTION cohort_activity_trans(internal, text, integer);
DROP FUNCTION cohort_activity_trans(internal, uuid, integer);
DROP FUNCTION cohort_activity_merge_trans(internal, bytea);
DROP FUNCTION cohort_activity_final(internal);
DROP FUNCTION cohort_activity_state_final(internal);
DROP FUNCTION cohort_survivors_final(internal);
DROP FUNCTION cohort_activity_combine(internal, internal);
DROP FUNCTION cohort_activity_serialize(internal);
DROP FUNCTION cohort_activity_deserialize(bytea, internal);

CREATE TYPE cr_logrank_state;
CREATE FUNCTION cr_logrank_state_in(cstring, oid, int4) RETURNS cr_logrank_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_logrank_state_in(cstring, oid, int4) IS
    'input function of cr_logrank_state: \x and the hex digits of a state; every length, name and life-table point is checked';
CREATE FUNCTION cr_logrank_state_out(cr_logrank_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cr_agg_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_logrank_state_out(cr_logrank_state) IS
    'output function of cr_logrank_state: \x and the hex digits of the canonical bytes';
CREATE FUNCTION cr_logrank_state_recv(internal, oid, int4) RETURNS cr_logrank_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_logrank_state_recv(internal, oid, int4) IS
    'binary input function of cr_logrank_state (checks version, lengths and every value)';
CREATE FUNCTION cr_logrank_state_send(cr_logrank_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cr_agg_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_logrank_state_send(cr_logrank_state) IS
    'binary output function of cr_logrank_state: the canonical bytes';
CREATE TYPE cr_logrank_state (
    INPUT = cr_logrank_state_in,
    OUTPUT = cr_logrank_state_out,
    RECEIVE = cr_logrank_state_recv,
    SEND = cr_logrank_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE cr_logrank_state IS
    'state of logrank_test and km_logrank: a life table (events and censored per distinct duration) per (stratum, group); version byte, kind L, cells in (stratum, group) order, durations ascending';







CREATE TYPE cr_sbg_compare_state;
CREATE FUNCTION cr_sbg_compare_state_in(cstring, oid, int4) RETURNS cr_sbg_compare_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_sbg_compare_state_in(cstring, oid, int4) IS
    'input function of cr_sbg_compare_state: \x and the hex digits of a state; every length, name and survivors array is checked as sbg_compare checks its input';
CREATE FUNCTION cr_sbg_compare_state_out(cr_sbg_compare_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cr_agg_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_sbg_compare_state_out(cr_sbg_compare_state) IS
    'output function of cr_sbg_compare_state: \x and the hex digits of the canonical bytes';
CREATE FUNCTION cr_sbg_compare_state_recv(internal, oid, int4) RETURNS cr_sbg_compare_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_sbg_compare_state_recv(internal, oid, int4) IS
    'binary input function of cr_sbg_compare_state (checks version, lengths and every value)';
CREATE FUNCTION cr_sbg_compare_state_send(cr_sbg_compare_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cr_agg_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_sbg_compare_state_send(cr_sbg_compare_state) IS
    'binary output function of cr_sbg_compare_state: the canonical bytes';
CREATE TYPE cr_sbg_compare_state (
    INPUT = cr_sbg_compare_state_in,
    OUTPUT = cr_sbg_compare_state_out,
    RECEIVE = cr_sbg_compare_state_recv,
    SEND = cr_sbg_compare_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE cr_sbg_compare_state IS
    'state of sbg_compare: the survivors per period of each group, summed; version byte, kind C, groups in order';







CREATE TYPE cr_cov_fit_state;
CREATE FUNCTION cr_cov_fit_state_in(cstring, oid, int4) RETURNS cr_cov_fit_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_cov_fit_state_in(cstring, oid, int4) IS
    'input function of cr_cov_fit_state: \x and the hex digits of a state; every customer is checked as the covariate fits check their input';
CREATE FUNCTION cr_cov_fit_state_out(cr_cov_fit_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cr_agg_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_cov_fit_state_out(cr_cov_fit_state) IS
    'output function of cr_cov_fit_state: \x and the hex digits of the canonical bytes';
CREATE FUNCTION cr_cov_fit_state_recv(internal, oid, int4) RETURNS cr_cov_fit_state
    AS 'MODULE_PATHNAME', 'cr_agg_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_cov_fit_state_recv(internal, oid, int4) IS
    'binary input function of cr_cov_fit_state (checks version, lengths and every value)';
CREATE FUNCTION cr_cov_fit_state_send(cr_cov_fit_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cr_agg_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_cov_fit_state_send(cr_cov_fit_state) IS
    'binary output function of cr_cov_fit_state: the canonical bytes';
CREATE TYPE cr_cov_fit_state (
    INPUT = cr_cov_fit_state_in,
    OUTPUT = cr_cov_fit_state_out,
    RECEIVE = cr_cov_fit_state_recv,
    SEND = cr_cov_fit_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE cr_cov_fit_state IS
    'state of the covariate fits bgnbd_fit and pareto_nbd_fit (frequency, recency, t, purchase_covariates, dropout_covariates): every customer with its covariates; version byte, covariate counts, rows in ascending order';







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

CREATE FUNCTION logrank_test_trans(cr_logrank_state, float8, bool, text) RETURNS cr_logrank_state
    AS 'MODULE_PATHNAME', 'logrank_test_trans_typed' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION logrank_test_trans(cr_logrank_state, float8, bool, text) IS
    'transition function of logrank_test(float8, bool, text)';
CREATE FUNCTION logrank_test_trans(cr_logrank_state, float8, bool, text, text) RETURNS cr_logrank_state
    AS 'MODULE_PATHNAME', 'logrank_test_strata_trans_typed' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION logrank_test_trans(cr_logrank_state, float8, bool, text, text) IS
    'transition function of logrank_test(float8, bool, text, text)';
CREATE FUNCTION km_logrank_trans(cr_logrank_state, text, cr_km_curve) RETURNS cr_logrank_state
    AS 'MODULE_PATHNAME', 'km_logrank_trans_typed' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION km_logrank_trans(cr_logrank_state, text, cr_km_curve) IS
    'transition function of km_logrank(text, cr_km_curve)';
CREATE FUNCTION km_logrank_trans(cr_logrank_state, text, text, cr_km_curve) RETURNS cr_logrank_state
    AS 'MODULE_PATHNAME', 'km_logrank_strata_trans_typed' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION km_logrank_trans(cr_logrank_state, text, text, cr_km_curve) IS
    'transition function of km_logrank(text, text, cr_km_curve)';
CREATE FUNCTION logrank_test_combine(cr_logrank_state, cr_logrank_state) RETURNS cr_logrank_state
    AS 'MODULE_PATHNAME', 'logrank_test_combine_typed' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION logrank_test_combine(cr_logrank_state, cr_logrank_state) IS
    'combine function of logrank_test and km_logrank';
CREATE FUNCTION logrank_test_final(cr_logrank_state) RETURNS cr_logrank_test
    AS 'MODULE_PATHNAME', 'logrank_test_final_typed' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION logrank_test_final(cr_logrank_state) IS
    'final function of logrank_test and km_logrank';

CREATE AGGREGATE logrank_test(duration float8, event bool, grp text) (
    SFUNC = logrank_test_trans, STYPE = cr_logrank_state, FINALFUNC = logrank_test_final,
    COMBINEFUNC = logrank_test_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE logrank_test(float8, bool, text) IS
    'log-rank test that the survival of the groups grp is the same: durations >= 0 (any unit), event = true for an observed event, false for censored; rows with a NULL are ignored; at least two groups';

CREATE AGGREGATE logrank_test(duration float8, event bool, grp text, stratum text) (
    SFUNC = logrank_test_trans, STYPE = cr_logrank_state, FINALFUNC = logrank_test_final,
    COMBINEFUNC = logrank_test_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE logrank_test(float8, bool, text, text) IS
    'stratified log-rank test: observed, expected and variance computed within each stratum and summed (a stratum with a single group adds nothing to the statistic); rows with a NULL are ignored';

CREATE AGGREGATE km_logrank(grp text, curve cr_km_curve) (
    SFUNC = km_logrank_trans, STYPE = cr_logrank_state, FINALFUNC = logrank_test_final,
    COMBINEFUNC = logrank_test_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE km_logrank(text, cr_km_curve) IS
    'log-rank test over stored Kaplan-Meier life tables, one or more per group (curves of the same group are merged): the same result as logrank_test over the subjects behind them';

CREATE AGGREGATE km_logrank(grp text, stratum text, curve cr_km_curve) (
    SFUNC = km_logrank_trans, STYPE = cr_logrank_state, FINALFUNC = logrank_test_final,
    COMBINEFUNC = logrank_test_combine,
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

CREATE FUNCTION sbg_compare_trans(cr_sbg_compare_state, text, float8[]) RETURNS cr_sbg_compare_state
    AS 'MODULE_PATHNAME', 'sbg_compare_trans_typed' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_compare_trans(cr_sbg_compare_state, text, float8[]) IS
    'transition function of sbg_compare(text, float8[])';
CREATE FUNCTION sbg_compare_combine(cr_sbg_compare_state, cr_sbg_compare_state) RETURNS cr_sbg_compare_state
    AS 'MODULE_PATHNAME', 'sbg_compare_combine_typed' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_compare_combine(cr_sbg_compare_state, cr_sbg_compare_state) IS
    'combine function of sbg_compare(text, float8[])';
CREATE FUNCTION sbg_compare_final(cr_sbg_compare_state) RETURNS cr_sbg_comparison
    AS 'MODULE_PATHNAME', 'sbg_compare_final_typed' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_compare_final(cr_sbg_compare_state) IS
    'final function of sbg_compare(text, float8[])';

CREATE AGGREGATE sbg_compare(grp text, survivors float8[]) (
    SFUNC = sbg_compare_trans, STYPE = cr_sbg_compare_state, FINALFUNC = sbg_compare_final,
    COMBINEFUNC = sbg_compare_combine,
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
CREATE FUNCTION btyd_cov_fit_trans(cr_cov_fit_state, float8, float8, float8, float8[], float8[])
    RETURNS cr_cov_fit_state AS 'MODULE_PATHNAME', 'btyd_cov_fit_trans_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION btyd_cov_fit_trans(cr_cov_fit_state, float8, float8, float8, float8[], float8[]) IS
    'transition function of bgnbd_fit and pareto_nbd_fit with covariates: adds the customer (frequency, recency, t, purchase and dropout covariates)';

CREATE FUNCTION btyd_cov_fit_combine(cr_cov_fit_state, cr_cov_fit_state) RETURNS cr_cov_fit_state
    AS 'MODULE_PATHNAME', 'btyd_cov_fit_combine_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION btyd_cov_fit_combine(cr_cov_fit_state, cr_cov_fit_state) IS
    'combine function of the fits with covariates: appends the customers of two states';

CREATE FUNCTION bgnbd_cov_fit_final(cr_cov_fit_state) RETURNS cr_bgnbd_cov_model
    AS 'MODULE_PATHNAME', 'bgnbd_cov_fit_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_cov_fit_final(cr_cov_fit_state) IS
    'final function of bgnbd_fit with covariates: maximum-likelihood fit';

CREATE FUNCTION pareto_nbd_cov_fit_final(cr_cov_fit_state) RETURNS cr_pareto_nbd_cov_model
    AS 'MODULE_PATHNAME', 'pareto_nbd_cov_fit_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_cov_fit_final(cr_cov_fit_state) IS
    'final function of pareto_nbd_fit with covariates: maximum-likelihood fit';

CREATE AGGREGATE bgnbd_fit(frequency float8, recency float8, t float8,
                           purchase_covariates float8[], dropout_covariates float8[]) (
    SFUNC = btyd_cov_fit_trans, STYPE = cr_cov_fit_state, FINALFUNC = bgnbd_cov_fit_final,
    COMBINEFUNC = btyd_cov_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8, float8[], float8[]) IS
    'fits BG/NBD with time-invariant covariates by maximum likelihood: per customer frequency, recency, t and two arrays of covariates (each of one length for all customers; ''{}'' for none) that act on the purchase rate and on the drop-out distribution';

CREATE AGGREGATE pareto_nbd_fit(frequency float8, recency float8, t float8,
                                purchase_covariates float8[], dropout_covariates float8[]) (
    SFUNC = btyd_cov_fit_trans, STYPE = cr_cov_fit_state, FINALFUNC = pareto_nbd_cov_fit_final,
    COMBINEFUNC = btyd_cov_fit_combine,
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

-- Calibration / holdout split per customer (src/holdout_sql.c on top of src/rfm.c): the
-- calibration summary at calibration_end (rfm_summary's fields and rules) and the holdout
-- period's purchase days and spend, (calibration_end, holdout_end].
CREATE TYPE cr_rfm_holdout AS (
    frequency bigint,
    recency float8,
    t float8,
    monetary float8,
    n_transactions bigint,
    first_purchase date,
    last_purchase date,
    total_amount float8,
    calibration_end date,
    unit interval,
    holdout_end date,
    holdout_duration float8,
    holdout_frequency bigint,
    holdout_monetary float8,
    holdout_amount float8,
    holdout_n_transactions bigint
);
COMMENT ON TYPE cr_rfm_holdout IS
    'a customer''s calibration summary (as rfm_summary at calibration_end) and holdout purchases (calibration_end, holdout_end], from rfm_holdout';
COMMENT ON COLUMN cr_rfm_holdout.frequency IS 'calibration repeat purchases: distinct purchase days on or before calibration_end, minus 1 (count)';
COMMENT ON COLUMN cr_rfm_holdout.recency IS 'last calibration purchase day - first purchase day, in units of unit';
COMMENT ON COLUMN cr_rfm_holdout.t IS 'calibration_end day - first purchase day, in units of unit';
COMMENT ON COLUMN cr_rfm_holdout.monetary IS 'mean per-day spend of the calibration repeat purchase days (currency of amount; 0 when frequency is 0)';
COMMENT ON COLUMN cr_rfm_holdout.n_transactions IS 'rows counted on or before calibration_end (count)';
COMMENT ON COLUMN cr_rfm_holdout.first_purchase IS 'day of the first purchase (date)';
COMMENT ON COLUMN cr_rfm_holdout.last_purchase IS 'day of the last purchase on or before calibration_end (date)';
COMMENT ON COLUMN cr_rfm_holdout.total_amount IS 'sum of the calibration amounts, first day included (currency of amount)';
COMMENT ON COLUMN cr_rfm_holdout.calibration_end IS 'the last day of the calibration period (date)';
COMMENT ON COLUMN cr_rfm_holdout.unit IS 'the time unit of recency, t and holdout_duration (interval; ''1 day'' unless given)';
COMMENT ON COLUMN cr_rfm_holdout.holdout_end IS 'the last day of the holdout period (date)';
COMMENT ON COLUMN cr_rfm_holdout.holdout_duration IS 'holdout_end day - calibration_end day, in units of unit (the horizon of the holdout predictions)';
COMMENT ON COLUMN cr_rfm_holdout.holdout_frequency IS 'purchases in the holdout period: distinct purchase days after calibration_end, on or before holdout_end (count)';
COMMENT ON COLUMN cr_rfm_holdout.holdout_monetary IS 'mean per-day spend of the holdout purchase days (currency of amount; 0 when holdout_frequency is 0)';
COMMENT ON COLUMN cr_rfm_holdout.holdout_amount IS 'sum of the holdout amounts (currency of amount)';
COMMENT ON COLUMN cr_rfm_holdout.holdout_n_transactions IS 'rows counted in the holdout period (count)';

CREATE TYPE cr_rfm_holdout_state AS (
    calibration cr_rfm_state,
    holdout cr_rfm_state
);
COMMENT ON TYPE cr_rfm_holdout_state IS
    'transition state of rfm_holdout: the calibration purchases (as_of calibration_end) and the holdout purchases (as_of holdout_end), each an rfm_summary state';
COMMENT ON COLUMN cr_rfm_holdout_state.calibration IS 'purchases on or before calibration_end (an rfm_summary state with as_of calibration_end)';
COMMENT ON COLUMN cr_rfm_holdout_state.holdout IS 'purchases after calibration_end (an rfm_summary state with as_of holdout_end)';

CREATE FUNCTION rfm_holdout_trans(cr_rfm_holdout_state, timestamptz, float8, timestamptz, timestamptz)
    RETURNS cr_rfm_holdout_state AS 'MODULE_PATHNAME', 'rfm_holdout_trans_timestamptz'
    LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION rfm_holdout_trans(cr_rfm_holdout_state, timestamptz, float8, timestamptz, timestamptz, interval)
    RETURNS cr_rfm_holdout_state AS 'MODULE_PATHNAME', 'rfm_holdout_trans_timestamptz'
    LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION rfm_holdout_trans(cr_rfm_holdout_state, timestamp, float8, timestamp, timestamp)
    RETURNS cr_rfm_holdout_state AS 'MODULE_PATHNAME', 'rfm_holdout_trans_timestamp'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_holdout_trans(cr_rfm_holdout_state, timestamp, float8, timestamp, timestamp, interval)
    RETURNS cr_rfm_holdout_state AS 'MODULE_PATHNAME', 'rfm_holdout_trans_timestamp'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_holdout_trans(cr_rfm_holdout_state, date, float8, date, date)
    RETURNS cr_rfm_holdout_state AS 'MODULE_PATHNAME', 'rfm_holdout_trans_date'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_holdout_trans(cr_rfm_holdout_state, date, float8, date, date, interval)
    RETURNS cr_rfm_holdout_state AS 'MODULE_PATHNAME', 'rfm_holdout_trans_date'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rfm_holdout_trans(cr_rfm_holdout_state, timestamptz, float8, timestamptz, timestamptz) IS
    'transition function of rfm_holdout(timestamptz, float8, timestamptz, timestamptz)';
COMMENT ON FUNCTION rfm_holdout_trans(cr_rfm_holdout_state, timestamptz, float8, timestamptz, timestamptz, interval) IS
    'transition function of rfm_holdout(timestamptz, float8, timestamptz, timestamptz, interval)';
COMMENT ON FUNCTION rfm_holdout_trans(cr_rfm_holdout_state, timestamp, float8, timestamp, timestamp) IS
    'transition function of rfm_holdout(timestamp, float8, timestamp, timestamp)';
COMMENT ON FUNCTION rfm_holdout_trans(cr_rfm_holdout_state, timestamp, float8, timestamp, timestamp, interval) IS
    'transition function of rfm_holdout(timestamp, float8, timestamp, timestamp, interval)';
COMMENT ON FUNCTION rfm_holdout_trans(cr_rfm_holdout_state, date, float8, date, date) IS
    'transition function of rfm_holdout(date, float8, date, date)';
COMMENT ON FUNCTION rfm_holdout_trans(cr_rfm_holdout_state, date, float8, date, date, interval) IS
    'transition function of rfm_holdout(date, float8, date, date, interval)';

CREATE FUNCTION rfm_holdout_combine(cr_rfm_holdout_state, cr_rfm_holdout_state)
    RETURNS cr_rfm_holdout_state AS 'MODULE_PATHNAME', 'rfm_holdout_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rfm_holdout_combine(cr_rfm_holdout_state, cr_rfm_holdout_state) IS
    'combine function of rfm_holdout: each period''s purchase days merged';

CREATE FUNCTION rfm_holdout_final(cr_rfm_holdout_state) RETURNS cr_rfm_holdout
    AS 'MODULE_PATHNAME', 'rfm_holdout_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rfm_holdout_final(cr_rfm_holdout_state) IS
    'final function of rfm_holdout: the cr_rfm_holdout row, NULL when no purchase falls on or before calibration_end';

CREATE AGGREGATE rfm_holdout(ts timestamptz, amount float8, calibration_end timestamptz, holdout_end timestamptz) (
    SFUNC = rfm_holdout_trans, STYPE = cr_rfm_holdout_state, FINALFUNC = rfm_holdout_final,
    COMBINEFUNC = rfm_holdout_combine, PARALLEL = SAFE);
CREATE AGGREGATE rfm_holdout(ts timestamptz, amount float8, calibration_end timestamptz, holdout_end timestamptz, unit interval) (
    SFUNC = rfm_holdout_trans, STYPE = cr_rfm_holdout_state, FINALFUNC = rfm_holdout_final,
    COMBINEFUNC = rfm_holdout_combine, PARALLEL = SAFE);
CREATE AGGREGATE rfm_holdout(ts timestamp, amount float8, calibration_end timestamp, holdout_end timestamp) (
    SFUNC = rfm_holdout_trans, STYPE = cr_rfm_holdout_state, FINALFUNC = rfm_holdout_final,
    COMBINEFUNC = rfm_holdout_combine, PARALLEL = SAFE);
CREATE AGGREGATE rfm_holdout(ts timestamp, amount float8, calibration_end timestamp, holdout_end timestamp, unit interval) (
    SFUNC = rfm_holdout_trans, STYPE = cr_rfm_holdout_state, FINALFUNC = rfm_holdout_final,
    COMBINEFUNC = rfm_holdout_combine, PARALLEL = SAFE);
CREATE AGGREGATE rfm_holdout(ts date, amount float8, calibration_end date, holdout_end date) (
    SFUNC = rfm_holdout_trans, STYPE = cr_rfm_holdout_state, FINALFUNC = rfm_holdout_final,
    COMBINEFUNC = rfm_holdout_combine, PARALLEL = SAFE);
CREATE AGGREGATE rfm_holdout(ts date, amount float8, calibration_end date, holdout_end date, unit interval) (
    SFUNC = rfm_holdout_trans, STYPE = cr_rfm_holdout_state, FINALFUNC = rfm_holdout_final,
    COMBINEFUNC = rfm_holdout_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE rfm_holdout(timestamptz, float8, timestamptz, timestamptz) IS
    'calibration summary at calibration_end plus holdout purchase days and spend in (calibration_end, holdout_end] (days in the session TimeZone); units days; NULL for a customer whose first purchase is after calibration_end';
COMMENT ON AGGREGATE rfm_holdout(timestamptz, float8, timestamptz, timestamptz, interval) IS
    'calibration summary at calibration_end plus holdout purchase days and spend in (calibration_end, holdout_end] (days in the session TimeZone); recency, t and holdout_duration in units of unit; NULL for a customer whose first purchase is after calibration_end';
COMMENT ON AGGREGATE rfm_holdout(timestamp, float8, timestamp, timestamp) IS
    'calibration summary at calibration_end plus holdout purchase days and spend in (calibration_end, holdout_end]; units days; NULL for a customer whose first purchase is after calibration_end';
COMMENT ON AGGREGATE rfm_holdout(timestamp, float8, timestamp, timestamp, interval) IS
    'calibration summary at calibration_end plus holdout purchase days and spend in (calibration_end, holdout_end]; recency, t and holdout_duration in units of unit; NULL for a customer whose first purchase is after calibration_end';
COMMENT ON AGGREGATE rfm_holdout(date, float8, date, date) IS
    'calibration summary at calibration_end plus holdout purchase days and spend in (calibration_end, holdout_end]; units days; NULL for a customer whose first purchase is after calibration_end';
COMMENT ON AGGREGATE rfm_holdout(date, float8, date, date, interval) IS
    'calibration summary at calibration_end plus holdout purchase days and spend in (calibration_end, holdout_end]; recency, t and holdout_duration in units of unit; NULL for a customer whose first purchase is after calibration_end';

-- Shipping partial splits between servers (postgres_fdw shards, staged rollups), as with
-- rfm_summary_state / rfm_summary_merge: each shard returns rfm_holdout_state(...) per
-- customer, and rfm_holdout_merge combines them exactly.
CREATE AGGREGATE rfm_holdout_state(ts timestamptz, amount float8, calibration_end timestamptz, holdout_end timestamptz) (
    SFUNC = rfm_holdout_trans, STYPE = cr_rfm_holdout_state, COMBINEFUNC = rfm_holdout_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE rfm_holdout_state(ts timestamptz, amount float8, calibration_end timestamptz, holdout_end timestamptz, unit interval) (
    SFUNC = rfm_holdout_trans, STYPE = cr_rfm_holdout_state, COMBINEFUNC = rfm_holdout_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE rfm_holdout_state(ts timestamp, amount float8, calibration_end timestamp, holdout_end timestamp) (
    SFUNC = rfm_holdout_trans, STYPE = cr_rfm_holdout_state, COMBINEFUNC = rfm_holdout_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE rfm_holdout_state(ts timestamp, amount float8, calibration_end timestamp, holdout_end timestamp, unit interval) (
    SFUNC = rfm_holdout_trans, STYPE = cr_rfm_holdout_state, COMBINEFUNC = rfm_holdout_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE rfm_holdout_state(ts date, amount float8, calibration_end date, holdout_end date) (
    SFUNC = rfm_holdout_trans, STYPE = cr_rfm_holdout_state, COMBINEFUNC = rfm_holdout_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE rfm_holdout_state(ts date, amount float8, calibration_end date, holdout_end date, unit interval) (
    SFUNC = rfm_holdout_trans, STYPE = cr_rfm_holdout_state, COMBINEFUNC = rfm_holdout_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE rfm_holdout_state(timestamptz, float8, timestamptz, timestamptz) IS
    'the partial state of rfm_holdout(timestamptz, float8, timestamptz, timestamptz), to ship and merge with rfm_holdout_merge';
COMMENT ON AGGREGATE rfm_holdout_state(timestamptz, float8, timestamptz, timestamptz, interval) IS
    'the partial state of rfm_holdout(timestamptz, float8, timestamptz, timestamptz, interval), to ship and merge with rfm_holdout_merge';
COMMENT ON AGGREGATE rfm_holdout_state(timestamp, float8, timestamp, timestamp) IS
    'the partial state of rfm_holdout(timestamp, float8, timestamp, timestamp), to ship and merge with rfm_holdout_merge';
COMMENT ON AGGREGATE rfm_holdout_state(timestamp, float8, timestamp, timestamp, interval) IS
    'the partial state of rfm_holdout(timestamp, float8, timestamp, timestamp, interval), to ship and merge with rfm_holdout_merge';
COMMENT ON AGGREGATE rfm_holdout_state(date, float8, date, date) IS
    'the partial state of rfm_holdout(date, float8, date, date), to ship and merge with rfm_holdout_merge';
COMMENT ON AGGREGATE rfm_holdout_state(date, float8, date, date, interval) IS
    'the partial state of rfm_holdout(date, float8, date, date, interval), to ship and merge with rfm_holdout_merge';
CREATE AGGREGATE rfm_holdout_merge(state cr_rfm_holdout_state) (
    SFUNC = rfm_holdout_combine, STYPE = cr_rfm_holdout_state, FINALFUNC = rfm_holdout_final,
    COMBINEFUNC = rfm_holdout_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE rfm_holdout_merge(cr_rfm_holdout_state) IS
    'the rfm_holdout row of partial states from rfm_holdout_state (same calibration_end, holdout_end and unit); equal to rfm_holdout over all their rows';

-- Plotting data (src/tracking_sql.c, src/core/tracking.c): the cohort's expected repeat
-- purchases over calendar time, and P(alive) / expected purchases over a frequency-recency grid.
CREATE FUNCTION bgnbd_expected_tracking(model cr_bgnbd_model, first_purchase float8[], n_periods integer)
    RETURNS TABLE (period integer, expected_incremental float8, expected_cumulative float8)
    AS 'MODULE_PATHNAME', 'bgnbd_expected_tracking' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
CREATE FUNCTION bgnbd_expected_tracking(model cr_bgnbd_model, first_purchase float8[], n_customers float8[], n_periods integer)
    RETURNS TABLE (period integer, expected_incremental float8, expected_cumulative float8)
    AS 'MODULE_PATHNAME', 'bgnbd_expected_tracking' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
CREATE FUNCTION mbgnbd_expected_tracking(model cr_mbgnbd_model, first_purchase float8[], n_periods integer)
    RETURNS TABLE (period integer, expected_incremental float8, expected_cumulative float8)
    AS 'MODULE_PATHNAME', 'mbgnbd_expected_tracking' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
CREATE FUNCTION mbgnbd_expected_tracking(model cr_mbgnbd_model, first_purchase float8[], n_customers float8[], n_periods integer)
    RETURNS TABLE (period integer, expected_incremental float8, expected_cumulative float8)
    AS 'MODULE_PATHNAME', 'mbgnbd_expected_tracking' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
CREATE FUNCTION pareto_nbd_expected_tracking(model cr_pareto_nbd_model, first_purchase float8[], n_periods integer)
    RETURNS TABLE (period integer, expected_incremental float8, expected_cumulative float8)
    AS 'MODULE_PATHNAME', 'pareto_nbd_expected_tracking' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
CREATE FUNCTION pareto_nbd_expected_tracking(model cr_pareto_nbd_model, first_purchase float8[], n_customers float8[], n_periods integer)
    RETURNS TABLE (period integer, expected_incremental float8, expected_cumulative float8)
    AS 'MODULE_PATHNAME', 'pareto_nbd_expected_tracking' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION bgnbd_expected_tracking(cr_bgnbd_model, float8[], integer) IS
    'expected repeat purchases of a cohort per period (one model unit) and cumulative, periods 1..n_periods: sum over customers of E[X(period - first_purchase)] (BG/NBD; first_purchase in model units from the start of tracking)';
COMMENT ON FUNCTION bgnbd_expected_tracking(cr_bgnbd_model, float8[], float8[], integer) IS
    'expected repeat purchases of a cohort per period and cumulative, from a histogram: n_customers[i] customers made their first purchase at first_purchase[i] (BG/NBD; model units)';
COMMENT ON FUNCTION mbgnbd_expected_tracking(cr_mbgnbd_model, float8[], integer) IS
    'expected repeat purchases of a cohort per period (one model unit) and cumulative, periods 1..n_periods: sum over customers of E[X(period - first_purchase)] (MBG/NBD; first_purchase in model units from the start of tracking)';
COMMENT ON FUNCTION mbgnbd_expected_tracking(cr_mbgnbd_model, float8[], float8[], integer) IS
    'expected repeat purchases of a cohort per period and cumulative, from a histogram: n_customers[i] customers made their first purchase at first_purchase[i] (MBG/NBD; model units)';
COMMENT ON FUNCTION pareto_nbd_expected_tracking(cr_pareto_nbd_model, float8[], integer) IS
    'expected repeat purchases of a cohort per period (one model unit) and cumulative, periods 1..n_periods: sum over customers of E[X(period - first_purchase)] (Pareto/NBD; first_purchase in model units from the start of tracking)';
COMMENT ON FUNCTION pareto_nbd_expected_tracking(cr_pareto_nbd_model, float8[], float8[], integer) IS
    'expected repeat purchases of a cohort per period and cumulative, from a histogram: n_customers[i] customers made their first purchase at first_purchase[i] (Pareto/NBD; model units)';

CREATE FUNCTION bgnbd_frequency_recency_matrix(model cr_bgnbd_model, t float8, max_frequency integer,
                                               max_recency integer, horizon float8)
    RETURNS TABLE (frequency integer, recency integer, p_alive float8, expected_purchases float8)
    AS 'MODULE_PATHNAME', 'bgnbd_frequency_recency_matrix' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
CREATE FUNCTION mbgnbd_frequency_recency_matrix(model cr_mbgnbd_model, t float8, max_frequency integer,
                                                max_recency integer, horizon float8)
    RETURNS TABLE (frequency integer, recency integer, p_alive float8, expected_purchases float8)
    AS 'MODULE_PATHNAME', 'mbgnbd_frequency_recency_matrix' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
CREATE FUNCTION pareto_nbd_frequency_recency_matrix(model cr_pareto_nbd_model, t float8, max_frequency integer,
                                                    max_recency integer, horizon float8)
    RETURNS TABLE (frequency integer, recency integer, p_alive float8, expected_purchases float8)
    AS 'MODULE_PATHNAME', 'pareto_nbd_frequency_recency_matrix' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION bgnbd_frequency_recency_matrix(cr_bgnbd_model, float8, integer, integer, float8) IS
    'heat-map grid for customers observed t units: P(alive) and expected purchases in the next horizon for frequency 0..max_frequency and whole recency 0..max_recency (BG/NBD; frequency 0 only with recency 0)';
COMMENT ON FUNCTION mbgnbd_frequency_recency_matrix(cr_mbgnbd_model, float8, integer, integer, float8) IS
    'heat-map grid for customers observed t units: P(alive) and expected purchases in the next horizon for frequency 0..max_frequency and whole recency 0..max_recency (MBG/NBD; frequency 0 only with recency 0)';
COMMENT ON FUNCTION pareto_nbd_frequency_recency_matrix(cr_pareto_nbd_model, float8, integer, integer, float8) IS
    'heat-map grid for customers observed t units: P(alive) and expected purchases in the next horizon for frequency 0..max_frequency and whole recency 0..max_recency (Pareto/NBD; frequency 0 only with recency 0)';


-- ===== Diagnostics and prediction intervals (issue 12: covariance, AIC/BIC, per-customer fit, intervals) =====
-- Diagnostics of every fitted family (src/btyd_diagnostics_sql.c, src/core/btyd_diagnostics.c,
-- src/core/intervals.c). The 1.0 model composites are frozen and carry no covariance, so a
-- *_fit_diagnostics aggregate refits the same data (same transition, same state, same fit: the
-- same estimates) and returns the covariance the fitting engine inverts at the optimum.

CREATE TYPE cr_fit_diagnostics AS (
    model            text,
    parameter_names  text[],
    estimates        float8[],
    std_errors       float8[],
    covariance       float8[],
    correlation      float8[],
    loglik           float8,
    n_parameters     integer,
    n                float8,
    aic              float8,
    bic              float8,
    iterations       integer,
    converged        boolean
);
COMMENT ON TYPE cr_fit_diagnostics IS
    'diagnostics of a maximum-likelihood fit: estimates, their asymptotic covariance and correlation (inverse Hessian at the maximum, delta method from the log scale of the fit), log-likelihood, AIC and BIC';
COMMENT ON COLUMN cr_fit_diagnostics.model IS 'the model family, as the prefix of its functions: bgnbd, mbgnbd, pareto_nbd, bgbb, gamma_gamma or sbg';
COMMENT ON COLUMN cr_fit_diagnostics.parameter_names IS 'the parameters in the order of estimates and of the rows and columns of covariance';
COMMENT ON COLUMN cr_fit_diagnostics.estimates IS 'maximum-likelihood estimates, the same as the family''s *_fit on the same data (units of each parameter)';
COMMENT ON COLUMN cr_fit_diagnostics.std_errors IS 'asymptotic standard errors, square roots of the covariance diagonal (NULL when the fit did not converge to an identified maximum)';
COMMENT ON COLUMN cr_fit_diagnostics.covariance IS 'asymptotic covariance matrix of the estimates on their own scale, k x k (product of the two parameters'' units; NULL when not identified)';
COMMENT ON COLUMN cr_fit_diagnostics.correlation IS 'asymptotic correlation matrix of the estimates, k x k (dimensionless; NULL when not identified)';
COMMENT ON COLUMN cr_fit_diagnostics.loglik IS 'log-likelihood at the estimates';
COMMENT ON COLUMN cr_fit_diagnostics.n_parameters IS 'parameters estimated, k (count)';
COMMENT ON COLUMN cr_fit_diagnostics.n IS 'customers fitted (total weight; for Gamma-Gamma the repeat customers, for sBG the cohort size; count)';
COMMENT ON COLUMN cr_fit_diagnostics.aic IS 'Akaike information criterion 2k - 2 loglik (smaller is better, on the same data)';
COMMENT ON COLUMN cr_fit_diagnostics.bic IS 'Bayesian information criterion k ln(n) - 2 loglik (smaller is better, on the same data)';
COMMENT ON COLUMN cr_fit_diagnostics.iterations IS 'optimiser iterations (count)';
COMMENT ON COLUMN cr_fit_diagnostics.converged IS 'true when the optimiser reached an identified interior maximum; false comes with a WARNING saying why';

CREATE TYPE cr_prediction_interval AS (
    estimate  float8,
    lower     float8,
    upper     float8,
    level     float8
);
COMMENT ON TYPE cr_prediction_interval IS
    'a point prediction and the interval that carries the sampling error of the fitted parameters (delta method on the log scale)';
COMMENT ON COLUMN cr_prediction_interval.estimate IS 'the prediction at the estimates (same unit as the prediction)';
COMMENT ON COLUMN cr_prediction_interval.lower IS 'lower end of the interval (same unit)';
COMMENT ON COLUMN cr_prediction_interval.upper IS 'upper end of the interval (same unit)';
COMMENT ON COLUMN cr_prediction_interval.level IS 'the confidence level asked for (fraction)';

CREATE TYPE cr_predictive_interval AS (
    lower     bigint,
    upper     bigint,
    coverage  float8,
    level     float8
);
COMMENT ON TYPE cr_predictive_interval IS
    'the equal-tailed predictive interval of a purchase count: P(X < lower) and P(X > upper) each at most (1 - level)/2';
COMMENT ON COLUMN cr_predictive_interval.lower IS 'the largest count with P(X < lower) <= (1 - level)/2 (purchases)';
COMMENT ON COLUMN cr_predictive_interval.upper IS 'the smallest count with P(X > upper) <= (1 - level)/2 (purchases)';
COMMENT ON COLUMN cr_predictive_interval.coverage IS 'P(lower <= X <= upper), at least level: a count cannot hit the level exactly (fraction)';
COMMENT ON COLUMN cr_predictive_interval.level IS 'the level asked for (fraction)';

-- The diagnostics aggregates: the fits' own transition and combine functions and state.
CREATE FUNCTION bgnbd_fit_diagnostics_final(cr_fit_state) RETURNS cr_fit_diagnostics
    AS 'MODULE_PATHNAME', 'bgnbd_fit_diagnostics_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_fit_diagnostics_final(cr_fit_state) IS
    'final function of bgnbd_fit_diagnostics: the BG/NBD fit of the histogram with its covariance';

CREATE FUNCTION mbgnbd_fit_diagnostics_final(cr_fit_state) RETURNS cr_fit_diagnostics
    AS 'MODULE_PATHNAME', 'mbgnbd_fit_diagnostics_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_fit_diagnostics_final(cr_fit_state) IS
    'final function of mbgnbd_fit_diagnostics: the MBG/NBD fit of the histogram with its covariance';

CREATE FUNCTION pareto_nbd_fit_diagnostics_final(cr_fit_state) RETURNS cr_fit_diagnostics
    AS 'MODULE_PATHNAME', 'pareto_nbd_fit_diagnostics_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_fit_diagnostics_final(cr_fit_state) IS
    'final function of pareto_nbd_fit_diagnostics: the Pareto/NBD fit of the histogram with its covariance';

CREATE FUNCTION bgbb_fit_diagnostics_final(cr_fit_state) RETURNS cr_fit_diagnostics
    AS 'MODULE_PATHNAME', 'bgbb_fit_diagnostics_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_fit_diagnostics_final(cr_fit_state) IS
    'final function of bgbb_fit_diagnostics: the BG/BB fit of the histogram with its covariance';

CREATE FUNCTION gamma_gamma_fit_diagnostics_final(cr_fit_state) RETURNS cr_fit_diagnostics
    AS 'MODULE_PATHNAME', 'gamma_gamma_fit_diagnostics_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_fit_diagnostics_final(cr_fit_state) IS
    'final function of gamma_gamma_fit_diagnostics: the Gamma-Gamma fit of the histogram with its covariance';

CREATE FUNCTION sbg_fit_diagnostics_final(cr_sbg_state) RETURNS cr_fit_diagnostics
    AS 'MODULE_PATHNAME', 'sbg_fit_diagnostics_final_typed'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_diagnostics_final(cr_sbg_state) IS
    'final function of sbg_fit_diagnostics(int4, int8): the sBG fit of the survivors with its covariance';

CREATE AGGREGATE bgnbd_fit_diagnostics(frequency float8, recency float8, t float8) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit_diagnostics(float8, float8, float8) IS
    'fits BG/NBD as bgnbd_fit does and returns the diagnostics of the fit: covariance of (r, alpha, a, b), correlation, log-likelihood, AIC, BIC';

CREATE AGGREGATE bgnbd_fit_diagnostics(frequency float8, recency float8, t float8, weight float8) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit_diagnostics(float8, float8, float8, float8) IS
    'fits BG/NBD to rows each standing for weight customers, as bgnbd_fit does, and returns the diagnostics of the fit';

CREATE AGGREGATE bgnbd_fit_diagnostics(summary cr_rfm) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit_diagnostics(cr_rfm) IS
    'fits BG/NBD to rfm_summary results, as bgnbd_fit does, and returns the diagnostics of the fit';

CREATE AGGREGATE mbgnbd_fit_diagnostics(frequency float8, recency float8, t float8) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = mbgnbd_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mbgnbd_fit_diagnostics(float8, float8, float8) IS
    'fits MBG/NBD as mbgnbd_fit does and returns the diagnostics of the fit: covariance of (r, alpha, a, b), correlation, log-likelihood, AIC, BIC';

CREATE AGGREGATE mbgnbd_fit_diagnostics(frequency float8, recency float8, t float8, weight float8) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = mbgnbd_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mbgnbd_fit_diagnostics(float8, float8, float8, float8) IS
    'fits MBG/NBD to rows each standing for weight customers, as mbgnbd_fit does, and returns the diagnostics of the fit';

CREATE AGGREGATE mbgnbd_fit_diagnostics(summary cr_rfm) (
    SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = mbgnbd_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE mbgnbd_fit_diagnostics(cr_rfm) IS
    'fits MBG/NBD to rfm_summary results, as mbgnbd_fit does, and returns the diagnostics of the fit';

CREATE AGGREGATE pareto_nbd_fit_diagnostics(frequency float8, recency float8, t float8) (
    SFUNC = pareto_nbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = pareto_nbd_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit_diagnostics(float8, float8, float8) IS
    'fits Pareto/NBD as pareto_nbd_fit does and returns the diagnostics of the fit: covariance of (r, alpha, s, beta), correlation, log-likelihood, AIC, BIC';

CREATE AGGREGATE pareto_nbd_fit_diagnostics(frequency float8, recency float8, t float8, weight float8) (
    SFUNC = pareto_nbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = pareto_nbd_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit_diagnostics(float8, float8, float8, float8) IS
    'fits Pareto/NBD to rows each standing for weight customers, as pareto_nbd_fit does, and returns the diagnostics of the fit';

CREATE AGGREGATE pareto_nbd_fit_diagnostics(summary cr_rfm) (
    SFUNC = pareto_nbd_fit_trans, STYPE = cr_fit_state, FINALFUNC = pareto_nbd_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit_diagnostics(cr_rfm) IS
    'fits Pareto/NBD to rfm_summary results, as pareto_nbd_fit does, and returns the diagnostics of the fit';

CREATE AGGREGATE bgbb_fit_diagnostics(frequency bigint, recency bigint, n_periods bigint) (
    SFUNC = bgbb_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgbb_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgbb_fit_diagnostics(bigint, bigint, bigint) IS
    'fits BG/BB as bgbb_fit does and returns the diagnostics of the fit: covariance of (alpha, beta, gamma, delta), correlation, log-likelihood, AIC, BIC';

CREATE AGGREGATE bgbb_fit_diagnostics(frequency bigint, recency bigint, n_periods bigint, weight float8) (
    SFUNC = bgbb_fit_trans, STYPE = cr_fit_state, FINALFUNC = bgbb_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE bgbb_fit_diagnostics(bigint, bigint, bigint, float8) IS
    'fits BG/BB to rows each standing for weight customers, as bgbb_fit does, and returns the diagnostics of the fit';

CREATE AGGREGATE gamma_gamma_fit_diagnostics(frequency float8, monetary float8) (
    SFUNC = gamma_gamma_fit_trans, STYPE = cr_fit_state, FINALFUNC = gamma_gamma_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE gamma_gamma_fit_diagnostics(float8, float8) IS
    'fits the Gamma-Gamma spend model as gamma_gamma_fit does and returns the diagnostics of the fit: covariance of (p, q, v), correlation, log-likelihood, AIC, BIC';

CREATE AGGREGATE gamma_gamma_fit_diagnostics(frequency float8, monetary float8, weight float8) (
    SFUNC = gamma_gamma_fit_trans, STYPE = cr_fit_state, FINALFUNC = gamma_gamma_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE gamma_gamma_fit_diagnostics(float8, float8, float8) IS
    'fits the Gamma-Gamma spend model to rows each standing for weight customers, as gamma_gamma_fit does, and returns the diagnostics of the fit';

CREATE AGGREGATE gamma_gamma_fit_diagnostics(summary cr_rfm) (
    SFUNC = gamma_gamma_fit_trans, STYPE = cr_fit_state, FINALFUNC = gamma_gamma_fit_diagnostics_final,
    COMBINEFUNC = btyd_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE gamma_gamma_fit_diagnostics(cr_rfm) IS
    'fits the Gamma-Gamma spend model to rfm_summary results, as gamma_gamma_fit does, and returns the diagnostics of the fit';

CREATE FUNCTION sbg_fit_diagnostics(survivors float8[]) RETURNS cr_fit_diagnostics
    AS 'MODULE_PATHNAME', 'sbg_fit_diagnostics_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_fit_diagnostics(float8[]) IS
    'fits sBG to survivors as sbg_fit does and returns the diagnostics of the fit: covariance of (alpha, beta), correlation, log-likelihood, AIC, BIC; NULL for an empty array';

CREATE AGGREGATE sbg_fit_diagnostics(period int4, active int8) (
    SFUNC = sbg_fit_trans, STYPE = cr_sbg_state, FINALFUNC = sbg_fit_diagnostics_final,
    COMBINEFUNC = sbg_fit_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE sbg_fit_diagnostics(int4, int8) IS
    'fits sBG to rows of (period, active) as sbg_fit does and returns the diagnostics of the fit';

-- AIC and BIC from a model's own loglik and n (every 1.0 model composite carries both; k is
-- fixed per family). NULL for a model built by hand (loglik NULL).
CREATE FUNCTION bgnbd_aic(model cr_bgnbd_model) RETURNS float8
    AS 'MODULE_PATHNAME', 'bgnbd_aic'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_aic(cr_bgnbd_model) IS
    'Akaike information criterion of a fitted BG/NBD model: 2k - 2 loglik with k = 4';
CREATE FUNCTION bgnbd_bic(model cr_bgnbd_model) RETURNS float8
    AS 'MODULE_PATHNAME', 'bgnbd_bic'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_bic(cr_bgnbd_model) IS
    'Bayesian information criterion of a fitted BG/NBD model: k ln(n) - 2 loglik with k = 4, n the customers';

CREATE FUNCTION mbgnbd_aic(model cr_mbgnbd_model) RETURNS float8
    AS 'MODULE_PATHNAME', 'mbgnbd_aic'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_aic(cr_mbgnbd_model) IS
    'Akaike information criterion of a fitted MBG/NBD model: 2k - 2 loglik with k = 4';
CREATE FUNCTION mbgnbd_bic(model cr_mbgnbd_model) RETURNS float8
    AS 'MODULE_PATHNAME', 'mbgnbd_bic'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_bic(cr_mbgnbd_model) IS
    'Bayesian information criterion of a fitted MBG/NBD model: k ln(n) - 2 loglik with k = 4, n the customers';

CREATE FUNCTION pareto_nbd_aic(model cr_pareto_nbd_model) RETURNS float8
    AS 'MODULE_PATHNAME', 'pareto_nbd_aic'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_aic(cr_pareto_nbd_model) IS
    'Akaike information criterion of a fitted Pareto/NBD model: 2k - 2 loglik with k = 4';
CREATE FUNCTION pareto_nbd_bic(model cr_pareto_nbd_model) RETURNS float8
    AS 'MODULE_PATHNAME', 'pareto_nbd_bic'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_bic(cr_pareto_nbd_model) IS
    'Bayesian information criterion of a fitted Pareto/NBD model: k ln(n) - 2 loglik with k = 4, n the customers';

CREATE FUNCTION bgbb_aic(model cr_bgbb_model) RETURNS float8
    AS 'MODULE_PATHNAME', 'bgbb_aic'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_aic(cr_bgbb_model) IS
    'Akaike information criterion of a fitted BG/BB model: 2k - 2 loglik with k = 4';
CREATE FUNCTION bgbb_bic(model cr_bgbb_model) RETURNS float8
    AS 'MODULE_PATHNAME', 'bgbb_bic'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgbb_bic(cr_bgbb_model) IS
    'Bayesian information criterion of a fitted BG/BB model: k ln(n) - 2 loglik with k = 4, n the customers';

CREATE FUNCTION gamma_gamma_aic(model cr_gamma_gamma_model) RETURNS float8
    AS 'MODULE_PATHNAME', 'gamma_gamma_aic'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_aic(cr_gamma_gamma_model) IS
    'Akaike information criterion of a fitted Gamma-Gamma model: 2k - 2 loglik with k = 3';
CREATE FUNCTION gamma_gamma_bic(model cr_gamma_gamma_model) RETURNS float8
    AS 'MODULE_PATHNAME', 'gamma_gamma_bic'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION gamma_gamma_bic(cr_gamma_gamma_model) IS
    'Bayesian information criterion of a fitted Gamma-Gamma model: k ln(n) - 2 loglik with k = 3, n the repeat customers';

CREATE FUNCTION sbg_aic(model cr_sbg_model) RETURNS float8
    AS 'MODULE_PATHNAME', 'sbg_aic'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_aic(cr_sbg_model) IS
    'Akaike information criterion of a fitted sBG model: 2k - 2 loglik with k = 2';
CREATE FUNCTION sbg_bic(model cr_sbg_model) RETURNS float8
    AS 'MODULE_PATHNAME', 'sbg_bic'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sbg_bic(cr_sbg_model) IS
    'Bayesian information criterion of a fitted sBG model: k ln(n) - 2 loglik with k = 2, n the cohort size';

-- BG/NBD and MBG/NBD per customer: log-likelihood, conditional P(X = n), DERT (as Pareto/NBD).
CREATE FUNCTION bgnbd_loglik(model cr_bgnbd_model, frequency float8, recency float8, t float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_loglik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_loglik(cr_bgnbd_model, float8, float8, float8) IS
    'log-likelihood of one customer''s history (frequency, recency, t) under the BG/NBD model (FHL 2005 eq. 6)';

CREATE FUNCTION bgnbd_loglik(model cr_bgnbd_model, summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_loglik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_loglik(cr_bgnbd_model, cr_rfm) IS
    'log-likelihood of the customer of this rfm_summary under the BG/NBD model (units converted)';

CREATE FUNCTION mbgnbd_loglik(model cr_mbgnbd_model, frequency float8, recency float8, t float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_loglik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_loglik(cr_mbgnbd_model, float8, float8, float8) IS
    'log-likelihood of one customer''s history (frequency, recency, t) under the MBG/NBD model (Batislam et al. 2007 eq. 3)';

CREATE FUNCTION mbgnbd_loglik(model cr_mbgnbd_model, summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_loglik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_loglik(cr_mbgnbd_model, cr_rfm) IS
    'log-likelihood of the customer of this rfm_summary under the MBG/NBD model (units converted)';

CREATE FUNCTION bgnbd_probability_of_purchases(model cr_bgnbd_model, horizon float8,
                                               n_purchases bigint, frequency float8,
                                               recency float8, t float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_probability_of_purchases_cond'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_probability_of_purchases(cr_bgnbd_model, float8, bigint, float8, float8, float8) IS
    'probability that a customer with this history (frequency, recency, t) makes exactly n_purchases purchases in the next horizon (BG/NBD)';

CREATE FUNCTION bgnbd_probability_of_purchases(model cr_bgnbd_model, horizon interval,
                                               n_purchases bigint, summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_probability_of_purchases_cond'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_probability_of_purchases(cr_bgnbd_model, interval, bigint, cr_rfm) IS
    'probability that the customer of this rfm_summary makes exactly n_purchases purchases within horizon (BG/NBD; units converted)';

CREATE FUNCTION mbgnbd_probability_of_purchases(model cr_mbgnbd_model, horizon float8,
                                                n_purchases bigint, frequency float8,
                                                recency float8, t float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_probability_of_purchases_cond'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_probability_of_purchases(cr_mbgnbd_model, float8, bigint, float8, float8, float8) IS
    'probability that a customer with this history (frequency, recency, t) makes exactly n_purchases purchases in the next horizon (MBG/NBD)';

CREATE FUNCTION mbgnbd_probability_of_purchases(model cr_mbgnbd_model, horizon interval,
                                                n_purchases bigint, summary cr_rfm)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_probability_of_purchases_cond'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_probability_of_purchases(cr_mbgnbd_model, interval, bigint, cr_rfm) IS
    'probability that the customer of this rfm_summary makes exactly n_purchases purchases within horizon (MBG/NBD; units converted)';

CREATE FUNCTION bgnbd_dert(model cr_bgnbd_model, frequency float8, recency float8, t float8,
                           discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_dert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_dert(cr_bgnbd_model, float8, float8, float8, float8) IS
    'discounted expected residual transactions of a customer with this history (BG/NBD); discount_rate per time unit, compounded once a unit (DERT discounts continuously at ln(1 + discount_rate), as pareto_nbd_dert)';

CREATE FUNCTION bgnbd_dert(model cr_bgnbd_model, summary cr_rfm, discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_dert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_dert(cr_bgnbd_model, cr_rfm, float8) IS
    'discounted expected residual transactions of the customer of this rfm_summary (BG/NBD); discount_rate per unit of the model''s time';

CREATE FUNCTION mbgnbd_dert(model cr_mbgnbd_model, frequency float8, recency float8, t float8,
                            discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_dert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_dert(cr_mbgnbd_model, float8, float8, float8, float8) IS
    'discounted expected residual transactions of a customer with this history (MBG/NBD); discount_rate per time unit, compounded once a unit';

CREATE FUNCTION mbgnbd_dert(model cr_mbgnbd_model, summary cr_rfm, discount_rate float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'mbgnbd_dert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_dert(cr_mbgnbd_model, cr_rfm, float8) IS
    'discounted expected residual transactions of the customer of this rfm_summary (MBG/NBD); discount_rate per unit of the model''s time';

-- Intervals: parameter uncertainty of expected purchases (delta method, from the diagnostics),
-- and the predictive interval of the purchase count (from the conditional distribution).
CREATE FUNCTION bgnbd_expected_purchases_interval(diagnostics cr_fit_diagnostics, horizon float8,
                                                  frequency float8, recency float8, t float8,
                                                  level float8 DEFAULT 0.9)
    RETURNS cr_prediction_interval AS 'MODULE_PATHNAME', 'bgnbd_expected_purchases_interval'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_expected_purchases_interval(cr_fit_diagnostics, float8, float8, float8, float8, float8) IS
    'expected purchases in the next horizon of a customer with this history (BG/NBD) with the interval that carries the parameters'' sampling error at level (delta method on the log scale, from bgnbd_fit_diagnostics)';

CREATE FUNCTION mbgnbd_expected_purchases_interval(diagnostics cr_fit_diagnostics, horizon float8,
                                                   frequency float8, recency float8, t float8,
                                                   level float8 DEFAULT 0.9)
    RETURNS cr_prediction_interval AS 'MODULE_PATHNAME', 'mbgnbd_expected_purchases_interval'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_expected_purchases_interval(cr_fit_diagnostics, float8, float8, float8, float8, float8) IS
    'expected purchases in the next horizon of a customer with this history (MBG/NBD) with the interval that carries the parameters'' sampling error at level (delta method on the log scale, from mbgnbd_fit_diagnostics)';

CREATE FUNCTION pareto_nbd_expected_purchases_interval(diagnostics cr_fit_diagnostics,
                                                       horizon float8, frequency float8,
                                                       recency float8, t float8,
                                                       level float8 DEFAULT 0.9)
    RETURNS cr_prediction_interval AS 'MODULE_PATHNAME', 'pareto_nbd_expected_purchases_interval'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_expected_purchases_interval(cr_fit_diagnostics, float8, float8, float8, float8, float8) IS
    'expected purchases in the next horizon of a customer with this history (Pareto/NBD) with the interval that carries the parameters'' sampling error at level (delta method on the log scale, from pareto_nbd_fit_diagnostics)';

CREATE FUNCTION bgnbd_clv_interval(diagnostics cr_fit_diagnostics,
    spend_diagnostics cr_fit_diagnostics, frequency float8, recency float8, t float8,
    monetary float8, periods integer, period_length float8, discount_rate float8,
    level float8 DEFAULT 0.9)
    RETURNS cr_prediction_interval AS 'MODULE_PATHNAME', 'bgnbd_clv_interval'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_clv_interval(cr_fit_diagnostics, cr_fit_diagnostics, float8, float8, float8, float8, integer, float8, float8, float8) IS
    'bgnbd_clv of a customer (BG/NBD purchases, Gamma-Gamma spend) with the interval that carries the sampling error of both models'' parameters at level (delta method on the log scale; diagnostics from bgnbd_fit_diagnostics and gamma_gamma_fit_diagnostics)';

CREATE FUNCTION mbgnbd_clv_interval(diagnostics cr_fit_diagnostics,
    spend_diagnostics cr_fit_diagnostics, frequency float8, recency float8, t float8,
    monetary float8, periods integer, period_length float8, discount_rate float8,
    level float8 DEFAULT 0.9)
    RETURNS cr_prediction_interval AS 'MODULE_PATHNAME', 'mbgnbd_clv_interval'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_clv_interval(cr_fit_diagnostics, cr_fit_diagnostics, float8, float8, float8, float8, integer, float8, float8, float8) IS
    'mbgnbd_clv of a customer (MBG/NBD purchases, Gamma-Gamma spend) with the interval that carries the sampling error of both models'' parameters at level (delta method on the log scale; diagnostics from mbgnbd_fit_diagnostics and gamma_gamma_fit_diagnostics)';

CREATE FUNCTION pareto_nbd_clv_interval(diagnostics cr_fit_diagnostics,
    spend_diagnostics cr_fit_diagnostics, frequency float8, recency float8, t float8,
    monetary float8, periods integer, period_length float8, discount_rate float8,
    level float8 DEFAULT 0.9)
    RETURNS cr_prediction_interval AS 'MODULE_PATHNAME', 'pareto_nbd_clv_interval'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_clv_interval(cr_fit_diagnostics, cr_fit_diagnostics, float8, float8, float8, float8, integer, float8, float8, float8) IS
    'pareto_nbd_clv of a customer (Pareto/NBD purchases, Gamma-Gamma spend) with the interval that carries the sampling error of both models'' parameters at level (delta method on the log scale; diagnostics from pareto_nbd_fit_diagnostics and gamma_gamma_fit_diagnostics)';

CREATE FUNCTION bgnbd_purchases_predictive_interval(model cr_bgnbd_model, horizon float8,
                                                    frequency float8, recency float8, t float8,
                                                    level float8 DEFAULT 0.9)
    RETURNS cr_predictive_interval AS 'MODULE_PATHNAME', 'bgnbd_purchases_predictive_interval'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION bgnbd_purchases_predictive_interval(cr_bgnbd_model, float8, float8, float8, float8, float8) IS
    'equal-tailed predictive interval at level of the number of purchases a customer with this history makes in the next horizon (BG/NBD, conditional distribution at the estimates)';

CREATE FUNCTION mbgnbd_purchases_predictive_interval(model cr_mbgnbd_model, horizon float8,
                                                     frequency float8, recency float8, t float8,
                                                     level float8 DEFAULT 0.9)
    RETURNS cr_predictive_interval AS 'MODULE_PATHNAME', 'mbgnbd_purchases_predictive_interval'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mbgnbd_purchases_predictive_interval(cr_mbgnbd_model, float8, float8, float8, float8, float8) IS
    'equal-tailed predictive interval at level of the number of purchases a customer with this history makes in the next horizon (MBG/NBD, conditional distribution at the estimates)';

CREATE FUNCTION pareto_nbd_purchases_predictive_interval(model cr_pareto_nbd_model,
                                                         horizon float8, frequency float8,
                                                         recency float8, t float8,
                                                         level float8 DEFAULT 0.9)
    RETURNS cr_predictive_interval AS 'MODULE_PATHNAME', 'pareto_nbd_purchases_predictive_interval'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pareto_nbd_purchases_predictive_interval(cr_pareto_nbd_model, float8, float8, float8, float8, float8) IS
    'equal-tailed predictive interval at level of the number of purchases a customer with this history makes in the next horizon (Pareto/NBD, conditional distribution at the estimates)';

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


-- ===== Per-owner access: stored population values and continuity per owner (issue 16) =====
-- What each account owner kept over a period against what the stored model expected, and how
-- the relationship-quality index and NPS moved between survey waves (README "Per-owner
-- access"). One row per customer present at the start of the period; GROUP BY the owner.
-- The state is a float8[] of counts and exact sums (constant size, a concrete type).

CREATE TYPE cr_relationship_continuity AS (
    customers           int8,
    kept                int8,
    lost                int8,
    expected_lost       float8,
    expected_lost_low   float8,
    expected_lost_high  float8,
    value_start         float8,
    value_kept          float8,
    value_expected      float8,
    value_expected_low  float8,
    value_expected_high float8,
    rq_index_pairs      int8,
    rq_index_before     float8,
    rq_index_after      float8,
    rq_index_change     float8,
    rq_index_change_se  float8,
    nps_pairs           int8,
    nps_before          float8,
    nps_after           float8,
    nps_change          float8,
    nps_change_se       float8
);
COMMENT ON TYPE cr_relationship_continuity IS
    'what a group of customers (an owner''s, the team''s) kept over a period against the model''s expectation, and the paired change of the RQ index and NPS between two survey waves';
COMMENT ON COLUMN cr_relationship_continuity.customers IS 'customers at the start of the period (rows with kept and p_kept given)';
COMMENT ON COLUMN cr_relationship_continuity.kept IS 'customers kept (kept = true)';
COMMENT ON COLUMN cr_relationship_continuity.lost IS 'customers lost: customers - kept';
COMMENT ON COLUMN cr_relationship_continuity.expected_lost IS 'customers the model expected to lose: sum of (1 - p_kept)';
COMMENT ON COLUMN cr_relationship_continuity.expected_lost_low IS 'lower end of the 95 % interval of the number lost under the model: expected_lost - 1.96 sqrt(sum p_kept (1 - p_kept)), at least 0';
COMMENT ON COLUMN cr_relationship_continuity.expected_lost_high IS 'upper end of the 95 % interval of the number lost under the model: expected_lost + 1.96 sqrt(sum p_kept (1 - p_kept)), at most customers';
COMMENT ON COLUMN cr_relationship_continuity.value_start IS 'sum of clv over the customers with a clv (NULL when none has one)';
COMMENT ON COLUMN cr_relationship_continuity.value_kept IS 'sum of clv over the kept customers';
COMMENT ON COLUMN cr_relationship_continuity.value_expected IS 'value the model expected to keep: sum of p_kept clv';
COMMENT ON COLUMN cr_relationship_continuity.value_expected_low IS 'lower end of the 95 % interval of the value kept under the model: value_expected - 1.96 sqrt(sum clv^2 p_kept (1 - p_kept)), at least 0';
COMMENT ON COLUMN cr_relationship_continuity.value_expected_high IS 'upper end of the 95 % interval of the value kept under the model: value_expected + 1.96 sqrt(sum clv^2 p_kept (1 - p_kept)), at most value_start';
COMMENT ON COLUMN cr_relationship_continuity.rq_index_pairs IS 'customers with an RQ index (0-100) in both waves';
COMMENT ON COLUMN cr_relationship_continuity.rq_index_before IS 'mean RQ index of those customers in the earlier wave';
COMMENT ON COLUMN cr_relationship_continuity.rq_index_after IS 'mean RQ index of those customers in the later wave';
COMMENT ON COLUMN cr_relationship_continuity.rq_index_change IS 'mean of (rq_index_after - rq_index_before) over those customers, index points';
COMMENT ON COLUMN cr_relationship_continuity.rq_index_change_se IS 'standard error of rq_index_change: sample standard deviation of the differences / sqrt(rq_index_pairs); NULL below 2 pairs';
COMMENT ON COLUMN cr_relationship_continuity.nps_pairs IS 'customers with an NPS answer (0-10) in both waves';
COMMENT ON COLUMN cr_relationship_continuity.nps_before IS 'NPS (-100 to 100) of those customers'' earlier answers';
COMMENT ON COLUMN cr_relationship_continuity.nps_after IS 'NPS (-100 to 100) of those customers'' later answers';
COMMENT ON COLUMN cr_relationship_continuity.nps_change IS 'nps_after - nps_before: 100 times the mean of (class after - class before), class 1 promoter (9-10), 0 passive (7-8), -1 detractor (0-6)';
COMMENT ON COLUMN cr_relationship_continuity.nps_change_se IS 'standard error of nps_change: 100 times the sample standard deviation of the class differences / sqrt(nps_pairs); NULL below 2 pairs';

CREATE FUNCTION relationship_continuity_trans(float8[], boolean, float8, float8)
    RETURNS float8[] AS 'MODULE_PATHNAME', 'relationship_continuity_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_continuity_trans(float8[], boolean, float8, float8) IS
    'transition function of relationship_continuity(kept, p_kept, clv): counts and exact sums in a float8[]';

CREATE FUNCTION relationship_continuity_trans(float8[], boolean, float8, float8, float8, float8, float8, float8)
    RETURNS float8[] AS 'MODULE_PATHNAME', 'relationship_continuity_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_continuity_trans(float8[], boolean, float8, float8, float8, float8, float8, float8) IS
    'transition function of relationship_continuity with survey waves: counts and exact sums in a float8[]';

CREATE FUNCTION relationship_continuity_combine(float8[], float8[])
    RETURNS float8[] AS 'MODULE_PATHNAME', 'relationship_continuity_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_continuity_combine(float8[], float8[]) IS
    'combine function of relationship_continuity: adds two partial states';

CREATE FUNCTION relationship_continuity_final(float8[])
    RETURNS cr_relationship_continuity AS 'MODULE_PATHNAME', 'relationship_continuity_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION relationship_continuity_final(float8[]) IS
    'final function of relationship_continuity: the figures, NULL for a group without customers';

CREATE AGGREGATE relationship_continuity(kept boolean, p_kept float8, clv float8) (
    SFUNC = relationship_continuity_trans, STYPE = float8[],
    FINALFUNC = relationship_continuity_final,
    COMBINEFUNC = relationship_continuity_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE relationship_continuity(boolean, float8, float8) IS
    'continuity of a group of customers over a period, one row per customer at its start: customers, kept, lost, expected_lost = sum(1 - p_kept) with its 95 % interval, value_start, value_kept and value_expected = sum(p_kept clv) with its 95 % interval; rows with a NULL kept or p_kept are skipped; NULL for no rows';

CREATE AGGREGATE relationship_continuity(kept boolean, p_kept float8, clv float8,
                                         rq_index_before float8, rq_index_after float8,
                                         nps_answer_before float8, nps_answer_after float8) (
    SFUNC = relationship_continuity_trans, STYPE = float8[],
    FINALFUNC = relationship_continuity_final,
    COMBINEFUNC = relationship_continuity_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE relationship_continuity(boolean, float8, float8, float8, float8, float8, float8) IS
    'continuity of a group of customers over a period, as relationship_continuity(kept, p_kept, clv), plus the paired change of the RQ index (0-100) and of NPS (answers 0-10) over the customers who answered in both waves';

-- rfm_summary's transition does the work of the four built-in transitions of count, min, max and
-- sum (bench_rfm's floor takes 0.75-0.90x its time) and finds each row's day in the session's time
-- zone besides. Priced as one built-in call, it made the planner keep a serial GROUP BY customer
-- that ran 25 % slower than the parallel plan (issue 15).
ALTER FUNCTION rfm_summary_trans(cr_rfm_state, timestamptz, float8, timestamptz) COST 4;
ALTER FUNCTION rfm_summary_trans(cr_rfm_state, timestamptz, float8, timestamptz, interval) COST 4;
ALTER FUNCTION rfm_summary_trans(cr_rfm_state, timestamp, float8, timestamp) COST 4;
ALTER FUNCTION rfm_summary_trans(cr_rfm_state, timestamp, float8, timestamp, interval) COST 4;
ALTER FUNCTION rfm_summary_trans(cr_rfm_state, date, float8, date) COST 4;
ALTER FUNCTION rfm_summary_trans(cr_rfm_state, date, float8, date, interval) COST 4;
