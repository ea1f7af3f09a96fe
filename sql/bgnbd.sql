SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- BG/NBD (Fader, Hardie & Lee 2005): model constructor, scoring, CLV, fitting aggregate,
-- simulation, errors. Time unit: weeks throughout. Reference values were computed with mpmath
-- at 30 digits from the paper's closed forms.

CREATE TEMP TABLE pub AS SELECT bgnbd_model(0.243, 4.414, 0.793, 2.426) AS m;
SELECT (m).r, (m).alpha, (m).a, (m).b, (m).loglik IS NULL AS no_loglik FROM pub;

-- FHL 2005: E[X(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226 (mpmath: 1.226028)
SELECT round(bgnbd_expected_purchases(m, 39, 2, 30.43, 38.86)::numeric, 6) AS e39 FROM pub;
-- mpmath: 0.726579, 1 (nobody dies before a repeat purchase), 0.212101
SELECT round(bgnbd_p_alive(m, 2, 30.43, 38.86)::numeric, 6) AS p_alive,
       bgnbd_p_alive(m, 0, 0, 38.86) AS p_alive_x0,
       round(bgnbd_p_alive(m, 1, 1.71, 38.86)::numeric, 6) AS p_alive_early FROM pub;
-- other histories (mpmath: 0.195098, 0.357813, 0.259823)
SELECT round(bgnbd_expected_purchases(m, 39, 0, 0, 38.86)::numeric, 6) AS x0,
       round(bgnbd_expected_purchases(m, 10, 5, 20, 38)::numeric, 6) AS x5,
       round(bgnbd_expected_purchases(m, 52, 1, 1.71, 38.86)::numeric, 6) AS h52 FROM pub;
-- a new customer, eq. 7 (mpmath: 1.196723), and P(X(39) = n), eq. 8 (0.573786, 0.199395, 0.017965)
SELECT round(bgnbd_expected_purchases(m, 39)::numeric, 6) AS e_new,
       round(bgnbd_probability_of_purchases(m, 39, 0)::numeric, 6) AS p0,
       round(bgnbd_probability_of_purchases(m, 39, 1)::numeric, 6) AS p1,
       round(bgnbd_probability_of_purchases(m, 39, 5)::numeric, 6) AS p5 FROM pub;
-- the distribution sums to 1 and its mean is E[X(39)]
SELECT round(sum(bgnbd_probability_of_purchases(m, 39, n))::numeric, 9) AS total,
       round((sum(n * bgnbd_probability_of_purchases(m, 39, n)) - bgnbd_expected_purchases(m, 39))::numeric, 9) AS mean_minus_e
FROM pub, generate_series(0, 2000) n GROUP BY m;
-- horizon 0: nothing happens
SELECT bgnbd_expected_purchases(m, 0, 2, 30.43, 38.86) AS e0, bgnbd_expected_purchases(m, 0) AS e0_new,
       bgnbd_probability_of_purchases(m, 0, 0) AS p00, bgnbd_probability_of_purchases(m, 0, 3) AS p03 FROM pub;

-- CLV: 12 periods of 4.345 weeks (months), 1% per month, Gamma-Gamma spend of CDNOW;
-- mpmath: 51.555540
SELECT round(bgnbd_clv(m, gamma_gamma_model(6.25, 3.74, 15.44), 2, 30.43, 38.86, 35, 12, 4.345, 0.01)::numeric, 6) AS clv
FROM pub;
-- one undiscounted period with spend 1 is E[X]; no purchases expected, no value
SELECT round((bgnbd_clv(m, gamma_gamma_model(6.25, 3.74, 15.44), 2, 30.43, 38.86, 35, 1, 39, 0)
              / gamma_gamma_expected_spend(gamma_gamma_model(6.25, 3.74, 15.44), 2, 35)
              - bgnbd_expected_purchases(m, 39, 2, 30.43, 38.86))::numeric, 12) AS one_period
FROM pub;
-- more periods add value; a higher discount rate lowers it; a repeat-free customer gets the
-- population mean spend
SELECT bgnbd_clv(m, g, 2, 30.43, 38.86, 35, 24, 4.345, 0.01) > bgnbd_clv(m, g, 2, 30.43, 38.86, 35, 12, 4.345, 0.01) AS longer,
       bgnbd_clv(m, g, 2, 30.43, 38.86, 35, 12, 4.345, 0.05) < bgnbd_clv(m, g, 2, 30.43, 38.86, 35, 12, 4.345, 0.01) AS discounted,
       round((bgnbd_clv(m, g, 0, 0, 38.86, 0, 12, 4.345, 0.01)
              / bgnbd_clv(m, g, 0, 0, 38.86, 999, 12, 4.345, 0.01))::numeric, 12) AS monetary_ignored_at_x0
FROM pub, (SELECT gamma_gamma_model(6.25, 3.74, 15.44) AS g) gg;

-- extreme customers and horizons: finite, in range
SELECT count(*) AS cases,
       bool_and(p >= 0 AND p <= 1) AS p_in_range,
       bool_and(e >= 0 AND e < 'Infinity') AS e_finite,
       bool_and(c >= 0 AND c < 'Infinity') AS clv_finite
FROM pub, LATERAL (VALUES (1000, 38.86, 38.86), (1000, 1e-6, 1e-6), (0, 0, 1e-12), (1, 1e-12, 1e-12),
                          (5, 1e6, 1e6), (0, 0, 1e9), (100000, 100, 100), (3, 0, 50), (0, 0, 0), (29, 38.43, 38.86)) c(x, tx, t),
     LATERAL (VALUES (0), (1e-12), (1), (39), (1e4), (1e8)) h(h),
     LATERAL (SELECT bgnbd_p_alive(m, x, tx, t) AS p, bgnbd_expected_purchases(m, h, x, tx, t) AS e,
                     bgnbd_clv(m, gamma_gamma_model(6.25, 3.74, 15.44), x, tx, t, 20, 24, 4, 0.01) AS c) s;
-- frequency 1000 at recency = t: alive, expects many purchases; long after: surely gone
SELECT round(bgnbd_p_alive(m, 1000, 38.86, 38.86)::numeric, 6) AS heavy_alive,
       bgnbd_p_alive(m, 1000, 1, 38.86) < 1e-300 AS heavy_gone,
       round(bgnbd_expected_purchases(m, 1, 1000, 38, 38.86)::numeric, 10) AS heavy_e FROM pub;

-- STRICT: NULL in, NULL out
SELECT bgnbd_p_alive(NULL, 1, 1, 2) IS NULL AS a, bgnbd_p_alive(m, NULL, 1, 2) IS NULL AS b,
       bgnbd_expected_purchases(m, NULL::float8) IS NULL AS c,
       bgnbd_clv(m, NULL, 1, 1, 2, 10, 12, 4, 0.01) IS NULL AS d FROM pub;

-- argument errors
SELECT bgnbd_p_alive(m, 2, 40, 38.86) FROM pub;
SELECT bgnbd_p_alive(m, -1, 0, 38.86) FROM pub;
SELECT bgnbd_p_alive(m, 'NaN', 0, 38.86) FROM pub;
SELECT bgnbd_p_alive(m, 2.5, 10, 38.86) FROM pub;
SELECT bgnbd_p_alive(m, 0, 10, 38.86) FROM pub;
SELECT bgnbd_p_alive(m, 2, 10, 'Infinity') FROM pub;
SELECT bgnbd_expected_purchases(m, -1, 2, 10, 38.86) FROM pub;
SELECT bgnbd_expected_purchases(m, 'NaN'::float8) FROM pub;
SELECT bgnbd_probability_of_purchases(m, 39, -1) FROM pub;
SELECT bgnbd_clv(m, gamma_gamma_model(6.25, 3.74, 15.44), 2, 30.43, 38.86, 35, 0, 4.345, 0.01) FROM pub;
SELECT bgnbd_clv(m, gamma_gamma_model(6.25, 3.74, 15.44), 2, 30.43, 38.86, 35, 12, 0, 0.01) FROM pub;
SELECT bgnbd_clv(m, gamma_gamma_model(6.25, 3.74, 15.44), 2, 30.43, 38.86, 35, 12, 4.345, -0.01) FROM pub;
SELECT bgnbd_clv(m, gamma_gamma_model(6.25, 3.74, 15.44), 2, 30.43, 38.86, 0, 12, 4.345, 0.01) FROM pub;
SELECT bgnbd_clv(m, gamma_gamma_model(6.25, 0.9, 15.44), 0, 0, 38.86, 0, 12, 4.345, 0.01) FROM pub;
SELECT bgnbd_model(0, 1, 1, 1);
SELECT bgnbd_model(1, 'NaN', 1, 1);
SELECT bgnbd_p_alive(ROW(0.2, NULL, 1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_bgnbd_model, 1, 1, 2);
SELECT bgnbd_p_alive(ROW(0.2, 4, -1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_bgnbd_model, 1, 1, 2);

-- ---------------------------------------------------------------------------------------------
-- The fitting aggregate

-- empty input, or only NULL rows: NULL
SELECT bgnbd_fit(x, tx, t) IS NULL AS empty FROM (SELECT 1.0, 1.0, 1.0 WHERE false) v(x, tx, t);
SELECT bgnbd_fit(x, tx, t) IS NULL AS all_null FROM (VALUES (NULL::float8, 1.0, 2.0), (1, NULL, 2)) v(x, tx, t);
-- too few customers, nobody repeats: 22023 with a hint
SELECT bgnbd_fit(x, tx, t) FROM (VALUES (1, 2, 5), (0, 0, 5), (2, 4, 5)) v(x, tx, t);
SELECT bgnbd_fit(x, tx, t) FROM (SELECT 0, 0, 10 + g FROM generate_series(1, 50) g) v(x, tx, t);
SELECT bgnbd_fit(x, tx, t, w) FROM (VALUES (1, 2, 5, 2), (0, 0, 5, 2)) v(x, tx, t, w);
-- invalid rows: 22023 naming the value
SELECT bgnbd_fit(x, tx, t) FROM (VALUES (1, 2, 5), (1, 6, 5)) v(x, tx, t);
SELECT bgnbd_fit(x, tx, t) FROM (VALUES (1, 2, 5), (-1, 0, 5)) v(x, tx, t);
SELECT bgnbd_fit(x, tx, t) FROM (VALUES (1, 2, 5), ('NaN'::float8, 0, 5)) v(x, tx, t);
SELECT bgnbd_fit(x, tx, t, w) FROM (VALUES (1, 2, 5, -1)) v(x, tx, t, w);
-- identical customers (no heterogeneity): the likelihood improves without end as r and alpha
-- grow together; converged = false and a WARNING naming the parameter, not an error
SELECT (m).converged, (m).alpha > 1e6 AS alpha_huge, round(((m).r / (m).alpha)::numeric, 3) AS mean_rate
FROM (SELECT bgnbd_fit(x, tx, t) AS m
      FROM (VALUES (1, 10, 20), (1, 10, 20), (1, 10, 20), (1, 10, 20), (1, 10, 20), (0, 0, 20)) v(x, tx, t)) s;

-- Simulation: deterministic in the seed; customer i does not depend on n_customers
SELECT customer_id, frequency, round(recency::numeric, 6) AS recency, t
FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 3, 39, 42, 0) ORDER BY customer_id;
SELECT count(*) AS same_prefix
FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 100, 39, 7) a
JOIN bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 1000, 39, 7) b USING (customer_id)
WHERE a.frequency = b.frequency AND a.recency = b.recency;
-- day-granular by default (resolution 1/7): recency and t are whole days, recency <= t
SELECT bool_and(abs(recency * 7 - round(recency * 7)) < 1e-9) AS whole_days,
       bool_and(recency <= t) AS recency_le_t, bool_and((frequency = 0) = (recency = 0)) AS consistent,
       min(t) = 39 AND max(t) = 39 AS one_cohort
FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 20000, 39, 3);
SELECT count(*) FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 0, 39, 3);
SELECT * FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), -1, 39, 3);
SELECT * FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 10, 0, 3);
SELECT * FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 10, 39, 3, -1);
-- a purchase rate in the wrong time unit (alpha tiny) and customers who never leave: 54000
SELECT * FROM bgnbd_simulate(bgnbd_model(1, 1e-6, 1e-3, 100), 10, 39, 3, 0);

-- Fit 100,000 simulated customers (exact event times) and recover the parameters within
-- three standard errors; the weighted form on the collapsed histogram gives the same fit.
CREATE TEMP TABLE sim AS
SELECT * FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 100000, 52, 20240607, 0);
CREATE TEMP TABLE simfit AS SELECT bgnbd_fit(frequency, recency, t) AS m FROM sim;
SELECT (m).n, (m).converged,
       abs((m).r - 0.243) < 3 * (m).se_r AS r_ok,
       abs((m).alpha - 4.414) < 3 * (m).se_alpha AS alpha_ok,
       abs((m).a - 0.793) < 3 * (m).se_a AS a_ok,
       abs((m).b - 2.426) < 3 * (m).se_b AS b_ok,
       (m).se_r < 0.01 AND (m).se_alpha < 0.1 AS tight
FROM simfit;
SELECT round((f.m).r::numeric, 6) = round((w.m).r::numeric, 6) AS same_r,
       round((f.m).alpha::numeric, 6) = round((w.m).alpha::numeric, 6) AS same_alpha,
       round((f.m).a::numeric, 6) = round((w.m).a::numeric, 6) AS same_a,
       round((f.m).b::numeric, 6) = round((w.m).b::numeric, 6) AS same_b,
       round((f.m).loglik::numeric, 4) = round((w.m).loglik::numeric, 4) AS same_loglik,
       (w.m).n AS n
FROM simfit f,
     (SELECT bgnbd_fit(frequency, recency, t, c) AS m
      FROM (SELECT frequency, recency, t, count(*) AS c FROM sim GROUP BY 1, 2, 3) h) w;
-- weight 0 rows do not count; NULL weights are ignored
SELECT (m).n FROM (SELECT bgnbd_fit(frequency, recency, t, w) AS m
                   FROM (SELECT frequency, recency, t, CASE WHEN customer_id % 3 = 0 THEN 0
                                                            WHEN customer_id % 3 = 1 THEN NULL ELSE 2 END AS w
                         FROM sim) s) f;
DROP TABLE sim, simfit, pub;
