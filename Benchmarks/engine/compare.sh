#!/usr/bin/env bash
# Loading time of two commits side by side, in the same run: builds crumbtui (release) at each
# in a worktree of its own, then times `crumbtui FILE --count --filter F` on the engine
# benchmark's million crumbs, alternating the two builds RUNS times, and prints the medians.
# For "does this change make loading slower?".
#
#   Benchmarks/engine/compare.sh BEFORE AFTER            # e.g. db3138a 0185514
#   RUNS=7 FILTER='thread:worker-3 event:db.*' Benchmarks/engine/compare.sh BEFORE AFTER
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# = 2 ] || { echo "usage: $0 BEFORE AFTER (two commits)" >&2; exit 2; }
RUNS=${RUNS:-7}
FILTER=${FILTER:-'thread:worker-3 event:db.*'}
. Benchmarks/million-crumbs.sh >/dev/null  # sets DATA (and builds this checkout, unused here)
WORK=$(mktemp -d /tmp/crumbtui-compare.XXXXXX)
trap 'for w in "$WORK"/a "$WORK"/b; do [ -d "$w" ] && git worktree remove --force "$w"; done; rm -rf "$WORK"' EXIT
bins=()
for side in a b; do
    rev=$([ $side = a ] && echo "$1" || echo "$2")
    git worktree add -q --detach "$WORK/$side" "$rev"
    swift build -c release --package-path "$WORK/$side" --scratch-path "$WORK/build-$side" --product crumbtui >&2
    bins+=("$WORK/build-$side/release/crumbtui")
done
for file in crumbs.jsonl crumbs.json; do
    cat "$DATA/$file" > /dev/null
    : > "$WORK/a.times"; : > "$WORK/b.times"
    for _ in $(seq "$RUNS"); do
        for side in a b; do
            bin=${bins[$([ $side = a ] && echo 0 || echo 1)]}
            start=$(date +%s.%N)
            "$bin" "$DATA/$file" --count --filter "$FILTER" > /dev/null
            python3 -c "print(f'{$(date +%s.%N) - $start:.3f}')" >> "$WORK/$side.times"
        done
    done
    med() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
    echo "$file: $1 $(med "$WORK/a.times") s, $2 $(med "$WORK/b.times") s (medians of $RUNS alternating runs; $1: $(tr '\n' ' ' < "$WORK/a.times"); $2: $(tr '\n' ' ' < "$WORK/b.times"))"
done
