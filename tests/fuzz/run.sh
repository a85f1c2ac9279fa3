#!/usr/bin/env bash
# Runs the libFuzzer harnesses fuzz-scenario, fuzz-values, fuzz-import and fuzz-import-aws for
# SECONDS each (all at once, sharing the cores), building them first in build-fuzz/ if needed
# (clang, ASan+UBSan, -Dfuzzing=true).
# The committed seed corpora (tests/fuzz/corpus-*/, and tests/import/ for the importers) are
# read, never written: new inputs go to the
# scratch corpus tests/fuzz/corpus-work/ (not committed), crashes, leaks and timeouts to
# tests/fuzz/corpus-work/artifacts/. Prints one TAP line per harness with its executions and the
# coverage reached, then "N passed, N failed"; exits 1 if a harness found anything.
#   tests/fuzz/run.sh [SECONDS]      (default 60)
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-60}
build=${TGW_FUZZ_BUILD:-build-fuzz}
work=tests/fuzz/corpus-work

if ! command -v clang >/dev/null; then
    echo "run.sh: clang is not installed (tools/install-deps.sh installs it)" >&2
    exit 2
fi
if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false -Db_lto=false \
        >/dev/null
fi
ninja -C "$build" tests/fuzz/fuzz-scenario tests/fuzz/fuzz-values tests/fuzz/fuzz-import tests/fuzz/fuzz-import-aws >/dev/null

mkdir -p "$work/scenario" "$work/values" "$work/import" "$work/import-aws" "$work/artifacts"
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

run_one() {
    # corpora: the committed seeds, and for the importers the test inputs under tests/import
    # (read in place, never copied); space-separated, no spaces inside a path
    local name=$1 corpora=$2; shift 2
    # shellcheck disable=SC2086
    "$build/tests/fuzz/fuzz-$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$work/artifacts/$name-" "$@" \
        "$work/$name" $corpora >"$work/$name.log" 2>&1
}

pids=()
run_one scenario tests/fuzz/corpus-scenario -max_len=65536 -dict=tests/fuzz/scenario.dict &
pids+=($!)
run_one values tests/fuzz/corpus-values -max_len=4096 &
pids+=($!)
run_one import "tests/fuzz/corpus-import tests/import" -max_len=65536 &
pids+=($!)
run_one import-aws "tests/fuzz/corpus-import-aws tests/import/aws tests/import/batfish" \
    -max_len=65536 &
pids+=($!)

passed=0 failed=0 n=0
echo "TAP version 13"
echo "1..4"
names=(scenario values import import-aws)
for i in 0 1 2 3; do
    name=${names[$i]}
    n=$((n + 1))
    status=0
    wait "${pids[$i]}" || status=$?
    log="$work/$name.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1 || true)
    if [ "$status" = 0 ]; then
        passed=$((passed + 1))
        echo "ok $n - fuzz-$name: ${execs:-?} executions in ${seconds} s, ${cov:-no coverage line}"
    else
        failed=$((failed + 1))
        echo "not ok $n - fuzz-$name: exit $status after ${execs:-?} executions, ${cov:-}"
        grep -E 'ERROR|SUMMARY|Test unit written|^==[0-9]+==' "$log" | head -n 20 | sed 's/^/# /'
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
