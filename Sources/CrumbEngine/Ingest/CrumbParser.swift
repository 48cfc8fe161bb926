@_spi(CrumbCodec) import CrumbCodec

/// Reads one crumb object from the bytes into a `CrumbBatch`: interns `thread`, `event`, the
/// context's keys and values and the other fields' keys; remembers where each field's value is.
/// Parts not asked for (`CrumbParts`) are only checked, not kept.
///
/// This is the hot path of loading: it works on raw bytes, allocates nothing for a plain crumb,
/// and decodes a string only when it holds escapes.
struct CrumbParser {
    var batch = CrumbBatch()
    /// Reused for decoded strings and compacted values.
    private var scratch: [UInt8] = []
    fileprivate var timestamps = CrumbTime.Reader()
    /// False when reading only the parts of crumbs already in a store (see `readParts(_:)`).
    let readsCore: Bool
    fileprivate let keepsContext: Bool
    fileprivate let keepsFields: Bool

    init(parts: CrumbParts = .all, readsCore: Bool = true) {
        batch.columns.kept = parts
        self.readsCore = readsCore
        keepsContext = parts.contains(.context)
        keepsFields = parts.contains(.fields)
    }

    /// Parses the object whose `{` is at the scanner's position. On failure nothing is added and
    /// the scanner stops where the input went wrong.
    mutating func parseCrumb(_ s: inout JSONScanner) -> Bool {
        let crumbStart = s.position
        let contextMark = batch.columns.context.count, fieldMark = batch.columns.fields.count
        // The visitor changes this parser in place through a pointer: holding a copy would make
        // the batch's arrays shared, and the first append would copy them.
        let visited = withUnsafeMutablePointer(to: &self) { parser -> Visitor? in
            var visitor = Visitor(parser: parser, crumbStart: crumbStart, contextMark: contextMark, fieldMark: fieldMark)
            return CrumbObject.walk(&s, &visitor) ? visitor : nil
        }
        guard let visited else {
            batch.columns.context.removeSubrange(contextMark...)
            batch.columns.fields.removeSubrange(fieldMark...)
            return false
        }
        if readsCore {
            if visited.repeatsKeys { batch.columns.repeatedKeys.append(UInt32(truncatingIfNeeded: batch.columns.count)) }
            batch.columns.starts.append(crumbStart)
            batch.columns.lengths.append(UInt32(truncatingIfNeeded: s.position - crumbStart))
            batch.columns.threads.append(visited.thread)
            batch.columns.events.append(visited.event)
            batch.columns.times.append(visited.time)
        }
        endParts()
        return true
    }

    /// Reads the kept parts of a crumb that was read before (the scanner spans its bytes): its
    /// context and field entries, nothing when its bytes no longer hold a crumb (a file cut
    /// short since reads as zeros). One crumb's entries either way.
    mutating func readParts(_ s: inout JSONScanner) {
        if !parseCrumb(&s) { endParts() }
    }

    /// Closes the crumb's entries in the kept parts' starts columns.
    private mutating func endParts() {
        if keepsContext { batch.columns.contextStarts.append(UInt32(truncatingIfNeeded: batch.columns.context.count)) }
        if keepsFields { batch.columns.fieldStarts.append(UInt32(truncatingIfNeeded: batch.columns.fields.count)) }
    }

    /// What one crumb's walk collects; strings go straight into the parser's batch.
    private struct Visitor: CrumbObjectVisitor {
        let parser: UnsafeMutablePointer<CrumbParser>
        let crumbStart: Int
        /// Where this crumb's context and field entries start in the batch.
        let contextMark: Int, fieldMark: Int
        var thread: ThreadID?
        var event: EventID?
        var time = CrumbColumns.noTime
        /// The crumb repeats a key: it is written out with each key once.
        var repeatsKeys = false

        init(parser: UnsafeMutablePointer<CrumbParser>, crumbStart: Int, contextMark: Int, fieldMark: Int) {
            self.parser = parser
            self.crumbStart = crumbStart
            self.contextMark = contextMark
            self.fieldMark = fieldMark
        }

        mutating func restart() {
            thread = nil
            event = nil
            time = CrumbColumns.noTime
            repeatsKeys = true
            parser.pointee.batch.columns.context.removeSubrange(contextMark...)
            parser.pointee.batch.columns.fields.removeSubrange(fieldMark...)
        }

        mutating func reserved(_ key: ReservedKey, _ s: inout JSONScanner) -> Bool {
            guard parser.pointee.readsCore else { return s.skipValue() }
            switch key {
            case .event:
                guard let id = CrumbParser.internValue(&s, &parser.pointee.batch.eventNames, &parser.pointee.scratch) else { return false }
                event = id
            case .thread:
                guard let id = CrumbParser.internValue(&s, &parser.pointee.batch.threadNames, &parser.pointee.scratch) else { return false }
                thread = id
            case .ts:
                // Only the time is kept; `ts:...` filters read the text from the bytes.
                if let string = s.scanString() {
                    time = parser.pointee.timestamps.parse(s.base, from: string.start, to: string.end) ?? CrumbColumns.noTime
                } else if !s.skipValue() {
                    return false
                }
            case .context:
                // Not handed here: a context object comes entry by entry, any other value as a field.
                return s.skipValue()
            }
            return true
        }

        mutating func contextEntry(key: JSONString, _ s: inout JSONScanner) -> Bool {
            guard parser.pointee.keepsContext else { return s.skipValue() }
            let keyID = CrumbParser.internString(s.base, key, &parser.pointee.batch.contextKeys, &parser.pointee.scratch)
            guard let value = CrumbParser.internValue(&s, &parser.pointee.batch.contextValues, &parser.pointee.scratch) else {
                return false
            }
            parser.pointee.batch.columns.context.append(ContextEntry(key: keyID, value: value))
            return true
        }

        mutating func field(key: JSONString, _ s: inout JSONScanner) -> Bool {
            let valueStart = s.position
            guard s.skipValue() else { return false }
            guard parser.pointee.keepsFields else { return true }
            let keyID = CrumbParser.internString(s.base, key, &parser.pointee.batch.fieldKeys, &parser.pointee.scratch)
            parser.pointee.batch.columns.fields.append(FieldEntry(
                key: keyID, valueOffset: UInt32(truncatingIfNeeded: valueStart - crumbStart),
                valueLength: UInt32(truncatingIfNeeded: s.position - valueStart)))
            return true
        }
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
    static func internString<ID>(_ base: UnsafePointer<UInt8>, _ string: JSONString,
                                 _ table: inout InternTable<ID>, _ scratch: inout [UInt8]) -> ID {
        if !string.escaped {
            return table.intern(UnsafeRawBufferPointer(start: base + string.start, count: string.end - string.start))
        }
        JSONStringDecoder.decode(base, from: string.start, to: string.end, into: &scratch)
        return scratch.withUnsafeBytes { table.intern($0) }
    }
}
