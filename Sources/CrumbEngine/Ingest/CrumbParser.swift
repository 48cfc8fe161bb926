/// Reads one crumb object from the bytes into a `CrumbBatch`: interns `thread`, `event`, the
/// context's keys and values and the other fields' keys; remembers where each field's value is.
///
/// This is the hot path of loading: it works on raw bytes, allocates nothing for a plain crumb,
/// and decodes a string only when it holds escapes.
struct CrumbParser {
    var batch = CrumbBatch()
    /// Reused for decoded strings and compacted values.
    private var scratch: [UInt8] = []

    /// Parses the object whose `{` is at the scanner's position. On failure nothing is added and
    /// the scanner stops where the input went wrong.
    mutating func parseCrumb(_ s: inout JSONScanner) -> Bool {
        let crumbStart = s.position
        guard s.take(0x7B) else { return false }
        var thread: ThreadID?, event: EventID?, time = CrumbColumns.noTime
        let contextMark = batch.columns.context.count, fieldMark = batch.columns.fields.count
        s.skipSpace()
        if !s.take(0x7D) {
            while true {
                guard let key = s.scanString() else { return fail(contextMark, fieldMark) }
                s.skipSpace()
                guard s.take(0x3A) else { return fail(contextMark, fieldMark) }
                s.skipSpace()
                switch Self.reservedKey(s.base, key) {
                case .event:
                    guard let id = Self.internValue(&s, &batch.eventNames, &scratch) else { return fail(contextMark, fieldMark) }
                    event = id
                case .thread:
                    guard let id = Self.internValue(&s, &batch.threadNames, &scratch) else { return fail(contextMark, fieldMark) }
                    thread = id
                case .context where s.peek == 0x7B:
                    guard parseContext(&s) else { return fail(contextMark, fieldMark) }
                case .ts:
                    // Only the time is kept; `ts:...` filters read the text from the bytes.
                    if let string = s.scanString() {
                        time = CrumbTime.parse(s.base, from: string.start, to: string.end) ?? CrumbColumns.noTime
                    } else if !s.skipValue() {
                        return fail(contextMark, fieldMark)
                    }
                default:
                    let valueStart = s.position
                    guard s.skipValue() else { return fail(contextMark, fieldMark) }
                    addField(key, s.base, crumbStart, valueStart, s.position)
                }
                s.skipSpace()
                if s.take(0x2C) {
                    s.skipSpace()
                    continue
                }
                guard s.take(0x7D) else { return fail(contextMark, fieldMark) }
                break
            }
        }
        batch.columns.starts.append(crumbStart)
        batch.columns.lengths.append(UInt32(truncatingIfNeeded: s.position - crumbStart))
        batch.columns.threads.append(thread)
        batch.columns.events.append(event)
        batch.columns.times.append(time)
        batch.columns.contextStarts.append(UInt32(truncatingIfNeeded: batch.columns.context.count))
        batch.columns.fieldStarts.append(UInt32(truncatingIfNeeded: batch.columns.fields.count))
        return true
    }

    private mutating func fail(_ contextMark: Int, _ fieldMark: Int) -> Bool {
        batch.columns.context.removeSubrange(contextMark...)
        batch.columns.fields.removeSubrange(fieldMark...)
        return false
    }

    private mutating func parseContext(_ s: inout JSONScanner) -> Bool {
        _ = s.take(0x7B)
        s.skipSpace()
        if s.take(0x7D) { return true }
        while true {
            guard let key = s.scanString() else { return false }
            let keyID = Self.internString(s.base, key, &batch.contextKeys, &scratch)
            s.skipSpace()
            guard s.take(0x3A) else { return false }
            s.skipSpace()
            guard let value = Self.internValue(&s, &batch.contextValues, &scratch) else { return false }
            batch.columns.context.append(ContextEntry(key: keyID, value: value))
            s.skipSpace()
            if s.take(0x2C) {
                s.skipSpace()
                continue
            }
            return s.take(0x7D)
        }
    }

    private mutating func addField(_ key: (start: Int, end: Int, escaped: Bool), _ base: UnsafePointer<UInt8>,
                                   _ crumbStart: Int, _ valueStart: Int, _ valueEnd: Int) {
        let keyID = Self.internString(base, key, &batch.fieldKeys, &scratch)
        batch.columns.fields.append(FieldEntry(key: keyID, valueOffset: UInt32(truncatingIfNeeded: valueStart - crumbStart),
                                       valueLength: UInt32(truncatingIfNeeded: valueEnd - valueStart)))
    }

    /// Interns a value: a string by its decoded text, anything else by its compact JSON text
    /// (so `ctx.attempt:3` finds the number 3).
    @inline(__always)
    static func internValue<ID>(_ s: inout JSONScanner, _ table: inout InternTable<ID>, _ scratch: inout [UInt8]) -> ID? {
        if s.peek == 0x22 {
            guard let string = s.scanString() else { return nil }
            return internString(s.base, string, &table, &scratch)
        }
        let start = s.position
        guard s.skipValue() else { return nil }
        scratch.removeAll(keepingCapacity: true)
        JSONCompactor.compact(s.base, from: start, to: s.position, into: &scratch)
        return scratch.withUnsafeBytes { table.intern($0) }
    }

    @inline(__always)
    static func internString<ID>(_ base: UnsafePointer<UInt8>, _ string: (start: Int, end: Int, escaped: Bool),
                             _ table: inout InternTable<ID>, _ scratch: inout [UInt8]) -> ID {
        if !string.escaped {
            return table.intern(UnsafeRawBufferPointer(start: base + string.start, count: string.end - string.start))
        }
        JSONStringDecoder.decode(base, from: string.start, to: string.end, into: &scratch)
        return scratch.withUnsafeBytes { table.intern($0) }
    }

    enum ReservedKey { case event, thread, ts, context, other }

    @inline(__always)
    static func reservedKey(_ base: UnsafePointer<UInt8>, _ key: (start: Int, end: Int, escaped: Bool)) -> ReservedKey {
        let p = base + key.start
        switch key.end - key.start {
        case 2 where p[0] == 0x74 && p[1] == 0x73: return .ts
        case 5 where memcmp(p, "event", 5) == 0: return .event
        case 6 where memcmp(p, "thread", 6) == 0: return .thread
        case 7 where memcmp(p, "context", 7) == 0: return .context
        default: return .other
        }
    }
}
