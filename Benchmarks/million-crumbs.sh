# Sourced by the crumbtui benchmark scripts: makes sure the million-crumb data set exists
# (generated once with Python statecrumbs, cached, never committed) and builds crumbtui in
# release mode. Sets DATA and BIN.
DATA=${CRUMBTUI_BENCH_DATA:-/tmp/crumbtui-bench}
python3 -c 'import statecrumbs' 2>/dev/null || pip install -q statecrumbs==0.1.2
if [ ! -f "$DATA/crumbs.jsonl" ] || [ ! -f "$DATA/crumbs.json" ]; then
    echo "generating 1,000,000 crumbs with Python statecrumbs into $DATA ..." >&2
    python3 Benchmarks/engine/generate.py "$DATA"
fi
swift build -c release --scratch-path .build-engine-release --product crumbtui >&2
BIN=$(swift build -c release --scratch-path .build-engine-release --show-bin-path)/crumbtui
