SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- MBG/NBD (Batislam, Denizel & Filiztekin 2007; expectations as corrected by Wagner & Hoppe
-- 2008): like BG/NBD, but a customer may drop out right after the first purchase, so P(alive)
-- is below 1 also for customers without repeat purchases. Time unit: weeks. Reference values
-- computed with mpmath at 30 digits from the closed forms.

CREATE TEMP TABLE pub AS SELECT mbgnbd_model(0.525, 6.183, 0.891, 1.614) AS m;
SELECT (m).r, (m).alpha, (m).a, (m).b FROM pub;

-- mpmath: 1.262961, 0.154013, 0.339581, 0.240132
SELECT round(mbgnbd_expected_purchases(m, 39, 2, 30.43, 38.86)::numeric, 6) AS e39,
       round(mbgnbd_expected_purchases(m, 39, 0, 0, 38.86)::numeric, 6) AS x0,
       round(mbgnbd_expected_purchases(m, 10, 5, 20, 38)::numeric, 6) AS x5,
       round(mbgnbd_expected_purchases(m, 52, 1, 1.71, 38.86)::numeric, 6) AS h52 FROM pub;
-- mpmath: 0.706202, 0.389735 (x = 0 may have dropped out at once), 0.170836
SELECT round(mbgnbd_p_alive(m, 2, 30.43, 38.86)::numeric, 6) AS p_alive,
       round(mbgnbd_p_alive(m, 0, 0, 38.86)::numeric, 6) AS p_alive_x0,
       round(mbgnbd_p_alive(m, 1, 1.71, 38.86)::numeric, 6) AS p_alive_early FROM pub;
-- a new customer (mpmath: 1.182954 = b/(a-1) [1 - ...]), P(X(39) = 0) 0.582473, P(X(100) = 20) 0.001394
SELECT round(mbgnbd_expected_purchases(m, 39)::numeric, 6) AS e_new,
       round(mbgnbd_probability_of_purchases(m, 39, 0)::numeric, 6) AS p0,
       round(mbgnbd_probability_of_purchases(m, 100, 20)::numeric, 6) AS p20 FROM pub;
SELECT round(sum(mbgnbd_probability_of_purchases(m, 39, n))::numeric, 9) AS total,
       round((sum(n * mbgnbd_probability_of_purchases(m, 39, n)) - mbgnbd_expected_purchases(m, 39))::numeric, 9) AS mean_minus_e
FROM pub, generate_series(0, 3000) n GROUP BY m;
-- a new customer is one with x = t_x = T = 0
SELECT round((mbgnbd_expected_purchases(m, 39) - mbgnbd_expected_purchases(m, 39, 0, 0, 0))::numeric, 12) AS same FROM pub;

-- CLV over 12 periods of 4.345 weeks at 1% per period, scaled to a spend of 40 per transaction
-- (mpmath with spend 40: 60.334620)
SELECT round((40 * mbgnbd_clv(m, g, 2, 30.43, 38.86, 40, 12, 4.345, 0.01)
              / gamma_gamma_expected_spend(g, 2, 40))::numeric, 6) AS clv
FROM pub, (SELECT gamma_gamma_model(6.25, 3.74, 15.44) AS g) gg;

-- extremes: finite and in range
SELECT count(*) AS cases, bool_and(p >= 0 AND p <= 1) AS p_in_range, bool_and(e >= 0 AND e < 'Infinity') AS e_finite
FROM pub, LATERAL (VALUES (1000, 38.86, 38.86), (1000, 1e-6, 1e-6), (0, 0, 1e-12), (1, 1e-12, 1e-12),
                          (5, 1e6, 1e6), (0, 0, 1e9), (3, 0, 50), (0, 0, 0)) c(x, tx, t),
     LATERAL (VALUES (0), (1e-12), (1), (39), (1e4), (1e8)) h(h),
     LATERAL (SELECT mbgnbd_p_alive(m, x, tx, t) AS p, mbgnbd_expected_purchases(m, h, x, tx, t) AS e) s;

-- errors name the model and the value
SELECT mbgnbd_p_alive(m, 2, 40, 38.86) FROM pub;
SELECT mbgnbd_expected_purchases(m, 39, 1.5, 10, 38.86) FROM pub;
SELECT mbgnbd_probability_of_purchases(m, -1, 2) FROM pub;
SELECT mbgnbd_clv(m, gamma_gamma_model(6.25, 3.74, 15.44), 2, 30.43, 38.86, -5, 12, 4.345, 0.01) FROM pub;
SELECT mbgnbd_p_alive(ROW(0.5, 6, 0.9, 'Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_mbgnbd_model, 1, 1, 2);
SELECT mbgnbd_model(0.5, 6, 0.9, -1);
SELECT mbgnbd_fit(x, tx, t) FROM (VALUES (0, 0, 5), (0, 0, 6), (0, 0, 7), (0, 0, 8), (0, 0, 9)) v(x, tx, t);
SELECT mbgnbd_fit(x, tx, t) FROM (VALUES (3, 2, 5), (3, 2, 5)) v(x, tx, t);

-- Simulation: with MBG/NBD some customers drop out at once
SELECT round(avg((frequency = 0)::int)::numeric, 2) AS share_without_repeat
FROM mbgnbd_simulate(mbgnbd_model(0.525, 6.183, 0.891, 1.614), 20000, 39, 11);
-- fit 100,000 simulated customers (exact times): parameters within three standard errors
CREATE TEMP TABLE sim AS
SELECT * FROM mbgnbd_simulate(mbgnbd_model(0.525, 6.183, 0.891, 1.614), 100000, 52, 20240607, 0);
SELECT (m).n, (m).converged,
       abs((m).r - 0.525) < 3 * (m).se_r AS r_ok,
       abs((m).alpha - 6.183) < 3 * (m).se_alpha AS alpha_ok,
       abs((m).a - 0.891) < 3 * (m).se_a AS a_ok,
       abs((m).b - 1.614) < 3 * (m).se_b AS b_ok
FROM (SELECT mbgnbd_fit(frequency, recency, t) AS m FROM sim) f;
-- weighted form on the histogram: the same fit
SELECT round((f.m).r::numeric, 6) = round((w.m).r::numeric, 6) AND round((f.m).alpha::numeric, 6) = round((w.m).alpha::numeric, 6)
       AND round((f.m).a::numeric, 6) = round((w.m).a::numeric, 6) AND round((f.m).b::numeric, 6) = round((w.m).b::numeric, 6) AS same_fit
FROM (SELECT mbgnbd_fit(frequency, recency, t) AS m FROM sim) f,
     (SELECT mbgnbd_fit(frequency, recency, t, c) AS m
      FROM (SELECT frequency, recency, t, count(*) AS c FROM sim GROUP BY 1, 2, 3) h) w;
DROP TABLE sim, pub;
