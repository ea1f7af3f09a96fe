#!/usr/bin/env bash
# Benchmark (never a test): from transactions to fitted models on a 3-node Citus cluster (a
# coordinator and two workers on this machine, test/t/lib/citus_setup.sh) beside the same queries
# on one node (the same rows in plain tables of the coordinator). Run by `make bench`
# (test/bench/run_bench.sh), or alone: `bash test/bench/bench_citus.sh`.
#
# Data: CR_BENCH_CITUS_CUSTOMERS customers (default 1,000,000) simulated from a BG/NBD model in four
# cohorts (39 to 78 weeks observed), each with its purchases laid out as transactions (about 10
# per customer: about 10 million rows), spend from a Gamma-Gamma model.
# Steps, each timed on Citus and on one node:
#   1. fits from the transactions in one query: bgnbd_fit and gamma_gamma_fit over rfm_summary
#      grouped by customer (a subquery);
#   2. the summaries materialised: INSERT ... SELECT rfm_summary grouped by customer;
#   3. bgnbd_fit and gamma_gamma_fit over the summaries;
#   4. the README's Newton loop (bgnbd_newton_stats + bgnbd_newton_step) over the summaries.
# What the coordinator receives is measured, not assumed: rows = the rows the workers' task
# queries returned (pg_stat_statements on the workers), bytes = loopback traffic during the step
# (/proc/net/dev "lo", both directions: every coordinator-worker byte, plus anything else on the
# machine's loopback at that moment). Citus' own EXPLAIN ANALYZE cannot be used: it fails for
# partial aggregates ("column has pseudo-type cstring").
# Environment: CR_BENCH_CITUS_CUSTOMERS, CR_BENCH_CITUS_SHARDS (shards per table, default 8),
# CR_BENCH_CITUS_RUNS (runs per step, best taken; default 1). The machine is shared: figures are
# noisy, and one machine's cores serve all three nodes.
set -u
cd "$(dirname "$0")/../.."
N=${CR_BENCH_CITUS_CUSTOMERS:-1000000}
SHARDS=${CR_BENCH_CITUS_SHARDS:-8}
RUNS=${CR_BENCH_CITUS_RUNS:-1}
CITUS_EXTRA_CONF="citus.shard_count = $SHARDS
shared_preload_libraries = 'citus,pg_stat_statements'
work_mem = 256MB"
. test/t/lib/citus_setup.sh
# (Citus propagates the extension to the workers)
on_coord "CREATE EXTENSION pg_stat_statements" >/dev/null || exit 1
on_worker1 "SELECT 1 FROM pg_stat_statements LIMIT 0" >/dev/null || exit 1

AS_OF="TIMESTAMPTZ '2024-12-31 00:00+00'"
echo "# Citus benchmark: $N customers, $SHARDS shards per table on 2 workers, best of $RUNS run(s); $(nproc) cores shared by the 3 nodes"

t0=$(date +%s.%N)
on_coord "
SET client_min_messages = warning;
CREATE TABLE tx_local AS
WITH sim AS (
    SELECT customer_id AS id, frequency, recency, t FROM bgnbd_simulate(bgnbd_model(1.0, 3.0, 0.5, 3.0), $N / 4, 39, 1)
    UNION ALL SELECT customer_id + $N / 4, frequency, recency, t FROM bgnbd_simulate(bgnbd_model(1.0, 3.0, 0.5, 3.0), $N / 4, 52, 2)
    UNION ALL SELECT customer_id + 2 * ($N / 4), frequency, recency, t FROM bgnbd_simulate(bgnbd_model(1.0, 3.0, 0.5, 3.0), $N / 4, 65, 3)
    UNION ALL SELECT customer_id + 3 * ($N / 4), frequency, recency, t FROM bgnbd_simulate(bgnbd_model(1.0, 3.0, 0.5, 3.0), $N - 3 * ($N / 4), 78, 4)),
spend AS (
    SELECT sim.*, gamma_gamma_simulate(gamma_gamma_model(6.25, 3.74, 15.44), 1, id + 1000000000) AS spend FROM sim)
SELECT s.id AS customer_id,
       $AS_OF - s.t * interval '7 days'
           + CASE WHEN s.frequency = 0 THEN 0 ELSE round(j * s.recency * 7 / s.frequency) END * interval '1 day'
           + ((s.id * 37 + j * 5) % 22) * interval '1 hour' AS ts,
       round((s.spend * (0.75 + 0.5 * ((s.id * 37 + j * 11) % 60) / 60.0))::numeric, 2)::float8 AS amount
FROM spend s, generate_series(0, s.frequency::int) j;
CREATE TABLE tx (LIKE tx_local);
SELECT create_distributed_table('tx', 'customer_id');
INSERT INTO tx SELECT * FROM tx_local;
ANALYZE tx_local;
ANALYZE tx;
CREATE TABLE summaries_local (customer_id int8, frequency float8, recency float8, t float8, monetary float8);
CREATE TABLE summaries (LIKE summaries_local);
SELECT create_distributed_table('summaries', 'customer_id', colocate_with => 'tx');
" >/dev/null || exit 1
echo "# data: $(on_coord "SELECT count(*) FROM tx_local") transactions of $N customers, generated and distributed in $(printf '%.0f' "$(echo "$(date +%s.%N) - $t0" | bc)") s"

lo_bytes() { awk '/^ *lo:/ { printf "%.0f\n", $2 + $10 }' /proc/net/dev; }
now() { date +%s.%N; }
# worker_rows TABLE: rows returned by the workers' queries on TABLE's shards since the last reset.
worker_rows() {
    local total=0 n
    for w in on_worker1 on_worker2; do
        n=$($w "SELECT coalesce(sum(rows), 0) FROM pg_stat_statements
                WHERE query ~ 'public\\.$1_[0-9]+' AND query !~* '^\\s*(INSERT|COPY|CREATE|ALTER|DROP|VACUUM|ANALYZE)'")
        total=$((total + n))
    done
    echo "$total"
}
# step "label" TABLE "SQL for Citus" "SQL for one node": times both (best of RUNS), measures rows and
# loopback bytes of the Citus run; the SQL may contain several statements.
echo
echo "customer_rel on Citus: $N customers, $(on_coord "SELECT count(*) FROM tx_local") transactions, $SHARDS shards per table, 2 workers (one machine, $(nproc) cores)"
printf '%-62s | %10s | %10s | %14s | %12s\n' "step" "Citus s" "1 node s" "rows to coord." "loopback"
step() {
    local label=$1 tbl=$2 qc=$3 ql=$4 best_c="" best_l="" i a b rows bytes lo0 lo1
    for ((i = 0; i < RUNS; i++)); do
        on_worker1 "SELECT pg_stat_statements_reset()" >/dev/null; on_worker2 "SELECT pg_stat_statements_reset()" >/dev/null
        lo0=$(lo_bytes); a=$(now)
        on_coord "SET client_min_messages = error; $qc" >/dev/null || { echo "step failed: $label"; return 1; }
        b=$(now); lo1=$(lo_bytes)
        rows=$(worker_rows "$tbl"); bytes=$((lo1 - lo0))
        t=$(echo "$b - $a" | bc); [ -z "$best_c" ] || [ "$(echo "$t < $best_c" | bc)" = 1 ] && best_c=$t
        a=$(now)
        on_coord "SET client_min_messages = error; $ql" >/dev/null || { echo "step failed (one node): $label"; return 1; }
        b=$(now)
        t=$(echo "$b - $a" | bc); [ -z "$best_l" ] || [ "$(echo "$t < $best_l" | bc)" = 1 ] && best_l=$t
    done
    printf '%-62s | %10.1f | %10.1f | %14s | %12s\n' "$label" "$best_c" "$best_l" "$rows" \
        "$(numfmt --to=iec --suffix=B "$bytes")"
}

FITS="SELECT bgnbd_fit(r), gamma_gamma_fit(r) FROM (
    SELECT customer_id, rfm_summary(ts, amount, $AS_OF, interval '7 days') AS r FROM %s GROUP BY customer_id) s"
step "1. bgnbd_fit + gamma_gamma_fit over rfm_summary per customer" tx \
    "$(printf "$FITS" tx)" "$(printf "$FITS" tx_local)" || exit 1
SUMM="TRUNCATE %s; INSERT INTO %s
    SELECT customer_id, (r).frequency, (r).recency, (r).t, (r).monetary FROM (
        SELECT customer_id, rfm_summary(ts, amount, $AS_OF, interval '7 days') AS r FROM %s GROUP BY customer_id) s"
step "2. summaries: INSERT ... SELECT rfm_summary per customer" tx \
    "$(printf "$SUMM" summaries summaries tx)" "$(printf "$SUMM" summaries_local summaries_local tx_local)" || exit 1
on_coord "ANALYZE summaries; ANALYZE summaries_local" || exit 1
FITS2="SELECT bgnbd_fit(frequency, recency, t), gamma_gamma_fit(frequency, monetary) FROM %s"
step "3. bgnbd_fit + gamma_gamma_fit over the summaries" summaries \
    "$(printf "$FITS2" summaries)" "$(printf "$FITS2" summaries_local)" || exit 1
NEWTON="DO \$\$
DECLARE
    m     cr_bgnbd_model := (SELECT bgnbd_fit(frequency, recency, t) FROM summaries_local WHERE customer_id %% 100 = 0);
    s     float8[] := (SELECT bgnbd_newton_stats(frequency, recency, t, m) FROM %s);
    nxt   cr_bgnbd_model; s_nxt float8[]; scale float8 := 1; n_scans int := 1;
BEGIN
    LOOP
        nxt := bgnbd_newton_step(m, s, scale);
        EXIT WHEN nxt.converged OR n_scans >= 50;
        s_nxt := (SELECT bgnbd_newton_stats(frequency, recency, t, nxt) FROM %s);
        n_scans := n_scans + 1;
        IF (newton_stats(s_nxt)).loglik >= (newton_stats(s)).loglik - 1e-12 * abs((newton_stats(s)).loglik) THEN
            m := nxt; s := s_nxt; scale := 1;
        ELSE
            scale := scale / 2;
        END IF;
    END LOOP;
    RAISE NOTICE 'scans %%', n_scans;
END \$\$"
step "4. Newton loop (bgnbd_newton_stats, from a 1 % sample fit)" summaries \
    "$(printf "$NEWTON" summaries summaries)" "$(printf "$NEWTON" summaries_local summaries_local)" || exit 1
scans=$(on_coord "$(printf "$NEWTON" summaries summaries)" 2>&1 | sed -n 's/.*NOTICE:  scans //p')

echo "(Newton loop: $scans scans. rows to coord. = rows the workers' task queries returned; loopback = all"
echo " coordinator-worker bytes during the Citus run, both directions. Times in seconds, wall clock.)"
echo "EXPLAIN (VERBOSE) of step 1 on the coordinator, workers' query:"
on_coord "EXPLAIN (VERBOSE, COSTS OFF) $(printf "$FITS" tx)" | grep -E '^ *(Aggregate|Output|Query|HashAggregate|->  Custom)' | cut -c1-220 | head -6
