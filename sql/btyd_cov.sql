SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- Covariates in BG/NBD and Pareto/NBD (CLVTools' static-covariate specification).
-- Customers are simulated in three covariate groups, each from the plain model at that group's
-- own parameters (alpha_i = alpha exp(-gp z_p); BG/NBD a_i, b_i = a, b exp(gd z_d); Pareto/NBD
-- beta_i = beta exp(-gd z_d)), so the covariate model is exactly true; the fit must recover the
-- true effects within 3 standard errors. Fixed seeds.
CREATE TEMP TABLE cov_groups (g int, zp float8, zd float8);
INSERT INTO cov_groups VALUES (0, 0, 0), (1, 1, 0), (2, 0, 1);

-- BG/NBD: r = 0.8, alpha = 4.5, a = 0.7, b = 2.5, gamma_purchase = 0.5, gamma_dropout = -0.7
CREATE TEMP TABLE bg_sim AS
SELECT g.g, g.zp, g.zd, s.frequency::float8 AS frequency, s.recency, s.t
FROM cov_groups g,
     LATERAL bgnbd_simulate(bgnbd_model(0.8, 4.5 * exp(-0.5 * g.zp), 0.7 * exp(-0.7 * g.zd),
                                        2.5 * exp(-0.7 * g.zd)), 3000, 39, 100 + g.g) s;
CREATE TEMP TABLE bg_fit AS
SELECT bgnbd_fit(frequency, recency, t, ARRAY[zp], ARRAY[zd]) AS m FROM bg_sim;
SELECT (m).converged, (m).n, (m).iterations > 0 AS iterated,
       round((m).r::numeric, 4) AS r, round((m).alpha::numeric, 4) AS alpha,
       round((m).a::numeric, 4) AS a, round((m).b::numeric, 4) AS b,
       round((m).gamma_purchase[1]::numeric, 4) AS gp, round((m).se_gamma_purchase[1]::numeric, 4) AS se_gp,
       round((m).gamma_dropout[1]::numeric, 4) AS gd, round((m).se_gamma_dropout[1]::numeric, 4) AS se_gd,
       abs((m).gamma_purchase[1] - 0.5) <= 3 * (m).se_gamma_purchase[1] AS gp_within_3se,
       abs((m).gamma_dropout[1] + 0.7) <= 3 * (m).se_gamma_dropout[1] AS gd_within_3se
FROM bg_fit;
-- the covariate model beats the plain model on these customers
SELECT (c.m).loglik > (p.m).loglik AS better_than_plain,
       round(((c.m).loglik - (p.m).loglik)::numeric, 2) AS loglik_gain
FROM bg_fit c, (SELECT bgnbd_fit(frequency, recency, t) AS m FROM bg_sim) p;

-- Pareto/NBD: r = 0.6, alpha = 5, s = 0.9, beta = 12, gamma_purchase = 0.5, gamma_dropout = 0.8
CREATE TEMP TABLE pn_sim AS
SELECT g.g, g.zp, g.zd, s.frequency::float8 AS frequency, s.recency, s.t
FROM cov_groups g,
     LATERAL pareto_nbd_simulate(pareto_nbd_model(0.6, 5 * exp(-0.5 * g.zp), 0.9,
                                                  12 * exp(-0.8 * g.zd)), 3000, 39, 200 + g.g) s;
CREATE TEMP TABLE pn_fit AS
SELECT pareto_nbd_fit(frequency, recency, t, ARRAY[zp], ARRAY[zd]) AS m FROM pn_sim;
SELECT (m).converged, (m).n,
       round((m).r::numeric, 4) AS r, round((m).alpha::numeric, 4) AS alpha,
       round((m).s::numeric, 4) AS s, round((m).beta::numeric, 4) AS beta,
       round((m).gamma_purchase[1]::numeric, 4) AS gp, round((m).se_gamma_purchase[1]::numeric, 4) AS se_gp,
       round((m).gamma_dropout[1]::numeric, 4) AS gd, round((m).se_gamma_dropout[1]::numeric, 4) AS se_gd,
       abs((m).gamma_purchase[1] - 0.5) <= 3 * (m).se_gamma_purchase[1] AS gp_within_3se,
       abs((m).gamma_dropout[1] - 0.8) <= 3 * (m).se_gamma_dropout[1] AS gd_within_3se
FROM pn_fit;

-- Two covariates per process, one of them pure noise (true effect 0): within 3 SE of 0.
SELECT abs((m).gamma_purchase[2]) <= 3 * (m).se_gamma_purchase[2] AS noise_p_within_3se,
       abs((m).gamma_dropout[2]) <= 3 * (m).se_gamma_dropout[2] AS noise_d_within_3se,
       abs((m).gamma_purchase[1] - 0.5) <= 3 * (m).se_gamma_purchase[1] AS gp_within_3se,
       array_length((m).gamma_purchase, 1) AS kp, array_length((m).se_gamma_dropout, 1) AS kd
FROM (SELECT pareto_nbd_fit(frequency, recency, t, ARRAY[zp, ((hashint4(g * 100000 + row_n) % 2) = 0)::int::float8],
                            ARRAY[zd, ((hashint4(g * 100000 + row_n + 7) % 2) = 0)::int::float8]) AS m
      FROM (SELECT *, row_number() OVER (PARTITION BY g ORDER BY frequency, recency, t)::int AS row_n FROM pn_sim) q) f;

-- Equality with the plain model.
-- (1) No covariates at all ('{}'): the plain model's fit.
SELECT round((c.m).r::numeric, 6) = round((p.m).r::numeric, 6) AS r,
       round((c.m).alpha::numeric, 6) = round((p.m).alpha::numeric, 6) AS alpha,
       round((c.m).a::numeric, 6) = round((p.m).a::numeric, 6) AS a,
       round((c.m).b::numeric, 6) = round((p.m).b::numeric, 6) AS b,
       round((c.m).loglik::numeric, 6) = round((p.m).loglik::numeric, 6) AS loglik,
       (c.m).gamma_purchase = '{}' AND (c.m).gamma_dropout = '{}' AS no_effects
FROM (SELECT bgnbd_fit(frequency, recency, t, '{}', '{}') AS m FROM bg_sim) c,
     (SELECT bgnbd_fit(frequency, recency, t) AS m FROM bg_sim) p;
SELECT round((c.m).r::numeric, 6) = round((p.m).r::numeric, 6) AS r,
       round((c.m).beta::numeric, 4) = round((p.m).beta::numeric, 4) AS beta,
       round((c.m).loglik::numeric, 6) = round((p.m).loglik::numeric, 6) AS loglik
FROM (SELECT pareto_nbd_fit(frequency, recency, t, '{}', '{}') AS m FROM pn_sim) c,
     (SELECT pareto_nbd_fit(frequency, recency, t) AS m FROM pn_sim) p;
-- (2) A model whose effects are 0 scores every customer exactly as the plain model does.
SELECT bool_and(bgnbd_p_alive(ROW(0.8, 4.5, 0.7, 2.5, '{0,0}', '{0}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_bgnbd_cov_model,
                              frequency, recency, t, ARRAY[zp, 3], ARRAY[zd])
                = bgnbd_p_alive(bgnbd_model(0.8, 4.5, 0.7, 2.5), frequency, recency, t)) AS bg_p_alive_equal,
       bool_and(abs(bgnbd_expected_purchases(ROW(0.8, 4.5, 0.7, 2.5, '{0,0}', '{0}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_bgnbd_cov_model,
                                             10, frequency, recency, t, ARRAY[zp, 3], ARRAY[zd])
                    - bgnbd_expected_purchases(bgnbd_model(0.8, 4.5, 0.7, 2.5), 10, frequency, recency, t)) <= 1e-12) AS bg_expected_equal
FROM bg_sim WHERE g = 1;
SELECT bool_and(pareto_nbd_p_alive(ROW(0.6, 5, 0.9, 12, '{0}', '{0}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_pareto_nbd_cov_model,
                                   frequency, recency, t, ARRAY[zp], ARRAY[zd])
                = pareto_nbd_p_alive(pareto_nbd_model(0.6, 5, 0.9, 12), frequency, recency, t)) AS pn_p_alive_equal,
       bool_and(abs(pareto_nbd_expected_purchases(ROW(0.6, 5, 0.9, 12, '{0}', '{0}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_pareto_nbd_cov_model,
                                                  10, frequency, recency, t, ARRAY[zp], ARRAY[zd])
                    - pareto_nbd_expected_purchases(pareto_nbd_model(0.6, 5, 0.9, 12), 10, frequency, recency, t)) <= 1e-12) AS pn_expected_equal
FROM pn_sim WHERE g = 2;
-- (3) A customer's covariates act through its own parameters: a BG/NBD customer with z_p = 1
-- is scored as the plain model with alpha exp(-gamma_purchase).
SELECT round(bgnbd_p_alive(ROW(0.8, 4.5, 0.7, 2.5, '{0.5}', '{-0.7}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_bgnbd_cov_model,
                           3, 20, 39, '{1}', '{1}')::numeric, 12)
     = round(bgnbd_p_alive(bgnbd_model(0.8, 4.5 * exp(-0.5), 0.7 * exp(-0.7), 2.5 * exp(-0.7)), 3, 20, 39)::numeric, 12) AS own_parameters;
-- (4) Shifting a covariate by a constant moves only the base parameter it scales: same
-- likelihood and effect, alpha multiplied by exp(-gamma_purchase * shift).
SELECT round((s.m).loglik::numeric, 6) = round((c.m).loglik::numeric, 6) AS same_loglik,
       round((s.m).gamma_purchase[1]::numeric, 6) = round((c.m).gamma_purchase[1]::numeric, 6) AS same_effect,
       round(((s.m).alpha / ((c.m).alpha * exp(-(c.m).gamma_purchase[1] * -2)))::numeric, 6) AS alpha_ratio
FROM bg_fit c, (SELECT bgnbd_fit(frequency, recency, t, ARRAY[zp + 2], ARRAY[zd]) AS m FROM bg_sim) s;

-- Scoring with the fitted models (rounded).
SELECT f, r, t, zp, zd,
       round(bgnbd_p_alive((SELECT m FROM bg_fit), f, r, t, ARRAY[zp], ARRAY[zd])::numeric, 6) AS bg_p_alive,
       round(bgnbd_expected_purchases((SELECT m FROM bg_fit), 10, f, r, t, ARRAY[zp], ARRAY[zd])::numeric, 6) AS bg_expected,
       round(pareto_nbd_p_alive((SELECT m FROM pn_fit), f, r, t, ARRAY[zp], ARRAY[zd])::numeric, 6) AS pn_p_alive,
       round(pareto_nbd_expected_purchases((SELECT m FROM pn_fit), 10, f, r, t, ARRAY[zp], ARRAY[zd])::numeric, 6) AS pn_expected
FROM (VALUES (0::float8, 0::float8, 20::float8, 0::float8, 0::float8), (4, 30, 39, 0, 0), (4, 30, 39, 1, 0),
             (4, 30, 39, 0, 1), (4, 10, 39, 0, 1)) v(f, r, t, zp, zd)
ORDER BY zp, zd, f, r;

-- NULL inputs: rows with a NULL are skipped; no rows give NULL; STRICT scoring gives NULL.
SELECT (bgnbd_fit(frequency, recency, t, CASE WHEN g = 0 AND frequency = 0 THEN NULL ELSE ARRAY[zp] END, ARRAY[zd])).n
       = (SELECT count(*) FROM bg_sim WHERE NOT (g = 0 AND frequency = 0)) AS null_rows_skipped
FROM bg_sim;
SELECT bgnbd_fit(frequency, recency, t, ARRAY[zp], ARRAY[zd]) IS NULL AS empty_is_null FROM bg_sim WHERE false;
SELECT pareto_nbd_fit(frequency, recency, t, ARRAY[zp], ARRAY[zd]) IS NULL AS empty_is_null FROM pn_sim WHERE false;
SELECT bgnbd_p_alive((SELECT m FROM bg_fit), 1, 2, 3, NULL, '{0}') IS NULL AS strict_null;

-- A constant covariate is not identified (its effect is alpha's, or a and b's, or beta's): an error.
SELECT bgnbd_fit(frequency, recency, t, ARRAY[zp, 1], ARRAY[zd]) FROM bg_sim;
SELECT pareto_nbd_fit(frequency, recency, t, ARRAY[zp], ARRAY[0::float8]) FROM pn_sim;
-- Two covariates that carry the same information: the fit says it did not converge.
SELECT (m).converged, (m).se_gamma_purchase IS NULL AS no_se
FROM (SELECT bgnbd_fit(frequency, recency, t, ARRAY[zp, 2 * zp], ARRAY[zd]) AS m FROM bg_sim) f;

-- Errors and their SQLSTATEs.
SELECT bgnbd_fit(x, r, t, zp, '{}') FROM (VALUES (1::float8, 1::float8, 2::float8, '{1}'::float8[]), (1, 1, 2, '{1,2}')) v(x, r, t, zp);
SELECT bgnbd_fit(x, r, t, zp, '{}') FROM (VALUES (1::float8, 1::float8, 2::float8, '{1,NULL}'::float8[])) v(x, r, t, zp);
SELECT bgnbd_fit(x, r, t, zp, '{}') FROM (VALUES (1::float8, 1::float8, 2::float8, '{1,NaN}'::float8[])) v(x, r, t, zp);
SELECT bgnbd_p_alive((SELECT m FROM bg_fit), 1, 2, 3, '{1,2}', '{0}');
CREATE FUNCTION pg_temp.sqlstate_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;
SELECT q, pg_temp.sqlstate_of(q) AS sqlstate FROM (VALUES
    ('SELECT bgnbd_fit(x, r, t, zp, ''{}'') FROM (VALUES (1::float8, 1::float8, 2::float8, ''{1}''::float8[]), (1, 1, 2, ''{1,2}'')) v(x, r, t, zp)'),
    ('SELECT pareto_nbd_fit(x, r, t, ''{}'', zd) FROM (VALUES (1::float8, 1::float8, 2::float8, ''{1}''::float8[]), (1, 1, 2, ''{}'')) v(x, r, t, zd)'),
    ('SELECT bgnbd_fit(1, 1, 2, ''{1,NULL}'', ''{}'')'),
    ('SELECT bgnbd_fit(1, 1, 2, ''{Infinity}'', ''{}'')'),
    ('SELECT pareto_nbd_fit(1, 1, 2, ''{}'', ''{NaN}'')'),
    ('SELECT bgnbd_fit(1, 1, 2, ''{{1},{2}}'', ''{}'')'),
    ('SELECT bgnbd_fit(1, 3, 2, ''{1}'', ''{}'')'),
    ('SELECT bgnbd_fit(1.5, 1, 2, ''{1}'', ''{}'')'),
    ('SELECT bgnbd_fit(1, 1, 2, ''{1,2,3,4,5,6,7}'', ''{1,2,3,4,5,6}'')'),
    ('SELECT bgnbd_fit(x, 1, 2, ARRAY[x], ''{}'') FROM generate_series(1, 3) x'),
    ('SELECT bgnbd_fit(0, 0, 2, ARRAY[x], ''{}'') FROM generate_series(1, 10) x'),
    ('SELECT bgnbd_p_alive((SELECT m FROM bg_fit), 1, 2, 3, ''{1,2}'', ''{0}'')'),
    ('SELECT bgnbd_p_alive((SELECT m FROM bg_fit), 1, 2, 3, ''{1}'', ''{}'')'),
    ('SELECT bgnbd_p_alive((SELECT m FROM bg_fit), 1, 2, 3, ''{NaN}'', ''{0}'')'),
    ('SELECT bgnbd_p_alive((SELECT m FROM bg_fit), 1, 2, 3, ''{NULL}'', ''{0}'')'),
    ('SELECT bgnbd_p_alive((SELECT m FROM bg_fit), 1, 2, 3, ''{1e6}'', ''{0}'')'),
    ('SELECT bgnbd_expected_purchases((SELECT m FROM bg_fit), -1, 1, 2, 3, ''{1}'', ''{0}'')'),
    ('SELECT pareto_nbd_p_alive(ROW(0.6, 5, 0.9, 12, NULL, ''{0}'', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_pareto_nbd_cov_model, 1, 2, 3, ''{}'', ''{0}'')'),
    ('SELECT pareto_nbd_p_alive(ROW(0.6, -5, 0.9, 12, ''{}'', ''{0}'', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_pareto_nbd_cov_model, 1, 2, 3, ''{}'', ''{0}'')'),
    ('SELECT pareto_nbd_expected_purchases((SELECT m FROM pn_fit), 5, 2, 3, 2, ''{1}'', ''{0}'')')) v(q)
ORDER BY q;

-- Forced parallel plans: Partial Aggregate, and the same fit (rows are sorted before fitting).
CREATE TEMP TABLE serial AS
SELECT (SELECT m FROM bg_fit) AS bg, (SELECT m FROM pn_fit) AS pn;
CREATE TABLE cov_par AS SELECT * FROM bg_sim;
CREATE TABLE cov_par_pn AS SELECT * FROM pn_sim;
ANALYZE cov_par;
ANALYZE cov_par_pn;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT bgnbd_fit(frequency, recency, t, ARRAY[zp], ARRAY[zd]) FROM cov_par;
CREATE TEMP TABLE par AS
SELECT (SELECT bgnbd_fit(frequency, recency, t, ARRAY[zp], ARRAY[zd]) FROM cov_par) AS bg,
       (SELECT pareto_nbd_fit(frequency, recency, t, ARRAY[zp], ARRAY[zd]) FROM cov_par_pn) AS pn;
SELECT (s.bg).loglik = (p.bg).loglik AS bg_loglik_identical,
       (s.bg).gamma_purchase = (p.bg).gamma_purchase AS bg_gp_identical,
       (s.bg).se_gamma_dropout = (p.bg).se_gamma_dropout AS bg_se_identical,
       (s.pn).loglik = (p.pn).loglik AS pn_loglik_identical,
       (s.pn).gamma_dropout = (p.pn).gamma_dropout AS pn_gd_identical,
       (s.pn).n = (p.pn).n AS pn_n
FROM serial s, par p;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
DROP TABLE cov_par, cov_par_pn;
