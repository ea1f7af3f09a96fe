-- BG/BB: fitting, scoring, DERT, CLV, simulation and errors, without external data.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET extra_float_digits = 0;

-- A hand-made cohort with 5 transaction opportunities: frequency, recency, n_periods, weight.
CREATE TEMP TABLE bgbb_small (frequency bigint, recency bigint, n_periods bigint, weight float8);
INSERT INTO bgbb_small VALUES
  (0, 0, 5, 120), (1, 1, 5, 40), (1, 3, 5, 20), (1, 5, 5, 10), (2, 2, 5, 15), (2, 4, 5, 12),
  (3, 5, 5, 14), (4, 5, 5, 11), (5, 5, 5, 9), (3, 3, 5, 6);
SELECT round(alpha::numeric, 4) AS alpha, round(beta::numeric, 4) AS beta,
       round(gamma::numeric, 4) AS gamma, round(delta::numeric, 4) AS delta,
       round(loglik::numeric, 4) AS loglik, n, converged,
       se_alpha > 0 AND se_beta > 0 AND se_gamma > 0 AND se_delta > 0 AS se_positive
FROM (SELECT (bgbb_fit(frequency, recency, n_periods, weight)).* FROM bgbb_small) f;
-- the same fit on the expanded rows, and the log-likelihood is the sum over customers
SELECT round(alpha::numeric, 4) AS alpha, round(delta::numeric, 4) AS delta,
       round(loglik::numeric, 4) AS loglik, n
FROM (SELECT (bgbb_fit(frequency, recency, n_periods)).* FROM bgbb_small, generate_series(1, weight::int)) f;
SELECT round(sum(weight * bgbb_loglik(m, frequency, recency, n_periods))::numeric, 6)
     = round((m).loglik::numeric, 6) AS loglik_is_sum
FROM bgbb_small, (SELECT bgbb_fit(frequency, recency, n_periods, weight) AS m FROM bgbb_small) f
GROUP BY m;
SELECT bgbb_fit(frequency, recency, n_periods) IS NULL AS empty_is_null FROM bgbb_small WHERE false;

-- Fixed parameters (FHS 2010's donations fit)
CREATE TEMP TABLE bgbb_m AS SELECT bgbb_model(1.204, 0.750, 0.657, 2.783) AS m;
-- the probabilities of every possible history of 4 opportunities sum to 1 (c = number of
-- transaction patterns with that frequency and recency)
SELECT round(sum(c * exp(bgbb_loglik(m, x, tx, 4)))::numeric, 12) AS total
FROM bgbb_m, (VALUES (0, 0, 1), (1, 1, 1), (1, 2, 1), (1, 3, 1), (1, 4, 1), (2, 2, 1), (2, 3, 2),
                     (2, 4, 3), (3, 3, 1), (3, 4, 3), (4, 4, 1)) v(x, tx, c)
GROUP BY m;

-- P(alive) of a new customer at opportunity 1 is E[1 - theta] = delta / (gamma + delta)
SELECT round(bgbb_p_alive(m, 0, 0, 0)::numeric, 10) AS p_new,
       round((2.783 / (0.657 + 2.783))::numeric, 10) AS by_hand,
       round(bgbb_p_alive(m, 6, 6, 6)::numeric, 6) AS always_gave,
       round(bgbb_p_alive(m, 1, 1, 6)::numeric, 6) AS quiet_since_1,
       round(bgbb_p_alive(m, 0, 0, 6)::numeric, 6) AS never
FROM bgbb_m;

-- Expected transactions of a new customer: E[p] sum_{k=1}^{n} prod_{j<k} (delta+j)/(gamma+delta+j)
WITH RECURSIVE surv(k, s) AS (
    SELECT 1, 2.783 / (0.657 + 2.783)
    UNION ALL SELECT k + 1, s * (2.783 + k) / (0.657 + 2.783 + k) FROM surv WHERE k < 6)
SELECT round(bgbb_expected_purchases(m, 6)::numeric, 10) AS e6,
       round((1.204 / (1.204 + 0.750) * (SELECT sum(s) FROM surv))::numeric, 10) AS by_hand
FROM bgbb_m;
-- gamma = 1 (the closed form's delta/(gamma-1)) is no 0/0
SELECT round(bgbb_expected_purchases(bgbb_model(1, 1, 1, 2), 3)::numeric, 10) AS gamma_one,
       round((0.5 * (2.0 / 3 + 2.0 / 4 + 2.0 / 5))::numeric, 10) AS by_hand;
-- conditional expectation = P(alive at n) * new-customer expectation with the posterior
-- (alpha+x, beta+n-x, gamma, delta+n); the PMF sums to 1 and has that mean
SELECT round(sum(bgbb_probability_of_purchases(m, 5, k, 3, 4, 6))::numeric, 12) AS total,
       round(sum(k * bgbb_probability_of_purchases(m, 5, k, 3, 4, 6))::numeric, 10) AS mean,
       round(bgbb_expected_purchases(m, 5, 3, 4, 6)::numeric, 10) AS expected
FROM bgbb_m, generate_series(0, 5) k GROUP BY m;
SELECT round(sum(bgbb_probability_of_purchases(m, 6, k))::numeric, 12) AS total,
       round(sum(k * bgbb_probability_of_purchases(m, 6, k))::numeric, 10) AS mean,
       round(bgbb_expected_purchases(m, 6)::numeric, 10) AS expected,
       bgbb_probability_of_purchases(m, 6, 7) AS beyond_n
FROM bgbb_m, generate_series(0, 6) k GROUP BY m;

-- DERT (closed form with 2F1) against the discounted sum of expected transactions per period
SELECT x, tx, round(bgbb_dert(m, x, tx, 6, 0.1)::numeric, 6) AS dert,
       round((SELECT sum((bgbb_expected_purchases(m, k, x, tx, 6) - bgbb_expected_purchases(m, k - 1, x, tx, 6))
                         / 1.1 ^ k) FROM generate_series(1, 400) k)::numeric, 6) AS direct_sum
FROM bgbb_m, (VALUES (6, 6), (3, 6), (3, 4), (1, 1), (0, 0)) v(x, tx)
ORDER BY x DESC, tx DESC;
-- gamma = 1 makes 2F1's c - a - b an integer (the degenerate case); a tiny discount rate
-- needs 2F1 at z near 1
SELECT round(bgbb_dert(bgbb_model(1.2, 0.75, 1, 2.8), 3, 5, 6, 0.1)::numeric, 8) AS gamma_one,
       round((SELECT sum((bgbb_expected_purchases(bgbb_model(1.2, 0.75, 1, 2.8), k, 3, 5, 6)
                          - bgbb_expected_purchases(bgbb_model(1.2, 0.75, 1, 2.8), k - 1, 3, 5, 6)) / 1.1 ^ k)
              FROM generate_series(1, 500) k)::numeric, 8) AS direct_sum,
       round(bgbb_dert(bgbb_model(1.2, 0.75, 2.5, 2.8), 3, 5, 6, 1e-6)::numeric, 4) AS tiny_rate,
       round(bgbb_expected_purchases(bgbb_model(1.2, 0.75, 2.5, 2.8), 1000000, 3, 5, 6)::numeric, 4) AS undiscounted_limit;

-- Extreme customers: finite, never NaN
SELECT round(bgbb_p_alive(m, 1000, 1000, 1000)::numeric, 6) AS p_1000,
       bgbb_p_alive(m, 1, 1, 1000) < 1e-3 AS p_long_gone,
       round(bgbb_expected_purchases(m, 10, 1000, 1000, 1000)::numeric, 4) AS e_1000,
       round(bgbb_dert(m, 1000, 1000, 1000, 0.1)::numeric, 4) AS dert_1000,
       round(bgbb_loglik(m, 500, 1000, 1000)::numeric, 4) AS ll_500
FROM bgbb_m;

-- CLV with a Gamma-Gamma spend model over 10 opportunities at 10% per opportunity
SELECT round(bgbb_clv(m, gamma_gamma_model(6.25, 3.74, 15.44), 3, 5, 6, 40, 10, 0.1)::numeric, 4) AS clv,
       round((sum((bgbb_expected_purchases(m, k, 3, 5, 6) - bgbb_expected_purchases(m, k - 1, 3, 5, 6)) / 1.1 ^ k)
              * gamma_gamma_expected_spend(gamma_gamma_model(6.25, 3.74, 15.44), 3, 40))::numeric, 4) AS by_hand
FROM bgbb_m, generate_series(1, 10) k GROUP BY m;

-- Simulation: deterministic, valid summaries, and parameters recovered from 100,000 customers
SELECT * FROM bgbb_simulate(bgbb_model(1.204, 0.750, 0.657, 2.783), 5, 6, 42) ORDER BY customer_id;
SELECT bool_and(frequency <= recency AND recency <= n_periods AND (frequency > 0 OR recency = 0)) AS valid
FROM bgbb_simulate(bgbb_model(1.204, 0.750, 0.657, 2.783), 5000, 6, 1);
SELECT converged, abs(alpha - 1.204) < 3 * se_alpha AS alpha_ok, abs(beta - 0.750) < 3 * se_beta AS beta_ok,
       abs(gamma - 0.657) < 3 * se_gamma AS gamma_ok, abs(delta - 2.783) < 3 * se_delta AS delta_ok, n
FROM (SELECT (bgbb_fit(frequency, recency, n_periods)).*
      FROM bgbb_simulate(bgbb_model(1.204, 0.750, 0.657, 2.783), 100000, 6, 2010)) f;

-- A fit that cannot converge says so (every buyer bought in 3 of 6 periods and was active at the
-- end: nothing pins down the dropout process). Its optimum lies on a ridge where two parameters
-- run off together, so which one the WARNING names first depends on the last bits of libm
-- (gamma on Debian 12, beta on sid): the WARNING's wording is checked in fit_engine.sql, on fits
-- with one direction only; here the fit must say not converged and give no standard errors.
SET client_min_messages = error;
SELECT converged, num_nulls(se_alpha, se_beta, se_gamma, se_delta) AS null_ses FROM (SELECT (bgbb_fit(frequency, recency, n)).* FROM
  (SELECT 3 AS frequency, 6 AS recency, 6 AS n FROM generate_series(1, 50)
   UNION ALL SELECT 0, 0, 6 FROM generate_series(1, 5)) d) f;
RESET client_min_messages;

-- Errors
-- (frequency, recency and n_periods are counts of periods: bigint, so a fraction cannot reach
-- the fit; state_merge.sql checks that a merged state's rows are whole numbers)
SELECT bgbb_fit(frequency, recency, n) FROM (VALUES (7, 6, 6)) v(frequency, recency, n);
SELECT bgbb_fit(frequency, recency, n) FROM (VALUES (2, 7, 6)) v(frequency, recency, n);
SELECT bgbb_fit(frequency, recency, n) FROM (VALUES (3, 2, 6)) v(frequency, recency, n);
SELECT bgbb_fit(frequency, recency, n) FROM (VALUES (0, 2, 6)) v(frequency, recency, n);
SELECT bgbb_fit(frequency, recency, n) FROM (VALUES (-1, 0, 6)) v(frequency, recency, n);
SELECT bgbb_fit(frequency, recency, n, w) FROM (VALUES (1, 1, 6, 'Infinity'::float8)) v(frequency, recency, n, w);
SELECT bgbb_fit(frequency, recency, n) FROM (VALUES (1, 1, 6), (0, 0, 6)) v(frequency, recency, n);
SELECT bgbb_fit(0, 0, 6) FROM generate_series(1, 20);
SELECT bgbb_p_alive(m, 1, 1, 2000000) FROM bgbb_m;
SELECT bgbb_expected_purchases(m, -1, 1, 1, 6) FROM bgbb_m;
SELECT bgbb_dert(m, 1, 1, 6, -0.1) FROM bgbb_m;
SELECT bgbb_model(1, 1, -1, 1);
SELECT * FROM bgbb_simulate(bgbb_model(1, 1, 1, 1), 3, -6, 1);
SELECT bgbb_p_alive(m, NULL, 1, 6) IS NULL AS strict FROM bgbb_m;
DROP TABLE bgbb_small, bgbb_m;
