"""Makes the Python statecrumbs dumps the compatibility tests compare against.

Run from this folder with statecrumbs 0.1.2 installed (`pip install statecrumbs==0.1.2`):

    python3 make_python_dumps.py

It writes python_export.json (export_json of a snapshot) and python_crash_stderr.txt (what an
unhandled exception prints to stderr with on_crash="stderr": the dump, then the traceback).
The same events are recorded by the Swift tests, which compare keys, key order and value forms.
"""
import subprocess
import sys
import threading

from statecrumbs import clear, crumb, enable, snapshot
from statecrumbs.context import context
from statecrumbs.export import export_json


def record():
    crumb("start", user="alice")
    with context(request_id="req-7", user="bob"):
        crumb("db.query", table="users", rows=42)
        with context(step="render"):
            crumb("render", template="home")
    worker = threading.Thread(target=lambda: crumb("worker.tick", n=1), name="worker-3")
    worker.start()
    worker.join()
    crumb("before_error", x=10)


if __name__ == "__main__":
    if sys.argv[1:] == ["--crash"]:
        enable(on_crash="stderr", max_crumbs=50)
        record()
        1 / 0
    enable(max_crumbs=50)
    clear()
    record()
    export_json("python_export.json")
    crashed = subprocess.run([sys.executable, __file__, "--crash"], capture_output=True, text=True)
    with open("python_crash_stderr.txt", "w") as f:
        f.write(crashed.stderr)
