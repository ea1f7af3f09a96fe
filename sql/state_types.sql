-- Concrete states of the collecting aggregates (issue 10): cr_fit_state, cr_sbg_state and
-- cr_km_state are real types with text and binary I/O, so Citus can ship partial states; in
-- memory they are expanded objects, flattened into the family's canonical bytes when they leave
-- the node.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET extra_float_digits = 0;

-- No aggregate of the extension keeps an `internal` state (Citus would pull its rows to the
-- coordinator).
SELECT DISTINCT p.proname, a.aggtranstype::regtype
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_rel'
WHERE a.aggtranstype = 'internal'::regtype
ORDER BY 1;

-- Every state type has text and binary I/O (what Citus's worker_partial_agg needs).
SELECT t.typname, t.typinput::regproc, t.typoutput::regproc, t.typreceive::regproc, t.typsend::regproc
FROM pg_type t WHERE t.typname ~ '^cr_.*_state$' AND t.typtype = 'b' AND t.typname NOT IN ('cr_rfm_state', 'cr_rfm_holdout_state') ORDER BY 1;

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
-- Version 2 rows (fit_state.c): a flag byte, then the values and the weight it does not omit
-- (0x01: the first value is the row before's; 0x02: the weight is 1). A version 1 state (1.0's
-- form: every value and weight) is read as the same rows and written back in version 2.
SELECT '\x014203000000000000000000000000000000023ff0000000000000400000000000000040100000000000003ff00000000000003ff0000000000000400000000000000040200000000000004000000000000000'::cr_fit_state;
SELECT '\x02420300000000000000000000000000000002023ff00000000000004000000000000000401000000000000001400000000000000040200000000000004000000000000000'::cr_fit_state::text = '\x02420300000000000000000000000000000002023ff00000000000004000000000000000401000000000000001400000000000000040200000000000004000000000000000' AS version_2_canonical;
-- flags this version does not write; the first row without its first value; a row cut short;
-- a byte after the last row; more rows in the header than the bytes can hold
SELECT '\x02420300000000000000000000000000000002064000000000000000401000000000000001400000000000000040200000000000004000000000000000'::cr_fit_state;
SELECT '\x02420300000000000000000000000000000002034000000000000000401000000000000001400000000000000040200000000000004000000000000000'::cr_fit_state;
SELECT '\x02420300000000000000000000000000000002023ff000000000000040000000000000004010000000000000014000000000000000402000000000000040000000000000'::cr_fit_state;
SELECT '\x02420300000000000000000000000000000002023ff0000000000000400000000000000040100000000000000140000000000000004020000000000000400000000000000000'::cr_fit_state;
SELECT '\x02420300000000000000000000000000000003023ff00000000000004000000000000000401000000000000001400000000000000040200000000000004000000000000000'::cr_fit_state;
-- a count below -1 in an sBG state
SELECT '\x015300000000fffffffffffffffe'::cr_sbg_state;
-- a Kaplan–Meier state whose length does not match its points, and one with a negative count
SELECT '\x010000000000000002'::cr_km_state;
SELECT '\x0100000000000000024000000000000000000000000000000100000000000000003ff0000000000000ffffffffffffffff0000000000000000'::cr_km_state;
-- a state collected for one model given to another's final function
SELECT gamma_gamma_fit_final(bgnbd_fit_state(frequency, recency, t)::text::cr_fit_state) FROM st_sim;
-- support functions are not callable outside their aggregate
SELECT btyd_fit_combine(NULL::cr_fit_state, NULL::cr_fit_state);


-- The other families: an aggregate with a family's transition and no final function returns
-- the state itself, which is what Citus's workers ship; text round trip, and equal answers
-- when the states of parts are combined as Citus's coordinator combines them (an aggregate
-- whose transition is the combine function).
CREATE TABLE st_surv AS
SELECT g, ((g * 37) % 101)::float8 AS duration, g % 3 <> 0 AS event,
       (ARRAY['a', 'b', 'c'])[g % 3 + 1] AS grp, (ARRAY['s1', 's2'])[g % 2 + 1] AS stratum,
       (g % 200)::int8 AS customer, (g % 6) AS period_index
FROM generate_series(1, 3000) g;
CREATE AGGREGATE pg_temp.lr_state(float8, bool, text) (SFUNC = logrank_test_trans, STYPE = cr_logrank_state);
CREATE AGGREGATE pg_temp.lr_combined(cr_logrank_state) (SFUNC = logrank_test_combine, STYPE = cr_logrank_state, FINALFUNC = logrank_test_final);
SELECT (SELECT pg_temp.lr_combined(s::text::cr_logrank_state) FROM (SELECT pg_temp.lr_state(duration, event, grp) s FROM st_surv GROUP BY g % 5) x)
     = (SELECT logrank_test(duration, event, grp) FROM st_surv) AS logrank_same;
CREATE AGGREGATE pg_temp.cohort_state(int8, int4) (SFUNC = cohort_activity_trans, STYPE = cr_cohort_state);
CREATE AGGREGATE pg_temp.cohort_combined(cr_cohort_state) (SFUNC = cohort_activity_combine, STYPE = cr_cohort_state, FINALFUNC = cohort_survivors_final);
SELECT (SELECT pg_temp.cohort_combined(s::text::cr_cohort_state) FROM (SELECT pg_temp.cohort_state(customer, period_index) s FROM st_surv GROUP BY g % 5) x)
     = (SELECT cohort_survivors(customer, period_index) FROM st_surv) AS cohort_same,
       (SELECT pg_temp.cohort_state(customer, period_index)::text FROM st_surv)
     = (SELECT cohort_activity_state(customer, period_index)::text FROM st_surv) AS cohort_state_is_portable_state;
CREATE AGGREGATE pg_temp.km_state(float8, bool) (SFUNC = kaplan_meier_trans, STYPE = cr_km_state);
SELECT (SELECT pg_temp.km_state(duration, event)::text FROM st_surv)
     = (SELECT cr_km_curve_send(kaplan_meier(duration, event))::text FROM st_surv) AS km_state_is_curve_layout;
CREATE AGGREGATE pg_temp.sbgc_state(text, float8[]) (SFUNC = sbg_compare_trans, STYPE = cr_sbg_compare_state);
CREATE AGGREGATE pg_temp.sbgc_combined(cr_sbg_compare_state) (SFUNC = sbg_compare_combine, STYPE = cr_sbg_compare_state, FINALFUNC = sbg_compare_final);
CREATE TEMP TABLE st_cohorts AS
SELECT * FROM (VALUES ('regular', ARRAY[1000, 631, 468, 382, 326, 289, 262, 241]::float8[]),
                      ('high end', ARRAY[1000, 869, 743, 653, 593, 551, 517, 491]::float8[]),
                      ('regular', ARRAY[500, 320, 230, 190]::float8[])) v(grp, s);
SELECT (SELECT pg_temp.sbgc_combined(x::text::cr_sbg_compare_state) FROM (SELECT pg_temp.sbgc_state(grp, s) x FROM st_cohorts GROUP BY grp) y)
     = (SELECT sbg_compare(grp, s) FROM st_cohorts) AS sbg_compare_same;
CREATE AGGREGATE pg_temp.cov_state(float8, float8, float8, float8[], float8[]) (SFUNC = btyd_cov_fit_trans, STYPE = cr_cov_fit_state);
CREATE AGGREGATE pg_temp.cov_combined(cr_cov_fit_state) (SFUNC = btyd_cov_fit_combine, STYPE = cr_cov_fit_state, FINALFUNC = bgnbd_cov_fit_final);
CREATE TEMP TABLE st_cov AS SELECT *, ARRAY[(customer_id % 2)::float8] AS z FROM st_sim WHERE customer_id <= 3000;
SELECT (SELECT pg_temp.cov_combined(x::text::cr_cov_fit_state) FROM (SELECT pg_temp.cov_state(frequency, recency, t, z, z) x FROM st_cov GROUP BY customer_id % 3) y)
     = (SELECT bgnbd_fit(frequency, recency, t, z, z) FROM st_cov) AS cov_fit_same;

-- A combine merges the states it is given as bytes (a parallel leader's workers) straight from
-- their bytes: 20 states in a shuffled order, and every state twice (rows equal across states),
-- give the canonical bytes and the fit of the data they came from.
CREATE AGGREGATE pg_temp.fit_union(cr_fit_state) (SFUNC = btyd_fit_combine, STYPE = cr_fit_state);
CREATE AGGREGATE pg_temp.fit_of_states(cr_fit_state) (SFUNC = btyd_fit_combine, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_final);
CREATE TEMP TABLE st_parts AS
SELECT customer_id % 20 AS g, bgnbd_fit_state(frequency, recency, t)::text::cr_fit_state AS x FROM st_sim GROUP BY 1;
SELECT (SELECT pg_temp.fit_union(x ORDER BY (g * 7) % 20) FROM st_parts)::text
         = (SELECT bgnbd_fit_state(frequency, recency, t)::text FROM st_sim) AS runs_same_bytes,
       (SELECT pg_temp.fit_of_states(x ORDER BY (g * 7) % 20) FROM st_parts)
         = (SELECT bgnbd_fit(frequency, recency, t) FROM st_sim) AS runs_same_fit,
       (SELECT pg_temp.fit_of_states(x) FROM (SELECT x FROM st_parts UNION ALL SELECT x FROM st_parts) d)
         = (SELECT bgnbd_fit(frequency, recency, t, 2) FROM st_sim) AS runs_twice_same_fit;

-- A state flattened while it still takes rows (a running window: it is written out after each
-- row) sorts its rows in place for the bytes and builds its hash table again for the next row.
CREATE AGGREGATE pg_temp.fit_collect(float8, float8, float8) (SFUNC = bgnbd_fit_trans, STYPE = cr_fit_state);
CREATE TEMP TABLE st_running AS
SELECT customer_id, pg_temp.fit_collect(frequency, recency, t) OVER (ORDER BY customer_id) AS st
FROM st_sim WHERE customer_id <= 1000;
SELECT (SELECT count(DISTINCT st::text) FROM st_running) AS running_states,
       (SELECT st::text FROM st_running ORDER BY customer_id DESC LIMIT 1)
         = (SELECT bgnbd_fit_state(frequency, recency, t)::text FROM st_sim WHERE customer_id <= 1000) AS running_same_bytes;

-- Hostile states: 300 mutations of a valid state of each type (a byte changed, the state cut
-- short, or lengthened), read as the type and, when accepted, combined and finalised as Citus's
-- coordinator does. Every refusal has a documented SQLSTATE (never XX000), and nothing crashes.
CREATE AGGREGATE pg_temp.fit_combined(cr_fit_state) (SFUNC = btyd_fit_combine, STYPE = cr_fit_state, FINALFUNC = bgnbd_fit_final);
CREATE AGGREGATE pg_temp.sbg_combined(cr_sbg_state) (SFUNC = sbg_fit_combine, STYPE = cr_sbg_state, FINALFUNC = sbg_fit_final);
CREATE AGGREGATE pg_temp.km_combined(cr_km_state) (SFUNC = kaplan_meier_combine, STYPE = cr_km_state, FINALFUNC = kaplan_meier_final);
CREATE TEMP TABLE st_valid (type text, agg text, state text);
INSERT INTO st_valid
SELECT 'cr_fit_state', 'fit_combined', bgnbd_fit_state(frequency, recency, t)::text FROM st_sim WHERE customer_id <= 40
UNION ALL SELECT 'cr_sbg_state', 'sbg_combined', sbg_fit_state(p, a)::text FROM (VALUES (0, 1000::int8), (1, 869), (2, 743)) v(p, a)
UNION ALL SELECT 'cr_km_state', 'km_combined', pg_temp.km_state(duration, event)::text FROM st_surv WHERE g <= 30
UNION ALL SELECT 'cr_cohort_state', 'cohort_combined', pg_temp.cohort_state(customer, period_index)::text FROM st_surv WHERE g <= 30
UNION ALL SELECT 'cr_logrank_state', 'lr_combined', pg_temp.lr_state(duration, event, grp)::text FROM st_surv WHERE g <= 30
UNION ALL SELECT 'cr_sbg_compare_state', 'sbgc_combined', pg_temp.sbgc_state(grp, s)::text FROM st_cohorts
UNION ALL SELECT 'cr_cov_fit_state', 'cov_combined', pg_temp.cov_state(frequency, recency, t, z, z)::text FROM st_cov WHERE customer_id <= 40;
SELECT setseed(0.25);
CREATE TEMP TABLE st_outcome AS SELECT ''::text AS type, ''::text AS outcome LIMIT 0;
SET client_min_messages = error;  -- fits of mutated rows may warn that they do not converge
DO $$
DECLARE
    v record;
    i int;
    bytes text;
    pos int;
    m text;
BEGIN
    FOR v IN SELECT * FROM st_valid LOOP
        FOR i IN 1 .. 300 LOOP
            bytes := substr(v.state, 3);
            pos := 1 + 2 * floor(random() * (length(bytes) / 2))::int;
            m := CASE i % 3
                 WHEN 0 THEN overlay(bytes placing lpad(to_hex(floor(random() * 256)::int), 2, '0') FROM pos FOR 2)
                 WHEN 1 THEN left(bytes, pos - 1)
                 ELSE bytes || lpad(to_hex(floor(random() * 256)::int), 2, '0') END;
            BEGIN
                EXECUTE format('SELECT pg_temp.%I(%L::%I)', v.agg, '\x' || m, v.type);
                INSERT INTO st_outcome VALUES (v.type, 'accepted');
            EXCEPTION WHEN OTHERS THEN
                INSERT INTO st_outcome VALUES (v.type, CASE WHEN SQLSTATE = 'XX000' THEN 'XX000: ' || SQLERRM ELSE 'refused' END);
            END;
        END LOOP;
    END LOOP;
END
$$;
RESET client_min_messages;
SELECT type, count(*) FILTER (WHERE outcome = 'accepted') > 0 AS some_accepted,
       count(*) FILTER (WHERE outcome = 'refused') > 0 AS some_refused,
       count(*) FILTER (WHERE outcome LIKE 'XX000%') AS internal_errors
FROM st_outcome GROUP BY type ORDER BY type;
SELECT DISTINCT outcome FROM st_outcome WHERE outcome LIKE 'XX000%';

DROP TABLE st_sim, st_surv;
