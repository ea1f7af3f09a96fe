-- Benchmarks of the Pareto/NBD and BG/BB families (never a test).
-- Data: 1,000,000 customers simulated from the CDNOW Pareto/NBD fit (weeks) in 4 cohorts observed
-- for 39, 43, 47 and 52 weeks, day-granular recency (resolution 1/7) as rfm_summary makes it;
-- the same number acquired over a whole year (364 daily cohorts observed for 26 to 78 weeks,
-- many more distinct rows);
-- 100,000 customers with exact times (no two alike) to show the cost per distinct row; and
-- 1,000,000 BG/BB customers (donations fit) with 6 and with 52 opportunities.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP TABLE IF EXISTS pb_days, pb_year, pb_exact, pb_bgbb6, pb_bgbb52, pb_models;
CREATE TABLE pb_days AS
SELECT (c * 250000 + s.customer_id) AS customer_id, s.frequency, s.recency, s.t
FROM generate_series(0, 3) c,
     LATERAL pareto_nbd_simulate(pareto_nbd_model(0.553, 10.578, 0.606, 11.669), 250000,
                                 (39 + round(13 * c / 3.0))::float8, 100 + c) s;
CREATE TABLE pb_year AS
SELECT (c * 2748 + s.customer_id) AS customer_id, s.frequency, s.recency, s.t
FROM generate_series(0, 363) c,
     LATERAL pareto_nbd_simulate(pareto_nbd_model(0.553, 10.578, 0.606, 11.669), 2748,
                                 26 + c / 7.0, 1000 + c) s;
CREATE TABLE pb_exact AS
SELECT customer_id, frequency, recency, t
FROM pareto_nbd_simulate(pareto_nbd_model(0.553, 10.578, 0.606, 11.669), 100000, 52, 7, 0);
CREATE TABLE pb_bgbb6 AS SELECT * FROM bgbb_simulate(bgbb_model(1.204, 0.750, 0.657, 2.783), 1000000, 6, 1);
CREATE TABLE pb_bgbb52 AS SELECT * FROM bgbb_simulate(bgbb_model(1.204, 0.750, 0.657, 2.783), 1000000, 52, 2);
VACUUM ANALYZE pb_days;
VACUUM ANALYZE pb_year;
VACUUM ANALYZE pb_exact;
VACUUM ANALYZE pb_bgbb6;
VACUUM ANALYZE pb_bgbb52;
CREATE TABLE pb_models AS
SELECT (SELECT pareto_nbd_fit(frequency, recency, t) FROM pb_days) AS pnbd,
       (SELECT bgbb_fit(frequency, recency, n_periods) FROM pb_bgbb6) AS bgbb;

CREATE TEMP TABLE figures (what text, customers bigint, distinct_rows bigint, plan text, ms float8);

-- Fitting: the histogram is built in parallel workers; the fit runs once on the distinct rows.
SET max_parallel_workers_per_gather = 2;
INSERT INTO figures
SELECT 'pareto_nbd_fit, day-granular', 1000000,
       (SELECT count(*) FROM (SELECT DISTINCT frequency, recency, t FROM pb_days) d), bench_plan('SELECT pareto_nbd_fit(frequency, recency, t) FROM pb_days'),
       bench_ms('SELECT pareto_nbd_fit(frequency, recency, t) FROM pb_days', 5);
INSERT INTO figures
SELECT 'pareto_nbd_fit, day-granular, 364 cohorts', (SELECT count(*) FROM pb_year),
       (SELECT count(*) FROM (SELECT DISTINCT frequency, recency, t FROM pb_year) d), bench_plan('SELECT pareto_nbd_fit(frequency, recency, t) FROM pb_year'),
       bench_ms('SELECT pareto_nbd_fit(frequency, recency, t) FROM pb_year', 3);
INSERT INTO figures
SELECT 'count(*) (scan only)', 1000000, NULL, bench_plan('SELECT count(frequency + recency + t) FROM pb_days'),
       bench_ms('SELECT count(frequency + recency + t) FROM pb_days', 5);
INSERT INTO figures
SELECT 'pareto_nbd_fit, exact times', 100000,
       (SELECT count(*) FROM (SELECT DISTINCT frequency, recency, t FROM pb_exact) d), bench_plan('SELECT pareto_nbd_fit(frequency, recency, t) FROM pb_exact'),
       bench_ms('SELECT pareto_nbd_fit(frequency, recency, t) FROM pb_exact', 3);
INSERT INTO figures
SELECT 'bgbb_fit, 6 opportunities', 1000000,
       (SELECT count(*) FROM (SELECT DISTINCT frequency, recency, n_periods FROM pb_bgbb6) d), bench_plan('SELECT bgbb_fit(frequency, recency, n_periods) FROM pb_bgbb6'),
       bench_ms('SELECT bgbb_fit(frequency, recency, n_periods) FROM pb_bgbb6', 5);
INSERT INTO figures
SELECT 'bgbb_fit, 52 opportunities', 1000000,
       (SELECT count(*) FROM (SELECT DISTINCT frequency, recency, n_periods FROM pb_bgbb52) d), bench_plan('SELECT bgbb_fit(frequency, recency, n_periods) FROM pb_bgbb52'),
       bench_ms('SELECT bgbb_fit(frequency, recency, n_periods) FROM pb_bgbb52', 3);
SET max_parallel_workers_per_gather = 0;
INSERT INTO figures
SELECT 'pareto_nbd_fit, day-granular', 1000000, NULL, bench_plan('SELECT pareto_nbd_fit(frequency, recency, t) FROM pb_days'),
       bench_ms('SELECT pareto_nbd_fit(frequency, recency, t) FROM pb_days', 3);
INSERT INTO figures
SELECT 'pareto_nbd_fit, day-granular, 364 cohorts', (SELECT count(*) FROM pb_year), NULL, bench_plan('SELECT pareto_nbd_fit(frequency, recency, t) FROM pb_year'),
       bench_ms('SELECT pareto_nbd_fit(frequency, recency, t) FROM pb_year', 3);
INSERT INTO figures
SELECT 'pareto_nbd_fit, histogram (weight form)', 1000000,
       (SELECT count(*) FROM (SELECT DISTINCT frequency, recency, t FROM pb_days) d), bench_plan('SELECT pareto_nbd_fit(frequency, recency, t, c) FROM (SELECT frequency, recency, t, count(*) AS c FROM pb_days GROUP BY 1, 2, 3) h'),
       bench_ms('SELECT pareto_nbd_fit(frequency, recency, t, c) FROM (SELECT frequency, recency, t, count(*) AS c FROM pb_days GROUP BY 1, 2, 3) h', 3);

-- Scoring 1M customers (models from scalar subqueries, evaluated once, passed to workers).
SET max_parallel_workers_per_gather = 2;
INSERT INTO figures
SELECT 'pareto_nbd_p_alive', 1000000, NULL, bench_plan('SELECT sum(pareto_nbd_p_alive((SELECT pnbd FROM pb_models), frequency, recency, t)) FROM pb_days'),
       bench_ms('SELECT sum(pareto_nbd_p_alive((SELECT pnbd FROM pb_models), frequency, recency, t)) FROM pb_days', 3);
INSERT INTO figures
SELECT 'pareto_nbd_expected_purchases, 52 weeks', 1000000, NULL, bench_plan('SELECT sum(pareto_nbd_expected_purchases((SELECT pnbd FROM pb_models), 52, frequency, recency, t)) FROM pb_days'),
       bench_ms('SELECT sum(pareto_nbd_expected_purchases((SELECT pnbd FROM pb_models), 52, frequency, recency, t)) FROM pb_days', 3);
INSERT INTO figures
SELECT 'pareto_nbd_dert, 15% a year', 1000000, NULL, bench_plan('SELECT sum(pareto_nbd_dert((SELECT pnbd FROM pb_models), frequency, recency, t, ln(1.15) / 52)) FROM pb_days'),
       bench_ms('SELECT sum(pareto_nbd_dert((SELECT pnbd FROM pb_models), frequency, recency, t, ln(1.15) / 52)) FROM pb_days', 3);
INSERT INTO figures
SELECT 'bgbb_p_alive', 1000000, NULL, bench_plan('SELECT sum(bgbb_p_alive((SELECT bgbb FROM pb_models), frequency, recency, n_periods)) FROM pb_bgbb6'),
       bench_ms('SELECT sum(bgbb_p_alive((SELECT bgbb FROM pb_models), frequency, recency, n_periods)) FROM pb_bgbb6', 3);
INSERT INTO figures
SELECT 'bgbb_dert, 10% a period', 1000000, NULL, bench_plan('SELECT sum(bgbb_dert((SELECT bgbb FROM pb_models), frequency, recency, n_periods, 0.1)) FROM pb_bgbb6'),
       bench_ms('SELECT sum(bgbb_dert((SELECT bgbb FROM pb_models), frequency, recency, n_periods, 0.1)) FROM pb_bgbb6', 3);

SELECT what, customers, distinct_rows, plan, round(ms::numeric, 0) AS ms,
       round((customers / ms * 1000)::numeric, 0) AS customers_per_s
FROM figures ORDER BY what, plan;

-- the fitted parameters against the simulating ones (a check that the benchmark fits real data)
SELECT round((pnbd).r::numeric, 3) AS r, round((pnbd).alpha::numeric, 2) AS alpha,
       round((pnbd).s::numeric, 3) AS s, round((pnbd).beta::numeric, 2) AS beta, (pnbd).converged,
       round((bgbb).alpha::numeric, 3) AS bb_alpha, round((bgbb).beta::numeric, 3) AS bb_beta,
       round((bgbb).gamma::numeric, 3) AS bb_gamma, round((bgbb).delta::numeric, 3) AS bb_delta
FROM pb_models;
DROP TABLE pb_days, pb_year, pb_exact, pb_bgbb6, pb_bgbb52, pb_models;
