"""Appends crumbs to a live file at a steady rate, in small flushed batches, like a busy app.

usage: python3 append.py FILE RATE SECONDS   (prints how many crumbs it wrote)
"""
import sys
import time

path, rate, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
total = int(rate * seconds)
start = time.time()
n = 0
with open(path, "a", buffering=1 << 20) as f:
    while n < total:
        due = min(int((time.time() - start) * rate), total)
        while n < due:
            f.write('{"event":"tick","ts":"2025-12-30T10:23:45.%06d+00:00","thread":"w%d",'
                    '"context":{"request_id":"req-%d"},"n":%d}\n' % (n % 1000000, n % 4, n // 5, n))
            n += 1
        f.flush()
        time.sleep(0.005)
print(n)
