"""Makes otlp-two-services.jsonl: an OTLP/JSON log file written by another implementation.

Run from this folder with the venv .ci/run sets up (.ci/python-requirements.txt: the
OpenTelemetry Python SDK and its OTLP encoder):

    ../../../.build-venv/bin/python make_otlp_fixtures.py

Two services (two SDK LoggerProviders with their own Resource) emit log records through the
SDK's own pipeline (SimpleLogRecordProcessor into an in-memory exporter); each batch is
encoded with the SDK's OTLP encoder (`encode_logs`) and written as one line the way the
Collector's `file` exporter writes OTLP/JSON: `MessageToDict(..., use_integers_for_enums=True)`,
then trace and span ids turned from protobuf JSON's base64 into hex, compact, UTF-8.

Line 1: both services, one with two scopes (StateCrumbs and an app's own logger): crumbs with
trace ids, `context.*` attributes and `thread.name`. Line 2: both services again: attributes of
every AnyValue type (string, int, double, bool, array, map, bytes), a map body, a record with
only an observed time, non-ASCII and control characters. Line 3: one service's FATAL crash
crumb. Times are fixed, so the file is the same on every run.

It also makes otlp-filelog.jsonl: the crumbs of filelog-source.jsonl (a JSON Lines live file) as
a Collector's `filelog` receiver with the README's json_parser pipeline hands them on: the event
moved to the body, `ts` parsed into the time, the thread as `thread.name`, the context as one map
attribute, the fields as attributes in another order (a Collector's attribute maps keep none),
`service.name` from the receiver's resource and `host.name` from the resourcedetection processor.
"""
import base64
import calendar
import datetime
import json

from google.protobuf.json_format import MessageToDict
from opentelemetry import trace
from opentelemetry._logs import SeverityNumber
from opentelemetry.exporter.otlp.proto.common._log_encoder import encode_logs
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

START = 1767090225123456000  # 2025-12-30T10:23:45.123456Z
MS = 1_000_000
TRACE = 0x4BF92F3577B34DA6A3CE929D0E0E4736
OTHER_TRACE = 0x0AF7651916CD43DD8448EB211C80319C


def provider(exporter, service, pid, executable):
    # Resource(...) rather than Resource.create(...): no attributes from the environment.
    resource = Resource({"service.name": service, "host.name": "build-host", "process.pid": pid,
                         "process.executable.name": executable})
    logs = LoggerProvider(resource=resource, shutdown_on_exit=False)
    logs.add_log_record_processor(SimpleLogRecordProcessor(exporter))
    return logs


def in_span(trace_id, span_id):
    context = SpanContext(trace_id=trace_id, span_id=span_id, is_remote=False, trace_flags=TraceFlags(1))
    return trace.set_span_in_context(NonRecordingSpan(context))


def crumb(logger, at, event, thread, context=None, fields=None, trace_id=0, span_id=0,
          severity=SeverityNumber.INFO, text="INFO"):
    """A record as StateCrumbs writes a crumb: the event as eventName and body, the thread as
    thread.name, context keys as context.KEY, fields as string attributes."""
    attributes = {"thread.name": thread}
    attributes.update({"context." + key: value for key, value in (context or {}).items()})
    attributes.update(fields or {})
    logger.emit(timestamp=START + at * MS, observed_timestamp=START + at * MS + 250_000,
                context=in_span(trace_id, span_id) if trace_id else None, severity_number=severity,
                severity_text=text, body=event, attributes=attributes, event_name=event)


def hex_ids(value):
    """protobuf JSON writes bytes as base64; OTLP/JSON writes trace and span ids as hex."""
    if isinstance(value, dict):
        return {key: base64.b64decode(item).hex() if key in ("traceId", "spanId") else hex_ids(item)
                for key, item in value.items()}
    if isinstance(value, list):
        return [hex_ids(item) for item in value]
    return value


def line(exporter):
    request = encode_logs(exporter.get_finished_logs())
    exporter.clear()
    document = hex_ids(MessageToDict(request, use_integers_for_enums=True))
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def main():
    exporter = InMemoryLogRecordExporter()
    checkout = provider(exporter, "checkout", 4242, "CheckoutService")
    payments = provider(exporter, "payments", 5151, "payments-worker")
    checkout_crumbs = checkout.get_logger("StateCrumbs", "0.2.0")
    checkout_http = checkout.get_logger("app.http", "1.4.0")
    payments_crumbs = payments.get_logger("StateCrumbs", "0.2.0")
    lines = []

    request = {"trace_id": f"{TRACE:032x}", "span_id": "00f067aa0ba902b7", "request_id": "req-7", "user": "alice"}
    crumb(checkout_crumbs, 0, "request.start", "http-0", request, {"path": "/checkout", "method": "POST"},
          TRACE, 0x00F067AA0BA902B7)
    checkout_http.emit(timestamp=START + 1 * MS, observed_timestamp=START + 1 * MS, context=in_span(TRACE, 0x00F067AA0BA902B7),
                       severity_number=SeverityNumber.DEBUG, severity_text="DEBUG", body="GET /cart 200",
                       attributes={"http.response.status_code": 200, "http.route": "/cart"})
    crumb(payments_crumbs, 2, "charge.start", "payments", {"trace_id": f"{TRACE:032x}", "span_id": "53995c3f42cd8ad8"},
          {"amount": "18.40", "currency": "EUR"}, TRACE, 0x53995C3F42CD8AD8)
    crumb(checkout_crumbs, 3, "db.query", "http-0", request, {"table": "orders", "rows": "3"},
          TRACE, 0x00F067AA0BA902B7)
    lines.append(line(exporter))

    crumb(checkout_crumbs, 10, "cache.put", "http-1", {"request_id": "req-8", "user": "Zoë 李雷"},
          {"key": "cart:Zoë", "value": '{"items":[{"sku":"tea-01","qty":2}]}', "note": "tab\there\nnewline \x01"},
          OTHER_TRACE, 0xB7AD6B7169203331)
    checkout_http.emit(timestamp=START + 11 * MS, observed_timestamp=START + 11 * MS, severity_number=SeverityNumber.WARN,
                       severity_text="WARN", body={"message": "slow request", "ms": 950},
                       attributes={"string": "text", "int": 42, "double": 2.5, "bool": True,
                                   "array": ["a", "b", "c"], "ints": [1, 2, 3],
                                   "map": {"inner": "value", "n": 7, "nested": {"deep": True}},
                                   "bytes": b"\x00\x01\xfe\xff", "thread.name": "http-1"})
    payments_crumbs.emit(observed_timestamp=START + 12 * MS, severity_number=SeverityNumber.INFO, severity_text="INFO",
                         body="retry", attributes={"thread.name": "payments", "attempt": "2"}, event_name="charge.retry")
    crumb(payments_crumbs, 13, "statecrumbs.dropped", "statecrumbs-live", fields={"count": 17},
          severity=SeverityNumber.WARN, text="WARN")
    lines.append(line(exporter))

    crumb(payments_crumbs, 20, "statecrumbs.crash", "payments", {"trace_id": f"{TRACE:032x}"},
          {"signal": "SIGILL", "reason": "Fatal error: Index out of range"}, TRACE, 0x53995C3F42CD8AD8,
          SeverityNumber.FATAL, "FATAL")
    lines.append(line(exporter))

    with open("otlp-two-services.jsonl", "w", encoding="utf-8") as file:
        file.writelines(lines)
    filelog(exporter)


FILELOG_CRUMBS = [
    {"event": "request.start", "ts": "2025-12-30T10:24:00.000001+00:00", "thread": "http-2",
     "context": {"request_id": "req-9", "user": "bob"}, "path": "/cart", "method": "GET"},
    {"event": "db.query", "ts": "2025-12-30T10:24:00.002500+00:00", "thread": "http-2",
     "context": {"request_id": "req-9", "user": "bob"}, "table": "carts", "rows": "2"},
    {"event": "app.tick", "ts": "2025-12-30T10:24:01.000000+00:00", "thread": "MainThread", "uptime": "61 s"},
]


def filelog(exporter):
    logs = LoggerProvider(resource=Resource({"service.name": "inventory", "host.name": "shop-2"}), shutdown_on_exit=False)
    logs.add_log_record_processor(SimpleLogRecordProcessor(exporter))
    logger = logs.get_logger("")
    for crumb in FILELOG_CRUMBS:
        attributes = {key: value for key, value in crumb.items() if key not in ("event", "ts", "thread")}
        attributes["thread.name"] = crumb["thread"]
        stamp = datetime.datetime.fromisoformat(crumb["ts"])
        nanoseconds = (calendar.timegm(stamp.utctimetuple()) * 1_000_000 + stamp.microsecond) * 1000
        logger.emit(timestamp=nanoseconds, observed_timestamp=START + 60_000 * MS,
                    body=crumb["event"], attributes=dict(sorted(attributes.items())))
    with open("otlp-filelog.jsonl", "w", encoding="utf-8") as file:
        file.write(line(exporter))
    with open("filelog-source.jsonl", "w", encoding="utf-8") as file:
        file.writelines(json.dumps(crumb, ensure_ascii=False, separators=(",", ":")) + "\n" for crumb in FILELOG_CRUMBS)


if __name__ == "__main__":
    main()
