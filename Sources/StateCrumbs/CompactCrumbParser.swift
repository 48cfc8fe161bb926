/// Reads back the compact JSON the recorder wrote for one crumb (and, tolerantly, any JSON
/// object of the same shape): `event`, `ts`, `thread`, `context`, then fields.
///
/// Values that are not strings (a Python dump can hold numbers, lists or null in `context`)
/// are kept as their compact JSON text.
struct CompactCrumbParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Crumb? {
        var parser = CompactCrumbParser(bytes: bytes)
        return parser.crumb()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func crumb() -> Crumb? {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return nil }
        var crumb = Crumb(event: "")
        var sawEvent = false
        skipSpace()
        if take(UInt8(ascii: "}")) { return nil }
        while true {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            switch key {
            case "event":
                guard let value = valueText() else { return nil }
                crumb.event = value
                sawEvent = true
            case "ts":
                guard let value = valueText() else { return nil }
                crumb.timestamp = value
            case "thread":
                guard let value = valueText() else { return nil }
                crumb.thread = value
            case "context" where peek == UInt8(ascii: "{"):
                guard let pairs = object() else { return nil }
                crumb.context = pairs
            default:
                guard let value = valueText() else { return nil }
                crumb.fields.append(.init(key: key, value: value))
            }
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            if take(UInt8(ascii: "}")) { break }
            return nil
        }
        return sawEvent ? crumb : nil
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            position += 1
        }
    }

    private mutating func object() -> [Crumb.Field]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var pairs: [Crumb.Field] = []
        skipSpace()
        if take(UInt8(ascii: "}")) { return pairs }
        while true {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            guard let value = valueText() else { return nil }
            pairs.append(.init(key: key, value: value))
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            if take(UInt8(ascii: "}")) { return pairs }
            return nil
        }
    }

    /// A string's text, or any other value's compact JSON.
    private mutating func valueText() -> String? {
        if peek == UInt8(ascii: "\"") { return string() }
        let start = position
        guard skipValue() else { return nil }
        var text: [UInt8] = []
        var inString = false
        var escaped = false
        for byte in bytes[start..<position] {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                continue
            }
            text.append(byte)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Steps over one JSON value of any kind (iteratively: depth costs no stack).
    private mutating func skipValue() -> Bool {
        var depth = 0
        repeat {
            skipSpace()
            guard let byte = peek else { return false }
            switch byte {
            case UInt8(ascii: "\""):
                guard string() != nil else { return false }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                position += 1
                continue
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                position += 1
                guard depth >= 0 else { return false }
            case UInt8(ascii: ","), UInt8(ascii: ":"):
                position += 1
                continue
            default:
                let start = position
                while let b = peek, b != UInt8(ascii: ","), b != UInt8(ascii: "}"), b != UInt8(ascii: "]"),
                      b != 0x20, b != 0x0A, b != 0x0D, b != 0x09 {
                    position += 1
                }
                if position == start { return false }
            }
        } while depth > 0
        return true
    }

    /// A JSON string, unescaped.
    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        // Fast path: no escapes.
        while let byte = peek, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            position += 1
        }
        guard let stop = peek else { return nil }
        if stop == UInt8(ascii: "\"") {
            position += 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)]), as: UTF8.self)
        }
        var text = Array(bytes[start..<position])
        while let byte = peek {
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = peek else { return nil }
                position += 1
                switch escape {
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar), peek == UInt8(ascii: "\\"),
                       position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        guard let low = hex4() else { return nil }
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                    }
                    let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    text.append(contentsOf: Array(String(character).utf8))
                default: text.append(escape)
                }
            default:
                text.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            position += 1
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 65...70: digit = byte - 55
            case 97...102: digit = byte - 87
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
