#!/usr/bin/env bash
# search_path capture, tried as an attacker would (issue 8). customer_rel is trusted: a database
# owner who is not superuser installs it, and the script runs as the bootstrap superuser with the
# target schema on the search_path. Whatever the script leaves to name resolution there (an
# unqualified operator in a DEFAULT, a built-in in a SQL body) can bind to an exact-match
# look-alike planted in that schema by any role with CREATE on it, and then runs with the rights
# of whoever calls the function — a superuser included.
#
# So: a role attacker with CREATE on schema public plants look-alikes of every operator and
# built-in function the assembled install script uses (test/t/lib/capture_plant.sql derives
# them from the script's text, so a new use is covered without editing this test), in template1
# so that every database the regression tests create has them too. Every look-alike raises
# WARNING 'customer_rel capture: <signature>' and logs itself when it runs. Then a database owner
# installs the extension, a superuser runs the whole pg_regress suite against that installation
# and calls the simulators with their defaults, and nothing planted may have run or be bound.
# Before that, every look-alike is called once through an unqualified use (SELECT 1.0 / 7 and
# the like) to show that the planting works and the test is not vacuous.
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
. test/pg_tmp.sh
pg_tmp_init private
pg_tmp_start capture
server_log=$PG_TMP_ROOT/capture/server.log
started=$SECONDS

# The scripts as installed in the private installation (what CREATE EXTENSION runs): the
# frozen 1.0 script and every upgrade script after it, read as one.
inst=${PG_TMP_BINDIR%"$("$PG_CONFIG" --bindir)"}
extdir="$inst$("$PG_CONFIG" --sharedir)/extension"
[ -f "$extdir/customer_rel--1.0.sql" ] || { echo "install script not found in $extdir"; exit 1; }
script=$PG_TMP_ROOT/customer_rel-all-scripts.sql
cat "$extdir"/customer_rel--*.sql > "$script"

q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
# Checks run with pg_catalog only on the path, so the look-alikes in public cannot touch them.
qc() { PGOPTIONS="-c search_path=pg_catalog" psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
failures=0
bad() { echo "FAIL: $*"; failures=$((failures + 1)); }

# ---- roles, and the attacker's foothold in template1 (copied into every new database)
q -d postgres <<'SQL'
CREATE ROLE attacker LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE dbowner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
SQL
q -d template1 <<'SQL'
CREATE SCHEMA capture AUTHORIZATION attacker;
GRANT CREATE ON SCHEMA public TO attacker;
SQL

echo "== planting look-alikes (as attacker, in template1.public)"
{ printf '\\set script `cat %q`\n' "$script"; cat test/t/lib/capture_plant.sql; } |
    q -U attacker -d template1 2>&1 | sed 's/^psql:[^ ]* NOTICE:  /  /'
planted=$(qc -d template1 -c "SELECT count(*) FROM capture.planted")
echo "planted: $planted look-alikes ($(qc -d template1 -c "SELECT string_agg(kind || 's ' || n, ', ' ORDER BY kind) FROM (SELECT kind, count(*) n FROM capture.planted GROUP BY kind) x"))"
[ "$planted" -gt 0 ] || { echo "nothing planted"; exit 1; }

q -d postgres -c "CREATE DATABASE contrib_regression OWNER dbowner"

echo "== the planting is not vacuous: each look-alike fires for an unqualified use"
# As a superuser with the attacker's schema on the path (quietly: thousands of calls).
q -d contrib_regression <<'SQL'
SET capture.quiet = on;
SET client_min_messages = error;
SELECT 1.0 / 7 AS "1.0 / 7";
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT call FROM capture.planted LOOP
        EXECUTE 'SELECT ' OPERATOR(pg_catalog.||) r.call;
    END LOOP;
END $$;
SQL
fired=$(qc -d contrib_regression -c "SELECT count(DISTINCT sig) FROM capture.log")
silent=$(qc -d contrib_regression -c "SELECT string_agg(p.sig, '; ') FROM capture.planted p WHERE NOT EXISTS (SELECT 1 FROM capture.log l WHERE l.sig = p.sig)")
div=$(qc -d contrib_regression -c "SELECT count(*) FROM capture.log WHERE sig = 'operator /(numeric, integer)' AND query LIKE '%1.0 / 7%'")
echo "fired: $fired of $planted; SELECT 1.0 / 7 captured: $div"
[ -z "$silent" ] || bad "look-alikes that an unqualified use does not reach: $silent"
[ "$div" -ge 1 ] || bad "SELECT 1.0 / 7 was not captured by the planted /(numeric, integer)"
q -U attacker -d contrib_regression -c "TRUNCATE capture.log"
[ "$failures" -eq 0 ] || { echo "capture: the planting does not work"; exit 1; }

echo "== CREATE EXTENSION by the database owner (not superuser), search_path \"\$user\", public"
q -U dbowner -d contrib_regression <<'SQL'
SHOW search_path;
CREATE EXTENSION customer_rel;
SQL
echo "installed in schema $(qc -d contrib_regression -c "SELECT extnamespace::regnamespace FROM pg_extension WHERE extname = 'customer_rel'") by $(qc -d contrib_regression -c "SELECT extowner::regrole FROM pg_extension WHERE extname = 'customer_rel'")"

# Bound at install time: anything of the extension that depends on an object of the attacker's.
bound=$(qc -d contrib_regression <<'SQL'
WITH theirs AS (
    SELECT 'pg_proc'::regclass AS c, oid FROM pg_proc WHERE proowner = 'attacker'::regrole
    UNION ALL SELECT 'pg_operator'::regclass, oid FROM pg_operator WHERE oprowner = 'attacker'::regrole
    UNION ALL SELECT 'pg_type'::regclass, oid FROM pg_type WHERE typowner = 'attacker'::regrole
    UNION ALL SELECT 'pg_class'::regclass, oid FROM pg_class WHERE relowner = 'attacker'::regrole)
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) || ' -> '
       || pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid)
FROM pg_depend d JOIN theirs t ON t.c = d.refclassid AND t.oid = d.refobjid
WHERE d.refclassid IN ('pg_proc'::regclass, 'pg_operator'::regclass)
  AND NOT EXISTS (SELECT 1 FROM theirs u WHERE u.c = d.classid AND u.oid = d.objid)
ORDER BY 1;
SQL
)
echo "extension objects bound to a look-alike: $(printf '%s' "$bound" | grep -c . || true)"
[ -z "$bound" ] || bad "extension objects bound to the attacker's look-alikes:"$'\n'"$bound"

# Resolved at call time, with the caller's search_path: SQL bodies kept as strings, other
# procedural languages, SET clauses. The conventions allow none of them.
late=$(qc -d contrib_regression <<'SQL'
SELECT p.oid::regprocedure || ' (' || l.lanname
       || CASE WHEN l.lanname = 'sql' AND p.prosqlbody IS NULL THEN ', body is a string' ELSE '' END
       || CASE WHEN p.proconfig IS NOT NULL THEN ', SET ' || array_to_string(p.proconfig, ' ') ELSE '' END
       || CASE WHEN p.prosecdef THEN ', SECURITY DEFINER' ELSE '' END || ')'
FROM pg_proc p
JOIN pg_language l ON l.oid = p.prolang
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_rel'
WHERE (l.lanname NOT IN ('c', 'internal', 'sql') OR (l.lanname = 'sql' AND p.prosqlbody IS NULL)
       OR p.proconfig IS NOT NULL OR p.prosecdef)
ORDER BY 1;
SQL
)
echo "extension functions resolving names at call time: $(printf '%s' "$late" | grep -c . || true)"
[ -z "$late" ] || bad "functions resolving names at call time or running with other rights:"$'\n'"$late"

echo "== the simulators with their defaults, called by a superuser"
q -d contrib_regression -At <<'SQL'
SELECT 'bgnbd_simulate: ' OPERATOR(pg_catalog.||) count(*)::text
FROM bgnbd_simulate(bgnbd_model(0.243, 4.414, 0.793, 2.426), 200, 39, 1);
SELECT 'mbgnbd_simulate: ' OPERATOR(pg_catalog.||) count(*)::text
FROM mbgnbd_simulate(mbgnbd_model(0.243, 4.414, 0.793, 2.426), 200, 39, 1);
SELECT 'pareto_nbd_simulate: ' OPERATOR(pg_catalog.||) count(*)::text
FROM pareto_nbd_simulate(pareto_nbd_model(0.553, 10.578, 0.606, 11.669), 200, 39, 1);
SQL
# The default still means days in weeks: every recency a whole number of sevenths.
offgrid=$(qc -d contrib_regression <<'SQL'
SELECT count(*) FROM (
    SELECT recency FROM public.bgnbd_simulate(public.bgnbd_model(0.243, 4.414, 0.793, 2.426), 200, 39, 1)
    UNION ALL SELECT recency FROM public.mbgnbd_simulate(public.mbgnbd_model(0.243, 4.414, 0.793, 2.426), 200, 39, 1)
    UNION ALL SELECT recency FROM public.pareto_nbd_simulate(public.pareto_nbd_model(0.553, 10.578, 0.606, 11.669), 200, 39, 1)) s
WHERE abs(recency * 7 - round(recency * 7)) > 1e-9;
SQL
)
[ "$offgrid" = 0 ] || bad "$offgrid simulated recencies are not whole days (default resolution 1/7)"

# The regression files' own SQL (x / 2 over float8, and the like) would itself be captured by
# the look-alikes in public, which says nothing about the extension: a superuser who puts a
# schema others can write on the path is exposed with or without it. So the attacker moves the
# look-alikes to schema capture, off the path. They are the same objects, and whatever the
# extension bound to them at install time (a DEFAULT, a BEGIN ATOMIC body) still calls them by
# oid; what resolves names at call time was refused above. The tests that install the extension
# in a database of their own (naming, trusted) still install it next to the look-alikes, which
# template1 keeps in public.
q -U attacker -d contrib_regression <<'SQL'
SET search_path = pg_catalog;
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT oid::regoperator AS o FROM pg_operator
             WHERE oprowner = 'attacker'::regrole AND oprnamespace = 'public'::regnamespace LOOP
        EXECUTE format('ALTER OPERATOR %s SET SCHEMA capture', r.o);
    END LOOP;
    FOR r IN SELECT oid::regprocedure AS f, prokind FROM pg_proc
             WHERE proowner = 'attacker'::regrole AND pronamespace = 'public'::regnamespace LOOP
        EXECUTE format('ALTER %s %s SET SCHEMA capture',
                       CASE r.prokind WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.f);
    END LOOP;
END $$;
SQL

echo "== pg_regress suite against this installation, as a superuser"
data=${CUSTOMER_REL_DATA:-$(cd "$top/.." && pwd)/shared/data}
export CUSTOMER_REL_DATA=$data
tests=()
for f in sql/*.sql; do
    case "$f" in sql/customer_rel--*) continue ;; esac
    if head -n 1 "$f" | grep -q 'requires: shared-data' && [ ! -f "$data/CDNOW_sample.txt" ]; then
        continue
    fi
    tests+=("$(basename "$f" .sql)")
done
out=$top/build/capture
rm -rf "$out"; mkdir -p "$out"
if ! "$(dirname "$("$PG_CONFIG" --pgxs)")/../test/regress/pg_regress" --inputdir=. --use-existing \
        --outputdir="$out" --bindir="$PG_TMP_BINDIR" --host="$PG_TMP_HOST" --port="$PG_TMP_PORT" \
        --user=postgres --dbname=contrib_regression "${tests[@]}" >"$out/pg_regress.log" 2>&1; then
    grep -E '\.\.\. |tests? (passed|failed)' "$out/pg_regress.log" | grep -v '\.\.\. ok' || true
    [ -s "$out/regression.diffs" ] && head -n 80 "$out/regression.diffs"
    bad "pg_regress against the attacked installation (diffs in $out)"
else
    tail -n 3 "$out/pg_regress.log" | grep -v '^$' || true
fi

echo "== did anything planted run?"
logged=$(qc -d contrib_regression -c "SELECT string_agg(DISTINCT sig, '; ') FROM capture.log")
[ -z "$logged" ] || bad "look-alikes ran (capture.log): $logged"$'\n'"$(qc -d contrib_regression -c "SELECT DISTINCT ON (sig) sig || ' <- ' || left(query, 200) FROM capture.log ORDER BY sig")"
if grep -h 'customer_rel capture' "$server_log" "$out"/results/*.out >/dev/null 2>&1; then
    bad "look-alikes ran (server log / test output):"$'\n'"$(grep -h 'customer_rel capture' "$server_log" "$out"/results/*.out | sed 's/.*WARNING: *//' | sort | uniq -c | head -n 20)"
fi

echo "runtime: $((SECONDS - started)) s"
if [ "$failures" -gt 0 ]; then echo "capture: $failures failure(s)"; exit 1; fi
echo "capture: ok (nothing of $planted look-alikes ran or was bound)"
