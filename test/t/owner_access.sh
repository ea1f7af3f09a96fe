#!/usr/bin/env bash
# Per-owner access (README "Per-owner access"): on the demo data, with row-level security by
# account_manager and one login role per manager — the README's own policies, roles and grants,
# run verbatim — checks that
#   - through every documented view (customer_health, customer_continuity, and the BI views
#     cohort_retention and survival_curve of README "Views for BI tools") each manager sees
#     exactly the rows of their own customers (count and ids), with values equal bit for bit to
#     what the refreshing role (model_refresh) reads for the same customers; every demo table too;
#   - a manager without customers (zoe) sees no row anywhere, and aggregates give NULL;
#   - aggregates of the extension over the tables return, as a manager, exactly what they return
#     over that manager's rows as model_refresh (fits, RFM, NPS, relationship quality, engagement,
#     Kaplan-Meier, cohorts, continuity); no function of the extension is SECURITY DEFINER, has a
#     SET clause or depends on a table, and the library calls neither SPI nor table access;
#   - a manager cannot refresh or write the stored models; model_refresh refreshes them to the
#     same bits as the tables' owner did (it sees every row);
#   - every view the README and the demo create is security_invoker (statically, in the files,
#     and in the database);
#   - relationship_continuity against the demo's truth (who is really alive on 2024-06-30): the
#     number lost inside the 95 % interval of the stored model for every manager and the team,
#     and the stored model's expectation within 1 % of the customers of the true model's;
# with negative controls: a view without security_invoker shows a manager all 3,000 customers,
# and models fitted inside a security_invoker view change a manager's customers' P(alive).
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/pg_tmp.sh
pg_tmp_init private || exit 1
pg_tmp_start owner || exit 1
dir=$PG_TMP_ROOT/owner_access
mkdir -p "$dir"
chmod 777 "$dir"

fail=0 n_ok=0
ok() { echo "ok - $1"; n_ok=$((n_ok + 1)); }
not_ok() { echo "not ok - $1"; fail=1; }
check() {   # name got want
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', want '$3'"; fi
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d demo "$@"; }

# --- the demo database, built by the tables' owner (postgres), as make demo builds it
{
    psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE demo" -c "ALTER DATABASE demo SET TimeZone = 'UTC'" &&
    q -c "SET client_min_messages = warning" -c "CREATE EXTENSION customer_rel" \
      -f test/demo_data.sql -f test/demo_view.sql
} >"$dir/setup.log" 2>&1 || { cat "$dir/setup.log"; echo "not ok - building the demo database failed"; exit 1; }

# --- the README's blocks: the policies, roles and grants; the BI views; every CREATE VIEW
awk -v dir="$dir" '
    /^```sql$/ { n++; in_sql = 1; next }
    /^```/ { in_sql = 0; next }
    in_sql { print > (dir "/readme_" n ".sql") }
' README.md
setup_block=$(grep -l '^CREATE ROLE account_managers' "$dir"/readme_*.sql | head -n 1)
bi_block=$(grep -l '^CREATE VIEW cohort_retention' "$dir"/readme_*.sql | head -n 1)
if [ -z "$setup_block" ] || [ -z "$bi_block" ]; then
    echo "not ok - the README's per-owner setup block or BI views block was not found"; exit 1
fi
if ! q -f "$bi_block" >"$dir/bi.log" 2>&1 || ! q -f "$setup_block" >"$dir/policies.log" 2>&1; then
    cat "$dir/bi.log" "$dir/policies.log"; echo "not ok - the README's blocks failed"; exit 1
fi
ok "the README's policies, roles and grants and its BI views run on the demo data"
q >"$dir/extra.log" 2>&1 <<'SQL' || { cat "$dir/extra.log"; exit 1; }
GRANT SELECT ON cohort_retention, survival_curve TO account_managers, model_refresh;
CREATE ROLE zoe LOGIN IN ROLE account_managers;             -- a manager without customers
-- negative control: the issue's view, customer_health running with its owner's rights
DO $$ BEGIN
    EXECUTE format('CREATE VIEW health_owner_rights AS %s', pg_get_viewdef('customer_health'::regclass));
END $$;
GRANT SELECT ON health_owner_rights TO account_managers;
SQL
managers=$(q -c "SELECT string_agg(DISTINCT account_manager, ' ' ORDER BY account_manager) FROM demo_customers")
check "six managers with login roles" "$(q -c "SELECT count(*) FROM pg_roles r JOIN pg_auth_members a ON a.member = r.oid
    WHERE a.roleid = 'account_managers'::regrole AND r.rolcanlogin")" "7"

# --- static: every view the README and the demo tell users to create is security_invoker
bad_views=$(cat "$dir"/readme_*.sql test/demo_view.sql test/demo.sql |
    grep -E '^[[:space:]]*CREATE( OR REPLACE)?( TEMP| TEMPORARY)? VIEW' | grep -v 'security_invoker = true' || true)
n_views=$(cat "$dir"/readme_*.sql test/demo_view.sql test/demo.sql | grep -cE '^[[:space:]]*CREATE( OR REPLACE)?( TEMP| TEMPORARY)? VIEW')
if [ -z "$bad_views" ] && [ "$n_views" -ge 5 ]; then ok "all $n_views views the README and the demo create are security_invoker"
else not_ok "views without security_invoker: $bad_views"; fi
check "in the database, every view but the negative control is security_invoker" \
    "$(q -c "SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '') FROM pg_class
             WHERE relkind = 'v' AND relnamespace = 'public'::regnamespace
               AND NOT coalesce('security_invoker=true' = ANY (reloptions), false)")" "health_owner_rights"

# --- the probe: one line per figure, "name|rows|md5 of the rows"; :own filters a view with an
# account_manager column, :own_c a table by customer_id. A manager runs it with both 'true'
# (the policies do the filtering); model_refresh with the manager's customers spelled out.
cat >"$dir/probe.sql" <<'SQL'
\pset format unaligned
\pset tuples_only on
\pset fieldsep '|'
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE FUNCTION pg_temp.h(t text) RETURNS text LANGUAGE sql AS $$ SELECT md5(coalesce(t, '')) $$;
-- views
SELECT 'customer_health rows', count(*), pg_temp.h(string_agg(v::text, E'\n' ORDER BY customer_id))
FROM customer_health v WHERE :own;
SELECT 'customer_health ids', count(*), pg_temp.h(string_agg(customer_id::text, ',' ORDER BY customer_id))
FROM customer_health WHERE :own;
SELECT 'customer_continuity rows', count(*),
       pg_temp.h(string_agg(v::text, E'\n' ORDER BY customer_id, period_start))
FROM customer_continuity v WHERE :own;
SELECT 'survival_curve rows', count(*),
       pg_temp.h(string_agg(v::text, E'\n' ORDER BY account_manager, tenure_months))
FROM survival_curve v WHERE :own;
SELECT 'cohort_retention rows', count(*),
       pg_temp.h(string_agg(v::text, E'\n' ORDER BY cohort_month, months_since_start))
FROM :cohort_view v;
-- tables
SELECT 'demo_customers ids', count(*), pg_temp.h(string_agg(customer_id::text, ',' ORDER BY customer_id))
FROM demo_customers WHERE :own;
SELECT t.name, t.n, t.md5 FROM (
    SELECT 'demo_transactions rows' AS name, count(*) AS n,
           pg_temp.h(string_agg(x::text, E'\n' ORDER BY x::text)) AS md5 FROM demo_transactions x WHERE :own_c
    UNION ALL SELECT 'demo_survey rows', count(*), pg_temp.h(string_agg(x::text, E'\n' ORDER BY x::text))
    FROM demo_survey x WHERE :own_c
    UNION ALL SELECT 'demo_rq_answers rows', count(*), pg_temp.h(string_agg(x::text, E'\n' ORDER BY x::text))
    FROM demo_rq_answers x WHERE :own_c
    UNION ALL SELECT 'demo_interactions rows', count(*), pg_temp.h(string_agg(x::text, E'\n' ORDER BY x::text))
    FROM demo_interactions x WHERE :own_c
    UNION ALL SELECT 'demo_memberships rows', count(*), pg_temp.h(string_agg(x::text, E'\n' ORDER BY x::text))
    FROM demo_memberships x WHERE :own_c) t;
-- aggregates of the extension straight over the tables
CREATE TEMP TABLE s AS
SELECT customer_id, rfm_summary(ts, amount, timestamptz '2024-07-01 00:00+00', interval '7 days') AS r
FROM demo_transactions WHERE :own_c GROUP BY customer_id;
SELECT 'rfm_summary', count(*), pg_temp.h(string_agg(r::text, E'\n' ORDER BY customer_id)) FROM s;
SELECT 'bgnbd_fit', count(*), pg_temp.h(bgnbd_fit(r)::text) FROM s;
SELECT 'gamma_gamma_fit', count(*), pg_temp.h(gamma_gamma_fit(r)::text) FROM s;
SELECT 'rfm_summary_state', count(*), pg_temp.h(rfm_summary_state(ts, amount, timestamptz '2024-07-01 00:00+00',
                                                                  interval '7 days')::text)
FROM demo_transactions WHERE :own_c;
SELECT 'nps_summary', count(*), pg_temp.h(nps_summary(nps_score)::text || csat(csat_score) || ces(ces_score))
FROM demo_survey WHERE :own_c;
SELECT 'relationship_quality', count(*), pg_temp.h(relationship_quality(dimension, score, 1, 7)::text)
FROM demo_rq_answers WHERE :own_c;
SELECT 'engagement', count(*), pg_temp.h(engagement(ts, weight, interval '30 days',
                                                    timestamptz '2024-07-01 00:00+00')::text)
FROM demo_interactions WHERE :own_c;
SELECT 'kaplan_meier', count(*),
       pg_temp.h(kaplan_meier(coalesce(cancelled_on, date '2024-06-30') - started_on, cancelled_on IS NOT NULL)::text)
FROM demo_memberships WHERE :own_c;
SELECT 'cohort_activity', count(*),
       pg_temp.h(cohort_activity(customer_id, (date '2024-06-30' - started_on) / 30)::text)
FROM demo_memberships WHERE :own_c;
SELECT 'relationship_continuity', count(*),
       pg_temp.h(relationship_continuity(kept, p_kept, clv_12m, rq_index_before, rq_index_after,
                                         nps_answer_before, nps_answer_after)::text)
FROM customer_continuity WHERE :own;
SQL

# The cohort view as the refreshing role computes it for one manager's customers: the README's
# view with its table restricted (cohorts are not a column the view can be filtered on).
cohort_for() {   # manager → SQL of a subquery
    local body
    body=$(awk '/^CREATE VIEW cohort_retention/ { on = 1; next } on && /;$/ { sub(/;$/, ""); print; exit } on' "$bi_block")
    body=${body//FROM demo_memberships p/FROM (SELECT * FROM demo_memberships WHERE customer_id IN (SELECT customer_id FROM demo_customers WHERE account_manager = \'$1\')) p}
    echo "($body)"
}

probe() {   # role own own_c cohort_view → output file contents on stdout
    psql -X -q -d demo -U "$1" -v own="$2" -v own_c="$3" -v cohort_view="$4" -f "$dir/probe.sql" 2>&1
}

total_rows=0
for m in $managers zoe; do
    own_m="account_manager = '$m'"
    own_c_m="customer_id IN (SELECT customer_id FROM demo_customers WHERE account_manager = '$m')"
    probe "$m" true true cohort_retention >"$dir/as_$m.txt"
    probe model_refresh "$own_m" "$own_c_m" "$(cohort_for "$m")" >"$dir/refresh_for_$m.txt"
    if grep -q 'ERROR' "$dir/as_$m.txt" "$dir/refresh_for_$m.txt"; then
        not_ok "$m: the probe failed: $(grep -h -m 2 'ERROR' "$dir/as_$m.txt" "$dir/refresh_for_$m.txt")"; continue
    fi
    n_lines=$(wc -l <"$dir/as_$m.txt")
    if [ "$n_lines" -lt 21 ]; then not_ok "$m: only $n_lines probe lines"; continue; fi
    if diff "$dir/refresh_for_$m.txt" "$dir/as_$m.txt" >"$dir/diff_$m.txt"; then
        ok "$m sees what model_refresh reads for $m's customers, bit for bit: $(awk -F'|' '
            /^customer_health rows/ { h = $2 } /^customer_continuity rows/ { c = $2 }
            /^demo_transactions rows/ { t = $2 } /^survival_curve rows/ { s = $2 }
            END { printf "%s customers in customer_health, %s in customer_continuity, %s transactions, %s survival points", h, c, t, s }' "$dir/as_$m.txt") ($n_lines figures)"
    else
        not_ok "$m: what the manager sees differs from model_refresh's read of $m's customers:"
        sed 's/^/#   /' "$dir/diff_$m.txt"
    fi
    # ... and it is exactly the manager's customers (count and ids, from the owner's view of the table)
    want_ids=$(q -c "SELECT count(*) || '|' || md5(coalesce(string_agg(customer_id::text, ',' ORDER BY customer_id), ''))
                     FROM demo_customers WHERE account_manager = '$m'")
    check "$m: customer_health holds exactly $m's customers (count and ids)" \
        "$(grep '^customer_health ids|' "$dir/as_$m.txt" | cut -d'|' -f2-)" "$want_ids"
    total_rows=$((total_rows + $(grep '^customer_health rows|' "$dir/as_$m.txt" | cut -d'|' -f2)))
done
check "the managers' customers add up to every customer, each seen by one manager" \
    "$total_rows" "$(q -c "SELECT count(*) FROM demo_customers")"

# zoe: nothing anywhere; every aggregate over nothing is NULL
check "zoe (no customers) sees no row in any view or table" \
    "$(grep -E ' rows\||ids\|' "$dir/as_zoe.txt" | cut -d'|' -f2 | sort -u | tr '\n' ' ')" "0 "
check "zoe: every aggregate of the extension returns NULL (md5 of the empty string)" \
    "$(grep -vE ' rows\||ids\||^rfm_summary\|' "$dir/as_zoe.txt" | cut -d'|' -f3 | sort -u | tr '\n' ' ')" \
    "$(echo -n '' | md5sum | cut -d' ' -f1) "

# --- the stored models: a manager can neither refresh nor write them; model_refresh refreshes
# them to the owner's bits
before=$(q -c "SELECT md5(string_agg(m::text, E'\n' ORDER BY as_of)) FROM (SELECT as_of, purchases, spend,
    engagement_reference, recency_breaks, frequency_breaks, monetary_breaks FROM customer_models) m")
sqlstate() { psql -X -q -d demo -U "$1" -c "\\set VERBOSITY sqlstate" -c "$2" 2>&1 | grep -oE 'ERROR: +[0-9A-Z]{5}' | grep -oE '[0-9A-Z]{5}$' | head -n 1; }
check "ana cannot call refresh_customer_models (42501)" \
    "$(sqlstate ana "SELECT refresh_customer_models(timestamptz '2024-07-01 00:00+00')")" "42501"
check "ana cannot insert into customer_models (42501)" \
    "$(sqlstate ana "INSERT INTO customer_models SELECT * FROM customer_models")" "42501"
check "ana cannot update customer_models (42501)" \
    "$(sqlstate ana "UPDATE customer_models SET engagement_reference = 1")" "42501"
out=$(psql -X -q -At -d demo -U model_refresh -v ON_ERROR_STOP=1 \
    -c "SELECT (refresh_customer_models(timestamptz '2024-01-01 00:00+00')).as_of" \
    -c "SELECT (refresh_customer_models(timestamptz '2024-07-01 00:00+00')).as_of" 2>&1)
after=$(q -c "SELECT md5(string_agg(m::text, E'\n' ORDER BY as_of)) FROM (SELECT as_of, purchases, spend,
    engagement_reference, recency_breaks, frequency_breaks, monetary_breaks FROM customer_models) m")
if [ "$(echo "$out" | wc -l)" = 2 ] && [ "$before" = "$after" ]; then
    ok "model_refresh refreshes both stored models to the bits the tables' owner stored (it sees every row)"
else not_ok "model_refresh's refresh: $out; stored models $before before, $after after"; fi

# --- the extension computes on its arguments only
check "no function of the extension is SECURITY DEFINER, has a SET clause, or is in a language but C, internal or SQL" \
    "$(q -c "SELECT count(*) FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
             AND d.deptype = 'e' AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'customer_rel')
             WHERE p.prosecdef OR p.proconfig IS NOT NULL
                OR p.prolang NOT IN (SELECT oid FROM pg_language WHERE lanname IN ('c', 'internal', 'sql'))")" "0"
check "no function of the extension depends on a table or a view" \
    "$(q -c "SELECT count(*) FROM pg_depend e JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = e.objid
             JOIN pg_class c ON d.refclassid = 'pg_class'::regclass AND c.oid = d.refobjid
             WHERE e.classid = 'pg_proc'::regclass AND e.deptype = 'e'
               AND e.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'customer_rel')
               AND c.relkind IN ('r', 'v', 'm', 'p', 'f')")" "0"
# The server's own PKGLIBDIR: the private installation, built here or reused from make test.
lib=$(q -c "SELECT setting FROM pg_config WHERE name = 'PKGLIBDIR'")/customer_rel.so
[ -f "$lib" ] || lib=
if [ -z "$lib" ]; then not_ok "customer_rel.so not found in the private installation"
else
    calls=$(nm -D --undefined-only "$lib" | awk '{ print $2 }' |
        grep -E '^(SPI_|table_(open|beginscan|close)|relation_open|try_relation_open|heap_(open|beginscan|getnext)|index_(open|beginscan)|systable_beginscan|ExecutorStart|PQ)' || true)
    if [ -z "$calls" ]; then ok "customer_rel.so calls neither SPI nor any table or index access function"
    else not_ok "customer_rel.so imports: $calls"; fi
fi

# --- negative controls: the two failures of the issue, reproduced
check "negative control: a view without security_invoker shows ana every customer" \
    "$(psql -X -q -At -d demo -U ana -c "SELECT count(*) FROM health_owner_rights")" "$(q -c "SELECT count(*) FROM demo_customers")"
changed=$(psql -X -q -At -d demo -U ana <<'SQL'
WITH s AS (SELECT customer_id, rfm_summary(ts, amount, timestamptz '2024-07-01 00:00+00', interval '7 days') AS r
           FROM demo_transactions GROUP BY customer_id),
own_fit AS (SELECT bgnbd_fit(r) AS m FROM s)
SELECT count(*) FILTER (WHERE abs(bgnbd_p_alive(f.m, s.r) - h.p_alive) > 1e-6) || ' of ' || count(*)
FROM s JOIN customer_health h USING (customer_id) CROSS JOIN own_fit f
SQL
)
case $changed in
    0\ of*|"") not_ok "negative control: a model fitted over ana's rows alone does not change her P(alive)s ($changed)" ;;
    *) ok "negative control: a model fitted inside the view over ana's rows would change P(alive) of $changed of her customers" ;;
esac

# --- relationship_continuity against the demo's truth (who is alive on 2024-06-30)
q -F ' | ' >"$dir/truth.txt" <<'SQL'
SELECT coalesce(account_manager, 'team') AS owner, (c).lost, round((c).expected_lost::numeric, 1),
       round((c).expected_lost_low::numeric, 1), round((c).expected_lost_high::numeric, 1),
       round((t).expected_lost::numeric, 1),
       (c).lost BETWEEN (c).expected_lost_low AND (c).expected_lost_high AS inside,
       abs((c).expected_lost - (t).expected_lost) <= 0.01 * (c).customers AS close_to_truth,
       (c).customers = (t).customers AND (c).lost = (t).lost AS same_customers
FROM (SELECT d.account_manager,
             relationship_continuity(l.alive, bgnbd_p_alive(m.purchases, s.r), NULL) AS c,
             relationship_continuity(l.alive, l.p_alive, NULL) AS t           -- the true model's P(alive)
      FROM demo_customers d JOIN demo.latent l USING (customer_id)
      CROSS JOIN (SELECT purchases FROM customer_models ORDER BY as_of DESC LIMIT 1) m
      CROSS JOIN LATERAL (SELECT rfm_summary(t.ts, t.amount, timestamptz '2024-07-01 00:00+00', interval '7 days') AS r
                          FROM demo_transactions t WHERE t.customer_id = d.customer_id) s
      GROUP BY ROLLUP (d.account_manager)) x
ORDER BY account_manager NULLS LAST;
SQL
echo "# owner | lost (truth) | expected lost (stored model) | 95 % low | high | expected lost (true model) | ..."
sed 's/^/#   /' "$dir/truth.txt"
check "truth: 7 groups (six managers and the team)" "$(wc -l <"$dir/truth.txt")" "7"
check "truth: every group's real loss is inside its 95 % interval" "$(grep -c ' | t | t | t$' "$dir/truth.txt")" "7"

echo "# $n_ok checks passed"
[ "$fail" -eq 0 ] && echo "owner_access: ok"
exit "$fail"
