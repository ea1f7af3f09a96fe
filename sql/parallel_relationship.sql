-- Every aggregate of the relationship family runs as a partial aggregate in parallel workers
-- (combine functions) and gives the serial result (compared rounded: the order of summation
-- differs). Parallel workers cannot read temporary tables, so these are ordinary tables,
-- dropped at the end.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

CREATE TABLE rel_par_answers AS
SELECT i % 997 AS customer_id, i % 7 AS manager_id,
       (ARRAY['trust', 'communication', 'respect', 'fairness', 'honesty', 'seriousness',
              'recognition', 'commitment', 'engagement'])[1 + (i * 7) % 9] AS dimension,
       (1 + (i * 7919) % 7)::float8 AS score, 1::float8 AS scale_min, 7::float8 AS scale_max
FROM generate_series(1, 60000) i;
CREATE TABLE rel_par_items AS
SELECT i % 5 AS wave,
       CASE WHEN i % 101 = 0 THEN ARRAY[1, NULL, 3, 4]::float8[]
            ELSE ARRAY[(i * 31) % 7 + (i * 17) % 3, (i * 31) % 7 + (i * 13) % 4,
                       (i * 31) % 7 + (i * 11) % 5, (i * 31) % 7 + (i * 7) % 2]::float8[] END AS items
FROM generate_series(1, 60000) i;
CREATE TABLE rel_par_interactions AS
SELECT i % 997 AS customer_id,
       timestamptz '2024-01-01 00:00+00' + (i % 400) * interval '1 day' + (i % 24) * interval '1 hour' AS ts,
       ((i % 4) + 1)::float8 AS weight
FROM generate_series(1, 60000) i;
ALTER TABLE rel_par_answers SET (parallel_workers = 2);
ALTER TABLE rel_par_items SET (parallel_workers = 2);
ALTER TABLE rel_par_interactions SET (parallel_workers = 2);
ANALYZE rel_par_answers, rel_par_items, rel_par_interactions;

-- The same queries run serial and parallel: views, so both runs are one text.
CREATE TEMP VIEW results AS
SELECT 'rq' AS what, round((relationship_quality(dimension, score, scale_min, scale_max)).index::numeric, 6) AS v
FROM rel_par_answers
UNION ALL
SELECT 'rq custom', round((relationship_quality(dimension, score, scale_min, scale_max,
                                                '{"trust": 3, "fairness": 2, "respect": 1, "honesty": 1, "communication": 1, "seriousness": 1, "recognition": 1, "commitment": 1, "engagement": 0}')).index::numeric, 6)
FROM rel_par_answers
UNION ALL
SELECT 'rq answers', (relationship_quality(dimension, score, scale_min, scale_max)).n_answers
FROM rel_par_answers
UNION ALL
SELECT 'alpha', round(cronbach_alpha(items)::numeric, 6) FROM rel_par_items
UNION ALL
SELECT 'alpha ci_low', round((cronbach_alpha_summary(items)).ci_low::numeric, 6) FROM rel_par_items
UNION ALL
SELECT 'alpha n_skipped', (cronbach_alpha_summary(items)).n_skipped FROM rel_par_items
UNION ALL
SELECT 'engagement', round(engagement(ts, weight, '30 days', timestamptz '2025-01-01 00:00+00')::numeric, 6)
FROM rel_par_interactions;
CREATE TEMP VIEW grouped AS
SELECT customer_id, round((relationship_quality(dimension, score, scale_min, scale_max)).index::numeric, 6) AS rq,
       (relationship_quality(dimension, score, scale_min, scale_max)).weakest_dimension AS weakest
FROM rel_par_answers GROUP BY customer_id;
CREATE TEMP VIEW grouped_eng AS
SELECT customer_id, round(engagement(ts, weight, '30 days', timestamptz '2025-01-01 00:00+00')::numeric, 6) AS e
FROM rel_par_interactions GROUP BY customer_id;
CREATE TEMP VIEW waves AS
SELECT wave, round(cronbach_alpha(items)::numeric, 6) AS a FROM rel_par_items GROUP BY wave;

-- Serial results first.
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_results AS SELECT * FROM results;
CREATE TEMP TABLE serial_grouped AS SELECT * FROM grouped;
CREATE TEMP TABLE serial_grouped_eng AS SELECT * FROM grouped_eng;
CREATE TEMP TABLE serial_waves AS SELECT * FROM waves;

-- Now force parallel plans.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF)
SELECT relationship_quality(dimension, score, scale_min, scale_max) FROM rel_par_answers;
EXPLAIN (COSTS OFF)
SELECT relationship_quality(dimension, score, scale_min, scale_max, '{"trust": 1}') FROM rel_par_answers;
EXPLAIN (COSTS OFF)
SELECT cronbach_alpha(items), cronbach_alpha_summary(items) FROM rel_par_items;
EXPLAIN (COSTS OFF)
SELECT engagement(ts, weight, '30 days', timestamptz '2025-01-01 00:00+00') FROM rel_par_interactions;
EXPLAIN (COSTS OFF)
SELECT customer_id, relationship_quality(dimension, score, scale_min, scale_max)
FROM rel_par_answers GROUP BY customer_id;

CREATE TEMP TABLE parallel_results AS SELECT * FROM results;
CREATE TEMP TABLE parallel_grouped AS SELECT * FROM grouped;
CREATE TEMP TABLE parallel_grouped_eng AS SELECT * FROM grouped_eng;
CREATE TEMP TABLE parallel_waves AS SELECT * FROM waves;

-- CREATE TABLE AS runs its query in parallel too.
EXPLAIN (COSTS OFF) CREATE TEMP TABLE plan_only AS SELECT * FROM grouped_eng;

-- The results, serial beside parallel, and the grouped results compared row by row
-- (expected: no differences).
SELECT s.what, s.v AS serial, p.v AS parallel, s.v = p.v AS equal
FROM serial_results s JOIN parallel_results p USING (what) ORDER BY what;
SELECT count(*) AS customers, count(*) FILTER (WHERE s.rq IS DISTINCT FROM p.rq
                                               OR s.weakest IS DISTINCT FROM p.weakest) AS differ
FROM serial_grouped s FULL JOIN parallel_grouped p USING (customer_id);
SELECT count(*) AS customers, count(*) FILTER (WHERE s.e IS DISTINCT FROM p.e) AS differ
FROM serial_grouped_eng s FULL JOIN parallel_grouped_eng p USING (customer_id);
SELECT count(*) AS waves, count(*) FILTER (WHERE s.a IS DISTINCT FROM p.a) AS differ
FROM serial_waves s FULL JOIN parallel_waves p USING (wave);

-- Mixed weights within a group are an error in parallel plans too (raised by a worker's
-- transition function or by the combine step, whichever meets them first).
DO $$
BEGIN
    PERFORM relationship_quality(dimension, score, scale_min, scale_max,
                                 CASE WHEN customer_id < 500 THEN '{"trust": 1}' ELSE '{"trust": 2}' END::jsonb)
    FROM rel_par_answers WHERE dimension = 'trust' AND customer_id IN (1, 900);
EXCEPTION WHEN invalid_parameter_value THEN
    RAISE NOTICE 'caught: %', SQLERRM;
END $$;

RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
DROP VIEW results, grouped, grouped_eng, waves;
DROP TABLE rel_par_answers, rel_par_items, rel_par_interactions;
