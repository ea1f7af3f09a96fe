-- The one fitting engine (src/core/mle.c): a fit that runs up a ridge of the likelihood is not
-- converged, says why, and reports no standard errors; a fit gives the same answer, to the last
-- bit, whatever the order its rows arrive in.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET extra_float_digits = 0;

-- 334 customers of a BG/NBD simulation whose likelihood keeps improving as a and b grow together
-- (a constant dropout probability fits them best): Newton's gradient vanishes at a ~ 1e9, where
-- the log of a is not pinned down at all.
CREATE TEMP TABLE ridge AS
SELECT * FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 1000000, 52, 7)
WHERE customer_id % 3000 = 4;
SELECT count(*) FROM ridge;
\set VERBOSITY default
SELECT (m).a > 1e6 AS a_beyond_1e6, (m).converged, (m).se_a IS NULL AS no_se,
       round((m).loglik::numeric, 3) AS loglik
FROM (SELECT bgnbd_fit(frequency, recency, t) AS m FROM ridge) f;
\set VERBOSITY terse

-- Same rows in three orders, and through a sort-based and a hash-based aggregation: the same
-- model to the last bit (the engine sums over the distinct rows in ascending order).
SET client_min_messages = error;
CREATE TEMP TABLE orders AS
SELECT 'ascending' AS how, bgnbd_fit(frequency, recency, t ORDER BY customer_id) AS m FROM ridge
UNION ALL SELECT 'descending', bgnbd_fit(frequency, recency, t ORDER BY customer_id DESC) FROM ridge
UNION ALL SELECT 'shuffled', bgnbd_fit(frequency, recency, t ORDER BY md5(customer_id::text)) FROM ridge;
RESET client_min_messages;
SELECT count(DISTINCT m::text) AS distinct_models FROM orders;

-- Pareto/NBD, BG/BB, Gamma-Gamma and MBG/NBD alike, on ordinary data.
CREATE TEMP TABLE cust AS
SELECT customer_id, frequency, recency, t,
       (10 + (customer_id % 17))::float8 AS monetary,
       least(frequency, 6)::bigint AS bf,
       CASE WHEN frequency = 0 THEN 0 ELSE least(greatest(least(frequency, 6), floor(recency / 6.5)), 6) END::bigint AS br
FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 600, 39, 11);
SELECT count(DISTINCT p::text) = 1 AS pareto_same, count(DISTINCT b::text) = 1 AS bgbb_same,
       count(DISTINCT g::text) = 1 AS gamma_gamma_same, count(DISTINCT mb::text) = 1 AS mbgnbd_same
FROM (
    SELECT pareto_nbd_fit(frequency, recency, t ORDER BY customer_id) p,
           bgbb_fit(bf, br, 6 ORDER BY customer_id) b,
           gamma_gamma_fit(frequency, monetary ORDER BY customer_id) FILTER (WHERE frequency > 0) g,
           mbgnbd_fit(frequency, recency, t ORDER BY customer_id) mb
    FROM cust
    UNION ALL
    SELECT pareto_nbd_fit(frequency, recency, t ORDER BY customer_id DESC),
           bgbb_fit(bf, br, 6 ORDER BY customer_id DESC),
           gamma_gamma_fit(frequency, monetary ORDER BY customer_id DESC) FILTER (WHERE frequency > 0),
           mbgnbd_fit(frequency, recency, t ORDER BY customer_id DESC)
    FROM cust) q;

