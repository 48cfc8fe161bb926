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

    public init(key: String, value: DecodedValue) {
        self.key = key
        self.value = value
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
    /// (its bytes read as zeros) decodes as far as it goes.
    public func crumb(at index: Int) -> DecodedCrumb {
        withBytes(of: index) { raw in
            var decoder = Decoder(crumb: DecodedCrumb(index: index, event: nil, timestamp: nil, thread: nil, context: [], fields: []))
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return decoder.crumb }
            var s = JSONScanner(base: base, position: 0, end: raw.count)
            _ = CrumbObject.walk(&s, &decoder)
            return decoder.crumb
        }
    }
}

/// Builds a `DecodedCrumb` from the walk over its bytes. The first `event`, `ts` and `thread`
/// count; a repeated one is shown as a field.
private struct Decoder: CrumbObjectVisitor {
    var crumb: DecodedCrumb

    mutating func reserved(_ key: ReservedKey, _ s: inout JSONScanner) -> Bool {
        guard let value = Self.value(&s) else { return false }
        switch key {
        case .event where crumb.event == nil: crumb.event = value.text
        case .thread where crumb.thread == nil: crumb.thread = value.text
        case .ts where crumb.timestamp == nil: crumb.timestamp = value.text
        default: crumb.fields.append(CrumbEntry(key: key.name, value: value))
        }
        return true
    }

    mutating func contextEntry(key: JSONString, _ s: inout JSONScanner) -> Bool {
        guard let value = Self.value(&s) else { return false }
        crumb.context.append(CrumbEntry(key: s.text(of: key), value: value))
        return true
    }

    mutating func field(key: JSONString, _ s: inout JSONScanner) -> Bool {
        guard let value = Self.value(&s) else { return false }
        crumb.fields.append(CrumbEntry(key: s.text(of: key), value: value))
        return true
    }

    static func value(_ s: inout JSONScanner) -> DecodedValue? {
        guard let value = s.scanValueText() else { return nil }
        return value.isString ? .string(value.text) : .json(value.text)
    }
}
