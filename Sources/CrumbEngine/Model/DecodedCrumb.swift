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
    /// Decodes crumb `index`. Invalid UTF-8 shows as U+FFFD.
    public func crumb(at index: Int) -> DecodedCrumb {
        var crumb = DecodedCrumb(index: index, event: nil, timestamp: nil, thread: nil, context: [], fields: [])
        withBytes(of: index) { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            var s = JSONScanner(base: base, position: 0, end: raw.count)
            guard s.take(0x7B) else { return }
            func value() -> DecodedValue? {
                if s.peek == 0x22 {
                    guard let string = s.scanString() else { return nil }
                    return .string(JSONStringDecoder.decode(base, from: string.start, to: string.end))
                }
                let start = s.position
                guard s.skipValue() else { return nil }
                var out: [UInt8] = []
                JSONCompactor.compact(base, from: start, to: s.position, into: &out)
                return .json(String(decoding: out, as: UTF8.self))
            }
            func key() -> String? {
                s.skipSpace()
                guard let key = s.scanString() else { return nil }
                s.skipSpace()
                guard s.take(0x3A) else { return nil }
                s.skipSpace()
                return JSONStringDecoder.decode(base, from: key.start, to: key.end)
            }
            func next() -> Bool {
                s.skipSpace()
                return s.take(0x2C)
            }
            s.skipSpace()
            if s.peek == 0x7D { return }
            repeat {
                guard let name = key() else { return }
                if name == "context", s.peek == 0x7B {
                    s.position += 1
                    s.skipSpace()
                    if s.take(0x7D) { continue }
                    repeat {
                        guard let contextKey = key(), let contextValue = value() else { return }
                        crumb.context.append(CrumbEntry(key: contextKey, value: contextValue))
                    } while next()
                    s.skipSpace()
                    guard s.take(0x7D) else { return }
                    continue
                }
                guard let fieldValue = value() else { return }
                switch (name, fieldValue) {
                case ("event", _) where crumb.event == nil: crumb.event = fieldValue.text
                case ("thread", _) where crumb.thread == nil: crumb.thread = fieldValue.text
                case ("ts", _) where crumb.timestamp == nil: crumb.timestamp = fieldValue.text
                default: crumb.fields.append(CrumbEntry(key: name, value: fieldValue))
                }
            } while next()
        }
        return crumb
    }
}
