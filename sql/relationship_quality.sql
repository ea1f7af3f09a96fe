-- relationship_quality(dimension, score, scale_min, scale_max [, weights]) → cr_rq_profile
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- Errors are shown as SQLSTATE, message and detail.
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text;
BEGIN
    EXECUTE q;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ': ' || msg || coalesce(' | ' || nullif(det, ''), '');
END $$;

-- Survey answers: three customers, two account managers, two segments, items on 1-7, 1-5 and
-- 0-10 scales.
CREATE TEMP TABLE rq_answers (
    customer int, segment text, manager text, dimension text, score float8,
    scale_min float8, scale_max float8);
INSERT INTO rq_answers VALUES
    -- customer 1: every dimension on 1-7; trust twice (7 and 6)
    (1, 'retail', 'ana', 'trust',          7, 1, 7),
    (1, 'retail', 'ana', 'trust',          6, 1, 7),
    (1, 'retail', 'ana', 'communication',  4, 1, 7),
    (1, 'retail', 'ana', 'respect',        7, 1, 7),
    (1, 'retail', 'ana', 'fairness',       5, 1, 7),
    (1, 'retail', 'ana', 'honesty',        6, 1, 7),
    (1, 'retail', 'ana', 'seriousness',    7, 1, 7),
    (1, 'retail', 'ana', 'recognition',    2, 1, 7),
    (1, 'retail', 'ana', 'commitment',     5, 1, 7),
    (1, 'retail', 'ana', 'engagement',     4, 1, 7),
    -- customer 2: five dimensions, mixed scales and spellings
    (2, 'retail', 'ben', ' Trust ',        3, 1, 5),
    (2, 'retail', 'ben', 'COMMUNICATION',  8, 0, 10),
    (2, 'retail', 'ben', 'fairness',       1, 1, 5),
    (2, 'retail', 'ben', 'Honesty',        5, 1, 5),
    (2, 'retail', 'ben', 'commitment',    10, 0, 10),
    -- customer 3: three dimensions only (coverage 3/9 is below the half rule)
    (3, 'b2b',    'ben', 'trust',          4, 1, 7),
    (3, 'b2b',    'ben', 'respect',        1, 1, 7),
    (3, 'b2b',    'ben', 'fairness',       7, 1, 7),
    -- NULLs anywhere in a row: skipped
    (1, 'retail', 'ana', NULL,             7, 1, 7),
    (1, 'retail', 'ana', 'trust',       NULL, 1, 7),
    (2, 'retail', 'ben', 'trust',          5, NULL, 5),
    (3, 'b2b',    'ben', 'trust',          5, 1, NULL);

-- Per customer. Customer 1 by hand (1-7 → (s-1)/6*100): trust (100 + 83.33)/2 = 91.67,
-- communication 50, respect 100, fairness 66.67, honesty 83.33, seriousness 100,
-- recognition 16.67, commitment 66.67, engagement 50 → index = 625/9 = 69.44.
-- Customer 2: trust 50, communication 80, fairness 0, honesty 100, commitment 100 → 66 over
-- 5 of 9 dimensions (coverage 0.556). Customer 3: 3 of 9 → no index, and a note says why.
SELECT customer, round((p).index::numeric, 4) AS index, (p).n_answers, (p).n_dimensions,
       round((p).coverage::numeric, 4) AS coverage, (p).weakest_dimension,
       (p).strongest_dimension, (p).note
FROM (SELECT customer, relationship_quality(dimension, score, scale_min, scale_max) AS p
      FROM rq_answers GROUP BY customer) s
ORDER BY customer;

-- The per-dimension detail of customer 2 (unanswered dimensions carry mean null, n 0).
SELECT key, value
FROM (SELECT relationship_quality(dimension, score, scale_min, scale_max) AS p
      FROM rq_answers WHERE customer = 2) s, jsonb_each((p).dimensions)
ORDER BY key;

-- Means that are not whole numbers are given to 12 decimals: trust of customer 1 is
-- (100 + 83.33)/2 = 91.666666666667, recognition 16.666666666667.
SELECT (p).dimensions -> 'trust' AS trust, (p).dimensions -> 'recognition' AS recognition
FROM (SELECT relationship_quality(dimension, score, scale_min, scale_max) AS p
      FROM rq_answers WHERE customer = 1) s;

-- Per segment and per account manager: answers pooled within the group.
SELECT segment, round((p).index::numeric, 4) AS index, (p).n_answers, (p).weakest_dimension
FROM (SELECT segment, relationship_quality(dimension, score, scale_min, scale_max) AS p
      FROM rq_answers GROUP BY segment) s
ORDER BY segment;
SELECT manager, round((p).index::numeric, 4) AS index, (p).n_dimensions, (p).weakest_dimension,
       (p).strongest_dimension
FROM (SELECT manager, relationship_quality(dimension, score, scale_min, scale_max) AS p
      FROM rq_answers GROUP BY manager) s
ORDER BY manager;

-- Boundaries: the ends of a scale are 0 and 100; a single dimension gives no index.
SELECT (p).index, (p).n_answers, (p).n_dimensions, round((p).coverage::numeric, 4) AS coverage,
       (p).weakest_dimension, (p).dimensions -> 'trust' AS trust, (p).note
FROM (SELECT relationship_quality(d, s, 1, 5) AS p
      FROM (VALUES ('trust', 1.0), ('trust', 5.0)) v(d, s)) q;

-- Empty group and all-NULL group: NULL.
SELECT relationship_quality(dimension, score, scale_min, scale_max) IS NULL AS empty_is_null
FROM rq_answers WHERE false;
SELECT relationship_quality(dimension, score, scale_min, scale_max) IS NULL AS nulls_only_is_null
FROM rq_answers WHERE dimension IS NULL;

-- Custom weights: an instrument of three dimensions; trust counts double, fairness is recorded
-- but weighs nothing. Customer 1: trust 91.67 (x2), communication 50 → (183.33 + 50)/3 = 77.78.
SELECT customer, round((p).index::numeric, 4) AS index, (p).n_dimensions,
       round((p).coverage::numeric, 4) AS coverage, (p).weakest_dimension, (p).note
FROM (SELECT customer,
             relationship_quality(dimension, score, scale_min, scale_max,
                                  '{"Trust": 2, "communication": 1, "fairness": 0}') AS p
      FROM rq_answers
      WHERE lower(trim(dimension)) IN ('trust', 'communication', 'fairness')
      GROUP BY customer) s
ORDER BY customer;

-- NULL weights and the nine default dimensions written out (any order, any case) are the
-- default instrument: same results, and they may be mixed within a group.
SELECT round((relationship_quality(dimension, score, scale_min, scale_max))."index"::numeric, 6) AS deflt,
       round((relationship_quality(dimension, score, scale_min, scale_max, NULL))."index"::numeric, 6) AS null_weights,
       round((relationship_quality(dimension, score, scale_min, scale_max,
            '{"ENGAGEMENT":1,"commitment":1,"recognition":1,"seriousness":1,"honesty":1,"fairness":1,"respect":1,"communication":1,"trust":1}'))."index"::numeric, 6) AS explicit
FROM rq_answers WHERE customer = 1;
SELECT round((relationship_quality(dimension, score, scale_min, scale_max,
            CASE WHEN score > 5 THEN NULL ELSE
            '{"trust":1,"communication":1,"respect":1,"fairness":1,"honesty":1,"seriousness":1,"recognition":1,"commitment":1,"engagement":1}'::jsonb END))."index"::numeric, 6) AS mixed_but_equal
FROM rq_answers WHERE customer = 1;

-- Weights from a column: one instrument per segment (B2B weighs trust three times).
SELECT segment, round((p).index::numeric, 4) AS index, (p).dimensions -> 'trust' -> 'weight' AS trust_weight
FROM (SELECT segment,
             relationship_quality(dimension, score, scale_min, scale_max,
                                  CASE segment WHEN 'b2b' THEN '{"trust": 3, "respect": 1, "fairness": 1}'::jsonb
                                               ELSE '{"trust": 1, "respect": 1, "fairness": 1}' END) AS p
      FROM rq_answers WHERE lower(trim(dimension)) IN ('trust', 'respect', 'fairness')
      GROUP BY segment) s
ORDER BY segment;

-- Custom dimensions that are not among the nine.
SELECT (relationship_quality(d, s, 0, 10, '{"responsiveness": 1, "ease of doing business": 3}')).*
FROM (VALUES ('Responsiveness', 9.0), ('ease of doing business', 6.0)) v(d, s);

-- Errors.
SELECT pg_temp.try($$SELECT relationship_quality('loyalty', 5, 1, 7)$$);
SELECT pg_temp.try($$SELECT relationship_quality('   ', 5, 1, 7)$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 8, 1, 7)$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 0.5, 1, 7)$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 'NaN', 1, 7)$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 1, 'Infinity')$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 7, 7)$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 7, 1)$$);
SELECT pg_temp.try($$SELECT relationship_quality('respect', 5, 1, 7, '{"trust": 1, "fairness": 1}')$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 1, 7, '[1, 2]')$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 1, 7, '3')$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 1, 7, '{}')$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 1, 7, '{"trust": -1}')$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 1, 7, '{"trust": "high"}')$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 1, 7, '{"trust": {"w": 1}}')$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 1, 7, '{"trust": 0, "fairness": 0}')$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 1, 7, '{"trust": 1, " TRUST": 2}')$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 1, 7, '{"": 1}')$$);
SELECT pg_temp.try($$SELECT relationship_quality('trust', 5, 1, 7, jsonb_build_object(repeat('x', 64), 1))$$);
SELECT pg_temp.try($$SELECT relationship_quality('d1', 5, 1, 7, (SELECT jsonb_object_agg('d' || i, 1) FROM generate_series(1, 65) i))$$);
-- weights that differ within one group
SELECT pg_temp.try($$SELECT relationship_quality(d, 5, 1, 7, w::jsonb)
                     FROM (VALUES ('trust', '{"trust": 1}'), ('trust', '{"trust": 2}')) v(d, w)$$);
-- a state that was not made by the aggregate
SELECT pg_temp.try($$SELECT relationship_quality_final('\x00112233'::bytea)$$);
SELECT pg_temp.try($$SELECT relationship_quality_trans(NULL, 'trust', 5, 1, 7)$$);

-- The combine step, driven directly: per-customer states merged give the pooled answer; states
-- of different instruments, and bytes that are not a state, are errors (never a crash).
CREATE AGGREGATE pg_temp.rq_state(text, float8, float8, float8, jsonb) (
    SFUNC = relationship_quality_trans, STYPE = bytea);
CREATE AGGREGATE pg_temp.rq_merge(bytea) (
    SFUNC = relationship_quality_combine, STYPE = bytea, FINALFUNC = relationship_quality_final);
CREATE TEMP TABLE rq_states AS
SELECT customer, pg_temp.rq_state(dimension, score, scale_min, scale_max, NULL) AS st
FROM rq_answers GROUP BY customer;
SELECT round((pg_temp.rq_merge(st)).index::numeric, 6) AS merged,
       (SELECT round((relationship_quality(dimension, score, scale_min, scale_max)).index::numeric, 6)
        FROM rq_answers) AS pooled
FROM rq_states;
SELECT length(st) AS default_state_bytes FROM rq_states WHERE customer = 1;
SELECT pg_temp.try($$
    SELECT pg_temp.rq_merge(st) FROM (
        SELECT pg_temp.rq_state('trust', 5, 1, 7, '{"trust": 1, "fairness": 1}') AS st
        UNION ALL SELECT pg_temp.rq_state('trust', 5, 1, 7, '{"trust": 1, "fairness": 2}')) s$$);
SELECT pg_temp.try($$SELECT pg_temp.rq_merge(st) FROM (VALUES ('\x0102'::bytea)) v(st)$$);
-- a real state with one byte changed in every position: rejected or harmless, never a crash
SELECT count(*) FILTER (WHERE r = 'ok') AS accepted,
       count(*) FILTER (WHERE r LIKE '22023: invalid relationship_quality state%') AS rejected,
       count(*) FILTER (WHERE r <> 'ok' AND r NOT LIKE '22023: invalid relationship_quality state%') AS other
FROM (SELECT pg_temp.try(format($$SELECT pg_temp.rq_merge(st) FROM (VALUES (%L::bytea), (%L::bytea)) v(st)$$,
                                s.st, set_byte(s.st, i, (get_byte(s.st, i) + 77) % 256))) AS r
      FROM (SELECT pg_temp.rq_state(d, 5, 1, 7, '{"trust": 2, "ease": 1}') AS st
            FROM (VALUES ('trust'), ('ease')) v(d)) s,
           generate_series(0, length(s.st) - 1) i) t;
