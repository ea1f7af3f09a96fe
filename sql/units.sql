-- Units travel with the data: rfm_summary records its unit, fits over summaries record it in
-- the model, and scoring converts summaries and interval horizons to the model's unit — or
-- refuses (22023) when the model has none. A model fitted in weeks and scored with a horizon
-- in days gives the right number, never a silently wrong one.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET extra_float_digits = 0;

-- 800 customers acquired in the first two months of 2024, each buying at a rate of its own and
-- dropping out after a purchase with a probability of its own (the BG/NBD story; random, from a
-- fixed seed), observed to the end of the year.
SELECT setseed(0.42);
CREATE TEMP TABLE units_tx AS
WITH cust AS (
    SELECT c, 3 + 50 * random() AS mean_gap, floor(60 * random())::int AS first_day,
           10 + 40 * random() ^ 2 AS mean_spend,
           floor(ln(1 - random()) / ln(1 - (0.05 + 0.5 * random() ^ 2)))::int AS last_k
    FROM generate_series(1, 800) c),
gaps AS (
    SELECT c, k, first_day, last_k, mean_spend,
           sum(-ln(1 - random()) * mean_gap) OVER (PARTITION BY c ORDER BY k) AS at
    FROM cust, generate_series(0, 30) k)
SELECT c AS customer_id, date '2024-01-01' + first_day + floor(CASE WHEN k = 0 THEN 0 ELSE at END)::int AS day,
       round((mean_spend * (0.5 + random()))::numeric, 2)::float8 AS amount
FROM gaps WHERE k <= last_k AND first_day + at < 400;
CREATE TEMP TABLE units_s AS
SELECT customer_id,
       rfm_summary(day, amount, date '2024-12-31', '7 days') AS weeks,
       rfm_summary(day, amount, date '2024-12-31') AS days
FROM units_tx GROUP BY customer_id;
SELECT (weeks).as_of, (weeks).unit AS weeks_unit, (days).unit AS days_unit
FROM units_s WHERE customer_id = 1;

-- The fit records the unit; the same customers in days give alpha 7 times as large.
-- (Pareto/NBD: a model with these data's unit, built by hand; its fit, over the first 50
-- customers to keep the suite quick, records the unit alike)
SET client_min_messages = error;
SELECT (pareto_nbd_fit(weeks)).unit AS pareto_fit_unit FROM units_s WHERE customer_id <= 50;
RESET client_min_messages;
CREATE TEMP TABLE units_m AS
SELECT (SELECT bgnbd_fit(weeks) FROM units_s) AS bw, (SELECT bgnbd_fit(days) FROM units_s) AS bd,
       pareto_nbd_model(0.55, 10.58, 0.61, 11.67, '7 days') AS pw,
       (SELECT gamma_gamma_fit(weeks) FROM units_s) AS gg,
       (SELECT bgnbd_fit((weeks).frequency, (weeks).recency, (weeks).t) FROM units_s) AS bplain;
SELECT (bw).unit AS bgnbd_unit, (bd).unit AS bgnbd_days_unit, (pw).unit AS pareto_unit,
       (bplain).unit IS NULL AS plain_fit_has_no_unit,
       round(((bd).alpha / (bw).alpha)::numeric, 4) AS alpha_ratio,
       round((bd).r::numeric, 4) = round((bw).r::numeric, 4) AS same_r,
       round((bd).loglik::numeric, 6) - round((bw).loglik::numeric, 6) AS loglik_shift
FROM units_m;

-- Scoring converts: a weeks model scores a days summary exactly as the weeks summary, and a
-- horizon of '28 days' is 4 weeks.
SELECT bool_and(abs(bgnbd_p_alive(bw, days) - bgnbd_p_alive(bw, weeks)) < 1e-12) AS p_alive_same,
       bool_and(abs(bgnbd_p_alive(bw, weeks)
                    - bgnbd_p_alive(bw, (weeks).frequency, (weeks).recency, (weeks).t)) < 1e-15) AS plain_same,
       bool_and(abs(bgnbd_expected_purchases(bw, '28 days', days)
                    - bgnbd_expected_purchases(bw, 4, (weeks).frequency, (weeks).recency, (weeks).t)) < 1e-12) AS horizon_days,
       bool_and(abs(bgnbd_expected_purchases(bw, '1 mon', weeks)
                    - bgnbd_expected_purchases(bw, 30.0 / 7, (weeks).frequency, (weeks).recency, (weeks).t)) < 1e-12) AS month_is_30_days,
       bool_and(abs(pareto_nbd_p_alive(pw, days) - pareto_nbd_p_alive(pw, weeks)) < 1e-12) AS pareto_same,
       bool_and(abs(mbgnbd_p_alive(mbgnbd_model(0.5, 6, 0.9, 1.6, '7 days'), days)
                    - mbgnbd_p_alive(mbgnbd_model(0.5, 6, 0.9, 1.6), (weeks).frequency, (weeks).recency, (weeks).t)) < 1e-12) AS mbgnbd_same
FROM units_s, units_m;
-- The days model and the weeks model agree on the same customer, whatever unit each is in.
SELECT round(bgnbd_expected_purchases(bw, '90 days', weeks)::numeric, 4) AS weeks_model,
       round(bgnbd_expected_purchases(bd, '90 days', weeks)::numeric, 4) AS days_model,
       round(bgnbd_clv(bw, gg, weeks, 12, '30 days', 0.01)::numeric, 2) AS clv_weeks_model,
       round(bgnbd_clv(bd, gg, weeks, 12, '30 days', 0.01)::numeric, 2) AS clv_days_model,
       round(bgnbd_clv(bw, gg, (weeks).frequency, (weeks).recency, (weeks).t, (weeks).monetary,
                       12, 30.0 / 7, 0.01)::numeric, 2) AS clv_plain_weeks,
       round(gamma_gamma_expected_spend(gg, weeks)::numeric, 4)
         = round(gamma_gamma_expected_spend(gg, (weeks).frequency, (weeks).monetary)::numeric, 4) AS spend_same
FROM units_s, units_m WHERE customer_id = 17;

-- Refused: a model without a unit cannot take a summary or an interval; summaries in two units
-- cannot be fitted together.
\set VERBOSITY default
SELECT bgnbd_p_alive(bplain, weeks) FROM units_s, units_m WHERE customer_id = 1;
SELECT bgnbd_expected_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426), '1 week'::interval);
SELECT pareto_nbd_expected_purchases(pareto_nbd_model(0.55, 10.58, 0.61, 11.67), '7 days'::interval);
SELECT bgnbd_fit(s) FROM (SELECT weeks AS s FROM units_s UNION ALL SELECT days FROM units_s) u;
SELECT bgnbd_model(0.2, 4, 0.8, 2.4, '-7 days');
SELECT bgnbd_p_alive(bw, NULL::cr_rfm) IS NULL AS strict FROM units_m;
SELECT bgnbd_p_alive(bw, ROW(1, NULL, 3, 1, 2, NULL, NULL, 10, NULL, '1 day')::cr_rfm) FROM units_m;
-- a model built with a unit scores summaries
SELECT round(bgnbd_p_alive(bgnbd_model(0.243, 4.414, 0.793, 2.426, '7 days'), weeks)::numeric, 6)
     = round(bgnbd_p_alive(bgnbd_model(0.243, 4.414, 0.793, 2.426), (weeks).frequency, (weeks).recency, (weeks).t)::numeric, 6) AS built_with_unit
FROM units_s WHERE customer_id = 5;
-- the unit survives the portable state
SELECT (bgnbd_fit_merge(s)).unit AS merged_unit,
       round((bgnbd_fit_merge(s)).alpha::numeric, 6) = round((SELECT (bw).alpha FROM units_m)::numeric, 6) AS same_alpha
FROM (SELECT bgnbd_fit_state(weeks) s FROM units_s GROUP BY customer_id % 3) q;
SELECT bgnbd_fit_merge(s) FROM (SELECT bgnbd_fit_state(weeks) s FROM units_s WHERE customer_id < 300
                                UNION ALL SELECT bgnbd_fit_state(days) FROM units_s WHERE customer_id >= 300) q;
DROP TABLE units_tx, units_s, units_m;
