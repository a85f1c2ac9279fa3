#!/usr/bin/env bash
# Builds tgwsim twice (plain, and with AddressSanitizer + UndefinedBehaviorSanitizer), runs the whole
# test suite in both, and once more under valgrind memcheck, and — when clang and
# libFuzzer are there — each libFuzzer harness for 60 s (tests/fuzz/run.sh, one test point per
# harness). Ends with the line "N passed, N failed" counted over the TAP test points of all the
# runs (a test program that dies without a TAP failure counts as one failure), after a line with
# the skipped ones.
# Also builds the quick start's profile-guided tgwsim (tools/build-pgo.sh) and checks that it
# writes the plain build's bytes.
# Exits non-zero if anything failed. Build directories: build-test/, build-test-asan/, build-fuzz/,
# build-test-pgo/.
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
# CI reads the last line: if anything stops this script early (a build that fails), say so there
summary_printed=0
trap '[ "$summary_printed" = 1 ] || { echo "tools/run-tests.sh stopped early"; echo "0 passed, 1 failed"; }' EXIT
run_suite() {
    local dir=$1; shift
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" -Dwerror=true "$@" >/dev/null
    fi
    meson compile -C "$dir" >/dev/null
    meson test -C "$dir" --print-errorlogs --num-processes "$(nproc)" || status=1
}

run_suite build-test
# abort_on_error: a finding in a tgwsim that a test spawns must not look like its exit 1 (bad input)
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
    run_suite build-test-asan -Db_sanitize=address,undefined -Db_lundef=false -Db_lto=false

# the whole suite once more under valgrind memcheck (the setup leaves out the browser test)
logs=(build-test/meson-logs/testlog.json build-test-asan/meson-logs/testlog.json)
if command -v valgrind >/dev/null; then
    meson test -C build-test --setup valgrind --print-errorlogs --num-processes "$(nproc)" || status=1
    logs+=(build-test/meson-logs/testlog-valgrind.json)
fi

# the libFuzzer harnesses, 60 s each (both at once), when clang can link a fuzzer
fuzz_tap=build-test/fuzz.tap
: >"$fuzz_tap"
probe=$(mktemp -d)
if command -v clang >/dev/null &&
    printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' |
    clang -fsanitize=fuzzer -x c - -o "$probe/probe" >/dev/null 2>&1; then
    if ! tests/fuzz/run.sh 60 | tee "$fuzz_tap"; then
        status=1
        grep -q '^not ok' "$fuzz_tap" || echo "not ok 0 - tests/fuzz/run.sh failed" >>"$fuzz_tap"
    fi
else
    echo "run-tests.sh: clang with libFuzzer not found; the fuzz harnesses did not run" >&2
fi
rm -rf "$probe"

# the quick start's profile-guided build (tools/build-pgo.sh): it must build, and its tgwsim must
# write the plain build's bytes (one TAP point, counted with the fuzz harnesses')
pgo_out=$(mktemp -d)
seed=scenarios/eks-custom-networking.xml
if tools/build-pgo.sh build-test-pgo >"$pgo_out/log" 2>&1 &&
    build-test-pgo/tgwsim compare "$seed" --cni default,custom,prefix --json "$pgo_out/pgo.json" \
        --html "$pgo_out/pgo.html" >/dev/null 2>&1 &&
    build-test/tgwsim compare "$seed" --cni default,custom,prefix --json "$pgo_out/plain.json" \
        --html "$pgo_out/plain.html" >/dev/null 2>&1 &&
    cmp -s "$pgo_out/pgo.json" "$pgo_out/plain.json" && cmp -s "$pgo_out/pgo.html" "$pgo_out/plain.html"; then
    echo "ok 1 - tools/build-pgo.sh builds; its compare JSON and HTML equal the plain build's" | tee -a "$fuzz_tap"
else
    status=1
    tail -20 "$pgo_out/log" >&2
    echo "not ok 1 - tools/build-pgo.sh: no build, or other bytes than the plain build" | tee -a "$fuzz_tap"
fi
rm -rf "$pgo_out"

python3 - "$fuzz_tap" "${logs[@]}" <<'PY'
import json, re, sys
passed = failed = skipped = 0
fuzz = open(sys.argv[1]).read()
passed += len(re.findall(r'^ok \d+', fuzz, re.M))
failed += len(re.findall(r'^not ok \d+', fuzz, re.M))
for path in sys.argv[2:]:
    for line in open(path):
        t = json.loads(line)
        out = t.get('stdout') or ''
        ok = len(re.findall(r'^ok \d+(?![^\n]*# SKIP)', out, re.M))
        skip = len(re.findall(r'^ok \d+[^\n]*# SKIP', out, re.M))
        bad = len(re.findall(r'^not ok \d+', out, re.M))
        if t['result'] not in ('OK', 'SKIP', 'EXPECTEDFAIL') and bad == 0:
            bad = 1
        if ok == 0 and bad == 0 and skip == 0 and t['result'] == 'OK':
            ok = 1  # a test that is not TAP
        passed += ok; failed += bad; skipped += skip
print(f"{skipped} skipped")
print(f"{passed} passed, {failed} failed")
PY
summary_printed=1
exit $status
