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
