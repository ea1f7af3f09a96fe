-- cronbach_alpha(items float8[]), cronbach_alpha_summary(items float8[]),
-- cronbach_alpha_feldt_ci(alpha, n, k [, confidence])
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text;
BEGIN
    EXECUTE q;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ': ' || msg || coalesce(' | ' || nullif(det, ''), '');
END $$;

-- The published example: four items with covariance matrix
--   [[10,6,6,6],[6,11,6,6],[6,6,12,6],[6,6,6,13]]
-- have alpha = 0.8136 and alpha-if-item-deleted 0.7500, 0.7606, 0.7714, 0.7826.
-- Eight respondents with exactly that sample covariance: a common factor (variance 6) on
-- column 1 of the order-8 Hadamard matrix plus item-specific parts (variances 4, 5, 6, 7) on
-- columns 2-5 (orthogonal, centred, sample variance 8/7 each), around a mean of 20.
CREATE TEMP TABLE pub AS
WITH h AS (
    SELECT r, c, (1 - 2 * (((r & c) # ((r & c) >> 1) # ((r & c) >> 2)) & 1))::float8 AS s
    FROM generate_series(0, 7) r, generate_series(1, 5) c)
SELECT r, array_agg(20 + sqrt(6 * 7 / 8.0) * f.s + sqrt((3 + i) * 7 / 8.0) * e.s ORDER BY i) AS items
FROM h f JOIN h e USING (r), generate_series(1, 4) i
WHERE f.c = 1 AND e.c = i + 1
GROUP BY r;

-- Its sample covariance matrix, to show the data are what they claim.
SELECT i, round(covar_samp(items[i], items[1])::numeric, 9) AS c1,
          round(covar_samp(items[i], items[2])::numeric, 9) AS c2,
          round(covar_samp(items[i], items[3])::numeric, 9) AS c3,
          round(covar_samp(items[i], items[4])::numeric, 9) AS c4
FROM pub, generate_series(1, 4) i GROUP BY i ORDER BY i;

-- alpha = 4/3 (1 - 46/118) = 0.813559; if deleted: 1.5 (1 - 36/72), 1.5 (1 - 35/71),
-- 1.5 (1 - 34/70), 1.5 (1 - 33/69). Feldt 95 % with n = 8, k = 4: F(7, 21) quantiles give
-- [0.446527, 0.958122].
SELECT round(cronbach_alpha(items)::numeric, 4) AS alpha FROM pub;
SELECT round(alpha::numeric, 6) AS alpha, n, k, round(ci_low::numeric, 6) AS ci_low,
       round(ci_high::numeric, 6) AS ci_high,
       (SELECT array_agg(round(a::numeric, 4)) FROM unnest(alpha_if_deleted) a) AS alpha_if_deleted,
       n_skipped
FROM (SELECT (cronbach_alpha_summary(items)).* FROM pub) s;

-- The published Feldt interval: alpha = 0.85, k = 7, n = 89 → [0.7971, 0.8932]; 99 % is wider.
SELECT round(ci_low::numeric, 4) AS ci_low, round(ci_high::numeric, 4) AS ci_high
FROM cronbach_alpha_feldt_ci(0.85, 89, 7);
SELECT round(ci_low::numeric, 4) AS ci_low, round(ci_high::numeric, 4) AS ci_high
FROM cronbach_alpha_feldt_ci(0.85, 89, 7, confidence => 0.99);

-- By hand, two items (1,2), (2,3), (3,5): var 1 and 7/3, cov 3/2, total variance 19/3,
-- alpha = 2 (1 - (10/3)/(19/3)) = 18/19 = 0.947368; with k = 2 no alpha-if-deleted; the
-- Feldt lower bound 1 - (1/19) F(0.975; 2, 2) = 1 - 39/19 = -1.052632.
SELECT round(alpha::numeric, 6) AS alpha, n, k, round(ci_low::numeric, 6) AS ci_low,
       alpha_if_deleted
FROM (SELECT (cronbach_alpha_summary(x)).* FROM (VALUES ('{1,2}'::float8[]), ('{2,3}'), ('{3,5}')) v(x)) s;

-- Missing answers: respondents with a NULL item are skipped and counted (n_skipped); NULL
-- arrays are ignored. The result equals the complete respondents' alpha.
SELECT round(alpha::numeric, 6) AS alpha, n, n_skipped
FROM (SELECT (cronbach_alpha_summary(items)).*
      FROM (SELECT items FROM pub
            UNION ALL VALUES ('{1,NULL,3,4}'::float8[]), ('{NULL,NULL,NULL,NULL}'), (NULL)) u) s;

-- Grouped: one alpha per questionnaire wave (the same data twice, shifted and scaled: alpha
-- does not change under a common linear transformation of the answers).
SELECT wave, round(cronbach_alpha(items)::numeric, 6) AS alpha
FROM (SELECT 1 AS wave, items FROM pub
      UNION ALL
      SELECT 2, (SELECT array_agg(3 * x - 1000 ORDER BY o) FROM unnest(items) WITH ORDINALITY u(x, o)) FROM pub) w
GROUP BY wave ORDER BY wave;

-- Undefined results are NULL: empty group, one respondent, answers that never vary.
SELECT cronbach_alpha(items) IS NULL AS empty FROM pub WHERE false;
SELECT (cronbach_alpha_summary(items)).* FROM pub WHERE r = 0;
SELECT (cronbach_alpha_summary(x)).* FROM (VALUES ('{3,3,3}'::float8[]), ('{3,3,3}')) v(x);
SELECT (cronbach_alpha_summary(x)).* FROM (VALUES ('{1,NULL}'::float8[]), ('{NULL,2}')) v(x);

-- Errors.
SELECT pg_temp.try($$SELECT cronbach_alpha(x) FROM (VALUES ('{1,2,3}'::float8[]), ('{1,2}')) v(x)$$);
SELECT pg_temp.try($$SELECT cronbach_alpha(x) FROM (VALUES ('{1,2,3}'::float8[]), ('{1,NULL}')) v(x)$$);
SELECT pg_temp.try($$SELECT cronbach_alpha('{5}'::float8[])$$);
SELECT pg_temp.try($$SELECT cronbach_alpha('{}'::float8[])$$);
SELECT pg_temp.try($$SELECT cronbach_alpha('{{1,2},{3,4}}'::float8[])$$);
SELECT pg_temp.try($$SELECT cronbach_alpha('{1,NaN,3}'::float8[])$$);
SELECT pg_temp.try($$SELECT cronbach_alpha('{1,-Infinity,3}'::float8[])$$);
SELECT pg_temp.try($$SELECT cronbach_alpha(array_fill(1.0::float8, ARRAY[1001]))$$);
SELECT pg_temp.try($$SELECT cronbach_alpha(x) FROM (VALUES ('{1e200,-1e200}'::float8[]), ('{-1e200,1e200}')) v(x)$$);
SELECT pg_temp.try($$SELECT cronbach_alpha_feldt_ci(1.2, 50, 5)$$);
SELECT pg_temp.try($$SELECT cronbach_alpha_feldt_ci('NaN', 50, 5)$$);
SELECT pg_temp.try($$SELECT cronbach_alpha_feldt_ci(0.8, 1, 5)$$);
SELECT pg_temp.try($$SELECT cronbach_alpha_feldt_ci(0.8, 50, 1)$$);
SELECT pg_temp.try($$SELECT cronbach_alpha_feldt_ci(0.8, 50, 5, 1)$$);
SELECT pg_temp.try($$SELECT cronbach_alpha_feldt_ci(0.8, 9000000000000000000, 5)$$);
-- a very large survey still gets its (narrow) interval
SELECT round(ci_low::numeric, 6) AS ci_low, round(ci_high::numeric, 6) AS ci_high
FROM cronbach_alpha_feldt_ci(0.8, 100000000000, 10);
SELECT pg_temp.try($$SELECT cronbach_alpha_final('{7,1,0}'::float8[])$$);
SELECT pg_temp.try($$SELECT cronbach_alpha_final('{2,1,0,0,0}'::float8[])$$);

-- The combine step, driven directly: states of two halves merged give the whole; states of a
-- different k are 2202E; arrays that are not states are errors (never a crash).
CREATE AGGREGATE pg_temp.alpha_state(float8[]) (SFUNC = cronbach_alpha_trans, STYPE = float8[]);
CREATE AGGREGATE pg_temp.alpha_merge(float8[]) (
    SFUNC = cronbach_alpha_combine, STYPE = float8[], FINALFUNC = cronbach_alpha_summary_final);
SELECT round(alpha::numeric, 6) AS alpha, n, k, n_skipped
FROM (SELECT (pg_temp.alpha_merge(st)).*
      FROM (SELECT pg_temp.alpha_state(items) AS st FROM pub WHERE r < 3
            UNION ALL SELECT pg_temp.alpha_state(items) FROM pub WHERE r >= 3
            UNION ALL SELECT pg_temp.alpha_state(x) FROM (VALUES ('{1,NULL,1,1}'::float8[])) v(x)
            UNION ALL SELECT NULL) s) m;
SELECT pg_temp.try($$SELECT pg_temp.alpha_merge(st) FROM (
    SELECT pg_temp.alpha_state(x) AS st FROM (VALUES ('{1,2}'::float8[]), ('{2,3}')) v(x)
    UNION ALL SELECT pg_temp.alpha_state(x) FROM (VALUES ('{1,2,3}'::float8[]), ('{2,3,3}')) v(x)) s$$);
SELECT pg_temp.try($$SELECT pg_temp.alpha_merge(st) FROM (VALUES ('{1,2,3}'::float8[])) v(st)$$);
SELECT pg_temp.try($$SELECT pg_temp.alpha_merge(st) FROM (VALUES ('{2,5,0,NaN,1,1,1,1}'::float8[])) v(st)$$);
SELECT pg_temp.try($$SELECT pg_temp.alpha_merge(st) FROM (VALUES ('{2,5,0,1,1,1,1,1}'::float8[]), ('{{2,5},{0,1}}')) v(st)$$);
