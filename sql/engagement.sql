-- engagement(ts, weight, half_life, as_of) and engagement_score(engagement, reference)
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

CREATE TEMP TABLE interactions (customer int, ts timestamptz, kind text, weight float8);
INSERT INTO interactions VALUES
    -- customer 1, as of 2024-07-01 with a 30-day half-life:
    -- a visit today (1), a call 30 days ago (2 → 1), a purchase 60 days ago (4 → 1),
    -- and a call tomorrow (after as_of: ignored) → 3
    (1, '2024-07-01 00:00+00', 'visit',    1),
    (1, '2024-06-01 00:00+00', 'call',     2),
    (1, '2024-05-02 00:00+00', 'purchase', 4),
    (1, '2024-07-02 00:00+00', 'call',     2),
    -- customer 2: one purchase 90 days ago (8 → 1), one NULL weight (skipped)
    (2, '2024-04-02 00:00+00', 'purchase', 8),
    (2, '2024-06-30 00:00+00', 'visit',    NULL),
    -- customer 3: only after as_of → 0 (seen, but nothing counts yet)
    (3, '2024-08-01 00:00+00', 'visit',    5),
    -- customer 4: only a NULL weight → NULL (no row counted)
    (4, '2024-06-30 00:00+00', 'visit',    NULL);

SELECT customer,
       round(engagement(ts, weight, interval '30 days', timestamptz '2024-07-01 00:00+00')::numeric, 10) AS engagement
FROM interactions GROUP BY customer ORDER BY customer;

-- One half-life: 2^-1; a week with a one-day half-life: 2^-7 = 0.0078125; a month of
-- half-life counts 30 days; half a day: 2^-0.5.
SELECT round(engagement(timestamptz '2024-01-01', 1, '1 day', timestamptz '2024-01-02')::numeric, 12) AS one_half_life,
       round(engagement(timestamptz '2024-01-01', 1, '1 day', timestamptz '2024-01-08')::numeric, 12) AS week,
       round(engagement(timestamptz '2024-01-01', 1, '1 mon', timestamptz '2024-01-31')::numeric, 12) AS month,
       round(engagement(timestamptz '2024-01-01', 1, '1 day', timestamptz '2024-01-01 12:00')::numeric, 12) AS half_day;

-- timestamp and date variants give the same numbers.
SELECT round(engagement(ts AT TIME ZONE 'UTC', weight, interval '30 days', timestamp '2024-07-01')::numeric, 10) AS ts_no_tz,
       round(engagement((ts AT TIME ZONE 'UTC')::date, weight, interval '30 days', date '2024-07-01')::numeric, 10) AS by_date
FROM interactions WHERE customer = 1;

-- Time zones do not matter for timestamptz (absolute instants).
SET timezone = 'America/New_York';
SELECT round(engagement(ts, weight, interval '30 days', timestamptz '2024-07-01 00:00+00')::numeric, 10) AS ny
FROM interactions WHERE customer = 1;
RESET timezone;

-- Old interactions underflow to 0, never NaN; an empty group is NULL.
SELECT engagement(timestamptz '1000-01-01', 1e300, '1 second', timestamptz '2024-01-01') AS ancient;
SELECT engagement(ts, weight, '1 day', now()) IS NULL AS empty FROM interactions WHERE false;

-- engagement_score: 100 * min(1, engagement / reference).
SELECT engagement_score(0, 4) AS zero, engagement_score(3, 4) AS three_of_four,
       engagement_score(4, 4) AS at_reference, engagement_score(40, 4) AS capped;

-- Errors.
SELECT pg_temp.try($$SELECT engagement(timestamptz '2024-01-01', 1, '-1 day', timestamptz '2024-01-02')$$);
SELECT pg_temp.try($$SELECT engagement(timestamptz '2024-01-01', 1, '0', timestamptz '2024-01-02')$$);
SELECT pg_temp.try($$SELECT engagement(timestamptz '2024-01-01', -1, '1 day', timestamptz '2024-01-02')$$);
SELECT pg_temp.try($$SELECT engagement(timestamptz '2024-01-01', 'NaN', '1 day', timestamptz '2024-01-02')$$);
SELECT pg_temp.try($$SELECT engagement(timestamptz '2024-01-01', 'Infinity', '1 day', timestamptz '2024-01-02')$$);
SELECT pg_temp.try($$SELECT engagement(timestamptz 'infinity', 1, '1 day', timestamptz '2024-01-02')$$);
SELECT pg_temp.try($$SELECT engagement(timestamptz '2024-01-01', 1, '1 day', timestamptz '-infinity')$$);
SELECT pg_temp.try($$SELECT engagement(date 'infinity', 1, '1 day', date '2024-01-02')$$);
SELECT pg_temp.try($$SELECT engagement(ts, 1e308, '1 day', timestamptz '2024-01-02') FROM (VALUES (timestamptz '2024-01-02'), ('2024-01-02')) v(ts)$$);
SELECT pg_temp.try($$SELECT engagement_score(-1, 4)$$);
SELECT pg_temp.try($$SELECT engagement_score(1, 0)$$);
SELECT pg_temp.try($$SELECT engagement_final('{1,2,3}'::float8[])$$);

-- The combine step, driven directly: partial sums add up; arrays that are not states are errors.
CREATE AGGREGATE pg_temp.eng_state(timestamptz, float8, interval, timestamptz) (
    SFUNC = engagement_trans, STYPE = float8[], INITCOND = '{2,0,0,0}');
CREATE AGGREGATE pg_temp.eng_merge(float8[]) (
    SFUNC = engagement_combine, STYPE = float8[], FINALFUNC = engagement_final);
SELECT round(pg_temp.eng_merge(st)::numeric, 10) AS merged
FROM (SELECT customer, pg_temp.eng_state(ts, weight, interval '30 days', timestamptz '2024-07-01 00:00+00') AS st
      FROM interactions GROUP BY customer) s;
SELECT pg_temp.try($$SELECT pg_temp.eng_merge(st) FROM (VALUES ('{2,1,2,0}'::float8[]), ('{1,2,3}')) v(st)$$);
SELECT pg_temp.try($$SELECT pg_temp.eng_merge(st) FROM (VALUES ('{2,1,2,0}'::float8[]), ('{2,-1,2,0}')) v(st)$$);
