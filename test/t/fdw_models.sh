#!/usr/bin/env bash
# Scaling out the collecting aggregates with postgres_fdw: two shards, a coordinator that sees
# each table as a partitioned table of foreign tables (setup in test/t/lib/fdw_setup.sh).
# PostgreSQL 15 never ships a partial aggregate, so each check runs the <agg>_state aggregate on
# the shards (grouped by the partition key under enable_partitionwise_aggregate, or one query per
# foreign partition) and <agg>_merge on the coordinator, and proves
#   (1) the state aggregate is in each shard's Remote SQL and only the states travel (EXPLAIN
#       ANALYZE: one row per shard for an ungrouped total);
#   (2) the merged answer equals the single-node aggregate over the same rows (floats rounded):
#       BG/NBD, MBG/NBD, Gamma-Gamma, Pareto/NBD and BG/BB fits, RFM and engagement per customer for customers whose
#       transactions sit on both shards, the cohort table (distinct customers counted once across
#       shards), Kaplan-Meier life tables, the sBG fit; and, when the partition key is the
#       customer, per-cohort count arrays added up across shards (no state needed);
#   (3) a state is refused by the merge of another family (22023).
# Exit 0 when every check passes, 1 otherwise, 77 when postgres_fdw is not installed.
set -u
cd "$(dirname "$0")/../.."
. test/t/lib/fdw_setup.sh

# Rows of the plan that are aggregates computed on the coordinator.
coord_aggs() { grep -cE '^ *(->  )?(Finalize |Partial )?(Hash|Group)?Aggregate'; }

# ---- customers: (frequency, recency, t) summaries simulated from the BG/NBD fit of CDNOW -------
# north: 3,000 customers, south: 2,000 (another seed); monetary from the customer id.
MODEL="bgnbd_model(0.243, 4.414, 0.793, 2.426)"
cust_rows() {   # cust_rows REGION N SEED ID_OFFSET
    echo "SELECT '$1'::text, customer_id + $4, frequency::float8, recency, t,
                 CASE WHEN frequency = 0 THEN 0 ELSE 5 + ((customer_id * 37) % 60) END::float8
          FROM bgnbd_simulate($MODEL, $2, 39, $3)"
}
fdw_table customers "(region text, customer_id int8, frequency float8, recency float8, t float8, monetary float8)" \
    region north south "$(cust_rows north 3000 11 0)" "$(cust_rows south 2000 12 100000)"
check "customers: 5,000 on the shards, seen through the partitioned table" \
    "$(on_coord "SELECT count(*) FROM customers")" "5000"

# Fields of a fitted model, rounded: parameters and loglik to 6 decimals.
BG_FIELDS="round((m).r::numeric, 6), round((m).alpha::numeric, 6), round((m).a::numeric, 6),
           round((m).b::numeric, 6), round((m).loglik::numeric, 6), (m).n, (m).converged"
GG_FIELDS="round((m).p::numeric, 6), round((m).q::numeric, 6), round((m).v::numeric, 6),
           round((m).loglik::numeric, 6), (m).n, (m).converged"

# One state per foreign partition, merged on the coordinator.
PER_TABLE="SELECT bgnbd_fit_merge(st) FROM (
    SELECT bgnbd_fit_state(frequency, recency, t) AS st FROM customers_north
    UNION ALL SELECT bgnbd_fit_state(frequency, recency, t) FROM customers_south) per_shard"
plan=$(on_coord "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) $PER_TABLE")
echo "# EXPLAIN (ANALYZE, VERBOSE) of bgnbd_fit_merge over one bgnbd_fit_state per foreign partition:"
echo "$plan" | sed 's/^/#   /'
check "bgnbd: each shard computes bgnbd_fit_state (Remote SQL)" \
    "$(echo "$plan" | grep -c 'Remote SQL: SELECT public.bgnbd_fit_state(frequency, recency, t) FROM public.customers$')" "2"
check "bgnbd: each shard returns exactly one row, its state" \
    "$(echo "$plan" | grep -E 'Foreign Scan.*actual rows=1(\.00)? loops=1' | wc -l | tr -d ' ')" "2"
single_bg=$(on_coord "SELECT $BG_FIELDS FROM (SELECT bgnbd_fit(frequency, recency, t) m FROM customers_local) q")
check "bgnbd: bgnbd_fit_merge of the shard states = bgnbd_fit on a single node (rounded)" \
    "$(on_coord "SELECT $BG_FIELDS FROM ($PER_TABLE) q(m)")" "$single_bg"
echo "# BG/NBD (r | alpha | a | b | loglik | n | converged): $single_bg"

# Through the partitioned table: group by the partition key inside (one state per partition,
# computed remotely), merge outside — the same plan for every fit.
FITS_PWA="SELECT bgnbd_fit_merge(bs), mbgnbd_fit_merge(bs), gamma_gamma_fit_merge(gs) FROM (
    SELECT region, bgnbd_fit_state(frequency, recency, t) AS bs,
           gamma_gamma_fit_state(frequency, monetary) AS gs
    FROM customers GROUP BY region) per_partition"
plan=$(on_coord "SET enable_partitionwise_aggregate = on;
    EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) $FITS_PWA")
echo "# EXPLAIN (ANALYZE, VERBOSE) of the fits through the partitioned table:"
echo "$plan" | sed 's/^/#   /'
check "fits: both states are computed on the shards (Remote SQL, grouped by the partition key)" \
    "$(echo "$plan" | grep -c 'Remote SQL: SELECT region, public.bgnbd_fit_state(frequency, recency, t), public.gamma_gamma_fit_state(frequency, monetary) FROM public.customers GROUP BY 1$')" "2"
check "fits: each shard returns exactly one row" \
    "$(echo "$plan" | grep -E 'Foreign Scan.*actual rows=1(\.00)? loops=1' | wc -l | tr -d ' ')" "2"
check "fits: only the merge is aggregated on the coordinator" \
    "$(echo "$plan" | coord_aggs)" "1"
check "fits: bgnbd_fit_merge through the partitioned table = single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on;
                 SELECT $BG_FIELDS FROM (SELECT bs FROM ($FITS_PWA) x(bs, ms, gs)) q(m)")" \
    "$single_bg"
check "fits: mbgnbd_fit_merge of the same states = mbgnbd_fit on a single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on;
                 SELECT $BG_FIELDS FROM (SELECT ms FROM ($FITS_PWA) x(bs, ms, gs)) q(m)")" \
    "$(on_coord "SELECT $BG_FIELDS FROM (SELECT mbgnbd_fit(frequency, recency, t) m FROM customers_local) q")"
single_gg=$(on_coord "SELECT $GG_FIELDS FROM (SELECT gamma_gamma_fit(frequency, monetary) m FROM customers_local) q")
check "fits: gamma_gamma_fit_merge = gamma_gamma_fit on a single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on;
                 SELECT $GG_FIELDS FROM (SELECT gs FROM ($FITS_PWA) x(bs, ms, gs)) q(m)")" "$single_gg"
echo "# Gamma-Gamma (p | q | v | loglik | n | converged): $single_gg"
echo "# for comparison, a plain ungrouped bgnbd_fit over the partitioned table pulls every row:"
on_coord "EXPLAIN (VERBOSE, COSTS OFF) SELECT bgnbd_fit(frequency, recency, t) FROM customers" \
    | grep -E 'Aggregate|Remote SQL' | sed 's/^/#   /'

# Pareto/NBD over the same customers, BG/BB over discrete-time customers on two shards.
PNBD_FIELDS="round((m).r::numeric, 6), round((m).alpha::numeric, 6), round((m).s::numeric, 6),
             round((m).beta::numeric, 6), round((m).loglik::numeric, 6), (m).n, (m).converged"
PNBD="SELECT pareto_nbd_fit_merge(st) FROM (
    SELECT region, pareto_nbd_fit_state(frequency, recency, t) AS st FROM customers GROUP BY region) per_shard"
plan=$(on_coord "SET enable_partitionwise_aggregate = on;
    EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) $PNBD")
check "pareto_nbd: pareto_nbd_fit_state is computed on the shards, one row each" \
    "$(echo "$plan" | grep -c 'Remote SQL: SELECT region, public.pareto_nbd_fit_state(frequency, recency, t) FROM public.customers GROUP BY 1$')|$(echo "$plan" | grep -cE 'Foreign Scan.*actual rows=1(\.00)? loops=1')" "2|2"
check "pareto_nbd: pareto_nbd_fit_merge = pareto_nbd_fit on a single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on; SELECT $PNBD_FIELDS FROM ($PNBD) q(m)")" \
    "$(on_coord "SELECT $PNBD_FIELDS FROM (SELECT pareto_nbd_fit(frequency, recency, t) m FROM customers_local) q")"
donor_rows() {  # donor_rows REGION N SEED ID_OFFSET
    echo "SELECT '$1'::text, customer_id + $4, frequency, recency, n_periods
          FROM bgbb_simulate(bgbb_model(1.204, 0.750, 0.657, 2.783), $2, 6, $3)"
}
fdw_table donors "(region text, donor_id int8, frequency int8, recency int8, n_periods int8)" \
    region north south "$(donor_rows north 3000 21 0)" "$(donor_rows south 2000 22 100000)"
BGBB_FIELDS="round((m).alpha::numeric, 6), round((m).beta::numeric, 6), round((m).gamma::numeric, 6),
             round((m).delta::numeric, 6), round((m).loglik::numeric, 6), (m).n, (m).converged"
BGBB="SELECT bgbb_fit_merge(st) FROM (
    SELECT region, bgbb_fit_state(frequency, recency, n_periods) AS st FROM donors GROUP BY region) per_shard"
plan=$(on_coord "SET enable_partitionwise_aggregate = on;
    EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) $BGBB")
check "bgbb: bgbb_fit_state is computed on the shards, one row each" \
    "$(echo "$plan" | grep -c 'Remote SQL: SELECT region, public.bgbb_fit_state(frequency, recency, n_periods) FROM public.donors GROUP BY 1$')|$(echo "$plan" | grep -cE 'Foreign Scan.*actual rows=1(\.00)? loops=1')" "2|2"
check "bgbb: bgbb_fit_merge = bgbb_fit on a single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on; SELECT $BGBB_FIELDS FROM ($BGBB) q(m)")" \
    "$(on_coord "SELECT $BGBB_FIELDS FROM (SELECT bgbb_fit(frequency, recency, n_periods) m FROM donors_local) q")"

# ---- transactions on two channels; most customers buy on both ----------------------------------
# web (shard1): 30,000 rows, store (shard2): 20,000 rows, customers 1..800 on both. period =
# months since the customer's first month (cohort index; customer c stays c % 14 months at most),
# ts within that month.
tx_rows() {     # tx_rows CHANNEL N MULT
    echo "SELECT '$1'::text, c, (DATE '2023-01-01' + ((c % 6) + p) * interval '1 month' + (i % 28) * interval '1 day')::date,
                 ((i * $3) % 97 + 3)::float8, p
          FROM generate_series(1, $2) i,
               LATERAL (SELECT 1 + (i * $3) % 800 AS c) cc,
               LATERAL (SELECT CASE WHEN i <= 800 THEN 0
                                    ELSE ((i::int8 * i * 31 + i) % 1009)::int4 % (1 + c % 14) END AS p) pp"
}
fdw_table tx "(channel text, customer_id int8, ts date, amount float8, period int4)" \
    channel web store "$(tx_rows web 30000 7)" "$(tx_rows store 20000 11)"
check "tx: 50,000 transactions; customers on both shards" \
    "$(on_coord "SELECT count(*), (SELECT count(*) FROM (SELECT customer_id FROM tx GROUP BY 1 HAVING count(DISTINCT channel) = 2) b) FROM tx")" \
    "50000|800"

# RFM per customer: each shard returns one rfm_summary_state per (channel, customer).
RFM_FIELDS="(r).frequency, round((r).recency::numeric, 6), round((r).t::numeric, 6),
            round((r).monetary::numeric, 6), (r).n_transactions, (r).first_purchase,
            (r).last_purchase, round((r).total_amount::numeric, 6)"
RFM_SHARDED="SELECT customer_id, rfm_summary_merge(st) AS r FROM (
    SELECT channel, customer_id, rfm_summary_state(ts, amount, DATE '2024-12-31', interval '7 days') AS st
    FROM tx GROUP BY channel, customer_id) per_channel GROUP BY customer_id"
plan=$(on_coord "SET enable_partitionwise_aggregate = on;
    EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) $RFM_SHARDED")
check "rfm: rfm_summary_state is computed on the shards (Remote SQL)" \
    "$(echo "$plan" | grep 'Remote SQL: SELECT channel, customer_id, public.rfm_summary_state(ts, amount' | grep -c 'GROUP BY 1, 2$')" "2"
check "rfm: each shard returns one state per customer (800 rows, not its transactions)" \
    "$(echo "$plan" | grep -E 'Foreign Scan.*actual rows=800(\.00)? loops=1' | wc -l | tr -d ' ')" "2"
check "rfm: rfm_summary_merge per customer = rfm_summary on a single node (800 customers)" \
    "$(on_coord "SET enable_partitionwise_aggregate = on;
                 SELECT md5(string_agg(concat_ws('|', customer_id, $RFM_FIELDS), E'\n' ORDER BY customer_id)), count(*)
                 FROM ($RFM_SHARDED) q")" \
    "$(on_coord "SELECT md5(string_agg(concat_ws('|', customer_id, $RFM_FIELDS), E'\n' ORDER BY customer_id)), count(*)
                 FROM (SELECT customer_id, rfm_summary(ts, amount, DATE '2024-12-31', interval '7 days') r
                       FROM tx_local GROUP BY customer_id) q")"
echo "# rfm of customer 1, sharded: $(on_coord "SET enable_partitionwise_aggregate = on; SELECT r FROM ($RFM_SHARDED) q WHERE customer_id = 1")"

# RFM over timestamptz cuts purchase days in the caller's TimeZone. A shard's session runs in its
# own zone (UTC here), so rfm_summary(timestamptz, ...) is STABLE and postgres_fdw must not ship
# it: with TimeZone = 'America/New_York', 02:00 and 23:00 UTC on 1 June are two days (31 May and
# 1 June), not one.
fdw_table tz_tx "(channel text, customer_id int8, ts timestamptz, amount float8)" \
    channel web store \
    "SELECT 'web'::text, 1::int8, TIMESTAMPTZ '2024-06-01 02:00+00', 10::float8
     UNION ALL SELECT 'web', 1, TIMESTAMPTZ '2024-06-01 23:00+00', 20
     UNION ALL SELECT 'web', 2, TIMESTAMPTZ '2024-06-10 03:30+00', 5" \
    "SELECT 'store'::text, 1::int8, TIMESTAMPTZ '2024-06-20 01:00+00', 30::float8
     UNION ALL SELECT 'store', 2, TIMESTAMPTZ '2024-06-10 23:30+00', 7"
TZ_Q="SELECT string_agg(concat_ws(':', customer_id, (r).frequency, (r).first_purchase, (r).last_purchase), ',' ORDER BY customer_id)
      FROM (SELECT customer_id, rfm_summary(ts, amount, TIMESTAMPTZ '2024-06-30 12:00+00') r FROM %s GROUP BY customer_id) q"
check "rfm over timestamptz through postgres_fdw in a session at America/New_York = local" \
    "$(on_coord "SET TimeZone = 'America/New_York'; SET enable_partitionwise_aggregate = on; $(printf "$TZ_Q" tz_tx)")" \
    "$(on_coord "SET TimeZone = 'America/New_York'; $(printf "$TZ_Q" tz_tx_local)")"
check "rfm over timestamptz: the local answer is the New York one (customer 1 bought on 31 May and 1 June)" \
    "$(on_coord "SET TimeZone = 'America/New_York'; $(printf "$TZ_Q" tz_tx_local)")" \
    "1:2:2024-05-31:2024-06-19,2:1:2024-06-09:2024-06-10"
plan=$(on_coord "SET TimeZone = 'America/New_York'; SET enable_partitionwise_aggregate = on;
    EXPLAIN (VERBOSE, COSTS OFF) $(printf "$TZ_Q" tz_tx)")
check "rfm over timestamptz is not shipped to the shards (it depends on TimeZone)" \
    "$(echo "$plan" | grep -c 'Remote SQL:.*rfm_summary')|$(echo "$plan" | grep -c 'Remote SQL:')" "0|2"

# Engagement per customer, the same way.
check "engagement: engagement_merge per customer = engagement on a single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on;
                 SELECT md5(string_agg(customer_id || ':' || round(e::numeric, 9), ',' ORDER BY customer_id))
                 FROM (SELECT customer_id, engagement_merge(st) e FROM (
                     SELECT channel, customer_id, engagement_state(ts, amount, interval '90 days', DATE '2024-06-30') st
                     FROM tx GROUP BY channel, customer_id) p GROUP BY customer_id) q")" \
    "$(on_coord "SELECT md5(string_agg(customer_id || ':' || round(e::numeric, 9), ',' ORDER BY customer_id))
                 FROM (SELECT customer_id, engagement(ts, amount, interval '90 days', DATE '2024-06-30') e
                       FROM tx_local GROUP BY customer_id) q")"

# Cohort table: a customer active in a period on both channels counts once.
COHORT="SELECT cohort_activity_merge(st), cohort_survivors_merge(st) FROM (
    SELECT channel, cohort_activity_state(customer_id, period) AS st FROM tx GROUP BY channel) per_channel"
plan=$(on_coord "SET enable_partitionwise_aggregate = on;
    EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) $COHORT")
check "cohort: cohort_activity_state is computed on the shards (Remote SQL)" \
    "$(echo "$plan" | grep -c 'Remote SQL: SELECT channel, public.cohort_activity_state(customer_id, period) FROM public.tx GROUP BY 1$')" "2"
check "cohort: each shard returns exactly one row, its state" \
    "$(echo "$plan" | grep -E 'Foreign Scan.*actual rows=1(\.00)? loops=1' | wc -l | tr -d ' ')" "2"
single_cohort=$(on_coord "SELECT cohort_activity(customer_id, period), cohort_survivors(customer_id, period) FROM tx_local")
check "cohort: cohort_activity_merge, cohort_survivors_merge = single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on; $COHORT")" "$single_cohort"
check "cohort: (the test is not trivial) adding the per-shard counts would count customers twice" \
    "$(on_coord "SELECT (SELECT sum(c[1]) FROM (SELECT cohort_activity(customer_id, period) c FROM tx GROUP BY channel) s)
                        > (SELECT (cohort_activity(customer_id, period))[1] FROM tx_local)")" "t"
echo "# cohort activity | survivors, sharded: $(on_coord "SET enable_partitionwise_aggregate = on; $COHORT")"

# When the partition key is the customer (each customer's rows on one shard), the distinct counts
# of the shards do not overlap: group by the partition key and the cohort, let each shard return
# its count arrays (one row per cohort), and add them up per cohort — no pairs travel.
visit_rows() {  # visit_rows REGION FIRST_CUSTOMER N_CUSTOMERS
    echo "SELECT '$1'::text, c, DATE '2023-01-01' + (c % 6) * interval '1 month',
                 CASE WHEN v = 1 THEN 0 ELSE ((c * 31 + v * 17) % 101) % (1 + c % 12) END
          FROM generate_series($2, $2 + $3 - 1) c, generate_series(1, 8) v"
}
fdw_table visits "(region text, customer_id int8, cohort date, period int4)" region north south \
    "$(visit_rows north 1 600)" "$(visit_rows south 601 400)"
COHORTS_ADDED="SELECT cohort, array_agg(n ORDER BY k) FROM (
    SELECT cohort, k, sum(c)::int8 AS n
    FROM (SELECT region, cohort, cohort_activity(customer_id, period) AS a FROM visits GROUP BY region, cohort) per_shard,
         unnest(a) WITH ORDINALITY u(c, k)
    GROUP BY cohort, k) s GROUP BY cohort ORDER BY cohort"
plan=$(on_coord "SET enable_partitionwise_aggregate = on;
    EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) $COHORTS_ADDED")
check "cohorts by customer-partitioned shards: cohort_activity runs on the shards, grouped by region and cohort" \
    "$(echo "$plan" | grep -c 'Remote SQL: SELECT region, cohort, public.cohort_activity(customer_id, period) FROM public.visits GROUP BY 1, 2$')" "2"
check "cohorts by customer-partitioned shards: each shard returns one count array per cohort (6)" \
    "$(echo "$plan" | grep -E 'Foreign Scan.*actual rows=6(\.00)? loops=1' | wc -l | tr -d ' ')" "2"
check "cohorts by customer-partitioned shards: the added arrays = cohort_activity per cohort on a single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on; $COHORTS_ADDED")" \
    "$(on_coord "SELECT cohort, cohort_activity(customer_id, period) FROM visits_local GROUP BY cohort ORDER BY cohort")"

# ---- subscriptions: Kaplan-Meier life tables per shard, merged ---------------------------------
sub_rows() {    # sub_rows REGION N MULT
    echo "SELECT '$1'::text, ((i * $3) % 37 + 1)::float8, (i * $3) % 5 <> 0 FROM generate_series(1, $2) i"
}
fdw_table subs "(region text, months float8, churned bool)" region north south \
    "$(sub_rows north 5000 7)" "$(sub_rows south 4000 3)"
KM="SELECT km_merge(c) FROM (SELECT region, kaplan_meier(months, churned) AS c FROM subs GROUP BY region) per_region"
plan=$(on_coord "SET enable_partitionwise_aggregate = on;
    EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) $KM")
check "km: kaplan_meier is computed on the shards (Remote SQL)" \
    "$(echo "$plan" | grep -c 'Remote SQL: SELECT region, public.kaplan_meier(months, churned) FROM public.subs GROUP BY 1$')" "2"
check "km: each shard returns exactly one row, its life table" \
    "$(echo "$plan" | grep -E 'Foreign Scan.*actual rows=1(\.00)? loops=1' | wc -l | tr -d ' ')" "2"
check "km: km_merge of the shard curves = kaplan_meier on a single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on; $KM")" \
    "$(on_coord "SELECT kaplan_meier(months, churned) FROM subs_local")"
check "km: median survival of the merged curve = single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on; SELECT km_median(c) FROM ($KM) q(c)")" \
    "$(on_coord "SELECT km_median(kaplan_meier(months, churned)) FROM subs_local")"

# ---- sBG: survivors per period of one cohort, counted on two shards ----------------------------
fdw_table survivors "(region text, period int4, active int8)" region north south \
    "SELECT 'north'::text, p, s FROM unnest(ARRAY[600, 380, 281, 229, 196, 171, 153, 138]) WITH ORDINALITY u(s, p1), LATERAL (SELECT (p1 - 1)::int4 AS p) x" \
    "SELECT 'south'::text, p, s FROM unnest(ARRAY[400, 251, 188, 153, 130, 114, 102, 92]) WITH ORDINALITY u(s, p1), LATERAL (SELECT (p1 - 1)::int4 AS p) x"
SBG_FIELDS="round((m).alpha::numeric, 6), round((m).beta::numeric, 6), round((m).loglik::numeric, 6), (m).n_periods, (m).converged"
check "sbg: sbg_fit_merge of the shard states = sbg_fit on a single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on;
                 SELECT $SBG_FIELDS FROM (SELECT sbg_fit_merge(st) FROM (
                     SELECT region, sbg_fit_state(period, active) st FROM survivors GROUP BY region) p) q(m)")" \
    "$(on_coord "SELECT $SBG_FIELDS FROM (SELECT sbg_fit(period, active) m FROM survivors_local) q")"

# ---- a state is refused by the merge of another family ------------------------------------------
err=$(on_coord "SELECT bgnbd_fit_merge(st) FROM (SELECT gamma_gamma_fit_state(frequency, monetary) st FROM customers_north) q" 2>&1 >/dev/null)
check "a Gamma-Gamma state given to bgnbd_fit_merge is refused" "$(echo "$err" | head -n 1)" "ERROR:  invalid model-fit state"
err=$(on_coord "SELECT cohort_activity_merge(st) FROM (SELECT bgnbd_fit_state(frequency, recency, t) st FROM customers_north) q" 2>&1 >/dev/null)
check "a BG/NBD state given to cohort_activity_merge is refused" "$(echo "$err" | head -n 1)" "ERROR:  invalid cohort state"

fdw_finish
