"""Writes the engine benchmark's crumbs.jsonl again as OTLP/JSON, the way StateCrumbs' live file
writes crumbs with liveFileFormat: .otlpJSON (eventName and body, thread.name, context.KEY
attributes, fields as attributes; 500 records per line), the lines alternating between two
services. For timing crumbtui on OTLP against the same crumbs as JSON Lines.

usage: python3 otlp.py crumbs.jsonl crumbs.otlp.jsonl
"""
import datetime
import os
import json
import sys

PER_LINE = 500


def value(item):
    if isinstance(item, bool):
        return {"boolValue": item}
    if isinstance(item, int):
        return {"intValue": str(item)}
    return {"stringValue": item if isinstance(item, str) else json.dumps(item)}


def record(crumb):
    stamp = datetime.datetime.fromisoformat(crumb["ts"])
    nanos = (int(stamp.timestamp()) * 1_000_000 + stamp.microsecond) * 1000
    attributes = [{"key": "thread.name", "value": {"stringValue": crumb["thread"]}}]
    attributes += [{"key": "context." + key, "value": value(item)} for key, item in crumb.get("context", {}).items()]
    attributes += [{"key": key, "value": value(item)} for key, item in crumb.items()
                   if key not in ("event", "ts", "thread", "context")]
    return {"observedTimeUnixNano": str(nanos), "severityNumber": 9, "severityText": "INFO",
            "eventName": crumb["event"], "body": {"stringValue": crumb["event"]}, "attributes": attributes,
            "timeUnixNano": str(nanos)}


def write(out, records, service):
    resource = {"attributes": [{"key": "service.name", "value": {"stringValue": service}},
                               {"key": "host.name", "value": {"stringValue": "bench-host"}}]}
    scope = {"scope": {"name": "StateCrumbs", "version": "0.2.0"}, "logRecords": records}
    out.write(json.dumps({"resourceLogs": [{"resource": resource, "scopeLogs": [scope]}]},
                         separators=(",", ":"), ensure_ascii=False) + "\n")


def main():
    source, target = sys.argv[1], sys.argv[2]
    with open(source) as lines, open(target + ".tmp", "w") as out:
        batch, count = [], 0
        for line in lines:
            batch.append(record(json.loads(line)))
            if len(batch) == PER_LINE:
                write(out, batch, "service-%d" % (count % 2))
                batch, count = [], count + 1
        if batch:
            write(out, batch, "service-%d" % (count % 2))
    os.replace(target + ".tmp", target)


if __name__ == "__main__":
    main()
