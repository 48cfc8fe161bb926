@_spi(CrumbCodec) import CrumbCodec

/// Reads OTLP/JSON log files, one `LogsData` object per line, as an OpenTelemetry Collector's
/// `file` exporter writes them (several `resourceLogs` and `scopeLogs` per line; ids in hex;
/// 64-bit integers as strings or numbers; enums as numbers or names) and as StateCrumbs' live
/// file writes them with `liveFileFormat: .otlpJSON`.
///
/// Each log record becomes a crumb-shaped JSON object (`OTLPRecord`) in a buffer of its own,
/// which the ordinary crumb parser then reads: filters, the viewer and `--print` see crumbs like
/// any others. The resource's `service.name` and `host.name` and the record's `traceId` go into
/// the store's origin columns, outside the crumb's JSON.
///
/// Reading streams line by line: memory is the crumbs' JSON (about a third of the OTLP text)
/// and the batch's columns. Problems are reported at the OTLP line they are on:
/// - a line that is not OTLP logs, or is malformed or cut off: skipped whole;
/// - a record with no time at all (neither `timeUnixNano` nor `observedTimeUnixNano`): skipped,
///   as every OTLP pipeline sets the observed time and a crumb without one cannot be placed
///   among the others by time;
/// - a `traceId` or `spanId` that is not an id (wrong length, not hex): the record is kept
///   without it; a `bytesValue` that is not base64: shown as written.
struct OTLPReader {
    var parser: CrumbParser
    let source: CrumbSource
    private var base: UnsafePointer<UInt8> { source.base }
    /// The crumbs' JSON, back to back (becomes the batch's `bytes`).
    let output: CrumbBytes
    private var crumb: [UInt8] = []
    private var record = OTLPRecord()
    private var writer = OTLPCrumbWriter()
    private var scratch: [UInt8] = []
    private var notes = LineNotes()
    private var releasedUpTo: Int
    /// Where a resourceLogs' `scopeLogs` start when they come before its `resource` (rare:
    /// writers put the resource first): read once the resource is known.
    private var pendingScopeLogs: [Int] = []

    /// The origin every record of the resource being read shares.
    private struct Origin {
        var service: ServiceID?
        var host: HostID?
    }

    init(source: CrumbSource, from start: Int, to end: Int, parts: CrumbParts = .all) {
        self.source = source
        parser = CrumbParser(parts: parts)
        releasedUpTo = start
        // Crumbs take about a third of the OTLP text; grown when that was too little.
        output = CrumbBytes(capacity: (end - start) / 3)
    }

    /// The batch, its crumbs pointing into their own bytes (named after the input).
    func finish() -> CrumbBatch {
        var batch = parser.batch
        batch.bytes = output.takeSource(name: source.name)
        return batch
    }

    /// The batches of two readers of one input, the second's crumbs after the first's, their
    /// bytes joined into one source (one input, one source, as for the other kinds).
    static func finish(_ first: OTLPReader, _ second: OTLPReader) -> [CrumbBatch] {
        let shift = first.output.count
        first.output.append(second.output)
        var batches = [first.parser.batch, second.parser.batch]
        batches[1].columns.starts = batches[1].columns.starts.map { $0 + shift }
        let bytes = first.output.takeSource(name: first.source.name)
        batches[0].bytes = bytes
        batches[1].bytes = bytes
        return batches
    }

    /// Reads the lines in `start..<end` (both at line starts); a line longer than
    /// ``InputLimits/lineBytes`` is skipped and reported.
    mutating func readLines(from start: Int, to end: Int) {
        var position = start
        while position < end {
            let lineEnd = findByte(0x0A, in: base, from: position, to: end)
            var s = JSONScanner(base: base, position: position, end: lineEnd)
            s.skipSpace()
            if lineEnd - position > InputLimits.lineBytes {
                parser.batch.problems.append((position, InputLimits.longLine(lineEnd - position)))
            } else if !s.atEnd {
                readLine(&s, from: position, to: lineEnd)
            }
            position = lineEnd + 1
            if position - releasedUpTo > 8 << 20 {
                source.release(from: releasedUpTo, upTo: position)
                releasedUpTo = position
            }
        }
    }

    private mutating func readLine(_ s: inout JSONScanner, from lineStart: Int, to lineEnd: Int) {
        let crumbs = parser.batch.count, bytes = output.count
        notes = LineNotes()
        let outcome = readLogsData(&s)
        if outcome == .logs {
            s.skipSpace()
            if s.atEnd {
                notes.report(into: &parser.batch)
                return
            }
        }
        while parser.batch.count > crumbs { parser.batch.columns.removeLast() }
        output.count = bytes
        let column = s.position - lineStart + 1
        let message: String
        switch outcome {
        case .logs: message = "text after the OTLP object at column \(column); line skipped"
        case .otherSignal(let name): message = "OTLP \(name), not logs; line skipped"
        case .notOTLP: message = "not OTLP/JSON logs (a line must be one object with resourceLogs); line skipped"
        case .malformed where s.position >= lineEnd && lineEnd == source.count:
            message = "last line is cut off (the file may still be being written); line skipped"
        case .malformed where s.position >= lineEnd:
            message = "the line ends inside the object (cut short, or pretty-printed: OTLP/JSON is one LogsData object per line, as jq -c writes it); line skipped"
        case .malformed: message = "malformed OTLP/JSON at column \(column); line skipped"
        }
        parser.batch.problems.append((outcome == .notOTLP ? lineStart : s.position, message))
    }

    private enum Outcome: Equatable {
        case logs, notOTLP, malformed
        case otherSignal(String)
    }

    /// `{"resourceLogs":[…]}`.
    private mutating func readLogsData(_ s: inout JSONScanner) -> Outcome {
        guard var members = JSONMembers(&s) else { return .notOTLP }
        var logs = false
        var other: String?
        while let key = members.next(&s) {
            if s.key(key, is: "resourceLogs", or: "resource_logs") {
                logs = true
                guard var elements = JSONElements(&s) else { return .malformed }
                while elements.next(&s) {
                    guard readResourceLogs(&s) else { return .malformed }
                }
                guard elements.closed else { return .malformed }
            } else {
                if s.key(key, is: "resourceSpans", or: "resource_spans") { other = "traces (resourceSpans)" }
                if s.key(key, is: "resourceMetrics", or: "resource_metrics") { other = "metrics (resourceMetrics)" }
                guard s.skipValue() else { return logs || s.atEnd ? .malformed : .notOTLP }
            }
        }
        // Ending inside the object is a cut (or pretty-printed) line whatever it held so far.
        guard members.closed else { return logs || s.atEnd ? .malformed : .notOTLP }
        if logs { return .logs }
        return other.map { .otherSignal($0) } ?? .notOTLP
    }

    /// `{"resource":{"attributes":[…]},"scopeLogs":[…]}`.
    private mutating func readResourceLogs(_ s: inout JSONScanner) -> Bool {
        guard var members = JSONMembers(&s) else { return false }
        var origin = Origin()
        var resourceRead = false
        pendingScopeLogs.removeAll(keepingCapacity: true)
        while let key = members.next(&s) {
            if s.key(key, is: "resource") {
                guard let read = readResource(&s) else { return false }
                origin = read
                resourceRead = true
            } else if s.key(key, is: "scopeLogs", or: "scope_logs"), resourceRead {
                guard readScopeLogs(&s, origin) else { return false }
            } else {
                if s.key(key, is: "scopeLogs", or: "scope_logs") { pendingScopeLogs.append(s.position) }
                guard s.skipValue() else { return false }
            }
        }
        guard members.closed else { return false }
        for start in pendingScopeLogs {
            var later = JSONScanner(base: s.base, position: start, end: s.end)
            guard readScopeLogs(&later, origin) else { return false }
        }
        return true
    }

    /// The resource's `service.name` and `host.name` (string values).
    private mutating func readResource(_ s: inout JSONScanner) -> Origin? {
        guard var members = JSONMembers(&s) else { return nil }
        var origin = Origin()
        while let key = members.next(&s) {
            guard s.key(key, is: "attributes") else {
                guard s.skipValue() else { return nil }
                continue
            }
            guard var elements = JSONElements(&s) else { return nil }
            while elements.next(&s) {
                guard let pair = OTLPKeyValue.read(&s) else { return nil }
                guard let name = pair.key, let value = pair.value,
                      let text = OTLPValueWriter.string(base, from: value.lowerBound, to: value.upperBound) else { continue }
                if JSONKey.equals(base, name, "service.name") {
                    origin.service = CrumbParser.internString(base, text, &parser.batch.originNames.services, &scratch)
                } else if JSONKey.equals(base, name, "host.name") {
                    origin.host = CrumbParser.internString(base, text, &parser.batch.originNames.hosts, &scratch)
                }
            }
            guard elements.closed else { return nil }
        }
        return members.closed ? origin : nil
    }

    /// `[{"scope":{…},"logRecords":[…]}, …]`: the scope itself is not kept.
    private mutating func readScopeLogs(_ s: inout JSONScanner, _ origin: Origin) -> Bool {
        guard var scopes = JSONElements(&s) else { return false }
        while scopes.next(&s) {
            guard var members = JSONMembers(&s) else { return false }
            while let key = members.next(&s) {
                guard s.key(key, is: "logRecords", or: "log_records") else {
                    guard s.skipValue() else { return false }
                    continue
                }
                guard var records = JSONElements(&s) else { return false }
                while records.next(&s) {
                    let start = s.position
                    guard record.read(&s) else { return false }
                    add(at: start, origin)
                }
                guard records.closed else { return false }
            }
            guard members.closed else { return false }
        }
        return scopes.closed
    }

    /// Adds the record just read as a crumb.
    private mutating func add(at start: Int, _ origin: Origin) {
        guard record.nanoseconds != nil else {
            notes.noTime.add(start)
            return
        }
        crumb.removeAll(keepingCapacity: true)
        writer.write(record, base, into: &crumb)
        if let offset = writer.values.takeBadBytes() { notes.badBytes.add(offset) }
        // Into the output, then parsed there: the parser keeps offsets, not pointers, so the
        // output may move when it grows.
        let crumbStart = output.count
        output.append(crumb)
        var s = JSONScanner(base: output.base, position: crumbStart, end: output.count)
        guard parser.parseCrumb(&s) else {
            output.count = crumbStart  // cannot happen: the crumb was written whole
            return
        }
        let index = parser.batch.count - 1
        if let service = origin.service { parser.batch.columns.origins.services.set(index, service) }
        if let host = origin.host { parser.batch.columns.origins.hosts.set(index, host) }
        if let trace = record.traceID {
            switch OTLPBytes.id(base, trace, length: 16, scratch: &scratch) {
            case .valid:
                let id = scratch.withUnsafeBytes { parser.batch.originNames.traces.intern($0) }
                parser.batch.columns.origins.traces.set(index, id)
            case .malformed: notes.badTrace.add(trace.start - 1)
            case .none: break
            }
        }
        if let span = record.spanID, OTLPBytes.id(base, span, length: 8, scratch: &scratch) == .malformed {
            notes.badSpan.add(span.start - 1)
        }
    }
}

/// Problems of the records of one line, each kind said once with how often it occurred: a
/// line can hold thousands of records.
private struct LineNotes {
    struct Note {
        var count = 0
        var offset = 0

        mutating func add(_ at: Int) {
            if count == 0 { offset = at }
            count += 1
        }
    }

    var noTime = Note()
    var badTrace = Note()
    var badSpan = Note()
    var badBytes = Note()

    func report(into batch: inout CrumbBatch) {
        guard noTime.count + badTrace.count + badSpan.count + badBytes.count > 0 else { return }
        func add(_ note: Note, _ one: String, _ many: String, kept: Bool) {
            guard note.count > 0 else { return }
            batch.problems.append((note.offset, note.count == 1 ? one : "\(note.count) \(many)"))
            if kept { batch.problemsKept += 1 }
        }
        var notes = [(noTime, "a log record with no time (neither timeUnixNano nor observedTimeUnixNano); skipped",
                      "log records with no time (neither timeUnixNano nor observedTimeUnixNano); skipped", false),
                     (badTrace, "a traceId that is not 16 bytes in hex (32 digits); the record is kept without a trace",
                      "traceIds that are not 16 bytes in hex (32 digits); the records are kept without a trace", true),
                     (badSpan, "a spanId that is not 8 bytes in hex (16 digits); the record is kept without it",
                      "spanIds that are not 8 bytes in hex (16 digits); the records are kept without them", true),
                     (badBytes, "a bytesValue that is not base64; shown as written",
                      "bytesValues that are not base64; shown as written", true)]
        // In the order they occur, so line numbers ascend.
        notes.sort { $0.0.offset < $1.0.offset }
        for (note, one, many, kept) in notes { add(note, one, many, kept: kept) }
    }
}
