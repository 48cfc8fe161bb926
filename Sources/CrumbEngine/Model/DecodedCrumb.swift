@_spi(CrumbCodec) import CrumbCodec

/// A value as shown: a JSON string's text, or any other JSON value as compact JSON text.
public enum DecodedValue: Sendable, Equatable {
    case string(String)
    case json(String)

    /// The string's text, or the compact JSON of anything else (`3`, `null`, `[1,2]`).
    public var text: String {
        switch self {
        case .string(let text), .json(let text): return text
        }
    }
}

/// One key and its value, in the order the file has them.
public struct CrumbEntry: Sendable, Equatable {
    public var key: String
    public var value: DecodedValue
    /// Bytes of the value, as the input has them, that were left out: a value decoded with a
    /// limit (`CrumbStore.crumb(at:valueLimit:)`) and longer than it holds the start only.
    public var omitted = 0

    public init(key: String, value: DecodedValue, omitted: Int = 0) {
        self.key = key
        self.value = value
        self.omitted = omitted
    }
}

/// One crumb decoded for display. The store keeps crumbs as bytes; this is made on demand,
/// for the few crumbs on screen or being printed.
public struct DecodedCrumb: Sendable, Equatable {
    /// The crumb's number in the store.
    public var index: Int
    public var event: String?
    public var timestamp: String?
    public var thread: String?
    public var context: [CrumbEntry]
    /// Every other key, in file order.
    public var fields: [CrumbEntry]
}

extension CrumbStore {
    /// Decodes crumb `index`. Invalid UTF-8 shows as U+FFFD. A crumb cut short after loading
    /// (its bytes read as zeros) decodes as far as it goes. A context or field value longer than
    /// `valueLimit` bytes holds its first ones only (cut where no character is split; see
    /// `CrumbEntry.omitted`): the viewer shows a little of a value of 200 MB.
    public func crumb(at index: Int, valueLimit: Int = .max) -> DecodedCrumb {
        withBytes(of: index) { raw in
            var decoder = Decoder(crumb: DecodedCrumb(index: index, event: nil, timestamp: nil, thread: nil, context: [], fields: []),
                                  limit: valueLimit)
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return decoder.crumb }
            var s = JSONScanner(base: base, position: 0, end: raw.count)
            _ = CrumbObject.walk(&s, &decoder)
            return decoder.crumb
        }
    }
}

/// Builds a `DecodedCrumb` from the walk over its bytes (each key once, see `CrumbObject`).
private struct Decoder: CrumbObjectVisitor {
    var crumb: DecodedCrumb
    let limit: Int

    mutating func reserved(_ key: ReservedKey, _ s: inout JSONScanner) -> Bool {
        guard let value = Self.value(&s) else { return false }
        switch key {
        case .event: crumb.event = value.text
        case .thread: crumb.thread = value.text
        case .ts: crumb.timestamp = value.text
        case .context: crumb.fields.append(CrumbEntry(key: key.name, value: value))
        }
        return true
    }

    mutating func restart() {
        crumb = DecodedCrumb(index: crumb.index, event: nil, timestamp: nil, thread: nil, context: [], fields: [])
    }

    mutating func contextEntry(key: JSONString, _ s: inout JSONScanner) -> Bool {
        guard let entry = entry(key, &s) else { return false }
        crumb.context.append(entry)
        return true
    }

    mutating func field(key: JSONString, _ s: inout JSONScanner) -> Bool {
        guard let entry = entry(key, &s) else { return false }
        crumb.fields.append(entry)
        return true
    }

    static func value(_ s: inout JSONScanner) -> DecodedValue? {
        guard let value = s.scanValueText() else { return nil }
        return value.isString ? .string(value.text) : .json(value.text)
    }

    /// The entry of `key` and the value at the scanner, no more than `limit` bytes of it.
    func entry(_ key: JSONString, _ s: inout JSONScanner) -> CrumbEntry? {
        if limit < .max {
            // Measured first: most values are short and are read as usual.
            var measured = s
            let isString = measured.peek == 0x22
            let contents: Range<Int>
            if isString {
                guard let string = measured.scanString() else { return nil }
                contents = string.start..<string.end
            } else {
                guard measured.skipValue() else { return nil }
                contents = s.position..<measured.position
            }
            if contents.count > limit {
                s = measured
                return prefixEntry(key, s, contents, isString: isString)
            }
        }
        guard let value = Self.value(&s) else { return nil }
        return CrumbEntry(key: s.text(of: key), value: value)
    }

    /// The entry of a value longer than `limit`: its first bytes, decoded or compacted.
    func prefixEntry(_ key: JSONString, _ s: JSONScanner, _ contents: Range<Int>, isString: Bool) -> CrumbEntry {
        let cut = JSONPrefix.cut(s.base, from: contents.lowerBound, to: contents.upperBound, limit: limit, inString: isString)
        let value: DecodedValue
        if isString {
            value = .string(JSONStringDecoder.decode(s.base, from: contents.lowerBound, to: cut))
        } else {
            var compact: [UInt8] = []
            JSONCompactor.compact(s.base, from: contents.lowerBound, to: cut, into: &compact)
            value = .json(String(decoding: compact, as: UTF8.self))
        }
        return CrumbEntry(key: s.text(of: key), value: value, omitted: contents.upperBound - cut)
    }
}
