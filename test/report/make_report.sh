#!/usr/bin/env bash
# make report: the visual report of the demo shop as one self-contained HTML file.
# Installs the extension into a private copy of the server (as make test does: the system's
# installation is not touched), starts a throwaway cluster, builds the demo database
# (test/demo_data.sql, test/demo_view.sql), and runs test/report/report.js, which reads every
# chart's data through the SQL API with node-postgres and inlines Apache ECharts. `pg` and
# `echarts` come from npm into build/report (git-ignored) the first time.
#   REPORT=path/to/file.html (default build/report/customer_rel_report.html)
# Exits 77 when Node.js or the npm packages cannot be had.
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
. test/pg_tmp.sh
out=${REPORT:-$top/build/report/customer_rel_report.html}
node_dir=$top/build/report

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "== installing nodejs and npm (Debian)"
    $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 nodejs npm >/dev/null 2>&1 || true
fi
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { echo "node and npm are not available"; exit 77; }
if [ ! -f "$node_dir/node_modules/echarts/package.json" ] || [ ! -f "$node_dir/node_modules/pg/package.json" ]; then
    echo "== installing pg and echarts from npm into $node_dir"
    mkdir -p "$node_dir"
    (cd "$node_dir" && npm install --no-audit --no-fund --no-save --prefix . pg@8 echarts@6 >npm.log 2>&1) ||
        { tail -n 5 "$node_dir/npm.log"; echo "npm install pg echarts failed"; exit 77; }
fi

echo "== private installation and throwaway cluster"
pg_tmp_init private
pg_tmp_start report
psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE demo"
echo "== demo database (test/demo_data.sql, test/demo_view.sql)"
psql -X -q -d demo -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "CREATE EXTENSION customer_rel" \
    -f test/demo_data.sql -f test/demo_view.sql >/dev/null
echo "== report"
PGDATABASE=demo NODE_PATH="$node_dir/node_modules" node test/report/report.js "$out"
