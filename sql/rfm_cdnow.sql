-- requires: shared-data
-- rfm_summary reproduces the CDNOW calibration summaries of Fader, Hardie & Lee (2005):
-- every row of cdnow_customers_summary.csv (frequency, recency, T in weeks, as_of 1997-09-30)
-- and zbar of cdnow_customers_summary_with_transactions.csv, within 0.01.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
-- Days of timestamptz purchases are days in the session time zone; pick one with DST.
SET TimeZone = 'America/New_York';

\getenv datadir CUSTOMER_REL_DATA
\set cdnow_file :datadir '/CDNOW_sample.txt'
\set summary_file :datadir '/cdnow_customers_summary.csv'
\set zbar_file :datadir '/cdnow_customers_summary_with_transactions.csv'

-- Whitespace-separated, CRLF: read whole lines, then split.
CREATE TEMP TABLE cdnow_raw (line text);
COPY cdnow_raw FROM :'cdnow_file' (DELIMITER E'\x01');
CREATE TEMP TABLE cdnow AS
SELECT f[2]::int AS id, to_date(f[3], 'YYYYMMDD') AS day, f[4]::int AS n_cds,
       f[5]::float8 AS amount
FROM (SELECT regexp_split_to_array(btrim(line, E' \r\n'), '\s+') AS f FROM cdnow_raw) s;
SELECT count(*) AS n_rows, count(DISTINCT id) AS n_customers, min(day), max(day) FROM cdnow;

CREATE TEMP TABLE published (id int, frequency int, recency numeric, t numeric);
COPY published FROM :'summary_file' (FORMAT csv, HEADER);
CREATE TEMP TABLE published_zbar (id int, x int, t_x numeric, t numeric, zbar numeric);
COPY published_zbar FROM :'zbar_file' (FORMAT csv, HEADER);

-- The summaries, from date, timestamp and timestamptz purchase times.
CREATE TEMP TABLE ours AS
SELECT id,
       rfm_summary(day, amount, date '1997-09-30', interval '7 days') AS s_date,
       rfm_summary(day::timestamp + time '13:45', amount, timestamp '1997-09-30 00:00',
                   interval '7 days') AS s_ts,
       rfm_summary(day::timestamptz + interval '22 hours', amount, timestamptz '1997-09-30',
                   interval '7 days') AS s_tstz
FROM cdnow GROUP BY id;

-- Every published row is reproduced (expected: 2357 compared, 0 mismatches).
SELECT count(*) AS compared,
       count(*) FILTER (WHERE (o.s_date).frequency <> p.frequency) AS frequency_mismatches,
       count(*) FILTER (WHERE abs((o.s_date).recency - p.recency) > 0.01) AS recency_mismatches,
       count(*) FILTER (WHERE abs((o.s_date).t - p.t) > 0.01) AS t_mismatches,
       count(*) FILTER (WHERE abs((o.s_date).monetary - z.zbar) > 0.01) AS zbar_mismatches,
       count(*) FILTER (WHERE z.x <> p.frequency) AS files_disagree
FROM published p
JOIN published_zbar z USING (id)
LEFT JOIN ours o USING (id);

-- Rounded to the files' 2 decimals, every row is identical.
SELECT count(*) FILTER (WHERE round((o.s_date).recency::numeric, 2) = p.recency
                          AND round((o.s_date).t::numeric, 2) = p.t
                          AND round((o.s_date).monetary::numeric, 2) = z.zbar) AS identical_rows
FROM published p JOIN published_zbar z USING (id) JOIN ours o USING (id);

-- The three input types give the same summaries.
SELECT count(*) FILTER (WHERE s_date IS DISTINCT FROM s_ts) AS timestamp_differs,
       count(*) FILTER (WHERE s_date IS DISTINCT FROM s_tstz) AS timestamptz_differs
FROM ours;

-- The published aggregates: total repeat purchases 2457, 946 repeaters, and zbar over the
-- repeaters: mean 35.08, sd 30.28, min 2.99, median 27.50, max 299.63 (FHL 2005, JMR).
SELECT sum((s_date).frequency) AS total_frequency,
       count(*) FILTER (WHERE (s_date).frequency > 0) AS repeaters,
       round(max((s_date).recency)::numeric, 2) AS max_recency,
       round(min((s_date).t)::numeric, 2) AS min_t, round(max((s_date).t)::numeric, 2) AS max_t
FROM ours;
SELECT round(avg((s_date).monetary)::numeric, 2) AS zbar_mean,
       round(stddev_samp((s_date).monetary)::numeric, 2) AS zbar_sd,
       round(min((s_date).monetary)::numeric, 2) AS zbar_min,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY (s_date).monetary))::numeric, 2) AS zbar_median,
       round(max((s_date).monetary)::numeric, 2) AS zbar_max
FROM ours WHERE (s_date).frequency > 0;

-- A few customers in full (customer 1: purchases 1997-01-01, 01-18, 08-02, then 1997-12-12 after the cut).
SELECT id, (s_date).frequency, round((s_date).recency::numeric, 2) AS recency,
       round((s_date).t::numeric, 2) AS t, round((s_date).monetary::numeric, 2) AS monetary,
       (s_date).n_transactions, (s_date).first_purchase, (s_date).last_purchase,
       round((s_date).total_amount::numeric, 2) AS total_amount
FROM ours WHERE id IN (1, 2, 3, 4, 5, 18, 2357) ORDER BY id;
SELECT * FROM published_zbar WHERE id IN (1, 2, 3, 4, 5, 18, 2357) ORDER BY id;

-- Calibration cut: rows after 1997-09-30 are ignored, so the whole history differs from it.
SELECT sum((s).frequency) AS total_frequency_78_weeks, sum((s).n_transactions) AS n_transactions
FROM (SELECT rfm_summary(day, amount, date '1998-06-30', interval '7 days') AS s
      FROM cdnow GROUP BY id) x;

DROP TABLE cdnow_raw, cdnow, published, published_zbar, ours;
RESET TimeZone;
