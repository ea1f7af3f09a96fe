-- Benchmark (never a test): the exact-time BG/NBD fit at 10M customers (about 4.6M distinct rows)
-- against a scan of the same table, serial and with the default parallel plan; with bench_btyd's
-- 1M figures this is how the fit's cost grows with the data. (BENCH=fit_scale make bench)
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP TABLE IF EXISTS fit_scale;
CREATE TABLE fit_scale AS
SELECT customer_id, frequency, recency, t
FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 10000000, 52, 1, 0);
VACUUM ANALYZE fit_scale;
CREATE TEMP TABLE scale_figures (what text, plan text, ms float8);
SET max_parallel_workers_per_gather = 0;
INSERT INTO scale_figures
SELECT 'sum(frequency + recency + t) (scan only)', bench_plan('SELECT sum(frequency + recency + t) FROM fit_scale'),
       bench_ms('SELECT sum(frequency + recency + t) FROM fit_scale', 3);
INSERT INTO scale_figures
SELECT 'bgnbd_fit', bench_plan('SELECT bgnbd_fit(frequency, recency, t) FROM fit_scale'),
       bench_ms('SELECT bgnbd_fit(frequency, recency, t) FROM fit_scale', 3);
RESET max_parallel_workers_per_gather;
INSERT INTO scale_figures
SELECT 'bgnbd_fit', bench_plan('SELECT bgnbd_fit(frequency, recency, t) FROM fit_scale'),
       bench_ms('SELECT bgnbd_fit(frequency, recency, t) FROM fit_scale', 3);
\echo 10,000,000 customers with exact times, best of 3
SELECT what, (SELECT count(*) FROM (SELECT DISTINCT frequency, recency, t FROM fit_scale) d) AS distinct_rows,
       plan, round(ms::numeric) AS ms,
       round((ms / (SELECT ms FROM scale_figures WHERE what LIKE 'sum%'))::numeric, 1) AS over_serial_scan
FROM scale_figures;
DROP TABLE fit_scale;
