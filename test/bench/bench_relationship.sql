-- Benchmarks of the relationship family (make bench, BENCH=relationship make bench).
-- Each figure is the best of 3 runs in milliseconds; "plain SQL" is the same number computed
-- with built-in aggregates and expressions, for scale.
SET client_min_messages = warning;

-- 1,000,000 survey answers: 100,000 customers x 10 answers on a 1-7 scale.
DROP TABLE IF EXISTS bench_rq;
CREATE TABLE bench_rq AS
SELECT i % 100000 AS customer_id,
       (ARRAY['trust', 'communication', 'respect', 'fairness', 'honesty', 'seriousness',
              'recognition', 'commitment', 'engagement'])[1 + (i * 7) % 9] AS dimension,
       (1 + (i * 7919) % 7)::float8 AS score
FROM generate_series(1::bigint, 1000000) i;
-- 1,000,000 respondents x 10 items.
DROP TABLE IF EXISTS bench_items;
CREATE TABLE bench_items AS
SELECT ARRAY[(i * 31) % 7 + (i * 17) % 3, (i * 31) % 7 + (i * 13) % 4, (i * 31) % 7 + (i * 11) % 5,
             (i * 31) % 7 + (i * 7) % 2, (i * 31) % 7 + (i * 5) % 3, (i * 31) % 7 + (i * 3) % 4,
             (i * 31) % 7 + (i * 19) % 5, (i * 31) % 7 + (i * 23) % 2, (i * 31) % 7 + (i * 29) % 3,
             (i * 31) % 7 + (i * 37) % 4]::float8[] AS items
FROM generate_series(1::bigint, 1000000) i;
-- 1,000,000 interactions of 100,000 customers over two years.
DROP TABLE IF EXISTS bench_inter;
CREATE TABLE bench_inter AS
SELECT i % 100000 AS customer_id,
       timestamptz '2023-01-01 00:00+00' + (i % 730) * interval '1 day' AS ts,
       ((i % 4) + 1)::float8 AS weight
FROM generate_series(1::bigint, 1000000) i;
VACUUM ANALYZE bench_rq, bench_items, bench_inter;

CREATE TEMP TABLE bench_result (what text, rows text, extension_ms float8, plain_sql_ms float8);

SET max_parallel_workers_per_gather = 0;

INSERT INTO bench_result SELECT 'relationship_quality per customer', '1M answers, 100k groups',
    bench_ms($$SELECT customer_id, relationship_quality(dimension, score, 1, 7) FROM bench_rq GROUP BY customer_id$$),
    bench_ms($$SELECT customer_id, avg(m) FROM (SELECT customer_id, dimension, avg((score - 1) / 6 * 100) AS m
               FROM bench_rq GROUP BY customer_id, dimension) d GROUP BY customer_id$$);
INSERT INTO bench_result SELECT 'relationship_quality, custom weights', '1M answers, 100k groups',
    bench_ms($$SELECT customer_id, relationship_quality(dimension, score, 1, 7, '{"trust": 2, "fairness": 2, "respect": 1, "honesty": 1, "communication": 1, "seriousness": 1, "recognition": 1, "commitment": 1, "engagement": 1}') FROM bench_rq GROUP BY customer_id$$),
    NULL;
INSERT INTO bench_result SELECT 'relationship_quality, one group', '1M answers',
    bench_ms($$SELECT relationship_quality(dimension, score, 1, 7) FROM bench_rq$$),
    bench_ms($$SELECT avg(m) FROM (SELECT dimension, avg((score - 1) / 6 * 100) AS m FROM bench_rq GROUP BY dimension) d$$);
INSERT INTO bench_result SELECT 'cronbach_alpha (k = 10)', '1M respondents',
    bench_ms($$SELECT cronbach_alpha(items) FROM bench_items$$),
    bench_ms($$SELECT 10.0 / 9 * (1 - (var_samp(items[1]) + var_samp(items[2]) + var_samp(items[3]) + var_samp(items[4])
               + var_samp(items[5]) + var_samp(items[6]) + var_samp(items[7]) + var_samp(items[8]) + var_samp(items[9])
               + var_samp(items[10])) / var_samp(items[1] + items[2] + items[3] + items[4] + items[5] + items[6]
               + items[7] + items[8] + items[9] + items[10])) FROM bench_items$$);
INSERT INTO bench_result SELECT 'cronbach_alpha_summary (k = 10)', '1M respondents',
    bench_ms($$SELECT cronbach_alpha_summary(items) FROM bench_items$$), NULL;
INSERT INTO bench_result SELECT 'engagement per customer', '1M interactions, 100k groups',
    bench_ms($$SELECT customer_id, engagement(ts, weight, '30 days', timestamptz '2025-01-01 00:00+00') FROM bench_inter GROUP BY customer_id$$),
    bench_ms($$SELECT customer_id, sum(weight * power(2, -extract(epoch FROM timestamptz '2025-01-01 00:00+00' - ts)::float8 / 2592000))
               FROM bench_inter WHERE ts <= timestamptz '2025-01-01 00:00+00' GROUP BY customer_id$$);
INSERT INTO bench_result SELECT 'relationship_health', '1M calls',
    bench_ms($$SELECT (relationship_health(p_alive => (i % 100) / 100.0::float8, recency => (i % 37) / 37.0::float8,
               rq_index => (i % 101)::float8, nps_answer => (i % 11)::float8, engagement => ((i * 7) % 101)::float8)).score
               FROM generate_series(1::bigint, 1000000) i$$),
    bench_ms($$SELECT (0.3::float8 * (i % 100) + 0.1::float8 * 100 * (i % 37) / 37 + 0.3::float8 * (i % 101)
               + 0.1::float8 * 10 * (i % 11) + 0.2::float8 * ((i * 7) % 101)) / 1.0::float8
               FROM generate_series(1::bigint, 1000000) i$$);

-- Parallel speed-up on this machine (2 workers).
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
INSERT INTO bench_result SELECT 'relationship_quality, one group, 2 workers', '1M answers',
    bench_ms($$SELECT relationship_quality(dimension, score, 1, 7) FROM bench_rq$$), NULL;
INSERT INTO bench_result SELECT 'cronbach_alpha (k = 10), 2 workers', '1M respondents',
    bench_ms($$SELECT cronbach_alpha(items) FROM bench_items$$), NULL;
INSERT INTO bench_result SELECT 'engagement, one group, 2 workers', '1M interactions',
    bench_ms($$SELECT engagement(ts, weight, '30 days', timestamptz '2025-01-01 00:00+00') FROM bench_inter$$), NULL;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;

SELECT what, rows, round(extension_ms::numeric, 1) AS extension_ms,
       round(plain_sql_ms::numeric, 1) AS plain_sql_ms,
       round((plain_sql_ms / extension_ms)::numeric, 2) AS speedup
FROM bench_result;

DROP TABLE bench_rq, bench_items, bench_inter;
