-- NPS: nps(score) and nps_summary(score) over 0-10 answers; the nps_state/nps_merge pair.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- The worked example of the interval: 1000 answers, 45 % promoters, 35 % passives, 20 %
-- detractors. NPS = 45 - 20 = 25; Var per answer = (0.45 + 0.20) - (0.45 - 0.20)^2 = 0.5875;
-- std_error = 100 sqrt(0.5875 / 1000) = 2.423840; half-width 1.959964 * 2.423840 = 4.750639.
CREATE TEMP TABLE nps_1000 AS
SELECT CASE WHEN i <= 450 THEN 9 + i % 2          -- 450 promoters (9 and 10)
            WHEN i <= 800 THEN 7 + i % 2          -- 350 passives (7 and 8)
            ELSE i % 7 END AS score               -- 200 detractors (0..6)
FROM generate_series(1, 1000) AS i;
SELECT nps(score) FROM nps_1000;
SELECT n, promoters, passives, detractors, nps, round(std_error::numeric, 6) AS std_error,
       round(ci_low::numeric, 6) AS ci_low, round(ci_high::numeric, 6) AS ci_high,
       round((ci_high - nps)::numeric, 2) AS half_width_high,
       round((nps - ci_low)::numeric, 2) AS half_width_low
FROM (SELECT (nps_summary(score)).* FROM nps_1000) s;
-- The same answers as int2 and int8 columns.
SELECT nps(score::int2) AS nps_int2, nps(score::int8) AS nps_int8,
       (nps_summary(score::int2)).n AS n_int2, (nps_summary(score::int8)).detractors AS d_int8
FROM nps_1000;

-- Every point of the scale: 0..6 detractors (-100), 7..8 passives (0), 9..10 promoters (+100).
SELECT s AS score, nps(s), (nps_summary(s)).promoters, (nps_summary(s)).passives,
       (nps_summary(s)).detractors
FROM generate_series(0, 10) AS s GROUP BY s ORDER BY s;

-- NULLs are ignored: one promoter, one detractor, two NULLs -> 0 from n = 2.
SELECT nps(x), (nps_summary(x)).n FROM (VALUES (9), (NULL), (6), (NULL)) v(x);
-- No answers (all NULL, or no rows) -> NULL, for nps and nps_summary alike.
SELECT nps(x) IS NULL AS nps_null, nps_summary(x) IS NULL AS summary_null
FROM (VALUES (NULL::int), (NULL)) v(x);
SELECT nps(x) IS NULL AS nps_null, nps_summary(x) IS NULL AS summary_null
FROM (VALUES (1)) v(x) WHERE false;

-- All promoters / all detractors: the ends of the scale, a zero-width Wald interval.
SELECT (nps_summary(x)).* FROM (VALUES (10), (9), (10)) v(x);
SELECT (nps_summary(x)).* FROM (VALUES (0), (6), (3)) v(x);
-- Two answers, a promoter and a passive: NPS 50, std_error 100 sqrt((0.5 - 0.25) / 2) = 35.355339;
-- the upper end 50 + 69.295 is clipped to 100, the lower end is 50 - 1.959964 * 35.355339 = -19.295191.
SELECT n, nps, round(std_error::numeric, 6) AS std_error, round(ci_low::numeric, 6) AS ci_low,
       ci_high
FROM (SELECT (nps_summary(x)).* FROM (VALUES (10), (7)) v(x)) s;
-- Half promoters, half detractors: NPS 0, Var = 1, std_error = 100 / sqrt(4) = 50.
SELECT (nps_summary(x)).nps, (nps_summary(x)).std_error FROM (VALUES (10), (0), (9), (1)) v(x);

-- Grouped: a = {10, 9, 8, 2} -> (2 - 1) / 4 = 25; b = {0, 0, 7} -> -2/3 = -66.666667;
-- c = {NULL} -> NULL; d = {9} -> 100.
SELECT g, round(nps(x)::numeric, 6) AS nps, (nps_summary(x)).n
FROM (VALUES ('a', 10), ('b', 0), ('a', 9), ('c', NULL), ('a', 8), ('b', 0), ('d', 9),
             ('a', 2), ('b', 7)) v(g, x)
GROUP BY g ORDER BY g;

-- Errors: an answer outside 0..10 is 22003, naming the value.
\set VERBOSITY default
SELECT nps(x) FROM (VALUES (9), (11)) v(x);
SELECT nps(x) FROM (VALUES (-1)) v(x);
SELECT nps(x::int2) FROM (VALUES (-32768)) v(x);
SELECT nps_summary(x) FROM (VALUES (9223372036854775807)) v(x);
\set VERBOSITY sqlstate
SELECT nps(x) FROM (VALUES (11)) v(x);
\set VERBOSITY default
-- A non-integer answer is not a point of the scale: numeric and float columns are not accepted.
SELECT nps(x) FROM (VALUES (8.5)) v(x);
SELECT nps(x) FROM (VALUES (8::float8)) v(x);

-- ---- nps_state(score) -> bytea and nps_merge(bytea) -> cr_nps_summary ----
-- The state: version 1, kind 'N' (0x4e), then promoters, passives, detractors as big-endian int8.
SELECT nps_state(score) FROM nps_1000;
SELECT nps_state(score) = '\x01'::bytea || '\x4e'::bytea || int8send(450) || int8send(350)
       || int8send(200) AS layout_ok
FROM nps_1000;
-- States of parts merge into the summary of the whole.
SELECT nps_merge(st) = (SELECT nps_summary(score) FROM nps_1000) AS merge_equals_whole,
       count(*) AS parts
FROM (SELECT nps_state(score) AS st FROM nps_1000 GROUP BY score % 4) parts;
SELECT n, nps, round(std_error::numeric, 6) AS std_error
FROM (SELECT (nps_merge(st)).* FROM (SELECT nps_state(score) AS st FROM nps_1000
                                     UNION ALL SELECT NULL) q) s;
-- No answers: nps_state gives NULL, nps_merge of nothing (or of NULLs) gives NULL.
SELECT nps_state(x) IS NULL AS state_null FROM (VALUES (NULL::int)) v(x);
SELECT nps_merge(b) IS NULL AS merge_null FROM (VALUES (NULL::bytea)) v(b);
-- Malformed states are 22023, each saying what is wrong.
SELECT nps_merge('\x014e00'::bytea);
SELECT nps_merge(''::bytea);
SELECT nps_merge('\x02'::bytea || '\x4e'::bytea || int8send(1) || int8send(1) || int8send(1));
SELECT nps_merge('\x01'::bytea || '\x43'::bytea || int8send(1) || int8send(1) || int8send(5));
SELECT nps_merge('\x01'::bytea || '\x4e'::bytea || int8send(1) || int8send(-1) || int8send(1));
SELECT nps_merge('\x01'::bytea || '\x4e'::bytea || int8send(1) || int8send(1) || int8send(1)
                 || '\x00'::bytea);
SELECT nps_merge('\x01'::bytea || '\x4e'::bytea || int8send(9223372036854775807) || int8send(1)
                 || int8send(0));
\set VERBOSITY sqlstate
SELECT nps_merge('\x014e'::bytea);
\set VERBOSITY default
-- Two valid states whose sum exceeds bigint: 22003.
SELECT nps_merge(b) FROM (VALUES
    ('\x01'::bytea || '\x4e'::bytea || int8send(5000000000000000000) || int8send(0) || int8send(0)),
    ('\x01'::bytea || '\x4e'::bytea || int8send(5000000000000000000) || int8send(0) || int8send(0))) v(b);

-- ---- the support functions are callable; hand-made states are checked, never trusted ----
SELECT nps_trans('{0,0,0}'::int8[], 10::int2), nps_trans('{1,2,3}'::int8[], 7),
       nps_trans('{1,2,3}'::int8[], 0::int8);
SELECT nps_combine('{1,2,3}', '{10,20,30}'), nps_combine(NULL, '{1,2,3}'),
       nps_combine('{1,2,3}', NULL), nps_combine(NULL, NULL);
SELECT nps_final('{3,0,1}'), nps_final('{0,0,0}');
SELECT nps_trans('{1,2}'::int8[], 3);
SELECT nps_trans('{{1,2,3}}'::int8[], 3);
SELECT nps_trans('{1,NULL,3}'::int8[], 3);
SELECT nps_final('{-1,2,3}');
SELECT nps_final('{9223372036854775807,1,0}');
SELECT nps_combine('{9223372036854775807,0,0}', '{1,0,0}');
SELECT nps_trans('{9223372036854775807,0,0}'::int8[], 10);
