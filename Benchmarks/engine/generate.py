"""Makes the crumbtui engine benchmark data with the real Python statecrumbs package.

COUNT crumbs (1,000,000 unless given) from 8 threads (worker-0 ... worker-7) in nested contexts
(request_id, then user and attempt), written as JSON Lines (one crumb per line, json.dumps) and,
for up to a million crumbs, as the pretty array statecrumbs prints on a crash
(formatter.format_json, indent 2). The fields are chosen so the files are about as big as the
data set the issue was measured on (219 MiB as JSON Lines, 276 MiB as a pretty array, for a
million crumbs).

More than a million crumbs are recorded a million at a time (statecrumbs keeps its crumbs in
memory: ten million Python dicts would need about ten gigabytes), each million appended to the
JSON Lines file; request numbers go on from one million to the next. No array is written then:
jq, the benchmark's peer, holds a whole array in memory (1.4 GB for a million crumbs).

usage: python3 generate.py OUT_DIR [COUNT]
"""
import json
import os
import sys
import threading

import statecrumbs
from statecrumbs import formatter
from statecrumbs.context import context

CHUNK = 1_000_000
THREADS = 8
PER_REQUEST = 5  # crumbs per request, see handle()


def handle(number):
    with context(request_id="req-%07d" % number):
        statecrumbs.crumb("http.request", method="GET", path="/api/items/%d" % number,
                          agent="curl/8.5.0 (x86_64-pc-linux-gnu)")
        with context(user="user-%d" % (number % 997), attempt=number % 3):
            statecrumbs.crumb("auth.check", ok=True, scheme="bearer")
            statecrumbs.crumb("db.query", table="items", rows=number % 50,
                              sql="SELECT id, name, price FROM items WHERE id = %d" % number)
            statecrumbs.crumb("cache.get", key="item:%d" % number, hit=number % 4 == 0, ttl=300)
        statecrumbs.crumb("http.response", status=200, bytes=number % 9000, duration_ms=number % 250)


def worker(index, first, end):
    for number in range(first + index, end, THREADS):
        handle(number)


def record(first_request, requests):
    """Records the crumbs of requests first_request ..< first_request + requests on 8 threads."""
    statecrumbs.clear()
    end = first_request + requests
    threads = [threading.Thread(target=worker, args=(i, first_request, end), name="worker-%d" % i)
               for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    crumbs = statecrumbs.snapshot()
    assert len(crumbs) == requests * PER_REQUEST, len(crumbs)
    return crumbs


def main():
    out = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else CHUNK
    assert total % PER_REQUEST == 0, "COUNT must be a multiple of %d" % PER_REQUEST
    os.makedirs(out, exist_ok=True)
    statecrumbs.enable(max_crumbs=min(total, CHUNK), on_crash="none")
    lines = os.path.join(out, "crumbs.jsonl")
    crumbs = []
    with open(lines + ".tmp", "w") as f:
        for first in range(0, total, CHUNK):
            count = min(CHUNK, total - first)
            crumbs = record(first // PER_REQUEST, count // PER_REQUEST)
            for crumb in crumbs:
                f.write(json.dumps(crumb) + "\n")
    if total <= CHUNK:
        array = os.path.join(out, "crumbs.json")
        with open(array + ".tmp", "w") as f:
            f.write(formatter.format_json(crumbs))
        os.replace(array + ".tmp", array)
    os.replace(lines + ".tmp", lines)


if __name__ == "__main__":
    main()
