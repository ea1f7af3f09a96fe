-- Pareto/NBD and BG/BB fitting aggregates run as partial aggregates in parallel workers (the
-- shared histogram state with combine, serial and deserial functions) and give the serial fit
-- (the final functions sort the distinct rows, so the two agree to the last bit; compared rounded).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

CREATE TABLE par_pnbd AS
SELECT s.* FROM generate_series(0, 3) c,
     LATERAL pareto_nbd_simulate(pareto_nbd_model(0.55, 10.58, 0.61, 11.67), 20000, 30 + 3 * c, 7 + c) s;
ALTER TABLE par_pnbd SET (parallel_workers = 2);
CREATE TABLE par_bgbb AS
SELECT * FROM bgbb_simulate(bgbb_model(1.204, 0.750, 0.657, 2.783), 60000, 6, 11);
ALTER TABLE par_bgbb SET (parallel_workers = 2);
ANALYZE par_pnbd;
ANALYZE par_bgbb;

-- serial
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_fits AS
SELECT (SELECT pareto_nbd_fit(frequency, recency, t) FROM par_pnbd) AS p,
       (SELECT bgbb_fit(frequency, recency, n_periods) FROM par_bgbb) AS b;

-- parallel
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pareto_nbd_fit(frequency, recency, t) FROM par_pnbd;
EXPLAIN (COSTS OFF) SELECT bgbb_fit(frequency, recency, n_periods, 1) FROM par_bgbb;
CREATE TEMP TABLE parallel_fits AS
SELECT (SELECT pareto_nbd_fit(frequency, recency, t) FROM par_pnbd) AS p,
       (SELECT bgbb_fit(frequency, recency, n_periods, 1) FROM par_bgbb) AS b;

SELECT round((s.p).r::numeric, 6) = round((q.p).r::numeric, 6)
   AND round((s.p).alpha::numeric, 5) = round((q.p).alpha::numeric, 5)
   AND round((s.p).s::numeric, 6) = round((q.p).s::numeric, 6)
   AND round((s.p).beta::numeric, 5) = round((q.p).beta::numeric, 5)
   AND round((s.p).loglik::numeric, 4) = round((q.p).loglik::numeric, 4)
   AND (s.p).n = (q.p).n AS pareto_nbd_same,
       round((s.b).alpha::numeric, 6) = round((q.b).alpha::numeric, 6)
   AND round((s.b).beta::numeric, 6) = round((q.b).beta::numeric, 6)
   AND round((s.b).gamma::numeric, 6) = round((q.b).gamma::numeric, 6)
   AND round((s.b).delta::numeric, 6) = round((q.b).delta::numeric, 6)
   AND round((s.b).loglik::numeric, 4) = round((q.b).loglik::numeric, 4)
   AND (s.b).n = (q.b).n AS bgbb_same,
       (q.p).n AS pareto_customers, (q.b).n AS bgbb_customers, (q.p).converged AND (q.b).converged AS converged
FROM serial_fits s, parallel_fits q;

-- grouped: one fit per cohort, in parallel
EXPLAIN (COSTS OFF) SELECT t, pareto_nbd_fit(frequency, recency, t) FROM par_pnbd GROUP BY t;
SELECT t, (f).n, (f).converged, round((f).r::numeric, 2) AS r
FROM (SELECT t, pareto_nbd_fit(frequency, recency, t) AS f FROM par_pnbd GROUP BY t) g ORDER BY t;

RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
DROP TABLE par_pnbd, par_bgbb;
