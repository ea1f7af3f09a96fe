-- The <agg>_state / <agg>_merge pairs for sharded data (README "Scaling out"): each merge over states
-- of parts of the rows equals the plain aggregate over all the rows; empty groups and NULL
-- states; malformed states and states of another aggregate are refused with 22023.
-- test/t/fdw_models.sh runs the same pairs across postgres_fdw shards.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET extra_float_digits = 0;

-- ---------------------------------------------------------------------------------------------
-- Model fits: 3,000 customers simulated from the BG/NBD fit of CDNOW, in three "shards"; a spend
-- from the customer id.
CREATE TEMP TABLE cust AS
SELECT customer_id, customer_id % 3 AS shard, frequency::float8 AS frequency, recency, t,
       CASE WHEN frequency = 0 THEN 0 ELSE 5 + (customer_id * 37) % 60 END::float8 AS monetary,
       1 + customer_id % 4 AS w
FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 3000, 39, 7);

CREATE TEMP VIEW bg_fits AS
SELECT 'bgnbd_fit' AS how, bgnbd_fit(frequency, recency, t)::text AS m FROM cust
UNION ALL
SELECT 'bgnbd_fit_merge', bgnbd_fit_merge(s)::text
FROM (SELECT bgnbd_fit_state(frequency, recency, t) s FROM cust GROUP BY shard) q;

-- The portable state: version 2, kind 'B' (0x42), 3 columns, the rest of the header, then the
-- distinct rows in ascending order, each a flag byte, recency and t, the frequency only where it
-- changes and the weight only where it is not 1 (a row's weight here: its number of customers);
-- the fit from three states equals the fit from the rows (rounded: the rows arrive in another
-- order).
SELECT substr(bgnbd_fit_state(frequency, recency, t), 1, 3) AS header,
       length(bgnbd_fit_state(frequency, recency, t))
         = 19 + (SELECT 17 * count(*) + 8 * count(DISTINCT frequency) + 8 * count(*) FILTER (WHERE n <> 1)
                 FROM (SELECT frequency, count(*) AS n FROM cust GROUP BY frequency, recency, t) d) AS length_ok
FROM cust;
SELECT how, round((m::cr_bgnbd_model).r::numeric, 6) AS r, round((m::cr_bgnbd_model).alpha::numeric, 6) AS alpha,
       round((m::cr_bgnbd_model).a::numeric, 6) AS a, round((m::cr_bgnbd_model).b::numeric, 6) AS b,
       round((m::cr_bgnbd_model).loglik::numeric, 6) AS loglik, (m::cr_bgnbd_model).n, (m::cr_bgnbd_model).converged
FROM bg_fits ORDER BY how;

-- weighted rows; MBG/NBD from the same states (one transition, one kind of state)
SELECT round((bgnbd_fit(frequency, recency, t, w)).loglik::numeric, 6) AS plain,
       (SELECT round((bgnbd_fit_merge(s)).loglik::numeric, 6)
        FROM (SELECT bgnbd_fit_state(frequency, recency, t, w) s FROM cust GROUP BY shard) q) AS merged,
       (bgnbd_fit(frequency, recency, t, w)).n AS n
FROM cust;
SELECT round((mbgnbd_fit(frequency, recency, t)).r::numeric, 6) AS plain,
       (SELECT round((mbgnbd_fit_merge(s)).r::numeric, 6)
        FROM (SELECT bgnbd_fit_state(frequency, recency, t) s FROM cust GROUP BY shard) q) AS from_bgnbd_states,
       (SELECT round((mbgnbd_fit_merge(s)).r::numeric, 6)
        FROM (SELECT mbgnbd_fit_state(frequency, recency, t, 1) s FROM cust GROUP BY shard) q) AS from_mbgnbd_states
FROM cust;

-- Gamma-Gamma: kind 'G' (0x47), 2 columns; customers with frequency 0 are not in the state
SELECT substr(gamma_gamma_fit_state(frequency, monetary), 1, 3) AS header,
       length(gamma_gamma_fit_state(frequency, monetary))
         = 19 + (SELECT 9 * count(*) + 8 * count(DISTINCT frequency) + 8 * count(*) FILTER (WHERE n <> 1)
                 FROM (SELECT frequency, count(*) AS n FROM cust WHERE frequency > 0 GROUP BY frequency, monetary) d) AS length_ok
FROM cust;
SELECT round((gamma_gamma_fit(frequency, monetary)).p::numeric, 6) AS p_plain,
       (SELECT round((gamma_gamma_fit_merge(s)).p::numeric, 6)
        FROM (SELECT gamma_gamma_fit_state(frequency, monetary) s FROM cust GROUP BY shard) q) AS p_merged,
       round((gamma_gamma_fit(frequency, monetary, w)).v::numeric, 6) AS v_weighted,
       (SELECT round((gamma_gamma_fit_merge(s)).v::numeric, 6)
        FROM (SELECT gamma_gamma_fit_state(frequency, monetary, w) s FROM cust GROUP BY shard) q) AS v_weighted_merged
FROM cust;

-- Pareto/NBD (kind 'P', 0x50) and BG/BB (kind 'D', 0x44): their final functions sort the rows,
-- so the merge is the very same fit
CREATE TEMP TABLE pcust AS
SELECT customer_id % 3 AS shard, frequency::float8 AS frequency, recency, t, 1 + customer_id % 4 AS w
FROM pareto_nbd_simulate(pareto_nbd_model(0.55, 10.58, 0.61, 11.67), 3000, 39, 5);
SELECT substr(pareto_nbd_fit_state(frequency, recency, t), 1, 3) AS header,
       pareto_nbd_fit(frequency, recency, t)::text
     = (SELECT pareto_nbd_fit_merge(s)::text FROM (SELECT pareto_nbd_fit_state(frequency, recency, t) s FROM pcust GROUP BY shard) q) AS same_fit,
       pareto_nbd_fit(frequency, recency, t, w)::text
     = (SELECT pareto_nbd_fit_merge(s)::text FROM (SELECT pareto_nbd_fit_state(frequency, recency, t, w) s FROM pcust GROUP BY shard) q) AS same_weighted_fit,
       round((pareto_nbd_fit(frequency, recency, t)).r::numeric, 6) AS r,
       round((pareto_nbd_fit(frequency, recency, t)).loglik::numeric, 6) AS loglik
FROM pcust;
CREATE TEMP TABLE bcust AS
SELECT customer_id % 3 AS shard, frequency, recency, n_periods, 1 + customer_id % 4 AS w
FROM bgbb_simulate(bgbb_model(1.204, 0.750, 0.657, 2.783), 3000, 6, 5);
SELECT substr(bgbb_fit_state(frequency, recency, n_periods), 1, 3) AS header,
       bgbb_fit(frequency, recency, n_periods)::text
     = (SELECT bgbb_fit_merge(s)::text FROM (SELECT bgbb_fit_state(frequency, recency, n_periods) s FROM bcust GROUP BY shard) q) AS same_fit,
       bgbb_fit(frequency, recency, n_periods, w)::text
     = (SELECT bgbb_fit_merge(s)::text FROM (SELECT bgbb_fit_state(frequency, recency, n_periods, w) s FROM bcust GROUP BY shard) q) AS same_weighted_fit,
       round((bgbb_fit(frequency, recency, n_periods)).alpha::numeric, 6) AS alpha,
       round((bgbb_fit(frequency, recency, n_periods)).loglik::numeric, 6) AS loglik
FROM bcust;
SELECT pareto_nbd_fit_state(frequency, recency, t) IS NULL AS no_rows FROM pcust WHERE false;
SELECT bgbb_fit_merge(s) IS NULL AS null_merge, pareto_nbd_fit_merge(s) IS NULL AS null_merge_pareto FROM (VALUES (NULL::bytea)) v(s);

-- NULL and empty: no rows or only NULL rows -> NULL state; a merge skips NULL states, and over
-- nothing but NULLs is NULL; a one-customer-per-state merge is a fit of all of them
SELECT bgnbd_fit_state(frequency, recency, t) IS NULL AS no_rows FROM cust WHERE false;
SELECT bgnbd_fit_state(NULL::float8, recency, t) IS NULL AS null_rows,
       gamma_gamma_fit_state(0, 0) IS NULL AS no_repeat_customers FROM cust;
SELECT bgnbd_fit_merge(s) IS NULL AS all_null FROM (VALUES (NULL::bytea), (NULL)) v(s);
SELECT gamma_gamma_fit_merge(NULL) IS NULL AS null_merge, mbgnbd_fit_merge(NULL) IS NULL AS null_mbg;
SELECT round((bgnbd_fit_merge(s)).loglik::numeric, 6) = (SELECT round((bgnbd_fit(frequency, recency, t)).loglik::numeric, 6) FROM cust) AS with_nulls_and_singletons
FROM (SELECT bgnbd_fit_state(frequency, recency, t) s FROM cust GROUP BY customer_id
      UNION ALL SELECT NULL) q;

-- in parallel: the state aggregates and the merges run as partial aggregates (regular tables:
-- workers cannot read temporary ones)
CREATE TABLE state_merge_cust AS SELECT * FROM cust;
CREATE TABLE state_merge_states AS
SELECT customer_id, bgnbd_fit_state(frequency, recency, t) AS s FROM cust GROUP BY customer_id;
ALTER TABLE state_merge_cust SET (parallel_workers = 2);
ALTER TABLE state_merge_states SET (parallel_workers = 2);
ANALYZE state_merge_cust;
ANALYZE state_merge_states;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT bgnbd_fit_state(frequency, recency, t) FROM state_merge_cust;
EXPLAIN (COSTS OFF) SELECT bgnbd_fit_merge(s) FROM state_merge_states;
SELECT round((bgnbd_fit_merge(s)).loglik::numeric, 6) AS parallel_merge FROM state_merge_states;
SELECT round((bgnbd_fit_merge(s)).loglik::numeric, 6) AS merge_of_parallel_state
FROM (SELECT bgnbd_fit_state(frequency, recency, t) s FROM state_merge_cust) q;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
DROP TABLE state_merge_cust, state_merge_states;
SELECT round((bgnbd_fit(frequency, recency, t)).loglik::numeric, 6) AS serial_fit FROM cust;

-- ---------------------------------------------------------------------------------------------
-- sBG: survivors of one cohort counted in two places (the published "regular" cohort of
-- Fader & Hardie 2007 when added up: 1000, 631, 468, 382, 326, 289, 262, 241)
CREATE TEMP TABLE surv (shard int, period int4, active int8);
INSERT INTO surv
SELECT 1, p - 1, n FROM unnest('{600,380,281,229,196,174,157,145}'::int8[]) WITH ORDINALITY u(n, p)
UNION ALL
SELECT 2, p - 1, n FROM unnest('{400,251,187,153,130,115,105,96}'::int8[]) WITH ORDINALITY u(n, p);
SELECT substr(sbg_fit_state(period, active), 1, 6) AS header FROM surv;
SELECT round((sbg_fit(period, active)).alpha::numeric, 6) AS alpha_plain,
       (SELECT round((sbg_fit_merge(s)).alpha::numeric, 6)
        FROM (SELECT sbg_fit_state(period, active) s FROM surv GROUP BY shard) q) AS alpha_merged,
       round((sbg_fit(period, active)).beta::numeric, 6) AS beta_plain,
       (SELECT round((sbg_fit_merge(s)).beta::numeric, 6)
        FROM (SELECT sbg_fit_state(period, active) s FROM surv GROUP BY shard) q) AS beta_merged
FROM surv;
SELECT sbg_fit_state(period, active) IS NULL AS no_rows FROM surv WHERE false;
SELECT sbg_fit_merge(NULL) IS NULL AS null_merge;
-- a period missing from every state is the same error as in sbg_fit (22023)
SELECT sbg_fit_merge(s) FROM (SELECT sbg_fit_state(period, active) s FROM surv WHERE period <> 3 GROUP BY shard) q;

-- ---------------------------------------------------------------------------------------------
-- Cohorts: customers active in several "shards" count once
CREATE TEMP TABLE act AS
SELECT i % 4 AS shard, (i * 7) % 500 AS customer, CASE WHEN i <= 2000 THEN 0 ELSE (i * 13) % (1 + (i * 7) % 500 % 80) END AS idx
FROM generate_series(1, 20000) i;
SELECT cohort_activity(customer::int8, idx) = (SELECT cohort_activity_merge(s) FROM (SELECT cohort_activity_state(customer::int8, idx) s FROM act GROUP BY shard) q) AS activity_int8,
       cohort_survivors(customer::int8, idx) = (SELECT cohort_survivors_merge(s) FROM (SELECT cohort_survivors_state(customer::int8, idx) s FROM act GROUP BY shard) q) AS survivors_int8,
       cohort_activity(customer::text, idx) = (SELECT cohort_activity_merge(s) FROM (SELECT cohort_activity_state(customer::text, idx) s FROM act GROUP BY shard) q) AS activity_text,
       cohort_survivors(md5(customer::text)::uuid, idx) = (SELECT cohort_survivors_merge(s) FROM (SELECT cohort_activity_state(md5(customer::text)::uuid, idx) s FROM act GROUP BY shard) q) AS survivors_uuid_from_activity_state,
       (cohort_activity(customer::int8, idx))[1:3] AS first_three,
       array_length(cohort_activity(customer::int8, idx), 1) AS periods
FROM act;
SELECT cohort_activity_state(customer::int8, idx) IS NULL AS no_rows FROM act WHERE false;
SELECT cohort_activity_state(NULL::int8, idx) IS NULL AS null_keys FROM act;
SELECT cohort_activity_merge(s) IS NULL AS null_merge, cohort_survivors_merge(s) IS NULL AS null_survivors
FROM (VALUES (NULL::bytea)) v(s);
SELECT cohort_activity_merge(s) FROM (VALUES (NULL::bytea), (NULL)) v(s);

-- ---------------------------------------------------------------------------------------------
-- relationship_quality, cronbach_alpha, engagement: the state is the concrete type it already
-- was (bytea, float8[]); the merge is the combine function as transition
CREATE TEMP TABLE rq (shard int, dimension text, score float8);
INSERT INTO rq SELECT i % 3, (ARRAY['trust','communication','respect','fairness'])[1 + i % 4], 1 + (i * 5) % 7
FROM generate_series(1, 400) i;
SELECT relationship_quality(dimension, score, 1, 7)::text
     = (SELECT relationship_quality_merge(s)::text FROM (SELECT relationship_quality_state(dimension, score, 1, 7) s FROM rq GROUP BY shard) q) AS rq_default,
       relationship_quality(dimension, score, 1, 7, '{"trust": 3, "communication": 1, "respect": 1, "fairness": 1}')::text
     = (SELECT relationship_quality_merge(s)::text FROM (SELECT relationship_quality_state(dimension, score, 1, 7, '{"trust": 3, "communication": 1, "respect": 1, "fairness": 1}') s FROM rq GROUP BY shard) q) AS rq_weights,
       round((relationship_quality(dimension, score, 1, 7, '{"trust": 3, "communication": 1, "respect": 1, "fairness": 1}')).index::numeric, 6) AS rq_index_weights
FROM rq;
SELECT relationship_quality_state(dimension, score, 1, 7) IS NULL AS no_rows FROM rq WHERE false;
SELECT relationship_quality_merge(s) IS NULL AS null_merge FROM (VALUES (NULL::bytea)) v(s);

CREATE TEMP TABLE resp AS
SELECT i % 3 AS shard, ARRAY[1 + i % 5, 1 + (i * 3) % 5, 1 + (i + i / 5) % 5, CASE WHEN i % 17 = 0 THEN NULL ELSE 1 + i % 4 END]::float8[] AS items
FROM generate_series(1, 300) i;
SELECT round(cronbach_alpha(items)::numeric, 9) AS alpha_plain,
       (SELECT round(cronbach_alpha_merge(s)::numeric, 9) FROM (SELECT cronbach_alpha_state(items) s FROM resp GROUP BY shard) q) AS alpha_merged,
       (cronbach_alpha_summary(items)).n AS n, (cronbach_alpha_summary(items)).n_skipped AS skipped,
       (SELECT (cronbach_alpha_summary_merge(s)).n_skipped FROM (SELECT cronbach_alpha_summary_state(items) s FROM resp GROUP BY shard) q) AS skipped_merged,
       (SELECT round((cronbach_alpha_summary_merge(s)).ci_low::numeric, 9) FROM (SELECT cronbach_alpha_state(items) s FROM resp GROUP BY shard) q)
     = round((cronbach_alpha_summary(items)).ci_low::numeric, 9) AS ci_equal
FROM resp;
SELECT cronbach_alpha_state(items) IS NULL AS no_rows FROM resp WHERE false;
SELECT cronbach_alpha_merge(s) IS NULL AS null_merge FROM (VALUES (NULL::float8[])) v(s);

CREATE TEMP TABLE touch AS
SELECT i % 3 AS shard, i % 10 AS customer, DATE '2024-01-01' + i AS ts, 1 + i % 3 AS weight FROM generate_series(0, 180) i;
SELECT customer, round(e::numeric, 9) AS engagement,
       round(e::numeric, 9) = round(m::numeric, 9) AS merged_equal
FROM (SELECT customer, engagement(ts, weight, '30 days', DATE '2024-06-30') e FROM touch GROUP BY customer) a
JOIN (SELECT customer, engagement_merge(s) m
      FROM (SELECT shard, customer, engagement_state(ts, weight, '30 days', DATE '2024-06-30') s FROM touch GROUP BY shard, customer) p
      GROUP BY customer) b USING (customer)
ORDER BY customer LIMIT 3;
SELECT engagement_state(ts, weight, '30 days', DATE '2024-06-30') AS no_rows_state,
       engagement_merge(s) IS NULL AS merge_of_empty
FROM touch, LATERAL (SELECT '{2,0,0,0}'::float8[] s) x WHERE false;
SELECT engagement_merge(s) IS NULL AS merge_of_empty FROM (VALUES ('{2,0,0,0}'::float8[]), (NULL)) v(s);

-- ---------------------------------------------------------------------------------------------
-- Malformed states and states of another aggregate: 22023
\set VERBOSITY sqlstate
-- model fits: truncated, unknown version, a partial state (kind 0), another kind, another column
-- count, a length that does not match the row count
SELECT bgnbd_fit_merge('\x01'::bytea);
SELECT bgnbd_fit_merge('\x0242030000000000000000'::bytea);
SELECT bgnbd_fit_merge('\x01000300000000000000000000000000000000'::bytea);
SELECT bgnbd_fit_merge(s) FROM (SELECT gamma_gamma_fit_state(frequency, monetary) s FROM cust) q;
SELECT gamma_gamma_fit_merge(s) FROM (SELECT bgnbd_fit_state(frequency, recency, t) s FROM cust) q;
SELECT bgnbd_fit_merge('\x01420200000000000000000000000000000000'::bytea);
SELECT bgnbd_fit_merge('\x01420300000000000000000000000000000001'::bytea || float8send(1) || float8send(1) || float8send(2));
-- Pareto/NBD and BG/BB: each refuses the other's state and the BG/NBD state (same columns,
-- another transition); a BG/BB row that is not whole numbers
SELECT pareto_nbd_fit_merge(s) FROM (SELECT bgnbd_fit_state(frequency, recency, t) s FROM cust) q;
SELECT bgbb_fit_merge(s) FROM (SELECT pareto_nbd_fit_state(frequency, recency, t) s FROM pcust) q;
SELECT pareto_nbd_fit_merge(s) FROM (SELECT bgbb_fit_state(frequency, recency, n_periods) s FROM bcust) q;
SELECT bgbb_fit_merge('\x01440300000000000000000000000000000001'::bytea || float8send(1.5) || float8send(2) || float8send(3) || float8send(1));
-- a row with a NaN value, a weight of 0, a row its transition refuses (recency > t), a
-- Gamma-Gamma row of frequency 0
SELECT bgnbd_fit_merge('\x01420300000000000000000000000000000001'::bytea || float8send(1) || float8send('NaN') || float8send(2) || float8send(1));
SELECT bgnbd_fit_merge('\x01420300000000000000000000000000000001'::bytea || float8send(1) || float8send(1) || float8send(2) || float8send(0));
SELECT bgnbd_fit_merge('\x01420300000000000000000000000000000001'::bytea || float8send(1) || float8send(3) || float8send(2) || float8send(1));
SELECT gamma_gamma_fit_merge('\x01470200000000000000000000000000000001'::bytea || float8send(0) || float8send(10) || float8send(1));
-- weights that add up beyond a double, in a merge or in the plain aggregate -> 22003
SELECT bgnbd_fit_merge('\x01420300000000000000000000000000000002'::bytea || float8send(1) || float8send(5) || float8send(39) || float8send(1e308)
                       || float8send(0) || float8send(0) || float8send(39) || float8send(1e308));
SELECT bgnbd_fit(f, r, 39, 1e308) FROM (VALUES (0, 0), (1, 5), (0, 0)) v(f, r);
-- sBG: truncated, another family's state, a length that does not match, a negative count
SELECT sbg_fit_merge('\x0153'::bytea);
SELECT sbg_fit_merge(s) FROM (SELECT bgnbd_fit_state(frequency, recency, t) s FROM cust) q;
SELECT sbg_fit_merge('\x015300000001'::bytea || int8send(10));
SELECT sbg_fit_merge('\x015300000000'::bytea || int8send(-5));
-- cohorts: truncated, another family's state, a customer twice, a count that does not match
SELECT cohort_activity_merge('\x0101'::bytea);
SELECT cohort_survivors_merge(s) FROM (SELECT sbg_fit_state(period, active) s FROM surv) q;
SELECT cohort_activity_merge('\x01010000000200000000'::bytea || int8send(5) || int8send(1) || int4send(0)
                             || int8send(5) || int8send(1) || int4send(0) || int4send(0));
SELECT cohort_activity_merge('\x01010000000500000000'::bytea || int8send(5) || int8send(1) || int4send(0) || int4send(0));
SELECT cohort_activity_merge(substr(s, 1, length(s) - 2)) FROM (SELECT cohort_activity_state(customer::text, idx) s FROM act) q;
-- ... bigint keys and text keys in one merge
SELECT cohort_activity_merge(s) FROM (SELECT cohort_activity_state(customer::int8, idx) s FROM act
                                      UNION ALL SELECT cohort_activity_state(customer::text, idx) FROM act) q;
-- relationship_quality, cronbach_alpha, engagement: anything but their own states
SELECT relationship_quality_merge(s) FROM (SELECT bgnbd_fit_state(frequency, recency, t) s FROM cust) q;
SELECT cronbach_alpha_merge('{1,2,3}'::float8[]);
SELECT engagement_merge('{1,2,3}'::float8[]);
SELECT engagement_merge('{-1,2}'::float8[]);

-- every truncation of a state, and every byte of a cohort or sBG state flipped, is refused with
-- 22023 or still decodes (a flip in a count or a key makes another valid state): never another
-- error, never a crash
CREATE FUNCTION pg_temp.merge_outcomes(merge text, st bytea, flips bool) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    outcomes text[] := '{}';
    code text;
    probe bytea;
BEGIN
    FOR n IN 0 .. length(st) + (CASE WHEN flips THEN length(st) - 1 ELSE -1 END) LOOP
        probe := CASE WHEN n < length(st) THEN substr(st, 1, n)
                      ELSE set_byte(st, n - length(st), get_byte(st, n - length(st)) # 255) END;
        BEGIN
            EXECUTE format('SELECT %s($1)', merge) USING probe;
            code := 'decoded';
        EXCEPTION WHEN OTHERS THEN
            code := SQLSTATE;
        END;
        IF NOT code = ANY (outcomes) THEN
            outcomes := outcomes || code;
        END IF;
    END LOOP;
    RETURN array_to_string(ARRAY(SELECT unnest(outcomes) ORDER BY 1), ',');
END $$;
SELECT pg_temp.merge_outcomes('bgnbd_fit_merge', bgnbd_fit_state(frequency, recency, t), false) AS bgnbd_truncated,
       pg_temp.merge_outcomes('gamma_gamma_fit_merge', gamma_gamma_fit_state(frequency, monetary), false) AS gamma_gamma_truncated
FROM (SELECT * FROM cust WHERE customer_id <= 40) c;
SET client_min_messages = error;  -- fits of flipped counts may warn that they did not converge
SELECT pg_temp.merge_outcomes('sbg_fit_merge', sbg_fit_state(period, active), true) AS sbg FROM surv;
SELECT pg_temp.merge_outcomes('bgbb_fit_merge', bgbb_fit_state(frequency, recency, n_periods), false) AS bgbb_truncated FROM bcust;
SELECT pg_temp.merge_outcomes('pareto_nbd_fit_merge', pareto_nbd_fit_state(frequency, recency, t), false) AS pareto_nbd_truncated FROM pcust WHERE shard = 0;
RESET client_min_messages;
SELECT pg_temp.merge_outcomes('cohort_activity_merge', cohort_activity_state(customer::int8, idx), true) AS cohort_int8,
       pg_temp.merge_outcomes('cohort_survivors_merge', cohort_activity_state(customer::text, idx), true) AS cohort_text
FROM act WHERE customer < 6 AND shard = 1;

-- the messages
\set VERBOSITY default
SELECT bgnbd_fit_merge(s) FROM (SELECT gamma_gamma_fit_state(frequency, monetary) s FROM cust) q;
SELECT bgnbd_fit_merge('\x01000300000000000000000000000000000000'::bytea);
SELECT bgnbd_fit_merge('\x01420300000000000000000000000000000001'::bytea || float8send(1) || float8send(1) || float8send(2));
SELECT bgnbd_fit_merge('\x01420300000000000000000000000000000001'::bytea || float8send(1) || float8send(3) || float8send(2) || float8send(1));
SELECT gamma_gamma_fit_merge('\x01470200000000000000000000000000000001'::bytea || float8send(0) || float8send(10) || float8send(1));
SELECT bgbb_fit_merge(s) FROM (SELECT pareto_nbd_fit_state(frequency, recency, t) s FROM pcust) q;
SELECT bgbb_fit_merge('\x01440300000000000000000000000000000001'::bytea || float8send(1.5) || float8send(2) || float8send(3) || float8send(1));
SELECT sbg_fit_merge('\x015300000001'::bytea || int8send(10));
SELECT cohort_activity_merge('\x0101'::bytea);
SELECT cohort_activity_merge(s) FROM (SELECT cohort_activity_state(customer::int8, idx) s FROM act
                                      UNION ALL SELECT cohort_activity_state(customer::text, idx) FROM act) q;
