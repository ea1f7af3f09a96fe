-- relationship_continuity(kept, p_kept, clv [, rq_index_before, rq_index_after,
--                         nps_answer_before, nps_answer_after]) → cr_relationship_continuity:
-- every figure against a case computed by hand (README "Per-owner access", the formulas),
-- NULLs, an empty group, bit-identical results in any order and in a parallel plan, errors.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text;
BEGIN
    EXECUTE q;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ': ' || msg || coalesce(' | ' || nullif(det, ''), '');
END $$;

-- Two owners. ana: four customers at the start of the period.
--   customer  kept  p_kept  clv   rq before/after  nps before/after
--   1         yes   0.9     100   50 / 60          9 / 10    promoter -> promoter   d = 0
--   2         no    0.8      50   70 / 40          6 /  8    detractor -> passive   d = +1
--   3         yes   0.5      10   -  / 80         10 /  3    promoter -> detractor  d = -2
--   4         yes   0.6     NULL  80 / 85          - /  9    (no pair)
-- By hand:
--   customers 4, kept 3, lost 1
--   expected_lost = 0.1 + 0.2 + 0.5 + 0.4 = 1.2
--   sum p q = 0.09 + 0.16 + 0.25 + 0.24 = 0.74, sd 0.860233; 95 %: 1.2 -/+ 1.959964 * 0.860233
--     = [-0.486025 -> 0, 2.886025]
--   value (customers 1-3): start 160, kept 110, expected 0.9*100 + 0.8*50 + 0.5*10 = 135,
--     sum v^2 p q = 10000*0.09 + 2500*0.16 + 100*0.25 = 1325, sd 36.400549;
--     95 %: 135 -/+ 71.343766 = [63.656234, 206.343766 -> 160 (value_start)]
--   rq pairs: customers 1, 2, 4: before mean (50+70+80)/3 = 66.666667, after (60+40+85)/3 = 61.666667,
--     d = +10, -30, +5: mean -5, sample sd sqrt(((15)^2 + (-25)^2 + (10)^2)/2) = sqrt(475),
--     se sqrt(475)/sqrt(3) = 12.583057
--   nps pairs: customers 1-3: before classes 1, -1, 1 -> NPS 100*(2-1)/3 = 33.333333,
--     after 1, 0, -1 -> 0; d = 0, +1, -2: change -33.333333, sum d^2 = 5,
--     sample variance (5 - 1/3)/2 = 2.333333, se 100*sqrt(2.333333/3) = 88.191710
-- ben: two customers, both kept, certain (p = 1) and hopeless (p = 0): expected_lost 1, variance
--   0, interval [1, 1]; no clv, no survey pairs.
CREATE TEMP TABLE book (owner text, customer int, kept boolean, p_kept float8, clv float8,
                        rq_before float8, rq_after float8, nps_before int, nps_after int);
INSERT INTO book VALUES
    ('ana', 1, true,  0.9, 100,  50,   60,   9,    10),
    ('ana', 2, false, 0.8, 50,   70,   40,   6,    8),
    ('ana', 3, true,  0.5, 10,   NULL, 80,   10,   3),
    ('ana', 4, true,  0.6, NULL, 80,   85,   NULL, 9),
    ('ben', 5, true,  1,   NULL, NULL, NULL, NULL, NULL),
    ('ben', 6, true,  0,   NULL, NULL, NULL, NULL, NULL),
    -- rows without kept or p_kept are not counted at all
    ('ben', 7, NULL,  0.5, 1000, 10,   90,   0,    10),
    ('ben', 8, false, NULL, 1000, 10,  90,   0,    10);

CREATE FUNCTION pg_temp.show(c cr_relationship_continuity) RETURNS TABLE (figure text, value numeric)
LANGUAGE sql AS $$
    SELECT f, round(v::numeric, 6) FROM (VALUES
        (1, 'customers', (c).customers::float8), (2, 'kept', (c).kept), (3, 'lost', (c).lost),
        (4, 'expected_lost', (c).expected_lost), (5, 'expected_lost_low', (c).expected_lost_low),
        (6, 'expected_lost_high', (c).expected_lost_high),
        (7, 'value_start', (c).value_start), (8, 'value_kept', (c).value_kept),
        (9, 'value_expected', (c).value_expected), (10, 'value_expected_low', (c).value_expected_low),
        (11, 'value_expected_high', (c).value_expected_high),
        (12, 'rq_index_pairs', (c).rq_index_pairs), (13, 'rq_index_before', (c).rq_index_before),
        (14, 'rq_index_after', (c).rq_index_after), (15, 'rq_index_change', (c).rq_index_change),
        (16, 'rq_index_change_se', (c).rq_index_change_se),
        (17, 'nps_pairs', (c).nps_pairs), (18, 'nps_before', (c).nps_before),
        (19, 'nps_after', (c).nps_after), (20, 'nps_change', (c).nps_change),
        (21, 'nps_change_se', (c).nps_change_se)) x(i, f, v)
    ORDER BY i
$$;

-- ana's figures, each against the hand computation above (diff = 0 everywhere).
WITH c AS (SELECT relationship_continuity(kept, p_kept, clv, rq_before, rq_after, nps_before, nps_after) AS c
           FROM book WHERE owner = 'ana'),
hand(figure, value) AS (VALUES
    ('customers', 4), ('kept', 3), ('lost', 1),
    ('expected_lost', 1.2), ('expected_lost_low', 0),
    ('expected_lost_high', 1.2 + 1.959963984540054 * sqrt(0.74)),
    ('value_start', 160), ('value_kept', 110), ('value_expected', 135),
    ('value_expected_low', 135 - 1.959963984540054 * sqrt(1325)), ('value_expected_high', 160),
    ('rq_index_pairs', 3), ('rq_index_before', 200 / 3.0), ('rq_index_after', 185 / 3.0),
    ('rq_index_change', -5), ('rq_index_change_se', sqrt(475 / 3.0)),
    ('nps_pairs', 3), ('nps_before', 100 / 3.0), ('nps_after', 0), ('nps_change', -100 / 3.0),
    ('nps_change_se', 100 * sqrt((5 - 1 / 3.0) / 2 / 3)))
SELECT s.figure, s.value, round(h.value::numeric, 6) - s.value AS diff
FROM c, pg_temp.show(c.c) s JOIN hand h USING (figure);

-- Per owner (GROUP BY) and the team (no GROUP BY); ben's certain customers give a zero-width
-- interval; the short form (kept, p_kept, clv) leaves the survey figures out.
SELECT owner, (c).customers, (c).kept, (c).lost, round((c).expected_lost::numeric, 6) AS expected_lost,
       round((c).expected_lost_low::numeric, 6) AS low, round((c).expected_lost_high::numeric, 6) AS high,
       (c).value_start, (c).rq_index_pairs, (c).nps_pairs
FROM (SELECT owner, relationship_continuity(kept, p_kept, clv, rq_before, rq_after, nps_before, nps_after) AS c
      FROM book GROUP BY owner) x ORDER BY owner;
SELECT (c).customers, (c).kept, (c).lost, round((c).expected_lost::numeric, 6) AS expected_lost,
       round((c).expected_lost_high::numeric, 6) AS high, (c).value_start, (c).value_kept,
       (c).value_expected, (c).rq_index_pairs, (c).rq_index_change IS NULL AS no_rq, (c).nps_pairs
FROM (SELECT relationship_continuity(kept, p_kept, clv) AS c FROM book) x;

-- One pair: a change but no standard error; every p_kept = 1: nothing expected lost, [0, 0].
SELECT (c).rq_index_pairs, (c).rq_index_change, (c).rq_index_change_se IS NULL AS no_rq_se,
       (c).nps_pairs, (c).nps_change, (c).nps_change_se IS NULL AS no_nps_se,
       (c).expected_lost, (c).expected_lost_low, (c).expected_lost_high
FROM (SELECT relationship_continuity(true, 1, NULL, 40, 55, 7, 9) AS c) x;

-- An empty group, and a group whose every row is skipped: NULL.
SELECT relationship_continuity(kept, p_kept, clv) IS NULL AS empty FROM book WHERE false;
SELECT relationship_continuity(kept, p_kept, clv) IS NULL AS all_skipped FROM book WHERE customer >= 7;

-- NPS classes at the boundaries: 6.9 detractor, 7 passive, 8.99 passive, 9 promoter.
SELECT (c).nps_before, (c).nps_after
FROM (SELECT relationship_continuity(true, 0.5, NULL, NULL, NULL, b, a) AS c
      FROM (VALUES (6.9, 7.0), (8.99, 9.0)) v(b, a)) x;

-- The same rows in any order, split across parallel workers or not: the same result, bit for bit.
-- (a plain table: temporary tables are not scanned in parallel)
CREATE TABLE continuity_big AS
SELECT i % 7 AS owner, (hashint4(i) & 1) = 0 AS kept, ((hashint4(i + 1) & 65535) / 65535.0)::float8 AS p_kept,
       ((hashint4(i + 2) & 65535) / 7.3)::float8 AS clv,
       CASE WHEN i % 3 = 0 THEN (i % 101)::float8 END AS rq_before,
       CASE WHEN i % 3 = 0 THEN ((i * 7) % 101)::float8 END AS rq_after,
       CASE WHEN i % 4 = 0 THEN (i % 11)::float8 END AS nps_before,
       CASE WHEN i % 4 = 0 THEN ((i * 3) % 11)::float8 END AS nps_after
FROM generate_series(1, 60000) i;
ANALYZE continuity_big;
CREATE TEMP TABLE serial AS
SELECT owner, relationship_continuity(kept, p_kept, clv, rq_before, rq_after, nps_before, nps_after)::text AS c
FROM (SELECT * FROM continuity_big ORDER BY random()) s GROUP BY owner;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT relationship_continuity(kept, p_kept, clv, rq_before, rq_after, nps_before, nps_after) FROM continuity_big;
SELECT count(*) AS owners, bool_and(s.c = p.c) AS bit_identical
FROM serial s
JOIN (SELECT owner, relationship_continuity(kept, p_kept, clv, rq_before, rq_after, nps_before, nps_after)::text AS c
      FROM continuity_big GROUP BY owner) p USING (owner);
SELECT (SELECT relationship_continuity(kept, p_kept, clv, rq_before, rq_after, nps_before, nps_after)::text FROM continuity_big)
     = (SELECT relationship_continuity(kept, p_kept, clv, rq_before, rq_after, nps_before, nps_after)::text
        FROM (SELECT * FROM continuity_big ORDER BY p_kept DESC) s) AS team_bit_identical;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
DROP TABLE continuity_big;

-- Errors: each names the argument and the value.
SELECT pg_temp.try('SELECT relationship_continuity(true, 1.5, NULL)');
SELECT pg_temp.try('SELECT relationship_continuity(true, -0.1, NULL)');
SELECT pg_temp.try($q$SELECT relationship_continuity(true, 'NaN', NULL)$q$);
SELECT pg_temp.try('SELECT relationship_continuity(true, 0.5, -1)');
SELECT pg_temp.try($q$SELECT relationship_continuity(true, 0.5, 'Infinity')$q$);
SELECT pg_temp.try('SELECT relationship_continuity(true, 0.5, NULL, 101, 50, NULL, NULL)');
SELECT pg_temp.try('SELECT relationship_continuity(true, 0.5, NULL, 50, -1, NULL, NULL)');
SELECT pg_temp.try('SELECT relationship_continuity(true, 0.5, NULL, NULL, NULL, 11, 5)');
SELECT pg_temp.try('SELECT relationship_continuity(true, 0.5, NULL, NULL, NULL, 5, -1)');
-- a sum of values that overflows a double
SELECT pg_temp.try('SELECT relationship_continuity(true, 0.5, v) FROM (VALUES (1e308::float8), (1e308)) t(v)');
-- support functions on their own, and a state that was not made by the aggregate
SELECT pg_temp.try($q$SELECT relationship_continuity_trans(NULL, true, 0.5, 1)$q$);
SELECT pg_temp.try($q$SELECT relationship_continuity_final('{1,2,3}')$q$);
SELECT pg_temp.try($q$SELECT relationship_continuity_final(array_fill(0::float8, ARRAY[31]))$q$);
SELECT pg_temp.try($q$SELECT relationship_continuity_final(array_fill(0::float8, ARRAY[31]) || ARRAY[1::float8])$q$);
