-- The survey aggregates run as partial aggregates in parallel workers (combine function,
-- concrete int8[] state) and give the same results as a serial plan.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

CREATE TABLE survey_par AS
SELECT i % 5 AS g,
       CASE WHEN i % 97 = 0 THEN NULL ELSE ((i * 7919) % 11)::int4 END AS nps_score,
       (1 + (i * 31) % 5)::int2 AS csat_score,
       (1 + (i * 17) % 7)::int8 AS ces_score
FROM generate_series(1, 200000) AS i;
ALTER TABLE survey_par SET (parallel_workers = 2);
ANALYZE survey_par;

-- The same queries run under both settings (a view is planned anew each time).
CREATE TEMP VIEW totals AS
SELECT nps(nps_score) AS nps, nps_summary(nps_score) AS summary, csat(csat_score) AS csat,
       csat(csat_score, 5) AS csat5, ces(ces_score) AS ces, ces(ces_score, 7) AS ces7,
       nps_state(nps_score) AS nps_st, csat_state(csat_score) AS csat_st,
       ces_state(ces_score) AS ces_st
FROM survey_par;
CREATE TEMP VIEW grouped AS
SELECT g, nps(nps_score) AS nps, csat(csat_score) AS csat, ces(ces_score) AS ces
FROM survey_par GROUP BY g;

SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF) SELECT * FROM totals;
EXPLAIN (COSTS OFF) SELECT * FROM grouped;

-- Workers really run the partial aggregates (so the combine function is exercised).
CREATE FUNCTION pg_temp.workers_launched(q text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || q INTO plan;
    RETURN (plan -> 0 -> 'Plan' -> 'Plans' -> 0 ->> 'Workers Launched')::int;
END $$;
SELECT pg_temp.workers_launched('SELECT nps(nps_score), csat(csat_score), ces(ces_score) FROM survey_par') >= 1
       AS workers_ran;

-- The parallel results are kept in temp tables; the CREATE TABLE AS runs the parallel plan.
EXPLAIN (COSTS OFF) CREATE TEMP TABLE par_total AS SELECT * FROM totals;
CREATE TEMP TABLE par_total AS SELECT * FROM totals;
CREATE TEMP TABLE par_grouped AS SELECT * FROM grouped;

SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT * FROM totals;
CREATE TEMP TABLE ser_total AS SELECT * FROM totals;
CREATE TEMP TABLE ser_grouped AS SELECT * FROM grouped;

-- The serial results, checked against plain SQL on the same rows.
SELECT (summary).n, (summary).promoters, (summary).passives, (summary).detractors,
       round(nps::numeric, 6) AS nps, round((summary).std_error::numeric, 6) AS std_error,
       round(csat::numeric, 6) AS csat, round(ces::numeric, 6) AS ces
FROM ser_total;
SELECT count(nps_score) AS n,
       count(*) FILTER (WHERE nps_score >= 9) AS promoters,
       count(*) FILTER (WHERE nps_score BETWEEN 7 AND 8) AS passives,
       count(*) FILTER (WHERE nps_score <= 6) AS detractors,
       round(100.0 * (count(*) FILTER (WHERE nps_score >= 9) - count(*) FILTER (WHERE nps_score <= 6))
             / count(nps_score), 6) AS nps,
       round(100.0 * count(*) FILTER (WHERE csat_score >= 4) / count(csat_score), 6) AS csat,
       round(avg(ces_score), 6) AS ces
FROM survey_par;

-- Parallel = serial: counts and states exactly, scores rounded.
SELECT p.summary = s.summary AS summary_equal,
       round(p.nps::numeric, 9) = round(s.nps::numeric, 9) AS nps_equal,
       round(p.csat::numeric, 9) = round(s.csat::numeric, 9)
           AND round(p.csat5::numeric, 9) = round(s.csat5::numeric, 9) AS csat_equal,
       round(p.ces::numeric, 9) = round(s.ces::numeric, 9)
           AND round(p.ces7::numeric, 9) = round(s.ces7::numeric, 9) AS ces_equal,
       p.nps_st = s.nps_st AND p.csat_st = s.csat_st AND p.ces_st = s.ces_st AS states_equal
FROM par_total p, ser_total s;
SELECT g, round(p.nps::numeric, 9) = round(s.nps::numeric, 9) AS nps_equal,
       round(p.csat::numeric, 9) = round(s.csat::numeric, 9) AS csat_equal,
       round(p.ces::numeric, 9) = round(s.ces::numeric, 9) AS ces_equal
FROM par_grouped p JOIN ser_grouped s USING (g) ORDER BY g;

-- nps_merge runs in parallel too: one state per (g, nps_score, csat_score) group, merged by workers.
CREATE TABLE survey_par_states AS
SELECT nps_state(nps_score) AS st FROM survey_par GROUP BY g, nps_score, csat_score;
SELECT count(*) AS states, count(st) AS non_null_states FROM survey_par_states;
ALTER TABLE survey_par_states SET (parallel_workers = 2);
ANALYZE survey_par_states;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT nps_merge(st) FROM survey_par_states;
SELECT nps_merge(st) = (SELECT summary FROM ser_total) AS merge_equal FROM survey_par_states;

RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
DROP VIEW totals, grouped;
DROP TABLE survey_par, survey_par_states;
