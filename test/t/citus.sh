#!/usr/bin/env bash
# Scaling out on Citus: a coordinator and two workers on this machine (test/t/lib/citus_setup.sh),
# with transactions, customer summaries, survey answers, subscriptions, relationship answers and
# stored states distributed on the customer id. For EVERY aggregate of the installed extension
# (read from pg_aggregate, so an aggregate added later without a line below fails the coverage
# check) it proves
#   (a) EXPLAIN (VERBOSE) on the coordinator shows the workers computing partial states,
#       worker_partial_agg('<that aggregate>'::regprocedure, ...), and the coordinator combining
#       them, coord_combine_agg(...), both grouped by a column that is not the distribution column
#       and ungrouped;
#   (b) the grouped and ungrouped results equal the single-node results over the same rows in local
#       (non-distributed) tables, every number to 1e-9 relative (fits: parameters, log-likelihood
#       and convergence);
# plus the end-to-end path (transactions -> rfm_summary per customer -> bgnbd_fit and
# gamma_gamma_fit -> scoring, on the distributed tables), the README's Newton loop over
# bgnbd_newton_stats / pareto_nbd_newton_stats running on the workers, and which TimeZone the
# workers use for timestamptz aggregates.
# An aggregate whose state type is `internal` is never partially aggregated by Citus (the
# coordinator pulls the rows): check (a) fails for it by design of this test.
# Exit 0 when every check passes, 1 otherwise, 77 when ../shared/citus is absent or cannot apply.
set -u
cd "$(dirname "$0")/../.."
# 4 shards per table: two per worker, so every partial state is also combined on one worker's side.
CITUS_EXTRA_CONF="citus.shard_count = 4"
. test/t/lib/citus_setup.sh

AS_OF="TIMESTAMPTZ '2024-12-31 00:00+00'"

# ---- data: single-node tables (<name>_local) and their distributed copies (<name>) --------------
# summaries: 3,000 customers simulated from the BG/NBD fit of CDNOW (two cohorts, t = 39 and 26
# weeks, day resolution), spend from a Gamma-Gamma model, BG/BB histories over 6 opportunities,
# covariates; transactions: each customer's purchases laid out to match its summary (hours vary so
# that days depend on the time zone); answers: NPS/CSAT/CES on 2/4/8-byte integers, 4 items for
# Cronbach's alpha, an outcome and 3 dimensions for key drivers; subscriptions: one row per customer
# and active period (periods 0..10, customers churn), duration and event on the period-0 row;
# rq: relationship answers on the nine default dimensions. grp splits every table in two groups
# ('north', 'south') that are NOT the distribution column.
on_coord "
SET client_min_messages = warning;
CREATE TABLE summaries_local AS
WITH sim AS (
    SELECT customer_id AS id, frequency::float8 AS frequency, recency, t
    FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 2000, 39, 11)
    UNION ALL
    SELECT customer_id + 2000, frequency::float8, recency, t
    FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 1000, 26, 12))
SELECT sim.id AS customer_id, CASE WHEN sim.id % 3 = 0 THEN 'south' ELSE 'north' END AS grp,
       sim.frequency, sim.recency, sim.t,
       gamma_gamma_simulate(gamma_gamma_model(6.25, 3.74, 15.44), sim.frequency, sim.id) AS monetary,
       gamma_gamma_simulate(gamma_gamma_model(6.25, 3.74, 15.44), 1, sim.id + 100000) AS spend,
       (1 + sim.id % 3)::float8 AS weight,
       b.frequency AS bb_frequency, b.recency AS bb_recency, b.n_periods AS bb_n,
       ARRAY[(sim.id % 2)::float8] AS zp, ARRAY[((sim.id % 5) - 2) / 2.0]::float8[] AS zd,
       NULL::cr_rfm AS rfm
FROM sim JOIN bgbb_simulate(bgbb_model(1.2, 0.75, 0.66, 2.78), 3000, 6, 5) b ON b.customer_id = sim.id;

CREATE TABLE transactions_local AS
SELECT s.customer_id, s.grp, x.ts, x.ts AT TIME ZONE 'UTC' AS ts_local,
       (x.ts AT TIME ZONE 'UTC')::date AS day, x.amount
FROM summaries_local s, generate_series(0, s.frequency::int) j,
     LATERAL (SELECT $AS_OF - s.t * interval '7 days'
                     + CASE WHEN s.frequency = 0 THEN 0 ELSE round(j * s.recency * 7 / s.frequency) END * interval '1 day'
                     + ((s.customer_id * 37 + j * 5) % 22) * interval '1 hour' AS ts,
                     round((s.spend * (0.75 + 0.5 * ((s.customer_id * 37 + j * 11) % 60) / 60.0))::numeric, 2)::float8 AS amount) x;

UPDATE summaries_local s SET rfm = r.r
FROM (SELECT customer_id, rfm_summary(ts, amount, $AS_OF, interval '7 days') AS r
      FROM transactions_local GROUP BY customer_id) r
WHERE r.customer_id = s.customer_id;

CREATE TABLE answers_local AS
SELECT c AS customer_id, CASE WHEN c % 3 = 0 THEN 'south' ELSE 'north' END AS grp,
       (h % 11)::int2 AS s2, (h / 11 % 11)::int4 AS s4, (h / 121 % 11)::int8 AS s8,
       (1 + h / 7 % 5)::int2 AS c2, (1 + h / 13 % 5)::int4 AS c4, (1 + h / 17 % 5)::int8 AS c8,
       (1 + h / 19 % 7)::int2 AS e2, (1 + h / 23 % 7)::int4 AS e4, (1 + h / 29 % 7)::int8 AS e8,
       ARRAY[base + h / 31 % 2, base + h / 37 % 3, base + h / 41 % 2, base + h / 43 % 3]::float8[] AS items,
       (0.6 * d1 + 0.3 * d2 + (h / 47 % 5))::float8 AS outcome,
       ARRAY[d1, d2, d3]::float8[] AS dims
FROM generate_series(1, 3000) c, generate_series(0, 1) j,
     LATERAL (SELECT (c * 2654435761 + j * 40503) % 1000003 AS h) hh,
     LATERAL (SELECT 1 + hh.h % 5 AS base, 1 + hh.h / 53 % 10 AS d1, 1 + hh.h / 59 % 10 AS d2,
                     1 + (hh.h / 61 + c) % 10 AS d3) b;

CREATE TABLE subscriptions_local AS
WITH life AS (
    SELECT c, least(10, floor(ln(((c * 104729) % 997 + 0.5) / 997)
                              / ln(1 - (0.08 + 0.4 * ((c * 7919) % 1000) / 1000.0))))::int AS l
    FROM generate_series(1, 3000) c)
SELECT c AS customer_id, CASE WHEN c % 3 = 0 THEN 'south' ELSE 'north' END AS grp,
       CASE WHEN c % 2 = 0 THEN 'a' ELSE 'b' END AS arm, CASE WHEN c % 5 < 2 THEN 's1' ELSE 's2' END AS stratum,
       p AS period, 1::int8 AS active,
       CASE WHEN p = 0 THEN l + 0.5 * (c % 2) END::float8 AS duration, CASE WHEN p = 0 THEN l < 10 END AS event
FROM life, generate_series(0, l) p;

CREATE TABLE rq_local AS
SELECT c AS customer_id, CASE WHEN c % 3 = 0 THEN 'south' ELSE 'north' END AS grp,
       dim AS dimension, (1 + (c * 31 + k * 7) % 7)::float8 AS score, 1::float8 AS scale_min, 7::float8 AS scale_max
FROM generate_series(1, 3000) c,
     unnest(ARRAY['trust', 'communication', 'respect', 'fairness', 'honesty', 'seriousness',
                  'recognition', 'commitment', 'engagement']) WITH ORDINALITY d(dim, k)
WHERE (c + k) % 4 <> 0;
" || exit 1

for t in summaries transactions answers subscriptions rq; do
    on_coord "SET client_min_messages = warning;
        CREATE TABLE $t (LIKE ${t}_local);
        SELECT create_distributed_table('$t', 'customer_id');
        INSERT INTO $t SELECT * FROM ${t}_local;
        ANALYZE $t; ANALYZE ${t}_local;" >/dev/null || exit 1
done

# Stored states, one row per customer (per cohort for the survivors arrays): what the _merge
# aggregates, km_merge, km_logrank and sbg_compare read. The distributed ones are computed on the
# workers (INSERT ... SELECT grouped by the distribution column), the local ones on one node.
states_sql() {   # states_sql SUFFIX
    local s=$1
    echo "
INSERT INTO states$s (customer_id, grp, rfm, hold, eng)
SELECT customer_id, grp, rfm_summary_state(ts, amount, $AS_OF, interval '7 days'),
       rfm_holdout_state(ts, amount, TIMESTAMPTZ '2024-09-30 00:00+00', $AS_OF, interval '7 days'),
       engagement_state(ts, amount, interval '90 days', $AS_OF)
FROM transactions$s GROUP BY customer_id, grp;
INSERT INTO states$s (customer_id, grp, nps, csat, ces, alpha, alpha_s, kd)
SELECT customer_id, grp, nps_state(s4), csat_state(c4), ces_state(e4), cronbach_alpha_state(items),
       cronbach_alpha_summary_state(items), key_drivers_state(outcome, dims)
FROM answers$s GROUP BY customer_id, grp;
INSERT INTO states$s (customer_id, grp, bg, gg, pnbd, bgbb)
SELECT customer_id, grp, bgnbd_fit_state(frequency, recency, t), gamma_gamma_fit_state(frequency, monetary),
       pareto_nbd_fit_state(frequency, recency, t), bgbb_fit_state(bb_frequency, bb_recency, bb_n)
FROM summaries$s GROUP BY customer_id, grp;
INSERT INTO states$s (customer_id, grp, arm, stratum, sbg, km, coh)
SELECT customer_id, grp, min(arm), min(stratum), sbg_fit_state(period, active),
       kaplan_meier(duration, event), cohort_activity_state(customer_id, period)
FROM subscriptions$s GROUP BY customer_id, grp;
INSERT INTO states$s (customer_id, grp, rq)
SELECT customer_id, grp, relationship_quality_state(dimension, score, scale_min, scale_max)
FROM rq$s GROUP BY customer_id, grp;
-- 40 cohorts' survivors (sBG survival B(a, b + t) / B(a, b) of two segments, 6 to 9 periods)
INSERT INTO states$s (customer_id, grp, seg, surv)
SELECT 100000 + k, CASE WHEN k / 2 % 2 = 0 THEN 'north' ELSE 'south' END,
       CASE WHEN k % 2 = 0 THEN 'a' ELSE 'b' END,
       ARRAY(SELECT round((500 + 10 * k) * exp(sum(CASE WHEN i < 0 THEN 0 ELSE ln((b + i) / (a + b + i)) END)
                                                OVER (ORDER BY i)))
             FROM (SELECT -1 AS i UNION ALL SELECT generate_series(0, 4 + k % 4)) ii
             ORDER BY i)::float8[]
FROM generate_series(1, 40) k,
     LATERAL (SELECT CASE WHEN k % 2 = 0 THEN 1.0 ELSE 1.5 END AS a,
                     CASE WHEN k % 2 = 0 THEN 3.0 ELSE 2.0 END AS b) ab;
ANALYZE states$s;"
}
STATES_DEF="(customer_id int8, grp text, seg text, arm text, stratum text,
    rfm cr_rfm_state, hold cr_rfm_holdout_state, nps bytea, csat bytea, ces bytea,
    bg bytea, gg bytea, pnbd bytea, bgbb bytea, sbg bytea, km cr_km_curve, coh bytea, rq bytea,
    alpha float8[], alpha_s float8[], eng float8[], kd float8[], surv float8[])"
on_coord "SET client_min_messages = warning;
    CREATE TABLE states_local $STATES_DEF;
    CREATE TABLE states $STATES_DEF;
    SELECT create_distributed_table('states', 'customer_id');" >/dev/null || exit 1
on_coord "$(states_sql _local)" || exit 1
on_coord "$(states_sql "")" || exit 1

check "the distributed tables are distributed on customer_id, 4 shards each" \
    "$(on_coord "SELECT string_agg(table_name || ':' || distribution_column || ':' || shard_count, ',' ORDER BY table_name::text)
                 FROM citus_tables")" \
    "answers:customer_id:4,rq:customer_id:4,states:customer_id:4,subscriptions:customer_id:4,summaries:customer_id:4,transactions:customer_id:4"
check "the shards are on both workers" \
    "$(on_coord "SELECT string_agg(DISTINCT nodeport::text, ',' ORDER BY nodeport::text) FROM citus_shards")" \
    "$(printf '%s\n' "$W1_PORT" "$W2_PORT" | sort | paste -sd, -)"
check "distributed rows = local rows (summaries, transactions, answers, subscriptions, rq, states)" \
    "$(on_coord "SELECT (SELECT count(*) FROM summaries) || ',' || (SELECT count(*) FROM transactions) || ',' ||
                        (SELECT count(*) FROM answers) || ',' || (SELECT count(*) FROM subscriptions) || ',' ||
                        (SELECT count(*) FROM rq) || ',' || (SELECT count(*) FROM states)")" \
    "$(on_coord "SELECT (SELECT count(*) FROM summaries_local) || ',' || (SELECT count(*) FROM transactions_local) || ',' ||
                        (SELECT count(*) FROM answers_local) || ',' || (SELECT count(*) FROM subscriptions_local) || ',' ||
                        (SELECT count(*) FROM rq_local) || ',' || (SELECT count(*) FROM states_local)")"

# ---- the checking machinery (on the coordinator) -------------------------------------------------
on_coord "
-- Every number of a and b within tol relative (both 0 counts as equal), the rest of the text equal.
CREATE FUNCTION cr_close(a text, b text, tol float8) RETURNS boolean LANGUAGE plpgsql AS \$\$
DECLARE
    re constant text := '-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?';
    na float8[]; nb float8[];
BEGIN
    IF a IS NOT DISTINCT FROM b THEN RETURN true; END IF;
    IF a IS NULL OR b IS NULL THEN RETURN false; END IF;
    IF regexp_replace(a, re, '#', 'g') <> regexp_replace(b, re, '#', 'g') THEN RETURN false; END IF;
    na := ARRAY(SELECT m[1]::float8 FROM regexp_matches(a, '(' || re || ')', 'g') m);
    nb := ARRAY(SELECT m[1]::float8 FROM regexp_matches(b, '(' || re || ')', 'g') m);
    RETURN NOT EXISTS (SELECT 1 FROM unnest(na, nb) u(x, y)
                       WHERE abs(x - y) > tol * greatest(abs(x), abs(y)));
END \$\$;
-- The plan's text.
CREATE FUNCTION cr_plan(q text) RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE line text; res text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP res := res || line || E'\n'; END LOOP;
    RETURN res;
END \$\$;
-- One aggregate: its call expr over table tbl, compared through view (an expression of x).
-- Returns 'pushed-grouped|pushed-ungrouped|equal-grouped|equal-ungrouped|detail'.
CREATE FUNCTION cr_check(qsig text, tbl text, expr text, vw text) RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE
    qg text := format('SELECT grp AS g, %s AS x FROM %%I GROUP BY grp', expr);
    qu text := format('SELECT %s AS x FROM %%I', expr);
    cmp text := format('SELECT string_agg(g || ''='' || coalesce((%s)::text, ''NULL''), E''\n'' ORDER BY g) FROM (%%s) q', vw);
    pg text; pu text; dg text; lg text; du text; lu text;
    want text := 'worker_partial_agg(''' || qsig || '''::regprocedure';
    detail text := '';
BEGIN
    BEGIN
        pg := cr_plan(format(qg, tbl));
        pu := cr_plan(format(qu, tbl));
        EXECUTE format(cmp, format(qg, tbl)) INTO dg;
        EXECUTE format(cmp, format(qg, tbl || '_local')) INTO lg;
        EXECUTE format(cmp, format('SELECT ''all''::text AS g, x FROM (' || qu || ') u', tbl)) INTO du;
        EXECUTE format(cmp, format('SELECT ''all''::text AS g, x FROM (' || qu || ') u', tbl || '_local')) INTO lu;
    EXCEPTION WHEN OTHERS THEN
        RETURN 'f|f|f|f|error: ' || SQLERRM;
    END;
    IF NOT cr_close(dg, lg, 1e-9) THEN detail := detail || ' grouped: ' || coalesce(dg, 'NULL') || ' vs ' || coalesce(lg, 'NULL'); END IF;
    IF NOT cr_close(du, lu, 1e-9) THEN detail := detail || ' ungrouped: ' || coalesce(du, 'NULL') || ' vs ' || coalesce(lu, 'NULL'); END IF;
    IF position('coord_combine_agg(' IN pg) = 0 OR position(want IN pg) = 0 THEN
        detail := detail || ' grouped plan: ' || coalesce(substring(pg FROM 'Query: [^\n]*'), '?');
    END IF;
    RETURN concat_ws('|', position('coord_combine_agg(' IN pg) > 0 AND position(want IN pg) > 0,
                          position('coord_combine_agg(' IN pu) > 0 AND position(want IN pu) > 0,
                          dg IS NOT NULL AND cr_close(dg, lg, 1e-9), du IS NOT NULL AND cr_close(du, lu, 1e-9),
                          left(detail, 600));
END \$\$;
-- The aggregates of the installed extension, with their signature as Citus prints it (search_path '').
CREATE TABLE cr_aggs AS
SELECT p.oid AS agg, p.oid::regprocedure::text AS sig, NULL::text AS qsig, a.aggtranstype::regtype::text AS state_type
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_rel';
SET search_path = '';
UPDATE public.cr_aggs SET qsig = agg::pg_catalog.regprocedure::pg_catalog.text;
RESET search_path;
CREATE TABLE cr_cov (sig text, tbl text, expr text, vw text);
" >/dev/null || exit 1

# ---- coverage: every aggregate, how it is called, how its result is compared ---------------------
# sig | table | call | view of the result x that is compared (default: x itself)
# Fits compare parameters, log-likelihood and convergence; states whose bytes hold float sums are
# compared through their merge (same meaning, sums to 1e-9); the other states byte for byte.
BG='row((x).r, (x).alpha, (x).a, (x).b, (x).loglik, (x).converged)'
PN='row((x).r, (x).alpha, (x).s, (x).beta, (x).loglik, (x).converged)'
GG='row((x).p, (x).q, (x).v, (x).loglik, (x).converged)'
BB='row((x).alpha, (x).beta, (x).gamma, (x).delta, (x).loglik, (x).converged)'
SB='row((x).alpha, (x).beta, (x).loglik, (x).converged)'
DG='row((x).model, (x).estimates, (x).loglik, (x).converged)'
BGC='row((x).r, (x).alpha, (x).a, (x).b, (x).gamma_purchase, (x).gamma_dropout, (x).loglik, (x).converged)'
PNC='row((x).r, (x).alpha, (x).s, (x).beta, (x).gamma_purchase, (x).gamma_dropout, (x).loglik, (x).converged)'
SC='row((x).lr_statistic, (x).df, (x).loglik_separate, (x).loglik_pooled, (x).groups)'
merged() { echo "(SELECT $1(y) FROM (VALUES (x)) v(y))"; }
A="$AS_OF"; AL="TIMESTAMP '2024-12-31'"; AD="DATE '2024-12-31'"
C="TIMESTAMPTZ '2024-09-30 00:00+00'"; CL="TIMESTAMP '2024-09-30'"; CD="DATE '2024-09-30'"
W="interval '7 days'"; H="interval '90 days'"
BGM="bgnbd_model(0.243, 4.414, 0.793, 2.426)"; PNM="pareto_nbd_model(0.55, 10.58, 0.61, 11.67)"
RQW="'{\"trust\": 3, \"communication\": 1, \"respect\": 1, \"fairness\": 2, \"honesty\": 1, \"seriousness\": 0.5, \"recognition\": 1, \"commitment\": 2, \"engagement\": 1}'::jsonb"
COVERAGE="
rfm_summary(timestamp with time zone,double precision,timestamp with time zone) | transactions | rfm_summary(ts, amount, $A) | x
rfm_summary(timestamp with time zone,double precision,timestamp with time zone,interval) | transactions | rfm_summary(ts, amount, $A, $W) | x
rfm_summary(timestamp without time zone,double precision,timestamp without time zone) | transactions | rfm_summary(ts_local, amount, $AL) | x
rfm_summary(timestamp without time zone,double precision,timestamp without time zone,interval) | transactions | rfm_summary(ts_local, amount, $AL, $W) | x
rfm_summary(date,double precision,date) | transactions | rfm_summary(day, amount, $AD) | x
rfm_summary(date,double precision,date,interval) | transactions | rfm_summary(day, amount, $AD, $W) | x
rfm_summary_state(timestamp with time zone,double precision,timestamp with time zone) | transactions | rfm_summary_state(ts, amount, $A) | $(merged rfm_summary_merge)
rfm_summary_state(timestamp with time zone,double precision,timestamp with time zone,interval) | transactions | rfm_summary_state(ts, amount, $A, $W) | $(merged rfm_summary_merge)
rfm_summary_state(timestamp without time zone,double precision,timestamp without time zone) | transactions | rfm_summary_state(ts_local, amount, $AL) | $(merged rfm_summary_merge)
rfm_summary_state(timestamp without time zone,double precision,timestamp without time zone,interval) | transactions | rfm_summary_state(ts_local, amount, $AL, $W) | $(merged rfm_summary_merge)
rfm_summary_state(date,double precision,date) | transactions | rfm_summary_state(day, amount, $AD) | $(merged rfm_summary_merge)
rfm_summary_state(date,double precision,date,interval) | transactions | rfm_summary_state(day, amount, $AD, $W) | $(merged rfm_summary_merge)
rfm_summary_merge(cr_rfm_state) | states | rfm_summary_merge(rfm) | x
rfm_holdout(timestamp with time zone,double precision,timestamp with time zone,timestamp with time zone) | transactions | rfm_holdout(ts, amount, $C, $A) | x
rfm_holdout(timestamp with time zone,double precision,timestamp with time zone,timestamp with time zone,interval) | transactions | rfm_holdout(ts, amount, $C, $A, $W) | x
rfm_holdout(timestamp without time zone,double precision,timestamp without time zone,timestamp without time zone) | transactions | rfm_holdout(ts_local, amount, $CL, $AL) | x
rfm_holdout(timestamp without time zone,double precision,timestamp without time zone,timestamp without time zone,interval) | transactions | rfm_holdout(ts_local, amount, $CL, $AL, $W) | x
rfm_holdout(date,double precision,date,date) | transactions | rfm_holdout(day, amount, $CD, $AD) | x
rfm_holdout(date,double precision,date,date,interval) | transactions | rfm_holdout(day, amount, $CD, $AD, $W) | x
rfm_holdout_state(timestamp with time zone,double precision,timestamp with time zone,timestamp with time zone) | transactions | rfm_holdout_state(ts, amount, $C, $A) | $(merged rfm_holdout_merge)
rfm_holdout_state(timestamp with time zone,double precision,timestamp with time zone,timestamp with time zone,interval) | transactions | rfm_holdout_state(ts, amount, $C, $A, $W) | $(merged rfm_holdout_merge)
rfm_holdout_state(timestamp without time zone,double precision,timestamp without time zone,timestamp without time zone) | transactions | rfm_holdout_state(ts_local, amount, $CL, $AL) | $(merged rfm_holdout_merge)
rfm_holdout_state(timestamp without time zone,double precision,timestamp without time zone,timestamp without time zone,interval) | transactions | rfm_holdout_state(ts_local, amount, $CL, $AL, $W) | $(merged rfm_holdout_merge)
rfm_holdout_state(date,double precision,date,date) | transactions | rfm_holdout_state(day, amount, $CD, $AD) | $(merged rfm_holdout_merge)
rfm_holdout_state(date,double precision,date,date,interval) | transactions | rfm_holdout_state(day, amount, $CD, $AD, $W) | $(merged rfm_holdout_merge)
rfm_holdout_merge(cr_rfm_holdout_state) | states | rfm_holdout_merge(hold) | x
engagement(timestamp with time zone,double precision,interval,timestamp with time zone) | transactions | engagement(ts, amount, $H, $A) | x
engagement(timestamp without time zone,double precision,interval,timestamp without time zone) | transactions | engagement(ts_local, amount, $H, $AL) | x
engagement(date,double precision,interval,date) | transactions | engagement(day, amount, $H, $AD) | x
engagement_state(timestamp with time zone,double precision,interval,timestamp with time zone) | transactions | engagement_state(ts, amount, $H, $A) | x
engagement_state(timestamp without time zone,double precision,interval,timestamp without time zone) | transactions | engagement_state(ts_local, amount, $H, $AL) | x
engagement_state(date,double precision,interval,date) | transactions | engagement_state(day, amount, $H, $AD) | x
engagement_merge(double precision[]) | states | engagement_merge(eng) | x
nps(smallint) | answers | nps(s2) | x
nps(integer) | answers | nps(s4) | x
nps(bigint) | answers | nps(s8) | x
nps_summary(smallint) | answers | nps_summary(s2) | x
nps_summary(integer) | answers | nps_summary(s4) | x
nps_summary(bigint) | answers | nps_summary(s8) | x
nps_state(smallint) | answers | nps_state(s2) | x
nps_state(integer) | answers | nps_state(s4) | x
nps_state(bigint) | answers | nps_state(s8) | x
nps_merge(bytea) | states | nps_merge(nps) | x
csat(smallint) | answers | csat(c2) | x
csat(integer) | answers | csat(c4) | x
csat(bigint) | answers | csat(c8) | x
csat(smallint,integer) | answers | csat(c2, 5) | x
csat(integer,integer) | answers | csat(c4, 5) | x
csat(bigint,integer) | answers | csat(c8, 5) | x
csat_state(smallint) | answers | csat_state(c2) | x
csat_state(integer) | answers | csat_state(c4) | x
csat_state(bigint) | answers | csat_state(c8) | x
csat_state(smallint,integer) | answers | csat_state(c2, 5) | x
csat_state(integer,integer) | answers | csat_state(c4, 5) | x
csat_state(bigint,integer) | answers | csat_state(c8, 5) | x
csat_merge(bytea) | states | csat_merge(csat) | x
ces(smallint) | answers | ces(e2) | x
ces(integer) | answers | ces(e4) | x
ces(bigint) | answers | ces(e8) | x
ces(smallint,integer) | answers | ces(e2, 7) | x
ces(integer,integer) | answers | ces(e4, 7) | x
ces(bigint,integer) | answers | ces(e8, 7) | x
ces_state(smallint) | answers | ces_state(e2) | x
ces_state(integer) | answers | ces_state(e4) | x
ces_state(bigint) | answers | ces_state(e8) | x
ces_state(smallint,integer) | answers | ces_state(e2, 7) | x
ces_state(integer,integer) | answers | ces_state(e4, 7) | x
ces_state(bigint,integer) | answers | ces_state(e8, 7) | x
ces_merge(bytea) | states | ces_merge(ces) | x
cronbach_alpha(double precision[]) | answers | cronbach_alpha(items) | x
cronbach_alpha_summary(double precision[]) | answers | cronbach_alpha_summary(items) | x
cronbach_alpha_state(double precision[]) | answers | cronbach_alpha_state(items) | x
cronbach_alpha_summary_state(double precision[]) | answers | cronbach_alpha_summary_state(items) | x
cronbach_alpha_merge(double precision[]) | states | cronbach_alpha_merge(alpha) | x
cronbach_alpha_summary_merge(double precision[]) | states | cronbach_alpha_summary_merge(alpha_s) | x
key_drivers(double precision,double precision[]) | answers | key_drivers(outcome, dims) | x
key_drivers_state(double precision,double precision[]) | answers | key_drivers_state(outcome, dims) | x
key_drivers_merge(double precision[]) | states | key_drivers_merge(kd) | x
relationship_quality(text,double precision,double precision,double precision) | rq | relationship_quality(dimension, score, scale_min, scale_max) | x
relationship_quality(text,double precision,double precision,double precision,jsonb) | rq | relationship_quality(dimension, score, scale_min, scale_max, $RQW) | x
relationship_quality_state(text,double precision,double precision,double precision) | rq | relationship_quality_state(dimension, score, scale_min, scale_max) | $(merged relationship_quality_merge)
relationship_quality_state(text,double precision,double precision,double precision,jsonb) | rq | relationship_quality_state(dimension, score, scale_min, scale_max, $RQW) | $(merged relationship_quality_merge)
relationship_quality_merge(bytea) | states | relationship_quality_merge(rq) | x
relationship_continuity(boolean,double precision,double precision) | summaries | relationship_continuity(frequency > 0, 1 / (1 + recency / 40), monetary) | x
relationship_continuity(boolean,double precision,double precision,double precision,double precision,double precision,double precision) | summaries | relationship_continuity(frequency > 0, 1 / (1 + recency / 40), monetary, 50 + weight * 10, 55 + weight * 5, weight * 3, weight * 2) | x
bgnbd_fit(double precision,double precision,double precision) | summaries | bgnbd_fit(frequency, recency, t) | $BG
bgnbd_fit(double precision,double precision,double precision,double precision) | summaries | bgnbd_fit(frequency, recency, t, weight) | $BG
bgnbd_fit(cr_rfm) | summaries | bgnbd_fit(rfm) | $BG
bgnbd_fit(double precision,double precision,double precision,double precision[],double precision[]) | summaries | bgnbd_fit(frequency, recency, t, zp, zd) | $BGC
bgnbd_fit_state(double precision,double precision,double precision) | summaries | bgnbd_fit_state(frequency, recency, t) | x
bgnbd_fit_state(double precision,double precision,double precision,double precision) | summaries | bgnbd_fit_state(frequency, recency, t, weight) | x
bgnbd_fit_state(cr_rfm) | summaries | bgnbd_fit_state(rfm) | x
bgnbd_fit_merge(bytea) | states | bgnbd_fit_merge(bg) | $BG
bgnbd_fit_diagnostics(double precision,double precision,double precision) | summaries | bgnbd_fit_diagnostics(frequency, recency, t) | $DG
bgnbd_fit_diagnostics(double precision,double precision,double precision,double precision) | summaries | bgnbd_fit_diagnostics(frequency, recency, t, weight) | $DG
bgnbd_fit_diagnostics(cr_rfm) | summaries | bgnbd_fit_diagnostics(rfm) | $DG
mbgnbd_fit(double precision,double precision,double precision) | summaries | mbgnbd_fit(frequency, recency, t) | $BG
mbgnbd_fit(double precision,double precision,double precision,double precision) | summaries | mbgnbd_fit(frequency, recency, t, weight) | $BG
mbgnbd_fit(cr_rfm) | summaries | mbgnbd_fit(rfm) | $BG
mbgnbd_fit_state(double precision,double precision,double precision) | summaries | mbgnbd_fit_state(frequency, recency, t) | x
mbgnbd_fit_state(double precision,double precision,double precision,double precision) | summaries | mbgnbd_fit_state(frequency, recency, t, weight) | x
mbgnbd_fit_state(cr_rfm) | summaries | mbgnbd_fit_state(rfm) | x
mbgnbd_fit_merge(bytea) | states | mbgnbd_fit_merge(bg) | $BG
mbgnbd_fit_diagnostics(double precision,double precision,double precision) | summaries | mbgnbd_fit_diagnostics(frequency, recency, t) | $DG
mbgnbd_fit_diagnostics(double precision,double precision,double precision,double precision) | summaries | mbgnbd_fit_diagnostics(frequency, recency, t, weight) | $DG
mbgnbd_fit_diagnostics(cr_rfm) | summaries | mbgnbd_fit_diagnostics(rfm) | $DG
gamma_gamma_fit(double precision,double precision) | summaries | gamma_gamma_fit(frequency, monetary) | $GG
gamma_gamma_fit(double precision,double precision,double precision) | summaries | gamma_gamma_fit(frequency, monetary, weight) | $GG
gamma_gamma_fit(cr_rfm) | summaries | gamma_gamma_fit(rfm) | $GG
gamma_gamma_fit_state(double precision,double precision) | summaries | gamma_gamma_fit_state(frequency, monetary) | x
gamma_gamma_fit_state(double precision,double precision,double precision) | summaries | gamma_gamma_fit_state(frequency, monetary, weight) | x
gamma_gamma_fit_state(cr_rfm) | summaries | gamma_gamma_fit_state(rfm) | x
gamma_gamma_fit_merge(bytea) | states | gamma_gamma_fit_merge(gg) | $GG
gamma_gamma_fit_diagnostics(double precision,double precision) | summaries | gamma_gamma_fit_diagnostics(frequency, monetary) | $DG
gamma_gamma_fit_diagnostics(double precision,double precision,double precision) | summaries | gamma_gamma_fit_diagnostics(frequency, monetary, weight) | $DG
gamma_gamma_fit_diagnostics(cr_rfm) | summaries | gamma_gamma_fit_diagnostics(rfm) | $DG
pareto_nbd_fit(double precision,double precision,double precision) | summaries | pareto_nbd_fit(frequency, recency, t) | $PN
pareto_nbd_fit(double precision,double precision,double precision,double precision) | summaries | pareto_nbd_fit(frequency, recency, t, weight) | $PN
pareto_nbd_fit(cr_rfm) | summaries | pareto_nbd_fit(rfm) | $PN
pareto_nbd_fit(double precision,double precision,double precision,double precision[],double precision[]) | summaries | pareto_nbd_fit(frequency, recency, t, zp, zd) | $PNC
pareto_nbd_fit_state(double precision,double precision,double precision) | summaries | pareto_nbd_fit_state(frequency, recency, t) | x
pareto_nbd_fit_state(double precision,double precision,double precision,double precision) | summaries | pareto_nbd_fit_state(frequency, recency, t, weight) | x
pareto_nbd_fit_state(cr_rfm) | summaries | pareto_nbd_fit_state(rfm) | x
pareto_nbd_fit_merge(bytea) | states | pareto_nbd_fit_merge(pnbd) | $PN
pareto_nbd_fit_diagnostics(double precision,double precision,double precision) | summaries | pareto_nbd_fit_diagnostics(frequency, recency, t) | $DG
pareto_nbd_fit_diagnostics(double precision,double precision,double precision,double precision) | summaries | pareto_nbd_fit_diagnostics(frequency, recency, t, weight) | $DG
pareto_nbd_fit_diagnostics(cr_rfm) | summaries | pareto_nbd_fit_diagnostics(rfm) | $DG
bgnbd_newton_stats(double precision,double precision,double precision,cr_bgnbd_model) | summaries | bgnbd_newton_stats(frequency, recency, t, $BGM) | x
bgnbd_newton_stats(double precision,double precision,double precision,double precision,cr_bgnbd_model) | summaries | bgnbd_newton_stats(frequency, recency, t, weight, $BGM) | x
pareto_nbd_newton_stats(double precision,double precision,double precision,cr_pareto_nbd_model) | summaries | pareto_nbd_newton_stats(frequency, recency, t, $PNM) | x
pareto_nbd_newton_stats(double precision,double precision,double precision,double precision,cr_pareto_nbd_model) | summaries | pareto_nbd_newton_stats(frequency, recency, t, weight, $PNM) | x
bgbb_fit(bigint,bigint,bigint) | summaries | bgbb_fit(bb_frequency, bb_recency, bb_n) | $BB
bgbb_fit(bigint,bigint,bigint,double precision) | summaries | bgbb_fit(bb_frequency, bb_recency, bb_n, weight) | $BB
bgbb_fit_state(bigint,bigint,bigint) | summaries | bgbb_fit_state(bb_frequency, bb_recency, bb_n) | x
bgbb_fit_state(bigint,bigint,bigint,double precision) | summaries | bgbb_fit_state(bb_frequency, bb_recency, bb_n, weight) | x
bgbb_fit_merge(bytea) | states | bgbb_fit_merge(bgbb) | $BB
bgbb_fit_diagnostics(bigint,bigint,bigint) | summaries | bgbb_fit_diagnostics(bb_frequency, bb_recency, bb_n) | $DG
bgbb_fit_diagnostics(bigint,bigint,bigint,double precision) | summaries | bgbb_fit_diagnostics(bb_frequency, bb_recency, bb_n, weight) | $DG
sbg_fit(integer,bigint) | subscriptions | sbg_fit(period, active) | $SB
sbg_fit_state(integer,bigint) | subscriptions | sbg_fit_state(period, active) | x
sbg_fit_merge(bytea) | states | sbg_fit_merge(sbg) | $SB
sbg_fit_diagnostics(integer,bigint) | subscriptions | sbg_fit_diagnostics(period, active) | $DG
sbg_compare(text,double precision[]) | states | sbg_compare(seg, surv) | $SC
kaplan_meier(double precision,boolean) | subscriptions | kaplan_meier(duration, event) | x
km_merge(cr_km_curve) | states | km_merge(km) | x
logrank_test(double precision,boolean,text) | subscriptions | logrank_test(duration, event, arm) | x
logrank_test(double precision,boolean,text,text) | subscriptions | logrank_test(duration, event, arm, stratum) | x
km_logrank(text,cr_km_curve) | states | km_logrank(arm, km) | x
km_logrank(text,text,cr_km_curve) | states | km_logrank(arm, stratum, km) | x
cohort_activity(bigint,integer) | subscriptions | cohort_activity(customer_id, period) | x
cohort_activity(text,integer) | subscriptions | cohort_activity(customer_id::text, period) | x
cohort_activity(uuid,integer) | subscriptions | cohort_activity(md5(customer_id::text)::uuid, period) | x
cohort_survivors(bigint,integer) | subscriptions | cohort_survivors(customer_id, period) | x
cohort_survivors(text,integer) | subscriptions | cohort_survivors(customer_id::text, period) | x
cohort_survivors(uuid,integer) | subscriptions | cohort_survivors(md5(customer_id::text)::uuid, period) | x
cohort_activity_state(bigint,integer) | subscriptions | cohort_activity_state(customer_id, period) | x
cohort_activity_state(text,integer) | subscriptions | cohort_activity_state(customer_id::text, period) | x
cohort_activity_state(uuid,integer) | subscriptions | cohort_activity_state(md5(customer_id::text)::uuid, period) | x
cohort_survivors_state(bigint,integer) | subscriptions | cohort_survivors_state(customer_id, period) | x
cohort_survivors_state(text,integer) | subscriptions | cohort_survivors_state(customer_id::text, period) | x
cohort_survivors_state(uuid,integer) | subscriptions | cohort_survivors_state(md5(customer_id::text)::uuid, period) | x
cohort_activity_merge(bytea) | states | cohort_activity_merge(coh) | x
cohort_survivors_merge(bytea) | states | cohort_survivors_merge(coh) | x
"
cov_sql=""
while IFS= read -r line; do
    [ -z "$line" ] && continue
    IFS='|' read -r sig tbl expr vw <<<"$line"
    cov_sql+="INSERT INTO cr_cov VALUES (btrim(\$q\$$sig\$q\$), btrim(\$q\$$tbl\$q\$), btrim(\$q\$$expr\$q\$), btrim(\$q\$$vw\$q\$));"$'\n'
done <<<"$COVERAGE"
on_coord "$cov_sql" || exit 1

# Each line calls the aggregate it names: the view over the local table depends on exactly that
# aggregate (pg_depend), so a line cannot silently test an overload other than its own.
miscalled=$(on_coord "
SET client_min_messages = error;
DO \$\$
DECLARE c record; ok boolean;
BEGIN
    CREATE TEMP TABLE cr_miscalled (sig text);
    FOR c IN SELECT * FROM cr_cov LOOP
        EXECUTE format('CREATE TEMP VIEW cr_v AS SELECT %s AS x FROM %I', c.expr, c.tbl || '_local');
        SELECT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                       WHERE r.ev_class = 'cr_v'::regclass AND d.refclassid = 'pg_proc'::regclass
                         AND d.refobjid = to_regprocedure(c.sig)) INTO ok;
        IF NOT coalesce(ok, false) THEN INSERT INTO cr_miscalled VALUES (c.sig); END IF;
        DROP VIEW cr_v;
    END LOOP;
END \$\$;
SELECT coalesce(string_agg(sig, '; '), 'none') FROM cr_miscalled;")
n_aggs=$(on_coord "SELECT count(*) FROM cr_aggs")
check "coverage: every aggregate of customer_rel ($n_aggs) has a line here (missing: listed)" \
    "$(on_coord "SELECT coalesce(string_agg(sig, '; ' ORDER BY sig), 'none') FROM cr_aggs WHERE sig NOT IN (SELECT sig FROM cr_cov)")" "none"
check "coverage: every line names an aggregate of customer_rel, once (unknown or repeated: listed)" \
    "$(on_coord "SELECT coalesce(string_agg(sig || ' x' || n, '; '), 'none') FROM (
                   SELECT sig, count(*) AS n FROM cr_cov GROUP BY sig) c
                 WHERE n > 1 OR sig NOT IN (SELECT sig FROM cr_aggs)")" "none"
check "coverage: every line calls the aggregate it names (else: listed)" "$miscalled" "none"

# The fits compared below reach their maximum on this data (grouped and ungrouped), so equal
# results mean equal optima, not equal failures.
check "the fits converge on the single-node data, grouped and ungrouped (else: listed)" \
    "$(on_coord "SET client_min_messages = error;
        DO \$\$
        DECLARE c record; ok boolean;
        BEGIN
            CREATE TEMP TABLE cr_unconverged (sig text);
            FOR c IN SELECT * FROM cr_cov WHERE vw LIKE '%(x).converged%' LOOP
                EXECUTE format('SELECT bool_and((x).converged) FROM (SELECT %s AS x FROM %I GROUP BY grp
                                UNION ALL SELECT %s FROM %I) q', c.expr, c.tbl || '_local', c.expr, c.tbl || '_local') INTO ok;
                IF NOT coalesce(ok, false) THEN INSERT INTO cr_unconverged VALUES (c.sig); END IF;
            END LOOP;
        END \$\$;
        SELECT coalesce(string_agg(sig, '; '), 'none') FROM cr_unconverged")" "none"

# ---- (a) and (b) for every aggregate --------------------------------------------------------------
echo "# (a) = EXPLAIN (VERBOSE) on the coordinator shows worker_partial_agg(<the aggregate>) and coord_combine_agg"
echo "#       grouped by grp (not the distribution column) and ungrouped"
echo "# (b) = grouped and ungrouped results = single node (local tables), numbers to 1e-9 relative"
results=$(on_coord "SELECT c.sig, a.state_type, cr_check(a.qsig, c.tbl, c.expr, c.vw)
                    FROM cr_cov c JOIN cr_aggs a USING (sig) ORDER BY a.state_type = 'internal', c.sig") || exit 1
pass_a=() fail_a=() pass_b=() fail_b=()
declare -A fail_a_by_state=()
while IFS='|' read -r sig st pg pu eg eu detail; do
    if [ "$pg|$pu" = "t|t" ]; then
        check "(a) $sig [state $st]: partial aggregation on the workers, grouped and ungrouped" ok ok
        pass_a+=("$sig")
    else
        check "(a) $sig [state $st]: partial aggregation on the workers, grouped and ungrouped" \
            "grouped=$pg ungrouped=$pu" "grouped=t ungrouped=t"
        fail_a+=("$sig")
        fail_a_by_state[$st]=$(( ${fail_a_by_state[$st]:-0} + 1 ))
    fi
    if [ "$eg|$eu" = "t|t" ]; then
        check "(b) $sig: distributed = single node, grouped and ungrouped" ok ok
        pass_b+=("$sig")
    else
        check "(b) $sig: distributed = single node, grouped and ungrouped" "grouped=$eg ungrouped=$eu" "grouped=t ungrouped=t"
        fail_b+=("$sig")
    fi
    [ -n "$detail" ] && [ "$pg|$pu|$eg|$eu" != "t|t|t|t" ] && echo "#   $detail"
done <<<"$results"
echo "# (a) passed for ${#pass_a[@]}, failed for ${#fail_a[@]} aggregates; (b) passed for ${#pass_b[@]}, failed for ${#fail_b[@]}"
if [ ${#fail_a[@]} -gt 0 ]; then
    echo "# not partially aggregated on the workers (state type: count):"
    for st in "${!fail_a_by_state[@]}"; do echo "#   $st: ${fail_a_by_state[$st]}"; done
fi

# An example plan, for the log.
echo "# EXPLAIN (VERBOSE) of nps(s4) grouped by grp:"
on_coord "EXPLAIN (VERBOSE, COSTS OFF) SELECT grp, nps(s4) FROM answers GROUP BY grp" | sed 's/^/#   /'

# ---- end to end: transactions -> RFM per customer -> fits -> scores, on the distributed tables ----
RFM_PER_CUSTOMER="SELECT customer_id, rfm_summary(ts, amount, $AS_OF, interval '7 days') AS r FROM %s GROUP BY customer_id"
FITS="SELECT bgnbd_fit(r) AS bg, gamma_gamma_fit(r) AS gg FROM ($RFM_PER_CUSTOMER) s"
plan=$(on_coord "EXPLAIN (VERBOSE, COSTS OFF) $(printf "$FITS" transactions)")
echo "# EXPLAIN (VERBOSE) of the fits over rfm_summary per customer:"
echo "$plan" | sed 's/^/#   /'
check "end to end: rfm_summary grouped by customer runs whole on the workers" \
    "$(echo "$plan" | grep -c 'Query: .*public.rfm_summary(transactions.ts, .* GROUP BY transactions.customer_id')" "1"
check "end to end: bgnbd_fit and gamma_gamma_fit over the summaries are partially aggregated on the workers" \
    "$(echo "$plan" | grep -c "worker_partial_agg('public.bgnbd_fit(public.cr_rfm)'::regprocedure")|$(echo "$plan" | grep -c "worker_partial_agg('public.gamma_gamma_fit(public.cr_rfm)'::regprocedure")" "1|1"
E2E_CMP="SELECT round((bg).r::numeric, 9), round((bg).alpha::numeric, 9), round((bg).a::numeric, 9),
                round((bg).b::numeric, 9), (bg).loglik, (bg).converged,
                round((gg).p::numeric, 9), round((gg).q::numeric, 9), round((gg).v::numeric, 9), (gg).loglik, (gg).converged
         FROM ($FITS) f"
e2e_dist=$(on_coord "$(printf "$E2E_CMP" transactions)")
e2e_local=$(on_coord "$(printf "$E2E_CMP" transactions_local)")
check "end to end: the fits on the distributed tables = single node (1e-9 relative)" \
    "$(on_coord "SELECT cr_close(\$a\$$e2e_dist\$a\$, \$b\$$e2e_local\$b\$, 1e-9)")" "t"
echo "# BG/NBD and Gamma-Gamma from the transactions: $e2e_dist"
# Scoring: the models are computed once (a subplan), the per-customer scores on the workers.
SCORES="WITH m AS MATERIALIZED ($FITS)
SELECT count(*), sum(bgnbd_p_alive(m.bg, (s.r).frequency, (s.r).recency, (s.r).t)),
       sum(bgnbd_expected_purchases(m.bg, 52, (s.r).frequency, (s.r).recency, (s.r).t)),
       sum(gamma_gamma_expected_spend(m.gg, (s.r).frequency, (s.r).monetary)),
       sum(bgnbd_clv(m.bg, m.gg, (s.r).frequency, (s.r).recency, (s.r).t, (s.r).monetary, 12, 4.345, 0.01)),
       md5(string_agg(s.customer_id || ':' || round(bgnbd_p_alive(m.bg, (s.r).frequency, (s.r).recency, (s.r).t)::numeric, 9),
                      ',' ORDER BY s.customer_id))
FROM ($RFM_PER_CUSTOMER) s, m"
scores_dist=$(on_coord "$(printf "$SCORES" transactions transactions)")
scores_local=$(on_coord "$(printf "$SCORES" transactions_local transactions_local)")
check "end to end: scores of every customer (P(alive), expected purchases, spend, CLV) = single node" \
    "$(on_coord "SELECT cr_close(\$a\$$scores_dist\$a\$, \$b\$$scores_local\$b\$, 1e-9)")" "t"
echo "# customers | sum P(alive) | sum E[purchases, 52 weeks] | sum E[spend] | sum CLV | md5: $scores_dist"
plan=$(on_coord "EXPLAIN (VERBOSE, COSTS OFF) $(printf "$SCORES" transactions transactions)")
check "end to end: the scores are computed on the workers (bgnbd_p_alive in the workers' query)" \
    "$(echo "$plan" | grep -c 'Query: .*bgnbd_p_alive(' | sed 's/^[1-9][0-9]*$/some/')" "some"

# ---- the Newton-step fit: statistics summed on the workers, 4x4 steps on the coordinator -----------
newton_loop() {   # newton_loop bgnbd|pareto_nbd TABLE -> "r|alpha|a-or-s|b-or-beta|loglik|converged|scans"
    local m=$1 tbl=$2 mt
    [ "$m" = bgnbd ] && mt=cr_bgnbd_model || mt=cr_pareto_nbd_model
    on_coord "
CREATE TEMP TABLE newton_fit (m $mt, scans int);
DO \$\$
DECLARE
    m     $mt := (SELECT ${m}_fit(frequency, recency, t) FROM $tbl WHERE customer_id % 10 = 0);
    s     float8[] := (SELECT ${m}_newton_stats(frequency, recency, t, m) FROM $tbl);
    nxt   $mt;
    s_nxt float8[];
    scale float8 := 1;
    n_scans int := 1;
BEGIN
    LOOP
        nxt := ${m}_newton_step(m, s, scale);
        EXIT WHEN nxt.converged OR n_scans >= 50;
        s_nxt := (SELECT ${m}_newton_stats(frequency, recency, t, nxt) FROM $tbl);
        n_scans := n_scans + 1;
        IF (newton_stats(s_nxt)).loglik >= (newton_stats(s)).loglik
                                           - 1e-12 * abs((newton_stats(s)).loglik) THEN
            m := nxt; s := s_nxt; scale := 1;
        ELSE
            scale := scale / 2;
        END IF;
    END LOOP;
    INSERT INTO newton_fit VALUES (nxt, n_scans);
END \$\$;
SELECT concat_ws('|', (f).r, (f).alpha, $( [ "$m" = bgnbd ] && echo '(f).a, (f).b' || echo '(f).s, (f).beta'), (f).loglik, (f).converged, scans)
FROM newton_fit, LATERAL (SELECT m) x(f);"
}
for m in bgnbd pareto_nbd; do
    start=$(on_coord "SELECT ${m}_fit(frequency, recency, t) FROM summaries_local WHERE customer_id % 10 = 0")
    plan=$(on_coord "EXPLAIN (VERBOSE, COSTS OFF) SELECT ${m}_newton_stats(frequency, recency, t, '$start') FROM summaries")
    check "newton $m: ${m}_newton_stats runs on the workers (worker_partial_agg), the coordinator combines" \
        "$(echo "$plan" | grep -c "worker_partial_agg('public.${m}_newton_stats(")|$(echo "$plan" | grep -c 'coord_combine_agg(')" "1|1"
    dist=$(newton_loop "$m" summaries)
    local_=$(newton_loop "$m" summaries_local)
    echo "# $m Newton loop on Citus (params | loglik | converged | scans): $dist"
    check "newton $m: the loop converges on the distributed table" "$(echo "$dist" | cut -d'|' -f6)" "t"
    check "newton $m: the loop on Citus = the loop on one node (1e-9 relative, same scans)" \
        "$(on_coord "SELECT cr_close('$dist', '$local_', 1e-9)")" "t"
    fit=$(on_coord "SELECT concat_ws('|', (f).r, (f).alpha, $( [ "$m" = bgnbd ] && echo '(f).a, (f).b' || echo '(f).s, (f).beta'))
                    FROM (SELECT ${m}_fit(frequency, recency, t) AS f FROM summaries_local) q")
    check "newton $m: the loop reaches ${m}_fit's parameters (1e-6 relative)" \
        "$(on_coord "SELECT cr_close('$(echo "$dist" | cut -d'|' -f1-4)', '$fit', 1e-6)")" "t"
done

# ---- the README's Citus examples, verbatim, on this cluster ---------------------------------------
# test/t/readme.sh cannot run them (one server, no Citus): it skips the blocks marked below, and
# this script runs them, in order, in a schema of their own. After the first (the tables), the
# tables are filled from this script's data. A block passes when it prints no ERROR or WARNING.
MARK='<!-- readme-test: skip (needs Citus: test/t/citus.sh runs this block on its cluster) -->'
n_blocks=$(grep -cxF "$MARK" README.md)
check "README: the Citus section has blocks for this script to run" "$([ "$n_blocks" -ge 2 ] && echo yes)" "yes"
on_coord "SET client_min_messages = warning; CREATE SCHEMA readme" || exit 1
for ((k = 1; k <= n_blocks; k++)); do
    block=$(awk -v mark="$MARK" -v want="$k" '
        $0 == mark { n++; armed = (n == want); next }
        armed && /^```sql$/ { inside = 1; next }
        inside && /^```$/ { exit }
        inside { print }' README.md)
    out=$(psql -X -q -v ON_ERROR_STOP=1 -h "$C_HOST" -p "$C_PORT" -U postgres -d postgres \
              -c "SET search_path = readme, public" -c "$block" 2>&1)
    rc=$?
    if [ $rc -eq 0 ] && ! echo "$out" | grep -qE '^(ERROR|WARNING):'; then
        check "README Citus block $k runs on the cluster" ok ok
    else
        check "README Citus block $k runs on the cluster" "$(echo "$out" | grep -E '^(ERROR|WARNING)' | head -n 3)" "no ERROR or WARNING"
    fi
    if [ "$k" -eq 1 ]; then
        on_coord "SET client_min_messages = warning;
            INSERT INTO readme.transactions SELECT customer_id, grp, ts, amount FROM transactions_local;
            INSERT INTO readme.answers SELECT customer_id, grp, s4 FROM answers_local;
            INSERT INTO readme.customers SELECT customer_id, grp, frequency, recency, t FROM summaries_local;" || exit 1
    fi
done
check "README: run_command_on_shards + bgnbd_fit_merge = bgnbd_fit on a single node" \
    "$(on_coord "SELECT bgnbd_fit_merge(result::bytea) FROM run_command_on_shards('readme.customers',
                   \$\$SELECT bgnbd_fit_state(frequency, recency, t) FROM %s\$\$) WHERE success")" \
    "$(on_coord "SELECT bgnbd_fit(frequency, recency, t) FROM summaries_local")"
plan=$(on_coord "SET search_path = readme, public; EXPLAIN (VERBOSE, COSTS OFF)
    $(awk -v mark="$MARK" '$0 == mark { n++; armed = (n == 2); next } armed && /^```sql$/ { inside = 1; next }
                           inside && /^```$/ { exit } inside { print }' README.md | sed -n '/^WITH rfm/,/LIMIT 5;/p')")
check "README: the scoring query computes rfm_summary and the scores on the workers" \
    "$(echo "$plan" | grep -c 'Query: .*bgnbd_p_alive(.*rfm_summary(' | sed 's/^[1-9][0-9]*$/some/')" "some"

# ---- time zones: the workers use their own TimeZone, not the coordinator session's ---------------
# rfm_summary(timestamptz, ...) cuts days in the session TimeZone. Citus ships the (STABLE)
# aggregate to the workers, whose sessions take TimeZone from their own settings (server,
# database, role), not from a SET in the coordinator's session.
TZQ="SELECT md5(string_agg(customer_id || ':' || (r).frequency || ':' || (r).first_purchase || ':' || (r).last_purchase,
                           ',' ORDER BY customer_id))
     FROM (SELECT customer_id, rfm_summary(ts, amount, $AS_OF) r FROM %s GROUP BY customer_id) q"
ny_local=$(on_coord "SET TimeZone = 'America/New_York'; $(printf "$TZQ" transactions_local)")
utc_local=$(on_coord "SET TimeZone = 'UTC'; $(printf "$TZQ" transactions_local)")
check "time zone: the data's purchase days differ between UTC and New York (the check can tell)" \
    "$([ "$ny_local" != "$utc_local" ] && echo differ)" "differ"
check "time zone: the workers' TimeZone is their servers' default, here the coordinator's (run_command_on_workers)" \
    "$(on_coord "SELECT string_agg(DISTINCT result, ',') FROM run_command_on_workers('SHOW TimeZone')")" \
    "$(on_coord "SHOW TimeZone")"
check "time zone: SET TimeZone in the coordinator's session does not reach the workers (their days are UTC days)" \
    "$(on_coord "SET TimeZone = 'America/New_York'; $(printf "$TZQ" transactions)")" "$utc_local"
check "time zone: SET LOCAL TimeZone with citus.propagate_set_commands = 'local' reaches the workers" \
    "$(psql -X -q -At -v ON_ERROR_STOP=1 -h "$C_HOST" -p "$C_PORT" -U postgres -d postgres <<SQL
SET citus.propagate_set_commands = 'local';
BEGIN;
SET LOCAL TimeZone = 'America/New_York';
$(printf "$TZQ" transactions);
COMMIT;
SQL
)" "$ny_local"
on_coord "ALTER DATABASE postgres SET TimeZone = 'America/New_York'" || exit 1
check "time zone: ALTER DATABASE ... SET TimeZone is propagated to the workers (new sessions)" \
    "$(on_coord "SELECT string_agg(DISTINCT result, ',') FROM run_command_on_workers(\$\$SELECT current_setting('TimeZone')\$\$)")" \
    "America/New_York"
check "time zone: ... and then the distributed days are New York days, as on one node" \
    "$(on_coord "$(printf "$TZQ" transactions)")" "$ny_local"
on_coord "ALTER DATABASE postgres RESET TimeZone" || exit 1

citus_finish
