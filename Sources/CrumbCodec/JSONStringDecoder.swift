/// Turns the contents of a JSON string (between the quotes, escapes still in) into UTF-8 bytes.
///
/// Broken escapes and lone surrogates become U+FFFD instead of failing: the value is still shown.
/// Invalid UTF-8 in the input is passed through and repaired when the text is displayed.
@_spi(CrumbCodec) public enum JSONStringDecoder {
    /// Decodes into `out` (emptied first, its capacity kept).
    @inlinable
    @_spi(CrumbCodec) public static func decode(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var index = start
        while index < end {
            let byte = base[index]
            guard byte == 0x5C, index + 1 < end else {
                out.append(byte)
                index += 1
                continue
            }
            let code = base[index + 1]
            index += 2
            switch code {
            case 0x6E: out.append(0x0A)
            case 0x74: out.append(0x09)
            case 0x72: out.append(0x0D)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x75:
                guard var scalar = hex4(base, at: index, end: end) else { appendReplacement(&out); continue }
                index += 4
                if scalar & 0xFC00 == 0xD800 {
                    // A high surrogate must be followed by `\uDC00`...`\uDFFF`.
                    if index + 1 < end, base[index] == 0x5C, base[index + 1] == 0x75,
                       let low = hex4(base, at: index + 2, end: end), low & 0xFC00 == 0xDC00 {
                        index += 6
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        appendReplacement(&out)
                        continue
                    }
                } else if scalar & 0xFC00 == 0xDC00 {
                    appendReplacement(&out)
                    continue
                }
                appendScalar(scalar, to: &out)
            default:
                // `\"`, `\\`, `\/`, and anything unknown is taken literally.
                out.append(code)
            }
        }
    }

    @_spi(CrumbCodec) public static func decode(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> String {
        var out: [UInt8] = []
        decode(base, from: start, to: end, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @usableFromInline
    static func hex4(_ base: UnsafePointer<UInt8>, at index: Int, end: Int) -> UInt32? {
        guard end - index >= 4 else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = base[index + offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    @inlinable
    @_spi(CrumbCodec) public static func appendReplacement(_ out: inout [UInt8]) {
        out.append(contentsOf: [0xEF, 0xBF, 0xBD])
    }

    @usableFromInline
    static func appendScalar(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
