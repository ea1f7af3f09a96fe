-- test/demo_data.sql — the demo's sample: 3,000 customers of a web shop, acquired during 2023 and
-- observed until 2024-06-30 (18 months), the same on every run and every machine.
--
-- How it is made (the model's truth lives in schema demo; the analyst's tables are in public):
--   * Purchases: each customer's purchase process is drawn by bgnbd_simulate from a BG/NBD model
--     (heterogeneous purchase rates, Gamma(r, alpha); a dropout chance after every purchase,
--     Beta(a, b)), in days, one call per acquisition day with that day's customers, observed until
--     2024-06-30. The simulator returns (frequency, recency, t); the repeat purchases between the
--     first and the last day are then distinct days drawn uniformly — exactly the distribution of
--     a Poisson process's purchase times given their number and the last one.
--   * Spend: Gamma-Gamma — each customer has a rate nu ~ Gamma(q, v), each purchase spends
--     Gamma(p, nu). Integer shapes, so each Gamma draw is a sum of exponentials (exact).
--   * Latent status: under the true model, a customer is still alive on 2024-06-30 with
--     probability bgnbd_p_alive(truth, history); one Bernoulli draw of it per customer decides
--     who has really left. Customers who have left answer surveys lower (lowest after the
--     purchase that turned out to be their last), stop logging in a few weeks after their last
--     purchase, and rate the relationship lower; among the others, faster buyers are happier
--     and log in more.
--   * Loyalty plan: 40 % of customers pay a monthly plan from their first purchase and cancel it
--     as the sBG model says (a churn probability per member, Beta across members; unhappier
--     members churn faster).
--   * Surveys: a post-purchase survey (NPS 0-10, CSAT 1-5, CES 1-7 with 7 = very easy) that
--     each customer answers after some purchases; a relationship survey in March 2024 (one item
--     per dimension, nine dimensions, 1-7) answered by about 40 % of customers; interactions
--     (logins, email clicks, support calls) week by week while the customer is around.
-- Every random number is a hash of (key, draw number), so plans, workers and machines do not
-- change the sample. Keys are customer ids, customer * 1000 + day or week, customer * 16 +
-- dimension; every use has draw numbers of its own, so no two uses share a random number.
--
-- Tables: demo_customers(customer_id, acquired_on, account_manager)
--         demo_transactions(customer_id, ts timestamptz, amount numeric(10,2))
--         demo_survey(customer_id, answered_at, nps_score, csat_score, ces_score)
--         demo_rq_answers(customer_id, answered_at, dimension, score)          -- 1-7
--         demo_interactions(customer_id, ts, kind, weight)
--         demo_memberships(customer_id, started_on, cancelled_on)                -- NULL: still a member
--         demo.truth (the simulation's parameters), demo.latent (per customer)

SET TimeZone = 'UTC';
CREATE SCHEMA demo;

-- Uniform on (0, 1) from a key and a draw number.
CREATE FUNCTION demo.u(k bigint, draw bigint) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ((pg_catalog.hashint8extended(k, draw) & 4503599627370495)::float8 + 0.5) / 4503599627370496.0;
-- Standard normal (Box-Muller) from two uniforms of the same key.
CREATE FUNCTION demo.z(k bigint, draw bigint) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN sqrt(-2 * ln(demo.u(k, draw))) * cos(2 * pi() * demo.u(k, draw + 1000));
-- Gamma(shape, 1) for a whole-number shape: a sum of shape standard exponentials.
CREATE FUNCTION demo.erlang(shape int, k bigint, draw bigint) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (SELECT -sum(ln(demo.u(k, draw * 100 + i))) FROM generate_series(1, shape) i);

-- The truth. Purchases in days (alpha = 56 days = 8 weeks; the same model in weeks for
-- comparison with fits in weeks), spend in currency units (mean spend p v / (q - 1) = 30).
CREATE TABLE demo.truth AS
SELECT bgnbd_model(0.75, 56, 0.8, 4.0) AS purchases_days,
       bgnbd_model(0.75, 8, 0.8, 4.0) AS purchases_weeks,
       gamma_gamma_model(6, 4, 15) AS spend,
       1.0::float8 AS plan_alpha, 5.0::float8 AS plan_beta;

-- Acquisitions grow through 2023 (about three times as many a day in December as in January). Seeds
-- 2000 + day: a typical draw among the 16 seed bases tried (README "Quick start" says how they vary).
CREATE TABLE demo.sim AS
WITH days AS (
    SELECT d, (round(3000 * ((d + 1) / 365.0 + ((d + 1) / 365.0) ^ 2) / 2)
               - round(3000 * (d / 365.0 + (d / 365.0) ^ 2) / 2))::int AS n
    FROM generate_series(0, 364) d)
SELECT row_number() OVER (ORDER BY days.d, s.customer_id) AS customer_id,
       date '2023-01-01' + days.d AS acquired_on,
       s.frequency, s.recency::int AS recency_days, s.t::int AS t_days
FROM days CROSS JOIN demo.truth tr
CROSS JOIN LATERAL bgnbd_simulate(tr.purchases_days, days.n,
                                  (date '2024-06-30' - (date '2023-01-01' + days.d))::float8,
                                  seed => 2000 + days.d, resolution => 1) s
WHERE days.n > 0;

-- Purchase days (offsets from the first purchase): the first, the last, and frequency - 1
-- distinct days in between.
CREATE TABLE demo.purchase_days AS
SELECT customer_id, 0 AS day FROM demo.sim
UNION ALL
SELECT customer_id, recency_days FROM demo.sim WHERE frequency >= 1
UNION ALL
SELECT customer_id, day FROM (
    SELECT s.customer_id, g AS day, s.frequency,
           row_number() OVER (PARTITION BY s.customer_id ORDER BY demo.u(s.customer_id * 1000 + g, 30)) AS pick
    FROM demo.sim s CROSS JOIN LATERAL generate_series(1, s.recency_days - 1) g
    WHERE s.frequency >= 2) x
WHERE pick <= frequency - 1;

CREATE TABLE demo_customers AS
SELECT customer_id, acquired_on,
       (ARRAY['ana', 'ben', 'chloe', 'david', 'emma', 'farid'])[1 + floor(demo.u(customer_id, 5) * 6)::int]
           AS account_manager
FROM demo.sim;

CREATE TABLE demo_transactions AS
SELECT p.customer_id,
       (s.acquired_on + p.day)::timestamp AT TIME ZONE 'UTC'
           + (8 + floor(demo.u(p.customer_id * 1000 + p.day, 11) * 14)) * interval '1 hour'
           + floor(demo.u(p.customer_id * 1000 + p.day, 12) * 60) * interval '1 minute' AS ts,
       round((demo.erlang(6, p.customer_id * 1000 + p.day, 41)        -- Gamma(p = 6, nu)
              / (demo.erlang(4, p.customer_id, 40) / 15))::numeric, 2)  -- nu ~ Gamma(q = 4, v = 15)
           ::numeric(10,2) AS amount
FROM demo.purchase_days p JOIN demo.sim s USING (customer_id);

-- The latent status on 2024-06-30, the customer's pace (log of the purchases expected in the next
-- 26 weeks if alive, against 1.5) and an attitude (about standard normal).
CREATE TABLE demo.latent AS
SELECT customer_id, acquired_on, last_day, p_alive, alive, pace,
       CASE WHEN alive THEN 0.5 ELSE -1.0 END + 0.3 * pace + 0.7 * demo.z(customer_id, 7) AS attitude
FROM (SELECT s.customer_id, s.acquired_on, s.recency_days AS last_day, x.p_alive,
             demo.u(s.customer_id, 6) < x.p_alive AS alive,
             ln(greatest(x.e26 / x.p_alive, 0.02) / 1.5) AS pace
      FROM demo.sim s CROSS JOIN demo.truth tr
      CROSS JOIN LATERAL (SELECT bgnbd_p_alive(tr.purchases_days, s.frequency, s.recency_days, s.t_days) AS p_alive,
                                 bgnbd_expected_purchases(tr.purchases_days, 182, s.frequency, s.recency_days,
                                                          s.t_days) AS e26) x) y;

-- Post-purchase survey: each customer answers after a share of their purchases (their own
-- response propensity), 1-10 days later; answers after the data end are not in the data yet.
CREATE TABLE demo_survey AS
SELECT customer_id, answered_at,
       least(10, greatest(0, round(7.9 + 1.5 * attitude - last_penalty + 1.1 * demo.z(k, 21))))::int AS nps_score,
       least(5, greatest(1, round(3.9 + 0.7 * attitude - last_penalty / 2 + 0.7 * demo.z(k, 22))))::int AS csat_score,
       least(7, greatest(1, round(5.2 + 0.8 * attitude - last_penalty / 2 + 1.0 * demo.z(k, 23))))::int AS ces_score
FROM (SELECT p.customer_id, p.customer_id * 1000 + p.day AS k, l.attitude,
             CASE WHEN NOT l.alive AND p.day = l.last_day THEN 1.5 ELSE 0 END AS last_penalty,
             (l.acquired_on + p.day)::timestamp AT TIME ZONE 'UTC'
                 + (1 + floor(demo.u(p.customer_id * 1000 + p.day, 24) * 10)) * interval '1 day'
                 + floor(demo.u(p.customer_id * 1000 + p.day, 25) * 720) * interval '1 minute' AS answered_at
      FROM demo.purchase_days p JOIN demo.latent l USING (customer_id)
      WHERE demo.u(p.customer_id * 1000 + p.day, 20) < 0.05 + 0.45 * demo.u(p.customer_id, 26)) x
WHERE answered_at < timestamptz '2024-07-01 00:00+00';

-- Relationship survey, March 2024: one 1-7 item per dimension. Dimensions differ in level
-- (recognition and communication are the shop's weak spots), and 75 % of respondents have one
-- pain point of their own, a dimension rated clearly lower (communication for a quarter of them,
-- recognition for a fifth, fairness, engagement and the others less often).
CREATE TABLE demo_rq_answers AS
WITH dims(i, dimension, base) AS (VALUES
        (1, 'trust', 5.3), (2, 'communication', 4.6), (3, 'respect', 5.4), (4, 'fairness', 4.9),
        (5, 'honesty', 5.2), (6, 'seriousness', 5.3), (7, 'recognition', 4.4), (8, 'commitment', 4.9),
        (9, 'engagement', 4.6)),
respondents AS (
    SELECT customer_id, attitude,
           CASE WHEN demo.u(customer_id, 62) < 0.75 THEN       -- pain points: communication most often
                (SELECT i FROM (VALUES (1, 0.06), (2, 0.31), (3, 0.37), (4, 0.52), (5, 0.58), (6, 0.64),
                                       (7, 0.84), (8, 0.90), (9, 1.0)) c(i, cum)
                 WHERE demo.u(customer_id, 63) < c.cum ORDER BY i LIMIT 1) END AS pain,
           timestamptz '2024-03-01 00:00+00' + floor(demo.u(customer_id, 61) * 31 * 24 * 60) * interval '1 minute'
               AS answered_at
    FROM demo.latent
    WHERE demo.u(customer_id, 60) < CASE WHEN alive THEN 0.45 ELSE 0.3 END)
SELECT r.customer_id, r.answered_at, d.dimension,
       least(7, greatest(1, round(d.base + 0.9 * r.attitude
                                  - CASE WHEN d.i = r.pain THEN 2.0 ELSE 0 END
                                  + 0.8 * demo.z(r.customer_id * 16 + d.i, 64))))::int AS score
FROM respondents r CROSS JOIN dims d;

-- Interactions week by week while the customer is around (until the data end, or a few weeks
-- after the last purchase for those who left): logins, email clicks, support calls, with the
-- weights the engagement score uses.
CREATE TABLE demo_interactions AS
WITH around AS (
    SELECT customer_id, acquired_on,
           least(date '2024-06-30',
                 CASE WHEN alive THEN date '2024-06-30'
                      ELSE acquired_on + last_day + floor(demo.u(customer_id, 70) * 56)::int END) AS until,
           0.35 * attitude + 0.5 * pace + 0.5 * demo.z(customer_id, 71) AS keen
    FROM demo.latent),
weeks AS (
    SELECT a.customer_id, a.keen, a.acquired_on + 7 * w AS week_start, a.customer_id * 1000 + w AS k
    FROM around a CROSS JOIN LATERAL generate_series(0, (a.until - a.acquired_on) / 7) w),
kinds(kind, weight, base, draw) AS (VALUES ('login', 1.0::float8, 0.30, 72), ('email click', 0.5, 0.20, 73),
                                          ('support call', 2.0, 0.03, 74))
SELECT w.customer_id,
       (w.week_start + floor(demo.u(w.k, kd.draw + 10) * 7)::int)::timestamp AT TIME ZONE 'UTC'
           + floor(demo.u(w.k, kd.draw + 20) * 1440) * interval '1 minute' AS ts,
       kd.kind, kd.weight
FROM weeks w CROSS JOIN kinds kd
WHERE demo.u(w.k, kd.draw) < least(0.9, kd.base * exp(0.6 * w.keen))
  AND (w.week_start + floor(demo.u(w.k, kd.draw + 10) * 7)::int) <= date '2024-06-30';

-- Loyalty plan, billed monthly from the first purchase: 40 % of customers join it. A member
-- cancels at the end of each month with a churn probability of their own, theta ~ Beta(1, 5)
-- (the sBG model), unhappy members tending to the high ones: theta is the Beta(1, 5) quantile,
-- 1 - (1 - u)^(1/5), of the member's rank u in (noise - attitude) (a rank copula, so theta's
-- distribution stays Beta(1, 5)). Months paid ~ Geometric(theta); a cancellation after the data
-- end is not known yet.
CREATE TABLE demo_memberships AS
WITH members AS (
    SELECT customer_id, acquired_on,
           (row_number() OVER (ORDER BY 0.8 * demo.z(customer_id, 96) - 0.6 * attitude, customer_id) - 0.5)
               / count(*) OVER () AS u
    FROM demo.latent WHERE demo.u(customer_id, 95) < 0.4),
paid AS (
    SELECT customer_id, acquired_on,
           1 + floor(ln(demo.u(customer_id, 97)) / ln((1 - u) ^ (1.0 / 5)))::int AS months
    FROM members)
SELECT customer_id, acquired_on AS started_on,
       CASE WHEN (acquired_on + months * interval '1 month')::date <= date '2024-06-30'
            THEN (acquired_on + months * interval '1 month')::date END AS cancelled_on
FROM paid;

DROP TABLE demo.purchase_days;
-- Keys and the indexes a per-customer lookup uses (test/demo_view.sql reads one customer's rows).
ALTER TABLE demo_customers ADD PRIMARY KEY (customer_id);
CREATE INDEX ON demo_transactions (customer_id);
CREATE INDEX ON demo_survey (customer_id, answered_at);
CREATE INDEX ON demo_rq_answers (customer_id);
CREATE INDEX ON demo_interactions (customer_id);
ANALYZE demo_customers;
ANALYZE demo_transactions;
ANALYZE demo_survey;
ANALYZE demo_rq_answers;
ANALYZE demo_interactions;
ANALYZE demo_memberships;
