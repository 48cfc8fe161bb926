#!/usr/bin/env bash
# Runs the recording benchmark and Python statecrumbs on the same workloads, in the same run,
# and prints both figures with the ratio. Usage: Benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import statecrumbs' 2>/dev/null || pip install -q statecrumbs==0.1.2
swift build -c release --product CrumbBench --scratch-path .build-release >/dev/null
bench=.build-release/release/CrumbBench
counter=$(mktemp -d)/malloc_counter.so
gcc -O2 -shared -fPIC -o "$counter" Benchmarks/malloc_counter.c -ldl

out=$(mktemp)
"$bench" >>"$out"
"$bench" --hook >>"$out"
"$bench" --live >>"$out"
"$bench" --ring-file >>"$out"
"$bench" --live --throughput=0 >>"$out"
"$bench" --live --throughput=1000000 >>"$out"
"$bench" --live --throughput=2000000 >>"$out"
"$bench" --memory >>"$out"
LD_PRELOAD="$counter" "$bench" --batches=300 | sed 's/^swift /alloc /' >>"$out"
python3 Benchmarks/python_bench.py >>"$out"
cat "$out"
echo
echo "| workload | Swift median ns/crumb (p99) | hook on | live file on | ring file on | allocations/crumb | Python median ns/crumb | Python / Swift |"
echo "|---|---|---|---|---|---|---|---|"
for w in "fields+4ctx" "fields-in-variables+4ctx" "no-fields" "2-threads fields+4ctx"; do
    s=$(grep "^swift $w hook-off" "$out" | sed 's/.*median_ns=\([0-9.]*\) p99_ns=\([0-9.]*\).*/\1 \2/')
    h=$(grep "^swift $w hook-on" "$out" | sed 's/.*median_ns=\([0-9.]*\).*/\1/')
    l=$(grep "^swift $w live-on" "$out" | sed 's/.*median_ns=\([0-9.]*\).*/\1/')
    r=$(grep "^swift $w ring-file-on" "$out" | sed 's/.*median_ns=\([0-9.]*\).*/\1/')
    a=$(grep "^alloc $w hook-off" "$out" | sed 's/.*allocs_per_crumb=\([0-9.]*\).*/\1/')
    p=$(grep "^python $w median" "$out" | sed 's/.*median_ns=\([0-9.]*\).*/\1/')
    set -- $s
    ratio=$(python3 -c "print(f'{$p / $1:.0f}x')")
    echo "| $w | $1 ($2) | $h | $l | $r | $a | $p | $ratio |"
done
echo
echo "Live file throughput, 2 threads (flat out, then held to 1,000,000 and 2,000,000 crumbs a second for 3 s):"
grep "^swift live-throughput" "$out" | sed 's/^swift live-throughput /- /'
echo
echo "Memory (ring of 50):"
grep "^swift memory" "$out" | sed 's/^swift memory /- /'
if command -v valgrind >/dev/null; then
    echo
    echo "Instructions per crumb (valgrind, Benchmarks/instructions.sh):"
    Benchmarks/instructions.sh | sed 's/^swift instructions /- /'
fi
