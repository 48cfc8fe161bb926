/// How text becomes the contents of a JSON string: a quote, a backslash and the control
/// characters below 0x20 are escaped (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, the rest as
/// `\u00XX`); everything else, UTF-8 included, is kept as it is. The recorder writes every crumb
/// with it, and the engine repairs raw control characters in what it reads with it.
@_spi(CrumbCodec) public enum JSONEscape {
    /// Whether `byte` must be escaped inside a JSON string.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Whether some byte needs an escape. Checked a word at a time with overlapping loads that
    /// never read outside the bytes (as small memcpys do).
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        guard let start = bytes.baseAddress else { return false }
        let input = UnsafeRawPointer(start)
        if n >= 8 {
            var index = 0
            while index + 8 < n {
                if needsEscape(word: input.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { return true }
                index += 8
            }
            return needsEscape(word: input.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        }
        if n >= 4 {
            let first = input.loadUnaligned(as: UInt32.self)
            let last = input.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            return needsEscape(word: UInt64(first) | UInt64(last) << 32)
        }
        return bytes.contains { needsEscape($0) }
    }

    /// Whether one of the eight bytes is a control character, a quote or a backslash.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func needsEscape(word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word
        let quoted = word ^ (ones &* 0x22)
        let backslashed = word ^ (ones &* 0x5C)
        let quote = (quoted &- ones) & ~quoted
        let backslash = (backslashed &- ones) & ~backslashed
        return (control | quote | backslash) & highs != 0
    }

    /// Bytes in the UTF-8 sequence that starts with `lead`.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func unitLength(_ lead: UInt8) -> Int {
        if lead < 0xC0 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        return 4
    }

    /// Bytes the UTF-8 sequence starting with `lead` (`unit` bytes long) takes once escaped.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func escapedWidth(_ lead: UInt8, unit: Int) -> Int {
        if lead == UInt8(ascii: "\"") || lead == UInt8(ascii: "\\") { return 2 }
        if lead < 0x20 {
            switch lead {
            case 0x0A, 0x0D, 0x09, 0x08, 0x0C: return 2
            default: return 6
            }
        }
        return unit
    }

    /// Writes the escape of `byte` (one that `needsEscape`, or any byte below 0x80 to be written
    /// as `\u00XX`) at `out`, which has room for six bytes; returns how many it wrote.
    @inlinable
    @_spi(CrumbCodec) public static func writeEscape(_ byte: UInt8, to out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = UInt8(ascii: "\\")
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out[1] = byte
        case 0x0A: out[1] = UInt8(ascii: "n")
        case 0x0D: out[1] = UInt8(ascii: "r")
        case 0x09: out[1] = UInt8(ascii: "t")
        case 0x08: out[1] = UInt8(ascii: "b")
        case 0x0C: out[1] = UInt8(ascii: "f")
        default:
            let hex: StaticString = "0123456789abcdef"
            out[1] = UInt8(ascii: "u")
            out[2] = UInt8(ascii: "0")
            out[3] = UInt8(ascii: "0")
            out[4] = hex.utf8Start[Int(byte >> 4)]
            out[5] = hex.utf8Start[Int(byte & 0x0F)]
            return 6
        }
        return 2
    }

    /// Appends the escape of `byte` to `out` (see ``writeEscape(_:to:)``).
    @inlinable
    @_spi(CrumbCodec) public static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6) { buffer in
            let count = writeEscape(byte, to: buffer.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Appends `text` as a quoted JSON string.
    @_spi(CrumbCodec) public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if needsEscape(byte) { appendEscape(byte, to: &out) } else { out.append(byte) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
