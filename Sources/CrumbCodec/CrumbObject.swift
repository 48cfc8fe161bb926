/// The keys a crumb object gives a meaning of its own; every other key is a field. A field
/// recorded under one of these names is stored with a leading underscore (`_event`).
@_spi(CrumbCodec) public enum ReservedKey: CaseIterable, Sendable {
    case event, ts, thread, context

    /// The key as it stands in the JSON.
    @_spi(CrumbCodec) public var name: String {
        switch self {
        case .event: "event"
        case .ts: "ts"
        case .thread: "thread"
        case .context: "context"
        }
    }

    /// The reserved key these UTF-8 bytes spell, if any (a length check first: most keys are not).
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func named(_ p: UnsafePointer<UInt8>, count: Int) -> ReservedKey? {
        switch count {
        case 2 where p[0] == 0x74 && p[1] == 0x73: return .ts
        case 5 where bytesEqual(p, "event", 5): return .event
        case 6 where bytesEqual(p, "thread", 6): return .thread
        case 7 where bytesEqual(p, "context", 7): return .context
        default: return nil
        }
    }

    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func named(_ bytes: UnsafeBufferPointer<UInt8>) -> ReservedKey? {
        guard let base = bytes.baseAddress else { return nil }
        return named(base, count: bytes.count)
    }

    /// A bit of its own, for a set of reserved keys in a byte.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public var bit: UInt8 {
        switch self {
        case .event: 1
        case .ts: 2
        case .thread: 4
        case .context: 8
        }
    }

    /// Whether `key` is one of the reserved keys.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func isReserved(_ key: String) -> Bool {
        switch key.utf8.count {
        case 2, 5, 6, 7: return key == "ts" || key == "event" || key == "thread" || key == "context"
        default: return false
        }
    }
}

/// What a reader of crumb objects does with each part as ``CrumbObject/walk(_:_:)`` meets it. Each
/// method is called with the scanner at the start of the value and must move it past the value
/// (returning false when the value is malformed, which ends the walk). Each key comes once: a
/// visitor never decides between two values of one key (see ``CrumbObject``).
@_spi(CrumbCodec) public protocol CrumbObjectVisitor {
    /// The value of `event`, `ts` or `thread`.
    mutating func reserved(_ key: ReservedKey, _ s: inout JSONScanner) -> Bool
    /// One entry of the `context` object.
    mutating func contextEntry(key: JSONString, _ s: inout JSONScanner) -> Bool
    /// Any other key (also `context` when its value is not an object).
    mutating func field(key: JSONString, _ s: inout JSONScanner) -> Bool
    /// The object repeats a key, in itself or in its context: forget what this walk handed over.
    /// The walker then hands the members over again, each key once.
    mutating func restart()
}

/// The one reader of a crumb's JSON object that every part of the project uses: the engine's
/// loader, its decoder for display, the readable line, and the library's parser of its own
/// crumbs. It checks the object's structure and hands each part to a visitor; the visitor
/// decides what to keep.
///
/// A key repeated in one object (the crumb, or its context) counts once, with its last value,
/// in the place where it first stood, as Python's `json` and jq read it: `{"event":"a","n":1,
/// "event":"b"}` is the crumb `{"event":"b","n":1}`. Keys are compared by their text, escapes
/// decoded (`"\u0065vent"` is `event`). The walker sees a repeat when it meets it, so it
/// restarts the visitor and hands over the resolved members; objects without repeats (nearly
/// all) are read in one pass.
@_spi(CrumbCodec) public enum CrumbObject {
    /// Walks the object whose `{` is at the scanner's position, to just past its `}`. False when
    /// it is not a well-formed object; the scanner then stops where the input went wrong.
    @inlinable
    @_spi(CrumbCodec) public static func walk<V: CrumbObjectVisitor>(_ s: inout JSONScanner, _ visitor: inout V) -> Bool {
        s.skipSpace()
        let start = s.position
        // The reserved keys met, a bit each; the other keys by hash.
        var reservedSeen: UInt8 = 0
        var keys = KeyLog()
        defer { keys.release() }
        guard var members = JSONMembers(&s) else { return false }
        while let key = members.next(&s) {
            let reserved = CrumbKey.reserved(s.base, key)
            if let reserved {
                guard reservedSeen & reserved.bit == 0 else { return walkResolved(&s, from: start, &visitor) }
                reservedSeen |= reserved.bit
            } else {
                guard keys.insert(CrumbKey.hash(s.base, key)) else { return walkResolved(&s, from: start, &visitor) }
            }
            switch reserved {
            case .context? where s.peek == 0x7B:
                var contextKeys = KeyLog()
                defer { contextKeys.release() }
                guard var entries = JSONMembers(&s) else { return false }
                while let entryKey = entries.next(&s) {
                    guard contextKeys.insert(CrumbKey.hash(s.base, entryKey)) else { return walkResolved(&s, from: start, &visitor) }
                    guard visitor.contextEntry(key: entryKey, &s) else { return false }
                }
                guard entries.closed else { return false }
            case .event?, .ts?, .thread?:
                guard visitor.reserved(reserved!, &s) else { return false }
            default:
                guard visitor.field(key: key, &s) else { return false }
            }
        }
        return members.closed
    }

    /// The walk of an object that repeats a key: its structure checked whole, the visitor
    /// restarted, and each key handed over once (see ``resolvedMembers(_:from:end:)``).
    @usableFromInline
    static func walkResolved<V: CrumbObjectVisitor>(_ s: inout JSONScanner, from start: Int, _ visitor: inout V) -> Bool {
        s.position = start
        guard s.skipValue() else { return false }
        let end = s.position
        visitor.restart()
        for member in resolvedMembers(s.base, from: start, end: s.end) {
            var value = JSONScanner(base: s.base, position: member.value, end: s.end)
            switch member.reserved {
            case .context? where value.peek == 0x7B:
                for entry in resolvedMembers(s.base, from: member.value, end: s.end) {
                    var entryValue = JSONScanner(base: s.base, position: entry.value, end: s.end)
                    guard visitor.contextEntry(key: entry.key, &entryValue) else { return false }
                }
            case .event?, .ts?, .thread?:
                guard visitor.reserved(member.reserved!, &value) else { return false }
            default:
                guard visitor.field(key: member.key, &value) else { return false }
            }
        }
        s.position = end
        return true
    }
}

extension JSONScanner {
    /// The text of a string whose contents `string` locates, escapes decoded.
    @_spi(CrumbCodec) public func text(of string: JSONString) -> String {
        if !string.escaped {
            return String(decoding: UnsafeBufferPointer(start: base + string.start, count: string.end - string.start), as: UTF8.self)
        }
        return JSONStringDecoder.decode(base, from: string.start, to: string.end)
    }

    /// Reads the value at the position as a reader shows it: a string's text, or any other
    /// value's compact JSON (`3`, `null`, `[1,2]`). Nil when it is malformed.
    @_spi(CrumbCodec) public mutating func scanValueText() -> (text: String, isString: Bool)? {
        if peek == 0x22 {
            guard let string = scanString() else { return nil }
            return (text(of: string), true)
        }
        let start = position
        guard skipValue() else { return nil }
        var out: [UInt8] = []
        JSONCompactor.compact(base, from: start, to: position, into: &out)
        return (String(decoding: out, as: UTF8.self), false)
    }
}
