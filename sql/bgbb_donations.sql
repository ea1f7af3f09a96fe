-- requires: shared-data
-- BG/BB on the donations data of Fader, Hardie & Shang (2010): 11,104 first-time donors of
-- 1995, repeat donations in 6 annual opportunities (1996-2001).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET extra_float_digits = 0;
\getenv datadir CUSTOMER_REL_DATA
\set donations_file :datadir '/donations.csv'
CREATE TEMP TABLE donations (frequency bigint, recency bigint, periods bigint, weights float8);
COPY donations FROM :'donations_file' (FORMAT csv, HEADER true);
SELECT count(*) AS patterns, sum(weights) AS donors FROM donations;

-- Published: alpha 1.204, beta 0.750, gamma 0.657, delta 2.783, LL -33,225.6
CREATE TEMP TABLE donations_fit AS
SELECT bgbb_fit(frequency, recency, periods, weights) AS m FROM donations;
SELECT round((m).alpha::numeric, 3) AS alpha, round((m).beta::numeric, 3) AS beta,
       round((m).gamma::numeric, 3) AS gamma, round((m).delta::numeric, 3) AS delta,
       round((m).loglik::numeric, 1) AS loglik, (m).n, (m).converged
FROM donations_fit;
SELECT round((m).se_alpha::numeric, 3) AS se_alpha, round((m).se_beta::numeric, 3) AS se_beta,
       round((m).se_gamma::numeric, 3) AS se_gamma, round((m).se_delta::numeric, 3) AS se_delta
FROM donations_fit;

-- Scores per pattern: P(alive in 2002), expected donations 2002-2006, DERT at 10% a year
SELECT frequency, recency, weights,
       round(bgbb_p_alive(m, frequency, recency, periods)::numeric, 4) AS p_alive,
       round(bgbb_expected_purchases(m, 5, frequency, recency, periods)::numeric, 4) AS next_5_years,
       round(bgbb_dert(m, frequency, recency, periods, 0.1)::numeric, 4) AS dert
FROM donations, donations_fit
ORDER BY frequency DESC, recency DESC;

-- Fit check: expected number of donors per number of repeat donations against the data
SELECT k AS repeat_donations,
       (SELECT sum(weights) FROM donations WHERE frequency = k) AS actual,
       round((11104 * bgbb_probability_of_purchases(m, 6, k))::numeric, 1) AS expected
FROM donations_fit, generate_series(0, 6) k ORDER BY k;
DROP TABLE donations, donations_fit;
