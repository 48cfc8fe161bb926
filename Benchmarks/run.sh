#!/usr/bin/env bash
# Runs the recording benchmark and Python statecrumbs on the same workloads, in the same run,
# and prints both figures with the ratio. Usage: [PAIRS=7] Benchmarks/run.sh
#
# The machine has two speeds, 1.6 times apart, and other tenants switch it between them from
# one minute, sometimes one second, to the next. So each workload runs in PAIRS rounds of a
# Swift run, a Python run of about the same length, and each of them again, alternating. A
# round whose two Swift runs agree within 15%, and whose two Python runs do too, stayed at one
# speed: its ratio is the mean of the Python runs over the mean of the Swift runs. The table
# shows the median of those steady rounds' ratios with their range (of
# every round when none was steady), the median of each side over the rounds with its fastest
# round (the machine's own speed, when no other tenant slows it), and the hook, live-file and
# ring-file variants, run in the same rounds, as medians and fastest rounds too.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import statecrumbs' 2>/dev/null || pip install -q statecrumbs==0.1.2
swift build -c release --product CrumbBench --scratch-path .build-release >/dev/null
bench=.build-release/release/CrumbBench
counter=$(mktemp -d)/malloc_counter.so
gcc -O2 -shared -fPIC -o "$counter" Benchmarks/malloc_counter.c -ldl

out=$(mktemp)
pairs=${PAIRS:-7}
for pair in $(seq "$pairs"); do
    for w in fields variables bare threads; do
        "$bench" --workload=$w | sed "s/^swift /pair$pair swift /" >>"$out"
        python3 Benchmarks/python_bench.py 100 --workload=$w | sed "s/^python /pair$pair python /" >>"$out"
        "$bench" --workload=$w | sed "s/^swift /pair$pair again /" >>"$out"
        python3 Benchmarks/python_bench.py 100 --workload=$w | sed "s/^python /pair$pair pyagain /" >>"$out"
        # 1,000 batches, not 3,000: the live file takes 500 MB a run at 3,000, and 28 runs of
        # it kept the disk's writeback busy enough to slow the runs after them.
        for variant in --hook --live --ring-file; do
            "$bench" --workload=$w $variant --batches=1000 | sed "s/^swift /pair$pair swift /" >>"$out"
        done
    done
done
"$bench" --live --throughput=0 >>"$out"
"$bench" --live --throughput=1000000 >>"$out"
"$bench" --live --throughput=2000000 >>"$out"
"$bench" --memory >>"$out"
LD_PRELOAD="$counter" "$bench" --batches=300 | sed 's/^swift /alloc /' >>"$out"
cat "$out"
echo
echo "| workload | Swift median ns/crumb (p99), fastest round | hook on: median, fastest | live file on: median, fastest | ring file on: median, fastest | allocations/crumb | Python median ns/crumb, fastest round | Python / Swift: median of steady rounds (range) |"
echo "|---|---|---|---|---|---|---|---|"
for w in "fields+4ctx" "fields-in-variables+4ctx" "no-fields" "2-threads fields+4ctx"; do
    h=$(grep "^pair[0-9]* swift $w hook-on" "$out" | sed 's/.*median_ns=\([0-9.]*\).*/\1/' | paste -sd' ')
    l=$(grep "^pair[0-9]* swift $w live-on" "$out" | sed 's/.*median_ns=\([0-9.]*\).*/\1/' | paste -sd' ')
    r=$(grep "^pair[0-9]* swift $w ring-file-on" "$out" | sed 's/.*median_ns=\([0-9.]*\).*/\1/' | paste -sd' ')
    a=$(grep "^alloc $w hook-off" "$out" | sed 's/.*allocs_per_crumb=\([0-9.]*\).*/\1/')
    # Each pair's Swift and Python medians, in pair order.
    s=$(grep "^pair[0-9]* swift $w hook-off" "$out" | sed 's/.*median_ns=\([0-9.]*\) p99_ns=\([0-9.]*\).*/\1,\2/' | paste -sd' ')
    p=$(grep "^pair[0-9]* python $w median" "$out" | sed 's/.*median_ns=\([0-9.]*\).*/\1/' | paste -sd' ')
    g=$(grep "^pair[0-9]* again $w hook-off" "$out" | sed 's/.*median_ns=\([0-9.]*\).*/\1/' | paste -sd' ')
    q=$(grep "^pair[0-9]* pyagain $w median" "$out" | sed 's/.*median_ns=\([0-9.]*\).*/\1/' | paste -sd' ')
    python3 - "$w" "$s" "$p" "$h" "$l" "$r" "$a" "$g" "$q" <<'PY'
import statistics, sys
w, s, p, h, l, r, a, g, q = sys.argv[1:]
swift = [tuple(map(float, x.split(","))) for x in s.split()]
python = [float(x) for x in p.split()]
again = [float(x) for x in g.split()]
pyagain = [float(x) for x in q.split()]
def close(x, y):
    return max(x, y) <= 1.15 * min(x, y)
rounds = [(((py + py2) / 2) / ((sw[0] + sw2) / 2), close(sw[0], sw2) and close(py, py2))
          for py, py2, sw, sw2 in zip(python, pyagain, swift, again)]
steady = [ratio for ratio, ok in rounds if ok]
ratios = steady or [ratio for ratio, _ in rounds]
median = statistics.median
h, l, r = (f"{median(map(float, v.split())):.2f}, {min(map(float, v.split())):.2f}" for v in (h, l, r))
python = python + pyagain
print(f"| {w} | {median(x[0] for x in swift):.2f} ({median(x[1] for x in swift):.2f}), {min(x[0] for x in swift):.2f} "
      f"| {h} | {l} | {r} | {a} | {median(python):.2f}, {min(python):.2f} "
      f"| {median(ratios):.1f}x ({min(ratios):.1f}x to {max(ratios):.1f}x; {len(steady)} of {len(rounds)} rounds steady) |")
PY
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
