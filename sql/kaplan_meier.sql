SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- The leukaemia remission trial of Freireich et al. (1963) (Gehan 1965): weeks in remission
-- for 21 patients on 6-mercaptopurine (9 relapses, 12 censored) and 21 on placebo (all relapse).
CREATE TEMP TABLE remission (arm text, weeks float8, relapse bool);
INSERT INTO remission SELECT '6-MP', unnest('{6,6,6,7,10,13,16,22,23}'::float8[]), true;
INSERT INTO remission SELECT '6-MP', unnest('{6,9,10,11,17,19,20,25,32,32,34,35}'::float8[]), false;
INSERT INTO remission
SELECT 'placebo', unnest('{1,1,2,2,3,4,4,5,5,8,8,8,8,11,11,12,12,15,17,22,23}'::float8[]), true;

-- The life table, as text.
SELECT arm, kaplan_meier(weeks, relapse) FROM remission GROUP BY arm ORDER BY arm;

-- The textbook table at the event times. Expected (R: summary(survfit(Surv(weeks, relapse) ~ 1,
-- conf.type = "log-log")) on the 6-MP arm, and by hand: S = prod (1 - d/n),
-- se = S sqrt(sum d/(n(n-d))), interval S^exp(+-1.96 se/(S |log S|))):
--   6: 21 3 0.857 0.0764 0.620 0.952      16: 11 1 0.627 0.1141 0.368 0.805
--   7: 17 1 0.807 0.0869 0.563 0.923      22:  7 1 0.538 0.1282 0.268 0.747
--  10: 15 1 0.753 0.0963 0.503 0.889      23:  6 1 0.448 0.1346 0.188 0.680
--  13: 12 1 0.690 0.1068 0.432 0.849
SELECT p.time, p.at_risk, p.events, p.censored, round(p.survival::numeric, 3) AS survival,
       round(p.std_error::numeric, 4) AS std_error,
       round(p.ci_low::numeric, 3) AS ci_low, round(p.ci_high::numeric, 3) AS ci_high
FROM (SELECT kaplan_meier(weeks, relapse) AS c FROM remission WHERE arm = '6-MP') k,
     km_points(k.c) p
ORDER BY p.time;

SELECT arm, km_median(c) AS median,
       round(km_survival_at(c, 12)::numeric, 6) AS s12,
       round(km_survival_at(c, 13)::numeric, 6) AS s13,
       km_survival_at(c, 0) AS s0, km_survival_at(c, -5) AS before_start,
       round(km_survival_at(c, 1000)::numeric, 6) AS after_end
FROM (SELECT arm, kaplan_meier(weeks, relapse) AS c FROM remission GROUP BY arm) k
ORDER BY arm;

-- Placebo: no censoring, so S(t) is the empirical share still in remission; it reaches 0 at
-- week 23, where the standard error and the interval become NULL.
SELECT p.time, p.at_risk, p.events, round(p.survival::numeric, 6) AS survival,
       round(p.std_error::numeric, 6) AS std_error, round(p.ci_low::numeric, 6) AS ci_low
FROM (SELECT kaplan_meier(weeks, relapse) AS c FROM remission WHERE arm = 'placebo') k,
     km_points(k.c) p
WHERE p.time >= 15 ORDER BY p.time;

-- Ties: events before censoring at the same time; rows in any order give the same curve.
SELECT kaplan_meier(d, e) FROM (VALUES (2.5, false), (1, true), (2.5, true), (1, false), (2.5, true)) v(d, e);
SELECT p.* FROM (SELECT kaplan_meier(d, e) AS c FROM (VALUES (2.5, false), (1, true), (2.5, true),
       (1, false), (2.5, true)) v(d, e)) k, km_points(k.c) p ORDER BY p.time;
-- Everybody at the same time.
SELECT p.* FROM (SELECT kaplan_meier(3, true) AS c FROM generate_series(1, 4)) k, km_points(k.c) p;
-- All censored: S = 1 throughout, zero standard error, no median.
SELECT p.time, p.at_risk, p.survival, p.std_error, p.ci_low, p.ci_high
FROM (SELECT kaplan_meier(d, false) AS c FROM generate_series(1, 3) d) k, km_points(k.c) p ORDER BY p.time;
SELECT km_median(kaplan_meier(d, false)) IS NULL AS no_median FROM generate_series(1, 3) d;
-- Single-row groups.
SELECT g, c::text, km_median(c) AS median, km_survival_at(c, 10) AS s10
FROM (SELECT g, kaplan_meier(d, e) AS c
      FROM (VALUES ('event', 4.0, true), ('censored', 4.0, false), ('zero', 0.0, true)) v(g, d, e)
      GROUP BY g) k ORDER BY g;
-- Exactly one half over an interval: the median is the midpoint to the next event (R's rule).
SELECT km_median(kaplan_meier(d, true)) FROM (VALUES (1), (2), (3), (4)) v(d);
SELECT km_median(kaplan_meier(d, e)) FROM (VALUES (1, true), (5, false)) v(d, e);

-- NULL inputs are ignored; an empty group, or only NULLs, gives NULL.
SELECT kaplan_meier(d, e) FROM (VALUES (NULL::float8, true), (3, NULL::bool), (2, true)) v(d, e);
SELECT kaplan_meier(weeks, relapse) IS NULL AS empty_is_null FROM remission WHERE false;
SELECT kaplan_meier(NULL::float8, NULL::bool) IS NULL AS nulls_are_null;

-- km_merge: curves of parts (shards, segments, days) merge into the curve of all subjects.
SELECT km_merge(c)::text = (SELECT kaplan_meier(weeks, relapse)::text FROM remission) AS merge_equals_whole,
       km_median(km_merge(c)) AS median_all
FROM (SELECT arm, kaplan_meier(weeks, relapse) AS c FROM remission GROUP BY arm) k;
SELECT km_merge(c) FROM (VALUES ('{(1,1,0),(3,0,2)}'::cr_km_curve), (NULL), ('{(1,0,1),(2,1,0)}')) v(c);
SELECT km_merge(c) IS NULL AS empty_merge FROM (VALUES (NULL::cr_km_curve)) v(c);

-- The type: text round trip, spaces allowed, binary round trip through COPY.
SELECT '{(6,3,1),(7,1,0),(9.5,0,1)}'::cr_km_curve;
SELECT ' { ( 6 , 3 , 1 ) , ( 7,1,0 ) } '::cr_km_curve;
SELECT '{(0.1,1,0)}'::cr_km_curve::text::cr_km_curve;
SELECT c::text = (c::text::cr_km_curve)::text AS text_round_trip
FROM (SELECT kaplan_meier(weeks, relapse) AS c FROM remission) k;
CREATE TEMP TABLE km_copy (arm text, c cr_km_curve);
DO $$
DECLARE f text := current_setting('data_directory') || '/km_curve_binary.copy';
BEGIN
    EXECUTE format('COPY (SELECT arm, kaplan_meier(weeks, relapse) FROM remission GROUP BY arm)
                    TO %L (FORMAT binary)', f);
    EXECUTE format('COPY km_copy FROM %L (FORMAT binary)', f);
END $$;
SELECT k.arm, k.c::text = r.c::text AS binary_round_trip
FROM km_copy k JOIN (SELECT arm, kaplan_meier(weeks, relapse) AS c FROM remission GROUP BY arm) r USING (arm)
ORDER BY arm;
SELECT length(cr_km_curve_send('{(6,3,1)}'::cr_km_curve)) AS send_bytes;

-- Bad input: 22023 with the value; malformed text 22P02.
SELECT kaplan_meier(d, true) FROM (VALUES (3.0), (-1.0)) v(d);
SELECT kaplan_meier('NaN'::float8, true);
SELECT kaplan_meier('Infinity'::float8, false);
SELECT km_survival_at('{(6,3,1)}'::cr_km_curve, 'NaN');
SELECT '{(7,1,0),(6,3,1)}'::cr_km_curve;
SELECT '{(6,1,0),(6,3,1)}'::cr_km_curve;
SELECT '{(-6,3,1)}'::cr_km_curve;
SELECT '{(NaN,3,1)}'::cr_km_curve;
SELECT '{(6,-3,1)}'::cr_km_curve;
SELECT '{(6,0,0)}'::cr_km_curve;
SELECT '{(6,9223372036854775807,1)}'::cr_km_curve;
SELECT '{(6,99999999999999999999,1)}'::cr_km_curve;
SELECT '{}'::cr_km_curve;
SELECT '{(6,3)}'::cr_km_curve;
SELECT '{(6,3,1.5)}'::cr_km_curve;
SELECT '(6,3,1)'::cr_km_curve;
SELECT '{(6,3,1)} x'::cr_km_curve;

-- The SQLSTATEs of those errors.
CREATE FUNCTION pg_temp.sqlstate_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;
SELECT q, pg_temp.sqlstate_of(q) AS sqlstate FROM (VALUES
    ('SELECT kaplan_meier(-1, true)'),
    ('SELECT kaplan_meier(''NaN''::float8, true)'),
    ('SELECT km_survival_at(''{(6,3,1)}''::cr_km_curve, ''Infinity'')'),
    ('SELECT ''{(7,1,0),(6,3,1)}''::cr_km_curve'),
    ('SELECT ''{(6,-3,1)}''::cr_km_curve'),
    ('SELECT ''{(6,9223372036854775807,1)}''::cr_km_curve'),
    ('SELECT ''{(6,3)}''::cr_km_curve')) v(q)
ORDER BY q;
