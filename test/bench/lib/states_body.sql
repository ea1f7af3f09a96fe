-- Part of bench_states.sql (test/bench/bench_states.sql): the same rows and timings in the current database.
SET max_parallel_workers_per_gather = 0;
CREATE OR REPLACE FUNCTION pg_temp.best_ms(query text, runs int) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    best float8 := 'infinity';
BEGIN
    FOR i IN 1..runs LOOP
        t0 := clock_timestamp();
        EXECUTE query;
        best := least(best, 1000 * extract(epoch FROM clock_timestamp() - t0)::float8);
    END LOOP;
    RETURN best;
END $$;
DROP TABLE IF EXISTS st_rows, st_times;
CREATE TABLE st_rows AS
SELECT (g % 5)::float8 AS f, CASE WHEN g % 5 = 0 THEN 0 ELSE (g % 5) + (g % 8) END::float8 AS r,
       40::float8 AS t, ((g * 7919) % 1000)::float8 AS duration, g % 4 <> 0 AS event,
       (g % 12)::int4 AS period, (1000 - (g % 12) * 50)::int8 AS active,
       (g % 200000)::int8 AS customer, (g % 6)::int4 AS period_index
FROM generate_series(1::bigint, 4000000) g;
VACUUM ANALYZE st_rows;
CREATE TABLE st_times AS SELECT
    pg_temp.best_ms('SELECT count(f), count(r), count(t) FROM st_rows', 5) AS ms_scan,
    pg_temp.best_ms('SELECT count(duration), count(event) FROM st_rows', 5) AS ms_scan_km,
    pg_temp.best_ms('SELECT count(period), count(active) FROM st_rows', 5) AS ms_scan_sbg,
    pg_temp.best_ms('SELECT count(customer), count(period_index) FROM st_rows', 5) AS ms_scan_cohort,
    pg_temp.best_ms('SELECT bgnbd_fit(f, r, t) FROM st_rows', 5) AS ms_fit,
    pg_temp.best_ms('SELECT kaplan_meier(duration, event) FROM st_rows', 5) AS ms_km,
    pg_temp.best_ms('SELECT sbg_fit(period, active) FROM st_rows', 5) AS ms_sbg,
    pg_temp.best_ms('SELECT cohort_activity(customer, period_index) FROM st_rows', 5) AS ms_cohort;
