-- Benchmark (never a test): the cost per row of the concrete aggregate states of 1.1
-- (cr_fit_state, cr_km_state, cr_sbg_state, cr_cohort_state: expanded objects) against the
-- `internal` states of 1.0, on the same rows in two databases of the same server, serial plans.
-- Issue 10 asks for at most 1.2x the 1.0 transition cost. (BENCH=states make bench)
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP DATABASE IF EXISTS bench_states_10;
CREATE DATABASE bench_states_10;
\c bench_states_10
SET client_min_messages = warning;
CREATE EXTENSION customer_rel VERSION '1.0';
\ir lib/states_body.sql
SELECT ms_fit AS v10_fit, ms_km AS v10_km, ms_sbg AS v10_sbg, ms_cohort AS v10_cohort,
       ms_scan AS v10_scan FROM st_times \gset
\c bench
SET client_min_messages = warning;
\ir lib/states_body.sql
\echo best of 5 runs, serial; "above scan" subtracts a scan of the same rows (count of each argument)
SELECT what, rows, state_10, state_11, ms_10, ms_11, round((ms_11 / ms_10)::numeric, 2) AS ratio,
       round(((ms_11 - scan_11) / nullif(ms_10 - scan_10, 0))::numeric, 2) AS ratio_above_scan
FROM (VALUES
    ('bgnbd_fit (day-granular: 40 distinct rows)', '4,000,000', 'internal', 'cr_fit_state', :v10_fit, (SELECT ms_fit FROM st_times)),
    ('kaplan_meier (1,000 durations)', '4,000,000', 'internal', 'cr_km_state', :v10_km, (SELECT ms_km FROM st_times)),
    ('sbg_fit (12 periods)', '4,000,000', 'internal', 'cr_sbg_state', :v10_sbg, (SELECT ms_sbg FROM st_times)),
    ('cohort_activity (200,000 customers)', '4,000,000', 'internal', 'cr_cohort_state', :v10_cohort, (SELECT ms_cohort FROM st_times))
) v(what, rows, state_10, state_11, ms_10, ms_11),
LATERAL (SELECT :v10_scan::float8 AS scan_10, (SELECT ms_scan FROM st_times) AS scan_11) s;
DROP TABLE st_rows, st_times;
DROP DATABASE bench_states_10;
