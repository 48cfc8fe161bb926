@_spi(CrumbCodec) import CrumbCodec

/// The output rules written the plain way, a byte or a character at a time on arrays and
/// strings, as the oracle for the writers in CrumbCodec: they do the same work a word at a time
/// on raw bytes, and must write the same bytes.
enum OutputReference {
    /// Compact JSON: whitespace between tokens dropped, strings repaired (raw control
    /// characters and DEL escaped, each invalid UTF-8 byte one U+FFFD).
    static func compact(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09:
                index += 1
            case 0x22:
                out.append(0x22)
                index += 1
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == 0x22 { out.append(0x22); index += 1; closed = true; break }
                    if byte == 0x5C, index + 1 < bytes.count {
                        out += [byte, bytes[index + 1]]
                        index += 2
                    } else if byte < 0x20 || byte == 0x7F {
                        let hex = Array("0123456789abcdef".utf8)
                        switch byte {
                        case 0x0A: out += Array(#"\n"#.utf8)
                        case 0x0D: out += Array(#"\r"#.utf8)
                        case 0x09: out += Array(#"\t"#.utf8)
                        case 0x08: out += Array(#"\b"#.utf8)
                        case 0x0C: out += Array(#"\f"#.utf8)
                        default: out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                        }
                        index += 1
                    } else if byte < 0x80 {
                        out.append(byte)
                        index += 1
                    } else {
                        let length = bytes.withUnsafeBufferPointer { UTF8Check.validLength($0.baseAddress!, at: index, end: bytes.count) }
                        if length == 0 {
                            out += [0xEF, 0xBF, 0xBD]
                            index += 1
                        } else {
                            out += bytes[index..<index + length]
                            index += length
                        }
                    }
                }
                if !closed { out.append(0x22) }
            default:
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// `compact` JSON indented as Python's `json.dumps(indent=2)` does.
    static func pretty(_ compact: [UInt8], indent: Int) -> [UInt8] {
        var out: [UInt8] = []
        var depth = indent
        var index = 0
        func newline() { out += [0x0A] + Array(repeating: 0x20, count: depth * 2) }
        while index < compact.count {
            let byte = compact[index]
            switch byte {
            case 0x22:
                let start = index
                index += 1
                while index < compact.count, compact[index] != 0x22 { index += compact[index] == 0x5C ? 2 : 1 }
                index = min(index + 1, compact.count)
                out += compact[start..<index]
                continue
            case 0x7B, 0x5B:
                out.append(byte)
                if index + 1 < compact.count, compact[index + 1] == byte + 2 {
                    out.append(byte + 2)
                    index += 2
                    continue
                }
                depth += 1
                newline()
            case 0x7D, 0x5D:
                depth -= 1
                newline()
                out.append(byte)
            case 0x2C:
                out.append(byte)
                newline()
            case 0x3A:
                out += [0x3A, 0x20]
            default:
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// A character as a terminal may show it.
    static func escape(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x1B: return "^["
        case 0x0D: return "\\r"
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x08: return "\\b"
        case 0x00..<0x20: return "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
        case 0x7F: return "^?"
        case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029:
            return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        default: return nil
        }
    }

    static func escaped(_ text: String) -> String {
        text.unicodeScalars.map { escape($0) ?? String($0) }.joined()
    }

    /// A key or value of the line: as it is, or quoted.
    static func token(_ text: String) -> String {
        let quoted = text.isEmpty || text.unicodeScalars.contains { scalar in
            ["\u{20}", "\"", "=", "{", "}"].contains(scalar) || escape(scalar) != nil
        }
        guard quoted else { return text }
        return "\"" + text.unicodeScalars.map { scalar in
            scalar == "\\" || scalar == "\"" ? "\\" + String(scalar) : escape(scalar) ?? String(scalar)
        }.joined() + "\""
    }

    /// The readable line of a decoded crumb.
    static func line(_ crumb: DecodedCrumbParts) -> String {
        var line = ""
        if let timestamp = crumb.timestamp { line += escaped(timestamp) + " " }
        if let thread = crumb.thread { line += "[" + escaped(thread) + "] " }
        line += escaped(crumb.event ?? "(no event)")
        func entry(_ entry: (key: String, value: String, isJSON: Bool)) -> String {
            token(entry.key) + "=" + (entry.isJSON ? escaped(entry.value) : token(entry.value))
        }
        if !crumb.context.isEmpty { line += " {" + crumb.context.map(entry).joined(separator: " ") + "}" }
        for field in crumb.fields { line += " " + entry(field) }
        return line
    }

    struct DecodedCrumbParts {
        var timestamp, thread, event: String?
        var context: [(key: String, value: String, isJSON: Bool)]
        var fields: [(key: String, value: String, isJSON: Bool)]
    }
}
