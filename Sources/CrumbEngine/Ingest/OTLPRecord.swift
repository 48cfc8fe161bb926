@_spi(CrumbCodec) import CrumbCodec

/// One OTLP log record as a crumb: the parts of the record the crumb needs, found in one walk
/// over it (its keys may come in any order), then the crumb's JSON written from them in our key
/// order, so it reads back exactly as the JSON Lines live file has the same crumb:
///
/// - `event`: `eventName`, else the `body` when it is a string;
/// - `ts`: `timeUnixNano`, else `observedTimeUnixNano`, as `2025-12-30T10:23:45.123456+00:00`;
/// - `thread`: the `thread.name` attribute;
/// - `context`: the `context.KEY` attributes, as `KEY`, and the entries of a map attribute
///   named `context` (a crumb line parsed by a Collector's `json_parser`);
/// - `severity`: the severity, when it is not the one StateCrumbs gives the event (INFO; WARN
///   for `statecrumbs.dropped`, FATAL for `statecrumbs.crash`);
/// - `body`: the body, when it is not the event (a map, or a message beside an `eventName`);
/// - every other attribute as a field; one named like a crumb's own key (`event`, `ts`,
///   `thread`, `context`) gets a leading underscore, as the recorder stores it.
///
/// A record with no `eventName` whose body is one whole crumb object is that crumb: our live
/// file writes a crumb too big for a record of its own that way.
struct OTLPRecord {
    var time: UInt64?
    var observedTime: UInt64?
    var severityNumber: Int?
    var severityText: JSONString?
    var eventName: JSONString?
    var body: Range<Int>?
    var traceID: JSONString?
    var spanID: JSONString?
    /// Attribute keys and where their values lie (reused from record to record).
    var attributes: [(key: JSONString, value: Range<Int>?)] = []

    mutating func reset() {
        time = nil
        observedTime = nil
        severityNumber = nil
        severityText = nil
        eventName = nil
        body = nil
        traceID = nil
        spanID = nil
        attributes.removeAll(keepingCapacity: true)
    }

    /// Reads the record object at the scanner's position; false when it is malformed.
    mutating func read(_ s: inout JSONScanner) -> Bool {
        reset()
        guard var members = JSONMembers(&s) else { return false }
        while let key = members.next(&s) {
            if s.key(key, is: "attributes") {
                guard var elements = JSONElements(&s) else { return false }
                while elements.next(&s) {
                    guard let pair = OTLPKeyValue.read(&s) else { return false }
                    if let name = pair.key { attributes.append((name, pair.value)) }
                }
                guard elements.closed else { return false }
                continue
            }
            let start = s.position
            guard s.skipValue() else { return false }
            let end = s.position
            let string = s.base[start] == 0x22 ? JSONString(start: start + 1, end: end - 1, escaped: Self.hasEscape(s.base, start, end)) : nil
            if s.key(key, is: "timeUnixNano", or: "time_unix_nano") {
                time = s.unsigned(from: start, to: end)
            } else if s.key(key, is: "observedTimeUnixNano", or: "observed_time_unix_nano") {
                observedTime = s.unsigned(from: start, to: end)
            } else if s.key(key, is: "severityNumber", or: "severity_number") {
                severityNumber = string.flatMap { OTLPSeverity.number(s.base, $0) } ?? s.unsigned(from: start, to: end).map { Int(clamping: $0) }
            } else if s.key(key, is: "severityText", or: "severity_text") {
                severityText = string
            } else if s.key(key, is: "eventName", or: "event_name") {
                eventName = string
            } else if s.key(key, is: "body") {
                body = start..<end
            } else if s.key(key, is: "traceId", or: "trace_id") {
                traceID = string
            } else if s.key(key, is: "spanId", or: "span_id") {
                spanID = string
            }
        }
        return members.closed
    }

    private static func hasEscape(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        findByte(0x5C, in: base, from: start, to: end) < end
    }

    /// Nanoseconds since 1970 that the crumb's `ts` shows (0 is OTLP's "unknown").
    var nanoseconds: UInt64? {
        if let time, time > 0 { return time }
        if let observedTime, observedTime > 0 { return observedTime }
        return nil
    }
}

/// Writes one record's crumb.
struct OTLPCrumbWriter {
    var values = OTLPValueWriter()
    private var decoded: [UInt8] = []

    /// Appends the crumb of `record` (whose bytes are in `base`) to `out`.
    mutating func write(_ record: OTLPRecord, _ base: UnsafePointer<UInt8>, into out: inout [UInt8]) {
        let bodyString = record.body.flatMap { OTLPValueWriter.string(base, from: $0.lowerBound, to: $0.upperBound) }
        if record.eventName == nil, let bodyString, writeWholeCrumb(base, bodyString, into: &out) { return }
        out.append(0x7B)
        var event = record.eventName.flatMap { $0.end > $0.start ? $0 : nil }
        let bodyIsEvent = bodyString != nil && (event == nil || Self.same(base, event!, bodyString!))
        if event == nil { event = bodyString }
        if let event {
            out.append(contentsOf: #""event":"#.utf8)
            JSONCopy.string(base, event, into: &out)
        }
        if let nanoseconds = record.nanoseconds {
            separate(&out)
            out.append(contentsOf: #""ts":""#.utf8)
            CrumbTime.appendText(micros: Int64(nanoseconds / 1000), to: &out)
            out.append(0x22)
        }
        let thread = record.attributes.firstIndex { JSONKey.equals(base, $0.key, "thread.name") }
        if let thread {
            separate(&out)
            out.append(contentsOf: #""thread":"#.utf8)
            appendValue(record.attributes[thread].value, base, into: &out)
        }
        // A `context` map (a crumb's JSON line parsed by a Collector's json_parser) is the
        // context as well.
        let contextMap = record.attributes.firstIndex { JSONKey.equals(base, $0.key, "context") }
            .flatMap { index in record.attributes[index].value.flatMap { OTLPValueWriter.entries(base, $0) }.map { (index, $0) } }
        var inContext = false
        func openContext(_ out: inout [UInt8]) {
            separate(&out)
            if !inContext { out.append(contentsOf: #""context":{"#.utf8) }
            inContext = true
        }
        for (index, attribute) in record.attributes.enumerated() {
            if JSONKey.hasPrefix(base, attribute.key, "context.") {
                openContext(&out)
                appendKey(base, from: attribute.key.start + 8, to: attribute.key.end, into: &out)
                appendValue(attribute.value, base, into: &out)
            } else if let (mapIndex, entries) = contextMap, index == mapIndex {
                for entry in entries {
                    openContext(&out)
                    appendKey(base, from: entry.key.start, to: entry.key.end, into: &out)
                    appendValue(entry.value, base, into: &out)
                }
            }
        }
        if inContext { out.append(0x7D) }
        if let severity = OTLPSeverity.field(record, event: event, base) {
            separate(&out)
            out.append(contentsOf: #""severity":"#.utf8)
            Self.appendQuoted(severity, to: &out)
        }
        if let body = record.body, !bodyIsEvent {
            separate(&out)
            out.append(contentsOf: #""body":"#.utf8)
            appendValue(body, base, into: &out)
        }
        for (index, attribute) in record.attributes.enumerated()
        where index != thread && index != contextMap?.0 && !JSONKey.hasPrefix(base, attribute.key, "context.") {
            separate(&out)
            let key = attribute.key
            if !key.escaped, ReservedKey.named(base + key.start, count: key.end - key.start) != nil {
                out.append(contentsOf: #""_"#.utf8)
                out.append(contentsOf: UnsafeBufferPointer(start: base + key.start, count: key.end - key.start))
                out.append(0x22)
            } else {
                JSONCopy.string(base, key, into: &out)
            }
            out.append(0x3A)
            appendValue(attribute.value, base, into: &out)
        }
        out.append(0x7D)
    }

    /// `"KEY":` for a key whose contents are at `start..<end`, escaped as the recorder escapes.
    private mutating func appendKey(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) {
        if JSONCopy.isPlain(base, from: start, to: end) {
            out.append(0x22)
            out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
            out.append(0x22)
        } else {
            JSONStringDecoder.decode(base, from: start, to: end, into: &decoded)
            Self.appendQuoted(decoded, to: &out)
        }
        out.append(0x3A)
    }

    private func separate(_ out: inout [UInt8]) {
        if out.last != 0x7B { out.append(0x2C) }
    }

    private mutating func appendValue(_ value: Range<Int>?, _ base: UnsafePointer<UInt8>, into out: inout [UInt8]) {
        guard let value else { return out.append(contentsOf: "null".utf8) }
        values.append(base, from: value.lowerBound, to: value.upperBound, into: &out)
    }

    /// The body of a record our live file wrote for a crumb too big for a record: the crumb's
    /// line, escaped. Taken as the crumb when it is one whole crumb object (not cut short).
    private mutating func writeWholeCrumb(_ base: UnsafePointer<UInt8>, _ body: JSONString, into out: inout [UInt8]) -> Bool {
        guard body.escaped, JSONKey.hasPrefix(base, body, #"{\"event\":"#) else { return false }
        JSONStringDecoder.decode(base, from: body.start, to: body.end, into: &decoded)
        return decoded.withUnsafeBufferPointer { crumb -> Bool in
            guard let start = crumb.baseAddress else { return false }
            var s = JSONScanner(base: start, position: 0, end: crumb.count)
            guard s.skipValue(), s.atEnd else { return false }
            JSONCompactor.compact(start, from: 0, to: crumb.count, into: &out)
            return true
        }
    }

    /// Whether two strings have the same bytes as written.
    private static func same(_ base: UnsafePointer<UInt8>, _ a: JSONString, _ b: JSONString) -> Bool {
        a.end - a.start == b.end - b.start && bytesEqual(base + a.start, base + b.start, a.end - a.start)
    }

    /// Appends decoded text as a JSON string, escaped as the recorder escapes.
    static func appendQuoted(_ text: [UInt8], to out: inout [UInt8]) {
        out.append(0x22)
        for byte in text {
            if JSONEscape.needsEscape(byte) { JSONEscape.appendEscape(byte, to: &out) } else { out.append(byte) }
        }
        out.append(0x22)
    }
}
