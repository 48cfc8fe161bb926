#!/usr/bin/env bash
# crumbtui on OTLP/JSON: the engine benchmark's 1,000,000 crumbs (made by Python statecrumbs)
# written again as OTLP/JSON by otlp.py (the shape of StateCrumbs' .otlpJSON live file, 500
# records a line, two services), counted with a context filter beside the same crumbs as JSON
# Lines, in the same run: wall time, CPU time (user + system) and peak memory, medians of RUNS.
#
#   Benchmarks/engine/otlp.sh           # data cached in /tmp/crumbtui-bench (never committed)
#   RUNS=5 CRUMBTUI_BENCH_DATA=DIR Benchmarks/engine/otlp.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
FILTER='ctx.request_id:req-0005000'
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
. Benchmarks/million-crumbs.sh  # sets DATA and BIN
if [ ! -f "$DATA/crumbs.otlp.jsonl" ]; then
    echo "writing $DATA/crumbs.otlp.jsonl ..." >&2
    python3 Benchmarks/engine/otlp.py "$DATA/crumbs.jsonl" "$DATA/crumbs.otlp.jsonl.tmp"
    mv "$DATA/crumbs.otlp.jsonl.tmp" "$DATA/crumbs.otlp.jsonl"
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# measure FILE: "wall peak_kb cpu count" of the run with the median wall time.
measure() {
    local results=()
    for _ in $(seq "$RUNS"); do
        local line
        line=$( { /usr/bin/time -f '%e %M %U %S' "$BIN" "$1" --count --filter "$FILTER" > "$out"; } 2>&1 | tail -1)
        read -r wall kb user sys <<< "$line"
        results+=("$wall $kb $(python3 -c "print(f'{$user + $sys:.2f}')") $(cat "$out")")
    done
    printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

echo
echo "| input | wall | CPU (user + sys) | peak memory | matches |"
echo "|---|---|---|---|---|"
for file in crumbs.jsonl crumbs.otlp.jsonl; do
    cat "$DATA/$file" > /dev/null
    read -r wall kb cpu count <<< "$(measure "$DATA/$file")"
    echo "| $file ($(( $(stat -c %s "$DATA/$file") >> 20 )) MiB) | ${wall} s | ${cpu} s | $(( kb / 1024 )) MiB | $count |"
done
echo
echo "\`crumbtui FILE --count --filter $FILTER\`, median of $RUNS runs; warm page cache; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) after; $(date -u +%Y-%m-%d)."
