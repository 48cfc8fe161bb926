/// The form of the live file's lines (`Crumbs.enable(liveFile:liveFileFormat:)`).
///
/// ```swift
/// Crumbs.enable(liveFile: "/var/tmp/myapp.otlp.jsonl", liveFileFormat: .otlpJSON)
/// ```
public enum LiveFileFormat: Sendable {
    /// One crumb per line, as the compact JSON object the crash dump holds: what `crumbtui
    /// --follow`, `jq` and Python statecrumbs' tools read.
    ///
    /// ```swift
    /// Crumbs.enable(liveFile: "/var/tmp/myapp.jsonl", liveFileFormat: .jsonLines)
    /// // {"event":"db.query","ts":"2025-12-30T10:23:45.123501+00:00","thread":"MainThread","rows":"42"}
    /// ```
    case jsonLines

    /// OpenTelemetry's OTLP/JSON file format: each line is one `LogsData` object holding the
    /// crumbs of one flush, the form the Collector's `otlpjsonfile` receiver reads and its
    /// `file` exporter writes. A crumb becomes a log record:
    ///
    /// - the event is its `eventName` and its `body`;
    /// - `ts` is its `timeUnixNano`; `observedTimeUnixNano` is when the writer handled it
    ///   (with `includeTimestamp: false` that is the only time it has);
    /// - fields are attributes with string values; context keys are attributes named
    ///   `context.KEY`; the thread is `thread.name` (there is no `thread.id`: carrying it
    ///   would slow down every crumb);
    /// - context keys `trace_id` (32 hex digits) and `span_id` (16) also fill its `traceId`
    ///   and `spanId`, so the crumbs join the traces the service sends;
    /// - severity is INFO; the `statecrumbs.dropped` line is WARN, the crash crumb
    ///   (`statecrumbs.crash`) FATAL.
    ///
    /// Every line carries the resource (`service.name` from `OTEL_SERVICE_NAME`, else the
    /// executable's name; `host.name`, `process.pid`, `process.executable.name`) and the scope
    /// `StateCrumbs` with the library's version. Lines stay under 512 KiB: a backlog is
    /// written as several. Rotation, the crash flush and ``Crumbs/flush(timeout:)`` work as
    /// for JSON Lines.
    ///
    /// ```swift
    /// Crumbs.enable(liveFile: "/var/log/myapp/crumbs.otlp.jsonl", liveFileFormat: .otlpJSON)
    /// // The current span's ids, as 32 and 16 hex digits:
    /// Crumbs.withContext(["trace_id": traceID, "span_id": spanID]) {
    ///     crumb("cart.checkout", ["items": 3])
    /// }
    /// // A Collector with `otlpjsonfile: {include: [/var/log/myapp/*.otlp.jsonl]}` ships them.
    /// ```
    case otlpJSON
}
