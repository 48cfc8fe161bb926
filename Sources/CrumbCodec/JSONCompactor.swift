/// Rewrites a JSON value as compact, valid JSON: no whitespace between tokens, raw control
/// characters in strings escaped, invalid UTF-8 replaced by U+FFFD. Key order and the text of
/// numbers and escapes are kept exactly, so a crumb written back reads the same.
///
/// It is a single pass with no stack; it assumes the scanner already accepted the value.
@_spi(CrumbCodec) public enum JSONCompactor {
    @inlinable
    @_spi(CrumbCodec) public static func compact(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) {
        var index = start
        while index < end {
            let byte = base[index]
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09:
                index += 1
            case 0x22:
                index = copyString(base, from: index, to: end, into: &out)
            default:
                out.append(byte)
                index += 1
            }
        }
    }

    /// Copies the string starting at the quote at `start`; returns the offset after it.
    @usableFromInline
    static func copyString(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) -> Int {
        out.append(0x22)
        var index = start + 1
        while index < end {
            let byte = base[index]
            if byte == 0x22 {
                out.append(0x22)
                return index + 1
            }
            if byte == 0x5C, index + 1 < end {
                out.append(byte)
                out.append(base[index + 1])
                index += 2
                continue
            }
            if byte < 0x20 || byte == 0x7F {
                JSONEscape.appendEscape(byte, to: &out)
                index += 1
                continue
            }
            if byte < 0x80 {
                out.append(byte)
                index += 1
                continue
            }
            let length = UTF8Check.validLength(base, at: index, end: end)
            if length == 0 {
                JSONStringDecoder.appendReplacement(&out)
                index += 1
            } else {
                out.append(contentsOf: UnsafeBufferPointer(start: base + index, count: length))
                index += length
            }
        }
        out.append(0x22)
        return index
    }
}

/// Checks UTF-8 sequences one at a time.
@_spi(CrumbCodec) public enum UTF8Check {
    /// The length of the valid UTF-8 sequence at `index` (1...4), or 0 when it is invalid.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func validLength(_ base: UnsafePointer<UInt8>, at index: Int, end: Int) -> Int {
        let lead = base[index]
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0x00..<0x80: return 1
        case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F); minimum = 0x80
        case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F); minimum = 0x800
        case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07); minimum = 0x10000
        default: return 0
        }
        guard end - index >= length else { return 0 }
        for offset in 1..<length {
            let next = base[index + offset]
            guard next & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, scalar & 0xFFFFF800 != 0xD800 else { return 0 }
        return length
    }
}
