#!/usr/bin/env bash
# crumbtui output benchmark: `crumbtui --print` in each format against jq writing the same crumbs
# (`jq -c .` on the JSON Lines file, `jq .` on the pretty array), on 1,000,000 crumbs made by
# Python statecrumbs, in the same run: wall time (median of RUNS, output to /dev/null), CPU time
# of that run, peak memory beside `crumbtui --count` on the same file, and the speed-up against
# its target. Before timing it checks that crumbtui writes what jq writes (the data is ASCII, so
# the JSON formats agree byte for byte). Prints a Markdown table for BENCHMARKS.md ("crumbtui
# output").
#
#   Benchmarks/engine/output.sh         # data cached in /tmp/crumbtui-bench (never committed)
#   RUNS=5 JQ_RUNS=1 CRUMBTUI_BENCH_DATA=DIR Benchmarks/engine/output.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-5}
JQ_RUNS=${JQ_RUNS:-1}

command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

. Benchmarks/million-crumbs.sh  # sets DATA (the data set) and BIN (release crumbtui)

# measure RUNS CMD...: "wall_seconds peak_kb user_seconds system_seconds" of the run with the
# median wall time; the command's output goes to /dev/null.
measure() {
    local runs=$1; shift
    local results=()
    for _ in $(seq "$runs"); do
        results+=("$( { /usr/bin/time -f '%e %M %U %S' "$@" > /dev/null; } 2>&1 | tail -1)")
    done
    printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

# check NAME CRUMBTUI_CMD -- JQ_CMD: the two commands write the same bytes.
check() {
    local name=$1; shift
    local ours=() theirs=()
    while [ "$1" != -- ]; do ours+=("$1"); shift; done
    shift
    theirs=("$@")
    local a b
    a=$("${ours[@]}" | md5sum)
    b=$("${theirs[@]}" | md5sum)
    [ "$a" = "$b" ] || { echo "$name: crumbtui and jq write different bytes" >&2; exit 1; }
}

ratio() { python3 -c "print(f'{$1 / max($2, 0.001):.1f}x')"; }
mib() { echo "$(( $1 / 1024 )) MiB"; }

jsonl="$DATA/crumbs.jsonl"
array="$DATA/crumbs.json"
cat "$jsonl" "$array" > /dev/null   # warm the page cache for both tools alike
crumbs=$("$BIN" "$jsonl" --count)
[ "$("$BIN" "$jsonl" --print --format text | wc -l)" = "$crumbs" ] || { echo "text: not one line per crumb" >&2; exit 1; }
check "jsonl" "$BIN" "$jsonl" --print --format jsonl -- jq -c . "$jsonl"
check "json" "$BIN" "$array" --print --format json -- jq . "$array"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
read -r count_jsonl_s count_jsonl_kb _ _ <<< "$(measure "$RUNS" "$BIN" "$jsonl" --count)"
read -r count_array_s count_array_kb _ _ <<< "$(measure "$RUNS" "$BIN" "$array" --count)"
read -r jqc_s jqc_kb jqc_u jqc_sys <<< "$(measure "$JQ_RUNS" jq -c . "$jsonl")"
read -r jqp_s jqp_kb jqp_u jqp_sys <<< "$(measure "$JQ_RUNS" jq . "$array")"

echo
echo "| crumbtui | time (CPU) | peer | peer time (CPU) | speed-up | target | crumbtui peak memory | --count peak memory | peer peak memory |"
echo "|---|---|---|---|---|---|---|---|---|"
row() {  # row FORMAT FILE TARGET PEER_LABEL PEER_S PEER_U PEER_SYS PEER_KB COUNT_KB
    local format=$1 file=$2 target=$3
    read -r s kb u sys <<< "$(measure "$RUNS" "$BIN" "$file" --print --format "$format")"
    local cpu peer_cpu
    cpu=$(python3 -c "print(f'{$u + $sys:.2f}')")
    peer_cpu=$(python3 -c "print(f'{$6 + $7:.2f}')")
    echo "| \`--print --format $format\` on $(basename "$file") | $s s ($cpu s) | \`$4\` | $5 s ($peer_cpu s) | $(ratio "$5" "$s") | $target | $(mib "$kb") | $(mib "$9") | $(mib "$8") |"
}
row text "$jsonl" "5x" "jq -c ." "$jqc_s" "$jqc_u" "$jqc_sys" "$jqc_kb" "$count_jsonl_kb"
row jsonl "$jsonl" "8x" "jq -c ." "$jqc_s" "$jqc_u" "$jqc_sys" "$jqc_kb" "$count_jsonl_kb"
row json "$array" "8x" "jq ." "$jqp_s" "$jqp_u" "$jqp_sys" "$jqp_kb" "$count_array_kb"
echo
echo "$crumbs crumbs; crumbtui: median of $RUNS runs (--count: ${count_jsonl_s} s on crumbs.jsonl, ${count_array_s} s on crumbs.json);"
echo "jq: median of $JQ_RUNS; output to /dev/null; warm page cache; $(nproc) cores; load average $load_before before,"
echo "$(cut -d' ' -f1-3 /proc/loadavg) after; $(date -u +%Y-%m-%d). Both JSON formats checked byte for byte against jq's."
