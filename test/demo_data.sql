-- test/demo_data.sql — the demo's sample data: realistic, and the same on every run (every
-- random number is a hash of (customer, draw number), so plans and machines do not matter).
--
-- 3,000 customers acquired between 2023-01-01 and mid-June 2024, observed until 2024-06-30 (18
-- months). Each customer buys as a Poisson process with their own rate (log-normal across
-- customers: a few heavy buyers, many light ones), stays alive for an exponential lifetime of
-- their own (dropout), and spends a log-normal amount per purchase around their own mean.
-- About 60 % of customers answered one survey: NPS (0-10), CSAT (1-5) and CES (1-7), with
-- answers that lean positive for customers who are still buying.
--
-- Tables: demo_customers(customer_id, acquired_on), demo_transactions(customer_id, ts,
-- amount numeric(10,2)), demo_survey(customer_id, answered_at, nps_score, csat_score, ces_score).

CREATE SCHEMA demo;

-- Uniform on (0, 1) from a key and a draw number.
CREATE FUNCTION demo.u(k bigint, draw bigint) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ((pg_catalog.hashint8extended(k, draw) & 4503599627370495)::float8 + 0.5) / 4503599627370496.0;
-- Standard normal (Box-Muller) from two uniforms of the same key.
CREATE FUNCTION demo.z(k bigint, draw bigint) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN sqrt(-2 * ln(demo.u(k, draw))) * cos(2 * pi() * demo.u(k, draw + 1000));

CREATE TABLE demo_customers AS
SELECT c AS customer_id,
       date '2023-01-01' + floor(demo.u(c, 1) * 530)::int AS acquired_on,
       exp(ln(0.10) + 1.0 * demo.z(c, 2)) AS purchases_per_week,     -- heterogeneous rates
       -ln(demo.u(c, 3)) * (60 + 500 * demo.u(c, 4)) AS lifetime_days,  -- dropout
       exp(ln(30) + 0.6 * demo.z(c, 5)) AS mean_spend
FROM generate_series(1, 3000) c;

-- The first purchase on the acquisition day, then exponential gaps, while alive and before the
-- end of the observation period.
CREATE TABLE demo_transactions AS
WITH gaps AS (
    SELECT c.customer_id, c.acquired_on, c.lifetime_days, c.mean_spend, k,
           CASE WHEN k = 1 THEN 0
                ELSE -ln(demo.u(c.customer_id * 1000 + k, 10)) * 7 / c.purchases_per_week END AS gap_days
    FROM demo_customers c, generate_series(1, 200) k
), times AS (
    SELECT customer_id, acquired_on, lifetime_days, mean_spend, k,
           sum(gap_days) OVER (PARTITION BY customer_id ORDER BY k) AS offset_days
    FROM gaps
)
SELECT customer_id,
       (acquired_on + floor(offset_days)::int)::timestamp AT TIME ZONE 'UTC'
           + (8 + floor(demo.u(customer_id * 1000 + k, 11) * 14)) * interval '1 hour'
           + floor(demo.u(customer_id * 1000 + k, 12) * 60) * interval '1 minute' AS ts,
       round((mean_spend * exp(0.4 * demo.z(customer_id * 1000 + k, 13)))::numeric, 2)::numeric(10,2) AS amount
FROM times
WHERE offset_days <= lifetime_days
  AND acquired_on + floor(offset_days)::int <= date '2024-06-30';

CREATE TABLE demo_survey AS
WITH activity AS (
    SELECT c.customer_id, c.acquired_on,
           max(t.ts) AS last_ts,
           (max(t.ts) >= timestamptz '2024-04-01 00:00+00')::int AS recent
    FROM demo_customers c JOIN demo_transactions t USING (customer_id)
    GROUP BY c.customer_id, c.acquired_on
)
SELECT customer_id,
       last_ts + floor(1 + demo.u(customer_id, 20) * 14) * interval '1 day' AS answered_at,
       least(10, greatest(0, round(6.6 + 2.0 * recent + 2.2 * demo.z(customer_id, 21))))::int AS nps_score,
       least(5, greatest(1, round(3.4 + 0.8 * recent + 1.0 * demo.z(customer_id, 22))))::int AS csat_score,
       least(7, greatest(1, round(4.6 + 0.9 * recent + 1.3 * demo.z(customer_id, 23))))::int AS ces_score
FROM activity
WHERE demo.u(customer_id, 24) < 0.6;

ALTER TABLE demo_customers DROP COLUMN purchases_per_week, DROP COLUMN lifetime_days,
    DROP COLUMN mean_spend;   -- the model's truth stays out of what the analyst sees
ANALYZE demo_customers;
ANALYZE demo_transactions;
ANALYZE demo_survey;
