#!/usr/bin/env bash
# Benchmark (never a test): the fits' cost in pure C, no server (test/bench/fit_core.c) — BG/NBD
# per distinct row from 10^4 to 10^7 exact-time customers, and the warm start against the
# models' own starting points at 10^6. (BENCH=fit_core make bench)
set -eu
cd "$(dirname "$0")/../.."
mkdir -p build/bench
${CC:-cc} -std=c11 -O2 -Isrc/core -Itest/unit -o build/bench/fit_core test/bench/fit_core.c src/core/*.c \
    $(make -s --no-print-directory core-flags)
build/bench/fit_core
