-- Pareto/NBD: fitting, scoring, DERT, CLV, simulation and errors, without external data.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET extra_float_digits = 0;

-- A small hand-made customer base (weeks): frequency, recency, t, weight.
CREATE TEMP TABLE pnbd_small (frequency float8, recency float8, t float8, weight float8);
INSERT INTO pnbd_small VALUES
  (0, 0, 30, 40), (1, 5, 30, 12), (1, 20, 30, 9), (2, 10, 32, 7), (2, 28, 32, 6),
  (3, 25, 35, 5), (5, 33, 35, 4), (8, 30, 35, 2), (0, 0, 35, 30), (1, 2, 35, 10);

-- the weighted fit equals the fit on the expanded rows
SELECT round(r::numeric, 4) AS r, round(alpha::numeric, 3) AS alpha, round(s::numeric, 4) AS s,
       round(beta::numeric, 3) AS beta, round(loglik::numeric, 3) AS loglik, n, converged,
       se_r > 0 AND se_alpha > 0 AND se_s > 0 AND se_beta > 0 AS se_positive
FROM (SELECT pareto_nbd_fit(frequency, recency, t, weight) AS m FROM pnbd_small) f, LATERAL (SELECT (m).*) x;
SELECT round(r::numeric, 4) AS r, round(alpha::numeric, 3) AS alpha, round(s::numeric, 4) AS s,
       round(beta::numeric, 3) AS beta, round(loglik::numeric, 3) AS loglik, n, converged
FROM (SELECT pareto_nbd_fit(frequency, recency, t) AS m
      FROM pnbd_small, generate_series(1, weight::int)) f, LATERAL (SELECT (m).*) x;
-- the fitted log-likelihood is the sum of the customers' log-likelihoods at the fitted parameters
SELECT round(sum(weight * pareto_nbd_loglik(m, frequency, recency, t))::numeric, 6)
     = round((m).loglik::numeric, 6) AS loglik_is_sum
FROM pnbd_small, (SELECT pareto_nbd_fit(frequency, recency, t, weight) AS m FROM pnbd_small) f
GROUP BY m;

-- NULL rows and weight 0 are ignored; an empty group gives NULL
SELECT (pareto_nbd_fit(frequency, recency, t, weight)).n
FROM (SELECT * FROM pnbd_small UNION ALL SELECT NULL, 1, 2, 1 UNION ALL SELECT 1, 1, 2, 0) s;
SELECT pareto_nbd_fit(frequency, recency, t) IS NULL AS empty_is_null FROM pnbd_small WHERE false;

-- Scoring with fixed parameters (Fader & Hardie's CDNOW estimates, weeks)
CREATE TEMP TABLE pnbd_m AS SELECT pareto_nbd_model(0.5534, 10.5802, 0.6061, 11.6562) AS m;
SELECT (m).r, (m).loglik IS NULL AS loglik_null FROM pnbd_m;
-- P(alive) of a customer who has just bought is 1; of the published example 0.9979
SELECT round(pareto_nbd_p_alive(m, 26, 30.86, 31)::numeric, 4) AS published_0_9979,
       pareto_nbd_p_alive(m, 3, 31, 31) AS just_bought,
       pareto_nbd_p_alive(m, 0, 0, 0) AS brand_new,
       round(pareto_nbd_p_alive(m, 0, 0, 39)::numeric, 6) AS never_returned,
       round(pareto_nbd_p_alive(m, 2, 5, 39)::numeric, 6) AS gone_quiet
FROM pnbd_m;
-- P(alive) falls as the silence since the last purchase grows
SELECT bool_and(a > b) AS decreasing
FROM (SELECT pareto_nbd_p_alive(m, 3, rec, 39) AS a, pareto_nbd_p_alive(m, 3, rec - 1, 39) AS b
      FROM pnbd_m, generate_series(2, 39) rec) s;

-- Expected purchases of a new customer: r beta / (alpha (s-1)) (1 - (beta/(beta+t))^(s-1))
SELECT round(pareto_nbd_expected_purchases(m, 52)::numeric, 8) AS e52,
       round((0.5534 * 11.6562 / (10.5802 * (0.6061 - 1))
              * (1 - (11.6562 / (11.6562 + 52)) ^ (0.6061 - 1)))::numeric, 8) AS by_hand,
       pareto_nbd_expected_purchases(m, 0) AS e0
FROM pnbd_m;
-- s = 1 is the limit r beta / alpha log(1 + t/beta), no 0/0
SELECT round(pareto_nbd_expected_purchases(pareto_nbd_model(1, 2, 1, 3), 3)::numeric, 10) AS s_one,
       round((1.0 / 2 * 3 * ln(2))::numeric, 10) AS by_hand,
       round(pareto_nbd_expected_purchases(pareto_nbd_model(1, 2, 1 + 1e-9, 3), 3)::numeric, 8) AS s_near_one;
-- conditional expectation = P(alive) * the new-customer expectation with (r+x, alpha+T, s, beta+T)
SELECT round(pareto_nbd_expected_purchases(m, 10, 2, 30.43, 38.86)::numeric, 10) AS cond,
       round((pareto_nbd_p_alive(m, 2, 30.43, 38.86)
              * pareto_nbd_expected_purchases(pareto_nbd_model(0.5534 + 2, 10.5802 + 38.86, 0.6061, 11.6562 + 38.86), 10))::numeric, 10) AS by_parts
FROM pnbd_m;

-- P(X(t) = n): sums to 1 and its mean is the expectation (new and conditional)
SELECT round(sum(pareto_nbd_probability_of_purchases(m, 20, k))::numeric, 9) AS total,
       round(sum(k * pareto_nbd_probability_of_purchases(m, 20, k))::numeric, 9) AS mean,
       round(pareto_nbd_expected_purchases(m, 20)::numeric, 9) AS expected
FROM pnbd_m, generate_series(0, 150) k GROUP BY m;
SELECT round(sum(pareto_nbd_probability_of_purchases(m, 20, k, 4, 30, 38))::numeric, 9) AS total,
       round(sum(k * pareto_nbd_probability_of_purchases(m, 20, k, 4, 30, 38))::numeric, 9) AS mean,
       round(pareto_nbd_expected_purchases(m, 20, 4, 30, 38)::numeric, 9) AS expected
FROM pnbd_m, generate_series(0, 200) k GROUP BY m;
-- P(X(0) = 0) = 1
SELECT pareto_nbd_probability_of_purchases(m, 0, 0) AS p0, pareto_nbd_probability_of_purchases(m, 0, 3) AS p3
FROM pnbd_m;

-- DERT (closed form with U(s, s; z)) against the discounted sum of expected purchases over
-- 0.05-week steps to 3000 weeks (midpoint discounting)
SELECT round(pareto_nbd_dert(m, 2, 30.43, 38.86, exp(0.01) - 1)::numeric, 5) AS dert,
       round(sum(exp(-0.01 * (k - 0.5) * 0.05)
                 * (pareto_nbd_expected_purchases(m, k * 0.05, 2, 30.43, 38.86)
                    - pareto_nbd_expected_purchases(m, (k - 1) * 0.05, 2, 30.43, 38.86)))::numeric, 5)
         + round((exp(-0.01 * 3000) * 0)::numeric, 5) AS numeric_sum
FROM pnbd_m, generate_series(1, 60000) k GROUP BY m;
-- DERT is continuous across s = 1 (U(1, 1; z) = e^z E1(z))
SELECT abs(pareto_nbd_dert(pareto_nbd_model(0.5, 10, 1 - 1e-9, 12), 3, 20, 30, exp(0.002) - 1)
           - pareto_nbd_dert(pareto_nbd_model(0.5, 10, 1, 12), 3, 20, 30, exp(0.002) - 1)) < 1e-7
       AND abs(pareto_nbd_dert(pareto_nbd_model(0.5, 10, 1 + 1e-9, 12), 3, 20, 30, exp(0.002) - 1)
           - pareto_nbd_dert(pareto_nbd_model(0.5, 10, 1, 12), 3, 20, 30, exp(0.002) - 1)) < 1e-7 AS continuous,
       round(pareto_nbd_dert(pareto_nbd_model(0.5, 10, 1, 12), 3, 20, 30, exp(0.002) - 1)::numeric, 6) AS dert_s1,
       round(pareto_nbd_dert(pareto_nbd_model(0.5, 10, 2.5, 12), 3, 20, 30, exp(0.002) - 1)::numeric, 6) AS dert_s25;

-- Extreme customers: finite, never NaN
SELECT pareto_nbd_p_alive(m, 1000, 39, 39) AS p_1000,
       pareto_nbd_p_alive(m, 1000, 1, 39) < 1e-100 AS p_1000_long_gone,
       round(pareto_nbd_expected_purchases(m, 52, 1000, 39, 39)::numeric, 3) AS e_1000,
       pareto_nbd_p_alive(m, 5, 1e-9, 1e-9) AS tiny_t,
       round(pareto_nbd_p_alive(m, 5, 1e6 - 1, 1e6)::numeric, 6) AS huge_t,
       round(pareto_nbd_loglik(m, 1000, 39, 39)::numeric, 4) AS ll_1000,
       round(pareto_nbd_dert(m, 1000, 39, 39, exp(0.003) - 1)::numeric, 2) AS dert_1000,
       pareto_nbd_p_alive(pareto_nbd_model(0.5, 1000, 0.5, 0.001), 50, 0.5, 40) >= 0 AS alpha_huge_beta_tiny
FROM pnbd_m;

-- CLV with a Gamma-Gamma spend model: 52 weekly periods, 0.3% per week
SELECT round(pareto_nbd_clv(m, gamma_gamma_model(6.25, 3.74, 15.44), 2, 30.43, 38.86, 22.35, 52, 1, 0.003)::numeric, 4) AS clv,
       round((sum((pareto_nbd_expected_purchases(m, k, 2, 30.43, 38.86)
                   - pareto_nbd_expected_purchases(m, k - 1, 2, 30.43, 38.86)) / 1.003 ^ k)
              * gamma_gamma_expected_spend(gamma_gamma_model(6.25, 3.74, 15.44), 2, 22.35))::numeric, 4) AS by_hand
FROM pnbd_m, generate_series(1, 52) k GROUP BY m;

-- Simulation: deterministic in the seed, the first customers independent of n_customers
SELECT * FROM pareto_nbd_simulate(pareto_nbd_model(0.5534, 10.5802, 0.6061, 11.6562), 5, 39, 42) ORDER BY customer_id;
SELECT (SELECT array_agg(frequency ORDER BY customer_id) FROM pareto_nbd_simulate(pareto_nbd_model(0.5534, 10.5802, 0.6061, 11.6562), 3, 39, 42))
     = (SELECT array_agg(frequency ORDER BY customer_id) FROM pareto_nbd_simulate(pareto_nbd_model(0.5534, 10.5802, 0.6061, 11.6562), 1000, 39, 42) WHERE customer_id <= 3) AS prefix_stable;
SELECT bool_and(abs(recency * 7 - round(recency * 7)) < 1e-9) AS day_grid, bool_and(recency <= t) AS within_t
FROM pareto_nbd_simulate(pareto_nbd_model(0.5534, 10.5802, 0.6061, 11.6562), 2000, 39, 7);

-- Recovery: fit 100,000 customers simulated from known parameters (four cohorts observed for
-- 26 to 52 weeks, recency on a one-day grid) and find each parameter within 3 standard errors.
CREATE TEMP TABLE pnbd_sim AS
SELECT s.* FROM generate_series(0, 3) c,
     LATERAL pareto_nbd_simulate(pareto_nbd_model(0.55, 10.58, 0.61, 11.67), 25000, 26 + 26 * c / 3.0, 100 + c) s;
SELECT converged, abs(r - 0.55) < 3 * se_r AS r_ok, abs(alpha - 10.58) < 3 * se_alpha AS alpha_ok,
       abs(s - 0.61) < 3 * se_s AS s_ok, abs(beta - 11.67) < 3 * se_beta AS beta_ok, n,
       se_r < 0.02 AND se_s < 0.06 AS precise
FROM (SELECT (pareto_nbd_fit(frequency, recency, t)).* FROM pnbd_sim) f;
DROP TABLE pnbd_sim;

-- Fits that cannot converge warn, name the parameter and say what to try: nobody seems to
-- leave (s runs off to 0), and no heterogeneity at all (a rate's shape and scale run off together)
\set VERBOSITY terse
SELECT converged, se_s IS NULL AS no_se FROM (SELECT (pareto_nbd_fit(frequency, recency, t)).* FROM
  (SELECT 3 AS frequency, 30 AS recency, 30 AS t FROM generate_series(1, 50)
   UNION ALL SELECT 0, 0, 30 FROM generate_series(1, 5)) d) f;
SELECT converged FROM (SELECT (pareto_nbd_fit(frequency, recency, t)).* FROM
  (SELECT 1 AS frequency, 1 AS recency, 30 AS t FROM generate_series(1, 50)
   UNION ALL SELECT 0, 0, 30 FROM generate_series(1, 50)) d) f;
\set VERBOSITY default

-- Errors
SELECT pareto_nbd_fit(frequency, recency, t) FROM (VALUES (1.0, 5.0, 3.0)) v(frequency, recency, t);
SELECT pareto_nbd_fit(frequency, recency, t) FROM (VALUES (-1.0, 0.0, 3.0)) v(frequency, recency, t);
SELECT pareto_nbd_fit(frequency, recency, t) FROM (VALUES (1.0, 'NaN'::float8, 3.0)) v(frequency, recency, t);
SELECT pareto_nbd_fit(frequency, recency, t) FROM (VALUES (1.5, 1.0, 3.0)) v(frequency, recency, t);
SELECT pareto_nbd_fit(frequency, recency, t, weight) FROM (VALUES (1.0, 1.0, 3.0, -2.0)) v(frequency, recency, t, weight);
SELECT pareto_nbd_fit(frequency, recency, t) FROM (VALUES (1.0, 1.0, 3.0), (2, 2, 3)) v(frequency, recency, t);
SELECT pareto_nbd_fit(0, 0, t) FROM generate_series(1, 20) t;
SELECT pareto_nbd_p_alive(m, 2, 40, 39) FROM pnbd_m;
SELECT pareto_nbd_p_alive(m, 0, 3, 39) FROM pnbd_m;
SELECT pareto_nbd_p_alive(m, 2, 3, 'Infinity') FROM pnbd_m;
SELECT pareto_nbd_expected_purchases(m, -1) FROM pnbd_m;
SELECT pareto_nbd_dert(m, 2, 3, 39, 0) FROM pnbd_m;
SELECT pareto_nbd_probability_of_purchases(m, 10, -1) FROM pnbd_m;
SELECT pareto_nbd_model(0.5, 0, 1, 1);
SELECT pareto_nbd_p_alive(ROW(NULL, 1, 1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_pareto_nbd_model, 1, 1, 2);
SELECT pareto_nbd_clv(m, gamma_gamma_model(6.25, 3.74, 15.44), 2, 30, 38, 20, 0, 1, 0.01) FROM pnbd_m;
SELECT * FROM pareto_nbd_simulate(pareto_nbd_model(0.5, 10, 0.6, 11), 3, -1, 1);
-- NULL in, NULL out
SELECT pareto_nbd_p_alive(m, NULL, 1, 2) IS NULL AS strict FROM pnbd_m;
DROP TABLE pnbd_small, pnbd_m;
