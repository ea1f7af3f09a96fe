-- requires: shared-data
-- Fader, Hardie & Lee (2005) "Counting your customers the easy way", section 4, on the CDNOW
-- sample (2,357 customers; calibration = weeks 1-39, 1997-01-01..09-30; holdout = weeks 40-78,
-- 1997-10-01..1998-06-30; time unit weeks), with the paper's published BG/NBD parameters
-- (r 0.243, alpha 4.414, a 0.793, b 2.426) and Pareto/NBD (r 0.553, alpha 10.578, s 0.606,
-- beta 11.669):
--   Figure 4: mean actual vs mean predicted holdout purchases by calibration frequency 0..7+,
--   Figure 2/3: expected vs actual cumulative (and weekly) repeat purchases over the 78 weeks.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

\getenv datadir CUSTOMER_REL_DATA
\set cdnow_file :datadir '/CDNOW_sample.txt'
\set summary_file :datadir '/cdnow_customers_summary.csv'

-- Whitespace-separated, CRLF: read whole lines, then split.
CREATE TEMP TABLE cdnow_raw (line text);
COPY cdnow_raw FROM :'cdnow_file' (DELIMITER E'\x01');
CREATE TEMP TABLE cdnow AS
SELECT f[2]::int AS id, to_date(f[3], 'YYYYMMDD') AS day, f[5]::float8 AS amount
FROM (SELECT regexp_split_to_array(btrim(line, E' \r\n'), '\s+') AS f FROM cdnow_raw) s;
CREATE TEMP TABLE published (id int, frequency int, recency numeric, t numeric);
COPY published FROM :'summary_file' (FORMAT csv, HEADER);

-- The split: one row per customer, weeks.
CREATE TEMP TABLE split AS
SELECT id, rfm_holdout(day, amount, date '1997-09-30', date '1998-06-30', interval '7 days') AS h
FROM cdnow GROUP BY id;
-- Everybody's first purchase is in the calibration period (the cohort's first quarter), so no
-- customer is dropped; the calibration part is the published summary file, row for row.
SELECT count(*) AS customers, count(h) AS in_cohort, sum((h).frequency) AS calibration_repeat,
       sum((h).holdout_frequency) AS holdout_purchases,
       count(*) FILTER (WHERE (h).holdout_frequency > 0) AS holdout_buyers,
       min((h).holdout_duration) AS holdout_weeks, max((h).holdout_duration) AS holdout_weeks_max,
       round(sum((h).holdout_amount)::numeric, 2) AS holdout_spend
FROM split;
SELECT count(*) AS rows_matching_published
FROM split JOIN published p USING (id)
WHERE (h).frequency = p.frequency AND abs((h).recency - p.recency) < 0.005 AND abs((h).t - p.t) < 0.005;

-- Fitting BG/NBD to the calibration part gives the published parameters (r 0.243, alpha
-- 4.414, a 0.793, b 2.426, LL -9582.4).
SELECT round((m).r::numeric, 3) AS r, round((m).alpha::numeric, 3) AS alpha,
       round((m).a::numeric, 3) AS a, round((m).b::numeric, 3) AS b,
       round((m).loglik::numeric, 1) AS loglik
FROM (SELECT bgnbd_fit((h).frequency, (h).recency, (h).t) AS m FROM split) f;

-- Figure 4: conditional expectations, one query on the existing scoring functions.
SELECT least((h).frequency, 7) AS calibration_frequency, count(*) AS customers,
       round(avg((h).holdout_frequency), 3) AS actual,
       round(avg(bgnbd_expected_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426), (h).holdout_duration,
                                          (h).frequency, (h).recency, (h).t))::numeric, 3) AS bgnbd,
       round(avg(pareto_nbd_expected_purchases(pareto_nbd_model(0.553, 10.578, 0.606, 11.669), (h).holdout_duration,
                                               (h).frequency, (h).recency, (h).t))::numeric, 3) AS pareto_nbd
FROM split GROUP BY 1 ORDER BY 1;
-- The holdout totals: actual vs the sum of the conditional expectations.
SELECT sum((h).holdout_frequency) AS actual,
       round(sum(bgnbd_expected_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426), (h).holdout_duration,
                                          (h).frequency, (h).recency, (h).t))::numeric, 1) AS bgnbd,
       round(sum(pareto_nbd_expected_purchases(pareto_nbd_model(0.553, 10.578, 0.606, 11.669), (h).holdout_duration,
                                               (h).frequency, (h).recency, (h).t))::numeric, 1) AS pareto_nbd
FROM split;

-- Figure 2/3: tracking. First purchases in weeks from 1997-01-01 (day / 7); week w ends after
-- day 7w - 1, so week 39 ends on 1997-09-30 and week 78 on 1998-06-30.
CREATE TEMP TABLE actual_weekly AS
SELECT w AS period, count(*) AS repeat_purchases
FROM (SELECT DISTINCT c.id, c.day, (c.day - date '1997-01-01') / 7 + 1 AS w
      FROM cdnow c JOIN split s USING (id) WHERE c.day > (s.h).first_purchase) r
GROUP BY w;
CREATE TEMP TABLE starts AS
SELECT array_agg(((h).first_purchase - date '1997-01-01') / 7.0) AS s FROM split;
CREATE TEMP TABLE tracking AS
SELECT period, b.expected_incremental AS bg_weekly, b.expected_cumulative AS bg_cumulative,
       p.expected_cumulative AS pn_cumulative,
       coalesce(a.repeat_purchases, 0) AS actual_weekly,
       sum(coalesce(a.repeat_purchases, 0)) OVER (ORDER BY period) AS actual_cumulative
FROM starts,
     bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426), s, 78) b
     JOIN pareto_nbd_expected_tracking(pareto_nbd_model(0.553, 10.578, 0.606, 11.669), s, 78) p USING (period)
     LEFT JOIN actual_weekly a USING (period);
SELECT period, actual_weekly, round(bg_weekly::numeric, 1) AS bg_weekly, actual_cumulative,
       round(bg_cumulative::numeric, 1) AS bg_cumulative, round(pn_cumulative::numeric, 1) AS pn_cumulative
FROM tracking WHERE period IN (1, 2, 4, 8, 12, 13, 20, 26, 39, 40, 52, 65, 78) ORDER BY period;
-- The same cumulative from the histogram of first-purchase days (84 distinct days).
SELECT bool_and(abs(t.bg_cumulative - h.expected_cumulative) < 1e-9 * t.bg_cumulative) AS histogram_same, count(*)
FROM tracking t JOIN (
    SELECT * FROM (SELECT array_agg(d / 7.0) AS s, array_agg(n::float8) AS n
                   FROM (SELECT (h).first_purchase - date '1997-01-01' AS d, count(*) AS n
                         FROM split GROUP BY 1) g) x,
                  bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426), s, n, 78)) h USING (period);
-- Calibration (weeks 1-39) and holdout (weeks 40-78) totals, actual vs expected.
SELECT 'calibration' AS part, actual_cumulative AS actual, round(bg_cumulative::numeric, 1) AS bgnbd,
       round(pn_cumulative::numeric, 1) AS pareto_nbd
FROM tracking WHERE period = 39
UNION ALL
SELECT 'holdout', t78.actual_cumulative - t39.actual_cumulative,
       round((t78.bg_cumulative - t39.bg_cumulative)::numeric, 1),
       round((t78.pn_cumulative - t39.pn_cumulative)::numeric, 1)
FROM tracking t78, tracking t39 WHERE t78.period = 78 AND t39.period = 39;

-- Period transactions (FHL 2005 Figure 1, the calibration fit histogram): observed vs expected
-- numbers of customers by calibration repeat purchases, sum_i P(X(T_i) = x) over the customers
-- with their own T_i (the existing unconditional pmf); 7+ is everybody minus the others.
WITH bins AS (SELECT generate_series(0, 6) AS x),
     m AS (SELECT bgnbd_model(0.243, 4.414, 0.793, 2.426) AS bg)
SELECT x::text AS frequency,
       (SELECT count(*) FROM split WHERE (h).frequency = x) AS observed,
       round((SELECT sum(bgnbd_probability_of_purchases(bg, (h).t, x)) FROM split, m)::numeric, 1) AS expected
FROM bins
UNION ALL
SELECT '7+', (SELECT count(*) FROM split WHERE (h).frequency >= 7),
       round((SELECT sum(1 - (SELECT sum(bgnbd_probability_of_purchases(bg, (h).t, x)) FROM bins))
              FROM split, m)::numeric, 1)
ORDER BY 1;
