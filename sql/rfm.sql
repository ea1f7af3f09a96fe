-- rfm_summary: the Fader-Hardie-Lee summary of transactions, for timestamptz, timestamp and
-- date purchase times; rfm_summary_state / rfm_summary_merge; the cr_rfm_state type's I/O.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET TimeZone = 'UTC';

-- A worked example, by hand. Customer 1 buys on Jan 1 (10 + 5, one purchase day), Jan 8 (20),
-- Jan 15 (40), and on Feb 15 (100, after as_of = Jan 31, ignored). So frequency = 3 days - 1
-- = 2, recency = 14 days, t = 30 days, monetary = (20 + 40) / 2 = 30, 4 transactions,
-- total 75. Customer 2 buys once (frequency 0, monetary 0). Customer 3 only after as_of: NULL.
CREATE TEMP TABLE tx (customer int, ts timestamptz, amount float8);
INSERT INTO tx VALUES
    (1, '2024-01-01 09:00', 10), (1, '2024-01-01 18:30', 5), (1, '2024-01-08 12:00', 20),
    (1, '2024-01-15 23:59:59', 40), (1, '2024-02-15 10:00', 100),
    (2, '2024-01-20 10:00', 7.5),
    (3, '2024-02-01 00:00', 12);
SELECT customer, (rfm_summary(ts, amount, '2024-01-31')).* FROM tx GROUP BY customer ORDER BY customer;
-- Units: weeks ('7 days'), hours, and a month (counted as 30 days, as interval arithmetic does).
SELECT customer, round((s).recency::numeric, 6) AS recency, round((s).t::numeric, 6) AS t, u
FROM (SELECT customer, u, rfm_summary(ts, amount, '2024-01-31', u::interval) AS s
      FROM tx, (VALUES ('7 days'), ('1 hour'), ('1 mon'), ('1 day')) AS units(u)
      GROUP BY customer, u) x
WHERE customer = 1 ORDER BY u;
-- The same rows as timestamp and as date give the same summaries.
SELECT customer,
       rfm_summary(ts::timestamp, amount, '2024-01-31'::timestamp, '7 days') AS as_timestamp,
       rfm_summary(ts::date, amount, '2024-01-31'::date, '7 days') AS as_date,
       rfm_summary(ts, amount, '2024-01-31'::timestamptz, '7 days') AS as_timestamptz
FROM tx GROUP BY customer ORDER BY customer;
-- as_of is a day: a purchase on as_of's day counts whatever its time, the next day's does not.
SELECT (rfm_summary(ts, amount, '2024-01-15 00:00')).frequency AS through_jan_15,
       (rfm_summary(ts, amount, '2024-01-14 23:59:59')).frequency AS through_jan_14,
       (rfm_summary(ts, amount, '2024-01-01')).n_transactions AS first_day_only
FROM tx WHERE customer = 1;
-- Row order does not matter.
SELECT rfm_summary(ts, amount, '2024-01-31' ORDER BY ts) = rfm_summary(ts, amount, '2024-01-31' ORDER BY ts DESC)
       AS order_independent
FROM tx WHERE customer = 1;

-- NULL ts or amount: the row is skipped. No rows, or only skipped rows: NULL.
SELECT (rfm_summary(ts, amount, '2024-01-31')).*
FROM (VALUES ('2024-01-01'::timestamptz, 10::float8), (NULL, 99), ('2024-01-05', NULL),
             ('2024-01-10', 30)) v(ts, amount);
SELECT rfm_summary(ts, amount, '2024-01-31') IS NULL AS all_skipped
FROM (VALUES (NULL::timestamptz, 1::float8), ('2024-01-01', NULL)) v(ts, amount);
SELECT rfm_summary(ts, amount, '2024-01-31') IS NULL AS no_rows FROM tx WHERE false;
-- Refunds (negative amounts) are amounts like any other; zero amounts count as purchases.
SELECT (rfm_summary(d, a, '2024-01-31'::date)).*
FROM (VALUES ('2024-01-01'::date, 50::float8), ('2024-01-02', -20), ('2024-01-03', 0)) v(d, a);

-- As a running (window) aggregate: the summary as each purchase arrives.
SELECT ts::date AS day, (s).frequency, (s).recency, (s).monetary, (s).n_transactions
FROM (SELECT ts, rfm_summary(ts, amount, '2024-01-31') OVER (ORDER BY ts) AS s
      FROM tx WHERE customer = 1) w
ORDER BY ts;

-- Days of timestamptz purchases are days in the session time zone (STABLE): the same two
-- instants are one day in UTC and two days in Tokyo (UTC+9).
SELECT (rfm_summary(ts, 1, '2024-01-31')).frequency AS frequency_utc
FROM (VALUES ('2024-01-01 10:00+00'::timestamptz), ('2024-01-01 20:00+00')) v(ts);
SET TimeZone = 'Asia/Tokyo';
SELECT (rfm_summary(ts, 1, '2024-01-31')).frequency AS frequency_tokyo
FROM (VALUES ('2024-01-01 10:00+00'::timestamptz), ('2024-01-01 20:00+00')) v(ts);

-- In every zone, over 150 years and across each DST change, the days are exactly ts::date
-- (expected: 0 mismatches everywhere).
CREATE TEMP TABLE zone_tx AS
SELECT (g % 40) AS customer,
       timestamptz '1900-01-01 00:00+00' + (random() * 150 * 365.25) * interval '1 day' AS ts
FROM (SELECT setseed(0.42)) s, generate_series(1, 8000) g;
-- plus instants one second around every transition of 2023 in these zones
INSERT INTO zone_tx
SELECT 99, t + d * interval '1 second'
FROM (VALUES ('2023-03-12 07:00+00'::timestamptz), ('2023-11-05 06:00+00'), ('2023-03-26 01:00+00'),
             ('2023-10-29 01:00+00'), ('2023-04-01 15:00+00'), ('2023-09-30 16:00+00')) b(t),
     generate_series(-1, 1) d;
CREATE TEMP TABLE zones (zone text);
INSERT INTO zones VALUES ('UTC'), ('America/New_York'), ('Europe/London'), ('Australia/Lord_Howe'),
    ('Asia/Kolkata'), ('America/Sao_Paulo'), ('Pacific/Chatham'), ('PST8PDT'), ('Europe/Dublin');
CREATE FUNCTION pg_temp.zone_mismatches(z text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    PERFORM set_config('TimeZone', z, true);
    SELECT count(*) INTO n FROM (
        SELECT customer, rfm_summary(ts, 1, '2100-01-01') AS s, count(DISTINCT ts::date) AS days,
               min(ts::date) AS first, max(ts::date) AS last
        FROM zone_tx GROUP BY customer) x
    WHERE (s).frequency <> days - 1 OR (s).first_purchase <> first OR (s).last_purchase <> last;
    RETURN n;
END $$;
SELECT zone, pg_temp.zone_mismatches(zone) AS mismatches FROM zones ORDER BY zone;
SET TimeZone = 'UTC';

-- rfm_summary_state / rfm_summary_merge: states computed apart and merged equal the whole.
SELECT customer,
       rfm_summary(ts, amount, '2024-01-31', '7 days') IS NOT DISTINCT FROM
       (SELECT rfm_summary_merge(st) FROM (
            SELECT rfm_summary_state(t2.ts, t2.amount, '2024-01-31', '7 days') AS st
            FROM tx t2 WHERE t2.customer = tx.customer GROUP BY extract(day FROM t2.ts)::int % 2) p)
       AS merged_equals_whole
FROM tx GROUP BY customer ORDER BY customer;
-- A state prints as hex digits of its versioned binary form, reads back, and sends the same bytes.
SELECT rfm_summary_state(ts::date, amount, '2024-01-31'::date) AS state FROM tx WHERE customer = 1;
SELECT (rfm_summary_merge(s::text::cr_rfm_state)).* FROM (
    SELECT rfm_summary_state(ts::date, amount, '2024-01-31'::date) AS s FROM tx WHERE customer = 1) x;
SELECT cr_rfm_state_send(s) = decode(s::text, 'hex') AS send_is_binary_form FROM (
    SELECT rfm_summary_state(ts, amount, '2024-01-31') AS s FROM tx WHERE customer = 1) x;
-- A state of a customer without purchases before as_of merges to NULL.
SELECT rfm_summary_merge(rfm_summary_state) IS NULL AS merged_empty FROM (
    SELECT rfm_summary_state(ts, amount, '2024-01-31') FROM tx WHERE customer = 3) x;
-- States can be stored in a table (and survive a round trip through storage).
CREATE TEMP TABLE states AS
SELECT customer, rfm_summary_state(ts, amount, '2024-01-31') AS s FROM tx GROUP BY customer;
SELECT customer, (rfm_summary_merge(s)).frequency FROM states GROUP BY customer ORDER BY customer;

-- A customer with many distinct days in random order (the day set grows and stays sorted).
SELECT (s).frequency, (s).first_purchase, (s).last_purchase, (s).n_transactions,
       round((s).monetary::numeric, 6) AS monetary
FROM (SELECT rfm_summary(d, 1.5, '2030-01-01'::date) AS s
      FROM (SELECT date '2000-01-01' + ((g * 7919) % 5000) AS d
            FROM generate_series(1, 20000) g) x) y;

-- Purchases centuries apart (the state keeps them as a sorted array, not a bitmap), alone and
-- merged with a dense recent history held as a bitmap: the same summary either way.
CREATE TEMP TABLE long_tx AS
SELECT 1 AS part, d::date AS day, 10.0::float8 AS amount
FROM (VALUES ('1724-03-01'), ('1850-07-14'), ('1901-01-01'), ('1999-12-31')) v(d)
UNION ALL
SELECT 2, date '2023-01-01' + g, 1.0 FROM generate_series(0, 540, 3) g;
SELECT (s).frequency, (s).first_purchase, (s).last_purchase, (s).n_transactions,
       round((s).recency::numeric, 4) AS recency_years, round((s).monetary::numeric, 6) AS monetary
FROM (SELECT rfm_summary(day, amount, '2024-06-30'::date, '365.25 days') AS s
      FROM long_tx WHERE part = 1) x;
SELECT rfm_summary(day, amount, '2024-06-30'::date) IS NOT DISTINCT FROM
       (SELECT rfm_summary_merge(st) FROM (SELECT rfm_summary_state(day, amount, '2024-06-30'::date) AS st
                                           FROM long_tx GROUP BY part) p) AS merged_equals_whole,
       (rfm_summary(day, amount, '2024-06-30'::date)).frequency AS frequency
FROM long_tx;
DROP TABLE long_tx;

-- The state's size over an 18-month window: up to 32 purchase days fit the 128 bytes every state
-- starts with, the 33rd turns it into a 256-byte bitmap (issue 15: with 256 bytes for most
-- customers, GROUP BY customer took 1.6-1.9x the bare GROUP BY).
SELECT n_days, count(DISTINCT d) AS distinct_days,
       pg_column_size(rfm_summary_state(d, 1.0, '2024-06-30'::date)) AS state_bytes
FROM (VALUES (1), (32), (33)) v(n_days),
     LATERAL (SELECT date '2023-01-01' + i * 540 / greatest(n_days - 1, 1) AS d
              FROM generate_series(0, n_days - 1) i) t
GROUP BY n_days ORDER BY n_days;

DROP TABLE tx, zone_tx, zones, states;
RESET TimeZone;
