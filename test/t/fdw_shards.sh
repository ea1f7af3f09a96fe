#!/usr/bin/env bash
# Scaling out with postgres_fdw: two shards hold survey answers, a coordinator sees them as one
# partitioned table whose partitions are foreign tables. Checks that
#   (a) with `extensions 'customer_rel'` on the foreign servers and
#       enable_partitionwise_aggregate = on, nps(score) ... GROUP BY <partition key> runs on the
#       shards (the aggregate is in each partition's Remote SQL), and without that option it is not;
#   (b) an ungrouped total travels as ONE state per shard: nps_state(score) -> bytea on each shard,
#       nps_merge(bytea) on the coordinator (same for csat_state/csat_merge, ces_state/ces_merge);
#   (c) every sharded answer equals the single-node computation over the same rows.
# Exit 0 when every check passes, 1 otherwise, 77 when postgres_fdw is not installed.
set -u
cd "$(dirname "$0")/../.."
. test/t/lib/fdw_setup.sh

# The same generated answers on each shard and, for the single-node reference, on the coordinator
# (answers_local). north: 60,000 answers (every 101st NULL); south: 40,000 answers with another
# score mix.
NORTH="SELECT 'north'::text, i, CASE WHEN i % 101 = 0 THEN NULL ELSE (i * 7919) % 11 END,
              (1 + (i * 31) % 5)::int2, (1 + (i * 17) % 7)::int8
       FROM generate_series(1, 60000) i"
SOUTH="SELECT 'south'::text, i, CASE WHEN i % 89 = 0 THEN NULL ELSE least(10, (i * 13) % 12) END,
              (1 + (i * 7) % 5)::int2, (1 + (i * 3) % 4)::int8
       FROM generate_series(1, 40000) i"
fdw_table answers "(region text, customer_id int, score int, csat int2, ces int8)" region \
    north south "$NORTH" "$SOUTH"

check "the shards hold 100,000 answers, seen through the partitioned table" \
    "$(on_coord "SELECT count(*) FROM answers")" "100000"
check "the partitions are foreign tables" \
    "$(on_coord "SELECT string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname)
                 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = 'answers'::regclass")" "answers_north:f,answers_south:f"

# ---- (a) grouped by the partition key: the whole aggregate runs on the shards -----------------
GROUPED="SELECT region, nps(score), nps_summary(score), csat(csat), csat(csat, 5), ces(ces), ces(ces, 7)
         FROM answers GROUP BY region ORDER BY region"
plan=$(on_coord "SET enable_partitionwise_aggregate = on; EXPLAIN (VERBOSE, COSTS OFF) $GROUPED")
echo "# EXPLAIN VERBOSE of the grouped query with partitionwise aggregation:"
echo "$plan" | sed 's/^/#   /'
check "(a) both partitions ship nps(score) in their Remote SQL" \
    "$(echo "$plan" | grep -c 'Remote SQL: SELECT region, public.nps(score), public.nps_summary(score), public.csat(csat), public.csat(csat, 5), public.ces(ces), public.ces(ces, 7) FROM public.answers GROUP BY 1')" "2"
check "(a) nothing is aggregated on the coordinator" \
    "$(echo "$plan" | grep -cE '^ *(->  )?(Finalize |Partial )?(Hash|Group)?Aggregate')" "0"
plan_noext=$(on_coord "ALTER SERVER shard1 OPTIONS (DROP extensions);
    SET enable_partitionwise_aggregate = on; EXPLAIN (VERBOSE, COSTS OFF) $GROUPED;")
on_coord "ALTER SERVER shard1 OPTIONS (ADD extensions 'customer_rel')"
check "(a) without extensions 'customer_rel', shard1 is sent no nps() (the option is what ships it)" \
    "$(echo "$plan_noext" | grep 'Remote SQL' | grep -c 'nps(')" "1"
check "(a) ... and shard1's rows are aggregated on the coordinator instead" \
    "$(echo "$plan_noext" | grep -cE '^ *(->  )?(Finalize |Partial )?(Hash|Group)?Aggregate' | sed 's/^[1-9][0-9]*$/some/')" "some"
check "(a) grouped results on the shards = single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on; $GROUPED")" \
    "$(on_coord "${GROUPED//FROM answers /FROM answers_local }")"
echo "# grouped by region (region | nps | nps_summary | csat | csat 1-5 | ces | ces 1-7):"
on_coord "SET enable_partitionwise_aggregate = on; $GROUPED" | sed 's/^/#   /'

# ---- (b) ungrouped totals: one portable state per shard, merged on the coordinator ------------
echo "# EXPLAIN VERBOSE of a plain ungrouped nps(score) (PostgreSQL 15 ships no partial aggregate: rows travel):"
on_coord "EXPLAIN (VERBOSE, COSTS OFF) SELECT nps(score) FROM answers" | grep -E 'Aggregate|Remote SQL' | sed 's/^/#   /'

MERGE_UNION="SELECT nps_merge(st) FROM (
    SELECT nps_state(score) AS st FROM answers_north
    UNION ALL SELECT nps_state(score) FROM answers_south) per_shard"
plan=$(on_coord "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) $MERGE_UNION")
echo "# EXPLAIN (ANALYZE, VERBOSE) of nps_merge over one nps_state per foreign partition:"
echo "$plan" | sed 's/^/#   /'
check "(b) each shard computes nps_state(score) (Remote SQL)" \
    "$(echo "$plan" | grep -c 'Remote SQL: SELECT public.nps_state(score) FROM public.answers$')" "2"
check "(b) each shard returns exactly one row, its state" \
    "$(echo "$plan" | grep -E 'Foreign Scan.*actual rows=1(\.00)? loops=1' | wc -l | tr -d ' ')" "2"
check "(b) nps_merge of the shard states = nps_summary on a single node" \
    "$(on_coord "$MERGE_UNION")" "$(on_coord "SELECT nps_summary(score) FROM answers_local")"
check "(b) (nps_merge(...)).nps = nps(score) on a single node" \
    "$(on_coord "SELECT (nps_merge(st)).nps FROM (SELECT nps_state(score) st FROM answers_north
                 UNION ALL SELECT nps_state(score) FROM answers_south) q")" \
    "$(on_coord "SELECT nps(score) FROM answers_local")"

# The same through the partitioned table: group by the partition key inside (one state per
# partition, computed remotely), merge outside.
MERGE_PWA="SELECT nps_merge(st), csat_merge(cs), ces_merge(es) FROM (
    SELECT region, nps_state(score) AS st, csat_state(csat) AS cs, ces_state(ces) AS es
    FROM answers GROUP BY region) per_partition"
plan=$(on_coord "SET enable_partitionwise_aggregate = on; EXPLAIN (VERBOSE, COSTS OFF) $MERGE_PWA")
check "(b) through the partitioned table: the states are computed on the shards" \
    "$(echo "$plan" | grep -c 'Remote SQL: SELECT region, public.nps_state(score), public.csat_state(csat), public.ces_state(ces) FROM public.answers GROUP BY 1')" "2"
check "(b) nps_merge, csat_merge, ces_merge of per-partition states = single node" \
    "$(on_coord "SET enable_partitionwise_aggregate = on; $MERGE_PWA")" \
    "$(on_coord "SELECT nps_summary(score), csat(csat), ces(ces) FROM answers_local")"
check "(b) csat_merge/ces_merge with an explicit scale = single node" \
    "$(on_coord "SELECT csat_merge(cs), ces_merge(es) FROM (
                   SELECT csat_state(csat, 5) cs, ces_state(ces, 7) es FROM answers_north
                   UNION ALL SELECT csat_state(csat, 5), ces_state(ces, 7) FROM answers_south) q")" \
    "$(on_coord "SELECT csat(csat, 5), ces(ces, 7) FROM answers_local")"
echo "# totals (nps_summary | csat | ces), sharded:"
on_coord "SET enable_partitionwise_aggregate = on; $MERGE_PWA" | sed 's/^/#   /'

# A state from a shard that is not an NPS state is refused on the coordinator (22023).
err=$(on_coord "SELECT nps_merge(st) FROM (SELECT csat_state(csat) AS st FROM answers_north) q" 2>&1 >/dev/null)
check "(b) a CSAT state given to nps_merge is refused" \
    "$(echo "$err" | head -n 1)" "ERROR:  invalid NPS state"

fdw_finish
