-- bench_survival: the cohort table in one pass against the hand-written count(DISTINCT) per cell,
-- on 5,000,000 activity rows of 400,000 customers (24 monthly cohorts, 36 period indexes), plus
-- Kaplan-Meier against a window-function product-limit and sbg_fit's cost.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

DROP TABLE IF EXISTS bench_activity;
-- Each customer has a lifetime drawn from the sBG model with alpha = beta = 1 (churn probability
-- theta ~ Uniform(0, 1), lifetime geometric given theta, capped at 35) and 12 or 13 activity rows
-- within it: index 0, its last index, and pseudo-random ones between. Rows interleave customers
-- (row i belongs to customer i mod 400,000), as a time-ordered activity log does.
CREATE TABLE bench_activity AS
SELECT c AS customer_id, 'customer-' || c AS customer_key, c % 24 AS cohort,
       CASE WHEN j = 0 THEN 0 WHEN j = 1 THEN life
            ELSE (((c * 2654435761 + j * 40503) % 1000003) % (life + 1))::int END AS period_index
FROM (SELECT c, j,
             least(35, floor(ln((((c * 3266489917) % 1000)::float8 + 0.5) / 1000)
                             / ln(1 - (((c * 2246822519) % 1000)::float8 + 0.5) / 1000)))::int AS life
      FROM (SELECT ((i - 1) % 400000) + 1 AS c, (i - 1) / 400000 AS j
            FROM generate_series(1::int8, 5000000) i) g) h;
ALTER TABLE bench_activity SET (parallel_workers = 2);
VACUUM ANALYZE bench_activity;

DROP TABLE IF EXISTS bench_durations;
CREATE TABLE bench_durations AS
SELECT c % 4 AS segment, (((c::int8 * 2654435761) % 7300) / 10.0)::float8 AS duration,
       (c::int8 * 40503) % 5 <> 0 AS churned
FROM generate_series(1, 5000000) c;
ALTER TABLE bench_durations SET (parallel_workers = 2);
VACUUM ANALYZE bench_durations;

CREATE TEMP TABLE bench_results (n int, figure text, ms float8);

-- Serial first (count(DISTINCT) never runs in parallel), with the default work_mem.
SET max_parallel_workers_per_gather = 0;
INSERT INTO bench_results VALUES
 (1, 'cohort table, count(DISTINCT) per cell, bigint keys',
  bench_ms('SELECT cohort, period_index, count(DISTINCT customer_id) FROM bench_activity GROUP BY 1, 2')),
 (2, 'cohort table, cohort_activity, bigint keys',
  bench_ms('SELECT cohort, cohort_activity(customer_id, period_index) FROM bench_activity GROUP BY 1')),
 (3, 'cohort table, count(DISTINCT) per cell, text keys',
  bench_ms('SELECT cohort, period_index, count(DISTINCT customer_key) FROM bench_activity GROUP BY 1, 2')),
 (4, 'cohort table, cohort_activity, text keys',
  bench_ms('SELECT cohort, cohort_activity(customer_key, period_index) FROM bench_activity GROUP BY 1')),
 (5, 'activity + survivors + retention % in one pass, bigint',
  bench_ms('SELECT cohort, cohort_retention(cohort_activity(customer_id, period_index)),
                   cohort_survivors(customer_id, period_index) FROM bench_activity GROUP BY 1'));

SET work_mem = '256MB';
INSERT INTO bench_results VALUES
 (6, 'count(DISTINCT) per cell, bigint, work_mem 256MB',
  bench_ms('SELECT cohort, period_index, count(DISTINCT customer_id) FROM bench_activity GROUP BY 1, 2')),
 (7, 'cohort_activity, bigint, work_mem 256MB',
  bench_ms('SELECT cohort, cohort_activity(customer_id, period_index) FROM bench_activity GROUP BY 1'));
RESET work_mem;

-- Kaplan-Meier: the aggregate against the product-limit estimator written with window functions.
INSERT INTO bench_results VALUES
 (8, 'Kaplan-Meier by window functions, 4 segments',
  bench_ms($q$
    WITH d AS (SELECT segment, duration, count(*) FILTER (WHERE churned) AS d, count(*) AS m
               FROM bench_durations GROUP BY 1, 2),
         n AS (SELECT segment, duration, d, sum(m) OVER (PARTITION BY segment ORDER BY duration DESC) AS n FROM d)
    SELECT segment, duration,
           exp(sum(ln(greatest(1 - d::float8 / n, 1e-300))) OVER (PARTITION BY segment ORDER BY duration))
    FROM n$q$)),
 (9, 'Kaplan-Meier, kaplan_meier + km_points, 4 segments',
  bench_ms('SELECT segment, p.* FROM (SELECT segment, kaplan_meier(duration, churned) AS c
            FROM bench_durations GROUP BY 1) k, km_points(k.c) p'));

-- The same aggregates with two parallel workers.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
INSERT INTO bench_results VALUES
 (10, 'cohort_activity, bigint, 2 workers',
  bench_ms('SELECT cohort, cohort_activity(customer_id, period_index) FROM bench_activity GROUP BY 1')),
 (11, 'cohort_activity, text, 2 workers',
  bench_ms('SELECT cohort, cohort_activity(customer_key, period_index) FROM bench_activity GROUP BY 1')),
 (12, 'kaplan_meier, 4 segments, 2 workers',
  bench_ms('SELECT segment, kaplan_meier(duration, churned) FROM bench_durations GROUP BY 1'));
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
SET max_parallel_workers_per_gather = 0;

-- sbg_fit on the 24 cohorts' survivors (one fit per cohort) and on a published table (1,000x).
INSERT INTO bench_results VALUES
 (13, 'sbg_fit per cohort from cohort_survivors (24 fits, incl. the scan)',
  bench_ms('SELECT cohort, sbg_fit(cohort_survivors(customer_id, period_index)) FROM bench_activity GROUP BY 1')),
 (14, 'sbg_fit of the F&H regular table, 1000 times',
  bench_ms('SELECT sbg_fit(ARRAY[1000 + 0 * g, 631, 468, 382, 326, 289, 262, 241]::float8[]) FROM generate_series(1, 1000) g'));

SELECT n, figure, round(ms::numeric, 1) AS ms FROM bench_results ORDER BY n;

SELECT 'count(DISTINCT) / cohort_activity, bigint, serial' AS ratio,
       round(((SELECT ms FROM bench_results WHERE n = 1) / (SELECT ms FROM bench_results WHERE n = 2))::numeric, 1) AS x
UNION ALL
SELECT 'count(DISTINCT) / cohort_activity, text, serial',
       round(((SELECT ms FROM bench_results WHERE n = 3) / (SELECT ms FROM bench_results WHERE n = 4))::numeric, 1)
UNION ALL
SELECT 'count(DISTINCT) / cohort_activity, bigint, work_mem 256MB',
       round(((SELECT ms FROM bench_results WHERE n = 6) / (SELECT ms FROM bench_results WHERE n = 7))::numeric, 1)
UNION ALL
SELECT 'count(DISTINCT) serial / cohort_activity 2 workers, bigint',
       round(((SELECT ms FROM bench_results WHERE n = 1) / (SELECT ms FROM bench_results WHERE n = 10))::numeric, 1)
UNION ALL
SELECT 'window-function KM / kaplan_meier + km_points',
       round(((SELECT ms FROM bench_results WHERE n = 8) / (SELECT ms FROM bench_results WHERE n = 9))::numeric, 1);

-- The two cohort tables are the same (checked, not timed).
SELECT count(*) AS cells,
       count(*) FILTER (WHERE a.n IS DISTINCT FROM coalesce(h.n, 0)) AS differences
FROM (SELECT cohort, k - 1 AS period_index, n
      FROM (SELECT cohort, cohort_activity(customer_id, period_index) AS a FROM bench_activity GROUP BY 1) x,
           unnest(a) WITH ORDINALITY u(n, k)) a
FULL JOIN (SELECT cohort, period_index, count(DISTINCT customer_id) AS n FROM bench_activity GROUP BY 1, 2) h
USING (cohort, period_index);

DROP TABLE bench_activity;
DROP TABLE bench_durations;
