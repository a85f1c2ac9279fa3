#!/usr/bin/env bash
# tools/build-pgo.sh [BUILD]: builds tgwsim in BUILD (default build-pgo/) as a release binary
# with link-time and profile-guided optimization - the README's quick start builds it this way.
# A plain `meson setup DIR && meson compile -C DIR` gives the same results byte for byte, 12-16 %
# slower on the simulation (README, Performance); the tests use plain builds.
#
# Three steps, all meson's own -Db_pgo: build instrumented, run the training set, rebuild with
# the profile. The training set is what dominates real runs: benchmark point a for two simulated
# days (pod churn, ipamd, the scheduler), point b for a day (many small VPCs and clusters) and
# every shipped scenario in every CNI mode (consumers, timelines, prefix delegation, reports).
# The bare-heap benchmark trains on itself, so that its figure is still the same build's.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-pgo}
train=$(mktemp -d)
trap 'rm -rf "$train"' EXIT

if [ ! -f "$build/build.ninja" ]; then
    # a source changed after the profile was taken must still build (without a profile for what
    # changed, so only slower): gcc makes a profile mismatch an error unless told otherwise.
    # Rerun this script after changing the sources.
    meson setup "$build" --buildtype=release -Db_lto=true -Db_pgo=generate \
        -Dc_args=-Wno-error=coverage-mismatch >/dev/null
else
    meson configure "$build" -Db_pgo=generate
fi
# stale counts from an earlier profile would be merged into the new ones
find "$build" -name '*.gcda' -delete
meson compile -C "$build" tgwsim:executable tests/bare-heap >/dev/null

tgwsim=$build/tgwsim
"$tgwsim" generate a --horizon 2d >"$train/a.xml"
"$tgwsim" generate b --horizon 1d >"$train/b.xml"
# (their findings and warnings are the shipped scenarios' own, not news: stderr is dropped)
"$tgwsim" run "$train/a.xml" --json "$train/a.json" >/dev/null 2>&1
"$tgwsim" run "$train/b.xml" --json "$train/b.json" >/dev/null 2>&1
for scenario in scenarios/*.xml; do
    case $scenario in *.gresource.xml) continue ;; esac
    "$tgwsim" compare "$scenario" --cni default,custom,prefix --html "$train/c.html" \
        --json "$train/c.json" >/dev/null 2>&1
done
"$build/tests/bare-heap" 1000000 >/dev/null

meson configure "$build" -Db_pgo=use
meson compile -C "$build" tgwsim:executable tests/bench-sim tests/bare-heap >/dev/null
echo "profile-guided tgwsim: $build/tgwsim"
