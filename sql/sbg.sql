SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- Fader & Hardie (2007), "How to project customer retention", table 1: survivors per 1,000
-- customers over 12 years; the model is fitted on years 0-7 and projected to years 8-12.
-- Published fits: regular alpha = 0.704, beta = 1.182; high end alpha = 0.668, beta = 3.806.
CREATE TEMP TABLE fh_survivors (segment text, year int, survivors float8);
INSERT INTO fh_survivors
SELECT 'regular', y - 1, s
FROM unnest('{1000,631,468,382,326,289,262,241,223,207,194,183,173}'::float8[]) WITH ORDINALITY AS u(s, y);
INSERT INTO fh_survivors
SELECT 'high end', y - 1, s
FROM unnest('{1000,869,743,653,593,551,517,491,468,445,427,409,394}'::float8[]) WITH ORDINALITY AS u(s, y);

CREATE TEMP TABLE fh_fit AS
SELECT segment, sbg_fit(array_agg(survivors ORDER BY year)) AS m
FROM fh_survivors WHERE year <= 7 GROUP BY segment;

SELECT segment, round((m).alpha::numeric, 3) AS alpha, round((m).beta::numeric, 3) AS beta,
       round((m).loglik::numeric, 2) AS loglik, (m).n_periods, (m).converged,
       round((m).se_alpha::numeric, 3) AS se_alpha, round((m).se_beta::numeric, 3) AS se_beta
FROM fh_fit ORDER BY segment;

-- Projection for years 8-12 beside the actual values (survivors per 1,000).
SELECT s.segment, s.year, s.survivors AS actual,
       round((1000 * sbg_survival(f.m, s.year))::numeric, 1) AS projected
FROM fh_survivors s JOIN fh_fit f USING (segment)
WHERE s.year >= 8 ORDER BY s.segment, s.year;

-- Fitted years 1-7: retention rate r(t), churn probability P(T = t), survival S(t).
SELECT s.segment, s.year,
       round(sbg_retention_rate(f.m, s.year)::numeric, 4) AS retention,
       round(sbg_churn_probability(f.m, s.year)::numeric, 4) AS churn,
       round(sbg_survival(f.m, s.year)::numeric, 4) AS survival
FROM fh_survivors s JOIN fh_fit f USING (segment)
WHERE s.year BETWEEN 1 AND 7 ORDER BY s.segment, s.year;

-- Identities: S(t) = S(t-1) r(t) and P(T = t) = S(t-1) - S(t), for every t of both fits.
SELECT count(*) AS violations
FROM fh_fit f, generate_series(1, 40) t
WHERE abs(sbg_survival(f.m, t) - sbg_survival(f.m, t - 1) * sbg_retention_rate(f.m, t)) > 1e-12
   OR abs(sbg_churn_probability(f.m, t) - (sbg_survival(f.m, t - 1) - sbg_survival(f.m, t))) > 1e-12;
SELECT sbg_survival(m, 0) FROM fh_fit ORDER BY segment;

-- DERL, discounted expected residual lifetime (Fader & Hardie 2010): a high-end customer who has
-- renewed 7 times, at a 10 % discount rate, is worth 7.530 more periods (published), the same at
-- the published rounded parameters; it falls with the discount rate and rises with tenure.
SELECT round(sbg_derl(m, 0.10, 7)::numeric, 3) AS derl_fitted,
       round(sbg_derl(ROW(0.668, 3.806, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 0.10, 7)::numeric, 3) AS derl_published_params
FROM fh_fit WHERE segment = 'high end';
SELECT segment, r AS renewals,
       round(sbg_derl(m, 0.10, r)::numeric, 3) AS derl_10pct,
       round(sbg_derl(m, 0.05, r)::numeric, 3) AS derl_5pct
FROM fh_fit, unnest('{0,1,7,20}'::int[]) r ORDER BY segment, r;
-- With (almost) no discounting and alpha > 1 it is the expected residual lifetime
-- (beta + n - 1)/(alpha - 1) = (0.3 + 7)/1.5 = 4.8667.
SELECT round(sbg_derl(ROW(2.5, 0.3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 1e-9, 7)::numeric, 4) AS residual_lifetime;

-- The aggregate form over (period, active) rows gives the same fit; rows of one period add up
-- (two halves of the cohort), and the row order does not matter.
CREATE TEMP TABLE fh_counts AS
SELECT segment, year AS period, (survivors * 1000)::int8 AS active FROM fh_survivors WHERE year <= 7;
SELECT segment, round((m).alpha::numeric, 6) AS alpha, round((m).beta::numeric, 6) AS beta,
       (m).n_periods, (m).converged
FROM (SELECT segment, sbg_fit(period, active) AS m FROM fh_counts GROUP BY segment) s
ORDER BY segment;
SELECT round((sbg_fit(period, half)).alpha::numeric, 6) AS alpha_from_halves
FROM (SELECT period, active / 2 AS half FROM fh_counts WHERE segment = 'regular'
      UNION ALL
      SELECT period, active - active / 2 FROM fh_counts WHERE segment = 'regular'
      ORDER BY 1 DESC) h;
-- NULL rows are ignored; no rows, or only NULLs, give NULL.
SELECT (sbg_fit(period, active)).n_periods FROM
  (SELECT period, active FROM fh_counts WHERE segment = 'regular'
   UNION ALL SELECT NULL, 5 UNION ALL SELECT 9, NULL) x;
SELECT sbg_fit(period, active) IS NULL AS empty_is_null FROM fh_counts WHERE false;
SELECT sbg_fit(NULL::int, NULL::int8) IS NULL AS nulls_are_null;
SELECT sbg_fit('{}'::float8[]) IS NULL AS empty_array_is_null;
SELECT sbg_fit(NULL::float8[]) IS NULL AS null_array_is_null;

-- A model can be written by hand; NULL parameters (a model that could not be fitted) give NULL.
SELECT round(sbg_survival(ROW(1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 3)::numeric, 6) AS s3_uniform;
SELECT sbg_survival(ROW(NULL, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 3) AS s_null;
SELECT sbg_retention_rate(NULL::cr_sbg_model, 3) AS r_null;

-- Not converged is not an error: converged = false and a WARNING saying why and what to try.
SELECT alpha IS NOT NULL AS has_alpha, n_periods, converged, se_alpha IS NULL AS no_se
FROM sbg_fit('{500,500,500,500}'::float8[]);                 -- nobody churned
SELECT n_periods, converged FROM sbg_fit('{500,0,0}'::float8[]);  -- all churned at once
SELECT round((alpha / (alpha + beta))::numeric, 4) AS churn_rate, converged
FROM sbg_fit('{1600,800,400,200,100,50}'::float8[]);         -- constant churn: no heterogeneity
SELECT alpha, beta, loglik, n_periods, converged FROM sbg_fit('{1000,600}'::float8[]);  -- one period
SELECT alpha, n_periods, converged FROM sbg_fit('{1000}'::float8[]);              -- no period

-- Bad input: 22023 naming the position and the value.
SELECT sbg_fit('{1000,631,700,382}'::float8[]);
SELECT sbg_fit('{1000,-631,468}'::float8[]);
SELECT sbg_fit('{1000,631,NaN}'::float8[]);
SELECT sbg_fit('{1000,631,Infinity}'::float8[]);
SELECT sbg_fit('{0,0,0}'::float8[]);
SELECT sbg_fit('{1000,NULL,468}'::float8[]);
SELECT sbg_fit('{{1000,631},{468,382}}'::float8[]);
SELECT sbg_fit(p, a) FROM (VALUES (0, 100::int8), (1, 90), (2, 95)) v(p, a);
SELECT sbg_fit(p, a) FROM (VALUES (0, 100::int8), (1, -5)) v(p, a);
SELECT sbg_fit(p, a) FROM (VALUES (-1, 100::int8)) v(p, a);
SELECT sbg_fit(p, a) FROM (VALUES (0, 100::int8), (1, 90), (3, 80)) v(p, a);
SELECT sbg_fit(p, a) FROM (VALUES (1, 100::int8), (2, 90)) v(p, a);
SELECT sbg_fit(p, a) FROM (VALUES (0, 100::int8), (100001, 90)) v(p, a);
SELECT sbg_fit(array_fill(1.0::float8, ARRAY[100002]));
SELECT sbg_fit(p, a) FROM (VALUES (0, 9223372036854775807::int8), (0, 1)) v(p, a);
SELECT sbg_survival(m, -1) FROM fh_fit WHERE segment = 'regular';
SELECT sbg_retention_rate(m, 0) FROM fh_fit WHERE segment = 'regular';
SELECT sbg_churn_probability(m, 0) FROM fh_fit WHERE segment = 'regular';
SELECT sbg_survival(ROW(-1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 3);
SELECT sbg_derl(m, 0, 7) FROM fh_fit WHERE segment = 'regular';
SELECT sbg_derl(m, 'NaN', 7) FROM fh_fit WHERE segment = 'regular';
SELECT sbg_derl(m, 0.1, -1) FROM fh_fit WHERE segment = 'regular';
SELECT sbg_derl(ROW(1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 0.1, 1000000);
SELECT sbg_derl(ROW(0.5, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 1e-300, 0);
SELECT round(sbg_derl(ROW(2.5, 0.3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 1e-300, 7)::numeric, 4) AS gauss_limit;
-- Any cohort scale fits the same (survivors are fitted as shares of the cohort).
SELECT round(alpha::numeric, 6) AS alpha, round(beta::numeric, 6) AS beta, converged,
       round((loglik / 1e297)::numeric, 2) AS loglik_per_1e297
FROM sbg_fit('{1e300,6.31e299,4.68e299,3.82e299,3.26e299,2.89e299,2.62e299,2.41e299}');
SELECT sbg_derl(ROW(NULL, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 0.1, 3) AS derl_null;
SELECT sbg_survival(ROW('NaN', 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 3);

-- The SQLSTATEs of those errors.
CREATE FUNCTION pg_temp.sqlstate_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;
SELECT q, pg_temp.sqlstate_of(q) AS sqlstate FROM (VALUES
    ('SELECT sbg_fit(''{1000,631,700,382}''::float8[])'),
    ('SELECT sbg_fit(''{1000,-631,468}''::float8[])'),
    ('SELECT sbg_fit(''{1000,631,NaN}''::float8[])'),
    ('SELECT sbg_fit(''{0,0,0}''::float8[])'),
    ('SELECT sbg_fit(''{1000,NULL,468}''::float8[])'),
    ('SELECT sbg_fit(p, a) FROM (VALUES (0, 100::int8), (1, -5)) v(p, a)'),
    ('SELECT sbg_fit(p, a) FROM (VALUES (0, 100::int8), (1, 90), (3, 80)) v(p, a)'),
    ('SELECT sbg_fit(p, a) FROM (VALUES (0, 100::int8), (100001, 90)) v(p, a)'),
    ('SELECT sbg_fit(p, a) FROM (VALUES (0, 9223372036854775807::int8), (0, 1)) v(p, a)'),
    ('SELECT sbg_survival(ROW(''NaN'', 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 3)'),
    ('SELECT sbg_retention_rate(ROW(1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 0)'),
    ('SELECT sbg_derl(ROW(1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, -0.1, 1)'),
    ('SELECT sbg_derl(ROW(1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_sbg_model, 0.1, 1000000)')) v(q)
ORDER BY q;
