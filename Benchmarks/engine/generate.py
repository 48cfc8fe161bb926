"""Makes the crumbtui engine benchmark data with the real Python statecrumbs package.

1,000,000 crumbs from 8 threads (worker-0 ... worker-7) in nested contexts (request_id, then
user and attempt), written as JSON Lines (one crumb per line, json.dumps) and as the pretty
array statecrumbs prints on a crash (formatter.format_json, indent 2). The fields are chosen so
the files are about as big as the data set the issue was measured on (219 MiB as JSON Lines,
276 MiB as a pretty array).

usage: python3 generate.py OUT_DIR
"""
import json
import os
import sys
import threading

import statecrumbs
from statecrumbs import formatter
from statecrumbs.context import context

TOTAL = 1_000_000
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


def worker(index):
    requests = TOTAL // PER_REQUEST
    for number in range(index, requests, THREADS):
        handle(number)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    statecrumbs.enable(max_crumbs=TOTAL, on_crash="none")
    threads = [threading.Thread(target=worker, args=(i,), name="worker-%d" % i) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    crumbs = statecrumbs.snapshot()
    assert len(crumbs) == TOTAL, len(crumbs)
    with open(os.path.join(out, "crumbs.jsonl.tmp"), "w") as f:
        for crumb in crumbs:
            f.write(json.dumps(crumb) + "\n")
    with open(os.path.join(out, "crumbs.json.tmp"), "w") as f:
        f.write(formatter.format_json(crumbs))
    os.replace(os.path.join(out, "crumbs.jsonl.tmp"), os.path.join(out, "crumbs.jsonl"))
    os.replace(os.path.join(out, "crumbs.json.tmp"), os.path.join(out, "crumbs.json"))


if __name__ == "__main__":
    main()
