-- Parallel proof: every aggregate runs as Partial Aggregate in parallel workers and gives the
-- same results as a serial plan. (Other families keep theirs in parallel_<family>.sql.)
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET TimeZone = 'America/New_York';

-- 400k transactions of 3000 customers over two years, deterministic (a hash, not random()).
CREATE TABLE par_tx AS
SELECT g % 3000 AS customer,
       timestamptz '2022-01-01' + ((hashint4(g) & 1048575) % 730) * interval '1 day'
           + ((hashint4(g + 7) & 65535) % 86400) * interval '1 second' AS ts,
       round((((hashint4(g + 13) & 65535) % 20000) / 100.0)::numeric, 2)::float8 AS amount
FROM generate_series(1, 400000) g;
ALTER TABLE par_tx SET (parallel_workers = 2);
ANALYZE par_tx;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_result AS
SELECT customer, rfm_summary(ts, amount, '2023-09-30', '7 days') AS s,
       rfm_summary(ts::timestamp, amount, '2023-09-30'::timestamp) AS s_ts,
       rfm_summary(ts::date, amount, '2023-09-30'::date) AS s_date
FROM par_tx GROUP BY customer;
CREATE TEMP TABLE serial_total AS
SELECT rfm_summary(ts, amount, '2023-09-30', '7 days') AS s FROM par_tx;

SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;

-- grouped by customer
EXPLAIN (COSTS OFF)
CREATE TEMP TABLE parallel_result AS
SELECT customer, rfm_summary(ts, amount, '2023-09-30', '7 days') AS s,
       rfm_summary(ts::timestamp, amount, '2023-09-30'::timestamp) AS s_ts,
       rfm_summary(ts::date, amount, '2023-09-30'::date) AS s_date
FROM par_tx GROUP BY customer;
CREATE TEMP TABLE parallel_result AS
SELECT customer, rfm_summary(ts, amount, '2023-09-30', '7 days') AS s,
       rfm_summary(ts::timestamp, amount, '2023-09-30'::timestamp) AS s_ts,
       rfm_summary(ts::date, amount, '2023-09-30'::date) AS s_date
FROM par_tx GROUP BY customer;

-- one group over all rows: the day sets of the workers overlap and the first-day totals merge
EXPLAIN (COSTS OFF)
SELECT rfm_summary(ts, amount, '2023-09-30', '7 days') FROM par_tx;
SELECT (p.s).frequency, round((p.s).recency::numeric, 6) AS recency,
       round((p.s).t::numeric, 6) AS t, round((p.s).monetary::numeric, 6) AS monetary,
       (p.s).n_transactions, (p.s).first_purchase, (p.s).last_purchase,
       round((p.s).total_amount::numeric, 2) AS total_amount,
       (p.s).frequency = (q.s).frequency AND (p.s).n_transactions = (q.s).n_transactions
       AND round((p.s).monetary::numeric, 6) = round((q.s).monetary::numeric, 6) AS equals_serial
FROM (SELECT rfm_summary(ts, amount, '2023-09-30', '7 days') AS s FROM par_tx) p, serial_total q;

-- the state/merge pair in parallel
EXPLAIN (COSTS OFF)
SELECT rfm_summary_merge(st) FROM (SELECT customer, rfm_summary_state(ts, amount, '2023-09-30') AS st
                                   FROM par_tx GROUP BY customer) x;

-- parallel = serial, customer by customer (floats rounded: workers add in another order)
SELECT count(*) AS customers,
       count(*) FILTER (WHERE (p.s).frequency IS DISTINCT FROM (q.s).frequency
                          OR (p.s).first_purchase IS DISTINCT FROM (q.s).first_purchase
                          OR (p.s).last_purchase IS DISTINCT FROM (q.s).last_purchase
                          OR (p.s).n_transactions IS DISTINCT FROM (q.s).n_transactions
                          OR round((p.s).recency::numeric, 9) IS DISTINCT FROM round((q.s).recency::numeric, 9)
                          OR round((p.s).t::numeric, 9) IS DISTINCT FROM round((q.s).t::numeric, 9)
                          OR round((p.s).monetary::numeric, 6) IS DISTINCT FROM round((q.s).monetary::numeric, 6)
                          OR round((p.s).total_amount::numeric, 6) IS DISTINCT FROM round((q.s).total_amount::numeric, 6))
           AS timestamptz_differences,
       count(*) FILTER (WHERE round((p.s_ts).monetary::numeric, 6) IS DISTINCT FROM round((q.s_ts).monetary::numeric, 6)
                          OR (p.s_ts).frequency IS DISTINCT FROM (q.s_ts).frequency)
           AS timestamp_differences,
       count(*) FILTER (WHERE round((p.s_date).monetary::numeric, 6) IS DISTINCT FROM round((q.s_date).monetary::numeric, 6)
                          OR (p.s_date).frequency IS DISTINCT FROM (q.s_date).frequency)
           AS date_differences
FROM serial_result q FULL JOIN parallel_result p USING (customer);
-- and the same computed the slow way in plain SQL (per-day totals first)
SELECT count(*) AS customers_checked,
       count(*) FILTER (WHERE (p.s).frequency <> d.days - 1
                          OR abs((p.s).monetary - d.repeat_mean) > 1e-6
                          OR (p.s).first_purchase <> d.first_day) AS plain_sql_differences
FROM parallel_result p
JOIN (SELECT customer, count(*) AS days, min(day) AS first_day,
             coalesce((sum(day_total) - (array_agg(day_total ORDER BY day))[1]) / nullif(count(*) - 1, 0), 0) AS repeat_mean
      FROM (SELECT customer, ts::date AS day, sum(amount) AS day_total
            FROM par_tx WHERE ts::date <= '2023-09-30' GROUP BY 1, 2) dd
      GROUP BY customer) d USING (customer);

-- January 2022 in 100 groups of 30 customers: each group buys on all 32 days, and each worker
-- sees most of them. A combined state takes the room its union of days needs, so it is what the
-- serial plan makes, 128 bytes for 32 days, not a bitmap reaching back to January (1 kB).
EXPLAIN (COSTS OFF)
SELECT customer % 100, pg_column_size(rfm_summary_state(ts, amount, '2023-09-30')) AS bytes
FROM par_tx WHERE ts < '2022-02-02' GROUP BY customer % 100;
CREATE TEMP TABLE parallel_sizes AS
SELECT customer % 100 AS grp, pg_column_size(rfm_summary_state(ts, amount, '2023-09-30')) AS bytes
FROM par_tx WHERE ts < '2022-02-02' GROUP BY customer % 100;
SET max_parallel_workers_per_gather = 0;
SELECT count(*) AS groups, count(*) FILTER (WHERE s.bytes = 128) AS serial_128_bytes,
       count(*) FILTER (WHERE p.bytes <> s.bytes) AS size_differences
FROM parallel_sizes p
JOIN (SELECT customer % 100 AS grp, pg_column_size(rfm_summary_state(ts, amount, '2023-09-30')) AS bytes
      FROM par_tx WHERE ts < '2022-02-02' GROUP BY customer % 100) s USING (grp);

RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
RESET TimeZone;
DROP TABLE par_tx, serial_result, serial_total, parallel_result, parallel_sizes;
