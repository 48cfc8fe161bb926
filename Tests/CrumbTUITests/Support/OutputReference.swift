@_spi(CrumbCodec) import CrumbCodec

/// The output rules written the plain way, a byte or a character at a time on arrays and
/// strings, as the oracle for the writers in CrumbCodec: they do the same work a word at a time
/// on raw bytes, and must write the same bytes.
enum OutputReference {
    /// Compact JSON: whitespace between tokens dropped, strings repaired (raw control
    /// characters and DEL escaped, invalid UTF-8 one U+FFFD for each longest start of a sequence,
    /// escapes JSON does not allow read as the decoder reads them), numbers JSON does not allow
    /// written as strings.
    static func compact(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        let hex = Array("0123456789abcdef".utf8)
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16),
                  bytes[at..<at + 4].allSatisfy({ $0 != 0x2B && $0 != 0x2D }) else { return nil }
            return value
        }
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
                    if byte == 0x5C {
                        guard index + 1 < bytes.count else { out += [0x5C, 0x5C]; index += 1; continue }
                        let next = bytes[index + 1]
                        if Array(#""\/bfnrt"#.utf8).contains(next) {
                            out += [byte, next]
                            index += 2
                        } else if next == 0x75 {
                            guard let scalar = hex4(index + 2) else { out += replacement; index += 2; continue }
                            if (0xD800..<0xDC00).contains(scalar), index + 12 <= bytes.count, bytes[index + 6] == 0x5C, bytes[index + 7] == 0x75,
                               let low = hex4(index + 8), (0xDC00..<0xE000).contains(low) {
                                out += bytes[index..<index + 12]
                                index += 12
                            } else if (0xD800..<0xE000).contains(scalar) {
                                out += replacement
                                index += 6
                            } else {
                                out += bytes[index..<index + 6]
                                index += 6
                            }
                        } else {
                            index += 1
                        }
                    } else if byte < 0x20 || byte == 0x7F {
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
                        let scalar = bytes.withUnsafeBufferPointer { UTF8Check.scalar($0.baseAddress!, at: index, end: bytes.count) }
                        out += scalar.valid ? Array(bytes[index..<index + scalar.length]) : replacement
                        index += scalar.length
                    }
                }
                if !closed { out.append(0x22) }
            case 0x30...0x39, 0x2D, 0x4E, 0x49:
                var end = index
                while end < bytes.count, bytes[end] < 0x80, Character(UnicodeScalar(bytes[end])).isLetter || Character(UnicodeScalar(bytes[end])).isNumber
                        || [0x2E, 0x2B, 0x2D].contains(bytes[end]) { end += 1 }
                let text = String(decoding: bytes[index..<end], as: UTF8.self)
                let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
                let valid = digits.first?.isNumber == true && !(digits.hasPrefix("0") && digits.dropFirst().first?.isNumber == true)
                    && text.count <= 4300
                out += valid ? Array(text.utf8) : [0x22] + Array(text.utf8) + [0x22]
                index = end
            default:
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// `compact` JSON indented as Python's `json.dumps(indent=2)` does, down to 32 levels (the
    /// caller's `indent` included); a list or object that opens deeper stays as it is, on its line.
    static func pretty(_ compact: [UInt8], indent: Int) -> [UInt8] {
        var out: [UInt8] = []
        var depth = indent
        var index = 0
        func newline() { out += [0x0A] + Array(repeating: 0x20, count: depth * 2) }
        /// The end of the string or the list or object at `start`.
        func endOfValue(_ start: Int) -> Int {
            var index = start, nesting = 0
            repeat {
                switch compact[index] {
                case 0x22:
                    index += 1
                    while index < compact.count, compact[index] != 0x22 { index += compact[index] == 0x5C ? 2 : 1 }
                case 0x7B, 0x5B: nesting += 1
                case 0x7D, 0x5D: nesting -= 1
                default: break
                }
                index += 1
            } while nesting > 0 && index < compact.count
            return min(index, compact.count)
        }
        while index < compact.count {
            let byte = compact[index]
            switch byte {
            case 0x22:
                let end = endOfValue(index)
                out += compact[index..<end]
                index = end
                continue
            case 0x7B, 0x5B:
                if index + 1 < compact.count, compact[index + 1] == byte + 2 {
                    out += [byte, byte + 2]
                    index += 2
                    continue
                }
                if depth >= 32 {
                    let end = endOfValue(index)
                    out += compact[index..<end]
                    index = end
                    continue
                }
                out.append(byte)
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

    /// A crumb object with each key once, its last value in the place of its first, and its
    /// context object the same (nil when neither repeats a key): members split the plain way.
    static func resolved(_ crumb: [UInt8]) -> [UInt8]? {
        /// The members of the object at `start`: key (text) with its bytes, and its value's bytes.
        func members(_ start: Int) -> [(name: [UInt8], key: ArraySlice<UInt8>, value: Range<Int>)] {
            var result: [(name: [UInt8], key: ArraySlice<UInt8>, value: Range<Int>)] = []
            var index = start + 1
            func skipSpace() { while index < crumb.count, [0x20, 0x0A, 0x0D, 0x09].contains(crumb[index]) { index += 1 } }
            func skipString() {
                index += 1
                while crumb[index] != 0x22 { index += crumb[index] == 0x5C ? 2 : 1 }
                index += 1
            }
            while true {
                skipSpace()
                if crumb[index] == 0x7D { return result }
                if crumb[index] == 0x2C { index += 1; skipSpace() }
                let keyStart = index
                skipString()
                let key = crumb[keyStart..<index]
                skipSpace()
                index += 1
                skipSpace()
                let valueStart = index
                var nesting = 0
                repeat {
                    switch crumb[index] {
                    case 0x22: skipString(); continue
                    case 0x7B, 0x5B: nesting += 1
                    case 0x7D, 0x5D: nesting -= 1
                    default: break
                    }
                    if nesting < 0 { break }
                    index += 1
                } while nesting > 0 || ![0x2C, 0x7D, 0x20, 0x0A, 0x0D, 0x09].contains(crumb[index])
                if nesting < 0 { index = valueStart }
                var name: [UInt8] = []
                key.withUnsafeBufferPointer { JSONStringDecoder.decode($0.baseAddress!, from: 1, to: key.count - 1, into: &name) }
                result.append((name, key, valueStart..<index))
            }
        }
        func unique(_ list: [(name: [UInt8], key: ArraySlice<UInt8>, value: Range<Int>)]) -> [(name: [UInt8], key: ArraySlice<UInt8>, value: Range<Int>)] {
            var result: [(name: [UInt8], key: ArraySlice<UInt8>, value: Range<Int>)] = []
            for member in list {
                if let place = result.firstIndex(where: { $0.name == member.name }) { result[place].value = member.value } else { result.append(member) }
            }
            return result
        }
        func object(_ list: [(name: [UInt8], key: ArraySlice<UInt8>, value: Range<Int>)], context: Bool) -> [UInt8] {
            var out: [UInt8] = [0x7B]
            for (number, member) in list.enumerated() {
                if number > 0 { out.append(0x2C) }
                out += member.key + [0x3A]
                if context, member.name == Array("context".utf8), crumb[member.value.lowerBound] == 0x7B {
                    out += object(unique(members(member.value.lowerBound)), context: false)
                } else {
                    out += crumb[member.value]
                }
            }
            return out + [0x7D]
        }
        var start = 0
        while [0x20, 0x0A, 0x0D, 0x09].contains(crumb[start]) { start += 1 }
        let top = members(start)
        let contexts = top.filter { $0.name == Array("context".utf8) && crumb[$0.value.lowerBound] == 0x7B }
        let repeats = unique(top).count < top.count || contexts.contains { unique(members($0.value.lowerBound)).count < members($0.value.lowerBound).count }
        return repeats ? object(unique(top), context: true) : nil
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
