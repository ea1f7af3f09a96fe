#!/usr/bin/env bash
# Keeps README.md's SQL honest: extracts every ```sql block of README.md, in order, and runs it
# verbatim against a private throwaway installation, so the README cannot drift from the code.
#
# Databases (one cluster):
#   demo   the extension + test/demo_data.sql + test/demo_view.sql, as `make demo` builds it
#          (the default for every block)
#   data   the extension + test/demo_data.sql only (for the block that shows demo_view.sql)
#   empty  no extension (for the blocks that create it)
# Each block runs in its own psql session as BEGIN; <setup>; <block>; ROLLBACK; with
# ON_ERROR_STOP, so blocks cannot depend on each other's side effects or change the databases.
# A block passes when it runs without an ERROR and without a WARNING (a README example that warns
# — a fit that does not converge — is not one to copy). When a plain ``` fence follows a sql block
# directly (nothing but blank lines between), it is the output the README claims: the block's
# output (psql aligned format, no row-count footer) must equal it, apart from trailing blanks.
#
# An HTML comment (invisible on GitHub) on the lines right before a block's fence changes this:
#   <!-- readme-test: database empty -->     run in the database `empty` (or `data`)
#   <!-- readme-test: setup cdnow -->        load shared reference data into TEMP tables first:
#        cdnow     (id int, day date, amount float8)   the CDNOW sample's transactions
#        summary   (id, frequency, recency, t, monetary) its calibration summaries, weeks, to
#                  1997-09-30, made by rfm_summary (the BG/NBD quick start's `summary`)
#        donations (frequency, recency, periods, weights)  donations.csv
#        shards    local stand-ins for the sharded tables of "Scaling out" (customers,
#                  transactions, visits, answers), filled from the demo tables
#      blocks that need cdnow, summary or donations are skipped (and counted as skipped, not passed) when the data folder
#      ($CUSTOMER_REL_DATA, default ../shared/data) is absent
#   <!-- readme-test: error 22023 -->        the block must fail with exactly this SQLSTATE
#   <!-- readme-test: skip (reason) -->      not run (counted as skipped); keep these few
# Several directives may share one comment, separated by ';'.
#
# Also checked: the README block that shows test/demo_view.sql is that file, minus its header
# comment, so the documentation and the demo cannot diverge.
set -uo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
export CUSTOMER_REL_DATA=${CUSTOMER_REL_DATA:-$(cd "$top/.." && pwd)/shared/data}
have_data=0
[ -f "$CUSTOMER_REL_DATA/CDNOW_sample.txt" ] && [ -f "$CUSTOMER_REL_DATA/donations.csv" ] && have_data=1

. test/pg_tmp.sh
pg_tmp_init private || exit 1
pg_tmp_start readme || exit 1
start=$(date +%s%N)

dir=$PG_TMP_ROOT/readme
mkdir -p "$dir"

# --- extract: block_N.sql, block_N.meta ("line<TAB>directives"), block_N.expected (output fence)
awk -v dir="$dir" '
    function flush_dirs() { pending = "" }
    /^<!-- readme-test: .* -->[ \t]*$/ && !in_code {
        d = $0; sub(/^<!-- readme-test: /, "", d); sub(/ -->[ \t]*$/, "", d)
        pending = (pending == "" ? d : pending ";" d); next }
    /^```/ {
        if (!in_code) {
            in_code = 1
            if ($0 == "```sql") {
                kind = "sql"; n++; after = 0
                printf "%d\t%s\n", NR, pending > (dir "/block_" n ".meta")
                printf "" > (dir "/block_" n ".sql")
            } else if ($0 == "```" && after) {
                kind = "expected"; printf "" > (dir "/block_" n ".expected")
            } else kind = "other"
            after = 0; flush_dirs(); next
        }
        in_code = 0
        if (kind == "sql") after = 1
        next
    }
    in_code && kind == "sql"      { print > (dir "/block_" n ".sql"); next }
    in_code && kind == "expected" { print > (dir "/block_" n ".expected"); next }
    in_code { next }
    /^[ \t]*$/ { next }
    { after = 0; flush_dirs() }
    END { print n > (dir "/count") }
' README.md
n_blocks=$(cat "$dir/count")
n_fences=$(grep -c '^```sql$' README.md)
if [ "$n_blocks" -ne "$n_fences" ] || [ "$n_blocks" -eq 0 ]; then
    echo "not ok - extracted $n_blocks blocks, README.md has $n_fences \`\`\`sql fences"; exit 1
fi

# --- databases
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
{
    psql_q -d postgres -c 'CREATE DATABASE readme_data' -c 'CREATE DATABASE readme_empty' &&
    psql_q -d readme_data -c 'CREATE EXTENSION customer_rel' -f test/demo_data.sql &&
    psql_q -d postgres -c 'CREATE DATABASE readme_demo TEMPLATE readme_data' &&
    psql_q -d readme_demo -f test/demo_view.sql
} >"$dir/setup.log" 2>&1 || { cat "$dir/setup.log"; echo "not ok - building the demo database failed"; exit 1; }
echo "# demo databases built in $(( ($(date +%s%N) - start) / 1000000 )) ms"

# --- the setups (SQL run inside the block's transaction, before the block)
setup_sql() {   # $1 = name; prints SQL
    case $1 in
        cdnow)
            echo "CREATE TEMP TABLE cdnow (id int, day date, amount float8);"
            echo "COPY cdnow FROM STDIN;"
            # " 00004 0001 19970101  2   29.33": master id, id, yyyymmdd, CDs, dollars (CRLF)
            awk '{ sub(/\r$/, ""); if (NF >= 5) printf "%d\t%s-%s-%s\t%s\n", $2 + 0,
                   substr($3, 1, 4), substr($3, 5, 2), substr($3, 7, 2), $5 }' \
                "$CUSTOMER_REL_DATA/CDNOW_sample.txt"
            echo '\.' ;;
        summary)
            setup_sql cdnow
            cat <<'SQL'
CREATE TEMP TABLE summary AS
SELECT id, (s).frequency, (s).recency, (s).t, (s).monetary
FROM (SELECT id, rfm_summary(day, amount, date '1997-09-30', interval '7 days') AS s
      FROM cdnow GROUP BY id) x;
SQL
            ;;
        donations)
            echo "CREATE TEMP TABLE donations (frequency int, recency int, periods int, weights int);"
            echo "COPY donations FROM STDIN (FORMAT csv, HEADER);"
            tr -d '\r' <"$CUSTOMER_REL_DATA/donations.csv"
            echo '\.' ;;
        shards)
            # Local stand-ins for the sharded tables of "Scaling out" (customers, transactions,
            # visits, answers): the same columns, partitioned by the same key, but the partitions
            # are local tables, so the queries' SQL is checked, not the shipping to shards
            # (test/t/fdw_shards.sh and test/t/fdw_models.sh run that on real clusters).
            cat <<'SQL'
SET LOCAL TimeZone = 'UTC';
CREATE TABLE customers (region text, customer_id bigint,
                        frequency float8, recency float8, t float8, monetary float8)
    PARTITION BY LIST (region);
CREATE TABLE customers_north PARTITION OF customers FOR VALUES IN ('north');
CREATE TABLE customers_south PARTITION OF customers FOR VALUES IN ('south');
INSERT INTO customers
SELECT CASE WHEN customer_id % 2 = 0 THEN 'north' ELSE 'south' END, customer_id,
       (r).frequency, (r).recency, (r).t, (r).monetary
FROM (SELECT customer_id, rfm_summary(ts, amount, timestamptz '2024-06-30', interval '7 days') AS r
      FROM demo_transactions GROUP BY customer_id) x;
CREATE TABLE transactions (channel text, customer_id bigint, ts timestamptz, amount float8)
    PARTITION BY LIST (channel);
CREATE TABLE transactions_web PARTITION OF transactions FOR VALUES IN ('web');
CREATE TABLE transactions_store PARTITION OF transactions FOR VALUES IN ('store');
INSERT INTO transactions
SELECT CASE WHEN extract(minute FROM ts)::int % 3 = 0 THEN 'store' ELSE 'web' END,
       customer_id, ts, amount
FROM demo_transactions;
CREATE TABLE visits (region text, cohort date, customer_id bigint, period_index int)
    PARTITION BY LIST (region);
CREATE TABLE visits_north PARTITION OF visits FOR VALUES IN ('north');
CREATE TABLE visits_south PARTITION OF visits FOR VALUES IN ('south');
INSERT INTO visits
SELECT CASE WHEN customer_id % 2 = 0 THEN 'north' ELSE 'south' END, first_month, customer_id,
       ((extract(year FROM ts) - extract(year FROM first_month)) * 12
        + extract(month FROM ts) - extract(month FROM first_month))::int
FROM (SELECT customer_id, ts, date_trunc('month', min(ts) OVER (PARTITION BY customer_id))::date
             AS first_month
      FROM demo_transactions) t;
CREATE TABLE answers (region text, customer_id int, score int, csat int2, ces int8)
    PARTITION BY LIST (region);
CREATE TABLE answers_north PARTITION OF answers FOR VALUES IN ('north');
CREATE TABLE answers_south PARTITION OF answers FOR VALUES IN ('south');
INSERT INTO answers
SELECT CASE WHEN customer_id % 2 = 0 THEN 'north' ELSE 'south' END, customer_id,
       nps_score, csat_score, ces_score
FROM demo_survey;
SQL
            ;;
        *) return 1 ;;
    esac
}
needs_data() { case $1 in cdnow|summary|donations) return 0 ;; *) return 1 ;; esac; }

# Trailing blanks and trailing empty lines do not count.
norm() { sed -E 's/[[:space:]]+$//' "$1" | awk '{ l[NR] = $0 } END { n = NR; while (n > 0 && l[n] == "") n--
                                                  for (i = 1; i <= n; i++) print l[i] }'; }

passed=0 failed=0 skipped=0 skipped_data=0 compared=0
for ((i = 1; i <= n_blocks; i++)); do
    IFS=$'\t' read -r line dirs <"$dir/block_$i.meta"
    what="README block $i (line $line)"
    db=readme_demo expect_error="" skip_reason="" setups=()
    bad_directive=""
    IFS=';' read -ra parts <<<"$dirs"
    for d in "${parts[@]}"; do
        d=$(echo "$d" | sed -E 's/^[[:space:]]+|[[:space:]]+$//g')
        case $d in
            "") ;;
            "database empty") db=readme_empty ;;
            "database data") db=readme_data ;;
            "database demo") db=readme_demo ;;
            setup\ *) setups+=("${d#setup }") ;;
            error\ [0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]) expect_error=${d#error } ;;
            skip*) skip_reason=$(echo "${d#skip}" | sed -E 's/^[[:space:]:(]+|[)[:space:]]+$//g') ;;
            *) bad_directive=$d ;;
        esac
    done
    if [ -n "$bad_directive" ]; then
        echo "not ok - $what: unknown directive '$bad_directive'"; failed=$((failed + 1)); continue
    fi
    if [ -n "$skip_reason" ]; then
        [ "${#setups[@]}" -gt 0 ] || [ -n "$expect_error" ] && {
            echo "not ok - $what: skip combined with other directives"; failed=$((failed + 1)); continue; }
        echo "skip - $what: $skip_reason"; skipped=$((skipped + 1)); continue
    fi
    want_data=0
    for s in "${setups[@]}"; do needs_data "$s" && want_data=1; done
    if [ "$want_data" -eq 1 ] && [ "$have_data" -eq 0 ]; then
        echo "skip - $what: needs ${setups[*]} from $CUSTOMER_REL_DATA, which is absent"
        skipped_data=$((skipped_data + 1)); continue
    fi

    f=$dir/run_$i.sql
    {
        echo '\set ON_ERROR_STOP 1'
        echo '\set VERBOSITY verbose'
        echo '\pset footer off'
        echo 'BEGIN;'
        ok_setup=1
        for s in "${setups[@]}"; do setup_sql "$s" || ok_setup=0; done
        [ "$ok_setup" -eq 1 ] || echo "\\echo unknown setup"
        cat "$dir/block_$i.sql"
        echo
        echo 'ROLLBACK;'
    } >"$f"
    psql -X -q -d "$db" -f "$f" >"$dir/out_$i.txt" 2>"$dir/err_$i.txt"
    rc=$?
    err=$(grep -m 1 -E '^(psql:[^ ]* )?(ERROR|WARNING|FATAL|PANIC): ' "$dir/err_$i.txt" | sed -E 's/^psql:[^ ]* //')
    if [ -n "$expect_error" ]; then
        got=$(grep -m 1 -oE 'ERROR:  [0-9A-Z]{5}:' "$dir/err_$i.txt" | sed -E 's/ERROR:  |://g')
        if [ "$rc" -ne 0 ] && [ "$got" = "$expect_error" ]; then
            echo "ok - $what (fails with SQLSTATE $expect_error, as marked)"; passed=$((passed + 1))
        else
            echo "not ok - $what: expected SQLSTATE $expect_error, got ${got:-no error}${err:+: $err}"
            failed=$((failed + 1))
        fi
        continue
    fi
    if [ "$rc" -ne 0 ] || grep -qE '^(psql:[^ ]* )?(ERROR|WARNING|FATAL|PANIC): ' "$dir/err_$i.txt"; then
        echo "not ok - $what: ${err:-psql exited with $rc}"
        sed -n '1,12s/^/#   /p' "$dir/err_$i.txt"
        failed=$((failed + 1)); continue
    fi
    if [ "$ok_setup" -eq 0 ]; then
        echo "not ok - $what: unknown setup in '${setups[*]}'"; failed=$((failed + 1)); continue
    fi
    if [ -f "$dir/block_$i.expected" ]; then
        compared=$((compared + 1))
        if ! diff -u <(norm "$dir/block_$i.expected") <(norm "$dir/out_$i.txt") >"$dir/diff_$i.txt"; then
            echo "not ok - $what: the output shown in the README differs from what the block prints"
            sed 's/^/#   /' "$dir/diff_$i.txt"
            failed=$((failed + 1)); continue
        fi
        echo "ok - $what (output as shown)"
    else
        echo "ok - $what"
    fi
    passed=$((passed + 1))
done

# The README's copy of test/demo_view.sql is the file without its header comment.
view_block=$(grep -l '^CREATE VIEW customer_health' "$dir"/block_*.sql | head -n 1)
if [ -z "$view_block" ]; then
    echo "not ok - no README block creates the view customer_health"; failed=$((failed + 1))
elif diff -u <(awk 'body || (!/^--/ && !/^$/) { body = 1; print }' test/demo_view.sql) "$view_block" \
        >"$dir/view.diff"; then
    echo "ok - the README's customer_health block is test/demo_view.sql"; passed=$((passed + 1))
else
    echo "not ok - the README's customer_health block differs from test/demo_view.sql:"
    sed 's/^/#   /' "$dir/view.diff"; failed=$((failed + 1))
fi

echo "# README.md: $n_blocks sql blocks; $passed checks passed, $failed failed," \
     "$skipped skipped as marked, $skipped_data skipped for want of $CUSTOMER_REL_DATA;" \
     "$compared outputs compared; $(( ($(date +%s%N) - start) / 1000000 )) ms"
[ "$failed" -eq 0 ]
