SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- Every survival aggregate runs as a partial aggregate in parallel workers (combine, serialize,
-- deserialize) and gives the serial result.
CREATE TABLE par_activity AS
SELECT i % 20000 AS customer_id, (i % 20000) % 4 AS cohort,
       CASE WHEN i < 20000 THEN 0 ELSE ((i::int8 * 7919) % 90)::int * ((i % 20000) % 5) / 4 END AS period_index,
       ((i::int8 * 2654435761) % 1000) / 10.0 AS duration,
       i % 3 <> 0 AS event
FROM generate_series(0, 199999) i;
ALTER TABLE par_activity SET (parallel_workers = 2);
-- Survivors of Fader & Hardie's "regular" segment, repeated: each period's rows add up to
-- 12,500 x (1000, 631, 468, 382, 326, 289, 262, 241), which fits the same alpha and beta.
CREATE TABLE par_survivors AS
SELECT i % 8 AS period, ('{1000,631,468,382,326,289,262,241}'::int8[])[i % 8 + 1] AS active
FROM generate_series(0, 99999) i;
ALTER TABLE par_survivors SET (parallel_workers = 2);
ANALYZE par_activity;
ANALYZE par_survivors;

-- Serial results first.
SET max_parallel_workers_per_gather = 0;
-- One query computes every aggregate; it runs once serially, once in parallel.
CREATE TEMP VIEW all_results AS
SELECT 'km' AS what, kaplan_meier(duration, event)::text AS result FROM par_activity
UNION ALL
SELECT 'km ' || cohort, kaplan_meier(duration, event)::text FROM par_activity GROUP BY cohort
UNION ALL
SELECT 'activity int8 ' || cohort, cohort_activity(customer_id, period_index)::text FROM par_activity GROUP BY cohort
UNION ALL
SELECT 'activity text ' || cohort, cohort_activity('customer ' || customer_id, period_index)::text FROM par_activity GROUP BY cohort
UNION ALL
SELECT 'activity uuid ' || cohort, cohort_activity(md5(customer_id::text)::uuid, period_index)::text FROM par_activity GROUP BY cohort
UNION ALL
SELECT 'survivors ' || cohort, cohort_survivors(customer_id, period_index)::text FROM par_activity GROUP BY cohort
UNION ALL
SELECT 'activity all', cohort_activity(customer_id, period_index)::text FROM par_activity
UNION ALL
SELECT 'sbg', (SELECT round(alpha::numeric, 6) || ' ' || round(beta::numeric, 6) || ' ' || n_periods
               FROM (SELECT (sbg_fit(period, active)).* FROM par_survivors) f);
CREATE TEMP TABLE serial_results AS SELECT * FROM all_results;

-- Forced parallel plans.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF) SELECT kaplan_meier(duration, event) FROM par_activity;
EXPLAIN (COSTS OFF) SELECT cohort, cohort_activity(customer_id, period_index) FROM par_activity GROUP BY cohort;
EXPLAIN (COSTS OFF) SELECT cohort_activity('customer ' || customer_id, period_index),
                           cohort_survivors('customer ' || customer_id, period_index) FROM par_activity;
EXPLAIN (COSTS OFF) SELECT sbg_fit(period, active) FROM par_survivors;
-- The workers really run (and so serialize, deserialize and combine). The executed plan is read
-- from EXPLAIN's JSON form, one line per node with its actual rows (rounded: PostgreSQL 18 prints
-- them as averages with decimals), loops and workers launched, so the check is the same on every
-- server version.
CREATE FUNCTION pg_temp.executed_plan(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF, FORMAT JSON) ' || query
        INTO plan;
    RETURN QUERY
    WITH RECURSIVE node(n, depth) AS (
        SELECT plan -> 0 -> 'Plan', 0
        UNION ALL
        SELECT c, depth + 1 FROM node, json_array_elements(node.n -> 'Plans') c)
    SELECT repeat('  ', depth) || concat_ws(' ', n ->> 'Partial Mode',
               CASE WHEN (n ->> 'Parallel Aware')::bool THEN 'Parallel' END, n ->> 'Node Type',
               'rows=' || round((n ->> 'Actual Rows')::numeric), 'loops=' || (n ->> 'Actual Loops'),
               'planned=' || (n ->> 'Workers Planned'), 'launched=' || (n ->> 'Workers Launched'))
    FROM node ORDER BY depth;
END $$;
SELECT pg_temp.executed_plan('SELECT cohort_activity(customer_id, period_index) FROM par_activity');

-- Every branch of the results query runs as a partial aggregate (8 branches).
CREATE FUNCTION pg_temp.partial_aggregates(query text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    line text;
    n int := 0;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        IF line LIKE '%Partial%Aggregate%' THEN
            n := n + 1;
        END IF;
    END LOOP;
    RETURN n;
END $$;
SELECT pg_temp.partial_aggregates('SELECT * FROM all_results') AS partial_aggregates;
CREATE TEMP TABLE parallel_results AS SELECT * FROM all_results;

-- Same results, and they are not trivial.
SELECT s.what, s.result = p.result AS same, length(s.result) > 10 AS not_trivial
FROM serial_results s JOIN parallel_results p USING (what) ORDER BY s.what;
SELECT result AS sbg_parallel FROM parallel_results WHERE what = 'sbg';
SELECT km_median(kaplan_meier(duration, event)) AS median,
       round(km_survival_at(kaplan_meier(duration, event), 50)::numeric, 6) AS s50
FROM par_activity;

-- Partitionwise partial aggregation combines states in one process, without serializing them:
-- the combine function then also takes the rows a partial state still holds in its batch.
RESET parallel_leader_participation;
SET max_parallel_workers_per_gather = 0;
SET enable_partitionwise_aggregate = on;
CREATE TABLE par_parts (customer_id int8, cohort int, period_index int, duration float8, event bool)
    PARTITION BY LIST ((customer_id % 3));
CREATE TABLE par_parts_0 PARTITION OF par_parts FOR VALUES IN (0);
CREATE TABLE par_parts_1 PARTITION OF par_parts FOR VALUES IN (1);
CREATE TABLE par_parts_2 PARTITION OF par_parts FOR VALUES IN (2);
-- 50 rows: each partition's partial state stays below one batch; customers 0..9 repeat.
INSERT INTO par_parts SELECT i % 10, i % 2, i % 7, i % 5, i % 3 = 0 FROM generate_series(0, 49) i;
ANALYZE par_parts;
EXPLAIN (COSTS OFF)
SELECT cohort, cohort_activity(customer_id, period_index) FROM par_parts GROUP BY cohort;
SELECT cohort, cohort_activity(customer_id, period_index) AS activity,
       cohort_activity(customer_id::text, period_index) AS activity_text,
       cohort_survivors(customer_id, period_index) AS survivors,
       kaplan_meier(duration, event) AS km
FROM par_parts GROUP BY cohort ORDER BY cohort;
SET enable_partitionwise_aggregate = off;
SELECT cohort, cohort_activity(customer_id, period_index) AS activity,
       cohort_activity(customer_id::text, period_index) AS activity_text,
       cohort_survivors(customer_id, period_index) AS survivors,
       kaplan_meier(duration, event) AS km
FROM par_parts GROUP BY cohort ORDER BY cohort;
RESET enable_partitionwise_aggregate;
DROP TABLE par_parts;


RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
RESET max_parallel_workers_per_gather;
DROP VIEW all_results;
DROP TABLE par_activity;
DROP TABLE par_survivors;
