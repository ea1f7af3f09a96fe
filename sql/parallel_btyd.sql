SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- The model-fitting aggregates run as partial aggregates in parallel workers (histogram states
-- serialized, combined, deserialized) and give the same fit as a serial plan.

CREATE TABLE btyd_par AS
SELECT s.customer_id, s.frequency, s.recency, s.t,
       gamma_gamma_simulate(gamma_gamma_model(6.25, 3.74, 15.44), s.frequency, s.customer_id) AS monetary
FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 200000, 52, 99) s;
ALTER TABLE btyd_par SET (parallel_workers = 2);
ANALYZE btyd_par;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS
SELECT (SELECT bgnbd_fit(frequency, recency, t) FROM btyd_par) AS bg,
       (SELECT mbgnbd_fit(frequency, recency, t) FROM btyd_par) AS mbg,
       (SELECT gamma_gamma_fit(frequency, monetary) FROM btyd_par) AS gg,
       (SELECT bgnbd_fit(frequency, recency, t, 2) FROM btyd_par) AS bgw;

SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT bgnbd_fit(frequency, recency, t) FROM btyd_par;
EXPLAIN (COSTS OFF) SELECT mbgnbd_fit(frequency, recency, t, 1) FROM btyd_par;
EXPLAIN (COSTS OFF) SELECT gamma_gamma_fit(frequency, monetary) FROM btyd_par;
CREATE TEMP TABLE par AS
SELECT (SELECT bgnbd_fit(frequency, recency, t) FROM btyd_par) AS bg,
       (SELECT mbgnbd_fit(frequency, recency, t) FROM btyd_par) AS mbg,
       (SELECT gamma_gamma_fit(frequency, monetary) FROM btyd_par) AS gg,
       (SELECT bgnbd_fit(frequency, recency, t, 2) FROM btyd_par) AS bgw;

SELECT round((s.bg).r::numeric, 6) = round((p.bg).r::numeric, 6) AS bg_r,
       round((s.bg).alpha::numeric, 6) = round((p.bg).alpha::numeric, 6) AS bg_alpha,
       round((s.bg).a::numeric, 6) = round((p.bg).a::numeric, 6) AS bg_a,
       round((s.bg).b::numeric, 6) = round((p.bg).b::numeric, 6) AS bg_b,
       round((s.bg).loglik::numeric, 4) = round((p.bg).loglik::numeric, 4) AS bg_loglik,
       (s.bg).n = (p.bg).n AS bg_n
FROM serial s, par p;
SELECT round((s.mbg).r::numeric, 6) = round((p.mbg).r::numeric, 6) AS mbg_r,
       round((s.mbg).alpha::numeric, 6) = round((p.mbg).alpha::numeric, 6) AS mbg_alpha,
       round((s.mbg).a::numeric, 6) = round((p.mbg).a::numeric, 6) AS mbg_a,
       round((s.mbg).b::numeric, 6) = round((p.mbg).b::numeric, 6) AS mbg_b,
       round((s.gg).p::numeric, 6) = round((p.gg).p::numeric, 6) AS gg_p,
       round((s.gg).q::numeric, 6) = round((p.gg).q::numeric, 6) AS gg_q,
       round((s.gg).v::numeric, 6) = round((p.gg).v::numeric, 6) AS gg_v,
       (s.gg).n = (p.gg).n AS gg_n
FROM serial s, par p;
-- weight 2 on every row: same parameters, twice the customers and the log-likelihood
SELECT round((p.bgw).r::numeric, 6) = round((s.bg).r::numeric, 6) AS same_r,
       (p.bgw).n = 2 * (s.bg).n AS twice_n,
       round(((p.bgw).loglik / (s.bg).loglik)::numeric, 9) AS loglik_ratio
FROM serial s, par p;
-- the fits themselves, rounded
SELECT round((bg).r::numeric, 3) AS r, round((bg).alpha::numeric, 3) AS alpha,
       round((bg).a::numeric, 3) AS a, round((bg).b::numeric, 3) AS b, (bg).n, (bg).converged
FROM par;

-- bgnbd_fit's text and the md5 of bgnbd_fit_state's bytes over a table of (frequency, recency, t),
-- with at most `workers` parallel workers: RETURN QUERY runs its query in a parallel plan where
-- the settings allow one (each query below is planned as the EXPLAIN before it shows).
CREATE FUNCTION fit_and_state(tab regclass, workers int) RETURNS TABLE (fit text, state text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', workers::text, true);
    RETURN QUERY EXECUTE format('SELECT bgnbd_fit(frequency, recency, t)::text, '
                                '       md5(bgnbd_fit_state(frequency, recency, t)) FROM %s', tab);
END $$;

-- Exact event times (no two repeat customers alike): arrays of megabytes in every process (on
-- 2 MB pages where the kernel offers them), states in version 2 bytes through the Gather, the
-- leader taking part; the same fit to the last bit, and the same state bytes, as a serial plan.
CREATE TABLE btyd_par_exact AS
SELECT frequency, recency, t
FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 150000, 52, 7, 0);
ALTER TABLE btyd_par_exact SET (parallel_workers = 2);
ANALYZE btyd_par_exact;
SET parallel_leader_participation = on;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT bgnbd_fit(frequency, recency, t) FROM btyd_par_exact;
SELECT s.fit = p.fit AS same_fit, s.state = p.state AS same_state,
       (SELECT count(DISTINCT (frequency, recency, t)) FROM btyd_par_exact) > 65536 AS rows_over_2mb
FROM fit_and_state('btyd_par_exact', 0) s, fit_and_state('btyd_par_exact', 2) p;

-- Five partial states (four workers and the leader) of day-granular data, whose rows recur in
-- every state: the leader merges four times, adding the weights of the rows the states share;
-- the same fit to the last bit, and the same state bytes, as a serial plan.
ALTER TABLE btyd_par SET (parallel_workers = 4);
SET max_parallel_workers_per_gather = 4;
EXPLAIN (COSTS OFF) SELECT bgnbd_fit(frequency, recency, t) FROM btyd_par;
SELECT s.fit = p.fit AS same_fit, s.state = p.state AS same_state
FROM fit_and_state('btyd_par', 0) s, fit_and_state('btyd_par', 4) p;

RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
DROP TABLE btyd_par, serial, par, btyd_par_exact;
DROP FUNCTION fit_and_state(regclass, int);
