-- bench_rfm: rfm_summary ... GROUP BY customer against the plain SQL an analyst would write for
-- the same columns, and against the floor: a bare GROUP BY customer with count, min, max and sum
-- (issue 15 asks rfm_summary to stay within 1.2x of it), on 5M transactions of 200k customers
-- over 18 months; and, for scale, the floor with avg in place of sum, and with a second avg: what
-- one and two states kept by reference, outside the hash entry, cost PostgreSQL's own aggregates.
-- Prints the best wall time of 5 interleaved rounds, the executed plans and the ratios, and the
-- memory each hash aggregation by customer walks over. Not a test.
SET TimeZone = 'UTC';
SET work_mem = '64MB';
\echo generating 5,000,000 transactions of 200,000 customers ...
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_tx;
RESET client_min_messages;
CREATE TABLE bench_tx AS
SELECT (hashint4(g) & 2147483647) % 200000 AS customer,
       timestamptz '2023-01-01' + ((hashint4(g + 1) & 2147483647) % (548 * 86400)) * interval '1 second' AS ts,
       round((5 + ((hashint4(g + 2) & 2147483647) % 19500) / 100.0)::numeric, 2)::float8 AS amount
FROM generate_series(1, 5000000) g;
VACUUM ANALYZE bench_tx;

CREATE TEMP TABLE bench_queries (name text, query text);
INSERT INTO bench_queries VALUES
('rfm_summary', $q$
SELECT customer, rfm_summary(ts, amount, timestamptz '2024-06-30', interval '7 days')
FROM bench_tx GROUP BY customer $q$),
('bare GROUP BY: count, min, max, sum (the floor: no frequency, no monetary)', $q$
SELECT customer, count(*), min(ts), max(ts), sum(amount)
FROM bench_tx GROUP BY customer $q$),
('the floor with avg(amount) for sum(amount): one state by reference (PostgreSQL''s float8[3])', $q$
SELECT customer, count(*), min(ts), max(ts), avg(amount)
FROM bench_tx GROUP BY customer $q$),
('the floor with avg(amount) and avg(-amount) for sum(amount): two states by reference', $q$
SELECT customer, count(*), min(ts), max(ts), avg(amount), avg(-amount)
FROM bench_tx GROUP BY customer $q$),
('plain SQL, per-day totals then per customer', $q$
SELECT customer, count(*) - 1 AS frequency,
       (max(day) - min(day)) / 7.0 AS recency,
       (date '2024-06-30' - min(day)) / 7.0 AS t,
       coalesce((sum(day_total) - (array_agg(day_total ORDER BY day))[1]) / nullif(count(*) - 1, 0), 0) AS monetary,
       sum(n) AS n_transactions, min(day) AS first_purchase, max(day) AS last_purchase,
       sum(day_total) AS total_amount
FROM (SELECT customer, ts::date AS day, sum(amount) AS day_total, count(*) AS n
      FROM bench_tx WHERE ts::date <= date '2024-06-30' GROUP BY customer, ts::date) d
GROUP BY customer $q$),
('plain SQL, count(DISTINCT day) and a first-day join', $q$
SELECT t.customer, count(DISTINCT t.ts::date) - 1 AS frequency,
       (max(t.ts::date) - f.first_day) / 7.0 AS recency,
       (date '2024-06-30' - f.first_day) / 7.0 AS t,
       coalesce(sum(t.amount) FILTER (WHERE t.ts::date > f.first_day)
                / nullif(count(DISTINCT t.ts::date) - 1, 0), 0) AS monetary,
       count(*) AS n_transactions, f.first_day AS first_purchase, max(t.ts::date) AS last_purchase,
       sum(t.amount) AS total_amount
FROM bench_tx t
JOIN (SELECT customer, min(ts::date) AS first_day FROM bench_tx
      WHERE ts::date <= date '2024-06-30' GROUP BY customer) f USING (customer)
WHERE t.ts::date <= date '2024-06-30'
GROUP BY t.customer, f.first_day $q$);

-- rfm_summary and the per-day plain SQL give the same figures (checked once, on the full data).
SELECT count(*) AS customers,
       count(*) FILTER (WHERE (r.s).frequency <> p.frequency OR (r.s).first_purchase <> p.first_purchase
                          OR abs((r.s).monetary - p.monetary) > 1e-6
                          OR abs((r.s).recency - p.recency) > 1e-9) AS differences_from_plain_sql
FROM (SELECT customer, rfm_summary(ts, amount, timestamptz '2024-06-30', interval '7 days') AS s
      FROM bench_tx GROUP BY customer) r
JOIN (SELECT customer, count(*) - 1 AS frequency, min(day) AS first_purchase,
             ((max(day) - min(day)) / 7.0)::float8 AS recency,
             coalesce((sum(day_total) - (array_agg(day_total ORDER BY day))[1]) / nullif(count(*) - 1, 0), 0) AS monetary
      FROM (SELECT customer, ts::date AS day, sum(amount) AS day_total
            FROM bench_tx WHERE ts::date <= date '2024-06-30' GROUP BY 1, 2) d
      GROUP BY customer) p USING (customer);

-- The customers' states by size (issue 15 asks for 1.2x the floor, and the states' memory is
-- what decides it): 128 bytes hold up to 32 purchase days over any window; with more, a customer
-- takes a bitmap, which in 128 bytes holds the 512 days before as_of and in 256 bytes these 18
-- months. The sizes are the same in a serial and a parallel plan.
SELECT pg_column_size(s) AS state_bytes, count(*) AS customers,
       round(avg((rfm_summary_final(s)).frequency + 1), 1) AS mean_purchase_days,
       count(*) FILTER (WHERE (rfm_summary_final(s)).first_purchase < date '2024-06-30' - 512)
           AS first_purchase_over_512_days_before_as_of
FROM (SELECT rfm_summary_state(ts, amount, timestamptz '2024-06-30', interval '7 days') AS s
      FROM bench_tx GROUP BY customer) x
GROUP BY 1 ORDER BY 1;

-- Five rounds, the queries interleaved in each, best time of each kept: on a shared
-- machine every query gets the same chance at the quiet moments.
CREATE TEMP TABLE bench_results (workers int, name text, ms float8, plan json);
SET max_parallel_workers_per_gather = 0;
DO $$
BEGIN
    FOR round IN 1..5 LOOP
        FOR w IN 0..1 LOOP
            PERFORM set_config('max_parallel_workers_per_gather', (2 * w)::text, true);
            INSERT INTO bench_results
            SELECT 2 * w, name, bench_ms(query, 1), CASE WHEN round = 1 THEN bench_explain(query) END
            FROM bench_queries;
        END LOOP;
    END LOOP;
END $$;
RESET max_parallel_workers_per_gather;

-- max_parallel_workers_per_gather, the plan each query then got (the executed plan: with 2
-- allowed, a hash aggregation by customer usually stays serial), best time, and the ratio to
-- rfm_summary under the same setting.
SELECT workers AS workers_allowed, name AS query, bench_plan_shape((array_agg(plan) FILTER (WHERE plan IS NOT NULL))[1]) AS plan,
       round(min(ms)::numeric) AS best_ms,
       round((min(ms) / min(min(ms)) FILTER (WHERE name = 'rfm_summary') OVER (PARTITION BY workers))::numeric, 2)
           AS times_rfm_summary
FROM bench_results GROUP BY workers, name
ORDER BY workers, min(ms);

-- What the time goes with: the memory of the hash aggregation by customer (the peak memory in the
-- serial plan of the first round: hash table, group keys and the states kept by reference),
-- against the floor's, beside the serial time against the floor's. Every row goes to a random
-- customer, so each touches a random place of that memory; the more of it there is, the less of
-- it the CPU's caches hold.
WITH m AS (
    SELECT name, min(ms) AS ms,
           max((plan -> 0 -> 'Plan' ->> 'Peak Memory Usage')::bigint) AS kb
    FROM bench_results WHERE workers = 0 AND name NOT LIKE 'plain SQL%' GROUP BY name)
SELECT name AS query, round(kb / 1024.0, 1) AS hash_agg_mb,
       round(kb::numeric / min(kb) FILTER (WHERE name LIKE 'bare%') OVER (), 2) AS times_floor_memory,
       round(ms::numeric) AS serial_best_ms,
       round((ms / min(ms) FILTER (WHERE name LIKE 'bare%') OVER ())::numeric, 2) AS times_floor_time
FROM m ORDER BY kb;

DROP TABLE bench_tx;
