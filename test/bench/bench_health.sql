-- Fit once, score many (make bench, BENCH=health make bench): a database of 1,000,000 customers
-- with the demo's tables (test/demo_data.sql's columns and indexes, simpler random data), the
-- demo's stored-model view (test/demo_view.sql), and the time to look up one customer's health.
-- Each figure is the best of N runs in milliseconds.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
DROP VIEW IF EXISTS customer_health, customer_continuity;
DROP FUNCTION IF EXISTS refresh_customer_models(timestamptz);
DROP TABLE IF EXISTS customer_models, demo_customers, demo_transactions, demo_survey,
    demo_rq_answers, demo_interactions, bench_sim;

-- Purchases: BG/NBD in days over 18 months, customers acquired during 2023.
CREATE TABLE bench_sim AS
SELECT customer_id, date '2023-01-01' + (customer_id % 365)::int AS acquired_on, frequency, recency
FROM bgnbd_simulate(bgnbd_model(0.75, 56, 0.8, 4.0), 1000000, 365, 3);
CREATE TABLE demo_customers AS
SELECT customer_id, acquired_on,
       (ARRAY['ana', 'ben', 'chloe', 'david', 'emma', 'farid'])[1 + customer_id % 6] AS account_manager
FROM bench_sim;
CREATE TABLE demo_transactions AS
SELECT s.customer_id,
       (s.acquired_on + CASE WHEN k = 0 THEN 0
                             WHEN k = s.frequency THEN s.recency::int
                             ELSE floor(s.recency * ((hashint8(s.customer_id * 1000 + k) & 1023) / 1024.0)) END::int
       )::timestamp AT TIME ZONE 'UTC' + interval '10 hours' AS ts,
       -- each customer spends around a mean of its own (Gamma-Gamma's heterogeneity)
       ((5 + (hashint8(s.customer_id) & 4095) / 64.0)
        * (0.5 + (hashint8(s.customer_id * 1000 + k + 500) & 1023) / 1024.0))::numeric(10,2) AS amount
FROM bench_sim s CROSS JOIN LATERAL generate_series(0, s.frequency::int) k;
-- Relationship survey: 10 % of customers answer the nine dimensions.
CREATE TABLE demo_rq_answers AS
SELECT c.customer_id, timestamptz '2024-03-10 12:00+00' AS answered_at, d.dimension,
       1 + (hashint8(c.customer_id * 16 + d.i) & 7) % 7 AS score
FROM demo_customers c
CROSS JOIN (VALUES (1, 'trust'), (2, 'communication'), (3, 'respect'), (4, 'fairness'), (5, 'honesty'),
                   (6, 'seriousness'), (7, 'recognition'), (8, 'commitment'), (9, 'engagement')) d(i, dimension)
WHERE c.customer_id % 10 = 0;
-- Post-purchase surveys: a third of the purchases.
CREATE TABLE demo_survey AS
SELECT customer_id, ts + interval '2 days' AS answered_at,
       ((hashint8(customer_id) & 255) % 11)::int AS nps_score, 4 AS csat_score, 6 AS ces_score
FROM demo_transactions WHERE (hashint8(customer_id + extract(epoch FROM ts)::bigint) & 3) = 0
  AND ts + interval '2 days' < timestamptz '2024-07-01 00:00+00';
-- Interactions: five per customer over its first months.
CREATE TABLE demo_interactions AS
SELECT c.customer_id, (c.acquired_on + 30 * k)::timestamp AT TIME ZONE 'UTC' AS ts, 'login' AS kind,
       1.0::float8 AS weight
FROM demo_customers c CROSS JOIN generate_series(0, 4) k;
ALTER TABLE demo_customers ADD PRIMARY KEY (customer_id);
CREATE INDEX ON demo_transactions (customer_id);
CREATE INDEX ON demo_survey (customer_id, answered_at);
CREATE INDEX ON demo_rq_answers (customer_id);
CREATE INDEX ON demo_interactions (customer_id);
VACUUM ANALYZE demo_customers, demo_transactions, demo_survey, demo_rq_answers, demo_interactions;
SELECT (SELECT count(*) FROM demo_customers) AS customers,
       (SELECT count(*) FROM demo_transactions) AS transactions,
       (SELECT count(*) FROM demo_interactions) AS interactions,
       (SELECT count(*) FROM demo_rq_answers) AS rq_answers,
       (SELECT count(*) FROM demo_survey) AS survey_answers;

\ir ../demo_view.sql

-- The nightly refresh: fit BG/NBD and Gamma-Gamma on every customer, store them.
SELECT 'refresh_customer_models(), 1M customers' AS what,
       round(bench_ms($$SELECT refresh_customer_models(timestamptz '2024-07-01 00:00+00')$$, 1)::numeric) AS ms;
-- Looking up customers: one customer, and 200 different customers one after another (mean).
CREATE FUNCTION pg_temp.lookups(n int) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp(); r record;
BEGIN
    FOR i IN 1..n LOOP
        SELECT * INTO r FROM customer_health WHERE customer_id = 1 + (i * 4999) % 1000000;
    END LOOP;
    RETURN 1000 * extract(epoch FROM clock_timestamp() - t0)::float8 / n;
END $$;
SELECT 'one customer''s health (SELECT * FROM customer_health WHERE customer_id = ...)' AS what,
       round(bench_ms($$SELECT * FROM customer_health WHERE customer_id = 123457$$, 20)::numeric, 2) AS ms
UNION ALL
SELECT 'mean of 200 different customers', round(min(pg_temp.lookups(200))::numeric, 2)
FROM generate_series(1, 3);
SELECT customer_id, frequency, round(p_alive::numeric, 3) AS p_alive, round(clv_12m::numeric, 1) AS clv_12m,
       round(health::numeric, 1) AS health, band, driver
FROM customer_health WHERE customer_id = 123457;
DROP VIEW customer_health;
DROP FUNCTION refresh_customer_models(timestamptz);
DROP TABLE customer_models, demo_customers, demo_transactions, demo_survey, demo_rq_answers,
    demo_interactions, bench_sim;
