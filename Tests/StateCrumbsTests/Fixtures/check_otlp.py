"""Checks OTLP/JSON live files with the official OpenTelemetry protobuf definitions.

Run by the Swift tests (LiveFileOTLPTests) with the venv that .ci/run sets up:

    .build-venv/bin/python check_otlp.py [--cut N] FILE...

Every line of every file must be a whole line (ending in a newline) that
`google.protobuf.json_format.Parse(line, LogsData())` accepts. json_format reads a hex id as
base64 without complaint, so ids are checked apart: traceId 32 and spanId 16 lowercase hex
digits. timeUnixNano and observedTimeUnixNano must be decimal strings, severityNumber an
integer. Prints one JSON object on stdout: `errors` (empty when all is well), `lines`,
`resources` (each resource's attributes, with its scopes) and `records` in file order, each
`{event, body, severity, severityText, time, observed, traceId, spanId, attributes}` with
attributes as `[key, kind, value]` (values cut to N characters with --cut).
"""
import json
import re
import sys

from google.protobuf import json_format
from opentelemetry.proto.logs.v1.logs_pb2 import LogsData

HEX = {"traceId": re.compile(r"[0-9a-f]{32}"), "spanId": re.compile(r"[0-9a-f]{16}")}
DECIMAL = re.compile(r"[0-9]+")


def value_of(any_value, cut):
    (kind, value), = any_value.items()
    kind = kind.removesuffix("Value")
    if isinstance(value, str) and cut is not None and len(value) > cut:
        value = value[:cut]
    return kind, value


def check_record(where, record, errors):
    for name, pattern in HEX.items():
        if name in record and not (isinstance(record[name], str) and pattern.fullmatch(record[name])):
            errors.append(f"{where}: {name} {record[name]!r} is not {pattern.pattern}")
    for name in ("timeUnixNano", "observedTimeUnixNano"):
        if name in record and not (isinstance(record[name], str) and DECIMAL.fullmatch(record[name])):
            errors.append(f"{where}: {name} {record[name]!r} is not a decimal string")
    if "observedTimeUnixNano" not in record:
        errors.append(f"{where}: no observedTimeUnixNano")
    if "severityNumber" in record and not isinstance(record["severityNumber"], int):
        errors.append(f"{where}: severityNumber {record['severityNumber']!r} is not an integer")


def main(arguments):
    cut = None
    if arguments[:1] == ["--cut"]:
        cut = int(arguments[1])
        arguments = arguments[2:]
    errors, resources, records, lines = [], [], [], 0
    for path in arguments:
        with open(path, "rb") as file:
            data = file.read()
        if data and not data.endswith(b"\n"):
            errors.append(f"{path}: the last line is not whole")
        for number, raw in enumerate(data.split(b"\n")[:-1] if data else [], start=1):
            where = f"{path}:{number}"
            lines += 1
            try:
                text = raw.decode("utf-8")
                json_format.Parse(text, LogsData())
                document = json.loads(text)
            except Exception as error:  # any failure is the finding
                errors.append(f"{where}: {type(error).__name__}: {str(error)[:300]}")
                continue
            for resource_logs in document.get("resourceLogs", []):
                attributes = {a["key"]: value_of(a["value"], cut)[1]
                              for a in resource_logs.get("resource", {}).get("attributes", [])}
                scopes = [[s.get("scope", {}).get("name"), s.get("scope", {}).get("version")]
                          for s in resource_logs.get("scopeLogs", [])]
                if {"attributes": attributes, "scopes": scopes} not in resources:
                    resources.append({"attributes": attributes, "scopes": scopes})
                for scope_logs in resource_logs.get("scopeLogs", []):
                    for record in scope_logs.get("logRecords", []):
                        check_record(where, record, errors)
                        body = record.get("body")
                        records.append({
                            "event": record.get("eventName"),
                            "body": value_of(body, cut)[1] if body else None,
                            "severity": record.get("severityNumber", 0),
                            "severityText": record.get("severityText", ""),
                            "time": record.get("timeUnixNano"),
                            "observed": record.get("observedTimeUnixNano"),
                            "traceId": record.get("traceId"),
                            "spanId": record.get("spanId"),
                            "attributes": [[a["key"], *value_of(a["value"], cut)]
                                           for a in record.get("attributes", [])],
                        })
    json.dump({"errors": errors, "lines": lines, "resources": resources, "records": records},
              sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
