-- requires: shared-data
-- Pareto/NBD on the CDNOW sample (Fader & Hardie): the published fit, P(alive), DERT, CLV.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET extra_float_digits = 0;
\getenv datadir CUSTOMER_REL_DATA

-- The calibration summary as published (weeks, rounded to 2 decimals by lifetimes).
\set summary_file :datadir '/cdnow_customers_summary.csv'
CREATE TEMP TABLE cdnow_csv (id int, frequency float8, recency float8, t float8);
COPY cdnow_csv FROM :'summary_file' (FORMAT csv, HEADER true);

-- The same summary from the transactions in exact days / 7 (what the papers fitted):
-- repeat purchase days up to 1997-09-30, recency and t measured from the first purchase.
\set sample_file :datadir '/CDNOW_sample.txt'
CREATE TEMP TABLE cdnow_raw (line text);
COPY cdnow_raw FROM :'sample_file' (DELIMITER E'\x01');
CREATE TEMP TABLE cdnow_tx AS
SELECT f[2]::int AS id, to_date(f[3], 'YYYYMMDD') AS day
FROM (SELECT regexp_split_to_array(btrim(line, E' \r'), '\s+') AS f FROM cdnow_raw
      WHERE btrim(line, E' \r') <> '') s;
CREATE TEMP TABLE cdnow_cal AS
SELECT id, count(DISTINCT day) - 1 AS frequency, (max(day) - min(day)) / 7.0::float8 AS recency,
       (date '1997-09-30' - min(day)) / 7.0::float8 AS t
FROM cdnow_tx WHERE day <= date '1997-09-30' GROUP BY id;
-- the recomputed summary matches the file within its rounding
SELECT count(*) AS customers, sum(c.frequency) AS repeat_purchases,
       max(abs(c.recency - f.recency)) <= 0.005 AND max(abs(c.t - f.t)) <= 0.005 AS same_as_csv,
       bool_and(c.frequency = f.frequency) AS same_frequency
FROM cdnow_cal c JOIN cdnow_csv f USING (id);

-- Published (Fader, Hardie & Lee 2005): r 0.553, alpha 10.578, s 0.606, beta 11.669, LL -9595.0
CREATE TEMP TABLE cdnow_fit AS
SELECT pareto_nbd_fit(frequency, recency, t) AS m FROM cdnow_cal;
SELECT round((m).r::numeric, 3) AS r, round((m).alpha::numeric, 3) AS alpha,
       round((m).s::numeric, 3) AS s, round((m).beta::numeric, 3) AS beta,
       round((m).loglik::numeric, 1) AS loglik, (m).n, (m).converged
FROM cdnow_fit;
-- standard errors from the Hessian (lifetimes reports none for Pareto/NBD)
SELECT round((m).se_r::numeric, 3) AS se_r, round((m).se_alpha::numeric, 2) AS se_alpha,
       round((m).se_s::numeric, 3) AS se_s, round((m).se_beta::numeric, 2) AS se_beta
FROM cdnow_fit;
-- On the 2-decimal file the flat direction of beta moves its third decimal (11.668); r, alpha,
-- s and the log-likelihood agree with the paper.
SELECT round((m).r::numeric, 3) AS r, round((m).alpha::numeric, 3) AS alpha,
       round((m).s::numeric, 3) AS s, round((m).beta::numeric, 3) AS beta,
       round((m).loglik::numeric, 1) AS loglik, (m).converged
FROM (SELECT pareto_nbd_fit(frequency, recency, t) AS m FROM cdnow_csv) f;
-- the weighted aggregate on the histogram of identical customers gives the same fit
SELECT round((m).beta::numeric, 4) AS beta, round((m).loglik::numeric, 4) AS loglik, (m).n
FROM (SELECT pareto_nbd_fit(frequency, recency, t, w) AS m
      FROM (SELECT frequency, recency, t, count(*)::float8 AS w FROM cdnow_csv GROUP BY 1, 2, 3) g) f;

-- Published P(alive | x = 26, t_x = 30.86, T = 31) = 0.9979 at (0.5534, 10.5802, 0.6061, 11.6562)
SELECT round(pareto_nbd_p_alive(pareto_nbd_model(0.5534, 10.5802, 0.6061, 11.6562), 26, 30.86, 31)::numeric, 4) AS p_alive;

-- Scores of a few customers with the fitted model (customer 1516 is the published example):
-- DERT at 15% a year, as a weekly rate (1.15^(1/52) - 1: the published delta = ln(1.15)/52
-- compounded continuously is the same value of money); CLV over 52 weekly
-- periods at the same rate with the published Gamma-Gamma spend model (p 6.25, q 3.74, v 15.44)
-- and the customers' mean repeat spend zbar (USD).
\set zbar_file :datadir '/cdnow_customers_summary_with_transactions.csv'
CREATE TEMP TABLE cdnow_zbar (id int, x float8, t_x float8, t float8, zbar float8);
COPY cdnow_zbar FROM :'zbar_file' (FORMAT csv, HEADER true);
SELECT c.id, c.frequency, round(c.recency::numeric, 2) AS recency, round(c.t::numeric, 2) AS t,
       round(pareto_nbd_p_alive(m, c.frequency, c.recency, c.t)::numeric, 4) AS p_alive,
       round(pareto_nbd_expected_purchases(m, 39, c.frequency, c.recency, c.t)::numeric, 4) AS next_39_weeks,
       round(pareto_nbd_dert(m, c.frequency, c.recency, c.t, 1.15 ^ (1.0 / 52) - 1)::numeric, 3) AS dert,
       z.zbar,
       round(pareto_nbd_clv(m, gamma_gamma_model(6.25, 3.74, 15.44), c.frequency, c.recency, c.t,
                            z.zbar, 52, 1, exp(ln(1.15) / 52) - 1)::numeric, 2) AS clv_52_weeks
FROM cdnow_csv c JOIN cdnow_zbar z USING (id), cdnow_fit
WHERE c.id IN (1, 2, 3, 18, 1516)
ORDER BY c.id;

-- Holdout: repeat purchase days expected in the 39 holdout weeks, summed over the customers,
-- next to the number observed (a sanity check of the scale, not a published figure).
SELECT round(sum(pareto_nbd_expected_purchases(m, 39, frequency, recency, t))::numeric, 0) AS expected_holdout,
       (SELECT count(DISTINCT (id, day)) FROM cdnow_tx WHERE day > date '1997-09-30') AS actual_holdout
FROM cdnow_cal, cdnow_fit GROUP BY m;

DROP TABLE cdnow_csv, cdnow_zbar, cdnow_raw, cdnow_tx, cdnow_cal, cdnow_fit;
