-- Benchmark of the 1.1 analysis aggregates (never a test): key_drivers, logrank_test and the
-- covariate fits, serial, on generated data. The README's figures for them come from here
-- (BENCH=analysis make bench).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
DROP TABLE IF EXISTS an_survey9, an_survey15, an_durations, an_cov;
-- survey answers: an outcome and 9 (or 15) dimension scores per respondent
CREATE TABLE an_survey9 AS
SELECT (ARRAY(SELECT ((g * 7919 + d * 104729) % 7 + 1)::float8 FROM generate_series(1, 9) d)) AS dims,
       ((g * 31) % 11)::float8 AS outcome
FROM generate_series(1::bigint, 1000000) g;
CREATE TABLE an_survey15 AS
SELECT (ARRAY(SELECT ((g * 7919 + d * 104729) % 7 + 1)::float8 FROM generate_series(1, 15) d)) AS dims,
       ((g * 31) % 11)::float8 AS outcome
FROM generate_series(1::bigint, 100000) g;
-- durations: 2,000,000 subjects, 4 groups, 10 strata, 3,650 distinct durations
CREATE TABLE an_durations AS
SELECT ((g * 7919) % 3650)::float8 AS duration, g % 5 <> 0 AS event, 'g' || (g % 4) AS grp,
       's' || (g % 10) AS stratum
FROM generate_series(1::bigint, 2000000) g;
-- 100,000 customers with 2 + 2 covariates (one continuous, one 0/1 each): every customer its own group
CREATE TABLE an_cov AS
SELECT s.frequency::float8 AS frequency, s.recency, s.t,
       ARRAY[((c::bigint * 7919) % 1000) / 1000.0, (c % 2)]::float8[] AS zp,
       ARRAY[((c::bigint * 104729) % 1000) / 1000.0, (c % 3 = 0)::int]::float8[] AS zd
FROM generate_series(1, 100000) c,
     LATERAL bgnbd_simulate(bgnbd_model(0.25, 4.4, 0.8, 2.4), 1, 39, c, 0) s;
VACUUM ANALYZE an_survey9;
VACUUM ANALYZE an_survey15;
VACUUM ANALYZE an_durations;
VACUUM ANALYZE an_cov;

CREATE TEMP TABLE figures (what text, rows text, plan text, ms float8);
INSERT INTO figures SELECT 'key_drivers, 9 dimensions', '1,000,000', bench_plan(q), bench_ms(q, 3)
FROM (VALUES ('SELECT key_drivers(outcome, dims) FROM an_survey9')) v(q);
INSERT INTO figures SELECT 'key_drivers, 15 dimensions', '100,000', bench_plan(q), bench_ms(q, 3)
FROM (VALUES ('SELECT key_drivers(outcome, dims) FROM an_survey15')) v(q);
INSERT INTO figures SELECT 'scan: sum of a column (same table)', '2,000,000', bench_plan(q), bench_ms(q, 3)
FROM (VALUES ('SELECT sum(duration) FROM an_durations')) v(q);
INSERT INTO figures SELECT 'kaplan_meier', '2,000,000', bench_plan(q), bench_ms(q, 3)
FROM (VALUES ('SELECT kaplan_meier(duration, event) FROM an_durations')) v(q);
INSERT INTO figures SELECT 'logrank_test, 4 groups', '2,000,000', bench_plan(q), bench_ms(q, 3)
FROM (VALUES ('SELECT logrank_test(duration, event, grp) FROM an_durations')) v(q);
INSERT INTO figures SELECT 'logrank_test, 4 groups in 10 strata', '2,000,000', bench_plan(q), bench_ms(q, 3)
FROM (VALUES ('SELECT logrank_test(duration, event, grp, stratum) FROM an_durations')) v(q);
INSERT INTO figures SELECT 'bgnbd_fit, 2 + 2 covariates', '100,000', bench_plan(q), bench_ms(q, 2)
FROM (VALUES ('SELECT bgnbd_fit(frequency, recency, t, zp, zd) FROM an_cov')) v(q);
INSERT INTO figures SELECT 'pareto_nbd_fit, 2 + 2 covariates', '100,000', bench_plan(q), bench_ms(q, 1)
FROM (VALUES ('SELECT pareto_nbd_fit(frequency, recency, t, zp, zd) FROM an_cov')) v(q);
RESET max_parallel_workers_per_gather;

\echo best of 3 runs (2 for bgnbd_fit, 1 for pareto_nbd_fit)
SELECT what, rows, plan, round(ms::numeric) AS ms FROM figures;
DROP TABLE an_survey9, an_survey15, an_durations, an_cov;
