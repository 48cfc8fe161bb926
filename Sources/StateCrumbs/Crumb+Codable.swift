/// A crumb encodes to, and decodes from, the JSON object of a dump: `event`, `ts`, `thread`,
/// `context` (when not empty), then the fields. So `JSONDecoder` reads a StateCrumbs or Python
/// statecrumbs dump:
///
/// ```swift
/// let crumbs = try JSONDecoder().decode([Crumb].self, from: Data(contentsOf: dumpURL))
/// ```
///
/// Values that are not strings (Python can put numbers, lists or null into `context`) become
/// their JSON text. The order of fields is the order the decoder reports keys in, which for
/// Foundation's `JSONDecoder` need not be the file's order.
extension Crumb: Codable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads a dump's crumb object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.init(event: try container.decode(String.self, forKey: Key("event")))
        for key in container.allKeys {
            switch key.stringValue {
            case "event": continue
            case "ts": timestamp = try container.decode(JSONText.self, forKey: key).text
            case "thread": thread = try container.decode(JSONText.self, forKey: key).text
            case "context":
                if let object = try? container.nestedContainer(keyedBy: Key.self, forKey: key) {
                    for inner in object.allKeys {
                        context.append(Field(key: inner.stringValue, value: try object.decode(JSONText.self, forKey: inner).text))
                    }
                } else {
                    fields.append(Field(key: "context", value: try container.decode(JSONText.self, forKey: key).text))
                }
            default:
                fields.append(Field(key: key.stringValue, value: try container.decode(JSONText.self, forKey: key).text))
            }
        }
    }

    /// Writes the dump's crumb object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(event, forKey: Key("event"))
        try container.encodeIfPresent(timestamp, forKey: Key("ts"))
        try container.encodeIfPresent(thread, forKey: Key("thread"))
        if !context.isEmpty {
            var object = container.nestedContainer(keyedBy: Key.self, forKey: Key("context"))
            for field in context { try object.encode(field.value, forKey: Key(field.key)) }
        }
        for field in fields { try container.encode(field.value, forKey: Key(field.key)) }
    }
}

/// Any JSON value, kept as text: a string as itself, anything else as compact JSON.
struct JSONText: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: Crumb.Key.self) {
            let parts = try keyed.allKeys.map { key in
                "\"\(key.stringValue)\":" + (try keyed.decode(JSONText.self, forKey: key)).quotedIfString
            }
            text = "{" + parts.joined(separator: ",") + "}"
            return
        }
        if var list = try? decoder.unkeyedContainer() {
            var parts: [String] = []
            while !list.isAtEnd { parts.append(try list.decode(JSONText.self).quotedIfString) }
            text = "[" + parts.joined(separator: ",") + "]"
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { text = "null"; isString = false; return }
        if let value = try? single.decode(Bool.self) { text = String(value); isString = false; return }
        if let value = try? single.decode(Int.self) { text = String(value); isString = false; return }
        if let value = try? single.decode(Double.self) { text = String(value); isString = false; return }
        text = try single.decode(String.self)
        isString = true
    }

    private var isString = false

    private var quotedIfString: String {
        guard isString else { return text }
        return String(decoding: CrumbEncoding.compact(Crumb(event: text)).dropFirst(9).dropLast(1), as: UTF8.self)
    }
}
