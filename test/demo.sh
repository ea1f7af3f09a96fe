#!/usr/bin/env bash
# make demo: build, install into the system's PostgreSQL (sudo when not root), start a
# throwaway cluster with the system binaries, create the extension, generate the sample
# (test/demo_data.sql: 3,000 simulated customers), create the per-customer view
# (test/demo_view.sql), print the report (test/demo.sql), and stop the cluster. The EXIT trap
# of test/pg_tmp.sh stops the cluster and removes its files, also when a step fails.
# test/t/demo.sh runs the same SQL against a private installation and checks its invariants.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/pg_tmp.sh

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "== build"
make -s with_llvm=no >/dev/null
echo "== install into $("$PG_CONFIG" --pkglibdir) and $("$PG_CONFIG" --sharedir)/extension"
$SUDO make -s install with_llvm=no >/dev/null

echo "== throwaway cluster"
pg_tmp_init
pg_tmp_start demo
psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE demo"

echo "== sample data (deterministic), view customer_health, and report"
psql -X -q -d demo -v ON_ERROR_STOP=1 -P pager=off \
    -c "CREATE EXTENSION customer_rel" \
    -f test/demo_data.sql \
    -f test/demo_view.sql \
    -f test/demo.sql

echo
echo "== done (the cluster is stopped and removed on exit)"
