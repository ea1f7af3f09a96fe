SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- sbg_compare: sBG per group and pooled, likelihood-ratio test of "same retention". Reference:
-- the sBG likelihood written from Fader & Hardie (2007) and maximised by R's optim()
-- (test/reference/sbg_compare.R prints these numbers). The maximised log-likelihoods agree to
-- 1e-9 relative; the parameters to 1e-5 (the likelihood is flat at its maximum, and each
-- optimiser stops within its own tolerance there).

-- Fader & Hardie (2007), Table 1: survivors of 1,000 customers, years 0-7 (the calibration
-- period); published fits: regular alpha 0.704, beta 1.182; high end alpha 0.668, beta 3.806.
CREATE TEMP TABLE fh (segment text, survivors float8[]);
INSERT INTO fh VALUES
('regular',  '{1000,631,468,382,326,289,262,241}'),
('high end', '{1000,869,743,653,593,551,517,491}');

CREATE TEMP TABLE ref_fit (test text, grp text, alpha float8, beta float8, loglik float8);
INSERT INTO ref_fit VALUES
('fh', 'high end', 0.66808839653648189, 3.8060954815725108, -1611.1581473911565),
('fh', 'regular', 0.7040772098641459, 1.1820428764670956, -1680.2651884632874),
('fh', 'pooled', 0.58073949809566583, 1.6785530685078933, -3393.4017248188543),
('ragged', 'high end', 1.2809760066543852, 7.7903822868663894, -1225.1349070416115),
('ragged', 'regular', 0.7177943304928559, 1.2083282745661965, -3197.389501887862),
('ragged', 'pooled', 0.68746539609796919, 1.6699227300102699, -4551.9458311173594),
('three', 'high end', 0.66808839653648189, 3.8060954815725108, -1611.1581473911565),
('three', 'mid', 0.74355649296120507, 2.1949946525392443, -1527.1456248479928),
('three', 'regular', 0.7040772098641459, 1.1820428764670956, -1680.2651884632874),
('three', 'pooled', 0.61668978762900362, 1.789168693945032, -4921.9892435290067);
CREATE TEMP TABLE ref_test (test text, lr float8, df int, p float8);
INSERT INTO ref_test VALUES
('fh', 203.95677792882088, 2, 5.1445619272291524e-45),
('ragged', 258.84284437577116, 2, 6.2085545847527267e-57),
('three', 206.84056565313949, 4, 1.2703597253887202e-43);

CREATE TEMP TABLE result AS
SELECT 'fh' AS test, sbg_compare(segment, survivors) AS r FROM fh
UNION ALL
-- Cohorts of different lengths: the high-end cohort seen for 4 years only, and a second regular
-- cohort (5 years) fitted jointly with the first (same group, one alpha and beta).
SELECT 'ragged', sbg_compare(g, s) FROM (VALUES
    ('high end', '{1000,869,743,653,593}'::float8[]),
    ('regular', '{1000,631,468,382,326,289,262,241}'),
    ('regular', '{1000,631,468,382,326,289}')) v(g, s)
UNION ALL
-- Three groups (4 df): the two of the paper and a made-up mid tier.
SELECT 'three', sbg_compare(g, s) FROM (
    SELECT segment, survivors FROM fh
    UNION ALL VALUES ('mid', '{1000,752,601,508,447,403}'::float8[])) v(g, s);

-- The paper's cohorts: the published parameters, and the test.
SELECT (r).groups, (r).n_groups, (r).df, round((r).lr_statistic::numeric, 4) AS lr_statistic,
       (r).p_value < 1e-40 AS p_tiny,
       round((r).loglik_separate::numeric, 4) AS loglik_separate,
       round((r).loglik_pooled::numeric, 4) AS loglik_pooled
FROM result WHERE test = 'fh';
SELECT u.grp, round(u.alpha::numeric, 3) AS alpha, round(u.beta::numeric, 3) AS beta,
       round(u.loglik::numeric, 2) AS loglik, u.n, u.n_periods, u.converged,
       u.se_alpha IS NOT NULL AS has_se
FROM result, unnest((r).groups || '{pooled}'::text[], (r).models || (r).pooled)
    AS u(grp, alpha, beta, loglik, n, n_periods, iterations, converged, se_alpha, se_beta)
WHERE test = 'fh'
ORDER BY u.grp;

-- Every fit against R: log-likelihood to 1e-9 relative, parameters to 1e-5.
SELECT f.test, f.grp, u.n, u.n_periods,
       abs(u.loglik / f.loglik - 1) < 1e-9 AS loglik_ok,
       abs(u.alpha / f.alpha - 1) < 1e-5 AND abs(u.beta / f.beta - 1) < 1e-5 AS params_ok
FROM result
CROSS JOIN LATERAL unnest((r).groups || '{pooled}'::text[], (r).models || (r).pooled)
    AS u(grp, alpha, beta, loglik, n, n_periods, iterations, converged, se_alpha, se_beta)
JOIN ref_fit f ON f.test = result.test AND f.grp = u.grp
ORDER BY f.test, f.grp;

-- The test against R: the statistic (a difference of log-likelihoods) to 1e-7, p to 1e-6.
SELECT t.test, (r).df, (r).df = t.df AS df_ok,
       abs((r).lr_statistic / t.lr - 1) < 1e-7 AS lr_ok,
       abs((r).p_value / t.p - 1) < 1e-6 AS p_ok,
       abs((r).loglik_separate - (SELECT sum((m).loglik) FROM unnest((r).models) m)) < 1e-9 AS sum_ok
FROM result JOIN ref_test t USING (test)
ORDER BY t.test;

-- Cohorts of equal length pool as their element-wise sum (the likelihood is linear in the counts).
SELECT round(((r).pooled).loglik::numeric, 6) AS pooled_loglik,
       round(((sbg_fit('{2000,1500,1211,1035,919,840,779,732}'::float8[])).loglik)::numeric, 6) AS sum_fit_loglik
FROM result WHERE test = 'fh';

-- Row order and NULLs: the same bits in any order; NULL rows and empty arrays are ignored; no
-- row at all gives NULL.
SELECT (SELECT sbg_compare(segment, survivors ORDER BY segment DESC) FROM fh)
           = (SELECT r FROM result WHERE test = 'fh') AS order_independent,
       (SELECT sbg_compare(g, s) FROM (SELECT segment, survivors FROM fh
            UNION ALL VALUES (NULL, '{10,5,2}'::float8[]), ('x', NULL), ('y', '{}')) v(g, s))
           = (SELECT r FROM result WHERE test = 'fh') AS nulls_ignored,
       (SELECT sbg_compare(segment, survivors) FROM fh WHERE false) IS NULL AS empty_is_null;

-- A group whose fit is not identified (one period) warns, has no likelihood, and so no test.
SELECT (r).lr_statistic, (r).p_value, (r).df, ((r).models[1]).converged AS a_converged
FROM (SELECT sbg_compare(g, s) AS r FROM (VALUES ('a', '{100,60}'::float8[]),
                                                 ('b', '{100,70,55}'::float8[])) v(g, s)) x;

-- Errors: one group; survivors that are not survivors.
SELECT sbg_compare('all', survivors) FROM fh;
SELECT sbg_compare('a', '{100,120,90}');
SELECT sbg_compare('a', '{100,-1}');
SELECT sbg_compare('a', '{0,0,0}');
SELECT sbg_compare('a', '{100,NaN,3}');
SELECT sbg_compare('a', '{100,NULL,3}');

-- Forced parallel plan: Partial Aggregate, and the same result as the serial plan.
CREATE TABLE sbgc_big AS
SELECT 'g' || (i % 3) AS g,
       ARRAY[1000, 700 + (i % 3) * 50 + (i % 7), 550 + (i % 3) * 60, 470 + (i % 3) * 70,
             420 + (i % 3) * 75]::float8[] AS s
FROM generate_series(1, 3000) i;
ANALYZE sbgc_big;
CREATE TEMP TABLE sbgc_serial AS SELECT sbg_compare(g, s) AS r FROM sbgc_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT sbg_compare(g, s) FROM sbgc_big;
SELECT p.r = s.r AS same_result, (p.r).n_groups, ((p.r).pooled).n
FROM (SELECT sbg_compare(g, s) AS r FROM sbgc_big) p, sbgc_serial s;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE sbgc_big;
