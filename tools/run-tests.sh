#!/usr/bin/env bash
# Builds tgwsim twice (plain, and with AddressSanitizer + UndefinedBehaviorSanitizer), runs the whole
# test suite in both and prints one closing line "N passed, N failed" counted over the TAP test
# points of both runs (a test program that dies without a TAP failure counts as one failure).
# Exits non-zero if anything failed. Build directories: build-test/ and build-test-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
run_suite() {
    local dir=$1; shift
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" -Dwerror=true "$@" >/dev/null
    fi
    meson compile -C "$dir" >/dev/null
    meson test -C "$dir" --print-errorlogs --num-processes "$(nproc)" || status=1
}

run_suite build-test
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    run_suite build-test-asan -Db_sanitize=address,undefined -Db_lundef=false

python3 - build-test/meson-logs/testlog.json build-test-asan/meson-logs/testlog.json <<'PY'
import json, re, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
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
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
