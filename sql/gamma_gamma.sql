SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV", JMR; Hardie's note 2013):
-- fitting aggregate, expected spend, simulation, errors. Money in dollars.

CREATE TEMP TABLE pub AS SELECT gamma_gamma_model(6.25, 3.74, 15.44) AS g;
SELECT (g).p, (g).q, (g).v, (g).n IS NULL AS no_n FROM pub;
-- E[M | x, mbar] = p (v + x mbar) / (p x + q - 1): population mean p v / (q - 1) = 35.218978
-- at x = 0; 6.25 (15.44 + 70) / 15.24 = 35.039370 for two purchases of 35; pulled towards the
-- customer's own average as x grows
SELECT round(gamma_gamma_expected_spend(g, 0, 0)::numeric, 6) AS population_mean,
       round(gamma_gamma_expected_spend(g, 2, 35)::numeric, 6) AS two_of_35,
       round(gamma_gamma_expected_spend(g, 1, 200)::numeric, 6) AS one_of_200,
       round(gamma_gamma_expected_spend(g, 100, 200)::numeric, 6) AS hundred_of_200,
       round(gamma_gamma_expected_spend(g, 1e6, 200)::numeric, 3) AS million_of_200
FROM pub;
SELECT gamma_gamma_expected_spend(g, NULL, 10) IS NULL AS strict FROM pub;

-- errors
SELECT gamma_gamma_expected_spend(g, 2, 0) FROM pub;
SELECT gamma_gamma_expected_spend(g, 2, -3) FROM pub;
SELECT gamma_gamma_expected_spend(g, 2, 'NaN') FROM pub;
SELECT gamma_gamma_expected_spend(g, -2, 10) FROM pub;
SELECT gamma_gamma_expected_spend(gamma_gamma_model(6, 1, 15), 0, 0);
SELECT gamma_gamma_model(6.25, 0, 15.44);
SELECT gamma_gamma_expected_spend(ROW(6.25, NULL, 15.44, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_gamma_gamma_model, 1, 10);

-- the fitting aggregate: customers with frequency 0 are skipped (their monetary is ignored)
SELECT gamma_gamma_fit(x, m) IS NULL AS only_zero_frequency
FROM (VALUES (0, 0), (0, 12.5), (0, 99)) v(x, m);
SELECT gamma_gamma_fit(x, m) FROM (VALUES (1, 10), (2, 20), (0, 0), (0, 0), (0, 0), (3, 30)) v(x, m);
SELECT gamma_gamma_fit(x, m) FROM (VALUES (1, 10), (2, 0), (3, 30)) v(x, m);
SELECT gamma_gamma_fit(x, m) FROM (VALUES (1, 10), (2, -5), (3, 30)) v(x, m);
SELECT gamma_gamma_fit(x, m) FROM (VALUES (1, 10), (2.5, 5), (3, 30)) v(x, m);
SELECT gamma_gamma_fit(x, m, w) FROM (VALUES (1, 10, -1)) v(x, m, w);
SELECT gamma_gamma_fit(x, m) FROM (VALUES (1, 10), (2, 'Infinity'::float8)) v(x, m);

-- Simulation: the average of x spends of a customer drawn from the model; deterministic in
-- the seed; 0 without repeat purchases
SELECT gamma_gamma_simulate(g, 0, 1) AS none,
       gamma_gamma_simulate(g, 3, 42) = gamma_gamma_simulate(g, 3, 42) AS deterministic,
       gamma_gamma_simulate(g, 3, 42) <> gamma_gamma_simulate(g, 3, 43) AS seeded,
       gamma_gamma_simulate(g, 3, 42) > 0 AS positive FROM pub;
SELECT gamma_gamma_simulate(g, -1, 1) FROM pub;

-- Fit 100,000 simulated customers (frequencies from a BG/NBD simulation, spends from the
-- Gamma-Gamma model; the fit uses the repeaters) and recover p, q, v within three standard
-- errors; the weighted form gives the same fit.
CREATE TEMP TABLE sim AS
SELECT s.customer_id, s.frequency, gamma_gamma_simulate(g, s.frequency, s.customer_id) AS monetary
FROM pub, bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 100000, 52, 5) s;
CREATE TEMP TABLE simfit AS SELECT gamma_gamma_fit(frequency, monetary) AS m FROM sim;
SELECT (m).n = (SELECT count(*) FROM sim WHERE frequency > 0) AS n_is_repeaters, (m).converged,
       abs((m).p - 6.25) < 3 * (m).se_p AS p_ok,
       abs((m).q - 3.74) < 3 * (m).se_q AS q_ok,
       abs((m).v - 15.44) < 3 * (m).se_v AS v_ok
FROM simfit;
SELECT round((f.m).p::numeric, 6) = round((w.m).p::numeric, 6) AND round((f.m).q::numeric, 6) = round((w.m).q::numeric, 6)
       AND round((f.m).v::numeric, 6) = round((w.m).v::numeric, 6) AS same_fit
FROM simfit f,
     (SELECT gamma_gamma_fit(frequency, monetary, c) AS m
      FROM (SELECT frequency, monetary, count(*) AS c FROM sim GROUP BY 1, 2) h) w;
DROP TABLE sim, simfit, pub;
