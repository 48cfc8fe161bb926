#!/usr/bin/env bash
# crumbtui engine benchmark: crumbtui --count against jq on 1,000,000 crumbs made by Python
# statecrumbs, as JSON Lines and as a pretty crash-dump array, then on 10,000,000 crumbs as JSON
# Lines (2.2 GB); time and peak memory of each, in the same run. Prints Markdown tables for
# BENCHMARKS.md ("crumbtui engine").
#
#   Benchmarks/engine/run.sh            # data cached in /tmp/crumbtui-bench and
#                                       # /tmp/crumbtui-bench-10m (never committed)
#   CRUMBTUI_BENCH_DATA=DIR CRUMBTUI_BENCH_DATA_10M=DIR RUNS=5 RUNS_10M=5 Benchmarks/engine/run.sh
#   TEN_MILLION=0 Benchmarks/engine/run.sh   # the million-crumb tables only
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-5}
RUNS_10M=${RUNS_10M:-5}
TEN_MILLION=${TEN_MILLION:-1}

command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

. Benchmarks/million-crumbs.sh  # sets DATA, DATA_10M and BIN, defines ten_million_crumbs

# measure RUNS CMD...: prints "seconds peak_kb cpu_seconds output" of the run with the median
# time (cpu: user + system). The wall time is bash's, to the millisecond (time(1)'s own is in
# hundredths, a 5% step at 0.2 s); it includes starting time(1), about a millisecond.
measure() {
    local runs=$1; shift
    local results=()
    for _ in $(seq "$runs"); do
        local wall TIMEFORMAT=%3R
        wall=$( { time /usr/bin/time -o /tmp/crumbtui-bench-time.tmp -f '%M %U %S' "$@" > /tmp/crumbtui-bench-out.tmp; } 2>&1 | tail -1)
        read -r kb user sys < /tmp/crumbtui-bench-time.tmp
        results+=("$wall $kb $(python3 -c "print(f'{$user + $sys:.2f}')") $(tr -d '\n' < /tmp/crumbtui-bench-out.tmp)")
    done
    median "${results[@]}"
}

# median LINE...: the line with the median first number.
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

declare -A JQ_COND=(
    ["ctx.request_id:req-0005000"]='.context.request_id == "req-0005000"'
    ["thread:worker-3 event:db.*"]='.thread == "worker-3" and (.event | startswith("db."))'
)
FILTERS=("ctx.request_id:req-0005000" "thread:worker-3 event:db.*")

# jq_count FILE COND: jq's count, JSON Lines read as a stream, an array read whole.
jq_count() {
    if [[ $1 == *.jsonl ]]; then
        measure 1 jq -n "reduce (inputs | select($2)) as \$c (0; . + 1)" "$1"
    else
        measure 1 jq "map(select($2)) | length" "$1"
    fi
}

mib() { echo $(( $1 / 1024 )); }

echo
echo "| input | filter | crumbtui | crumbtui CPU | jq | speed-up | crumbtui peak memory | jq peak memory | file size | matches |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for file in crumbs.jsonl crumbs.json; do
    path="$DATA/$file"
    size_kb=$(( $(stat -c %s "$path") / 1024 ))
    cat "$path" > /dev/null   # warm the page cache for both tools alike
    for filter in "${FILTERS[@]}"; do
        read -r ct_s ct_kb ct_cpu ct_n <<< "$(measure "$RUNS" "$BIN" "$path" --count --filter "$filter")"
        read -r jq_s jq_kb _ jq_n <<< "$(jq_count "$path" "${JQ_COND[$filter]}")"
        [ "$ct_n" = "$jq_n" ] || { echo "count mismatch: crumbtui $ct_n, jq $jq_n ($file, $filter)" >&2; exit 1; }
        ratio=$(python3 -c "print(f'{$jq_s / max($ct_s, 0.01):.1f}x')")
        echo "| $file ($(mib "$size_kb") MiB) | \`$filter\` | ${ct_s} s | ${ct_cpu} s | ${jq_s} s | $ratio | $(mib "$ct_kb") MiB | $(mib "$jq_kb") MiB | $(mib "$size_kb") MiB | $ct_n |"
    done
done
echo
echo "crumbtui: median of $RUNS runs; jq: one run; warm page cache; $(nproc) cores; $(date -u +%Y-%m-%d)."

if [ "$TEN_MILLION" = 1 ] && ten_million_crumbs; then
    path="$DATA_10M/crumbs.jsonl"
    size_kb=$(( $(stat -c %s "$path") / 1024 ))
    echo
    echo "Ten million crumbs (the same generator, 10,000,000 crumbs, JSON Lines):"
    echo
    echo "| input | filter | crumbtui | crumbtui CPU | 1M, same runs | time vs 1M | jq | speed-up | crumbtui peak memory | peak / file size | jq peak memory | matches |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    cat "$path" > /dev/null
    for filter in "${FILTERS[@]}"; do
        # The 10M runs alternate with 1M runs of the same filter, so that the ratio compares
        # times taken under the same conditions (this shared machine's speed drifts by 10-20%
        # over minutes).
        tens=(); ones=()
        for _ in $(seq "$RUNS_10M"); do
            tens+=("$(measure 1 "$BIN" "$path" --count --filter "$filter")")
            ones+=("$(measure 1 "$BIN" "$DATA/crumbs.jsonl" --count --filter "$filter")")
        done
        read -r ct_s ct_kb ct_cpu ct_n <<< "$(median "${tens[@]}")"
        read -r one_s _ <<< "$(median "${ones[@]}")"
        read -r jq_s jq_kb _ jq_n <<< "$(jq_count "$path" "${JQ_COND[$filter]}")"
        [ "$ct_n" = "$jq_n" ] || { echo "count mismatch: crumbtui $ct_n, jq $jq_n (10M, $filter)" >&2; exit 1; }
        scale=$(python3 -c "print(f'{$ct_s / $one_s:.1f}x')")
        ratio=$(python3 -c "print(f'{$jq_s / max($ct_s, 0.01):.1f}x')")
        share=$(python3 -c "print(f'{$ct_kb / $size_kb:.2f}')")
        echo "| crumbs.jsonl ($(mib "$size_kb") MiB) | \`$filter\` | ${ct_s} s | ${ct_cpu} s | ${one_s} s | $scale | ${jq_s} s | $ratio | $(mib "$ct_kb") MiB | $share | $(mib "$jq_kb") MiB | $ct_n |"
    done
    echo
    echo "crumbtui: median of $RUNS_10M runs, each followed by a run on the 1M crumbs.jsonl with the same filter (\"1M, same runs\": their median; time vs 1M is the ratio of the two medians); jq: one run."
fi
rm -f /tmp/crumbtui-bench-out.tmp /tmp/crumbtui-bench-time.tmp
