SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- A small shop: purchases of 7 customers, cohorts by month of the first purchase.
CREATE TEMP TABLE purchases (customer_id int8, bought date);
INSERT INTO purchases VALUES
  (1, '2024-01-05'), (1, '2024-01-20'), (1, '2024-02-03'), (1, '2024-04-11'),
  (2, '2024-01-09'), (2, '2024-03-15'),
  (3, '2024-01-30'),
  (4, '2024-02-01'), (4, '2024-03-01'), (4, '2024-03-02'), (4, '2024-04-30'),
  (5, '2024-02-14'), (5, '2024-04-01'),
  (6, '2024-02-28'),
  (7, '2024-03-03'), (7, '2024-04-04');

-- The classic cohort table in one GROUP BY: period_index = months since the first purchase.
CREATE TEMP VIEW purchase_periods AS
SELECT customer_id,
       first_month AS cohort,
       ((extract(year FROM bought) - extract(year FROM first_month)) * 12
        + extract(month FROM bought) - extract(month FROM first_month))::int AS period_index
FROM (SELECT customer_id, bought,
             date_trunc('month', min(bought) OVER (PARTITION BY customer_id))::date AS first_month
      FROM purchases) p;

-- Expected by hand: Jan {1,2,3}: 3, then Feb {1}, Mar {2}, Apr {1};
-- Feb {4,5,6}: 3, then Mar {4}, Apr {4,5}; Mar {7}: 1, then Apr {7}.
SELECT cohort, cohort_activity(customer_id, period_index) AS active,
       cohort_survivors(customer_id, period_index) AS survivors,
       cohort_retention(cohort_activity(customer_id, period_index)) AS retention_pct
FROM purchase_periods GROUP BY cohort ORDER BY cohort;

-- The same with text and uuid keys.
SELECT cohort, cohort_activity('C-' || customer_id, period_index) AS text_keys,
       cohort_activity(('00000000-0000-0000-0000-' || lpad(customer_id::text, 12, '0'))::uuid,
                       period_index) AS uuid_keys,
       cohort_survivors('C-' || customer_id, period_index) AS text_survivors
FROM purchase_periods GROUP BY cohort ORDER BY cohort;

-- One row per cohort and period, with percentages (what a report reads).
SELECT c.cohort, p.period_index, p.customers, round(p.retention_pct::numeric, 2) AS retention_pct
FROM (SELECT cohort, cohort_activity(customer_id, period_index) AS counts
      FROM purchase_periods GROUP BY cohort) c,
     cohort_periods(c.counts) p
ORDER BY c.cohort, p.period_index;

-- Exactly the hand-written count(DISTINCT ...) per cell, on 60,000 generated activities of
-- 5,000 customers over 30 monthly indexes, for bigint, text and uuid keys (no differences).
CREATE TEMP TABLE act AS
SELECT (i % 5000) AS customer_id, (i % 5000) % 12 AS cohort,
       CASE WHEN i < 5000 THEN 0 ELSE ((i * 7919) % 30) * ((i % 5000) % 3) / 2 END AS period_index
FROM generate_series(0, 59999) i;
WITH agg AS (
    SELECT cohort, k - 1 AS period_index, n
    FROM (SELECT cohort, cohort_activity(customer_id, period_index) AS a FROM act GROUP BY cohort) x,
         unnest(a) WITH ORDINALITY AS u(n, k)),
hand AS (
    SELECT cohort, period_index, count(DISTINCT customer_id) AS n FROM act GROUP BY 1, 2)
SELECT count(*) AS cells,
       count(*) FILTER (WHERE agg.n IS DISTINCT FROM coalesce(hand.n, 0)) AS differences
FROM agg FULL JOIN hand USING (cohort, period_index);
SELECT count(*) AS text_and_uuid_differences
FROM (SELECT cohort, cohort_activity(customer_id, period_index) AS a,
             cohort_activity(customer_id::text, period_index) AS t,
             cohort_activity(md5(customer_id::text)::uuid, period_index) AS u
      FROM act GROUP BY cohort) x
WHERE a <> t OR a <> u;
-- cohort_survivors = customers whose last active index is >= k.
WITH agg AS (
    SELECT cohort, k - 1 AS period_index, n
    FROM (SELECT cohort, cohort_survivors(customer_id, period_index) AS a FROM act GROUP BY cohort) x,
         unnest(a) WITH ORDINALITY AS u(n, k)),
last AS (SELECT customer_id, cohort, max(period_index) AS last_index FROM act GROUP BY 1, 2),
hand AS (
    SELECT l.cohort, k.k AS period_index, count(*) FILTER (WHERE l.last_index >= k.k) AS n
    FROM last l, generate_series(0, 29) k(k) GROUP BY 1, 2)
SELECT count(*) AS cells, count(*) FILTER (WHERE agg.n IS DISTINCT FROM hand.n) AS differences
FROM agg JOIN hand USING (cohort, period_index);

-- Period indexes of 64 and more (weekly or daily cohorts) take another path: same answers.
CREATE TEMP TABLE daily AS
SELECT (i % 700) AS customer_id, (i % 700) % 3 AS cohort,
       CASE WHEN i < 700 THEN 0 ELSE (i * 37) % 400 END AS period_index
FROM generate_series(0, 29999) i;
WITH agg AS (
    SELECT cohort, k - 1 AS period_index, n
    FROM (SELECT cohort, cohort_activity(customer_id::text, period_index) AS a FROM daily GROUP BY cohort) x,
         unnest(a) WITH ORDINALITY AS u(n, k)),
hand AS (
    SELECT cohort, period_index, count(DISTINCT customer_id) AS n FROM daily GROUP BY 1, 2)
SELECT count(*) AS cells, max(period_index) AS max_index,
       count(*) FILTER (WHERE agg.n IS DISTINCT FROM coalesce(hand.n, 0)) AS differences
FROM agg FULL JOIN hand USING (cohort, period_index);

WITH agg AS (
    SELECT cohort, k - 1 AS period_index, n
    FROM (SELECT cohort, cohort_survivors(customer_id::text, period_index) AS a FROM daily GROUP BY cohort) x,
         unnest(a) WITH ORDINALITY AS u(n, k)),
last AS (SELECT customer_id, cohort, max(period_index) AS last_index FROM daily GROUP BY 1, 2),
hand AS (
    SELECT l.cohort, k.k AS period_index, count(*) FILTER (WHERE l.last_index >= k.k) AS n
    FROM last l, generate_series(0, 399) k(k) GROUP BY 1, 2)
SELECT count(*) AS survivor_cells, count(*) FILTER (WHERE agg.n IS DISTINCT FROM hand.n) AS differences
FROM agg JOIN hand USING (cohort, period_index);

-- Feeding sbg_fit. For a contract (subscription) business a customer is active in every period
-- until cancelling, so the activity counts are the survivors. Here two cohorts of 1,000
-- subscribers follow Fader & Hardie's (2007) segments (still subscribed at the start of years
-- 0..7: regular 1000, 631, 468, 382, 326, 289, 262, 241; high end 1000, 869, 743, 653, 593, 551,
-- 517, 491); one GROUP BY gives back the published fits (0.704, 1.182 and 0.668, 3.806).
CREATE TEMP TABLE subscriptions AS
SELECT seg.cohort, c.i AS customer_id, y.period_index
FROM (VALUES ('regular', '{1000,631,468,382,326,289,262,241}'::int[]),
             ('high end', '{1000,869,743,653,593,551,517,491}'::int[])) seg(cohort, s),
     generate_series(1, 1000) c(i),
     LATERAL (SELECT max(k)::int - 1 AS last_year FROM unnest(seg.s) WITH ORDINALITY u(v, k)
              WHERE c.i <= u.v) l,
     generate_series(0, l.last_year) y(period_index);
SELECT cohort, cohort_activity(customer_id, period_index) AS active,
       cohort_survivors(customer_id, period_index) AS survivors
FROM subscriptions GROUP BY cohort ORDER BY cohort;
SELECT cohort, round((m).alpha::numeric, 3) AS alpha, round((m).beta::numeric, 3) AS beta,
       (m).n_periods, (m).converged
FROM (SELECT cohort, sbg_fit(cohort_activity(customer_id, period_index)) AS m
      FROM subscriptions GROUP BY cohort) x ORDER BY cohort;
-- Activity counts of a non-contract business can rise again, which sbg_fit refuses; there
-- cohort_survivors (customers whose last activity is at or after k) never increases.
SELECT sbg_fit(cohort_activity(customer_id, period_index)) FROM purchase_periods WHERE cohort = '2024-02-01';
SELECT cohort_survivors(customer_id, period_index) FROM purchase_periods WHERE cohort = '2024-02-01';

-- NULL keys or indexes are ignored; an empty group, or only NULLs, gives NULL.
SELECT cohort_activity(k, i) FROM (VALUES (1::int8, 0), (NULL, 0), (2, NULL), (2, 1)) v(k, i);
SELECT cohort_activity(customer_id, period_index) IS NULL AS empty_is_null,
       cohort_survivors(customer_id, period_index) IS NULL AS survivors_null
FROM act WHERE false;
SELECT cohort_activity(NULL::text, NULL::int) IS NULL AS nulls_are_null;
-- int4 keys are bigints; a repeated activity counts once; the empty text key is a key.
SELECT cohort_activity(k, 0) FROM (VALUES (1), (1), (2)) v(k);
SELECT cohort_activity(k, 0) FROM (VALUES (''), (''), ('a'), ('A')) v(k);
-- Index 0 is whoever is active there: a customer without a first-period row is not counted at 0.
SELECT cohort_activity(k, i), cohort_survivors(k, i) FROM (VALUES (1::int8, 0), (2, 2)) v(k, i);

-- cohort_retention and cohort_periods.
SELECT cohort_retention('{200,150,50,0}'::int8[]);
SELECT cohort_retention('{}'::int8[]);
SELECT * FROM cohort_periods('{8,4}'::int8[]);

-- Bad input.
SELECT cohort_activity(1::int8, -1);
SELECT cohort_activity(1::int8, 100001);
SELECT cohort_survivors('x'::text, -3);
SELECT cohort_retention('{0,1}'::int8[]);
SELECT cohort_retention('{10,-1}'::int8[]);
SELECT cohort_retention('{10,NULL}'::int8[]);
SELECT cohort_retention('{{10,1},{10,2}}'::int8[]);
SELECT * FROM cohort_periods('{10,-2}'::int8[]);
-- Keys compared byte for byte need a deterministic collation.
CREATE COLLATION pg_temp.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
SELECT cohort_activity(k COLLATE pg_temp.case_insensitive, 0) FROM (VALUES ('a'), ('A')) v(k);
SELECT cohort_activity(k COLLATE "C", 0) FROM (VALUES ('a'), ('A')) v(k);

-- The SQLSTATEs of those errors.
CREATE FUNCTION pg_temp.sqlstate_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;
SELECT q, pg_temp.sqlstate_of(q) AS sqlstate FROM (VALUES
    ('SELECT cohort_activity(1::int8, -1)'),
    ('SELECT cohort_activity(1::int8, 100001)'),
    ('SELECT cohort_retention(''{0,1}''::int8[])'),
    ('SELECT cohort_retention(''{10,-1}''::int8[])'),
    ('SELECT cohort_retention(''{10,NULL}''::int8[])'),
    ('SELECT cohort_activity(k COLLATE pg_temp.case_insensitive, 0) FROM (VALUES (''a'')) v(k)')) v(q)
ORDER BY q;
