"""Makes the crumbtui engine test fixtures with the real Python statecrumbs package.

    pip install statecrumbs==0.1.2
    python3 make_fixtures.py          # writes the python-* files next to this script

statecrumbs stores field values as repr() strings ('alice', 42 -> "42") and context values as
they are (numbers, lists, dicts, None), writes crash dumps with json.dumps(indent=2), and on an
uncaught exception prints "\\n" + dump + "\\n" to stderr before the traceback. The files made
here are committed; the tests never run Python. Hand-written fixtures (StateCrumbs format, merge
inputs, broken bytes) are described in FIXTURES.md.
"""
import json
import os
import subprocess
import sys
import threading
import time

import statecrumbs
from statecrumbs import formatter
from statecrumbs.context import context

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def record_service():
    """12 crumbs on 3 threads, with nested contexts and context values of every JSON type."""
    statecrumbs.clear()
    statecrumbs.crumb("app.start", version="1.2.3", debug=False)

    def worker(index):
        with context(request_id="req-%d" % index, attempt=index, tags=["a", "b"], meta={"k": 1}, gone=None):
            statecrumbs.crumb("http.request", path="/items/%d" % index, user="o'brien jr")
            with context(user="alice"):
                statecrumbs.crumb("db.query", table="users", rows=index * 10)
            statecrumbs.crumb("http.response", status=200)

    threads = [threading.Thread(target=worker, args=(i,), name="worker-%d" % i) for i in range(1, 4)]
    for thread in threads:
        thread.start()
        thread.join()
    with context(note="ünïcödé ✓", escape="\x1b[31mred\x1b[0m", newline="a\nb"):
        statecrumbs.crumb("odd.text", value="tab\there")
    statecrumbs.crumb("app.stop")
    return statecrumbs.snapshot()


def unsorted_crumbs():
    """8 threads racing: statecrumbs takes the time before the lock, so file order != time order.
    A short switch interval makes the interpreter switch threads between the two often."""
    statecrumbs.clear()
    sys.setswitchinterval(1e-6)

    class Payload:
        """statecrumbs calls repr() on field values after taking the time and before taking
        its lock; a repr that lets other threads run (as one doing I/O would) reorders."""

        def __repr__(self):
            time.sleep(0)
            return "<payload>"

    def worker():
        for i in range(250):
            statecrumbs.crumb("tick", i=i, payload=Payload())

    threads = [threading.Thread(target=worker, name="racer-%d" % i) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sys.setswitchinterval(0.005)
    return statecrumbs.snapshot()


CRASHING_PROGRAM = r'''
import statecrumbs
from statecrumbs.context import context
print("service starting", flush=True)
statecrumbs.enable(on_crash="stderr")
import sys
sys.stderr.write("WARNING: [cache] disabled [x]\n")
statecrumbs.crumb("app.start", version="1.2.3")
with context(request_id="req-7", attempt=2):
    statecrumbs.crumb("db.query", table="users")
    statecrumbs.crumb("db.error", error="timeout")
    def handler():
        raise RuntimeError("database timed out [after 3 tries]")
    handler()
'''


def main():
    statecrumbs.enable(max_crumbs=100000, on_crash="none")
    crumbs = record_service()
    with open(path("python-dump.json"), "w") as f:
        f.write(formatter.format_json(crumbs))
    with open(path("python-compact.json"), "w") as f:
        json.dump(crumbs, f)
    with open(path("python-live.jsonl"), "w") as f:
        for crumb in crumbs:
            f.write(json.dumps(crumb) + "\n")

    racing = unsorted_crumbs()
    with open(path("python-unsorted.jsonl"), "w") as f:
        for crumb in racing:
            f.write(json.dumps(crumb) + "\n")

    # A dump cut in the middle of its 9th crumb, as when a process is killed while writing.
    pretty = formatter.format_json(crumbs)
    cut = 0
    for _ in range(9):
        cut = pretty.index('"event"', cut + 1)
    with open(path("python-truncated.json"), "w") as f:
        f.write(pretty[: cut + 20])
    lines = [json.dumps(crumb) for crumb in crumbs]
    with open(path("python-truncated.jsonl"), "w") as f:
        f.write("\n".join(lines[:-1]) + "\n" + lines[-1][: len(lines[-1]) // 2])

    # Live file with broken lines at known line numbers (3, 6, 9, 10 and 12).
    broken = list(lines)
    broken.insert(2, '{"event": "half", "ts": ')
    broken.insert(5, "Traceback (most recent call last):")
    broken.insert(8, '{"event": "trailing"} garbage')
    broken.insert(9, "[1, 2, 3]")
    broken.insert(11, '{"event": "bad number", "n": 01x}')
    with open(path("python-malformed.jsonl"), "w") as f:
        f.write("\n".join(broken) + "\n")

    # The real crash: stdout and stderr of a crashing program, together as a terminal shows them.
    result = subprocess.run([sys.executable, "-c", CRASHING_PROGRAM], capture_output=True, text=True)
    with open(path("python-crash-stderr.log"), "w") as f:
        f.write(result.stdout + result.stderr)


if __name__ == "__main__":
    main()
