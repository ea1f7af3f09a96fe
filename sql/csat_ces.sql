-- CSAT (percent of answers in the top two boxes) and CES (mean effort), on their default scales
-- (1-5 and 1-7) and on a given 1..scale_max; the csat_state/csat_merge and ces_state/ces_merge pairs.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- Default scale 1-5: {5, 4, 3, 2, 1, 5, 4, NULL}: 4 of 7 answers in {4, 5} -> 57.142857 %.
SELECT round(csat(x)::numeric, 6) AS csat, round(csat(x, 5)::numeric, 6) AS csat_5
FROM (VALUES (5), (4), (3), (2), (1), (5), (4), (NULL)) v(x);
-- Every point of the 1-5 scale on its own: 0 % for 1-3, 100 % for 4-5.
SELECT x AS score, csat(x) FROM generate_series(1, 5) x GROUP BY x ORDER BY x;
-- A 1-7 scale: top two boxes are 6 and 7; {7, 6, 5, 5} -> 50 %. A 1-10 scale: {10, 9, 8} -> 66.67 %.
SELECT csat(x, 7) FROM (VALUES (7), (6), (5), (5)) v(x);
SELECT round(csat(x, 10)::numeric, 6) FROM (VALUES (10), (9), (8)) v(x);
-- The smallest scale with a top-two box, 1-3: {3, 2, 1, 1} -> 50 %.
SELECT csat(x, 3) FROM (VALUES (3), (2), (1), (1)) v(x);
-- int2 and int8 columns.
SELECT csat(x::int2) AS c2, csat(x::int8) AS c8, csat(x::int2, 5) AS c2s, csat(x::int8, 5) AS c8s
FROM (VALUES (5), (1)) v(x);

-- CES, default 1-7: {1, 2, 3, 7, NULL} -> 13 / 4 = 3.25; on 1-5: {5, 4} -> 4.5.
SELECT ces(x) FROM (VALUES (1), (2), (3), (7), (NULL)) v(x);
SELECT ces(x, 5) FROM (VALUES (5), (4)) v(x);
SELECT ces(x::int2) AS c2, ces(x::int8) AS c8, ces(x::int2, 7) AS c2s, ces(x::int8, 7) AS c8s
FROM (VALUES (1), (2)) v(x);
-- The ends of a 1-2 scale (the smallest CES scale) and of the default scale.
SELECT ces(x, 2) FROM (VALUES (1), (2), (2), (2)) v(x);
SELECT ces(x) AS all_sevens FROM (VALUES (7), (7)) v(x);

-- Grouped: a {5, 4, 1} -> 66.67 % / CES 3.333333; b {2} -> 0 % / 2; c {NULL} -> NULL.
SELECT g, round(csat(x)::numeric, 6) AS csat, round(ces(x)::numeric, 6) AS ces
FROM (VALUES ('a', 5), ('b', 2), ('a', 4), ('c', NULL), ('a', 1)) v(g, x)
GROUP BY g ORDER BY g;

-- No answers -> NULL; a row whose scale_max is NULL is skipped like a NULL answer.
SELECT csat(x) IS NULL AS csat_null, ces(x) IS NULL AS ces_null,
       csat(x, 5) IS NULL AS csat5_null, ces(x, 7) IS NULL AS ces7_null
FROM (VALUES (NULL::int)) v(x);
SELECT csat(x) IS NULL AS csat_null, ces(x, 5) IS NULL AS ces5_null
FROM (VALUES (1)) v(x) WHERE false;
SELECT csat(x, s), ces(x, s) FROM (VALUES (5, 5), (1, NULL)) v(x, s);

-- Errors. An answer outside its scale: 22003, naming the value.
SELECT csat(x) FROM (VALUES (5), (6)) v(x);
SELECT csat(x) FROM (VALUES (0)) v(x);
SELECT csat(x, 7) FROM (VALUES (8)) v(x);
SELECT ces(x) FROM (VALUES (8)) v(x);
SELECT ces(x, 5) FROM (VALUES (0)) v(x);
SELECT ces(x::int8) FROM (VALUES (-9223372036854775808)) v(x);
\set VERBOSITY sqlstate
SELECT csat(x) FROM (VALUES (6)) v(x);
SELECT ces(x) FROM (VALUES (0)) v(x);
\set VERBOSITY default
-- A scale_max that is not a rating scale: 22023.
SELECT csat(x, 2) FROM (VALUES (1)) v(x);
SELECT csat(x, 101) FROM (VALUES (1)) v(x);
SELECT ces(x, 1) FROM (VALUES (1)) v(x);
SELECT ces(x, 0) FROM (VALUES (1)) v(x);
-- scale_max must be one value for the whole group: 22023.
SELECT csat(x, s) FROM (VALUES (1, 5), (1, 7)) v(x, s);
SELECT ces(x, s) FROM (VALUES (1, 7), (1, 5)) v(x, s);
\set VERBOSITY sqlstate
SELECT csat(x, 2) FROM (VALUES (1)) v(x);
SELECT csat(x, s) FROM (VALUES (1, 5), (1, 7)) v(x, s);
\set VERBOSITY default
-- Grouping by the scale is the way to score answers on several scales at once.
SELECT s AS scale_max, csat(x, s), ces(x, s)
FROM (VALUES (5, 5), (4, 5), (7, 7), (1, 7)) v(x, s) GROUP BY s ORDER BY s;
-- Non-integer answers are not points of a scale: numeric and float columns are not accepted.
SELECT csat(x) FROM (VALUES (4.5)) v(x);
SELECT ces(x) FROM (VALUES (2.5::float8)) v(x);

-- ---- csat_state/csat_merge, ces_state/ces_merge ----
CREATE TEMP TABLE cc AS
SELECT i % 4 AS part, 1 + (i * 7) % 5 AS c, 1 + (i * 3) % 7 AS e
FROM generate_series(1, 1000) AS i;
SELECT csat_merge(st) = (SELECT csat(c) FROM cc) AS csat_ok, count(*) AS parts
FROM (SELECT csat_state(c) AS st FROM cc GROUP BY part) q;
SELECT ces_merge(st) = (SELECT ces(e) FROM cc) AS ces_ok, count(*) AS parts
FROM (SELECT ces_state(e) AS st FROM cc GROUP BY part) q;
SELECT csat_merge(st) = (SELECT csat(c, 5) FROM cc) AS csat5_ok,
       ces_merge(st2) = (SELECT ces(e, 7) FROM cc) AS ces7_ok
FROM (SELECT csat_state(c, 5) AS st, ces_state(e, 7) AS st2 FROM cc GROUP BY part) q;
SELECT csat(c), ces(e) FROM cc;
-- Layout: version 1, kind 'C' / 'E', then {n, top2 or sum, scale_max} as big-endian int8.
SELECT csat_state(x) = '\x0143'::bytea || int8send(3) || int8send(2) || int8send(5) AS csat_layout,
       ces_state(x) = '\x0145'::bytea || int8send(3) || int8send(12) || int8send(7) AS ces_layout
FROM (VALUES (5), (4), (3)) v(x);
SELECT csat_state(x, 10) AS csat_state_10 FROM (VALUES (10), (8)) v(x);
-- No answers -> NULL state; merging nothing -> NULL.
SELECT csat_state(x) IS NULL AS csat_state_null, ces_state(x, 5) IS NULL AS ces_state_null,
       csat_merge(NULL::bytea) IS NULL AS csat_merge_null, ces_merge(NULL::bytea) IS NULL AS ces_merge_null
FROM (VALUES (NULL::int)) v(x);
-- States of different scales do not merge (22023); malformed states are 22023.
SELECT csat_merge(st) FROM (SELECT csat_state(x, 5) FROM (VALUES (5)) v(x)
                            UNION ALL SELECT csat_state(x, 7) FROM (VALUES (7)) v(x)) q(st);
SELECT ces_merge(st) FROM (SELECT ces_state(x, 5) FROM (VALUES (5)) v(x)
                           UNION ALL SELECT ces_state(x, 7) FROM (VALUES (7)) v(x)) q(st);
SELECT csat_merge(st) FROM (SELECT nps_state(x) FROM (VALUES (9)) v(x)) q(st);
SELECT csat_merge('\x0143'::bytea || int8send(2) || int8send(3) || int8send(5));   -- top2 > n
SELECT csat_merge('\x0143'::bytea || int8send(2) || int8send(1) || int8send(2));   -- scale 2
SELECT ces_merge('\x0145'::bytea || int8send(2) || int8send(15) || int8send(7));   -- sum > 7 n
SELECT ces_merge('\x0145'::bytea || int8send(2) || int8send(1) || int8send(7));    -- sum < n
SELECT ces_merge('\x0145'::bytea || int8send(0) || int8send(3) || int8send(0));    -- empty, sum 3
SELECT ces_merge('\x0145'::bytea || int8send(2) || int8send(3));                   -- short
\set VERBOSITY sqlstate
SELECT csat_merge('\x0143'::bytea || int8send(2) || int8send(3) || int8send(5));
\set VERBOSITY default
-- An empty state of another scale merges with anything (it holds no answers).
SELECT ces_merge(b) FROM (VALUES ('\x0145'::bytea || int8send(0) || int8send(0) || int8send(5)),
                                 ('\x0145'::bytea || int8send(2) || int8send(5) || int8send(7))) v(b);

-- ---- support functions: callable, hand-made states checked ----
SELECT csat_trans('{0,0,5}'::int8[], 4), csat_trans('{0,0,0}'::int8[], 2, 3),
       csat_trans('{1,1,3}'::int8[], 1::int2, 3), ces_trans('{0,0,7}'::int8[], 6::int2),
       ces_trans('{1,3,7}'::int8[], 2::int8);
SELECT csat_combine('{2,1,5}', '{3,3,5}'), csat_combine('{0,0,0}', '{3,3,7}'),
       csat_combine(NULL, '{3,3,7}'), ces_combine('{2,5,7}', NULL), ces_combine(NULL, NULL);
SELECT csat_combine('{1,1,5}', '{1,1,7}');
SELECT ces_combine('{1,1,5}', '{1,9,5}');
SELECT csat_trans('{0,0,1000}'::int8[], 4);
SELECT csat_final('{1,2,5}');
SELECT ces_trans('{1,3,0}'::int8[], 2::int8);
SELECT ces_trans('{1,3,0}'::int8[], 2, 7);
SELECT ces_final('{2,1,7}');
SELECT ces_trans('{9223372036854775807,9223372036854775807,7}'::int8[], 1);
