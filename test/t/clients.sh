#!/usr/bin/env bash
# Reads the demo's results as plain columns from real client libraries — Python's psycopg2
# (Debian's python3-psycopg2, run with /usr/bin/python3) and Node's `pg` (from npm) — and checks
# what arrives (test/clients/read_columns.{py,js}, queries in test/clients/queries.json):
#   - the view customer_health and the stored models in customer_models, read in the plain-column
#     form README.md documents: every column a number, text, date/timestamp or boolean (or an
#     array of numbers); a model's time unit is read as a number of days, unit_days;
#   - a kaplan_meier curve and an rfm_summary_state through their jsonb casts: parsed JSON;
#   - a negative control: customer_models' composite columns read as stored must be caught
#     (they arrive as one opaque string "(0.74,7.99,...)"), so the check itself is proven.
# Installs python3-psycopg2 with apt-get when missing, and `pg` with npm into build/clients
# (git-ignored); exits 77 (skipped) only when a client library cannot be had.
set -uo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
start=$(date +%s%N)
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()

py=/usr/bin/python3
have_py=0
if [ -x "$py" ]; then
    if ! "$py" -c 'import psycopg2' 2>/dev/null; then
        echo "# installing python3-psycopg2"
        $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 python3-psycopg2 >/dev/null 2>&1 ||
            { $SUDO apt-get update -q >/dev/null 2>&1 &&
              $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 python3-psycopg2 >/dev/null 2>&1; }
    fi
    "$py" -c 'import psycopg2' 2>/dev/null && have_py=1
fi
[ "$have_py" -eq 1 ] || missing+=("python3-psycopg2 for $py")

node_dir=$top/build/clients
have_node=0
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    if [ ! -f "$node_dir/node_modules/pg/package.json" ]; then
        echo "# installing pg from npm into $node_dir"
        mkdir -p "$node_dir"
        (cd "$node_dir" && npm install --no-audit --no-fund --no-save --prefix . pg@8 >npm.log 2>&1) ||
            tail -n 5 "$node_dir/npm.log"
    fi
    [ -f "$node_dir/node_modules/pg/package.json" ] && have_node=1
fi
[ "$have_node" -eq 1 ] || missing+=("node with the npm package pg")

if [ "$have_py" -eq 0 ] && [ "$have_node" -eq 0 ]; then
    echo "skipped: cannot get ${missing[*]}"; exit 77
fi

. test/pg_tmp.sh
pg_tmp_init private || exit 1
pg_tmp_start clients || exit 1
{
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'CREATE DATABASE clients' &&
    psql -X -q -v ON_ERROR_STOP=1 -d clients -c 'CREATE EXTENSION customer_rel' \
        -f test/demo_data.sql -f test/demo_view.sql
} >"$PG_TMP_ROOT/setup.log" 2>&1 || { cat "$PG_TMP_ROOT/setup.log"; echo "FAIL: demo database"; exit 1; }
export PGDATABASE=clients
# The plain-column form of customer_models is the README's own query.
export README_MODELS_SQL=$PG_TMP_ROOT/models.sql
awk '/^```sql$/ { b = 1; n = 0; next } /^```/ { b = 0; next }
     b && ++n == 1 && $0 ~ /^-- the stored models as plain columns/ { take = 1 }
     b && take { print } !b { take = 0 }' README.md >"$README_MODELS_SQL"
if ! [ -s "$README_MODELS_SQL" ]; then
    echo "FAIL: README.md has no sql block beginning with '-- the stored models as plain columns'"; exit 1
fi
echo "# demo database built in $(( ($(date +%s%N) - start) / 1000000 )) ms"

fail=0
if [ "$have_py" -eq 1 ]; then
    "$py" test/clients/read_columns.py test/clients/queries.json || fail=1
fi
if [ "$have_node" -eq 1 ]; then
    NODE_PATH=$node_dir/node_modules node test/clients/read_columns.js test/clients/queries.json || fail=1
fi
echo "# clients: $(( ($(date +%s%N) - start) / 1000000 )) ms"
if [ "$fail" -ne 0 ]; then echo "FAIL: a client did not read plain values"; exit 1; fi
if [ "${#missing[@]}" -gt 0 ]; then echo "skipped: the other client ran, but cannot get ${missing[*]}"; exit 77; fi
echo "clients: ok"
