#!/usr/bin/env bash
# Instructions per crumb for each workload of CrumbBench, counted by valgrind (callgrind) inside
# the measured batches only. Unlike timings, the counts do not move with the machine's load:
# use them to compare two versions of the recording path. Usage: Benchmarks/instructions.sh
# [WORKLOAD...] (fields, variables, bare; all three by default). Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product CrumbBench --scratch-path .build-release >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind gives up on the binary's full debug info; the symbols are enough.
cp .build-release/release/CrumbBench "$work/CrumbBench"
strip --strip-debug "$work/CrumbBench"
batches=200
for w in "${@:-fields variables bare}"; do
    for one in $w; do
        valgrind --tool=callgrind --toggle-collect='*countedBatches*' \
            --callgrind-out-file="$work/$one.out" "$work/CrumbBench" --instructions=$batches --workload="$one" \
            >"$work/$one.log" 2>&1
        crumbs=$(sed -n 's/.*crumbs=\([0-9]*\).*/\1/p' "$work/$one.log")
        total=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$work/$one.out")
        echo "swift instructions $one per_crumb=$(( total / crumbs )) crumbs=$crumbs"
    done
done
