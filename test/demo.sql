-- test/demo.sql — the demo's report, on the sample of test/demo_data.sql (run by test/demo.sh).
-- Later families add their sections (model fits on demo_rfm, ...) below the RFM part.
\pset footer off
\pset null '-'
SET TimeZone = 'UTC';

\echo
\echo '==== The sample: 18 months of transactions (2023-01-01 .. 2024-06-30) ===='
SELECT count(DISTINCT customer_id) AS customers, count(*) AS transactions,
       min(ts)::date AS first_day, max(ts)::date AS last_day,
       sum(amount) AS revenue, round(avg(amount), 2) AS mean_ticket
FROM demo_transactions;

-- One RFM summary per customer, as of the end of the observation period, in weeks.
CREATE TABLE demo_rfm AS
SELECT customer_id,
       rfm_summary(ts, amount, timestamptz '2024-06-30', interval '7 days') AS s
FROM demo_transactions GROUP BY customer_id;

-- Quintile scores (5 = best) and segments: R on weeks since the last purchase, F on the
-- number of repeat purchases, M on the mean spend per purchase day; ties broken by customer.
CREATE TABLE demo_segments AS
SELECT customer_id, r, f, m, rfm_segment(r, f, m) AS segment
FROM (SELECT customer_id,
             ntile(5) OVER (ORDER BY (s).t - (s).recency DESC, customer_id) AS r,
             ntile(5) OVER (ORDER BY (s).frequency, customer_id) AS f,
             ntile(5) OVER (ORDER BY (s).total_amount / ((s).frequency + 1), customer_id) AS m
      FROM demo_rfm) x;

\echo
\echo '==== rfm_summary per customer (first 10 customers; recency and T in weeks) ===='
SELECT customer_id AS customer, (s).frequency, round((s).recency::numeric, 2) AS recency_wk,
       round((s).t::numeric, 2) AS t_wk, round((s).monetary::numeric, 2) AS monetary,
       (s).n_transactions AS n_tx, (s).first_purchase, (s).last_purchase,
       round((s).total_amount::numeric, 2) AS total, r::text || f || m AS rfm, segment
FROM demo_rfm JOIN demo_segments USING (customer_id)
WHERE customer_id <= 10 ORDER BY customer_id;

\echo
\echo '==== RFM summary statistics over all customers ===='
SELECT count(*) AS customers,
       count(*) FILTER (WHERE (s).frequency > 0) AS repeat_buyers,
       round(avg((s).frequency), 2) AS mean_frequency,
       max((s).frequency) AS max_frequency,
       round(avg((s).recency)::numeric, 1) AS mean_recency_wk,
       round(avg((s).t)::numeric, 1) AS mean_t_wk,
       round(avg((s).t - (s).recency)::numeric, 1) AS mean_weeks_since_last,
       round((avg((s).monetary) FILTER (WHERE (s).frequency > 0))::numeric, 2) AS mean_repeat_spend
FROM demo_rfm;

\echo
\echo '==== RFM segments (recency versus FM = (F + M) / 2 grid) ===='
SELECT segment, count(*) AS customers,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct,
       round(avg((s).frequency), 1) AS mean_frequency,
       round(avg((s).t - (s).recency)::numeric, 1) AS weeks_since_last,
       round(sum((s).total_amount)::numeric) AS revenue
FROM demo_rfm JOIN demo_segments USING (customer_id)
GROUP BY segment ORDER BY revenue DESC;

-- ---- survey scores (nps, nps_summary, csat, ces from the survey family) ----
\echo
\echo '==== Survey: NPS (0-10), CSAT (1-5, top-two-box %), CES (1-7, mean) ===='
SELECT count(*) AS answers, round(nps(nps_score)::numeric, 1) AS nps,
       round(csat(csat_score)::numeric, 1) AS csat_pct, round(ces(ces_score)::numeric, 2) AS ces
FROM demo_survey;
SELECT n, promoters, passives, detractors, round(nps::numeric, 1) AS nps,
       round(std_error::numeric, 2) AS std_error,
       round(ci_low::numeric, 1) AS ci_low, round(ci_high::numeric, 1) AS ci_high
FROM (SELECT (nps_summary(nps_score)).* FROM demo_survey) x;

\echo
\echo '==== NPS and CSAT by RFM segment ===='
SELECT segment, count(*) AS answers, round(nps(nps_score)::numeric, 1) AS nps,
       round(csat(csat_score)::numeric, 1) AS csat_pct, round(ces(ces_score)::numeric, 2) AS ces
FROM demo_survey JOIN demo_segments USING (customer_id)
GROUP BY segment ORDER BY nps DESC, segment;
