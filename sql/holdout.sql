-- Holdout validation and plotting data: rfm_holdout (calibration summary + holdout purchases),
-- the "actual vs predicted by calibration frequency" and "period transactions" queries on the
-- existing scoring functions, <model>_expected_tracking and <model>_frequency_recency_matrix.
-- Reference values: test/reference/holdout.R (the papers' formulas, 2F1 as its power series).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET TimeZone = 'UTC';

-- A worked example. Calibration ends 2024-01-31, holdout ends 2024-02-29.
-- Customer 1: Jan 1 (10 + 5), Jan 10 (20) | Feb 1 (7 + 3, one day), Feb 15 (4) | Mar 5 (100,
--   after the holdout: ignored). Calibration: frequency 1, recency 9 days, t 30 days, monetary
--   20; holdout: 2 purchase days, spend 14, mean per day 7, 3 rows.
-- Customer 2: one purchase in calibration, none after: holdout 0.
-- Customer 3: first purchase in the holdout: not in the calibration cohort, NULL.
-- Customer 4: first purchase on calibration_end itself (counts in calibration), one in holdout.
-- Customer 5: a purchase on holdout_end itself (counts), NULL rows skipped.
CREATE TEMP TABLE tx (customer int, ts timestamptz, amount float8);
INSERT INTO tx VALUES
    (1, '2024-01-01 09:00', 10), (1, '2024-01-01 18:00', 5), (1, '2024-01-10 12:00', 20),
    (1, '2024-02-01 08:00', 7), (1, '2024-02-01 20:00', 3), (1, '2024-02-15 10:00', 4),
    (1, '2024-03-05 10:00', 100),
    (2, '2024-01-20 10:00', 1),
    (3, '2024-02-05 10:00', 9),
    (4, '2024-01-31 23:59:59', 2), (4, '2024-02-29 00:00', 8),
    (5, '2024-01-02 00:00', 6), (5, '2024-02-29 23:00', 11), (5, NULL, 3), (5, '2024-02-10', NULL);
SELECT customer, (rfm_holdout(ts, amount, '2024-01-31', '2024-02-29')).*
FROM tx GROUP BY customer ORDER BY customer;
-- In weeks; and the same rows as timestamp and as date give the same rows.
SELECT customer, round((h).recency::numeric, 6) AS recency, round((h).t::numeric, 6) AS t,
       round((h).holdout_duration::numeric, 6) AS holdout_duration, (h).unit
FROM (SELECT customer, rfm_holdout(ts, amount, '2024-01-31', '2024-02-29', '7 days') AS h
      FROM tx GROUP BY customer) s ORDER BY customer;
SELECT customer,
       rfm_holdout(ts::timestamp, amount, '2024-01-31'::timestamp, '2024-02-29'::timestamp, '7 days')
         IS NOT DISTINCT FROM rfm_holdout(ts, amount, '2024-01-31'::timestamptz, '2024-02-29'::timestamptz, '7 days') AS ts_same,
       rfm_holdout(ts::date, amount, '2024-01-31'::date, '2024-02-29'::date, '7 days')
         IS NOT DISTINCT FROM rfm_holdout(ts, amount, '2024-01-31'::timestamptz, '2024-02-29'::timestamptz, '7 days') AS date_same
FROM tx GROUP BY customer ORDER BY customer;
-- The calibration fields are rfm_summary's at calibration_end, field for field.
SELECT customer,
       ((h).frequency, (h).recency, (h).t, (h).monetary, (h).n_transactions, (h).first_purchase,
        (h).last_purchase, (h).total_amount, (h).calibration_end, (h).unit)
         IS NOT DISTINCT FROM ((s).frequency, (s).recency, (s).t, (s).monetary, (s).n_transactions,
        (s).first_purchase, (s).last_purchase, (s).total_amount, (s).as_of, (s).unit) AS same
FROM (SELECT customer, rfm_holdout(ts, amount, '2024-01-31', '2024-02-29', '7 days') AS h,
             rfm_summary(ts, amount, '2024-01-31', '7 days') AS s
      FROM tx GROUP BY customer) x ORDER BY customer;
-- The session time zone decides the day of a timestamptz: 2024-01-31 23:59:59 UTC is Feb 1 in
-- Berlin, so customer 4 is not in the calibration cohort there.
SET TimeZone = 'Europe/Berlin';
SELECT customer, (h).frequency, (h).holdout_frequency
FROM (SELECT customer, rfm_holdout(ts, amount, '2024-01-31', '2024-02-29') AS h
      FROM tx GROUP BY customer) s ORDER BY customer;
SET TimeZone = 'UTC';
-- Empty and all-NULL groups give NULL.
SELECT rfm_holdout(ts, amount, '2024-01-31', '2024-02-29') IS NULL AS empty FROM tx WHERE false;
SELECT rfm_holdout(ts, amount, '2024-01-31', '2024-02-29') IS NULL AS all_null
FROM tx WHERE ts IS NULL OR amount IS NULL;

-- Partial states to ship between servers: split the rows in two "shards", take each shard's
-- state per customer (through its text form, as a client would carry it), merge: the same rows
-- as rfm_holdout over all rows, including customer 3 whose calibration state is empty.
SELECT customer, m IS NOT DISTINCT FROM r AS same, (m).holdout_frequency
FROM (SELECT customer, rfm_holdout_merge(st::text::cr_rfm_holdout_state) AS m
      FROM (SELECT customer, rfm_holdout_state(ts, amount, '2024-01-31', '2024-02-29', '7 days') AS st
            FROM tx GROUP BY customer, (extract(day FROM ts)::int % 2)) shards
      GROUP BY customer) merged
JOIN (SELECT customer, rfm_holdout(ts, amount, '2024-01-31', '2024-02-29', '7 days') AS r
      FROM tx GROUP BY customer) direct USING (customer)
ORDER BY customer;
SELECT rfm_holdout_merge(st) FROM (VALUES (NULL::cr_rfm_holdout_state)) v(st);
SELECT rfm_holdout_merge(st)
FROM (SELECT rfm_holdout_state(ts, amount, '2024-01-31', '2024-02-29') AS st FROM tx
      UNION ALL
      SELECT rfm_holdout_state(ts, amount, '2024-01-31', '2024-03-29') FROM tx) s;
SELECT '(00,00)'::cr_rfm_holdout_state;

-- Errors.
SELECT rfm_holdout(ts, amount, NULL, '2024-02-29') FROM tx;
SELECT rfm_holdout(ts, amount, '2024-01-31', NULL) FROM tx;
SELECT rfm_holdout(ts, amount, '2024-01-31', '2024-02-29', NULL) FROM tx;
SELECT rfm_holdout(ts, amount, '2024-01-31', '2024-01-31 12:00') FROM tx;
SELECT rfm_holdout(ts, amount, '2024-01-31', '2024-02-29', '0 days') FROM tx;
SELECT rfm_holdout(ts, amount, '2024-01-31', '2024-02-29', '-7 days') FROM tx;
SELECT rfm_holdout(ts, 'NaN', '2024-01-31', '2024-02-29') FROM tx;
SELECT rfm_holdout(ts, amount, 'infinity', '2024-02-29') FROM tx;
SELECT rfm_holdout(ts::date, amount, '2024-01-31'::date, 'infinity'::date) FROM tx;
SELECT rfm_holdout('infinity'::timestamp, 1, '2024-01-31'::timestamp, '2024-02-29'::timestamp);
SELECT rfm_holdout(ts, amount, '2024-01-31', '2024-02-29'::timestamptz + customer * interval '1 day')
FROM tx;
SELECT rfm_holdout(ts, amount, '2024-01-31'::timestamptz + customer * interval '1 day', '2024-03-29')
FROM tx;
SELECT rfm_holdout(ts, amount, '2024-01-31', '2024-02-29', customer * interval '1 day') FROM tx;
SELECT rfm_holdout_trans(NULL, now(), 1, now(), now() + interval '2 days');

-- Actual vs predicted holdout purchases by calibration frequency is one query on the existing
-- conditional expectation (here with the published CDNOW BG/NBD; sql/holdout_cdnow.sql runs it
-- on the real data): E[X(holdout_duration) | frequency, recency, t].
SELECT least((h).frequency, 1) AS frequency, count(*) AS customers,
       avg((h).holdout_frequency) AS actual,
       round(avg(bgnbd_expected_purchases(bgnbd_model(0.243, 4.414, 0.793, 2.426),
                 (h).holdout_duration, (h).frequency, (h).recency, (h).t))::numeric, 6) AS predicted
FROM (SELECT customer, rfm_holdout(ts, amount, '2024-01-31', '2024-02-29', '7 days') AS h
      FROM tx GROUP BY customer) s
WHERE h IS NOT NULL GROUP BY 1 ORDER BY 1;

-- Period transactions: expected number of customers with x repeat purchases in their own
-- observation length T_i is sum_i P(X(T_i) = x), the existing unconditional pmf; three customers
-- with T = 27, 32.5, 38.86 weeks, against test/reference/holdout.R (BG/NBD eq. 8).
WITH m AS (SELECT bgnbd_model(0.243, 4.414, 0.793, 2.426) AS m),
     customers(t) AS (VALUES (27.0), (32.5), (38.86)),
     expected AS (
       SELECT x, sum(bgnbd_probability_of_purchases(m, t, x)) AS e
       FROM m, customers, generate_series(0, 2) AS x GROUP BY x
       UNION ALL
       SELECT 3, sum(1 - (SELECT sum(bgnbd_probability_of_purchases(m, t, x))
                          FROM generate_series(0, 2) AS x))
       FROM m, customers),
     ref(x, e) AS (VALUES (0, 1.7918056358475047), (1, 0.58601452542740784),
                          (2, 0.24488552354199059), (3, 0.37729431518309697))
SELECT x, round(expected.e::numeric, 6) AS expected, abs(expected.e / ref.e - 1) < 1e-9 AS matches_r
FROM expected JOIN ref USING (x) ORDER BY x;

-- Tracking: a cohort of 25 customers whose first purchases are at 0 (10 customers), 0.25 (3),
-- 1.5 (2 + 5), 3 (1) and 7.75 (4) units; cumulative expected repeat purchases at the ends of
-- periods 1, 2, 5, 8, 20 against test/reference/holdout.R.
CREATE TEMP TABLE ref_tracking (period int, bg float8, pn float8);
INSERT INTO ref_tracking VALUES
    (1, 0.65348593397331767, 0.6252095690414472),
    (2, 1.4967256877906934, 1.4393078705732723),
    (5, 4.3983560080170907, 4.2843872776881877),
    (8, 7.0406030438222409, 6.91977533741583),
    (20, 17.276545647094608, 17.281232728852917);
SELECT period, round(b.expected_cumulative::numeric, 6) AS bg_cumulative,
       abs(b.expected_cumulative / r.bg - 1) < 1e-9 AS bg_matches_r,
       round(p.expected_cumulative::numeric, 6) AS pn_cumulative,
       abs(p.expected_cumulative / r.pn - 1) < 1e-9 AS pn_matches_r
FROM bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426),
                             '{0, 0.25, 1.5, 1.5, 3, 7.75}', '{10, 3, 2, 5, 1, 4}', 20) b
JOIN pareto_nbd_expected_tracking(pareto_nbd_model(0.553, 10.578, 0.606, 11.669),
                                  '{0, 0.25, 1.5, 1.5, 3, 7.75}', '{10, 3, 2, 5, 1, 4}', 20) p
     USING (period)
JOIN ref_tracking r USING (period) ORDER BY period;
-- One row per period; incremental = the difference of the cumulative; one start per customer
-- (any order) gives the histogram's result; MBG/NBD is the sum of its own E[X(t)].
SELECT count(*) AS periods, min(period), max(period),
       bool_and(abs(expected_incremental - (expected_cumulative - coalesce(prev, 0))) < 1e-12) AS incremental_ok
FROM (SELECT *, lag(expected_cumulative) OVER (ORDER BY period) AS prev
      FROM bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426),
                                   '{0, 0.25, 1.5, 3, 7.75}', '{10, 3, 7, 1, 4}', 20)) s;
SELECT bool_and(abs(a.expected_cumulative - b.expected_cumulative) < 1e-12) AS same
FROM bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426),
                             '{0, 0.25, 1.5, 3, 7.75}', '{10, 3, 7, 1, 4}', 20) a
JOIN bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426),
       (SELECT array_agg(s ORDER BY random())
        FROM unnest('{0, 0.25, 1.5, 3, 7.75}'::float8[], '{10, 3, 7, 1, 4}'::int[]) AS u(s, n),
             generate_series(1, n)), 20) b USING (period);
SELECT bool_and(abs(expected_cumulative
                    - (mbgnbd_expected_purchases(mbgnbd_model(0.525, 6.183, 0.891, 1.614), period)
                       + 2 * mbgnbd_expected_purchases(mbgnbd_model(0.525, 6.183, 0.891, 1.614), greatest(period - 2.5, 0))))
                < 1e-9) AS mbgnbd_ok
FROM mbgnbd_expected_tracking(mbgnbd_model(0.525, 6.183, 0.891, 1.614), '{0, 2.5, 2.5}', 10);
-- No customers: zeros. Periods before everybody's first purchase: zeros.
SELECT * FROM pareto_nbd_expected_tracking(pareto_nbd_model(0.553, 10.578, 0.606, 11.669), '{}', 2)
ORDER BY period;
SELECT period, expected_cumulative > 0 AS positive
FROM bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426), '{2}', 3) ORDER BY period;
-- Errors.
SELECT * FROM bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426), '{0, -1}', 5);
SELECT * FROM bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426), '{0, NaN}', 5);
SELECT * FROM bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426), '{0, NULL}', 5);
SELECT * FROM bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426), '{{0}, {1}}', 5);
SELECT * FROM bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426), '{0, 1}', '{1}', 5);
SELECT * FROM bgnbd_expected_tracking(bgnbd_model(0.243, 4.414, 0.793, 2.426), '{0, 1}', '{1, -2}', 5);
SELECT * FROM pareto_nbd_expected_tracking(pareto_nbd_model(0.553, 10.578, 0.606, 11.669), '{0}', 0);
SELECT * FROM mbgnbd_expected_tracking(mbgnbd_model(0.525, 6.183, 0.891, 1.614), '{0}', 1000001);
SELECT * FROM bgnbd_expected_tracking(bgnbd_model(-1, 4.414, 0.793, 2.426), '{0}', 5);
SELECT * FROM bgnbd_expected_tracking(NULL, '{0}', 5);

-- Frequency-recency matrix at T = 38.86 weeks, horizon 39, against test/reference/holdout.R.
CREATE TEMP TABLE ref_matrix (model text, frequency int, recency int, p_alive float8, expected float8);
INSERT INTO ref_matrix VALUES
    ('bg', 0, 0, 1, 0.19509805201125396),
    ('bg', 1, 0, 0.15196030705076022, 0.14557384960009481),
    ('bg', 1, 30, 0.69707733558747098, 0.66778116720012026),
    ('bg', 5, 10, 0.02480436616877851, 0.094440082401064732),
    ('bg', 5, 38, 0.87942952322046652, 3.3483377915703412),
    ('bg', 20, 38, 0.94735932810258849, 13.425648328778589),
    ('pn', 0, 0, 0.29528660461689427, 0.10708146821530891),
    ('pn', 1, 0, 0.12745674485392167, 0.12980150212158056),
    ('pn', 1, 30, 0.87301868118620496, 0.88907916429252809),
    ('pn', 5, 10, 0.046685809008038238, 0.17000355468701708),
    ('pn', 5, 38, 0.98913482619022186, 3.6018747471658852),
    ('pn', 20, 38, 0.98756117154545997, 13.310202668342772);
SELECT r.model, frequency, recency, round(m.p_alive::numeric, 6) AS p_alive,
       round(m.expected_purchases::numeric, 6) AS expected,
       abs(m.p_alive / r.p_alive - 1) < 1e-9 AND abs(m.expected_purchases / r.expected - 1) < 1e-9 AS matches_r
FROM ref_matrix r
JOIN (SELECT 'bg' AS model, * FROM bgnbd_frequency_recency_matrix(bgnbd_model(0.243, 4.414, 0.793, 2.426), 38.86, 20, 38, 39)
      UNION ALL
      SELECT 'pn', * FROM pareto_nbd_frequency_recency_matrix(pareto_nbd_model(0.553, 10.578, 0.606, 11.669), 38.86, 20, 38, 39)) m
  USING (model, frequency, recency)
ORDER BY 1, 2, 3;
-- Shape: frequency 0 has recency 0 only; (max_frequency) * (max_recency + 1) + 1 rows; each cell
-- is what the scalar scoring functions give.
SELECT count(*) AS cells, count(*) FILTER (WHERE frequency = 0) AS zero_rows,
       bool_and(p_alive = mbgnbd_p_alive(mbgnbd_model(0.525, 6.183, 0.891, 1.614), frequency, recency, 10)
                AND expected_purchases = mbgnbd_expected_purchases(mbgnbd_model(0.525, 6.183, 0.891, 1.614), 5, frequency, recency, 10)) AS same_as_scalar
FROM mbgnbd_frequency_recency_matrix(mbgnbd_model(0.525, 6.183, 0.891, 1.614), 10, 4, 10, 5);
SELECT * FROM bgnbd_frequency_recency_matrix(bgnbd_model(0.243, 4.414, 0.793, 2.426), 0, 0, 0, 0);
-- Errors.
SELECT * FROM bgnbd_frequency_recency_matrix(bgnbd_model(0.243, 4.414, 0.793, 2.426), 10, 3, 11, 5);
SELECT * FROM bgnbd_frequency_recency_matrix(bgnbd_model(0.243, 4.414, 0.793, 2.426), 10, -1, 5, 5);
SELECT * FROM bgnbd_frequency_recency_matrix(bgnbd_model(0.243, 4.414, 0.793, 2.426), 10, 3, -1, 5);
SELECT * FROM bgnbd_frequency_recency_matrix(bgnbd_model(0.243, 4.414, 0.793, 2.426), 'NaN', 3, 1, 5);
SELECT * FROM bgnbd_frequency_recency_matrix(bgnbd_model(0.243, 4.414, 0.793, 2.426), -1, 3, 0, 5);
SELECT * FROM pareto_nbd_frequency_recency_matrix(pareto_nbd_model(0.553, 10.578, 0.606, 11.669), 10, 3, 5, -5);
SELECT * FROM pareto_nbd_frequency_recency_matrix(pareto_nbd_model(0.553, 10.578, 0.606, 11.669), 10, 3, 5, 'infinity');
SELECT * FROM mbgnbd_frequency_recency_matrix(mbgnbd_model(0.525, 6.183, 0.891, 1.614), 2000000, 1000000, 1000000, 5);

-- Parallel: a forced parallel plan gives the same per-customer rows (combine merges each
-- period's days), and one group over every row.
CREATE TABLE holdout_par AS
SELECT (i % 50) AS customer, date '2023-01-01' + ((i * 7919) % 700) AS day, ((i * 31) % 97) + 0.25 AS amount
FROM generate_series(1, 20000) AS i;
ANALYZE holdout_par;
CREATE TEMP TABLE serial AS
SELECT customer, rfm_holdout(day, amount, date '2023-12-31', date '2024-06-30', interval '7 days') AS h
FROM holdout_par GROUP BY customer;
CREATE TEMP TABLE serial_all AS
SELECT rfm_holdout(day, amount, date '2023-12-31', date '2024-06-30') AS h FROM holdout_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT rfm_holdout(day, amount, date '2023-12-31', date '2024-06-30') FROM holdout_par;
SELECT (SELECT rfm_holdout(day, amount, date '2023-12-31', date '2024-06-30') FROM holdout_par)
       IS NOT DISTINCT FROM (SELECT h FROM serial_all) AS same_all;
SELECT count(*) AS customers, bool_and(p.h IS NOT DISTINCT FROM s.h) AS same
FROM (SELECT customer, rfm_holdout(day, amount, date '2023-12-31', date '2024-06-30', interval '7 days') AS h
      FROM holdout_par GROUP BY customer) p JOIN serial s USING (customer);
SELECT (h).frequency, (h).holdout_frequency, (h).n_transactions, (h).holdout_n_transactions,
       round((h).holdout_amount::numeric, 2) AS holdout_amount FROM serial_all;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE holdout_par;
