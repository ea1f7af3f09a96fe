-- customer_rel 1.0 — the install script of the released version 1.0, frozen: never edit it.
-- Changes go into upgrade scripts (sql/customer_rel--1.0--1.1.sql, ...); test/t/upgrade.sh checks
-- this file's checksum. It was assembled from one source per SQL family (the "-- ---- " lines).
\echo Use "CREATE EXTENSION customer_rel" to load this file. \quit

-- ---- 10_rfm.sql
-- ===== RFM summaries and segments (src/rfm.c, src/core/rfm.c, src/core/rfm_segment.c) =====

-- The summary of one customer's transactions, as the customer-base-analysis models take it.
CREATE TYPE cr_rfm AS (
    frequency      int8,
    recency        float8,
    t              float8,
    monetary       float8,
    n_transactions int8,
    first_purchase date,
    last_purchase  date,
    total_amount   float8,
    as_of          date,
    unit           interval
);
COMMENT ON TYPE cr_rfm IS
    'RFM summary of a customer (Fader, Hardie & Lee 2005): frequency = distinct purchase days - 1; recency and t in units; monetary = mean per-day total of the repeat days; the as_of day and the unit travel with it';
COMMENT ON COLUMN cr_rfm.frequency IS 'repeat purchases: distinct purchase days on or before as_of, minus 1 (count)';
COMMENT ON COLUMN cr_rfm.recency IS 'last purchase day - first purchase day, in units of unit';
COMMENT ON COLUMN cr_rfm.t IS 'as_of day - first purchase day, in units of unit (the customer''s observation length)';
COMMENT ON COLUMN cr_rfm.monetary IS 'mean per-day spend of the repeat purchase days (currency of amount; 0 when frequency is 0)';
COMMENT ON COLUMN cr_rfm.n_transactions IS 'rows counted, on or before as_of (count)';
COMMENT ON COLUMN cr_rfm.first_purchase IS 'day of the first purchase (date)';
COMMENT ON COLUMN cr_rfm.last_purchase IS 'day of the last purchase on or before as_of (date)';
COMMENT ON COLUMN cr_rfm.total_amount IS 'sum of all counted amounts, first day included (currency of amount)';
COMMENT ON COLUMN cr_rfm.as_of IS 'the day the summary is taken at (date)';
COMMENT ON COLUMN cr_rfm.unit IS 'the time unit of recency and t (interval; ''1 day'' unless rfm_summary was given one)';

-- The aggregate state: a concrete type (not internal) so Citus can push partial aggregation
-- down, with text (hex) and binary I/O so a state can be stored or shipped.
CREATE TYPE cr_rfm_state;

CREATE FUNCTION cr_rfm_state_in(cstring) RETURNS cr_rfm_state
    AS 'MODULE_PATHNAME', 'cr_rfm_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_rfm_state_in(cstring) IS
    'input function of cr_rfm_state: hexadecimal digits of its versioned binary form';

CREATE FUNCTION cr_rfm_state_out(cr_rfm_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cr_rfm_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_rfm_state_out(cr_rfm_state) IS
    'output function of cr_rfm_state: hexadecimal digits of its versioned binary form';

CREATE FUNCTION cr_rfm_state_recv(internal) RETURNS cr_rfm_state
    AS 'MODULE_PATHNAME', 'cr_rfm_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_rfm_state_recv(internal) IS
    'binary input function of cr_rfm_state (checks version, lengths and ordering)';

CREATE FUNCTION cr_rfm_state_send(cr_rfm_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cr_rfm_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cr_rfm_state_send(cr_rfm_state) IS
    'binary output function of cr_rfm_state (big-endian, version byte first)';

CREATE TYPE cr_rfm_state (
    INPUT = cr_rfm_state_in,
    OUTPUT = cr_rfm_state_out,
    RECEIVE = cr_rfm_state_recv,
    SEND = cr_rfm_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE cr_rfm_state IS
    'transition state of rfm_summary: as_of day, unit, transaction count, totals and the set of distinct purchase days (a bitmap ending at as_of, or a sorted array)';

-- Transition functions. The timestamptz variant depends on the session TimeZone (STABLE).
CREATE FUNCTION rfm_summary_trans(cr_rfm_state, timestamptz, float8, timestamptz)
    RETURNS cr_rfm_state AS 'MODULE_PATHNAME', 'rfm_summary_trans_timestamptz'
    LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION rfm_summary_trans(cr_rfm_state, timestamptz, float8, timestamptz, interval)
    RETURNS cr_rfm_state AS 'MODULE_PATHNAME', 'rfm_summary_trans_timestamptz'
    LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION rfm_summary_trans(cr_rfm_state, timestamp, float8, timestamp)
    RETURNS cr_rfm_state AS 'MODULE_PATHNAME', 'rfm_summary_trans_timestamp'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_summary_trans(cr_rfm_state, timestamp, float8, timestamp, interval)
    RETURNS cr_rfm_state AS 'MODULE_PATHNAME', 'rfm_summary_trans_timestamp'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_summary_trans(cr_rfm_state, date, float8, date)
    RETURNS cr_rfm_state AS 'MODULE_PATHNAME', 'rfm_summary_trans_date'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_summary_trans(cr_rfm_state, date, float8, date, interval)
    RETURNS cr_rfm_state AS 'MODULE_PATHNAME', 'rfm_summary_trans_date'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rfm_summary_trans(cr_rfm_state, timestamptz, float8, timestamptz) IS
    'transition function of rfm_summary(timestamptz, float8, timestamptz)';
COMMENT ON FUNCTION rfm_summary_trans(cr_rfm_state, timestamptz, float8, timestamptz, interval) IS
    'transition function of rfm_summary(timestamptz, float8, timestamptz, interval)';
COMMENT ON FUNCTION rfm_summary_trans(cr_rfm_state, timestamp, float8, timestamp) IS
    'transition function of rfm_summary(timestamp, float8, timestamp)';
COMMENT ON FUNCTION rfm_summary_trans(cr_rfm_state, timestamp, float8, timestamp, interval) IS
    'transition function of rfm_summary(timestamp, float8, timestamp, interval)';
COMMENT ON FUNCTION rfm_summary_trans(cr_rfm_state, date, float8, date) IS
    'transition function of rfm_summary(date, float8, date)';
COMMENT ON FUNCTION rfm_summary_trans(cr_rfm_state, date, float8, date, interval) IS
    'transition function of rfm_summary(date, float8, date, interval)';

CREATE FUNCTION rfm_summary_combine(cr_rfm_state, cr_rfm_state) RETURNS cr_rfm_state
    AS 'MODULE_PATHNAME', 'rfm_summary_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rfm_summary_combine(cr_rfm_state, cr_rfm_state) IS
    'combine function of rfm_summary: union of the purchase days, first-day totals merged';

CREATE FUNCTION rfm_summary_final(cr_rfm_state) RETURNS cr_rfm
    AS 'MODULE_PATHNAME', 'rfm_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rfm_summary_final(cr_rfm_state) IS
    'final function of rfm_summary: the rfm row, NULL when no purchase falls on or before as_of';

CREATE AGGREGATE rfm_summary(ts timestamptz, amount float8, as_of timestamptz) (
    SFUNC = rfm_summary_trans, STYPE = cr_rfm_state, FINALFUNC = rfm_summary_final,
    COMBINEFUNC = rfm_summary_combine, PARALLEL = SAFE);
CREATE AGGREGATE rfm_summary(ts timestamptz, amount float8, as_of timestamptz, unit interval) (
    SFUNC = rfm_summary_trans, STYPE = cr_rfm_state, FINALFUNC = rfm_summary_final,
    COMBINEFUNC = rfm_summary_combine, PARALLEL = SAFE);
CREATE AGGREGATE rfm_summary(ts timestamp, amount float8, as_of timestamp) (
    SFUNC = rfm_summary_trans, STYPE = cr_rfm_state, FINALFUNC = rfm_summary_final,
    COMBINEFUNC = rfm_summary_combine, PARALLEL = SAFE);
CREATE AGGREGATE rfm_summary(ts timestamp, amount float8, as_of timestamp, unit interval) (
    SFUNC = rfm_summary_trans, STYPE = cr_rfm_state, FINALFUNC = rfm_summary_final,
    COMBINEFUNC = rfm_summary_combine, PARALLEL = SAFE);
CREATE AGGREGATE rfm_summary(ts date, amount float8, as_of date) (
    SFUNC = rfm_summary_trans, STYPE = cr_rfm_state, FINALFUNC = rfm_summary_final,
    COMBINEFUNC = rfm_summary_combine, PARALLEL = SAFE);
CREATE AGGREGATE rfm_summary(ts date, amount float8, as_of date, unit interval) (
    SFUNC = rfm_summary_trans, STYPE = cr_rfm_state, FINALFUNC = rfm_summary_final,
    COMBINEFUNC = rfm_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE rfm_summary(timestamptz, float8, timestamptz) IS
    'RFM summary of transactions on or before as_of''s day (days in the session TimeZone); recency and t in days; NULL ts or amount rows are skipped';
COMMENT ON AGGREGATE rfm_summary(timestamptz, float8, timestamptz, interval) IS
    'RFM summary of transactions on or before as_of''s day (days in the session TimeZone); recency and t in units of unit (''7 days'' = weeks); NULL ts or amount rows are skipped';
COMMENT ON AGGREGATE rfm_summary(timestamp, float8, timestamp) IS
    'RFM summary of transactions on or before as_of''s day; recency and t in days; NULL ts or amount rows are skipped';
COMMENT ON AGGREGATE rfm_summary(timestamp, float8, timestamp, interval) IS
    'RFM summary of transactions on or before as_of''s day; recency and t in units of unit (''7 days'' = weeks); NULL ts or amount rows are skipped';
COMMENT ON AGGREGATE rfm_summary(date, float8, date) IS
    'RFM summary of purchases on or before as_of; recency and t in days; NULL ts or amount rows are skipped';
COMMENT ON AGGREGATE rfm_summary(date, float8, date, interval) IS
    'RFM summary of purchases on or before as_of; recency and t in units of unit (''7 days'' = weeks); NULL ts or amount rows are skipped';

CREATE FUNCTION rfm_segment(recency_score int, frequency_score int, monetary_score int)
    RETURNS text AS 'MODULE_PATHNAME', 'rfm_segment'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rfm_segment(int, int, int) IS
    'named RFM segment (Champions, Loyal, ..., Lost) of 1-5 scores on the recency versus FM = (F + M) / 2 grid';

-- Shipping partial summaries between servers (postgres_fdw shards, staged rollups): each shard
-- returns rfm_summary_state(...) per customer, and rfm_summary_merge combines them exactly.
CREATE AGGREGATE rfm_summary_state(ts timestamptz, amount float8, as_of timestamptz) (
    SFUNC = rfm_summary_trans, STYPE = cr_rfm_state, COMBINEFUNC = rfm_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE rfm_summary_state(ts timestamptz, amount float8, as_of timestamptz, unit interval) (
    SFUNC = rfm_summary_trans, STYPE = cr_rfm_state, COMBINEFUNC = rfm_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE rfm_summary_state(ts timestamp, amount float8, as_of timestamp) (
    SFUNC = rfm_summary_trans, STYPE = cr_rfm_state, COMBINEFUNC = rfm_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE rfm_summary_state(ts timestamp, amount float8, as_of timestamp, unit interval) (
    SFUNC = rfm_summary_trans, STYPE = cr_rfm_state, COMBINEFUNC = rfm_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE rfm_summary_state(ts date, amount float8, as_of date) (
    SFUNC = rfm_summary_trans, STYPE = cr_rfm_state, COMBINEFUNC = rfm_summary_combine,
    PARALLEL = SAFE);
CREATE AGGREGATE rfm_summary_state(ts date, amount float8, as_of date, unit interval) (
    SFUNC = rfm_summary_trans, STYPE = cr_rfm_state, COMBINEFUNC = rfm_summary_combine,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE rfm_summary_state(timestamptz, float8, timestamptz) IS
    'the partial state of rfm_summary(timestamptz, float8, timestamptz), to ship and merge with rfm_summary_merge';
COMMENT ON AGGREGATE rfm_summary_state(timestamptz, float8, timestamptz, interval) IS
    'the partial state of rfm_summary(timestamptz, float8, timestamptz, interval), to ship and merge with rfm_summary_merge';
COMMENT ON AGGREGATE rfm_summary_state(timestamp, float8, timestamp) IS
    'the partial state of rfm_summary(timestamp, float8, timestamp), to ship and merge with rfm_summary_merge';
COMMENT ON AGGREGATE rfm_summary_state(timestamp, float8, timestamp, interval) IS
    'the partial state of rfm_summary(timestamp, float8, timestamp, interval), to ship and merge with rfm_summary_merge';
COMMENT ON AGGREGATE rfm_summary_state(date, float8, date) IS
    'the partial state of rfm_summary(date, float8, date), to ship and merge with rfm_summary_merge';
COMMENT ON AGGREGATE rfm_summary_state(date, float8, date, interval) IS
    'the partial state of rfm_summary(date, float8, date, interval), to ship and merge with rfm_summary_merge';

CREATE AGGREGATE rfm_summary_merge(state cr_rfm_state) (
    SFUNC = rfm_summary_combine, STYPE = cr_rfm_state, FINALFUNC = rfm_summary_final,
    COMBINEFUNC = rfm_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE rfm_summary_merge(cr_rfm_state) IS
    'the rfm summary of partial states from rfm_summary_state (same as_of and unit); equal to rfm_summary over all their rows';

-- CREATE AGGREGATE records every aggregate as IMMUTABLE, but over timestamptz the purchase day
-- depends on the session TimeZone. postgres_fdw ships an immutable aggregate to a shard, whose
-- session runs in UTC, and the days would be cut in UTC there (a wrong frequency, silently).
-- So the four timestamptz aggregates are labelled STABLE, as their transition functions are:
-- postgres_fdw then aggregates them locally, in the caller's TimeZone. (For shards, convert to
-- local time first, rfm_summary(ts AT TIME ZONE 'Europe/Paris', ...): that form is immutable
-- and ships; README "Scaling out".) The trusted install runs this script as the bootstrap
-- superuser, which may write the catalog.
UPDATE pg_catalog.pg_proc SET provolatile = 's'
WHERE oid OPERATOR(pg_catalog.=) ANY (ARRAY[
    'rfm_summary(timestamptz, float8, timestamptz)',
    'rfm_summary(timestamptz, float8, timestamptz, interval)',
    'rfm_summary_state(timestamptz, float8, timestamptz)',
    'rfm_summary_state(timestamptz, float8, timestamptz, interval)']::pg_catalog.regprocedure[]);

-- Clients that cannot read the state's binary form (reporting tools, JSON APIs) read it as jsonb.
CREATE FUNCTION rfm_state_jsonb(state cr_rfm_state) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'rfm_state_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rfm_state_jsonb(cr_rfm_state) IS
    'everything an rfm_summary state holds, as jsonb: as_of (ISO date), unit_days, n_transactions, total_amount, first_day_amount, purchase_days (ISO dates, ascending)';
CREATE CAST (cr_rfm_state AS jsonb) WITH FUNCTION rfm_state_jsonb(cr_rfm_state);
COMMENT ON CAST (cr_rfm_state AS jsonb) IS 'the same as rfm_state_jsonb(state)';

-- ---- 20_survey.sql
-- Survey scores: NPS (with standard error and 95 % interval), CSAT, CES, and the portable
-- <score>_state(...) -> bytea / <score>_merge(bytea) pairs for sharded data (postgres_fdw).
--
-- Every state is an int8[3] of counters (src/core/survey.h): a concrete, constant-size state type
-- updated in place, so each aggregate runs as a partial aggregate in parallel workers and on
-- distributed workers (Citus needs a state type that is not a pseudo-type). The transition
-- functions are STRICT with an INITCOND, so NULL answers are skipped.
-- Scores are integers on a scale (int2, int4, int8); numeric/float answers are not accepted:
-- a non-integer answer is not a point of the scale.

CREATE TYPE cr_nps_summary AS (
    n          int8,
    promoters  int8,
    passives   int8,
    detractors int8,
    nps        float8,
    std_error  float8,
    ci_low     float8,
    ci_high    float8
);
COMMENT ON TYPE cr_nps_summary IS
'Result of nps_summary and nps_merge: answer counts (promoters 9-10, passives 7-8, detractors 0-6), NPS = 100 (P - D) in [-100, 100], its Wald standard error 100 sqrt(((P + D) - (P - D)^2) / n), and the 95 % interval nps -/+ 1.96 std_error clipped to [-100, 100]';
COMMENT ON COLUMN cr_nps_summary.n IS 'answers counted (count)';
COMMENT ON COLUMN cr_nps_summary.promoters IS 'answers of 9 or 10 (count)';
COMMENT ON COLUMN cr_nps_summary.passives IS 'answers of 7 or 8 (count)';
COMMENT ON COLUMN cr_nps_summary.detractors IS 'answers of 0 to 6 (count)';
COMMENT ON COLUMN cr_nps_summary.nps IS 'Net Promoter Score: 100 (promoters - detractors) / n, in points from -100 to 100';
COMMENT ON COLUMN cr_nps_summary.std_error IS 'Wald standard error of nps, in points';
COMMENT ON COLUMN cr_nps_summary.ci_low IS 'lower end of the 95 % interval of nps, in points (clipped to -100)';
COMMENT ON COLUMN cr_nps_summary.ci_high IS 'upper end of the 95 % interval of nps, in points (clipped to 100)';

-- ---- transition functions ------------------------------------------------------------------

CREATE FUNCTION nps_trans(int8[], int2) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'nps_trans_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_trans(int8[], int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'nps_trans_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_trans(int8[], int8) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'nps_trans_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_trans(int8[], int2) IS
'Transition function of nps, nps_summary and nps_state: counts one 0-10 answer into {promoters, passives, detractors}';
COMMENT ON FUNCTION nps_trans(int8[], int4) IS
'Transition function of nps, nps_summary and nps_state: counts one 0-10 answer into {promoters, passives, detractors}';
COMMENT ON FUNCTION nps_trans(int8[], int8) IS
'Transition function of nps, nps_summary and nps_state: counts one 0-10 answer into {promoters, passives, detractors}';

CREATE FUNCTION csat_trans(int8[], int2) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_trans_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_trans(int8[], int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_trans_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_trans(int8[], int8) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_trans_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_trans(int8[], int2, int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_trans_scale_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_trans(int8[], int4, int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_trans_scale_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_trans(int8[], int8, int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_trans_scale_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_trans(int8[], int2) IS
'Transition function of csat and csat_state on the default 1-5 scale: counts one answer into {n, top-two-box answers, scale_max}';
COMMENT ON FUNCTION csat_trans(int8[], int4) IS
'Transition function of csat and csat_state on the default 1-5 scale: counts one answer into {n, top-two-box answers, scale_max}';
COMMENT ON FUNCTION csat_trans(int8[], int8) IS
'Transition function of csat and csat_state on the default 1-5 scale: counts one answer into {n, top-two-box answers, scale_max}';
COMMENT ON FUNCTION csat_trans(int8[], int2, int4) IS
'Transition function of csat and csat_state on a 1..scale_max scale: counts one answer into {n, top-two-box answers, scale_max}';
COMMENT ON FUNCTION csat_trans(int8[], int4, int4) IS
'Transition function of csat and csat_state on a 1..scale_max scale: counts one answer into {n, top-two-box answers, scale_max}';
COMMENT ON FUNCTION csat_trans(int8[], int8, int4) IS
'Transition function of csat and csat_state on a 1..scale_max scale: counts one answer into {n, top-two-box answers, scale_max}';

CREATE FUNCTION ces_trans(int8[], int2) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_trans_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_trans(int8[], int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_trans_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_trans(int8[], int8) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_trans_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_trans(int8[], int2, int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_trans_scale_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_trans(int8[], int4, int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_trans_scale_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_trans(int8[], int8, int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_trans_scale_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_trans(int8[], int2) IS
'Transition function of ces and ces_state on the default 1-7 scale: counts one answer into {n, sum of answers, scale_max}';
COMMENT ON FUNCTION ces_trans(int8[], int4) IS
'Transition function of ces and ces_state on the default 1-7 scale: counts one answer into {n, sum of answers, scale_max}';
COMMENT ON FUNCTION ces_trans(int8[], int8) IS
'Transition function of ces and ces_state on the default 1-7 scale: counts one answer into {n, sum of answers, scale_max}';
COMMENT ON FUNCTION ces_trans(int8[], int2, int4) IS
'Transition function of ces and ces_state on a 1..scale_max scale: counts one answer into {n, sum of answers, scale_max}';
COMMENT ON FUNCTION ces_trans(int8[], int4, int4) IS
'Transition function of ces and ces_state on a 1..scale_max scale: counts one answer into {n, sum of answers, scale_max}';
COMMENT ON FUNCTION ces_trans(int8[], int8, int4) IS
'Transition function of ces and ces_state on a 1..scale_max scale: counts one answer into {n, sum of answers, scale_max}';

CREATE FUNCTION nps_merge_trans(int8[], bytea) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'nps_merge_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_merge_trans(int8[], bytea) IS
'Transition function of nps_merge: checks and adds one state made by nps_state';
CREATE FUNCTION csat_merge_trans(int8[], bytea) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_merge_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_merge_trans(int8[], bytea) IS
'Transition function of csat_merge: checks and adds one state made by csat_state';
CREATE FUNCTION ces_merge_trans(int8[], bytea) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_merge_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_merge_trans(int8[], bytea) IS
'Transition function of ces_merge: checks and adds one state made by ces_state';

-- ---- combine functions (not strict: they handle NULL states) --------------------------------

CREATE FUNCTION nps_combine(int8[], int8[]) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'nps_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION nps_combine(int8[], int8[]) IS
'Combine function of the NPS aggregates: adds two {promoters, passives, detractors} states';
CREATE FUNCTION csat_combine(int8[], int8[]) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION csat_combine(int8[], int8[]) IS
'Combine function of the CSAT aggregates: adds two {n, top-two-box answers, scale_max} states of the same scale';
CREATE FUNCTION ces_combine(int8[], int8[]) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ces_combine(int8[], int8[]) IS
'Combine function of the CES aggregates: adds two {n, sum of answers, scale_max} states of the same scale';

-- ---- final functions (read the state, return NULL for an empty group) -----------------------

CREATE FUNCTION nps_final(int8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'nps_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_final(int8[]) IS
'Final function of nps: 100 (promoters - detractors) / n, NULL when there are no answers';
CREATE FUNCTION nps_summary_final(int8[]) RETURNS cr_nps_summary
    AS 'MODULE_PATHNAME', 'nps_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_summary_final(int8[]) IS
'Final function of nps_summary and nps_merge: counts, NPS, standard error and 95 % interval, NULL when there are no answers';
CREATE FUNCTION csat_final(int8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'csat_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_final(int8[]) IS
'Final function of csat and csat_merge: percentage of answers in the top two boxes, NULL when there are no answers';
CREATE FUNCTION ces_final(int8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'ces_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_final(int8[]) IS
'Final function of ces and ces_merge: mean answer, NULL when there are no answers';
CREATE FUNCTION nps_state_final(int8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'nps_state_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_state_final(int8[]) IS
'Final function of nps_state: the counters as a portable 26-byte state (version byte, kind byte, three big-endian int8), NULL when there are no answers';
CREATE FUNCTION csat_state_final(int8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'csat_state_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_state_final(int8[]) IS
'Final function of csat_state: the counters as a portable 26-byte state (version byte, kind byte, three big-endian int8), NULL when there are no answers';
CREATE FUNCTION ces_state_final(int8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'ces_state_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_state_final(int8[]) IS
'Final function of ces_state: the counters as a portable 26-byte state (version byte, kind byte, three big-endian int8), NULL when there are no answers';

-- ---- the aggregates --------------------------------------------------------------------------

CREATE AGGREGATE nps(score int2) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_final, PARALLEL = SAFE);
CREATE AGGREGATE nps(score int4) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_final, PARALLEL = SAFE);
CREATE AGGREGATE nps(score int8) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE nps(int2) IS
'Net Promoter Score of 0-10 answers: percent promoters (9-10) minus percent detractors (0-6), in [-100, 100]; NULLs ignored, NULL for no answers, 22003 for an answer outside 0-10';
COMMENT ON AGGREGATE nps(int4) IS
'Net Promoter Score of 0-10 answers: percent promoters (9-10) minus percent detractors (0-6), in [-100, 100]; NULLs ignored, NULL for no answers, 22003 for an answer outside 0-10';
COMMENT ON AGGREGATE nps(int8) IS
'Net Promoter Score of 0-10 answers: percent promoters (9-10) minus percent detractors (0-6), in [-100, 100]; NULLs ignored, NULL for no answers, 22003 for an answer outside 0-10';

CREATE AGGREGATE nps_summary(score int2) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_summary_final, PARALLEL = SAFE);
CREATE AGGREGATE nps_summary(score int4) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_summary_final, PARALLEL = SAFE);
CREATE AGGREGATE nps_summary(score int8) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_summary_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE nps_summary(int2) IS
'NPS of 0-10 answers with its counts, Wald standard error and 95 % interval (cr_nps_summary); NULLs ignored, NULL for no answers';
COMMENT ON AGGREGATE nps_summary(int4) IS
'NPS of 0-10 answers with its counts, Wald standard error and 95 % interval (cr_nps_summary); NULLs ignored, NULL for no answers';
COMMENT ON AGGREGATE nps_summary(int8) IS
'NPS of 0-10 answers with its counts, Wald standard error and 95 % interval (cr_nps_summary); NULLs ignored, NULL for no answers';

CREATE AGGREGATE csat(score int2) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,5}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
CREATE AGGREGATE csat(score int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,5}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
CREATE AGGREGATE csat(score int8) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,5}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
CREATE AGGREGATE csat(score int2, scale_max int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
CREATE AGGREGATE csat(score int4, scale_max int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
CREATE AGGREGATE csat(score int8, scale_max int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE csat(int2) IS
'Customer satisfaction on a 1-5 scale: percent of answers in the top two boxes (4-5), 0-100; NULLs ignored, NULL for no answers, 22003 for an answer outside 1-5';
COMMENT ON AGGREGATE csat(int4) IS
'Customer satisfaction on a 1-5 scale: percent of answers in the top two boxes (4-5), 0-100; NULLs ignored, NULL for no answers, 22003 for an answer outside 1-5';
COMMENT ON AGGREGATE csat(int8) IS
'Customer satisfaction on a 1-5 scale: percent of answers in the top two boxes (4-5), 0-100; NULLs ignored, NULL for no answers, 22003 for an answer outside 1-5';
COMMENT ON AGGREGATE csat(int2, int4) IS
'Customer satisfaction on a 1..scale_max scale (scale_max 3-100, the same for the whole group): percent of answers in the top two boxes, 0-100; rows with a NULL are ignored';
COMMENT ON AGGREGATE csat(int4, int4) IS
'Customer satisfaction on a 1..scale_max scale (scale_max 3-100, the same for the whole group): percent of answers in the top two boxes, 0-100; rows with a NULL are ignored';
COMMENT ON AGGREGATE csat(int8, int4) IS
'Customer satisfaction on a 1..scale_max scale (scale_max 3-100, the same for the whole group): percent of answers in the top two boxes, 0-100; rows with a NULL are ignored';

CREATE AGGREGATE ces(score int2) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,7}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
CREATE AGGREGATE ces(score int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,7}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
CREATE AGGREGATE ces(score int8) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,7}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
CREATE AGGREGATE ces(score int2, scale_max int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
CREATE AGGREGATE ces(score int4, scale_max int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
CREATE AGGREGATE ces(score int8, scale_max int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE ces(int2) IS
'Customer effort score on a 1-7 scale: the mean answer, 1-7; NULLs ignored, NULL for no answers, 22003 for an answer outside 1-7';
COMMENT ON AGGREGATE ces(int4) IS
'Customer effort score on a 1-7 scale: the mean answer, 1-7; NULLs ignored, NULL for no answers, 22003 for an answer outside 1-7';
COMMENT ON AGGREGATE ces(int8) IS
'Customer effort score on a 1-7 scale: the mean answer, 1-7; NULLs ignored, NULL for no answers, 22003 for an answer outside 1-7';
COMMENT ON AGGREGATE ces(int2, int4) IS
'Customer effort score on a 1..scale_max scale (scale_max 2-100, the same for the whole group): the mean answer; rows with a NULL are ignored';
COMMENT ON AGGREGATE ces(int4, int4) IS
'Customer effort score on a 1..scale_max scale (scale_max 2-100, the same for the whole group): the mean answer; rows with a NULL are ignored';
COMMENT ON AGGREGATE ces(int8, int4) IS
'Customer effort score on a 1..scale_max scale (scale_max 2-100, the same for the whole group): the mean answer; rows with a NULL are ignored';

-- ---- portable states for sharded data: <score>_state(...) -> bytea, <score>_merge(bytea) ----

CREATE AGGREGATE nps_state(score int2) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_state_final, PARALLEL = SAFE);
CREATE AGGREGATE nps_state(score int4) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_state_final, PARALLEL = SAFE);
CREATE AGGREGATE nps_state(score int8) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE nps_state(int2) IS
'NPS counts of 0-10 answers as a portable 26-byte state, to be combined by nps_merge on another server (one state per shard); NULL for no answers';
COMMENT ON AGGREGATE nps_state(int4) IS
'NPS counts of 0-10 answers as a portable 26-byte state, to be combined by nps_merge on another server (one state per shard); NULL for no answers';
COMMENT ON AGGREGATE nps_state(int8) IS
'NPS counts of 0-10 answers as a portable 26-byte state, to be combined by nps_merge on another server (one state per shard); NULL for no answers';
CREATE AGGREGATE nps_merge(state bytea) (SFUNC = nps_merge_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_summary_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE nps_merge(bytea) IS
'Combines states made by nps_state into the cr_nps_summary of all their answers; 22023 on a malformed state, NULLs ignored';

CREATE AGGREGATE csat_state(score int2) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,5}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_state_final, PARALLEL = SAFE);
CREATE AGGREGATE csat_state(score int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,5}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_state_final, PARALLEL = SAFE);
CREATE AGGREGATE csat_state(score int8) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,5}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_state_final, PARALLEL = SAFE);
CREATE AGGREGATE csat_state(score int2, scale_max int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_state_final, PARALLEL = SAFE);
CREATE AGGREGATE csat_state(score int4, scale_max int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_state_final, PARALLEL = SAFE);
CREATE AGGREGATE csat_state(score int8, scale_max int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE csat_state(int2) IS
'CSAT counts of 1-5 answers as a portable 26-byte state, to be combined by csat_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE csat_state(int4) IS
'CSAT counts of 1-5 answers as a portable 26-byte state, to be combined by csat_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE csat_state(int8) IS
'CSAT counts of 1-5 answers as a portable 26-byte state, to be combined by csat_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE csat_state(int2, int4) IS
'CSAT counts of 1..scale_max answers as a portable 26-byte state, to be combined by csat_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE csat_state(int4, int4) IS
'CSAT counts of 1..scale_max answers as a portable 26-byte state, to be combined by csat_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE csat_state(int8, int4) IS
'CSAT counts of 1..scale_max answers as a portable 26-byte state, to be combined by csat_merge on another server; NULL for no answers';
CREATE AGGREGATE csat_merge(state bytea) (SFUNC = csat_merge_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE csat_merge(bytea) IS
'Combines states made by csat_state (all of one scale) into the CSAT percentage of all their answers; 22023 on a malformed state or mixed scales, NULLs ignored';

CREATE AGGREGATE ces_state(score int2) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,7}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_state_final, PARALLEL = SAFE);
CREATE AGGREGATE ces_state(score int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,7}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_state_final, PARALLEL = SAFE);
CREATE AGGREGATE ces_state(score int8) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,7}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_state_final, PARALLEL = SAFE);
CREATE AGGREGATE ces_state(score int2, scale_max int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_state_final, PARALLEL = SAFE);
CREATE AGGREGATE ces_state(score int4, scale_max int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_state_final, PARALLEL = SAFE);
CREATE AGGREGATE ces_state(score int8, scale_max int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE ces_state(int2) IS
'CES counts of 1-7 answers as a portable 26-byte state, to be combined by ces_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE ces_state(int4) IS
'CES counts of 1-7 answers as a portable 26-byte state, to be combined by ces_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE ces_state(int8) IS
'CES counts of 1-7 answers as a portable 26-byte state, to be combined by ces_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE ces_state(int2, int4) IS
'CES counts of 1..scale_max answers as a portable 26-byte state, to be combined by ces_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE ces_state(int4, int4) IS
'CES counts of 1..scale_max answers as a portable 26-byte state, to be combined by ces_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE ces_state(int8, int4) IS
'CES counts of 1..scale_max answers as a portable 26-byte state, to be combined by ces_merge on another server; NULL for no answers';
CREATE AGGREGATE ces_merge(state bytea) (SFUNC = ces_merge_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE ces_merge(bytea) IS
'Combines states made by ces_state (all of one scale) into the mean effort score of all their answers; 22023 on a malformed state or mixed scales, NULLs ignored';

-- ---- 30_btyd_fit.sql
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

-- ---- 35_pareto_bgbb.sql
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

-- ---- 40_survival.sql
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

-- ---- 50_relationship.sql
-- Relationship family: relationship quality (RQ) index, scale reliability (Cronbach's alpha),
-- decayed engagement, and the composite relationship health score. See README "Relationship quality".

-- ---------------------------------------------------------------------------------------------
-- Relationship quality

CREATE TYPE cr_rq_profile AS (
    index               float8,
    n_answers           int8,
    n_dimensions        int4,
    coverage            float8,
    weakest_dimension   text,
    strongest_dimension text,
    dimensions          jsonb,
    note                text
);
COMMENT ON TYPE cr_rq_profile IS
'relationship-quality profile: index 0-100 (NULL below coverage 0.5, see note), answers, answered dimensions, coverage 0-1 (answered share of the total weight), weakest and strongest dimension, per-dimension {mean, n, weight} as jsonb';
COMMENT ON COLUMN cr_rq_profile.index IS 'relationship-quality index, 0-100 (NULL when coverage is below 0.5; see note)';
COMMENT ON COLUMN cr_rq_profile.n_answers IS 'answers counted (count)';
COMMENT ON COLUMN cr_rq_profile.n_dimensions IS 'dimensions with at least one answer (count)';
COMMENT ON COLUMN cr_rq_profile.coverage IS 'share of the total dimension weight that was answered, 0-1';
COMMENT ON COLUMN cr_rq_profile.weakest_dimension IS 'the answered dimension with the lowest mean (text)';
COMMENT ON COLUMN cr_rq_profile.strongest_dimension IS 'the answered dimension with the highest mean (text)';
COMMENT ON COLUMN cr_rq_profile.dimensions IS 'per dimension {"mean": 0-100, "n": count, "weight": number} (jsonb)';
COMMENT ON COLUMN cr_rq_profile.note IS 'why index is NULL, or NULL (text)';

CREATE FUNCTION relationship_quality_trans(bytea, text, float8, float8, float8)
RETURNS bytea
AS 'MODULE_PATHNAME', 'relationship_quality_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_quality_trans(bytea, text, float8, float8, float8) IS
'transition function of relationship_quality(dimension, score, scale_min, scale_max)';

CREATE FUNCTION relationship_quality_trans(bytea, text, float8, float8, float8, jsonb)
RETURNS bytea
AS 'MODULE_PATHNAME', 'relationship_quality_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_quality_trans(bytea, text, float8, float8, float8, jsonb) IS
'transition function of relationship_quality(dimension, score, scale_min, scale_max, weights)';

CREATE FUNCTION relationship_quality_combine(bytea, bytea)
RETURNS bytea
AS 'MODULE_PATHNAME', 'relationship_quality_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_quality_combine(bytea, bytea) IS
'combine function of relationship_quality: adds two partial states of the same instrument';

CREATE FUNCTION relationship_quality_final(bytea)
RETURNS cr_rq_profile
AS 'MODULE_PATHNAME', 'relationship_quality_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION relationship_quality_final(bytea) IS
'final function of relationship_quality: the cr_rq_profile of a state';

CREATE AGGREGATE relationship_quality(dimension text, score float8, scale_min float8, scale_max float8) (
    SFUNC = relationship_quality_trans,
    STYPE = bytea,
    FINALFUNC = relationship_quality_final,
    COMBINEFUNC = relationship_quality_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE relationship_quality(text, float8, float8, float8) IS
'relationship-quality index 0-100 over answers (dimension, score on [scale_min, scale_max]): each answer normalised to 0-100, averaged per dimension, dimensions weighted equally over trust, communication, respect, fairness, honesty, seriousness, recognition, commitment, engagement';

CREATE AGGREGATE relationship_quality(dimension text, score float8, scale_min float8, scale_max float8, weights jsonb) (
    SFUNC = relationship_quality_trans,
    STYPE = bytea,
    FINALFUNC = relationship_quality_final,
    COMBINEFUNC = relationship_quality_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE relationship_quality(text, float8, float8, float8, jsonb) IS
'relationship-quality index 0-100 with an instrument of your own: weights is a JSON object {"dimension": non-negative number, ...} naming every valid dimension (NULL: the nine default dimensions, equal weights)';

-- Sharded data (README "Scaling out"): the state is already a portable bytea (constant size per
-- instrument), so the pair is the aggregate without its final function, and one with the
-- combine function as transition.
CREATE AGGREGATE relationship_quality_state(dimension text, score float8, scale_min float8, scale_max float8) (
    SFUNC = relationship_quality_trans,
    STYPE = bytea,
    COMBINEFUNC = relationship_quality_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE relationship_quality_state(text, float8, float8, float8) IS
'the partial state of relationship_quality (per-dimension sums and counts, bytea), to ship from a shard and finish with relationship_quality_merge; NULL for no rows';

CREATE AGGREGATE relationship_quality_state(dimension text, score float8, scale_min float8, scale_max float8, weights jsonb) (
    SFUNC = relationship_quality_trans,
    STYPE = bytea,
    COMBINEFUNC = relationship_quality_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE relationship_quality_state(text, float8, float8, float8, jsonb) IS
'the partial state of relationship_quality with an instrument of your own (the weights travel inside it), for relationship_quality_merge; NULL for no rows';

CREATE AGGREGATE relationship_quality_merge(state bytea) (
    SFUNC = relationship_quality_combine,
    STYPE = bytea,
    FINALFUNC = relationship_quality_final,
    COMBINEFUNC = relationship_quality_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE relationship_quality_merge(bytea) IS
'the cr_rq_profile of all the answers behind relationship_quality_state values (one instrument); equal to relationship_quality over all their rows; NULL states are skipped';

-- ---------------------------------------------------------------------------------------------
-- Scale reliability

CREATE TYPE cr_cronbach_summary AS (
    alpha            float8,
    n                int8,
    k                int4,
    ci_low           float8,
    ci_high          float8,
    alpha_if_deleted float8[],
    n_skipped        int8
);
COMMENT ON TYPE cr_cronbach_summary IS
'Cronbach''s alpha with n complete respondents, k items, the Feldt 95 % confidence interval, alpha with each item deleted, and n_skipped respondents left out for a missing answer';
COMMENT ON COLUMN cr_cronbach_summary.alpha IS 'Cronbachs alpha (dimensionless, at most 1)';
COMMENT ON COLUMN cr_cronbach_summary.n IS 'complete respondents (count)';
COMMENT ON COLUMN cr_cronbach_summary.k IS 'items (count)';
COMMENT ON COLUMN cr_cronbach_summary.ci_low IS 'lower end of the Feldt 95 % interval of alpha';
COMMENT ON COLUMN cr_cronbach_summary.ci_high IS 'upper end of the Feldt 95 % interval of alpha';
COMMENT ON COLUMN cr_cronbach_summary.alpha_if_deleted IS 'alpha of the scale without item i, for each item i (float8[], k values)';
COMMENT ON COLUMN cr_cronbach_summary.n_skipped IS 'respondents left out for a missing answer (count)';

CREATE FUNCTION cronbach_alpha_trans(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'cronbach_alpha_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_trans(float8[], float8[]) IS
'transition function of cronbach_alpha and cronbach_alpha_summary: [format 2, k, n, n_skipped, item sums, sums of products], sums as exact (hi, lo) pairs';

CREATE FUNCTION cronbach_alpha_combine(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'cronbach_alpha_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_combine(float8[], float8[]) IS
'combine function of cronbach_alpha and cronbach_alpha_summary (adds the exact sums)';

CREATE FUNCTION cronbach_alpha_final(float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'cronbach_alpha_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_final(float8[]) IS
'final function of cronbach_alpha';

CREATE FUNCTION cronbach_alpha_summary_final(float8[])
RETURNS cr_cronbach_summary
AS 'MODULE_PATHNAME', 'cronbach_alpha_summary_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_summary_final(float8[]) IS
'final function of cronbach_alpha_summary';

CREATE AGGREGATE cronbach_alpha(items float8[]) (
    SFUNC = cronbach_alpha_trans,
    STYPE = float8[],
    FINALFUNC = cronbach_alpha_final,
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha(float8[]) IS
'Cronbach''s alpha of a k-item scale, one array of item answers per respondent; respondents with a NULL answer are skipped; NULL with fewer than 2 respondents or no variance';

CREATE AGGREGATE cronbach_alpha_summary(items float8[]) (
    SFUNC = cronbach_alpha_trans,
    STYPE = float8[],
    FINALFUNC = cronbach_alpha_summary_final,
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha_summary(float8[]) IS
'Cronbach''s alpha with the Feldt (1987) 95 % interval, alpha-if-item-deleted and the counts of complete and skipped respondents';

-- Sharded data: the float8[] state (constant size for k items) is the portable state.
CREATE AGGREGATE cronbach_alpha_state(items float8[]) (
    SFUNC = cronbach_alpha_trans,
    STYPE = float8[],
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha_state(float8[]) IS
'the partial state of cronbach_alpha ([format 2, k, n, n_skipped, item sums, sums of products], sums as exact (hi, lo) pairs: the same rows give the same state in any order), to ship from a shard and finish with cronbach_alpha_merge or cronbach_alpha_summary_merge; NULL for no rows';

CREATE AGGREGATE cronbach_alpha_summary_state(items float8[]) (
    SFUNC = cronbach_alpha_trans,
    STYPE = float8[],
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha_summary_state(float8[]) IS
'the same state as cronbach_alpha_state (either merge accepts it), named for cronbach_alpha_summary_merge';

CREATE AGGREGATE cronbach_alpha_merge(state float8[]) (
    SFUNC = cronbach_alpha_combine,
    STYPE = float8[],
    FINALFUNC = cronbach_alpha_final,
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha_merge(float8[]) IS
'Cronbach''s alpha of all the respondents behind cronbach_alpha_state values (the exact sums added); equal to cronbach_alpha over all their rows';

CREATE AGGREGATE cronbach_alpha_summary_merge(state float8[]) (
    SFUNC = cronbach_alpha_combine,
    STYPE = float8[],
    FINALFUNC = cronbach_alpha_summary_final,
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha_summary_merge(float8[]) IS
'cronbach_alpha_summary of all the respondents behind cronbach_alpha_state values';

CREATE FUNCTION cronbach_alpha_feldt_ci(alpha float8, n int8, k int4, confidence float8 DEFAULT 0.95,
                                        OUT ci_low float8, OUT ci_high float8)
AS 'MODULE_PATHNAME', 'cronbach_alpha_feldt_ci'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_feldt_ci(float8, int8, int4, float8) IS
'Feldt, Woodruff & Salih (1987) confidence interval of Cronbach''s alpha from its estimate, n respondents and k items: (1 - alpha)/(1 - alpha_hat) ~ F(n-1, (n-1)(k-1))';

-- ---------------------------------------------------------------------------------------------
-- Engagement

CREATE FUNCTION engagement_trans(float8[], timestamptz, float8, interval, timestamptz)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'engagement_transfn_timestamptz'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_trans(float8[], timestamptz, float8, interval, timestamptz) IS
'transition function of engagement(timestamptz, ...): [format 2, rows, decayed sum (hi, lo)]';

CREATE FUNCTION engagement_trans(float8[], timestamp, float8, interval, timestamp)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'engagement_transfn_timestamptz'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_trans(float8[], timestamp, float8, interval, timestamp) IS
'transition function of engagement(timestamp, ...): [format 2, rows, decayed sum (hi, lo)]';

CREATE FUNCTION engagement_trans(float8[], date, float8, interval, date)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'engagement_transfn_date'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_trans(float8[], date, float8, interval, date) IS
'transition function of engagement(date, ...): [format 2, rows, decayed sum (hi, lo)]';

CREATE FUNCTION engagement_combine(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'engagement_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION engagement_combine(float8[], float8[]) IS
'combine function of engagement: adds two partial states';

CREATE FUNCTION engagement_final(float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'engagement_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_final(float8[]) IS
'final function of engagement: the decayed sum, NULL for a group without rows';

CREATE AGGREGATE engagement(ts timestamptz, weight float8, half_life interval, as_of timestamptz) (
    SFUNC = engagement_trans,
    STYPE = float8[],
    INITCOND = '{2,0,0,0}',
    FINALFUNC = engagement_final,
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement(timestamptz, float8, interval, timestamptz) IS
'decayed engagement: sum of weight * 2^(-(as_of - ts)/half_life) over interactions at or before as_of; rows with a NULL argument are skipped; a month of half_life counts 30 days';

CREATE AGGREGATE engagement(ts timestamp, weight float8, half_life interval, as_of timestamp) (
    SFUNC = engagement_trans,
    STYPE = float8[],
    INITCOND = '{2,0,0,0}',
    FINALFUNC = engagement_final,
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement(timestamp, float8, interval, timestamp) IS
'decayed engagement over timestamp without time zone: sum of weight * 2^(-(as_of - ts)/half_life), interactions after as_of ignored';

CREATE AGGREGATE engagement(ts date, weight float8, half_life interval, as_of date) (
    SFUNC = engagement_trans,
    STYPE = float8[],
    INITCOND = '{2,0,0,0}',
    FINALFUNC = engagement_final,
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement(date, float8, interval, date) IS
'decayed engagement over dates (whole days): sum of weight * 2^(-(as_of - ts)/half_life), interactions after as_of ignored';

-- Sharded data: [format 2, rows, decayed sum (hi, lo)] is the portable state; every term is final when added, so
-- states of one customer from several shards add up.
CREATE AGGREGATE engagement_state(ts timestamptz, weight float8, half_life interval, as_of timestamptz) (
    SFUNC = engagement_trans,
    STYPE = float8[],
    INITCOND = '{2,0,0,0}',
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement_state(timestamptz, float8, interval, timestamptz) IS
'the partial state of engagement over timestamptz ([format 2, rows, decayed sum as an exact (hi, lo) pair]: the same rows give the same state in any order), to ship from a shard and finish with engagement_merge; {2,0,0,0} for no rows';

CREATE AGGREGATE engagement_state(ts timestamp, weight float8, half_life interval, as_of timestamp) (
    SFUNC = engagement_trans,
    STYPE = float8[],
    INITCOND = '{2,0,0,0}',
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement_state(timestamp, float8, interval, timestamp) IS
'the partial state of engagement over timestamp ([format 2, rows, decayed sum as an exact (hi, lo) pair]: the same rows give the same state in any order), to ship from a shard and finish with engagement_merge; {2,0,0,0} for no rows';

CREATE AGGREGATE engagement_state(ts date, weight float8, half_life interval, as_of date) (
    SFUNC = engagement_trans,
    STYPE = float8[],
    INITCOND = '{2,0,0,0}',
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement_state(date, float8, interval, date) IS
'the partial state of engagement over date ([format 2, rows, decayed sum as an exact (hi, lo) pair]: the same rows give the same state in any order), to ship from a shard and finish with engagement_merge; {2,0,0,0} for no rows';

CREATE AGGREGATE engagement_merge(state float8[]) (
    SFUNC = engagement_combine,
    STYPE = float8[],
    FINALFUNC = engagement_final,
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement_merge(float8[]) IS
'decayed engagement of all the interactions behind engagement_state values (each term is final when added, so states of one customer from several shards add up); equal to engagement over all their rows; NULL when no row was seen';

CREATE FUNCTION engagement_score(engagement float8, reference float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'engagement_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_score(float8, float8) IS
'engagement on a 0-100 scale against a reference level: 100 * min(1, engagement / reference)';

-- ---------------------------------------------------------------------------------------------
-- Relationship health

CREATE TYPE cr_relationship_health AS (
    score      float8,
    band       text,
    driver     text,
    driver_gap float8,
    coverage   float8
);
COMMENT ON TYPE cr_relationship_health IS
'relationship health: score 0-100, band (strong, stable, at risk, critical), driver (the component with the largest weighted shortfall), driver_gap (score points it costs), coverage (share of the total weight that was present)';
COMMENT ON COLUMN cr_relationship_health.score IS 'relationship health, 0-100';
COMMENT ON COLUMN cr_relationship_health.band IS 'strong, stable, at risk or critical (text)';
COMMENT ON COLUMN cr_relationship_health.driver IS 'the component with the largest weighted shortfall: p_alive, recency_score, rq_index, nps_answer or engagement_score (text; NULL when nothing falls short)';
COMMENT ON COLUMN cr_relationship_health.driver_gap IS 'score points the driver costs, 0-100';
COMMENT ON COLUMN cr_relationship_health.coverage IS 'share of the total weight whose component was given, 0-1';

CREATE FUNCTION relationship_health(
    p_alive                 float8 DEFAULT NULL,
    recency_score           float8 DEFAULT NULL,
    rq_index                float8 DEFAULT NULL,
    nps_answer              float8 DEFAULT NULL,
    engagement_score        float8 DEFAULT NULL,
    p_alive_weight          float8 DEFAULT 0.30,
    recency_score_weight    float8 DEFAULT 0.10,
    rq_index_weight         float8 DEFAULT 0.30,
    nps_answer_weight       float8 DEFAULT 0.10,
    engagement_score_weight float8 DEFAULT 0.20,
    strong_min              float8 DEFAULT 75,
    stable_min              float8 DEFAULT 55,
    at_risk_min             float8 DEFAULT 35)
RETURNS cr_relationship_health
AS 'MODULE_PATHNAME', 'relationship_health'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_health(float8, float8, float8, float8, float8, float8, float8, float8, float8, float8, float8, float8, float8) IS
'relationship health 0-100: weighted mean of the scores p_alive (0-1), recency_score (0-1, see relationship_recency_score), rq_index (0-100), nps_answer (0-10) and engagement_score (0-100, see engagement_score) on a common 0-100 scale, each range-checked (22003); NULL components are left out and the rest re-weighted; band and driver (largest weighted shortfall)';

CREATE FUNCTION relationship_recency_score(since float8, typical_gap float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'relationship_recency_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION relationship_recency_score(float8, float8) IS
'recency score 0-1: exp(-since/typical_gap), the chance that an active customer with that mean time between purchases stays silent this long (since and typical_gap in the same unit)';

