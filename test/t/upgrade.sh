#!/usr/bin/env bash
# The upgrade path, in the style of postgresql-hll's upgrade tests: for every released version
# (RELEASED below; released base scripts and update scripts are never edited),
#   1. a non-superuser database owner installs that version (the extension is trusted) and
#      builds what users build on it: views over its aggregates and functions, a materialized
#      view, stored models (composites), a stored Kaplan–Meier curve, stored portable states
#      (bytea and cr_rfm_state) to be merged later;
#   2. pg_dump of that database restores into a fresh one, where CREATE EXTENSION installs the
#      current default version: every dependent object gives the same answers;
#   3. ALTER EXTENSION customer_rel UPDATE, as that owner, reaches the default version, and every
#      dependent object still gives the same answers — stored states still merge, stored models
#      still score.
# Also: an update path exists from every released version to the default version, and the
# default version is installable directly.
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/pg_tmp.sh

RELEASED="1.0"
default=$(sed -nE "s/^default_version = '([^']+)'/\1/p" customer_rel.control)

# Released scripts are frozen: their checksums, recorded at release, must not change.
fail=0
while read -r sum file; do
    if [ "$(sha256sum "$file" | cut -d' ' -f1)" = "$sum" ]; then echo "ok - $file is the released script"
    else echo "not ok - $file changed after its release (put the change in an upgrade script)"; fail=1; fi
done <<'SUMS'
26793c35803f256d5c1caba0c881263a925be4e9f31dc18833e00e0dbeca8329 sql/customer_rel--1.0.sql
SUMS

pg_tmp_init private
pg_tmp_start upgrade
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
q -d postgres -c "CREATE ROLE crm_owner LOGIN"

for v in $RELEASED; do
    db="from_${v//./_}"
    q -d postgres -c "CREATE DATABASE $db OWNER crm_owner"
    q -d "$db" -U crm_owner <<SQL
CREATE EXTENSION customer_rel VERSION '$v';
CREATE TABLE tx AS
SELECT 1 + g % 40 AS customer, date '2024-01-01' + (g * 37) % 300 AS day,
       ((g * 7919) % 10000) / 100.0 + 1 AS amount, (g * 13) % 11 AS score
FROM generate_series(1, 4000) g;
CREATE TABLE durations AS
SELECT 'seg' || (g % 3) AS segment, ((g * 13) % 97)::float8 AS duration, g % 4 <> 0 AS event
FROM generate_series(1, 3000) g;
CREATE VIEW nps_by_customer AS SELECT customer, nps(score) AS nps FROM tx GROUP BY customer;
CREATE VIEW rfm_by_customer AS
SELECT customer, (rfm_summary(day, amount, date '2024-12-31', interval '7 days')).* FROM tx GROUP BY customer;
CREATE MATERIALIZED VIEW km_by_segment AS
SELECT segment, kaplan_meier(duration, event) AS curve FROM durations GROUP BY segment;
CREATE TABLE stored_models AS
SELECT (SELECT bgnbd_fit(frequency, recency, t)
        FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 2000, 39, 5)) AS bg,
       sbg_fit(ARRAY[1000, 869, 743, 653, 593, 551, 517, 491]::float8[]) AS sbg,
       bgnbd_model(0.243, 4.414, 0.793, 2.426, interval '7 days') AS cdnow;
CREATE TABLE stored_states AS
SELECT customer % 4 AS part, rfm_summary_state(day, amount, date '2024-12-31') AS rfm,
       nps_state(score) AS nps
FROM tx GROUP BY customer, customer % 4;
CREATE TABLE stored_fit_states AS
SELECT customer_id % 4 AS part, bgnbd_fit_state(frequency, recency, t) AS fit
FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 2000, 39, 5) GROUP BY 1;
SQL
    report() {
        q -d "$1" -At <<'SQL'
SELECT md5(string_agg(format('%s %s', customer, round(nps::numeric, 9)), ',' ORDER BY customer)) FROM nps_by_customer;
SELECT md5(string_agg(format('%s %s %s %s', customer, frequency, round(recency::numeric, 9), round(monetary::numeric, 6)), ',' ORDER BY customer)) FROM rfm_by_customer;
SELECT md5(string_agg(format('%s %s %s %s', segment, time, at_risk, round(survival::numeric, 9)), ',' ORDER BY segment, time))
FROM km_by_segment, km_points(curve);
SELECT round((bg).r::numeric, 6), round((sbg).alpha::numeric, 6),
       round(bgnbd_p_alive(cdnow, 2, 30.43, 38.86)::numeric, 9),
       round(bgnbd_expected_purchases(cdnow, 52, 2, 30.43, 38.86)::numeric, 9),
       round(bgnbd_expected_purchases(cdnow, interval '52 weeks', ROW(2, 30.43, 38.86, 20.0, 3, NULL, NULL, 60.0, NULL, interval '7 days')::cr_rfm)::numeric, 9)
FROM stored_models;
SELECT md5(string_agg(format('%s %s', customer_id, frequency), ',' ORDER BY customer_id))
FROM (SELECT part AS customer_id, (rfm_summary_merge(rfm)).frequency FROM stored_states GROUP BY part) m;
SELECT round((nps_merge(nps)).nps::numeric, 9) FROM stored_states;
SELECT round((bgnbd_fit_merge(fit)).r::numeric, 6) FROM stored_fit_states;
SQL
    }
    before=$(report "$db")
    [ -n "$before" ] || { echo "not ok - $v: no report"; exit 1; }

    # 2. pg_dump of the old version restores into the default version
    restored="${db}_restored"
    q -d postgres -c "CREATE DATABASE $restored OWNER crm_owner"
    pg_dump -Fc -d "$db" -f "$PG_TMP_ROOT/$db.dump"
    pg_restore --exit-on-error -U crm_owner -d "$restored" "$PG_TMP_ROOT/$db.dump" 2>"$PG_TMP_ROOT/restore.err" \
        || { cat "$PG_TMP_ROOT/restore.err"; echo "not ok - $v: pg_restore failed"; exit 1; }
    if [ "$(report "$restored")" = "$before" ]; then echo "ok - $v: pg_dump restores into $default with the same answers"
    else echo "not ok - $v: pg_dump restores into $default with other answers"; fail=1; fi

    # 3. ALTER EXTENSION ... UPDATE as the owner
    q -d "$db" -U crm_owner -c "ALTER EXTENSION customer_rel UPDATE"
    got=$(q -d "$db" -At -c "SELECT extversion FROM pg_extension WHERE extname = 'customer_rel'")
    if [ "$got" = "$default" ]; then echo "ok - $v: ALTER EXTENSION UPDATE by the non-superuser owner reaches $default"
    else echo "not ok - $v: ALTER EXTENSION UPDATE left version $got, not $default"; fail=1; fi
    q -d "$db" -U crm_owner -c "REFRESH MATERIALIZED VIEW km_by_segment"
    after=$(report "$db")
    if [ "$after" = "$before" ]; then echo "ok - $v: views, the materialized view, stored models and stored states give the same answers after the update"
    else echo "not ok - $v: answers changed by the update"; echo "# before: $before"; echo "# after:  $after"; fail=1; fi

    # an update path from every released version to the default
    path=$(q -d "$db" -At -c "SELECT coalesce(path, '') FROM pg_extension_update_paths('customer_rel')
                                WHERE source = '$v' AND target = '$default'")
    if [ "$v" = "$default" ] || [ -n "$path" ]; then echo "ok - $v: update path to $default${path:+ ($path)}"
    else echo "not ok - $v: no update path to $default"; fail=1; fi
done

# the default version installs directly
q -d postgres -c "CREATE DATABASE fresh OWNER crm_owner"
q -d fresh -U crm_owner -c "CREATE EXTENSION customer_rel"
got=$(q -d fresh -At -c "SELECT extversion FROM pg_extension WHERE extname = 'customer_rel'")
if [ "$got" = "$default" ]; then echo "ok - CREATE EXTENSION installs $default"; else echo "not ok - fresh install is $got"; fail=1; fi
exit $fail
