-- Portable states are canonical (issue 8, finding 6).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- Portable states are canonical: the same rows give the same bytes in a serial plan, in a
-- parallel plan (partial states combined in whatever order the workers finish) and in reverse
-- order, so stored states can be compared and deduplicated.
CREATE TABLE canon_tx AS
SELECT g AS id, g % 50 AS customer, date '2024-01-01' + (g * 37) % 300 AS day,
       ((g * 7919) % 10000) / 100.0 + 0.01 AS amount, (g * 13) % 11 AS score,
       ARRAY[(g % 5) + 1, ((g * 3) % 5) + 1, ((g * 7) % 5) + 1]::float8[] AS items,
       (g % 9)::float8 AS f, CASE WHEN g % 9 = 0 THEN 0 ELSE (g % 9 + (g % 4)) END::float8 AS r,
       40::float8 AS t, (g % 4)::int AS period_index,
       (ARRAY['trust', 'respect', 'fairness'])[g % 3 + 1] AS dimension, ((g * 11) % 7 + 1)::float8 AS dscore
FROM generate_series(1, 40000) g;
ANALYZE canon_tx;
CREATE FUNCTION pg_temp.states(descending bool) RETURNS TABLE (name text, state text) LANGUAGE sql AS $$
SELECT 'rfm_summary_state', md5(rfm_summary_state(day, amount, date '2024-12-31' ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'nps_state', md5(nps_state(score ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'csat_state', md5(csat_state(score % 5 + 1 ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'ces_state', md5(ces_state(score % 7 + 1 ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'bgnbd_fit_state', md5(bgnbd_fit_state(f, r, t ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'pareto_nbd_fit_state', md5(pareto_nbd_fit_state(f, r, t ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'gamma_gamma_fit_state', md5(gamma_gamma_fit_state(f + 1, amount ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'bgbb_fit_state', md5(bgbb_fit_state(least(f, 6)::bigint, CASE WHEN f = 0 THEN 0 ELSE 6 END, 6 ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'cohort_activity_state', md5(cohort_activity_state(customer::int8, period_index ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'cohort_survivors_state', md5(cohort_survivors_state(customer::int8, period_index ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'cronbach_alpha_state', md5(cronbach_alpha_state(items ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'cronbach_alpha_summary_state', md5(cronbach_alpha_summary_state(items ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'engagement_state', md5(engagement_state(day, amount, '30 days', date '2024-12-31' ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'relationship_quality_state', md5(relationship_quality_state(dimension, dscore, 1, 7 ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx
UNION ALL SELECT 'sbg_fit_state', md5(sbg_fit_state(period_index, 1000 - period_index * 100 ORDER BY CASE WHEN descending THEN -id ELSE id END)::text) FROM canon_tx WHERE id <= 4
$$;
-- Each state is a scalar subquery, planned on its own: Finalize Aggregate over a Gather of
-- Partial Aggregates. The function is STABLE and PARALLEL SAFE so that it is inlined and the
-- query may be parallel at all (a call to a parallel-unsafe function rules parallelism out for
-- the whole statement, and a non-inlined SQL function runs its query without parallelism).
CREATE FUNCTION pg_temp.states_unordered() RETURNS TABLE (name text, state text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT * FROM (VALUES
    ('rfm_summary_state', (SELECT md5(rfm_summary_state(day, amount, date '2024-12-31')::text) FROM canon_tx)),
    ('nps_state', (SELECT md5(nps_state(score)::text) FROM canon_tx)),
    ('csat_state', (SELECT md5(csat_state(score % 5 + 1)::text) FROM canon_tx)),
    ('ces_state', (SELECT md5(ces_state(score % 7 + 1)::text) FROM canon_tx)),
    ('bgnbd_fit_state', (SELECT md5(bgnbd_fit_state(f, r, t)::text) FROM canon_tx)),
    ('pareto_nbd_fit_state', (SELECT md5(pareto_nbd_fit_state(f, r, t)::text) FROM canon_tx)),
    ('gamma_gamma_fit_state', (SELECT md5(gamma_gamma_fit_state(f + 1, amount)::text) FROM canon_tx)),
    ('bgbb_fit_state', (SELECT md5(bgbb_fit_state(least(f, 6)::bigint, CASE WHEN f = 0 THEN 0 ELSE 6 END, 6)::text) FROM canon_tx)),
    ('cohort_activity_state', (SELECT md5(cohort_activity_state(customer::int8, period_index)::text) FROM canon_tx)),
    ('cohort_survivors_state', (SELECT md5(cohort_survivors_state(customer::int8, period_index)::text) FROM canon_tx)),
    ('cronbach_alpha_state', (SELECT md5(cronbach_alpha_state(items)::text) FROM canon_tx)),
    ('cronbach_alpha_summary_state', (SELECT md5(cronbach_alpha_summary_state(items)::text) FROM canon_tx)),
    ('engagement_state', (SELECT md5(engagement_state(day, amount, '30 days', date '2024-12-31')::text) FROM canon_tx)),
    ('relationship_quality_state', (SELECT md5(relationship_quality_state(dimension, dscore, 1, 7)::text) FROM canon_tx)),
    ('sbg_fit_state', (SELECT md5(sbg_fit_state(period_index, 1000 - period_index * 100)::text) FROM canon_tx WHERE id <= 4))
) AS v (name, state)
$$;
CREATE TEMP TABLE ascending AS SELECT * FROM pg_temp.states(false);
CREATE TEMP TABLE descending AS SELECT * FROM pg_temp.states(true);
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- (the plan is parallel: partial aggregates in the workers)
EXPLAIN (COSTS OFF) SELECT nps_state(score) FROM canon_tx;
-- (and so is every state's subquery: one Partial Aggregate per state)
CREATE FUNCTION pg_temp.partial_aggregates() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    n int := 0;
    line text;
BEGIN
    FOR line IN EXPLAIN (COSTS OFF) SELECT * FROM pg_temp.states_unordered() LOOP
        IF line LIKE '%Partial Aggregate%' THEN
            n := n + 1;
        END IF;
    END LOOP;
    RETURN n;
END
$$;
SELECT pg_temp.partial_aggregates() AS partial_aggregates;  -- all 15 (sbg_fit_state too, over its 4 rows, since its state is no longer internal)
CREATE TEMP TABLE parallel AS SELECT * FROM pg_temp.states_unordered();
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SELECT a.name, a.state = d.state AS same_reversed, a.state = p.state AS same_parallel
FROM ascending a JOIN descending d USING (name) JOIN parallel p USING (name) ORDER BY 1;
DROP TABLE canon_tx;
