"""Python statecrumbs 0.1.2 on the workloads of Benchmarks/CrumbBench: the peer figure.

Usage: python_bench.py [BATCHES] [--workload=fields|variables|bare|threads] (all by default)."""
import sys
import threading
import time

from statecrumbs import crumb, enable
from statecrumbs.context import context

BATCH = 1000
ARGS = [a for a in sys.argv[1:] if not a.startswith("--workload=")]
BATCHES = int(ARGS[0]) if ARGS else 300
ONLY = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--workload=")), None)
FOUR = dict(request_id="req-0005000", user="alice", tenant="acme", step="db")


def measure(body):
    for _ in range(20):
        body()
    samples = []
    for _ in range(BATCHES):
        start = time.perf_counter_ns()
        body()
        samples.append((time.perf_counter_ns() - start) / BATCH)
    samples.sort()
    return samples[len(samples) // 2], samples[len(samples) * 99 // 100]


def fields():
    for _ in range(BATCH):
        crumb("db.query", table="users", rows=42)


TABLE = "users"


def variables():
    table = TABLE
    for i in range(BATCH):
        crumb("db.query", table=table, rows=i)


def bare():
    for _ in range(BATCH):
        crumb("tick")


def in_context(body):
    with context(**FOUR):
        return measure(body)


def report(name, result):
    print(f"python {name} median_ns={result[0]:.2f} p99_ns={result[1]:.2f}")


def two_threads():
    results = []
    worker = threading.Thread(target=lambda: results.append(in_context(fields)))
    worker.start()
    results.append(in_context(fields))
    worker.join()
    return max(r[0] for r in results), max(r[1] for r in results)


enable(max_crumbs=5000, on_crash="none")
if ONLY in (None, "fields"):
    report("fields+4ctx", in_context(fields))
if ONLY in (None, "variables"):
    report("fields-in-variables+4ctx", in_context(variables))
if ONLY in (None, "bare"):
    report("no-fields", measure(bare))
if ONLY in (None, "threads"):
    report("2-threads fields+4ctx", two_threads())
