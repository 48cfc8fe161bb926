#!/usr/bin/env bash
# crumbtui engine benchmark: crumbtui --count against jq on 1,000,000 crumbs made by Python
# statecrumbs, as JSON Lines and as a pretty crash-dump array; time and peak memory of each, in
# the same run. Prints a Markdown table for BENCHMARKS.md ("crumbtui engine").
#
#   Benchmarks/engine/run.sh            # data cached in /tmp/crumbtui-bench (never committed)
#   CRUMBTUI_BENCH_DATA=DIR Benchmarks/engine/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-5}

command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

. Benchmarks/million-crumbs.sh  # sets DATA (the data set) and BIN (release crumbtui)

# measure LABEL CMD...: prints "seconds peak_kb output" of the run with the median time.
measure() {
    local runs=$1; shift
    local results=()
    for _ in $(seq "$runs"); do
        local out
        out=$( { /usr/bin/time -f '%e %M' "$@" > /tmp/crumbtui-bench-out.tmp; } 2>&1 | tail -1)
        results+=("$out $(tr -d '\n' < /tmp/crumbtui-bench-out.tmp)")
    done
    printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

declare -A JQ_COND=(
    ["ctx.request_id:req-0005000"]='.context.request_id == "req-0005000"'
    ["thread:worker-3 event:db.*"]='.thread == "worker-3" and (.event | startswith("db."))'
)

echo
echo "| input | filter | crumbtui | jq | speed-up | crumbtui peak memory | jq peak memory | file size | matches |"
echo "|---|---|---|---|---|---|---|---|---|"
for file in crumbs.jsonl crumbs.json; do
    path="$DATA/$file"
    size_kb=$(( $(stat -c %s "$path") / 1024 ))
    cat "$path" > /dev/null   # warm the page cache for both tools alike
    for filter in "ctx.request_id:req-0005000" "thread:worker-3 event:db.*"; do
        cond=${JQ_COND[$filter]}
        read -r ct_s ct_kb ct_n <<< "$(measure "$RUNS" "$BIN" "$path" --count --filter "$filter")"
        if [ "$file" = crumbs.jsonl ]; then
            read -r jq_s jq_kb jq_n <<< "$(measure 1 jq -n "reduce (inputs | select($cond)) as \$c (0; . + 1)" "$path")"
        else
            read -r jq_s jq_kb jq_n <<< "$(measure 1 jq "map(select($cond)) | length" "$path")"
        fi
        [ "$ct_n" = "$jq_n" ] || { echo "count mismatch: crumbtui $ct_n, jq $jq_n ($file, $filter)" >&2; exit 1; }
        ratio=$(python3 -c "print(f'{$jq_s / max($ct_s, 0.01):.1f}x')")
        echo "| $file ($(( size_kb / 1024 )) MiB) | \`$filter\` | ${ct_s} s | ${jq_s} s | $ratio | $(( ct_kb / 1024 )) MiB | $(( jq_kb / 1024 )) MiB | $(( size_kb / 1024 )) MiB | $ct_n |"
    done
done
rm -f /tmp/crumbtui-bench-out.tmp
echo
echo "crumbtui: median of $RUNS runs; jq: one run; warm page cache; $(nproc) cores; $(date -u +%Y-%m-%d)."
