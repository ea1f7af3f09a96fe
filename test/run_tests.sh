#!/usr/bin/env bash
# make test: every suite, against throwaway clusters —
#   1. unit tests of src/core (plain C, no server)          test/unit/test_*.c
#   2. pg_regress files                                     sql/*.sql, expected/*.out
#   3. multi-node and whole-cluster scripts                 test/t/*.sh (exit 0 pass, 77 skip)
#   4. bounded libFuzzer runs of src/core                   test/fuzz/fuzz_*.c
# and ends with one line "N passed, N failed, N skipped"; exits non-zero on any failure.
# SUITES="unit regress scripts fuzz" (the default) picks suites, CR_SCRIPTS="name ..." the scripts of
# test/t to run (default: all; make test-versions leaves out those needing other engines); the fuzzers run from a fixed
# seed (FUZZ_SEED, default 1) so a CI run is reproducible — `make fuzz` explores with random
# seeds for longer.
# Tests that read ../shared/data (first line "-- requires: shared-data") are skipped, and counted
# as skipped, when that folder is not there.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
. test/pg_tmp.sh

passed=0 failed=0 skipped=0
failures=()
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAILED: $1"; }
skip() { skipped=$((skipped + 1)); echo "skipped: $1${2:+ ($2)}"; }
finish() {
    echo
    if [ ${#failures[@]} -gt 0 ]; then
        echo "Failures:"; printf '  %s\n' "${failures[@]}"
    fi
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit $?
}

export CUSTOMER_REL_DATA=${CUSTOMER_REL_DATA:-$(cd "$top/.." && pwd)/shared/data}
have_data=0
[ -f "$CUSTOMER_REL_DATA/CDNOW_sample.txt" ] && have_data=1
needs_data() { head -n 1 "$1" | grep -q 'requires: shared-data'; }
CC=${CC:-cc}
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
FUZZ_SEED=${FUZZ_SEED:-1}
SUITES=${SUITES:-unit regress scripts fuzz}
suite() { case " $SUITES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
build=$top/build
mkdir -p "$build"

echo "== build (warnings are errors)"
if ! make -s with_llvm=no WERROR=1 >"$build/make.log" 2>&1; then
    cat "$build/make.log"
    fail "build"
    finish
fi
pass

core_srcs=$(ls src/core/*.c 2>/dev/null)
# glibc's vector math library, as the Makefile links it (src/core/vecmath.c), where it exists
core_libs="$(make -s --no-print-directory core-flags)"
suite unit && echo "== unit tests (src/core, no server)"
mkdir -p "$build/unit"
suite unit && for t in test/unit/test_*.c; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .c)
    if ! $CC -std=c11 -O2 -g -Wall -Wextra -Werror -Isrc/core -Itest/unit -o "$build/unit/$name" \
            "$t" $core_srcs $core_libs >"$build/unit/$name.build.log" 2>&1; then
        cat "$build/unit/$name.build.log"; fail "unit/$name (does not compile)"; continue
    fi
    (cd "$top" && "$build/unit/$name") >"$build/unit/$name.log" 2>&1
    rc=$?
    n_ok=$(grep -c '^ok ' "$build/unit/$name.log")
    n_bad=$(grep -c '^not ok ' "$build/unit/$name.log")
    grep '^not ok ' "$build/unit/$name.log"
    passed=$((passed + n_ok))
    for ((i = 0; i < n_bad; i++)); do failed=$((failed + 1)); done
    [ "$n_bad" -gt 0 ] && failures+=("unit/$name: $n_bad check(s)")
    if [ $rc -ne 0 ] && [ "$n_bad" -eq 0 ]; then tail -n 20 "$build/unit/$name.log"; fail "unit/$name (exit $rc)"; fi
    echo "unit/$name: $n_ok ok, $n_bad not ok"
done

if suite regress || suite scripts; then
pg_tmp_init private || { fail "private installation"; finish; }
export PG_TMP_REUSE_BINDIR=$PG_TMP_BINDIR
fi
if suite regress; then
echo "== pg_regress"
pg_tmp_start regress || { fail "cluster start"; finish; }
tests=()
for f in sql/*.sql; do
    case "$f" in sql/customer_rel--*) continue ;; esac
    name=$(basename "$f" .sql)
    if needs_data "$f" && [ $have_data -eq 0 ]; then skip "regress/$name" "no ../shared/data"; continue; fi
    tests+=("$name")
done
if [ ${#tests[@]} -gt 0 ]; then
    rm -rf "$build/regress"; mkdir -p "$build/regress"
    "$(dirname "$("$PG_CONFIG" --pgxs)")/../test/regress/pg_regress" --inputdir=. \
        --outputdir="$build/regress" --bindir="$PG_TMP_BINDIR" --host="$PG_TMP_HOST" \
        --port="$PG_TMP_PORT" --user=postgres --dbname=contrib_regression "${tests[@]}" \
        >"$build/regress/pg_regress.log" 2>&1
    cat "$build/regress/pg_regress.log"
    for name in "${tests[@]}"; do
        # pg_regress reports "test NAME ... ok" up to PostgreSQL 15, TAP ("ok N - NAME") from 16.
        line=$(grep -E "^((test )? *$name +\.\.\. |(not )?ok +[0-9]+ +[-+] +$name )" \
            "$build/regress/pg_regress.log" | head -n 1)
        case "$line" in
            *"... ok"* | "ok "*) pass ;;
            *) fail "regress/$name" ;;
        esac
    done
    if [ -s "$build/regress/regression.diffs" ]; then
        echo "-- first lines of $build/regress/regression.diffs:"
        head -n 150 "$build/regress/regression.diffs"
    fi
fi
pg_tmp_stop regress
fi

suite scripts && echo "== scripts (test/t)"
suite scripts && for s in test/t/*.sh; do
    [ -e "$s" ] || continue
    name=$(basename "$s" .sh)
    case " ${CR_SCRIPTS:-$name} " in *" $name "*) ;; *) continue ;; esac
    if needs_data "$s" && [ $have_data -eq 0 ]; then skip "t/$name" "no ../shared/data"; continue; fi
    bash "$s" >"$build/t_$name.log" 2>&1
    rc=$?
    case $rc in
        0) pass; echo "t/$name: ok" ;;
        77) skip "t/$name" "$(tail -n 1 "$build/t_$name.log")" ;;
        *) tail -n 40 "$build/t_$name.log"; fail "t/$name (exit $rc)" ;;
    esac
done

suite fuzz && echo "== fuzz (libFuzzer, ${FUZZ_SECONDS}s each, seed $FUZZ_SEED)"
mkdir -p "$build/fuzz"
suite fuzz && for h in test/fuzz/fuzz_*.c; do
    [ -e "$h" ] || continue
    name=$(basename "$h" .c)
    if ! command -v clang >/dev/null 2>&1; then skip "fuzz/$name" "clang not installed"; continue; fi
    if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Isrc/core \
            -o "$build/fuzz/$name" "$h" $core_srcs $core_libs >"$build/fuzz/$name.build.log" 2>&1; then
        cat "$build/fuzz/$name.build.log"; fail "fuzz/$name (does not compile)"; continue
    fi
    corpus="$build/fuzz/corpus_$name"; mkdir -p "$corpus"
    seeds=()
    [ -d "test/fuzz/seeds/$name" ] && seeds=("test/fuzz/seeds/$name")
    if (cd "$build/fuzz" && "./$name" -max_total_time="$FUZZ_SECONDS" -seed="$FUZZ_SEED" -rss_limit_mb=2048 \
            -timeout=10 "$corpus" "${seeds[@]/#/$top/}") >"$build/fuzz/$name.log" 2>&1; then
        pass; echo "fuzz/$name: ok ($(grep -o 'Done [0-9]* runs' "$build/fuzz/$name.log"))"
    else
        tail -n 40 "$build/fuzz/$name.log"; fail "fuzz/$name"
    fi
done

finish
