-- test/demo_view.sql — fit once, score many: the per-customer view of README "Relationship
-- quality" on the demo's tables.
--
-- Fitting needs every customer; scoring one customer needs only that customer's rows and the
-- fitted models. So the models, with their as-of time and time unit, and the population figures
-- the scores are relative to (the engagement reference, the RFM quintile breaks) are stored in
-- customer_models by refresh_customer_models() — run it nightly, e.g. from pg_cron:
--     SELECT cron.schedule('0 3 * * *', $$SELECT refresh_customer_models(now())$$);
-- — and the view customer_health scores customers against the newest row. Looking up one
-- customer reads that customer's rows through the indexes (a few milliseconds in a database of a
-- million customers, README "Benchmarks"), not every transaction.
--
-- One row per customer: RFM, P(alive), expected purchases, CLV, the relationship-quality index
-- with its weakest dimension, the last NPS answer, engagement, and the health score with its band
-- and driver. Times in weeks (the models' unit); CLV over the next 12 months at 1 % per month.
--
-- customer_continuity: for the period between two stored models (here 2024 H1, between the
-- refreshes of 2024-01-01 and 2024-07-01), one row per customer with what the models stored at
-- the start predicted and what happened — the input of relationship_continuity per account
-- manager (README "Per-owner access").
--
-- Both views are security_invoker: a reader sees the customers its own privileges (and the
-- tables' row-level security) allow, and every population figure comes from customer_models, so
-- a customer gets the same scores whoever reads them.

CREATE TABLE customer_models (
    as_of                timestamptz PRIMARY KEY,      -- the data the models were fitted on end here
    fitted_at            timestamptz NOT NULL DEFAULT now(),
    purchases            cr_bgnbd_model NOT NULL,      -- BG/NBD, in weeks ((purchases).unit)
    spend                cr_gamma_gamma_model NOT NULL,
    engagement_reference float8 NOT NULL,              -- 90th percentile of positive engagement
    recency_breaks       float8[] NOT NULL,            -- quintile breaks of weeks since the last purchase
    frequency_breaks     float8[] NOT NULL,            -- ... of repeat purchases
    monetary_breaks      float8[] NOT NULL);           -- ... of revenue per purchase
COMMENT ON TABLE customer_models IS
    'Models fitted on all customers up to as_of; customer_health scores against the newest row.';

-- Fits the models on the data up to as_of and stores them (replacing a row of the same as_of).
CREATE FUNCTION refresh_customer_models(as_of timestamptz) RETURNS customer_models
LANGUAGE sql AS $$
    INSERT INTO customer_models AS m
        (as_of, purchases, spend, engagement_reference, recency_breaks, frequency_breaks,
         monetary_breaks)
    WITH rfm AS (
        SELECT rfm_summary(t.ts, t.amount, refresh_customer_models.as_of, interval '7 days') AS r
        FROM demo_transactions t GROUP BY t.customer_id),
    eng AS (
        SELECT engagement(i.ts, i.weight, interval '30 days', refresh_customer_models.as_of) AS e
        FROM demo_interactions i GROUP BY i.customer_id)
    SELECT refresh_customer_models.as_of,
           (SELECT bgnbd_fit(r) FROM rfm),
           (SELECT gamma_gamma_fit(r) FROM rfm),                -- skips frequency 0
           (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY e) FROM eng WHERE e > 0),
           (SELECT percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY (r).t - (r).recency) FROM rfm),
           (SELECT percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY (r).frequency) FROM rfm),
           (SELECT percentile_cont(ARRAY[0.2, 0.4, 0.6, 0.8])
                   WITHIN GROUP (ORDER BY (r).total_amount / ((r).frequency + 1)) FROM rfm)
    ON CONFLICT ON CONSTRAINT customer_models_pkey DO UPDATE
        SET fitted_at = now(), purchases = excluded.purchases, spend = excluded.spend,
            engagement_reference = excluded.engagement_reference,
            recency_breaks = excluded.recency_breaks, frequency_breaks = excluded.frequency_breaks,
            monetary_breaks = excluded.monetary_breaks
    RETURNING m.*
$$;

-- security_invoker: a reader sees the customers its own privileges allow.
CREATE VIEW customer_health WITH (security_invoker = true) AS
SELECT c.customer_id, c.account_manager, m.as_of,
       rfm_segment(5 - width_bucket((f.r).t - (f.r).recency, m.recency_breaks),    -- 5 = best
                   1 + width_bucket((f.r).frequency::float8, m.frequency_breaks),
                   1 + width_bucket((f.r).total_amount / ((f.r).frequency + 1), m.monetary_breaks))
           AS rfm_segment,
       (f.r).frequency, (f.r).recency AS recency_weeks, (f.r).t AS t_weeks, (f.r).monetary,
       (f.r).total_amount AS revenue, (f.r).last_purchase,
       s.p_alive, s.expected_purchases_52w, s.clv_12m, s.recency_score,
       (q.p).index AS rq_index, (q.p).weakest_dimension,
       n.nps_answer, e.engagement, s.engagement_score,
       h.score AS health, h.band, h.driver, h.driver_gap, h.coverage
FROM demo_customers c
CROSS JOIN LATERAL (SELECT * FROM customer_models ORDER BY as_of DESC LIMIT 1) m
CROSS JOIN LATERAL (
    SELECT rfm_summary(t.ts, t.amount, m.as_of, interval '7 days') AS r
    FROM demo_transactions t WHERE t.customer_id = c.customer_id) f
CROSS JOIN LATERAL (
    SELECT relationship_quality(a.dimension, a.score, 1, 7) AS p
    FROM demo_rq_answers a WHERE a.customer_id = c.customer_id AND a.answered_at <= m.as_of) q
LEFT JOIN LATERAL (
    SELECT v.nps_score AS nps_answer
    FROM demo_survey v WHERE v.customer_id = c.customer_id AND v.answered_at <= m.as_of
    ORDER BY v.answered_at DESC LIMIT 1) n ON true
CROSS JOIN LATERAL (                                     -- no interactions: engagement 0
    SELECT coalesce(engagement(i.ts, i.weight, interval '30 days', m.as_of), 0) AS engagement
    FROM demo_interactions i WHERE i.customer_id = c.customer_id) e
CROSS JOIN LATERAL (
    SELECT bgnbd_p_alive(m.purchases, f.r) AS p_alive,
           bgnbd_expected_purchases(m.purchases, interval '52 weeks', f.r) AS expected_purchases_52w,
           bgnbd_clv(m.purchases, m.spend, f.r, 12, interval '1 month', 0.01) AS clv_12m,
           relationship_recency_score((f.r).t - (f.r).recency,
                                      (f.r).recency / nullif((f.r).frequency, 0)) AS recency_score,
           engagement_score(e.engagement, m.engagement_reference) AS engagement_score) s
CROSS JOIN LATERAL relationship_health(
    p_alive          => s.p_alive,
    recency_score    => s.recency_score,
    rq_index         => (q.p).index,
    nps_answer       => n.nps_answer,
    engagement_score => s.engagement_score) h;
COMMENT ON VIEW customer_health IS
    'One row per customer, scored against the newest customer_models row (refresh_customer_models).';

-- Continuity between two refreshes: for each pair of consecutive rows of customer_models, one
-- row per customer who had bought by the earlier as_of, with what the models stored then
-- predicted for the period up to the later as_of and what happened (README "Per-owner access";
-- aggregate it with relationship_continuity). Purchases and answers count by their day, as
-- rfm_summary counts them.
CREATE VIEW customer_continuity WITH (security_invoker = true) AS
SELECT c.customer_id, c.account_manager, p.period_start, p.period_end,
       k.kept,
       1 - bgnbd_probability_of_purchases(p.purchases, (p.period_end::date - p.period_start::date)
                                          * interval '1 day', 0, f.r) AS p_kept,
       bgnbd_clv(p.purchases, p.spend, f.r, 12, interval '1 month', 0.01) AS clv_12m,
       (qb.p).index AS rq_index_before, (qa.p).index AS rq_index_after,
       nb.nps_score AS nps_answer_before, na.nps_score AS nps_answer_after
FROM (SELECT lag(m.as_of) OVER w AS period_start, m.as_of AS period_end,
             lag(m.purchases) OVER w AS purchases, lag(m.spend) OVER w AS spend
      FROM customer_models m WINDOW w AS (ORDER BY m.as_of)) p
CROSS JOIN demo_customers c
CROSS JOIN LATERAL (                                     -- the history at the start of the period
    SELECT rfm_summary(t.ts, t.amount, p.period_start, interval '7 days') AS r
    FROM demo_transactions t WHERE t.customer_id = c.customer_id) f
CROSS JOIN LATERAL (                                     -- kept: a purchase day in the period
    SELECT EXISTS (SELECT FROM demo_transactions t
                   WHERE t.customer_id = c.customer_id AND t.ts::date > p.period_start::date
                     AND t.ts::date <= p.period_end::date) AS kept) k
CROSS JOIN LATERAL (
    SELECT relationship_quality(a.dimension, a.score, 1, 7) AS p
    FROM demo_rq_answers a WHERE a.customer_id = c.customer_id AND a.answered_at <= p.period_start) qb
CROSS JOIN LATERAL (
    SELECT relationship_quality(a.dimension, a.score, 1, 7) AS p
    FROM demo_rq_answers a WHERE a.customer_id = c.customer_id AND a.answered_at > p.period_start
      AND a.answered_at <= p.period_end) qa
LEFT JOIN LATERAL (
    SELECT v.nps_score FROM demo_survey v
    WHERE v.customer_id = c.customer_id AND v.answered_at <= p.period_start
    ORDER BY v.answered_at DESC LIMIT 1) nb ON true
LEFT JOIN LATERAL (
    SELECT v.nps_score FROM demo_survey v
    WHERE v.customer_id = c.customer_id AND v.answered_at > p.period_start AND v.answered_at <= p.period_end
    ORDER BY v.answered_at DESC LIMIT 1) na ON true
WHERE p.period_start IS NOT NULL AND f.r IS NOT NULL;
COMMENT ON VIEW customer_continuity IS
    'One row per customer and period between two customer_models rows: kept, p_kept and clv_12m from the models stored at the start, RQ index and NPS answer before and in the period.';

SELECT as_of, (purchases).converged AS purchases_converged, (spend).converged AS spend_converged
FROM refresh_customer_models(timestamptz '2024-01-01 00:00+00');   -- the start of 2024 H1 (customer_continuity)
SELECT as_of, (purchases).converged AS purchases_converged, (spend).converged AS spend_converged
FROM refresh_customer_models(timestamptz '2024-07-01 00:00+00');   -- the morning after the data end
