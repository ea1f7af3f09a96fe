-- The per-customer relationship view, built from this family's functions only: P(alive) is a
-- column of the sample customer table here (in production it comes from bgnbd_p_alive over
-- rfm_summary, see README "Relationship quality"), the rest is computed from survey answers, NPS answers
-- and interactions.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET timezone = 'UTC';

CREATE TEMP TABLE customers (
    customer_id int PRIMARY KEY, segment text, account_manager text,
    p_alive float8, last_purchase date, typical_gap_days float8);
INSERT INTO customers VALUES
    (1, 'retail', 'ana', 0.95, '2024-06-26', 30),
    (2, 'retail', 'ben', 0.40, '2024-03-03', 45),
    (3, 'b2b',    'ana', 0.85, '2024-06-21', 20),
    (4, 'b2b',    'ben', 0.70, '2024-05-02', 60),   -- never surveyed
    (5, 'retail', 'ana', NULL, NULL, NULL);         -- new: no purchase history yet

CREATE TEMP TABLE survey_answers (
    customer_id int, dimension text, score float8, scale_min float8, scale_max float8);
INSERT INTO survey_answers VALUES
    (1, 'trust', 7, 1, 7), (1, 'communication', 6, 1, 7), (1, 'respect', 7, 1, 7),
    (1, 'fairness', 6, 1, 7), (1, 'honesty', 7, 1, 7), (1, 'seriousness', 6, 1, 7),
    (1, 'recognition', 5, 1, 7), (1, 'commitment', 7, 1, 7), (1, 'engagement', 6, 1, 7),
    (2, 'trust', 3, 1, 5), (2, 'communication', 4, 1, 5), (2, 'fairness', 1, 1, 5),
    (2, 'honesty', 3, 1, 5), (2, 'commitment', 2, 1, 5),
    (3, 'trust', 6, 0, 10), (3, 'communication', 1, 0, 10), (3, 'respect', 5, 0, 10),
    (3, 'fairness', 7, 0, 10), (3, 'honesty', 6, 0, 10), (3, 'seriousness', 8, 0, 10),
    (5, 'trust', 6, 1, 7), (5, 'communication', 6, 1, 7), (5, 'respect', 7, 1, 7),
    (5, 'fairness', 7, 1, 7), (5, 'recognition', 6, 1, 7);

CREATE TEMP TABLE nps_answers (customer_id int, answered_at date, score int);
INSERT INTO nps_answers VALUES
    (1, '2024-01-15', 8), (1, '2024-06-10', 9), (1, '2024-07-05', 3),  -- the last is after as_of
    (2, '2024-02-01', 6),
    (3, '2024-03-01', 7), (3, '2024-06-25', 2),
    (5, '2024-06-28', 10);

CREATE TEMP TABLE interactions (customer_id int, ts timestamptz, kind text, weight float8);
INSERT INTO interactions VALUES
    (1, '2024-06-30', 'visit', 1), (1, '2024-06-20', 'call', 2),
    (1, '2024-06-01', 'purchase', 4), (1, '2024-05-01', 'purchase', 4),
    (2, '2024-03-03', 'purchase', 4), (2, '2024-01-10', 'call', 2),
    (3, '2024-06-21', 'purchase', 4), (3, '2024-06-25', 'call', 2), (3, '2024-06-28', 'visit', 1),
    (4, '2024-05-02', 'purchase', 4), (4, '2024-06-15', 'visit', 1),
    (5, '2024-06-29', 'visit', 1), (5, '2024-06-30', 'webinar', 1), (5, '2024-06-30', 'email', NULL);

-- One row per customer. Engagement is scored against the 90th percentile of the customers'
-- engagement (a customer at or above it scores 100); recency against each customer's typical
-- time between purchases.
CREATE TEMP VIEW customer_relationship AS
WITH params AS (
    SELECT timestamptz '2024-07-01 00:00+00' AS as_of, interval '30 days' AS half_life),
rq AS (
    SELECT customer_id, relationship_quality(dimension, score, scale_min, scale_max) AS p
    FROM survey_answers GROUP BY customer_id),
last_nps AS (
    SELECT DISTINCT ON (customer_id) customer_id, score AS nps_answer
    FROM nps_answers, params WHERE answered_at <= params.as_of
    ORDER BY customer_id, answered_at DESC),
eng AS (
    SELECT customer_id, engagement(ts, weight, params.half_life, params.as_of) AS engagement
    FROM interactions, params GROUP BY customer_id),
eng_ref AS (
    SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY engagement) AS reference
    FROM eng WHERE engagement > 0)
SELECT c.customer_id, c.segment, c.account_manager,
       c.p_alive,
       relationship_recency_score(params.as_of::date - c.last_purchase, c.typical_gap_days) AS recency,
       (rq.p).index AS rq_index,
       (rq.p).weakest_dimension,
       n.nps_answer,
       e.engagement,
       engagement_score(e.engagement, r.reference) AS engagement_score,
       h.score AS health, h.band, h.driver, h.driver_gap
FROM customers c
CROSS JOIN params
CROSS JOIN eng_ref r
LEFT JOIN rq USING (customer_id)
LEFT JOIN last_nps n USING (customer_id)
LEFT JOIN eng e USING (customer_id)
CROSS JOIN LATERAL relationship_health(
    p_alive    => c.p_alive,
    recency_score => relationship_recency_score(params.as_of::date - c.last_purchase, c.typical_gap_days),
    rq_index   => (rq.p).index,
    nps_answer => n.nps_answer,
    engagement_score => engagement_score(e.engagement, r.reference)) h;

-- By hand (see README "Relationship quality" for the formula): reference = 5.711548 (90th percentile of
-- 0.286736, 1.690956, 1.932002, 5.505465, 5.848936);
--   1: 0.3*95 + 0.1*84.6482 + 0.3*88.8889 + 0.1*90 + 0.2*96.3918 = 91.9098 strong, rq_index
--   2: 0.3*40 + 0.1*6.9483 + 0.3*40 + 0.1*60 + 0.2*5.0203 = 31.6989 critical, engagement
--   3: 0.3*85 + 0.1*60.6531 + 0.3*55 + 0.1*20 + 0.2*100 = 70.0653 stable, rq_index (13.5)
--   4: (0.3*70 + 0.1*36.7879 + 0.2*29.6059) / 0.6 = 51.0 at risk, engagement
--   5: (0.3*90 + 0.1*100 + 0.2*33.8262) / 0.6 = 72.9421 stable, engagement
SELECT customer_id, segment, account_manager, p_alive, round(recency::numeric, 6) AS recency,
       round(rq_index::numeric, 4) AS rq_index, weakest_dimension, nps_answer,
       round(engagement::numeric, 6) AS engagement, round(engagement_score::numeric, 4) AS engagement_score,
       round(health::numeric, 4) AS health, band, driver, round(driver_gap::numeric, 4) AS driver_gap
FROM customer_relationship ORDER BY customer_id;

-- What an account team reads: per manager, customers by band, and what to act on.
SELECT account_manager, band, count(*) AS customers, round(avg(health)::numeric, 2) AS avg_health
FROM customer_relationship GROUP BY account_manager, band ORDER BY account_manager, band;
SELECT customer_id, account_manager, band,
       CASE WHEN driver = 'rq_index' THEN 'relationship: ' || weakest_dimension ELSE driver END AS act_on
FROM customer_relationship WHERE band IN ('at risk', 'critical') OR driver = 'rq_index'
ORDER BY health;
