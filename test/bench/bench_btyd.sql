-- Benchmarks of the BG/NBD family (never a test): fitting 1M customers, scoring 1M customers.
-- Data: 1,000,000 customers simulated from the CDNOW BG/NBD fit (weeks), one cohort observed
-- for 52 weeks, day-granular summaries (resolution 1/7) as rfm_summary makes them, spends from
-- the CDNOW Gamma-Gamma fit; and the same customers with exact event times (no two alike).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP TABLE IF EXISTS btyd_days, btyd_exact, btyd_models;
CREATE TABLE btyd_days AS
SELECT s.customer_id, s.frequency, s.recency, s.t,
       gamma_gamma_simulate(gamma_gamma_model(6.25, 3.74, 15.44), s.frequency, s.customer_id) AS monetary
FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 1000000, 52, 1) s;
-- (monetary: 0 for customers without repeat purchases, as lifetimes takes it: their expected
-- spend is the population mean whatever the value, and CLV is computed for every customer. It
-- is made here, not by a later UPDATE, so the table the scoring reads is not twice its size.)
CREATE TABLE btyd_exact AS
SELECT customer_id, frequency, recency, t,
       coalesce(gamma_gamma_simulate(gamma_gamma_model(6.25, 3.74, 15.44), frequency, customer_id), 0) AS monetary
FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 1000000, 52, 1, 0);
VACUUM ANALYZE btyd_days;
VACUUM ANALYZE btyd_exact;
CREATE TABLE btyd_models AS
SELECT (SELECT bgnbd_fit(frequency, recency, t) FROM btyd_days) AS bg,
       (SELECT mbgnbd_fit(frequency, recency, t) FROM btyd_days) AS mbg,
       (SELECT gamma_gamma_fit(frequency, monetary) FROM btyd_days) AS gg;

CREATE TEMP TABLE figures (what text, customers bigint, distinct_rows bigint, plan text, ms float8);

-- Fitting: the aggregation runs in parallel workers (2 + leader on 2 cores); the Newton fit
-- runs once on the distinct rows in the final function.
SET max_parallel_workers_per_gather = 2;
INSERT INTO figures
SELECT 'bgnbd_fit, day-granular', 1000000,
       (SELECT count(*) FROM (SELECT DISTINCT frequency, recency, t FROM btyd_days) d), bench_plan('SELECT bgnbd_fit(frequency, recency, t) FROM btyd_days'),
       bench_ms('SELECT bgnbd_fit(frequency, recency, t) FROM btyd_days', 5);
INSERT INTO figures
SELECT 'mbgnbd_fit, day-granular', 1000000, NULL, bench_plan('SELECT mbgnbd_fit(frequency, recency, t) FROM btyd_days'),
       bench_ms('SELECT mbgnbd_fit(frequency, recency, t) FROM btyd_days', 5);
INSERT INTO figures
SELECT 'gamma_gamma_fit', (SELECT count(*) FROM btyd_days WHERE frequency > 0),
       (SELECT count(*) FROM (SELECT DISTINCT frequency, monetary FROM btyd_days WHERE frequency > 0) d), bench_plan('SELECT gamma_gamma_fit(frequency, monetary) FROM btyd_days'),
       bench_ms('SELECT gamma_gamma_fit(frequency, monetary) FROM btyd_days', 5);
INSERT INTO figures
SELECT 'count(*) (scan only)', 1000000, NULL, bench_plan('SELECT count(frequency + recency + t) FROM btyd_days'),
       bench_ms('SELECT count(frequency + recency + t) FROM btyd_days', 5);
SET max_parallel_workers_per_gather = 0;
INSERT INTO figures
SELECT 'bgnbd_fit, day-granular', 1000000, NULL, bench_plan('SELECT bgnbd_fit(frequency, recency, t) FROM btyd_days'),
       bench_ms('SELECT bgnbd_fit(frequency, recency, t) FROM btyd_days', 5);
INSERT INTO figures
SELECT 'bgnbd_fit, histogram (weight form)', (SELECT count(*) FROM btyd_days),
       (SELECT count(*) FROM (SELECT DISTINCT frequency, recency, t FROM btyd_days) d), bench_plan('SELECT bgnbd_fit(frequency, recency, t, c) FROM (SELECT frequency, recency, t, count(*) AS c FROM btyd_days GROUP BY 1, 2, 3) h'),
       bench_ms('SELECT bgnbd_fit(frequency, recency, t, c) FROM (SELECT frequency, recency, t, count(*) AS c FROM btyd_days GROUP BY 1, 2, 3) h', 5);

-- Scoring 1M customers: P(alive), expected purchases in the next 52 weeks, 12-month CLV
-- (period_length 4.345 weeks, 1% per month), each and all three in one pass. The models come
-- from scalar subqueries (InitPlans, evaluated once and passed to the parallel workers; a
-- cross join with the model table would keep the plan serial). Identical customers are
-- computed once per query (memo); the exact-time customers are all distinct (worst case).
ANALYZE btyd_models;
SET max_parallel_workers_per_gather = 2;
INSERT INTO figures
SELECT 'bgnbd_p_alive', 1000000, NULL, bench_plan('SELECT sum(bgnbd_p_alive((SELECT bg FROM btyd_models), frequency, recency, t)) FROM btyd_days'),
       bench_ms('SELECT sum(bgnbd_p_alive((SELECT bg FROM btyd_models), frequency, recency, t)) FROM btyd_days', 5);
INSERT INTO figures
SELECT 'bgnbd_expected_purchases (52 weeks)', 1000000, NULL, bench_plan('SELECT sum(bgnbd_expected_purchases((SELECT bg FROM btyd_models), 52, frequency, recency, t)) FROM btyd_days'),
       bench_ms('SELECT sum(bgnbd_expected_purchases((SELECT bg FROM btyd_models), 52, frequency, recency, t)) FROM btyd_days', 5);
INSERT INTO figures
SELECT 'bgnbd_clv (12 periods)', 1000000, NULL, bench_plan('SELECT sum(bgnbd_clv((SELECT bg FROM btyd_models), (SELECT gg FROM btyd_models), frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_days'),
       bench_ms('SELECT sum(bgnbd_clv((SELECT bg FROM btyd_models), (SELECT gg FROM btyd_models), frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_days', 5);
INSERT INTO figures
SELECT 'P(alive) + expected + CLV, one pass', 1000000, NULL, bench_plan('SELECT sum(bgnbd_p_alive(m, frequency, recency, t)), sum(bgnbd_expected_purchases(m, 52, frequency, recency, t)), sum(bgnbd_clv(m, g, frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_days, (SELECT (SELECT bg FROM btyd_models) AS m, (SELECT gg FROM btyd_models) AS g) q'),
       bench_ms('SELECT sum(bgnbd_p_alive(m, frequency, recency, t)), sum(bgnbd_expected_purchases(m, 52, frequency, recency, t)), sum(bgnbd_clv(m, g, frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_days, (SELECT (SELECT bg FROM btyd_models) AS m, (SELECT gg FROM btyd_models) AS g) q', 5);
INSERT INTO figures
SELECT 'same, all customers distinct (exact times)', 1000000, NULL, bench_plan('SELECT sum(bgnbd_p_alive(m, frequency, recency, t)), sum(bgnbd_expected_purchases(m, 52, frequency, recency, t)), sum(bgnbd_clv(m, g, frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_exact, (SELECT (SELECT bg FROM btyd_models) AS m, (SELECT gg FROM btyd_models) AS g) q'),
       bench_ms('SELECT sum(bgnbd_p_alive(m, frequency, recency, t)), sum(bgnbd_expected_purchases(m, 52, frequency, recency, t)), sum(bgnbd_clv(m, g, frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_exact, (SELECT (SELECT bg FROM btyd_models) AS m, (SELECT gg FROM btyd_models) AS g) q', 3);
INSERT INTO figures
SELECT 'mbgnbd_clv (12 periods)', 1000000, NULL, bench_plan('SELECT sum(mbgnbd_clv((SELECT mbg FROM btyd_models), (SELECT gg FROM btyd_models), frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_days'),
       bench_ms('SELECT sum(mbgnbd_clv((SELECT mbg FROM btyd_models), (SELECT gg FROM btyd_models), frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_days', 5);
SET max_parallel_workers_per_gather = 0;
INSERT INTO figures
SELECT 'P(alive) + expected + CLV, one pass', 1000000, NULL, bench_plan('SELECT sum(bgnbd_p_alive(m, frequency, recency, t)), sum(bgnbd_expected_purchases(m, 52, frequency, recency, t)), sum(bgnbd_clv(m, g, frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_days, (SELECT (SELECT bg FROM btyd_models) AS m, (SELECT gg FROM btyd_models) AS g) q'),
       bench_ms('SELECT sum(bgnbd_p_alive(m, frequency, recency, t)), sum(bgnbd_expected_purchases(m, 52, frequency, recency, t)), sum(bgnbd_clv(m, g, frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_days, (SELECT (SELECT bg FROM btyd_models) AS m, (SELECT gg FROM btyd_models) AS g) q', 5);
INSERT INTO figures
SELECT 'same, all customers distinct (exact times)', 1000000, NULL, bench_plan('SELECT sum(bgnbd_p_alive(m, frequency, recency, t)), sum(bgnbd_expected_purchases(m, 52, frequency, recency, t)), sum(bgnbd_clv(m, g, frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_exact, (SELECT (SELECT bg FROM btyd_models) AS m, (SELECT gg FROM btyd_models) AS g) q'),
       bench_ms('SELECT sum(bgnbd_p_alive(m, frequency, recency, t)), sum(bgnbd_expected_purchases(m, 52, frequency, recency, t)), sum(bgnbd_clv(m, g, frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_exact, (SELECT (SELECT bg FROM btyd_models) AS m, (SELECT gg FROM btyd_models) AS g) q', 3);
RESET max_parallel_workers_per_gather;

-- Simulation speed
INSERT INTO figures
SELECT 'bgnbd_simulate', 1000000, NULL, bench_plan('SELECT count(*) FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 1000000, 52, 1)'),
       bench_ms('SELECT count(*) FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 1000000, 52, 1)', 3);

-- The exact-time fit against its scan, the default (parallel) plan against the serial one, and
-- the parallel plan's leader: what it does after the Gather (combine the workers' sorted states,
-- then the Newton fit) against the whole serial fit. The four are timed in turn in each of 7
-- rounds, best of each kept, so that a change of the shared machine's speed moves all alike.
CREATE TEMP TABLE fit_times (what text, ms float8);
DO $$
BEGIN
    FOR round IN 1..7 LOOP
        PERFORM set_config('max_parallel_workers_per_gather', '0', true);
        INSERT INTO fit_times SELECT 'serial', bench_ms('SELECT bgnbd_fit(frequency, recency, t) FROM btyd_exact', 1);
        INSERT INTO fit_times SELECT 'scan', bench_ms('SELECT sum(frequency + recency + t) FROM btyd_exact', 1);
        PERFORM set_config('max_parallel_workers_per_gather', '2', true);
        INSERT INTO fit_times SELECT 'parallel', bench_ms('SELECT bgnbd_fit(frequency, recency, t) FROM btyd_exact', 1);
        INSERT INTO fit_times SELECT 'after', bench_after_gather_ms('SELECT bgnbd_fit(frequency, recency, t) FROM btyd_exact', 1);
    END LOOP;
END $$;
RESET max_parallel_workers_per_gather;
INSERT INTO figures
SELECT 'bgnbd_fit, exact times', 1000000,
       (SELECT count(*) FROM (SELECT DISTINCT frequency, recency, t FROM btyd_exact) d),
       bench_plan('SELECT bgnbd_fit(frequency, recency, t) FROM btyd_exact'),
       (SELECT min(ms) FROM fit_times WHERE what = 'parallel');
SET max_parallel_workers_per_gather = 0;
INSERT INTO figures
SELECT 'bgnbd_fit, exact times', 1000000, NULL, bench_plan('SELECT bgnbd_fit(frequency, recency, t) FROM btyd_exact'),
       (SELECT min(ms) FROM fit_times WHERE what = 'serial');
INSERT INTO figures
SELECT 'sum(frequency + recency + t), exact times (scan only)', 1000000, NULL, bench_plan('SELECT sum(frequency + recency + t) FROM btyd_exact'),
       (SELECT min(ms) FROM fit_times WHERE what = 'scan');
RESET max_parallel_workers_per_gather;

-- What starting the workers costs on this machine, whatever the query: a parallel count(*) of
-- 1,000 rows (parallel plan forced) against the serial one.
CREATE TABLE btyd_tiny AS SELECT g FROM generate_series(1, 1000) g;
ANALYZE btyd_tiny;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
INSERT INTO figures
SELECT 'count(*) of 1,000 rows: the cost of starting the workers', NULL, NULL, bench_plan('SELECT count(*) FROM btyd_tiny'),
       bench_ms('SELECT count(*) FROM btyd_tiny', 9);
SET max_parallel_workers_per_gather = 0;
INSERT INTO figures
SELECT 'count(*) of 1,000 rows', NULL, NULL, bench_plan('SELECT count(*) FROM btyd_tiny'),
       bench_ms('SELECT count(*) FROM btyd_tiny', 9);
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE btyd_tiny;

SELECT what, customers, distinct_rows, plan, round(ms::numeric, 0) AS ms,
       round((customers / ms * 1000)::numeric, -3) AS customers_per_second
FROM figures;

SELECT round(f.ms::numeric) AS serial_fit_ms, round(s.ms::numeric) AS serial_scan_ms,
       round((f.ms / s.ms)::numeric, 1) AS fit_over_scan,
       round(p.ms::numeric) AS parallel_fit_ms, round((p.ms / f.ms)::numeric, 2) AS parallel_over_serial,
       round(a.ms::numeric) AS leader_after_gather_ms, round((100 * a.ms / f.ms)::numeric, 1) AS leader_pct_of_serial
FROM (SELECT min(ms) AS ms FROM fit_times WHERE what = 'serial') f,
     (SELECT min(ms) AS ms FROM fit_times WHERE what = 'scan') s,
     (SELECT min(ms) AS ms FROM fit_times WHERE what = 'parallel') p,
     (SELECT min(ms) AS ms FROM fit_times WHERE what = 'after') a;

-- The exact-time state's bytes (what each copy between the processes moves), against 1.0's
-- form of the same rows (version 1: 19 bytes of header, 32 per row)
SELECT length(bgnbd_fit_state(frequency, recency, t)) AS state_bytes,
       19 + 32 * (SELECT distinct_rows FROM figures WHERE what = 'bgnbd_fit, exact times' AND distinct_rows IS NOT NULL)
           AS state_bytes_in_1_0_form
FROM btyd_exact;

-- Against lifetimes' vectorised NumPy/SciPy (test/bench/score_numpy.py: the same formulas on the
-- same 1M all-distinct customers and the same fitted models; CLV as lifetimes computes it, two
-- expected-purchase evaluations per period). Skipped without Debian's python3-numpy and
-- python3-scipy (run_bench.sh installs them).
SET max_parallel_workers_per_gather = 0;
-- P(alive) and the scan it is held against, timed in turn in each of 5 rounds (best of each), so
-- that a change of the shared machine's speed during the run moves both alike
CREATE TEMP TABLE pair_times (what text, ms float8);
DO $$
BEGIN
    FOR round IN 1..5 LOOP
        INSERT INTO pair_times
        SELECT 'scan', bench_ms('SELECT sum(frequency + recency + t) FROM btyd_exact', 1);
        INSERT INTO pair_times
        SELECT 'p_alive', bench_ms('SELECT sum(bgnbd_p_alive((SELECT bg FROM btyd_models), frequency, recency, t)) FROM btyd_exact', 1);
    END LOOP;
END $$;
CREATE TEMP TABLE sql_scan AS
SELECT min(ms) AS ms FROM pair_times WHERE what = 'scan';
CREATE TEMP TABLE sql_scoring AS
SELECT 'p_alive' AS what, min(ms) AS ms FROM pair_times WHERE what = 'p_alive'
UNION ALL SELECT 'expected_purchases', bench_ms('SELECT sum(bgnbd_expected_purchases((SELECT bg FROM btyd_models), 52, frequency, recency, t)) FROM btyd_exact', 3)
UNION ALL SELECT 'clv', bench_ms('SELECT sum(bgnbd_clv((SELECT bg FROM btyd_models), (SELECT gg FROM btyd_models), frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_exact', 3)
UNION ALL SELECT 'all_three', bench_ms('SELECT sum(bgnbd_p_alive(m, frequency, recency, t)), sum(bgnbd_expected_purchases(m, 52, frequency, recency, t)), sum(bgnbd_clv(m, g, frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_exact, (SELECT (SELECT bg FROM btyd_models) AS m, (SELECT gg FROM btyd_models) AS g) q', 3);
RESET max_parallel_workers_per_gather;
-- P(alive) against the scan that sums the same columns, both serial on the same table (issue 15
-- asks for at most 1.5x)
SELECT round(p.ms::numeric) AS p_alive_ms, round(s.ms::numeric) AS scan_ms,
       round((p.ms / s.ms)::numeric, 2) AS p_alive_over_scan
FROM sql_scoring p, sql_scan s WHERE p.what = 'p_alive';
INSERT INTO sql_scoring
SELECT 'all_three, parallel', bench_ms('SELECT sum(bgnbd_p_alive(m, frequency, recency, t)), sum(bgnbd_expected_purchases(m, 52, frequency, recency, t)), sum(bgnbd_clv(m, g, frequency, recency, t, monetary, 12, 4.345, 0.01)) FROM btyd_exact, (SELECT (SELECT bg FROM btyd_models) AS m, (SELECT gg FROM btyd_models) AS g) q', 3);
CREATE TEMP TABLE numpy_scoring (what text, ms float8);
\copy (SELECT frequency, recency, t, monetary FROM btyd_exact) TO '/tmp/customer_rel_bench_customers.csv' CSV
\copy (SELECT (bg).r, (bg).alpha, (bg).a, (bg).b, (gg).p, (gg).q, (gg).v FROM btyd_models) TO '/tmp/customer_rel_bench_model.csv' CSV
\copy numpy_scoring FROM PROGRAM 'if /usr/bin/python3 -c "import numpy, scipy" 2>/dev/null; then /usr/bin/python3 test/bench/score_numpy.py /tmp/customer_rel_bench_customers.csv /tmp/customer_rel_bench_model.csv 12 4.345 0.01; fi' (FORMAT csv, DELIMITER '|')
SELECT s.what, round(s.ms::numeric) AS customer_rel_ms, round(n.ms::numeric) AS numpy_ms,
       round((n.ms / s.ms)::numeric, 1) AS times_faster
FROM sql_scoring s LEFT JOIN numpy_scoring n ON n.what = split_part(s.what, ',', 1)
ORDER BY s.ms;
SELECT round(sum(bgnbd_p_alive(m, frequency, recency, t))::numeric, 4) AS sql_sum_p_alive,
       (SELECT round(ms::numeric, 4) FROM numpy_scoring WHERE what = 'sum_p_alive') AS numpy_sum_p_alive,
       round(sum(bgnbd_clv(m, g, frequency, recency, t, monetary, 12, 4.345, 0.01))::numeric, 2) AS sql_sum_clv,
       (SELECT round(ms::numeric, 2) FROM numpy_scoring WHERE what = 'sum_clv') AS numpy_sum_clv
FROM btyd_exact, (SELECT (SELECT bg FROM btyd_models) AS m, (SELECT gg FROM btyd_models) AS g) q;
\! rm -f /tmp/customer_rel_bench_customers.csv /tmp/customer_rel_bench_model.csv
SELECT round((bg).r::numeric, 3) AS r, round((bg).alpha::numeric, 3) AS alpha, round((bg).a::numeric, 3) AS a,
       round((bg).b::numeric, 3) AS b, (bg).iterations, (bg).converged,
       round((gg).p::numeric, 2) AS p, round((gg).q::numeric, 2) AS q, round((gg).v::numeric, 2) AS v
FROM btyd_models;
DROP TABLE btyd_days, btyd_exact, btyd_models;
