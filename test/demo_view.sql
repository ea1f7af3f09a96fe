-- test/demo_view.sql — the per-customer view of README "Relationship quality" on the demo's tables: one row
-- per customer with RFM, P(alive), expected purchases, CLV, the relationship-quality index with
-- its weakest dimension, the last NPS answer, engagement, and the health score with its band and
-- driver. The models are fitted inside the view on all 18 months (the calibration/holdout split
-- of the report only validates them), so the view is what a dashboard reads "as of" the data end.
-- Times in weeks; CLV over the next 12 months at 1 % per month.

CREATE VIEW customer_health AS
WITH params AS (
    SELECT timestamptz '2024-07-01 00:00+00' AS as_of,   -- the morning after the data end; now() live
           interval '30 days' AS half_life),
rfm AS (
    SELECT t.customer_id, rfm_summary(t.ts, t.amount, p.as_of, interval '7 days') AS r
    FROM demo_transactions t CROSS JOIN params p GROUP BY t.customer_id),
segments AS (                                           -- quintile scores, 5 = best
    SELECT customer_id,
           rfm_segment(ntile(5) OVER (ORDER BY (r).t - (r).recency DESC, customer_id),
                       ntile(5) OVER (ORDER BY (r).frequency, customer_id),
                       ntile(5) OVER (ORDER BY (r).total_amount / ((r).frequency + 1), customer_id))
               AS rfm_segment
    FROM rfm),
models AS (
    SELECT bgnbd_fit((r).frequency, (r).recency, (r).t) AS purchases,
           gamma_gamma_fit((r).frequency, (r).monetary) AS spend      -- skips frequency 0
    FROM rfm),
rq AS (
    SELECT customer_id, relationship_quality(dimension, score, 1, 7) AS p
    FROM demo_rq_answers GROUP BY customer_id),
last_nps AS (
    SELECT DISTINCT ON (customer_id) customer_id, nps_score AS nps_answer
    FROM demo_survey CROSS JOIN params WHERE answered_at <= params.as_of
    ORDER BY customer_id, answered_at DESC),
eng AS (
    SELECT customer_id, engagement(ts, weight, params.half_life, params.as_of) AS engagement
    FROM demo_interactions CROSS JOIN params GROUP BY customer_id),
eng_ref AS (
    SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY engagement) AS reference
    FROM eng WHERE engagement > 0),
scored AS (
    SELECT f.customer_id, f.r,
           bgnbd_p_alive(m.purchases, (f.r).frequency, (f.r).recency, (f.r).t) AS p_alive,
           bgnbd_expected_purchases(m.purchases, 52, (f.r).frequency, (f.r).recency, (f.r).t)
               AS expected_purchases_52w,
           bgnbd_clv(m.purchases, m.spend, (f.r).frequency, (f.r).recency, (f.r).t,
                     (f.r).monetary, 12, 4.345, 0.01) AS clv_12m,   -- 12 months, 1 %/month
           relationship_recency_score((f.r).t - (f.r).recency,
                                      (f.r).recency / nullif((f.r).frequency, 0)) AS recency
    FROM rfm f CROSS JOIN models m)
SELECT c.customer_id, c.account_manager, g.rfm_segment,
       (s.r).frequency, (s.r).recency AS recency_weeks, (s.r).t AS t_weeks, (s.r).monetary,
       (s.r).total_amount AS revenue, (s.r).last_purchase,
       s.p_alive, s.expected_purchases_52w, s.clv_12m, s.recency AS recency_score,
       (q.p).index AS rq_index, (q.p).weakest_dimension,
       n.nps_answer, coalesce(e.engagement, 0) AS engagement,    -- no interactions: engagement 0
       engagement_score(coalesce(e.engagement, 0), er.reference) AS engagement_score,
       h.score AS health, h.band, h.driver, h.driver_gap, h.coverage
FROM demo_customers c
CROSS JOIN eng_ref er
LEFT JOIN scored s USING (customer_id)
LEFT JOIN segments g USING (customer_id)
LEFT JOIN rq q USING (customer_id)
LEFT JOIN last_nps n USING (customer_id)
LEFT JOIN eng e USING (customer_id)
CROSS JOIN LATERAL relationship_health(
    p_alive    => s.p_alive,
    recency_score => s.recency,
    rq_index   => (q.p).index,
    nps_answer => n.nps_answer,
    engagement_score => engagement_score(coalesce(e.engagement, 0), er.reference)) h;
