#!/usr/bin/env bash
# make bench: benchmarks (never timed tests). Builds, installs into a private copy of the server,
# starts a throwaway cluster, and runs every test/bench/bench_*.sql with psql; each script
# generates its data, times queries with bench_ms() (best of N runs, in milliseconds) and prints
# its figures; then every test/bench/bench_*.sh, which start clusters of their own (the Citus
# benchmark). BENCH=name runs only test/bench/bench_name.sql or .sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/pg_tmp.sh
make -s with_llvm=no >/dev/null
# the scoring comparison with lifetimes' NumPy/SciPy formulas (bench_btyd.sql) needs them
if ! /usr/bin/python3 -c "import numpy, scipy" 2>/dev/null && command -v apt-get >/dev/null; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 python3-numpy python3-scipy >/dev/null || true
fi
pg_tmp_init private
pg_tmp_start bench
psql -X -q -d postgres -c "CREATE DATABASE bench"
psql -X -q -d bench -v ON_ERROR_STOP=1 <<'SQL'
CREATE EXTENSION customer_rel;
-- Best-of-N wall time of a query in milliseconds; the result rows are computed and discarded.
CREATE FUNCTION bench_ms(query text, runs int DEFAULT 3) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    best float8 := 'infinity';
BEGIN
    FOR i IN 1..runs LOOP
        t0 := clock_timestamp();
        EXECUTE query;
        best := least(best, 1000 * extract(epoch FROM clock_timestamp() - t0)::float8);
    END LOOP;
    RETURN best;
END $$;
-- The first Gather (or Gather Merge) node of an EXPLAIN (FORMAT JSON) plan, or NULL: a serial plan.
CREATE FUNCTION bench_gather(plan json) RETURNS json
LANGUAGE sql AS $$
    WITH RECURSIVE nodes(j) AS (
        SELECT plan -> 0 -> 'Plan'
        UNION ALL
        SELECT c FROM nodes, json_array_elements(coalesce(nodes.j -> 'Plans', '[]'::json)) c)
    SELECT j FROM nodes WHERE j ->> 'Node Type' IN ('Gather', 'Gather Merge') LIMIT 1
$$;
-- The executed plan of a query (EXPLAIN ANALYZE without timing), for figures read from it.
CREATE FUNCTION bench_explain(query text) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON, TIMING OFF) ' || query INTO plan;
    RETURN plan;
END $$;
-- The shape of an executed plan: 'serial', or 'parallel (N of M workers)' from the Gather's
-- "Workers Launched" and "Workers Planned".
CREATE FUNCTION bench_plan_shape(plan json) RETURNS text
LANGUAGE sql AS $$
    SELECT CASE WHEN g IS NULL THEN 'serial'
                ELSE format('parallel (%s of %s workers)', g ->> 'Workers Launched', g ->> 'Workers Planned')
           END
    FROM bench_gather(plan) g
$$;
-- The plan a figure was measured with, read from the executed plan, not assumed.
CREATE FUNCTION bench_plan(query text) RETURNS text
LANGUAGE sql AS $$ SELECT bench_plan_shape(bench_explain(query)) $$;
-- The leader's work after its Gather finished (the combine and final functions of a parallel
-- aggregate): the plan's total time minus the Gather's, from EXPLAIN ANALYZE, the least of runs
-- runs; NULL when serial.
CREATE FUNCTION bench_after_gather_ms(query text, runs int DEFAULT 5) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    plan json;
    best float8;
BEGIN
    FOR i IN 1..runs LOOP
        EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
        best := least(best, (plan -> 0 -> 'Plan' ->> 'Actual Total Time')::float8
                            - (bench_gather(plan) ->> 'Actual Total Time')::float8);
    END LOOP;
    RETURN best;
END $$;
SQL
echo "customer_rel benchmarks — $(nproc) cores, PostgreSQL $(psql -XAtc 'SHOW server_version' -d bench)"
for b in test/bench/bench_*.sql; do
    name=$(basename "$b" .sql)
    [ -n "${BENCH:-}" ] && [ "bench_${BENCH}" != "$name" ] && continue
    echo
    echo "== $name"
    psql -X -q -d bench -v ON_ERROR_STOP=1 -P pager=off -f "$b"
done
# Benchmarks that start clusters of their own (test/bench/bench_*.sh, e.g. Citus): exit 77 = skipped.
for b in test/bench/bench_*.sh; do
    name=$(basename "$b" .sh)
    [ -n "${BENCH:-}" ] && [ "bench_${BENCH}" != "$name" ] && continue
    echo
    echo "== $name"
    rc=0
    PG_TMP_REUSE_BINDIR=$PG_TMP_BINDIR PG_TMP_NEXT_PORT=$PG_TMP_NEXT_PORT bash "$b" || rc=$?
    if [ $rc -eq 77 ]; then echo "skipped: $name"; elif [ $rc -ne 0 ]; then exit $rc; fi
done
