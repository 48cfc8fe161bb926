#!/usr/bin/env bash
# crumbtui viewer benchmark: the real viewer (release build) in tmux at 120x40 on 1,000,000
# crumbs made by Python statecrumbs (the engine benchmark's data), as JSON Lines and as a pretty
# crash-dump array, and on 10,000,000 crumbs as JSON Lines (2.2 GB). Reports, as the median of
# RUNS runs:
#   first screen   process start -> the first frame with crumbs is drawn (progressive loading)
#   full count     process start -> the frame with the whole input's count is drawn
#   context ready  process start -> the context and fields, read behind the crumbs, are in
#   new filter     Enter on `f thread:worker-3 event:db.*` -> the filtered frame is drawn
# next to `crumbtui --count` on the same file; then follow mode: another process appends
# 50,000 crumbs a second for 6 s, and the time from its last write until the viewer shows them
# all. Timestamps come from the viewer itself (CRUMBTUI_TRACE=FILE), taken right after the frame
# was handed to the terminal.
#
#   Benchmarks/viewer/run.sh            # data cached in /tmp/crumbtui-bench and
#                                       # /tmp/crumbtui-bench-10m (never committed)
#   CRUMBTUI_BENCH_DATA=DIR CRUMBTUI_BENCH_DATA_10M=DIR RUNS=5 Benchmarks/viewer/run.sh
#   TEN_MILLION=0 Benchmarks/viewer/run.sh   # the million-crumb inputs only
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-3}
TEN_MILLION=${TEN_MILLION:-1}
FILTER='thread:worker-3 event:db.*'

command -v tmux >/dev/null || { apt-get update -qq && apt-get install -y -qq tmux >/dev/null; }
. Benchmarks/million-crumbs.sh  # sets DATA, DATA_10M and BIN, defines ten_million_crumbs

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/tmux.conf" <<'CONF'
set -g status off
set -g remain-on-exit on
set -g default-terminal tmux-256color
set -g escape-time 0
set -g default-shell /bin/sh
CONF

# wait_for FILE WORD: polls every 20 ms (at most 120 s) until FILE has a line starting with WORD.
wait_for() {
    for _ in $(seq 6000); do
        grep -q "^$2 " "$1" 2>/dev/null && return 0
        sleep 0.02
    done
    echo "timed out waiting for $2 in $1" >&2
    return 1
}

stamp() { awk -v w="$2" '$1 == w { print $NF; exit }' "$1"; }

# one_run FILE: prints "first_screen full_count context_ready new_filter" in seconds.
one_run() {
    local file=$1 socket="crumbtui-bench-$$-$RANDOM" trace="$WORK/trace"
    rm -f "$trace" "$WORK/start"
    tmux -L "$socket" -f "$WORK/tmux.conf" new-session -d -x 120 -y 40 -e LANG=C.UTF-8 \
        "date +%s.%N > '$WORK/start'; CRUMBTUI_TRACE='$trace' exec '$BIN' '$file'"
    wait_for "$trace" loaded; [ "${FILTER_AFTER:-loaded}" = parts ] && wait_for "$trace" parts
    tmux -L "$socket" send-keys f
    tmux -L "$socket" send-keys -l "$FILTER"
    sleep 0.5   # let the typed keys' previews finish before Enter is timed
    tmux -L "$socket" send-keys Enter
    wait_for "$trace" filter_drawn
    wait_for "$trace" parts
    tmux -L "$socket" send-keys q
    sleep 0.2
    tmux -L "$socket" kill-server 2>/dev/null || true
    local start first loaded parts key drawn
    start=$(cat "$WORK/start")
    first=$(stamp "$trace" first_screen); loaded=$(stamp "$trace" loaded); parts=$(stamp "$trace" parts)
    key=$(stamp "$trace" filter_key); drawn=$(stamp "$trace" filter_drawn)
    python3 -c "print(f'{$first - $start:.3f} {$loaded - $start:.3f} {$parts - $start:.3f} {$drawn - $key:.3f}')"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

inputs=("$DATA/crumbs.jsonl" "$DATA/crumbs.json")
if [ "$TEN_MILLION" = 1 ] && ten_million_crumbs; then inputs+=("$DATA_10M/crumbs.jsonl"); fi

echo
echo "| input | first screen | full count drawn | crumbtui --count | full count / --count | context ready | new filter drawn | crumbs |"
echo "|---|---|---|---|---|---|---|---|"
for path in "${inputs[@]}"; do
    cat "$path" > /dev/null   # warm page cache, as for the engine benchmark
    # Each viewer run is followed by a `--count` run, so that the two medians compare runs made
    # under the same conditions (this shared machine's speed drifts over minutes); bash times
    # `--count` to the millisecond.
    results=(); counts=()
    for _ in $(seq "$RUNS"); do
        results+=("$(one_run "$path")")
        counts+=("$( { TIMEFORMAT=%3R; time "$BIN" "$path" --count > "$WORK/count"; } 2>&1 | tail -1)")
    done
    first=$(printf '%s\n' "${results[@]}" | awk '{ print $1 }' | median)
    full=$(printf '%s\n' "${results[@]}" | awk '{ print $2 }' | median)
    parts=$(printf '%s\n' "${results[@]}" | awk '{ print $3 }' | median)
    filter=$(printf '%s\n' "${results[@]}" | awk '{ print $4 }' | median)
    count_s=$(printf '%s\n' "${counts[@]}" | median)
    size=$(( $(stat -c %s "$path") / 1048576 ))
    share=$(python3 -c "print(f'{$full / max($count_s, 0.01):.2f}x')")
    echo "| $(basename "$path") ($size MiB) | ${first} s | ${full} s | ${count_s} s | $share | ${parts} s | $(python3 -c "print(round($filter * 1000))") ms | $(cat "$WORK/count") |"
done
# Follow: a writer appends at 50,000 crumbs/s; how long after it stops does the screen show all?
live="$WORK/live.jsonl"
: > "$live"
socket="crumbtui-bench-follow-$$"
tmux -L "$socket" -f "$WORK/tmux.conf" new-session -d -x 120 -y 40 -e LANG=C.UTF-8 "exec '$BIN' --follow '$live'"
sleep 0.5
written=$(python3 Benchmarks/viewer/append.py "$live" 50000 6)
done_at=$(date +%s.%N)
expected=$(python3 -c "print(f'{$written:,} crumbs')")
for _ in $(seq 6000); do
    tmux -L "$socket" capture-pane -p | head -1 | grep -q "$expected" && break
    sleep 0.02
done
shown_at=$(date +%s.%N)
tmux -L "$socket" send-keys q
sleep 0.2
tmux -L "$socket" kill-server 2>/dev/null || true
lag=$(python3 -c "print(round(($shown_at - $done_at) * 1000))")

echo
echo "Follow: $written crumbs appended at 50,000 a second for 6 s; the screen showed all of them $lag ms after the last write."
echo
echo "Median of $RUNS runs; tmux 120x40; warm page cache; $(nproc) cores; $(date -u +%Y-%m-%d)."
echo "New filter: \`$FILTER\` typed at the prompt, timed from Enter to the drawn frame."
echo "Context ready: every crumb's context and fields, read behind the shown crumbs, are in (a \`ctx.\` filter or the facets wait for them until then)."
