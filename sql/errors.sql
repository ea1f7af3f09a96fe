-- Bad input gets a clear error with its SQLSTATE, and loses nothing: each case below.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET TimeZone = 'UTC';
\set VERBOSITY sqlstate
\echo 'with VERBOSITY sqlstate each error prints as its SQLSTATE; messages follow with VERBOSITY default'

-- rfm_summary: NaN or infinite amounts -> 22023
SELECT rfm_summary(ts, a, '2024-01-31') FROM (VALUES ('2024-01-01'::timestamptz, 'NaN'::float8)) v(ts, a);
SELECT rfm_summary(ts, a, '2024-01-31') FROM (VALUES ('2024-01-01'::timestamp, 'Infinity'::float8)) v(ts, a);
SELECT rfm_summary(ts, a, '2024-01-31') FROM (VALUES ('2024-01-01'::date, '-Infinity'::float8)) v(ts, a);
-- ... also after as_of (bad data is bad data whether or not it falls in the period)
SELECT rfm_summary(ts, a, '2024-01-31') FROM (VALUES ('2025-01-01'::date, 'NaN'::float8)) v(ts, a);
-- infinite purchase times or as_of -> 22023
SELECT rfm_summary(ts, 1, '2024-01-31') FROM (VALUES ('infinity'::timestamptz)) v(ts);
SELECT rfm_summary(ts, 1, '2024-01-31') FROM (VALUES ('-infinity'::date)) v(ts);
SELECT rfm_summary(ts, 1, 'infinity'::timestamp) FROM (VALUES ('2024-01-01'::timestamp)) v(ts);
-- NULL as_of or unit -> 22004 (even on rows that are skipped)
SELECT rfm_summary(ts, 1, NULL::timestamptz) FROM (VALUES ('2024-01-01'::timestamptz)) v(ts);
SELECT rfm_summary(ts, NULL, NULL::date) FROM (VALUES ('2024-01-01'::date)) v(ts);
SELECT rfm_summary(ts, 1, '2024-01-31', NULL) FROM (VALUES ('2024-01-01'::date)) v(ts);
-- unit not positive -> 22023
SELECT rfm_summary(ts, 1, '2024-01-31', '0 days') FROM (VALUES ('2024-01-01'::date)) v(ts);
SELECT rfm_summary(ts, 1, '2024-01-31', '-7 days') FROM (VALUES ('2024-01-01'::date)) v(ts);
SELECT rfm_summary(ts, 1, '2024-01-31', '1 mon -30 days') FROM (VALUES ('2024-01-01'::date)) v(ts);
-- as_of or unit changing within a group -> 22023
SELECT rfm_summary(ts, 1, ts::date + 30) FROM (VALUES ('2024-01-01'::date), ('2024-01-02')) v(ts);
SELECT rfm_summary(ts, 1, '2024-01-31', u) FROM (VALUES ('2024-01-01'::date, '1 day'::interval), ('2024-01-02', '7 days')) v(ts, u);
-- amounts whose sum overflows -> 22003
SELECT rfm_summary(ts, a, '2024-01-31') FROM (VALUES ('2024-01-01'::date, 1e308::float8), ('2024-01-02', 1e308)) v(ts, a);
-- merging states of different as_of -> 22023
SELECT rfm_summary_merge(s) FROM (
    SELECT rfm_summary_state(ts, 1, '2024-01-31'::date) AS s FROM (VALUES ('2024-01-01'::date)) v(ts)
    UNION ALL
    SELECT rfm_summary_state(ts, 1, '2024-02-29'::date) FROM (VALUES ('2024-01-01'::date)) v(ts)) x;
-- the state functions outside an aggregate -> XX000 (internal misuse, not a user path)
SELECT rfm_summary_trans(NULL, '2024-01-01'::date, 1, '2024-01-31'::date);
-- cr_rfm_state text input is checked (22P02), with the reason (the binary input shares the checks)
\set VERBOSITY default
SELECT 'xyz'::cr_rfm_state;
SELECT '0100'::cr_rfm_state;
SELECT '030000225c3ff000000000000000000000000000044052c000000000000000000000000000402e0000000000000000000000000000000000030000223e000022450000224c'::cr_rfm_state;
-- (format 1: one double per total, summed in arrival order; refused)
SELECT '010000225c3ff000000000000000000000000000044052c00000000000402e000000000000000000030000223e000022450000224c'::cr_rfm_state;
-- (days out of order)
SELECT '020000225c3ff000000000000000000000000000044052c000000000000000000000000000402e0000000000000000000000000000000000030000224c000022450000223e'::cr_rfm_state;
-- (a purchase day after as_of)
SELECT '020000225c3ff000000000000000000000000000044052c000000000000000000000000000402e0000000000000000000000000000000000030000223e000022450000235c'::cr_rfm_state;
-- (NaN total)
SELECT '020000225c3ff000000000000000000000000000047ff80000000000000000000000000000402e0000000000000000000000000000000000030000223e000022450000224c'::cr_rfm_state;

\set VERBOSITY sqlstate

-- rfm_segment: scores outside 1..5 -> 22003; NULL -> NULL (strict)
SELECT rfm_segment(0, 3, 3);
SELECT rfm_segment(3, 6, 3);
SELECT rfm_segment(3, 3, -1);
SELECT rfm_segment(NULL, 3, 3) IS NULL AS null_score_gives_null;

-- The messages themselves.
\set VERBOSITY default
SELECT rfm_summary(ts, a, '2024-01-31') FROM (VALUES ('2024-01-01'::timestamptz, 'NaN'::float8)) v(ts, a);
SELECT rfm_summary(ts, 1, '2024-01-31') FROM (VALUES ('infinity'::timestamptz)) v(ts);
SELECT rfm_summary(ts, 1, NULL::timestamptz) FROM (VALUES ('2024-01-01'::timestamptz)) v(ts);
SELECT rfm_summary(ts, 1, '2024-01-31', '-7 days') FROM (VALUES ('2024-01-01'::date)) v(ts);
SELECT rfm_summary(ts, 1, '2024-01-31', '1 mon -30 days') FROM (VALUES ('2024-01-01'::date)) v(ts);
SELECT rfm_summary(ts, 1, ts::date + 30) FROM (VALUES ('2024-01-01'::date), ('2024-01-02')) v(ts);
SELECT rfm_summary(ts, a, '2024-01-31') FROM (VALUES ('2024-01-01'::date, 1e308::float8), ('2024-01-02', 1e308)) v(ts, a);
SELECT rfm_segment(3, 6, 3);
-- and nothing was lost: the session works on
SELECT (rfm_summary(ts, 1, '2024-01-31')).frequency FROM (VALUES ('2024-01-01'::date), ('2024-01-02')) v(ts);
RESET TimeZone;
