# Sourced by the crumbtui benchmark scripts: makes sure the million-crumb data set exists
# (generated once with Python statecrumbs, cached, never committed) and builds crumbtui in
# release mode. Sets DATA, DATA_10M and BIN; `ten_million_crumbs` makes the ten-million-crumb
# set on demand.
DATA=${CRUMBTUI_BENCH_DATA:-/tmp/crumbtui-bench}
DATA_10M=${CRUMBTUI_BENCH_DATA_10M:-/tmp/crumbtui-bench-10m}
python3 -c 'import statecrumbs' 2>/dev/null || pip install -q statecrumbs==0.1.2
if [ ! -f "$DATA/crumbs.jsonl" ] || [ ! -f "$DATA/crumbs.json" ]; then
    echo "generating 1,000,000 crumbs with Python statecrumbs into $DATA ..." >&2
    python3 Benchmarks/engine/generate.py "$DATA"
fi
swift build -c release --scratch-path .build-engine-release --product crumbtui >&2
BIN=$(swift build -c release --scratch-path .build-engine-release --show-bin-path)/crumbtui

# ten_million_crumbs: makes sure $DATA_10M/crumbs.jsonl exists (10,000,000 crumbs, about 2.2 GB
# of JSON Lines, a few minutes to make); returns 1 with a message when the disk lacks room.
ten_million_crumbs() {
    [ -f "$DATA_10M/crumbs.jsonl" ] && return 0
    mkdir -p "$DATA_10M"
    local free_kb
    free_kb=$(df -Pk "$DATA_10M" | awk 'NR == 2 { print $4 }')
    if [ "$free_kb" -lt $(( 3 * 1024 * 1024 )) ]; then
        echo "not enough room for the ten-million-crumb data set in $DATA_10M (needs 2.2 GB, $(( free_kb / 1024 )) MB free)" >&2
        return 1
    fi
    echo "generating 10,000,000 crumbs with Python statecrumbs into $DATA_10M ..." >&2
    python3 Benchmarks/engine/generate.py "$DATA_10M" 10000000
}
