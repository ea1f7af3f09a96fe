-- test/demo.sql — the demo's report, read top to bottom: the sample, behaviour (RFM, BG/NBD and
-- Gamma-Gamma fitted on a calibration year and checked on a 6-month holdout), contractual-style
-- retention (cohorts, sBG, Kaplan-Meier), attitude (NPS, CSAT, CES, relationship quality) and the
-- per-customer health view. Runs after test/demo_data.sql and test/demo_view.sql.
\pset footer off
\pset null '-'
SET TimeZone = 'UTC';
SET client_min_messages = warning;

\echo
\echo '==== The sample: 3,000 customers acquired in 2023, 18 months to 2024-06-30 (calibration 2023, holdout 2024 H1) ===='
SELECT (SELECT count(*) FROM demo_customers) AS customers,
       count(*) AS transactions, sum(amount) AS revenue, round(avg(amount), 2) AS mean_ticket,
       (SELECT count(*) FROM demo_survey) AS survey_answers,
       (SELECT count(DISTINCT customer_id) FROM demo_rq_answers) AS rq_respondents,
       (SELECT count(*) FROM demo_interactions) AS interactions,
       (SELECT count(*) FROM demo_memberships) AS plan_members
FROM demo_transactions;

-- ---------------------------------------------------------------------------------------------
-- Behaviour. One RFM summary per customer at the end of the calibration year, in weeks, and
-- the holdout purchases (distinct purchase days in 2024) to check the models against.
CREATE TEMP TABLE cal AS
SELECT customer_id, rfm_summary(ts, amount, timestamptz '2023-12-31', interval '7 days') AS s
FROM demo_transactions GROUP BY customer_id;
CREATE TEMP TABLE holdout AS
SELECT c.customer_id, count(DISTINCT t.ts::date) AS purchases, coalesce(sum(t.amount), 0) AS revenue
FROM demo_customers c
LEFT JOIN demo_transactions t ON t.customer_id = c.customer_id AND t.ts >= timestamptz '2024-01-01'
GROUP BY c.customer_id;
CREATE TEMP TABLE cal_models AS
SELECT bgnbd_fit((s).frequency, (s).recency, (s).t) AS bg,
       gamma_gamma_fit((s).frequency, (s).monetary) AS gg
FROM cal;

\echo
\echo '==== 1. Behaviour: rfm_summary at 2023-12-31, in weeks (recency = first to last purchase) ===='
SELECT DISTINCT ON (least((s).frequency, 8)) customer_id AS customer, (s).frequency,
       round((s).recency::numeric, 1) AS recency_wk, round((s).t::numeric, 1) AS t_wk,
       round((s).monetary::numeric, 2) AS monetary, (s).first_purchase, (s).last_purchase,
       round((s).total_amount::numeric, 2) AS total
FROM cal WHERE (s).frequency IN (0, 1, 2, 4, 8) OR (s).frequency > 8
ORDER BY least((s).frequency, 8), customer_id;

\echo
\echo '==== RFM segments at 2023-12-31 (quintile scores R, F, M -> rfm_segment) ===='
SELECT segment, count(*) AS customers, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct,
       round(avg((s).frequency), 1) AS mean_frequency,
       round(avg((s).t - (s).recency)::numeric, 1) AS weeks_since_last,
       round(sum((s).total_amount)::numeric) AS revenue_2023
FROM (SELECT customer_id, s,
             rfm_segment(ntile(5) OVER (ORDER BY (s).t - (s).recency DESC, customer_id),
                         ntile(5) OVER (ORDER BY (s).frequency, customer_id),
                         ntile(5) OVER (ORDER BY (s).total_amount / ((s).frequency + 1), customer_id)) AS segment
      FROM cal) x
GROUP BY segment ORDER BY revenue_2023 DESC, segment;

\echo
\echo '==== BG/NBD and Gamma-Gamma fitted on 2023 (weeks), beside the true parameters of the simulation ===='
SELECT model, param, truth, round(estimate::numeric, 3) AS estimate, round(se::numeric, 3) AS std_error,
       round(((estimate - truth) / se)::numeric, 1) AS z
FROM cal_models m, demo.truth tr,
     LATERAL (VALUES ('bgnbd_fit', 'r', (tr.purchases_weeks).r, (m.bg).r, (m.bg).se_r),
                     ('bgnbd_fit', 'alpha', (tr.purchases_weeks).alpha, (m.bg).alpha, (m.bg).se_alpha),
                     ('bgnbd_fit', 'a', (tr.purchases_weeks).a, (m.bg).a, (m.bg).se_a),
                     ('bgnbd_fit', 'b', (tr.purchases_weeks).b, (m.bg).b, (m.bg).se_b),
                     ('gamma_gamma_fit', 'p', (tr.spend).p, (m.gg).p, (m.gg).se_p),
                     ('gamma_gamma_fit', 'q', (tr.spend).q, (m.gg).q, (m.gg).se_q),
                     ('gamma_gamma_fit', 'v', (tr.spend).v, (m.gg).v, (m.gg).se_v)) v(model, param, truth, estimate, se);
SELECT 'bgnbd_fit' AS model, (bg).n AS customers, round((bg).loglik::numeric, 1) AS loglik,
       (bg).iterations, (bg).converged FROM cal_models
UNION ALL
SELECT 'gamma_gamma_fit', (gg).n, round((gg).loglik::numeric, 1), (gg).iterations, (gg).converged FROM cal_models;

\echo
\echo '==== Holdout check: repeat purchases in 2024 H1 (26 weeks), actual vs BG/NBD expectation ===='
SELECT CASE WHEN grouping(b) = 1 THEN 'all' WHEN b = 7 THEN '7+' ELSE b::text END AS frequency_2023,
       count(*) AS customers,
       round(avg(actual), 2) AS actual_mean, round(avg(predicted)::numeric, 2) AS predicted_mean,
       sum(actual) AS actual_total, round(sum(predicted)::numeric) AS predicted_total
FROM (SELECT least((c.s).frequency, 7) AS b, h.purchases AS actual,
             bgnbd_expected_purchases(m.bg, 26, (c.s).frequency, (c.s).recency, (c.s).t) AS predicted
      FROM cal c JOIN holdout h USING (customer_id) CROSS JOIN cal_models m) x
GROUP BY ROLLUP (b) ORDER BY grouping(b), b;
SELECT round(sum(h.revenue)) AS holdout_revenue,
       round(sum(bgnbd_expected_purchases(m.bg, 26, (c.s).frequency, (c.s).recency, (c.s).t)
                 * gamma_gamma_expected_spend(m.gg, (c.s).frequency, (c.s).monetary))::numeric) AS predicted_revenue,
       round(sum(h.revenue) / nullif(sum(h.purchases), 0), 2) AS holdout_mean_ticket,
       round((sum(h.purchases * gamma_gamma_expected_spend(m.gg, (c.s).frequency, (c.s).monetary))
              / nullif(sum(h.purchases), 0))::numeric, 2) AS predicted_mean_ticket
FROM cal c JOIN holdout h USING (customer_id) CROSS JOIN cal_models m;

-- ---------------------------------------------------------------------------------------------
-- Contractual-style retention: cohorts by first-purchase month, months since that month.
CREATE TEMP TABLE cohort_rows AS
SELECT customer_id,
       date_trunc('month', min(ts) OVER w)::date AS cohort,
       ((extract(year FROM ts) - extract(year FROM min(ts) OVER w)) * 12
        + extract(month FROM ts) - extract(month FROM min(ts) OVER w))::int AS months
FROM demo_transactions WINDOW w AS (PARTITION BY customer_id);

\echo
\echo '==== 2. Retention: % of each first-purchase cohort buying in month N after it (cohort_retention) ===='
SELECT to_char(cohort, 'YYYY-MM') AS cohort, a[1] AS customers,
       round(p[2]::numeric, 1) AS m1, round(p[3]::numeric, 1) AS m2, round(p[4]::numeric, 1) AS m3,
       round(p[7]::numeric, 1) AS m6, round(p[10]::numeric, 1) AS m9, round(p[13]::numeric, 1) AS m12
FROM (SELECT cohort, cohort_activity(customer_id, months) AS a,
             cohort_retention(cohort_activity(customer_id, months)) AS p
      FROM cohort_rows GROUP BY cohort) x
ORDER BY cohort;

-- The loyalty plan is contractual: members pay every month until they cancel. Activity at
-- month k = the k-th monthly bill was paid. The first half-year's members are observed for at
-- least 12 months.
CREATE TEMP TABLE h1_plan AS
SELECT cohort_activity(m.customer_id, k)::float8[] AS survivors
FROM demo_memberships m
CROSS JOIN LATERAL generate_series(0, 12) k
WHERE m.started_on < date '2023-07-01'
  AND (m.cancelled_on IS NULL OR (m.started_on + k * interval '1 month')::date < m.cancelled_on);
CREATE TEMP TABLE h1_fit AS SELECT sbg_fit(survivors[1:7]) AS m FROM h1_plan;   -- months 0..6

\echo
\echo '==== sBG on the monthly loyalty plan, members who joined in 2023 H1: fitted on months 0-6 ===='
SELECT 'sbg_fit' AS model, round((m).alpha::numeric, 3) AS alpha, round((m).se_alpha::numeric, 3) AS se_alpha,
       round((m).beta::numeric, 3) AS beta, round((m).se_beta::numeric, 3) AS se_beta, (m).converged,
       round(100 * sbg_retention_rate(m, 1)::numeric, 1) AS renew_m1_pct,
       round(100 * sbg_retention_rate(m, 12)::numeric, 1) AS renew_m12_pct,
       round(sbg_derl(m, 0.01, 12)::numeric, 1) AS derl_m12
FROM h1_fit
UNION ALL
SELECT 'truth', plan_alpha::numeric, NULL, plan_beta::numeric, NULL, NULL,
       round(100 * sbg_retention_rate(t, 1)::numeric, 1), round(100 * sbg_retention_rate(t, 12)::numeric, 1),
       round(sbg_derl(t, 0.01, 12)::numeric, 1)
FROM demo.truth CROSS JOIN LATERAL (SELECT sbg_model(plan_alpha, plan_beta) AS t) x;
SELECT 'actual' AS members, s[1]::int AS m0, s[2]::int AS m1, s[3]::int AS m2, s[4]::int AS m3,
       s[5]::int AS m4, s[6]::int AS m5, s[7]::int AS m6, s[8]::int AS "m7*", s[9]::int AS "m8*",
       s[10]::int AS "m9*", s[11]::int AS "m10*", s[12]::int AS "m11*", s[13]::int AS "m12*"
FROM (SELECT survivors AS s FROM h1_plan) x
UNION ALL
SELECT 'sBG', s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13]
FROM (SELECT array_agg(round(p.survivors[1] * sbg_survival(f.m, k))::int ORDER BY k) AS s
      FROM h1_plan p, h1_fit f, generate_series(0, 12) k) x;
\echo '(* = projected, not used in the fit; renew = renewal rate; derl_m12 = discounted expected residual'
\echo ' lifetime in months of a member who has renewed 12 times, at 1 %/month)'

-- Lapsing, the churn event of a non-contractual business: 91 days without a purchase. A lapsed
-- customer's lifetime ends on the 91st day; customers still buying are censored on 2024-06-30.
CREATE TEMP TABLE lifetimes AS
SELECT customer_id, first_day, lapsed,
       CASE WHEN lapsed THEN last_day + 91 ELSE date '2024-06-30' END AS end_day
FROM (SELECT customer_id, min(ts)::date AS first_day, max(ts)::date AS last_day,
             max(ts)::date < date '2024-04-01' AS lapsed
      FROM demo_transactions GROUP BY customer_id) x;

\echo
\echo '==== Kaplan-Meier: months from the first purchase to lapsing (91 days without a purchase) ===='
SELECT m AS months, p.at_risk, round(p.survival::numeric, 3) AS survival,
       round(p.ci_low::numeric, 3) AS ci_low, round(p.ci_high::numeric, 3) AS ci_high
FROM (SELECT kaplan_meier((end_day - first_day) / 30.4375, lapsed) AS curve FROM lifetimes) k
CROSS JOIN unnest(ARRAY[3, 4, 6, 9, 12, 15]) m
CROSS JOIN LATERAL (SELECT * FROM km_points(k.curve) q WHERE q.time <= m ORDER BY q.time DESC LIMIT 1) p
ORDER BY m;
SELECT round(km_median(kaplan_meier((end_day - first_day) / 30.4375, lapsed))::numeric, 1) AS median_months,
       count(*) FILTER (WHERE lapsed) AS lapsed, count(*) FILTER (WHERE NOT lapsed) AS censored
FROM lifetimes;

\echo
\echo '==== Are loyalty-plan members retained better? Lapsing by membership: Kaplan-Meier and the log-rank test ===='
CREATE TEMP TABLE lapsing_by_plan AS
SELECT CASE WHEN m.customer_id IS NULL THEN 'no plan' ELSE 'plan member' END AS grp,
       (end_day - first_day) / 30.4375 AS months, lapsed
FROM lifetimes l LEFT JOIN demo_memberships m USING (customer_id);
SELECT grp AS "group", count(*) AS customers, count(*) FILTER (WHERE lapsed) AS lapsed,
       round(km_survival_at(kaplan_meier(months, lapsed), 6)::numeric, 3) AS survival_6m,
       round(km_survival_at(kaplan_meier(months, lapsed), 12)::numeric, 3) AS survival_12m,
       round(km_median(kaplan_meier(months, lapsed))::numeric, 1) AS median_months
FROM lapsing_by_plan GROUP BY grp ORDER BY grp;
SELECT (t).groups AS "groups", (t).observed::int[] AS lapsed_observed,
       (SELECT array_agg(round(e::numeric, 1)) FROM unnest((t).expected) e) AS lapsed_expected,
       round((t).chi_square::numeric, 3) AS chi_square, (t).df, round((t).p_value::numeric, 3) AS p_value
FROM (SELECT logrank_test(months, lapsed, grp) AS t FROM lapsing_by_plan) x;
\echo '(log-rank: do the groups lapse at the same rate, month by month? A large p-value says the data'
\echo ' show no difference: in this sample the plan is billed on its own and does not keep people buying)'

-- ---------------------------------------------------------------------------------------------
\echo
\echo '==== 3. Attitude: NPS (0-10) with its 95 % interval, CSAT (% 4-5 of 5), CES (mean 1-7, 7 = easy) ===='
SELECT (s).n AS answers, (s).promoters, (s).passives, (s).detractors, round((s).nps::numeric, 1) AS nps,
       round((s).ci_low::numeric, 1) AS ci_low, round((s).ci_high::numeric, 1) AS ci_high,
       round(c::numeric, 1) AS csat_pct, round(e::numeric, 2) AS ces
FROM (SELECT nps_summary(nps_score) AS s, csat(csat_score) AS c, ces(ces_score) AS e FROM demo_survey) x;

CREATE TEMP TABLE health AS SELECT * FROM customer_health;

\echo
\echo '==== Attitude follows behaviour: scores by P(alive) on 2024-06-30 (BG/NBD on all 18 months) ===='
WITH hb AS (SELECT customer_id, rq_index, least(floor(p_alive * 4), 3)::int AS b FROM health),
by_customer AS (SELECT b, count(*) AS customers, avg(rq_index) AS rq FROM hb GROUP BY b),
by_answer AS (SELECT b, count(*) AS answers, nps(s.nps_score) AS nps, csat(s.csat_score) AS csat,
                     ces(s.ces_score) AS ces
              FROM hb JOIN demo_survey s USING (customer_id) GROUP BY b)
SELECT to_char(b * 0.25, 'FM0.00') || '-' || to_char((b + 1) * 0.25, 'FM0.00') AS p_alive, c.customers,
       a.answers, round(a.nps::numeric, 1) AS nps, round(a.csat::numeric, 1) AS csat_pct,
       round(a.ces::numeric, 2) AS ces, round(c.rq::numeric, 1) AS mean_rq_index
FROM by_customer c LEFT JOIN by_answer a USING (b) ORDER BY b;

\echo
\echo '==== Relationship quality, nine 1-7 items: Cronbach''s alpha (Feldt 95 % CI), index per customer ===='
SELECT (a).n AS respondents, (a).k AS items, round((a).alpha::numeric, 3) AS alpha,
       round((a).ci_low::numeric, 3) AS ci_low, round((a).ci_high::numeric, 3) AS ci_high,
       round(q.p10::numeric, 1) AS index_p10, round(q.p50::numeric, 1) AS index_median,
       round(q.p90::numeric, 1) AS index_p90
FROM (SELECT cronbach_alpha_summary(items) AS a
      FROM (SELECT customer_id, array_agg(score::float8 ORDER BY dimension) AS items
            FROM demo_rq_answers GROUP BY customer_id) r) x,
     (SELECT percentile_cont(0.1) WITHIN GROUP (ORDER BY rq_index) AS p10,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY rq_index) AS p50,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY rq_index) AS p90
      FROM health) q;

\echo
\echo '==== Relationship quality by dimension (0-100), how often each is a customer''s weakest, alpha if deleted ===='
WITH profiles AS (
    SELECT customer_id, relationship_quality(dimension, score, 1, 7) AS p
    FROM demo_rq_answers GROUP BY customer_id),
clear_weakest AS (       -- weakest dimension when no other dimension has the same mean
    SELECT (p).weakest_dimension AS dimension, count(*) AS customers
    FROM profiles
    WHERE (SELECT count(*) FROM jsonb_each((p).dimensions) d
           WHERE (d.value ->> 'mean')::float8 <= (SELECT min((e.value ->> 'mean')::float8)
                                                  FROM jsonb_each((p).dimensions) e) + 1e-9) = 1
    GROUP BY 1),
reliability AS (
    SELECT (cronbach_alpha_summary(items)).alpha_if_deleted,
           (SELECT array_agg(DISTINCT dimension ORDER BY dimension) FROM demo_rq_answers) AS dims
    FROM (SELECT array_agg(score::float8 ORDER BY dimension) AS items
          FROM demo_rq_answers GROUP BY customer_id) i)
SELECT d.key AS dimension, round((d.value ->> 'mean')::numeric, 1) AS mean_0_100,
       (d.value ->> 'n')::int AS answers, coalesce(w.customers, 0) AS weakest_for,
       round(a.alpha_if_deleted[array_position(a.dims, d.key)]::numeric, 3) AS alpha_if_deleted
FROM (SELECT relationship_quality(dimension, score, 1, 7) AS p FROM demo_rq_answers) r
CROSS JOIN LATERAL jsonb_each((r.p).dimensions) d
CROSS JOIN reliability a
LEFT JOIN clear_weakest w ON w.dimension = d.key
ORDER BY mean_0_100, dimension;
\echo '(weakest_for counts respondents whose lowest-rated dimension is unique; ties are left out)'

\echo
\echo '==== What drives loyalty? Key drivers of the latest NPS answer (LMG share of R^2, Johnson) vs performance ===='
CREATE TEMP TABLE loyalty_drivers AS
WITH answers AS (
    SELECT customer_id,
           array_agg(score::float8 ORDER BY array_position(ARRAY['trust', 'communication', 'respect',
               'fairness', 'honesty', 'seriousness', 'recognition', 'commitment', 'engagement'], dimension)) AS scores
    FROM demo_rq_answers GROUP BY customer_id),
latest_nps AS (
    SELECT DISTINCT ON (customer_id) customer_id, nps_score
    FROM demo_survey ORDER BY customer_id, answered_at DESC)
SELECT key_drivers(n.nps_score, a.scores) AS drivers
FROM answers a JOIN latest_nps n USING (customer_id);
SELECT d.name AS dimension, round(100 * d.lmg_share::numeric, 1) AS "importance %",
       round(100 * d.relative_weight_share::numeric, 1) AS "johnson %",
       round(d.std_beta::numeric, 3) AS std_beta, round(d.mean::numeric, 2) AS "mean 1-7",
       CASE WHEN d.lmg_share >= 1.0 / count(*) OVER ()
            THEN CASE WHEN d.mean < avg(d.mean) OVER () THEN 'fix first' ELSE 'keep up' END
            ELSE CASE WHEN d.mean < avg(d.mean) OVER () THEN 'low priority' ELSE 'possible overkill' END
       END AS quadrant
FROM loyalty_drivers,
     key_drivers_dimensions(drivers, ARRAY['trust', 'communication', 'respect', 'fairness', 'honesty',
                                           'seriousness', 'recognition', 'commitment', 'engagement']) d
ORDER BY d.lmg_share DESC, d.name;
SELECT (drivers).n AS respondents, round((drivers).r_squared::numeric, 3) AS r_squared FROM loyalty_drivers;
\echo '(importance: share of the NPS answer''s explained variance due to each dimension, averaged over every'
\echo ' order of entry (LMG); performance: the mean rating. Communication and recognition are rated lowest;'
\echo ' the grid says whether they also matter for loyalty: "fix first" = important and rated below average)'

-- ---------------------------------------------------------------------------------------------
\echo
\echo '==== 4. Per customer (view customer_health): the five highest 12-month CLVs ===='
SELECT customer_id AS customer, account_manager AS manager, frequency AS f,
       round(p_alive::numeric, 2) AS p_alive, round(expected_purchases_52w::numeric, 1) AS exp_52w,
       round(clv_12m::numeric) AS clv_12m, round(rq_index::numeric) AS rq, weakest_dimension AS weakest,
       nps_answer AS nps, round(engagement_score::numeric) AS eng, round(health::numeric, 1) AS health,
       band, CASE WHEN driver = 'rq_index' THEN 'rq: ' || weakest_dimension ELSE driver END AS act_on
FROM health ORDER BY clv_12m DESC, customer_id LIMIT 5;

\echo
\echo '==== ... and the five most valuable customers in band ''at risk'' or ''critical'' ===='
SELECT customer_id AS customer, account_manager AS manager, frequency AS f,
       round(p_alive::numeric, 2) AS p_alive, round(expected_purchases_52w::numeric, 1) AS exp_52w,
       round(clv_12m::numeric) AS clv_12m, round(rq_index::numeric) AS rq, weakest_dimension AS weakest,
       nps_answer AS nps, round(engagement_score::numeric) AS eng, round(health::numeric, 1) AS health,
       band,
       CASE WHEN driver = 'rq_index' THEN 'rq: ' || weakest_dimension ELSE driver END AS act_on
FROM health WHERE band IN ('at risk', 'critical')
ORDER BY clv_12m DESC, customer_id LIMIT 5;

\echo
\echo '==== Health band x driver (customers), and each band''s 12-month CLV ===='
SELECT band, count(*) AS customers, round(avg(health)::numeric, 1) AS mean_health,
       count(*) FILTER (WHERE driver = 'p_alive') AS p_alive,
       count(*) FILTER (WHERE driver = 'recency_score') AS recency,
       count(*) FILTER (WHERE driver = 'rq_index') AS rq_index,
       count(*) FILTER (WHERE driver = 'nps_answer') AS nps_answer,
       count(*) FILTER (WHERE driver = 'engagement_score') AS engagement,
       count(*) FILTER (WHERE driver IS NULL) AS "none",
       round(sum(clv_12m)::numeric) AS clv_12m
FROM health
GROUP BY band ORDER BY min(health) DESC;
\echo '(driver: the component that costs the score the most points; none: nothing falls short. BG/NBD gives'
\echo ' customers without a repeat purchase P(alive) = 1: they have had no chance to drop out yet)'
