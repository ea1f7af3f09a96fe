#!/usr/bin/env bash
# A database that uses customer_rel survives pg_dump | pg_restore into a fresh database, with the
# extension installed in a schema of its own that is NOT on the search_path of the restoring
# session: stored model composites, a cr_km_curve column, an aggregate view and a function-based
# view come back identical. This checks the relocatable, trusted install script (nothing in it
# may depend on search_path) and the cr_km_curve text/binary I/O.
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/pg_tmp.sh
pg_tmp_init private
pg_tmp_start dump

q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
q -d postgres -c "CREATE DATABASE src" -c "CREATE DATABASE dst"

q -d src <<'SQL'
CREATE SCHEMA crm;
CREATE EXTENSION customer_rel SCHEMA crm;
CREATE TABLE answers (customer int, score int);
INSERT INTO answers SELECT g % 50, (g * 7) % 11 FROM generate_series(1, 5000) g;
CREATE TABLE durations (segment text, duration float8, event bool);
INSERT INTO durations SELECT 'seg' || (g % 3), (g * 13) % 97, g % 4 <> 0 FROM generate_series(1, 3000) g;
CREATE TABLE stored AS
SELECT d.segment, crm.kaplan_meier(d.duration, d.event) AS curve
FROM durations d GROUP BY d.segment;
CREATE TABLE stored_models AS
SELECT crm.sbg_fit(ARRAY[1000, 869, 743, 653, 593, 551, 517, 491]::float8[]) AS high_end,
       (SELECT crm.nps_summary(score) FROM answers) AS nps;
CREATE VIEW nps_by_customer AS
SELECT customer, crm.nps(score) AS nps FROM answers GROUP BY customer;
CREATE VIEW km_by_segment AS
SELECT s.segment, p.* FROM stored s, crm.km_points(s.curve) p;
SQL

report() {
    q -d "$1" -At <<'SQL'
SELECT md5(string_agg(format('%s %s', customer, round(nps::numeric, 9)), ',' ORDER BY customer)) FROM nps_by_customer;
SELECT md5(string_agg(format('%s %s %s %s', segment, time, at_risk, round(survival::numeric, 9)), ',' ORDER BY segment, time)) FROM km_by_segment;
SELECT round(((high_end).alpha)::numeric, 6), round(((high_end).beta)::numeric, 6), ((nps).n) FROM stored_models;
SQL
}

before=$(report src)
pg_dump -Fc -d src -f "$PG_TMP_ROOT/src.dump"
pg_restore --exit-on-error -d dst "$PG_TMP_ROOT/src.dump"
after=$(report dst)
echo "source:   $before" | tr '\n' ' '; echo
echo "restored: $after" | tr '\n' ' '; echo
[ -n "$before" ] || { echo "no report from the source database"; exit 1; }
[ "$before" = "$after" ] || { echo "restored database differs"; exit 1; }
# relocatable = true: moving the extension keeps every dependent object working.
q -d dst -c "CREATE SCHEMA moved" -c "ALTER EXTENSION customer_rel SET SCHEMA moved"
moved=$(report dst)
[ "$before" = "$moved" ] || { echo "results differ after ALTER EXTENSION ... SET SCHEMA"; exit 1; }
echo "$(q -d dst -At -c "SELECT extversion || ' in schema ' || extnamespace::regnamespace FROM pg_extension WHERE extname = 'customer_rel'")"
echo "dump/restore: ok"
