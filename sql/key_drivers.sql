-- key_drivers(outcome float8, dimensions float8[]) → cr_key_drivers, key_drivers_state,
-- key_drivers_merge, key_drivers_dimensions(drivers, dimension_names)
-- Reference values: test/reference/key_drivers.R (R's lm() over every ordering or subset, eigen()),
-- output in test/reference/key_drivers.out.
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

-- Rounded array elements, for stable output.
CREATE FUNCTION pg_temp.r(a float8[], d int DEFAULT 6) RETURNS numeric[] LANGUAGE sql AS
$$ SELECT array_agg(round(x::numeric, d) ORDER BY o) FROM unnest(a) WITH ORDINALITY u(x, o) $$;

-- The published example: R's datasets::swiss (Mosteller & Tukey 1977; public domain), Fertility
-- on the five socio-economic indicators, the example of Gromping (2006), "Relative importance
-- for linear regression in R: the package relaimpo", J. Stat. Software 17(1).
CREATE TEMP TABLE swiss (province text, fertility float8, agriculture float8, examination float8,
                         education float8, catholic float8, infant_mortality float8);
INSERT INTO swiss VALUES
('Courtelary', 80.2, 17, 15, 12, 9.96, 22.2),
('Delemont', 83.1, 45.1, 6, 9, 84.84, 22.2),
('Franches-Mnt', 92.5, 39.7, 5, 5, 93.4, 20.2),
('Moutier', 85.8, 36.5, 12, 7, 33.77, 20.3),
('Neuveville', 76.9, 43.5, 17, 15, 5.16, 20.6),
('Porrentruy', 76.1, 35.3, 9, 7, 90.57, 26.6),
('Broye', 83.8, 70.2, 16, 7, 92.85, 23.6),
('Glane', 92.4, 67.8, 14, 8, 97.16, 24.9),
('Gruyere', 82.4, 53.3, 12, 7, 97.67, 21),
('Sarine', 82.9, 45.2, 16, 13, 91.38, 24.4),
('Veveyse', 87.1, 64.5, 14, 6, 98.61, 24.5),
('Aigle', 64.1, 62, 21, 12, 8.52, 16.5),
('Aubonne', 66.9, 67.5, 14, 7, 2.27, 19.1),
('Avenches', 68.9, 60.7, 19, 12, 4.43, 22.7),
('Cossonay', 61.7, 69.3, 22, 5, 2.82, 18.7),
('Echallens', 68.3, 72.6, 18, 2, 24.2, 21.2),
('Grandson', 71.7, 34, 17, 8, 3.3, 20),
('Lausanne', 55.7, 19.4, 26, 28, 12.11, 20.2),
('La Vallee', 54.3, 15.2, 31, 20, 2.15, 10.8),
('Lavaux', 65.1, 73, 19, 9, 2.84, 20),
('Morges', 65.5, 59.8, 22, 10, 5.23, 18),
('Moudon', 65, 55.1, 14, 3, 4.52, 22.4),
('Nyone', 56.6, 50.9, 22, 12, 15.14, 16.7),
('Orbe', 57.4, 54.1, 20, 6, 4.2, 15.3),
('Oron', 72.5, 71.2, 12, 1, 2.4, 21),
('Payerne', 74.2, 58.1, 14, 8, 5.23, 23.8),
('Paysd''enhaut', 72, 63.5, 6, 3, 2.56, 18),
('Rolle', 60.5, 60.8, 16, 10, 7.72, 16.3),
('Vevey', 58.3, 26.8, 25, 19, 18.46, 20.9),
('Yverdon', 65.4, 49.5, 15, 8, 6.1, 22.5),
('Conthey', 75.5, 85.9, 3, 2, 99.71, 15.1),
('Entremont', 69.3, 84.9, 7, 6, 99.68, 19.8),
('Herens', 77.3, 89.7, 5, 2, 100, 18.3),
('Martigwy', 70.5, 78.2, 12, 6, 98.96, 19.4),
('Monthey', 79.4, 64.9, 7, 3, 98.22, 20.2),
('St Maurice', 65, 75.9, 9, 9, 99.06, 17.8),
('Sierre', 92.2, 84.6, 3, 3, 99.46, 16.3),
('Sion', 79.3, 63.1, 13, 13, 96.83, 18.1),
('Boudry', 70.4, 38.4, 26, 12, 5.62, 20.3),
('La Chauxdfnd', 65.7, 7.7, 29, 11, 13.79, 20.5),
('Le Locle', 72.7, 16.7, 22, 13, 11.22, 18.9),
('Neuchatel', 64.4, 17.6, 35, 32, 16.92, 23),
('Val de Ruz', 77.6, 37.6, 15, 7, 4.97, 20),
('ValdeTravers', 67.6, 18.7, 25, 7, 8.65, 19.5),
('V. De Geneve', 35, 1.2, 37, 53, 42.34, 18),
('Rive Droite', 44.7, 46.6, 16, 29, 50.43, 18.2),
('Rive Gauche', 42.8, 27.7, 22, 29, 58.33, 19.3);

-- relaimpo's calc.relimp(swiss, type = "lmg"): R² 0.706735001593; lmg 0.0570912207681,
-- 0.1711730289002, 0.2601346786244, 0.1055701503735, 0.1127659229265 (rela = TRUE: 8.08 %,
-- 24.22 %, 36.81 %, 14.94 %, 15.96 %); key_drivers.R reproduces them by averaging lm()'s R²
-- increments over all 120 orderings. Johnson's weights (R's eigen()): 0.048416895812,
-- 0.154708249806, 0.271964104646, 0.114680029948, 0.116965721381. Standardised betas (lm on
-- scaled data): -0.312921282500, -0.164778222539, -0.670400780106, 0.347600028144, 0.251135976299.
SELECT (k).n, (k).n_skipped, (k).n_dimensions, round((k).r_squared::numeric, 9) AS r_squared,
       pg_temp.r((k).lmg, 9) AS lmg, pg_temp.r((k).lmg_share, 4) AS lmg_share,
       pg_temp.r((k).relative_weight, 9) AS relative_weight,
       pg_temp.r((k).std_beta, 9) AS std_beta, pg_temp.r((k).correlation, 9) AS correlation,
       pg_temp.r((k).mean, 6) AS mean, round((k).outcome_mean::numeric, 6) AS outcome_mean, (k).note
FROM (SELECT key_drivers(fertility, ARRAY[agriculture, examination, education, catholic, infant_mortality]) AS k
      FROM swiss) s;

-- Both decompositions add up to R².
SELECT round(((SELECT sum(x) FROM unnest((k).lmg) x) - (k).r_squared)::numeric, 12) AS lmg_minus_r2,
       round(((SELECT sum(x) FROM unnest((k).relative_weight) x) - (k).r_squared)::numeric, 12) AS rw_minus_r2,
       round((SELECT sum(x) FROM unnest((k).lmg_share) x)::numeric, 12) AS lmg_shares,
       round((SELECT sum(x) FROM unnest((k).relative_weight_share) x)::numeric, 12) AS rw_shares
FROM (SELECT key_drivers(fertility, ARRAY[agriculture, examination, education, catholic, infant_mortality]) AS k
      FROM swiss) s;

-- One row per dimension, named.
SELECT d.dimension, d.name, round(d.lmg::numeric, 6) AS lmg, round(d.lmg_share::numeric, 4) AS lmg_share,
       round(d.relative_weight::numeric, 6) AS relative_weight,
       round(d.relative_weight_share::numeric, 4) AS relative_weight_share,
       round(d.std_beta::numeric, 4) AS std_beta, round(d.correlation::numeric, 4) AS correlation,
       round(d.mean::numeric, 3) AS mean
FROM (SELECT key_drivers(fertility, ARRAY[agriculture, examination, education, catholic, infant_mortality]) AS k
      FROM swiss) s,
     key_drivers_dimensions(s.k, ARRAY['agriculture', 'examination', 'education', 'catholic', 'infant_mortality']) d
ORDER BY d.dimension;

-- The importance-performance grid in one query: importance above the average share (1/p) and
-- performance below the average of the dimension means.
SELECT d.name, round(d.lmg_share::numeric, 3) AS importance, round(d.mean::numeric, 1) AS performance,
       CASE WHEN d.lmg_share >= 1.0 / count(*) OVER () THEN
                CASE WHEN d.mean < avg(d.mean) OVER () THEN 'fix first' ELSE 'keep up' END
            ELSE CASE WHEN d.mean < avg(d.mean) OVER () THEN 'low priority' ELSE 'possible overkill' END
       END AS quadrant
FROM (SELECT key_drivers(fertility, ARRAY[agriculture, examination, education, catholic, infant_mortality]) AS k
      FROM swiss) s,
     key_drivers_dimensions(s.k, ARRAY['agriculture', 'examination', 'education', 'catholic', 'infant_mortality']) d
ORDER BY d.lmg_share DESC;

-- A survey-like set with seven integer dimensions (key_drivers.R, part 2; lmg over all 128
-- subsets with lm()): R² 0.778118076775; lmg 0.393746619868, 0.057084502711, 0.200503705709,
-- 0.002956663549, 0.080932536940, 0.036883068512, 0.006010979486; relative weights
-- 0.395634057785, 0.057304311140, 0.197142789934, 0.003393688763, 0.082730814137,
-- 0.035900511145, 0.006011903871; std betas 0.618505770641, 0.254692272154, 0.423303850354,
-- -0.037445150073, 0.285771843253, 0.002994992578, -0.057869977162.
CREATE TEMP TABLE gen AS
WITH a AS (SELECT i, (i * 7 + 3) % 11 AS x1 FROM generate_series(1, 80) i),
     b AS (SELECT i, x1, (i * 13 + x1) % 9 + 1 AS x2, (i * i) % 7 + x1 % 4 AS x3, (3 * i + 5) % 10 AS x4 FROM a),
     c AS (SELECT *, (x2 + x4 + i % 3) % 8 AS x5, (i * 17) % 5 + x3 / 2 AS x6, (i * 29 + 11) % 13 AS x7 FROM b)
SELECT i, (2 * x1 + x2 + 3 * x3 + x5 + (i * 31) % 17)::float8 AS y,
       ARRAY[x1, x2, x3, x4, x5, x6, x7]::float8[] AS x
FROM c;
SELECT (k).n, round((k).r_squared::numeric, 9) AS r_squared, pg_temp.r((k).lmg, 9) AS lmg,
       pg_temp.r((k).relative_weight, 9) AS relative_weight, pg_temp.r((k).std_beta, 9) AS std_beta
FROM (SELECT key_drivers(y, x) AS k FROM gen) s;

-- One dimension: LMG = relative weight = R² = r², beta = r (R: 0.415941955643, r 0.644935621316).
SELECT (k).n_dimensions, round((k).r_squared::numeric, 9) AS r_squared, pg_temp.r((k).lmg, 9) AS lmg,
       pg_temp.r((k).relative_weight, 9) AS relative_weight, pg_temp.r((k).lmg_share) AS share,
       pg_temp.r((k).std_beta, 9) AS std_beta
FROM (SELECT key_drivers(y, x[1:1]) AS k FROM gen) s;

-- Grouped: one analysis per segment (odd and even respondents).
SELECT i % 2 AS segment, (k).n, round((k).r_squared::numeric, 6) AS r_squared,
       pg_temp.r((k).lmg_share, 4) AS lmg_share
FROM (SELECT i % 2 AS i, key_drivers(y, x) AS k FROM gen GROUP BY i % 2) s ORDER BY 1;

-- Missing answers: listwise deletion. A NULL outcome, a NULL array (also before the first
-- array) and a NULL element skip the row and count it; the result equals the complete rows'.
SELECT (k).n, (k).n_skipped, round((k).r_squared::numeric, 9) AS r_squared, pg_temp.r((k).lmg, 9) AS lmg
FROM (SELECT key_drivers(y, x) AS k
      FROM (SELECT 0 AS o, NULL::float8 AS y, NULL::float8[] AS x
            UNION ALL SELECT 1, y, x FROM gen
            UNION ALL VALUES (2, NULL::float8, '{1,2,3,4,5,6,7}'::float8[]), (3, 5, '{1,NULL,3,4,5,6,7}'),
                             (4, 5, NULL)
            ORDER BY 1) u) s;

-- Undefined results: NULL importances with a note; counts and means stay.
SELECT key_drivers(y, x) IS NULL AS empty_group FROM gen WHERE false;
SELECT (k).n, (k).n_skipped, (k).n_dimensions, (k).r_squared, (k).mean, (k).note
FROM (SELECT key_drivers(y, x) AS k FROM (VALUES (NULL::float8, NULL::float8[]), (1, NULL)) v(y, x)) s;
SELECT (k).n, (k).n_skipped, (k).n_dimensions, (k).r_squared, (k).mean, (k).note
FROM (SELECT key_drivers(y, x) AS k FROM (VALUES (NULL::float8, '{1,2}'::float8[])) v(y, x)) s;
SELECT (k).n, (k).r_squared, (k).lmg, pg_temp.r((k).mean) AS mean, (k).note
FROM (SELECT key_drivers(y, x[1:2]) AS k FROM gen WHERE i <= 3) s;
SELECT (k).n, (k).r_squared, (k).lmg, (k).note
FROM (SELECT key_drivers(3, x[1:2]) AS k FROM gen) s;
SELECT (k).n, (k).r_squared, (k).lmg, pg_temp.r((k).mean, 4) AS mean, (k).note
FROM (SELECT key_drivers(y, ARRAY[x[1], 4, x[2]]) AS k FROM gen) s;
SELECT (k).n, (k).r_squared, (k).lmg, (k).std_beta, (k).note
FROM (SELECT key_drivers(y, ARRAY[x[1], x[2], x[1] + 2 * x[2]]) AS k FROM gen) s;
-- Dimensions that explain nothing: R² 0, importances 0, no shares.
SELECT (k).n, (k).r_squared, (k).lmg, (k).lmg_share, (k).note
FROM (SELECT key_drivers(y, x) AS k
      FROM (VALUES (1, '{1,1}'::float8[]), (2, '{0,0}'), (2, '{2,2}'), (1, '{1,-1}'), (1, '{1,3}'),
                   (2, '{-1,1}'), (2, '{3,1}')) v(y, x)) s;
SELECT d.* FROM key_drivers_dimensions(NULL) d;
SELECT d.dimension, d.name, d.lmg, round(d.mean::numeric, 4) AS mean
FROM (SELECT key_drivers(3, x[1:2]) AS k FROM gen) s, key_drivers_dimensions(s.k, '{a,NULL}') d
ORDER BY d.dimension;

-- The limit: 20 dimensions (2^20 subsets) still run, and LMG still adds up to R².
SELECT (k).n_dimensions, round(((SELECT sum(v) FROM unnest((k).lmg) v) - (k).r_squared)::numeric, 10) AS lmg_minus_r2,
       round(((SELECT sum(v) FROM unnest((k).relative_weight) v) - (k).r_squared)::numeric, 10) AS rw_minus_r2
FROM (SELECT key_drivers(y, x || ARRAY[(i * 37) % 19, (i * 41) % 23, (i * 43) % 29, (i * 47) % 31,
                                      (i * 53) % 37, (i * 59) % 41, (i * 61) % 43, (i * i) % 11,
                                      (i * i) % 13, (i * i * i) % 17, (i * i) % 19, (i * 67) % 47,
                                      (i * i * i) % 23]::float8[]) AS k
      FROM gen) s;

-- Sharded data: states of parts, merged, equal the whole. Integer answers make the state
-- exact, so it does not depend on the order of the rows.
SELECT (SELECT key_drivers_state(y, x ORDER BY i) FROM gen) = (SELECT key_drivers_state(y, x ORDER BY i DESC) FROM gen)
       AS same_state_any_order,
       array_length((SELECT key_drivers_state(y, x) FROM gen), 1) AS state_length;
SELECT round((m).r_squared::numeric, 9) AS r_squared, pg_temp.r((m).lmg, 9) AS lmg, (m).n, (m).n_skipped
FROM (SELECT key_drivers_merge(st) AS m
      FROM (SELECT i % 3 AS shard, key_drivers_state(y, x) AS st FROM gen GROUP BY i % 3
            UNION ALL SELECT 9, NULL
            UNION ALL SELECT 10, key_drivers_state(NULL, x) FROM gen WHERE i = 1
            UNION ALL SELECT 11, key_drivers_state(y, NULL) FROM gen WHERE i <= 2) per_shard) s;
SELECT key_drivers_merge(st) IS NULL AS nothing_to_merge FROM (VALUES (NULL::float8[])) v(st);

-- Errors.
SELECT pg_temp.try($$SELECT key_drivers(y, x) FROM (SELECT y, CASE WHEN i = 5 THEN x[1:4] ELSE x[1:3] END AS x FROM gen) g$$);
SELECT pg_temp.try($$SELECT key_drivers(1, '{{1,2},{3,4}}')$$);
SELECT pg_temp.try($$SELECT key_drivers(1, '{}')$$);
SELECT pg_temp.try($$SELECT key_drivers(1, (SELECT array_agg(g::float8) FROM generate_series(1, 21) g))$$);
SELECT pg_temp.try($$SELECT key_drivers('NaN', '{1,2}')$$);
SELECT pg_temp.try($$SELECT key_drivers(1, '{1,Infinity}')$$);
SELECT pg_temp.try($$SELECT key_drivers(1, ARRAY[1e200, 1])$$);
SELECT pg_temp.try($$SELECT key_drivers_merge('{751,2,1,0}')$$);
SELECT pg_temp.try($$SELECT key_drivers_merge(st) FROM (SELECT cronbach_alpha_state(ARRAY[y] || x[1:2]) AS st FROM gen) s$$);
SELECT pg_temp.try($$SELECT key_drivers_merge(st) FROM (SELECT key_drivers_state(y, x[1:2]) FROM gen UNION ALL SELECT key_drivers_state(y, x[1:3]) FROM gen) s(st)$$);
SELECT pg_temp.try($$SELECT key_drivers_trans(NULL, 1, '{1,2}')$$);
SELECT pg_temp.try($$SELECT key_drivers_dimensions(k, '{a,b}') FROM (SELECT key_drivers(y, x) AS k FROM gen) s$$);
SELECT pg_temp.try($$SELECT key_drivers_dimensions(k, '{{a},{b}}') FROM (SELECT key_drivers(y, x[1:2]) AS k FROM gen) s$$);
SELECT pg_temp.try($$SELECT key_drivers_dimensions(ROW(1, 0, 2, 0.5, '{0.1}', NULL, NULL, NULL, NULL, NULL, NULL, 1, NULL)::cr_key_drivers)$$);

-- Forced parallel plan: partial aggregates in the workers, combined, equal to the serial result.
CREATE TABLE kd_big AS
SELECT g AS i, (2 * (g * 7 % 11) + (g * 13 % 9) + 3 * (g * g % 7) + (g * 31 % 17))::float8 AS y,
       ARRAY[g * 7 % 11, g * 13 % 9, g * g % 7, g * 3 % 10]::float8[] AS x
FROM generate_series(1, 20000) g;
ANALYZE kd_big;
CREATE TEMP TABLE kd_serial AS SELECT key_drivers(y, x) AS k, key_drivers_state(y, x) AS st FROM kd_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT key_drivers(y, x) FROM kd_big;
SELECT (p.k).n = (s.k).n AS same_n, round((p.k).r_squared::numeric, 12) = round((s.k).r_squared::numeric, 12) AS same_r2,
       pg_temp.r((p.k).lmg, 12) = pg_temp.r((s.k).lmg, 12) AS same_lmg,
       pg_temp.r((p.k).relative_weight, 12) = pg_temp.r((s.k).relative_weight, 12) AS same_rw,
       p.st = s.st AS same_state
FROM (SELECT key_drivers(y, x) AS k, key_drivers_state(y, x) AS st FROM kd_big) p, kd_serial s;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE kd_big;
