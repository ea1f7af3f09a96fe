-- relationship_health(...) → (score, band, driver, driver_gap, coverage);
-- relationship_recency_score(since, typical_gap)
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

-- The worked example of README "Relationship quality": 0.30*80 + 0.10*60 + 0.30*72 + 0.10*80 + 0.20*60
-- = 71.6, stable; shortfalls 6, 4, 8.4, 2, 8 → driver rq_index, 8.4 points.
SELECT round(score::numeric, 6) AS score, band, driver, round(driver_gap::numeric, 6) AS driver_gap,
       round(coverage::numeric, 6) AS coverage
FROM relationship_health(p_alive => 0.8, recency_score => 0.6, rq_index => 72, nps_answer => 8,
                         engagement_score => 60);

-- A missing component re-weights the others: without engagement 59.6 / 0.8 = 74.5; the
-- driver's gap becomes 0.375 * 28 = 10.5.
SELECT round(score::numeric, 6) AS score, band, driver, round(driver_gap::numeric, 6) AS driver_gap,
       round(coverage::numeric, 6) AS coverage
FROM relationship_health(p_alive => 0.8, recency_score => 0.6, rq_index => 72, nps_answer => 8);

-- Only the behavioural side; only an NPS answer; nothing at all (NULL).
SELECT round(score::numeric, 6) AS score, band, driver, round(coverage::numeric, 6) AS coverage
FROM relationship_health(p_alive => 0.2, recency_score => 0.9);
SELECT score, band, driver, round(coverage::numeric, 6) AS coverage
FROM relationship_health(nps_answer => 3);
SELECT relationship_health() IS NULL AS all_null,
       relationship_health(p_alive => NULL, rq_index => NULL) IS NULL AS explicit_nulls;
-- the only component given has weight 0: no information, NULL
SELECT relationship_health(nps_answer => 9, nps_answer_weight => 0) IS NULL AS zero_weight_only;

-- Weights are parameters: an account team that trusts its survey more than its model.
SELECT round(score::numeric, 6) AS score, band, driver
FROM relationship_health(p_alive => 0.8, rq_index => 40, p_alive_weight => 0.1, rq_index_weight => 0.9);

-- Bands at their default thresholds (75 / 55 / 35), and thresholds as parameters.
SELECT s, (relationship_health(rq_index => s)).band
FROM unnest(ARRAY[100, 75, 74.99, 55, 54.99, 35, 34.99, 0]::float8[]) s ORDER BY s DESC;
SELECT (relationship_health(rq_index => 70, strong_min => 70)).band AS strong_at_70,
       (relationship_health(rq_index => 70, strong_min => 90, stable_min => 80, at_risk_min => 70)).band AS at_risk;

-- Perfect scores: no driver.
SELECT score, band, driver, driver_gap
FROM relationship_health(p_alive => 1, recency_score => 1, rq_index => 100, nps_answer => 10, engagement_score => 100);

-- Positional call (all 13 parameters) gives the same as the named one.
SELECT round((relationship_health(0.8, 0.6, 72, 8, 60, 0.3, 0.1, 0.3, 0.1, 0.2, 75, 55, 35)).score::numeric, 6) AS positional;

-- Recency score: exp(-since / typical_gap).
SELECT relationship_recency_score(0, 30) AS just_bought,
       round(relationship_recency_score(30, 30)::numeric, 6) AS one_gap,
       round(relationship_recency_score(90, 30)::numeric, 6) AS three_gaps,
       relationship_recency_score(1e6, 1) AS long_gone;

-- Errors: out-of-range components (22003), NaN (22023), bad weights and thresholds.
SELECT pg_temp.try($$SELECT relationship_health(p_alive => 1.2)$$);
SELECT pg_temp.try($$SELECT relationship_health(recency_score => -0.1)$$);
SELECT pg_temp.try($$SELECT relationship_health(rq_index => 101)$$);
SELECT pg_temp.try($$SELECT relationship_health(nps_answer => 11)$$);
SELECT pg_temp.try($$SELECT relationship_health(engagement_score => 150)$$);
SELECT pg_temp.try($$SELECT relationship_health(p_alive => 'NaN')$$);
SELECT pg_temp.try($$SELECT relationship_health(p_alive => 0.5, rq_index_weight => -1)$$);
SELECT pg_temp.try($$SELECT relationship_health(p_alive => 0.5, nps_answer_weight => NULL)$$);
SELECT pg_temp.try($$SELECT relationship_health(p_alive => 0.5, p_alive_weight => 0, recency_score_weight => 0, rq_index_weight => 0, nps_answer_weight => 0, engagement_score_weight => 0)$$);
SELECT pg_temp.try($$SELECT relationship_health(p_alive => 0.5, strong_min => 50, stable_min => 60)$$);
SELECT pg_temp.try($$SELECT relationship_health(p_alive => 0.5, strong_min => 120)$$);
SELECT pg_temp.try($$SELECT relationship_recency_score(-1, 30)$$);
SELECT pg_temp.try($$SELECT relationship_recency_score(1, 0)$$);
