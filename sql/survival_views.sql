SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- Reporting views the way a BI tool (Metabase, Grafana, Superset) reads them: plain columns of
-- plain types, one row per cohort and period (or per plan and tenure), no arrays, no composites.
CREATE SCHEMA survival_views_demo;
SET search_path = survival_views_demo, public;

-- Sample data: 600 subscribers of two plans, starting January to June 2024, paying monthly
-- until they cancel; the books are closed on 2025-01-01 (later cancellations are not known yet).
CREATE TABLE subscriptions (
    customer_id int8 PRIMARY KEY,
    plan        text NOT NULL,
    started     date NOT NULL,
    cancelled   date
);
INSERT INTO subscriptions
SELECT i, plan, started,
       CASE WHEN (started + make_interval(months => life))::date < date '2025-01-01'
            THEN (started + make_interval(months => life))::date END
FROM (SELECT i, CASE WHEN i % 2 = 0 THEN 'basic' ELSE 'premium' END AS plan,
             (date '2024-01-01' + make_interval(months => i % 6))::date AS started,
             ((i * 7919) % 97) % CASE WHEN i % 2 = 0 THEN 9 ELSE 15 END + 1 AS life
      FROM generate_series(1, 600) i) s;
CREATE TABLE payments (customer_id int8 NOT NULL, paid_on date NOT NULL);
INSERT INTO payments
SELECT customer_id, (started + make_interval(months => m))::date
FROM subscriptions,
     generate_series(0, (extract(year FROM age(coalesce(cancelled, date '2025-01-01'), started)) * 12
                         + extract(month FROM age(coalesce(cancelled, date '2025-01-01'), started)))::int - 1) m;

-- 1. Cohort retention: cohort month x months since the first payment, customers and percent.
CREATE VIEW cohort_retention AS
WITH indexed AS (
    SELECT customer_id, first_month AS cohort_month,
           ((extract(year FROM paid_month) - extract(year FROM first_month)) * 12
            + extract(month FROM paid_month) - extract(month FROM first_month))::int AS months_since_first
    FROM (SELECT customer_id, date_trunc('month', paid_on)::date AS paid_month,
                 date_trunc('month', min(paid_on) OVER (PARTITION BY customer_id))::date AS first_month
          FROM payments) p)
SELECT c.cohort_month, p.period_index AS months_since_first, p.customers,
       round(p.retention_pct::numeric, 1) AS retention_pct
FROM (SELECT cohort_month, cohort_activity(customer_id, months_since_first) AS counts
      FROM indexed GROUP BY cohort_month) c
CROSS JOIN LATERAL cohort_periods(c.counts) p;
COMMENT ON VIEW cohort_retention IS 'customers paying in each month since their first payment, per cohort month';

-- 2. Survival curve per plan: Kaplan-Meier over tenure in months, cancellations as events,
--    still-active subscribers censored at the closing date.
CREATE VIEW survival_curve AS
SELECT k.plan, p.time AS tenure_months, p.at_risk, p.events AS cancelled, p.censored,
       round(p.survival::numeric, 4) AS survival,
       round(p.ci_low::numeric, 4) AS survival_low_95, round(p.ci_high::numeric, 4) AS survival_high_95
FROM (SELECT plan,
             kaplan_meier((extract(year FROM age(coalesce(cancelled, date '2025-01-01'), started)) * 12
                           + extract(month FROM age(coalesce(cancelled, date '2025-01-01'), started)))::float8,
                          cancelled IS NOT NULL) AS curve
      FROM subscriptions GROUP BY plan) k
CROSS JOIN LATERAL km_points(k.curve) p;
COMMENT ON VIEW survival_curve IS 'Kaplan-Meier survival of subscriptions per plan, by months of tenure';

-- 3. One summary row per plan (a BI "number" tile).
CREATE VIEW survival_summary AS
SELECT plan, count(*) AS subscribers, count(cancelled) AS cancelled,
       km_median(kaplan_meier((extract(year FROM age(coalesce(cancelled, date '2025-01-01'), started)) * 12
                               + extract(month FROM age(coalesce(cancelled, date '2025-01-01'), started)))::float8,
                              cancelled IS NOT NULL)) AS median_tenure_months
FROM subscriptions GROUP BY plan;
COMMENT ON VIEW survival_summary IS 'subscribers, cancellations and median tenure (months) per plan';

-- What a BI tool sees: plain column names and types.
SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE table_schema = 'survival_views_demo' AND table_name IN ('cohort_retention', 'survival_curve', 'survival_summary')
ORDER BY table_name, ordinal_position;

-- The queries a dashboard issues.
SELECT * FROM cohort_retention WHERE cohort_month = '2024-01-01' ORDER BY months_since_first;
SELECT cohort_month, count(*) AS periods, max(customers) AS cohort_size
FROM cohort_retention GROUP BY cohort_month ORDER BY cohort_month;
SELECT * FROM survival_curve WHERE plan = 'basic' ORDER BY tenure_months;
SELECT plan, tenure_months, survival FROM survival_curve
WHERE plan = 'premium' AND cancelled > 0 ORDER BY tenure_months LIMIT 5;
SELECT * FROM survival_summary ORDER BY plan;

-- The views agree with hand-written SQL: count(DISTINCT) per cell for the cohort view, and the
-- product-limit formula S(t) = prod (1 - d/n) with window functions for the survival view.
WITH hand AS (
    SELECT date_trunc('month', f.first_paid)::date AS cohort_month,
           ((extract(year FROM p.paid_on) - extract(year FROM f.first_paid)) * 12
            + extract(month FROM p.paid_on) - extract(month FROM f.first_paid))::int AS months_since_first,
           count(DISTINCT p.customer_id) AS customers
    FROM payments p JOIN (SELECT customer_id, min(paid_on) AS first_paid FROM payments GROUP BY 1) f USING (customer_id)
    GROUP BY 1, 2)
SELECT count(*) AS cells, count(*) FILTER (WHERE v.customers IS DISTINCT FROM coalesce(hand.customers, 0)) AS differences
FROM cohort_retention v FULL JOIN hand USING (cohort_month, months_since_first);
WITH t AS (
    SELECT plan, (extract(year FROM age(coalesce(cancelled, date '2025-01-01'), started)) * 12
                  + extract(month FROM age(coalesce(cancelled, date '2025-01-01'), started)))::float8 AS tenure,
           cancelled IS NOT NULL AS ev
    FROM subscriptions),
d AS (SELECT plan, tenure, count(*) FILTER (WHERE ev) AS d, count(*) AS n_here FROM t GROUP BY 1, 2),
n AS (SELECT plan, tenure, d, sum(n_here) OVER (PARTITION BY plan ORDER BY tenure DESC) AS n FROM d),
s AS (SELECT plan, tenure,
             exp(sum(ln(greatest(1 - d::float8 / n, 1e-300))) OVER (PARTITION BY plan ORDER BY tenure)) AS s FROM n)
SELECT count(*) AS points, count(*) FILTER (WHERE abs(v.survival - s.s::numeric) > 0.00005) AS differences
FROM survival_curve v JOIN s ON s.plan = v.plan AND s.tenure = v.tenure_months;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA survival_views_demo CASCADE;
RESET client_min_messages;
