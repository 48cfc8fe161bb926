@_spi(CrumbCodec) import CrumbCodec

/// Reads back the compact JSON the recorder wrote for one crumb (and any JSON object of the same
/// shape), through the walker the engine uses too: `event`, `ts`, `thread`, `context`, then
/// fields. Values that are not strings (a Python dump can hold numbers, lists or null) are kept
/// as their compact JSON text.
enum CompactCrumbParser {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Crumb? {
        guard let base = bytes.baseAddress else { return nil }
        var s = JSONScanner(base: base, position: 0, end: bytes.count)
        s.skipSpace()
        var builder = Builder()
        guard CrumbObject.walk(&s, &builder), builder.sawEvent else { return nil }
        return builder.crumb
    }

    /// Collects a `Crumb` from the walk (each key once, see `CrumbObject`).
    private struct Builder: CrumbObjectVisitor {
        var crumb = Crumb(event: "")
        var sawEvent = false

        mutating func reserved(_ key: ReservedKey, _ s: inout JSONScanner) -> Bool {
            guard let value = s.scanValueText()?.text else { return false }
            switch key {
            case .event:
                crumb.event = value
                sawEvent = true
            case .ts: crumb.timestamp = value
            case .thread: crumb.thread = value
            case .context: crumb.fields.append(.init(key: key.name, value: value))
            }
            return true
        }

        mutating func restart() { self = Builder() }

        mutating func contextEntry(key: JSONString, _ s: inout JSONScanner) -> Bool {
            guard let value = s.scanValueText()?.text else { return false }
            crumb.context.append(.init(key: s.text(of: key), value: value))
            return true
        }

        mutating func field(key: JSONString, _ s: inout JSONScanner) -> Bool {
            guard let value = s.scanValueText()?.text else { return false }
            crumb.fields.append(.init(key: s.text(of: key), value: value))
            return true
        }
    }
}
