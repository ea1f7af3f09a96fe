-- Concrete states of the collecting aggregates (issue 10): cr_fit_state, cr_sbg_state and
-- cr_km_state are real types with text and binary I/O, so Citus can ship partial states; in
-- memory they are expanded objects, flattened into the family's canonical bytes when they leave
-- the node.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET extra_float_digits = 0;

-- Which collecting aggregates still keep an `internal` state (Citus pulls their rows to the
-- coordinator): the cohorts, the log-rank tests, sbg_compare and the covariate overloads of
-- bgnbd_fit and pareto_nbd_fit. The README's Citus table says the same.
SELECT DISTINCT p.proname, a.aggtranstype::regtype
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_rel'
WHERE a.aggtranstype = 'internal'::regtype
ORDER BY 1;

-- Every state type has text and binary I/O (what Citus's worker_partial_agg needs).
SELECT t.typname, t.typinput::regproc, t.typoutput::regproc, t.typreceive::regproc, t.typsend::regproc
FROM pg_type t WHERE t.typname IN ('cr_fit_state', 'cr_sbg_state', 'cr_km_state') ORDER BY 1;

CREATE TABLE st_sim AS
SELECT * FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 20000, 39, 11);
ANALYZE st_sim;

-- The text form of a state is its canonical bytes: the same as <model>_fit_state's bytea, and
-- it reads back into a fit equal to the aggregate's to the last bit.
SELECT bgnbd_fit_state(frequency, recency, t)::text = (SELECT bgnbd_fit_state(frequency, recency, t) FROM st_sim)::text AS same_bytes
FROM st_sim;
SELECT bgnbd_fit_final(s::text::cr_fit_state) = (SELECT bgnbd_fit(frequency, recency, t) FROM st_sim) AS same_fit,
       pareto_nbd_fit_final(p::text::cr_fit_state) = (SELECT pareto_nbd_fit(frequency, recency, t) FROM st_sim) AS same_pareto
FROM (SELECT bgnbd_fit_state(frequency, recency, t) s, pareto_nbd_fit_state(frequency, recency, t) p FROM st_sim) x;

-- Serial, parallel, hashed and sorted grouping, and a window: the same answers.
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_fits AS
SELECT customer_id % 4 AS g, bgnbd_fit(frequency, recency, t) AS m, (bgnbd_fit_diagnostics(frequency, recency, t)).loglik AS ll
FROM st_sim GROUP BY 1;
RESET max_parallel_workers_per_gather;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT bgnbd_fit(frequency, recency, t) FROM st_sim;
SELECT (SELECT bgnbd_fit(frequency, recency, t) FROM st_sim) = (SELECT bgnbd_fit(frequency, recency, t) FROM st_sim WHERE customer_id > 0 OR customer_id <= 0) AS parallel_same;
SET enable_sort = off;
SELECT count(*) AS hashed_groups_equal FROM serial_fits s
JOIN (SELECT customer_id % 4 AS g, bgnbd_fit(frequency, recency, t) AS m FROM st_sim GROUP BY 1) h USING (g)
WHERE h.m = s.m;
RESET enable_sort;
SET enable_hashagg = off;
SELECT count(*) AS sorted_groups_equal FROM serial_fits s
JOIN (SELECT customer_id % 4 AS g, bgnbd_fit(frequency, recency, t) AS m FROM st_sim GROUP BY 1) h USING (g)
WHERE h.m = s.m;
RESET enable_hashagg;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
SELECT count(DISTINCT w) AS one_fit_per_window FROM
  (SELECT bgnbd_fit(frequency, recency, t) OVER (PARTITION BY customer_id % 4) AS w FROM st_sim) x;

-- sBG and Kaplan–Meier states: text round trip.
SELECT (sbg_fit_state(p, a))::text AS sbg_state
FROM (VALUES (0, 1000::int8), (1, 869), (2, 743)) v(p, a);
SELECT '\x01530000000200000000000003e8000000000000036500000000000002e7'::cr_sbg_state;
-- (a final function is not callable outside its aggregate)
SELECT sbg_fit_final('\x01530000000200000000000003e8ffffffffffffffff00000000000002e7'::cr_sbg_state);
SELECT kaplan_meier(d, e) FROM (VALUES (3.0::float8, true), (1, true), (2, false), (3, true)) v(d, e);
SELECT '\x0100000000000000013ff000000000000000000000000000010000000000000000'::cr_km_state;

-- Bad input: a clear error naming what is wrong, never a crash.
SELECT '\x0142'::cr_fit_state;
SELECT '0142'::cr_fit_state;
SELECT '\x01420300000000000000000000000000000001zz'::cr_fit_state;
-- kind 'Q' is no model's
SELECT '\x01510300000000000000000000000000000000'::cr_fit_state;
-- a BG/NBD row with recency 4 > t 2
SELECT '\x014203000000000000000000000000000000013ff0000000000000401000000000000040000000000000003ff0000000000000'::cr_fit_state;
-- a weight of NaN
SELECT '\x014203000000000000000000000000000000013ff000000000000040000000000000004010000000000000fff8000000000000'::cr_fit_state;
-- a count below -1 in an sBG state
SELECT '\x015300000000fffffffffffffffe'::cr_sbg_state;
-- a Kaplan–Meier state whose length does not match its points, and one with a negative count
SELECT '\x010000000000000002'::cr_km_state;
SELECT '\x0100000000000000024000000000000000000000000000000100000000000000003ff0000000000000ffffffffffffffff0000000000000000'::cr_km_state;
-- a state collected for one model given to another's final function
SELECT gamma_gamma_fit_final(bgnbd_fit_state(frequency, recency, t)::text::cr_fit_state) FROM st_sim;
-- support functions are not callable outside their aggregate
SELECT btyd_fit_combine(NULL::cr_fit_state, NULL::cr_fit_state);

DROP TABLE st_sim;
