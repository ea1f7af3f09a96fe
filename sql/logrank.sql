SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- Log-rank tests against R's survival::survdiff. The reference numbers (17 digits) are printed
-- by test/reference/logrank.R, which also prints the two fixtures below (data values of the
-- survival package's ovarian and veteran data sets). Each check: relative error below 1e-9.

-- Gehan (1965): the 6-MP vs placebo remission times of sql/kaplan_meier.sql.
CREATE TEMP TABLE remission (arm text, weeks float8, relapse bool);
INSERT INTO remission SELECT '6-MP', unnest('{6,6,6,7,10,13,16,22,23}'::float8[]), true;
INSERT INTO remission SELECT '6-MP', unnest('{6,9,10,11,17,19,20,25,32,32,34,35}'::float8[]), false;
INSERT INTO remission
SELECT 'placebo', unnest('{1,1,2,2,3,4,4,5,5,8,8,8,8,11,11,12,12,15,17,22,23}'::float8[]), true;

-- Ovarian cancer trial (Edmonson et al. 1979): days, death, treatment, residual disease.
CREATE TEMP TABLE ovarian (futime float8, fustat bool, rx int, resid_ds int);
INSERT INTO ovarian (futime, fustat, rx, resid_ds) VALUES
(59,TRUE,1,2), (115,TRUE,1,2), (156,TRUE,1,2), (421,FALSE,2,2), (431,TRUE,1,2), (448,FALSE,1,1),
(464,TRUE,2,2), (475,TRUE,2,2), (477,FALSE,1,2), (563,TRUE,2,1), (638,TRUE,1,1),
(744,FALSE,2,1), (769,FALSE,2,2), (770,FALSE,2,2), (803,FALSE,1,1), (855,FALSE,1,1),
(1040,FALSE,1,2), (1106,FALSE,1,1), (1129,FALSE,2,1), (1206,FALSE,2,2), (1227,FALSE,2,1),
(268,TRUE,1,2), (329,TRUE,1,2), (353,TRUE,2,1), (365,TRUE,2,2), (377,FALSE,2,1);

-- Veterans' Administration lung cancer trial (Kalbfleisch & Prentice): days, death, cell type,
-- treatment (1 standard, 2 test).
CREATE TEMP TABLE veteran (time float8, status bool, celltype text, trt int);
INSERT INTO veteran (time, status, celltype, trt) VALUES
(72,TRUE,'squamous',1), (411,TRUE,'squamous',1), (228,TRUE,'squamous',1),
(126,TRUE,'squamous',1), (118,TRUE,'squamous',1), (10,TRUE,'squamous',1),
(82,TRUE,'squamous',1), (110,TRUE,'squamous',1), (314,TRUE,'squamous',1),
(100,FALSE,'squamous',1), (42,TRUE,'squamous',1), (8,TRUE,'squamous',1),
(144,TRUE,'squamous',1), (25,FALSE,'squamous',1), (11,TRUE,'squamous',1),
(30,TRUE,'smallcell',1), (384,TRUE,'smallcell',1), (4,TRUE,'smallcell',1),
(54,TRUE,'smallcell',1), (13,TRUE,'smallcell',1), (123,FALSE,'smallcell',1),
(97,FALSE,'smallcell',1), (153,TRUE,'smallcell',1), (59,TRUE,'smallcell',1),
(117,TRUE,'smallcell',1), (16,TRUE,'smallcell',1), (151,TRUE,'smallcell',1),
(22,TRUE,'smallcell',1), (56,TRUE,'smallcell',1), (21,TRUE,'smallcell',1),
(18,TRUE,'smallcell',1), (139,TRUE,'smallcell',1), (20,TRUE,'smallcell',1),
(31,TRUE,'smallcell',1), (52,TRUE,'smallcell',1), (287,TRUE,'smallcell',1),
(18,TRUE,'smallcell',1), (51,TRUE,'smallcell',1), (122,TRUE,'smallcell',1),
(27,TRUE,'smallcell',1), (54,TRUE,'smallcell',1), (7,TRUE,'smallcell',1),
(63,TRUE,'smallcell',1), (392,TRUE,'smallcell',1), (10,TRUE,'smallcell',1), (8,TRUE,'adeno',1),
(92,TRUE,'adeno',1), (35,TRUE,'adeno',1), (117,TRUE,'adeno',1), (132,TRUE,'adeno',1),
(12,TRUE,'adeno',1), (162,TRUE,'adeno',1), (3,TRUE,'adeno',1), (95,TRUE,'adeno',1),
(177,TRUE,'large',1), (162,TRUE,'large',1), (216,TRUE,'large',1), (553,TRUE,'large',1),
(278,TRUE,'large',1), (12,TRUE,'large',1), (260,TRUE,'large',1), (200,TRUE,'large',1),
(156,TRUE,'large',1), (182,FALSE,'large',1), (143,TRUE,'large',1), (105,TRUE,'large',1),
(103,TRUE,'large',1), (250,TRUE,'large',1), (100,TRUE,'large',1), (999,TRUE,'squamous',2),
(112,TRUE,'squamous',2), (87,FALSE,'squamous',2), (231,FALSE,'squamous',2),
(242,TRUE,'squamous',2), (991,TRUE,'squamous',2), (111,TRUE,'squamous',2),
(1,TRUE,'squamous',2), (587,TRUE,'squamous',2), (389,TRUE,'squamous',2), (33,TRUE,'squamous',2),
(25,TRUE,'squamous',2), (357,TRUE,'squamous',2), (467,TRUE,'squamous',2),
(201,TRUE,'squamous',2), (1,TRUE,'squamous',2), (30,TRUE,'squamous',2), (44,TRUE,'squamous',2),
(283,TRUE,'squamous',2), (15,TRUE,'squamous',2), (25,TRUE,'smallcell',2),
(103,FALSE,'smallcell',2), (21,TRUE,'smallcell',2), (13,TRUE,'smallcell',2),
(87,TRUE,'smallcell',2), (2,TRUE,'smallcell',2), (20,TRUE,'smallcell',2),
(7,TRUE,'smallcell',2), (24,TRUE,'smallcell',2), (99,TRUE,'smallcell',2),
(8,TRUE,'smallcell',2), (99,TRUE,'smallcell',2), (61,TRUE,'smallcell',2),
(25,TRUE,'smallcell',2), (95,TRUE,'smallcell',2), (80,TRUE,'smallcell',2),
(51,TRUE,'smallcell',2), (29,TRUE,'smallcell',2), (24,TRUE,'adeno',2), (18,TRUE,'adeno',2),
(83,FALSE,'adeno',2), (31,TRUE,'adeno',2), (51,TRUE,'adeno',2), (90,TRUE,'adeno',2),
(52,TRUE,'adeno',2), (73,TRUE,'adeno',2), (8,TRUE,'adeno',2), (36,TRUE,'adeno',2),
(48,TRUE,'adeno',2), (7,TRUE,'adeno',2), (140,TRUE,'adeno',2), (186,TRUE,'adeno',2),
(84,TRUE,'adeno',2), (19,TRUE,'adeno',2), (45,TRUE,'adeno',2), (80,TRUE,'adeno',2),
(52,TRUE,'large',2), (164,TRUE,'large',2), (19,TRUE,'large',2), (53,TRUE,'large',2),
(15,TRUE,'large',2), (43,TRUE,'large',2), (340,TRUE,'large',2), (133,TRUE,'large',2),
(111,TRUE,'large',2), (231,TRUE,'large',2), (378,TRUE,'large',2), (49,TRUE,'large',2);

-- R's numbers, per test and group (groups in byte order, as the test returns them).
CREATE TEMP TABLE ref_test (test text, chisq float8, df int, p float8);
INSERT INTO ref_test VALUES
('gehan', 16.79294098921654, 1, 4.1688091093345308e-05),
('ovarian', 1.0627398612914141, 1, 0.30259111698909524),
('ovarian strata', 1.2796434512033588, 1, 0.25796534002794669),
('veteran', 25.403700345785357, 3, 1.2712459390060946e-05),
('veteran strata', 22.782119935337768, 3, 4.4833690760621319e-05);
CREATE TEMP TABLE ref_group (test text, grp text, n int8, observed int8, expected float8, variance float8);
INSERT INTO ref_group VALUES
('gehan', '6-MP', 21, 9, 19.250500948031128, 6.2569605736754994),
('gehan', 'placebo', 21, 21, 10.749499051968868, 6.2569605736754994),
('ovarian', '1', 13, 7, 5.233531017149943, 2.9361961294831556),
('ovarian', '2', 13, 5, 6.766468982850057, 2.9361961294831551),
('ovarian strata', '1', 13, 7, 5.0951964701964698, 2.835380811537779),
('ovarian strata', '2', 13, 5, 6.9048035298035293, 2.8353808115377799),
('veteran', 'squamous', 35, 31, 47.654677672475373, 26.338406366706295),
('veteran', 'smallcell', 48, 45, 30.102079326814831, 21.75426794061379),
('veteran', 'adeno', 27, 26, 15.693764614360491, 12.966170060501438),
('veteran', 'large', 27, 26, 34.549478386349314, 24.199035293848372),
('veteran strata', 'squamous', 35, 31, 45.181837394689175, 23.576403935765303),
('veteran strata', 'smallcell', 48, 45, 30.637138892249226, 20.766150262635932),
('veteran strata', 'adeno', 27, 26, 16.374310399098292, 13.014597155883536),
('veteran strata', 'large', 27, 26, 35.806713313963314, 23.263220130689177);

CREATE TEMP TABLE result AS
SELECT 'gehan' AS test, logrank_test(weeks, relapse, arm) AS r FROM remission
UNION ALL
SELECT 'ovarian', logrank_test(futime, fustat, rx::text) FROM ovarian
UNION ALL
SELECT 'ovarian strata', logrank_test(futime, fustat, rx::text, resid_ds::text) FROM ovarian
UNION ALL
SELECT 'veteran', logrank_test(time, status, celltype) FROM veteran
UNION ALL
SELECT 'veteran strata', logrank_test(time, status, celltype, trt::text) FROM veteran;

-- Gehan in full: survdiff prints Chisq = 16.8 on 1 degrees of freedom, p = 4e-05.
SELECT round((r).chi_square::numeric, 6) AS chi_square, (r).df, round((r).p_value::numeric, 10) AS p_value,
       (r).n_groups, (r).n_strata, (r).groups, (r).n, (r).observed
FROM result WHERE test = 'gehan';

-- The statistic, df and p-value of every test, against R.
SELECT t.test, round((r).chi_square::numeric, 6) AS chi_square, (r).df, (r).n_groups, (r).n_strata,
       abs((r).chi_square / t.chisq - 1) < 1e-9 AS chisq_ok,
       (r).df = t.df AS df_ok,
       abs((r).p_value / t.p - 1) < 1e-9 AS p_ok
FROM result JOIN ref_test t USING (test)
ORDER BY t.test;

-- Per group: N, Observed, Expected, (O-E)^2/E, (O-E)^2/V as survdiff prints them, and the checks.
SELECT g.test, g.grp, u.n, u.observed, round(u.expected::numeric, 6) AS expected,
       round(((u.observed - u.expected) ^ 2 / u.expected)::numeric, 4) AS "(O-E)^2/E",
       round(((u.observed - u.expected) ^ 2 / u.variance)::numeric, 4) AS "(O-E)^2/V",
       u.n = g.n AND u.observed = g.observed AS counts_ok,
       abs(u.expected / g.expected - 1) < 1e-9 AS expected_ok,
       abs(u.variance / g.variance - 1) < 1e-9 AS variance_ok
FROM result
CROSS JOIN LATERAL unnest((r).groups, (r).n, (r).observed, (r).expected, (r).variance)
    AS u(grp, n, observed, expected, variance)
JOIN ref_group g ON g.test = result.test AND g.grp = u.grp
ORDER BY g.test, g.grp;

-- From stored curves: km_logrank over the Kaplan-Meier life tables per arm (or per arm and
-- stratum) gives the same bits as logrank_test over the subjects.
CREATE TEMP TABLE curves AS
SELECT celltype, trt::text AS trt, kaplan_meier(time, status) AS curve
FROM veteran GROUP BY celltype, trt;
SELECT (SELECT km_logrank(celltype, curve) FROM curves)
           = (SELECT r FROM result WHERE test = 'veteran') AS same_unstratified,
       (SELECT km_logrank(celltype, trt, curve) FROM curves)
           = (SELECT r FROM result WHERE test = 'veteran strata') AS same_stratified,
       (SELECT km_logrank(arm, c) FROM (SELECT arm, kaplan_meier(weeks, relapse) AS c
                                        FROM remission GROUP BY arm) k)
           = (SELECT r FROM result WHERE test = 'gehan') AS same_gehan;

-- The order of the rows does not change a bit.
SELECT (SELECT logrank_test(time, status, celltype, trt::text ORDER BY time DESC, celltype)
        FROM veteran)
       = (SELECT r FROM result WHERE test = 'veteran strata') AS order_independent;

-- NULLs: rows with a NULL duration, event, group or stratum are ignored; no rows gives NULL.
SELECT (SELECT logrank_test(w, e, a) FROM (SELECT weeks AS w, relapse AS e, arm AS a FROM remission
        UNION ALL VALUES (NULL::float8, true, 'placebo'), (3, NULL, 'placebo'), (3, true, NULL)) x)
       = (SELECT r FROM result WHERE test = 'gehan') AS nulls_ignored,
       (SELECT logrank_test(futime, fustat, rx::text, NULLIF(resid_ds, 1)::text) FROM ovarian)
           IS NOT NULL AS null_strata_dropped,
       (SELECT logrank_test(weeks, relapse, arm) FROM remission WHERE weeks < 0) IS NULL AS empty_is_null;

-- A stratum holding a single group adds nothing: the same statistic as without its subjects.
SELECT round((r).chi_square::numeric, 9) AS chi_square, (r).n_strata, (r).n
FROM (SELECT logrank_test(futime, fustat, rx::text, s) AS r
      FROM (SELECT futime, fustat, rx, CASE WHEN resid_ds = 1 AND rx = 1 THEN 'a' ELSE 'b' END AS s
            FROM ovarian) o) x;
SELECT round((r).chi_square::numeric, 9) AS chi_square_without
FROM (SELECT logrank_test(futime, fustat, rx::text) AS r FROM ovarian
      WHERE NOT (resid_ds = 1 AND rx = 1)) x;

-- No event anywhere: nothing to test, df = 0 and the statistic and p-value are NULL.
SELECT (r).chi_square, (r).df, (r).p_value, (r).observed, (r).expected
FROM (SELECT logrank_test(weeks, false, arm) AS r FROM remission) x;

-- Events only where a single group is still at risk: no information either (df 0).
SELECT (r).df, (r).chi_square IS NULL AS no_statistic, (r).observed, (r).expected
FROM (SELECT logrank_test(t, e, g) AS r
      FROM (VALUES (5::float8, true, 'a'), (1, false, 'b')) v(t, e, g)) x;
-- Two subjects, one event each: at time 1 both are at risk.
SELECT (r).df, (r).observed, (r).expected, round((r).chi_square::numeric, 9) AS chi_square
FROM (SELECT logrank_test(t, e, g) AS r
      FROM (VALUES (1::float8, true, 'a'), (5, true, 'b')) v(t, e, g)) x;

-- A group with one subject censored before every event still counts (N), E = 0, and is left out
-- of the degrees of freedom (survdiff: df = groups with E > 0, minus 1).
SELECT (r).df, (r).groups, (r).n, round((r).chi_square::numeric, 9) AS chi_square
FROM (SELECT logrank_test(w, e, a) AS r
      FROM (SELECT weeks AS w, relapse AS e, arm AS a FROM remission
            UNION ALL VALUES (0.5::float8, false, 'early')) x) y;

-- Errors.
SELECT logrank_test(weeks, relapse, 'everyone') FROM remission;
SELECT logrank_test(-1, true, 'a');
SELECT logrank_test('NaN', true, 'a');
SELECT logrank_test('Infinity', true, 'a');
SELECT km_logrank('a', c) FROM (SELECT kaplan_meier(weeks, relapse) AS c FROM remission) k;

-- Forced parallel plans: Partial Aggregate, and the same result (serialize/combine/deserialize).
CREATE TABLE lr_big AS
SELECT (i % 97)::float8 + (i % 7) * 0.5 AS d, (i % 3) <> 0 AS e,
       'g' || (i % 3) AS g, 's' || (i % 4) AS s
FROM generate_series(1, 60000) i;
ANALYZE lr_big;
CREATE TEMP TABLE lr_serial AS
SELECT logrank_test(d, e, g) AS a, logrank_test(d, e, g, s) AS b FROM lr_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT logrank_test(d, e, g), logrank_test(d, e, g, s) FROM lr_big;
SELECT p.a = s.a AS same_plain, p.b = s.b AS same_stratified, (p.a).df, (p.b).n_strata
FROM (SELECT logrank_test(d, e, g) AS a, logrank_test(d, e, g, s) AS b FROM lr_big) p, lr_serial s;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE lr_big;
