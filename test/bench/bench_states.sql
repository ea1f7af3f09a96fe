-- Benchmark (never a test): the cost per row of the concrete aggregate states of 1.1
-- (cr_fit_state, cr_km_state, cr_sbg_state, cr_cohort_state: expanded objects) against the
-- `internal` states of 1.0, on the same rows in two databases of the same server, serial plans.
-- Issue 10 asks for at most 1.2x the 1.0 transition cost. (BENCH=states make bench)
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP DATABASE IF EXISTS bench_states_10;
CREATE DATABASE bench_states_10;
\c bench_states_10
SET client_min_messages = error;
CREATE EXTENSION customer_rel VERSION '1.0';
\ir lib/states_body.sql
SELECT ms_fit AS v10_fit, ms_km AS v10_km, ms_sbg AS v10_sbg, ms_cohort AS v10_cohort,
       ms_scan AS v10_scan, ms_scan_km AS v10_scan_km, ms_scan_sbg AS v10_scan_sbg,
       ms_scan_cohort AS v10_scan_cohort FROM st_times \gset
\c bench
SET client_min_messages = error;
\ir lib/states_body.sql
\echo best of 5 runs, serial plans; "above scan" subtracts a scan of the same rows counting the arguments of the aggregate
SELECT what, rows, state_10, state_11, round(ms_10::numeric) AS ms_10, round(ms_11::numeric) AS ms_11,
       round((ms_11 / ms_10)::numeric, 2) AS ratio,
       round(((ms_11 - scan_11) / nullif(ms_10 - scan_10, 0))::numeric, 2) AS ratio_above_scan
FROM (SELECT * FROM st_times) t, LATERAL (VALUES
    ('bgnbd_fit (day-granular: 40 distinct rows)', '4,000,000', 'internal', 'cr_fit_state', :v10_fit, t.ms_fit, :v10_scan, t.ms_scan),
    ('kaplan_meier (1,000 durations)', '4,000,000', 'internal', 'cr_km_state', :v10_km, t.ms_km, :v10_scan_km, t.ms_scan_km),
    ('sbg_fit (12 periods)', '4,000,000', 'internal', 'cr_sbg_state', :v10_sbg, t.ms_sbg, :v10_scan_sbg, t.ms_scan_sbg),
    ('cohort_activity (200,000 customers)', '4,000,000', 'internal', 'cr_cohort_state', :v10_cohort, t.ms_cohort, :v10_scan_cohort, t.ms_scan_cohort)
) v(what, rows, state_10, state_11, ms_10, ms_11, scan_10, scan_11);
DROP TABLE st_rows, st_times;
DROP DATABASE bench_states_10;
