/// Text from a crumb made safe to show on a terminal: every character that a terminal would obey
/// instead of printing becomes a visible escape, so a crumb can never move the cursor, change
/// colours, rewrite the screen or reorder the line.
///
/// ESC shows as `^[`, the other C0 controls as `^X` (`^G` for BEL), DEL as `^?`, `\r` `\n` `\t`
/// `\b` as those two characters, and C1 controls (U+0080–U+009F, which some terminals obey like
/// ESC sequences), bidirectional overrides and isolates (the "Trojan Source" characters) and the
/// line and paragraph separators as `\u{9B}`.
///
///     DisplayText.escaped("red\u{1B}[31m")   // "red^[[31m"
@_spi(CrumbCodec) public enum DisplayText {
    /// The escape for a character that must not reach a terminal as it is; nil for the rest.
    @_spi(CrumbCodec) public static func escape(_ scalar: Unicode.Scalar) -> String? {
        guard needsEscape(scalar.value) else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxEscape) { buffer in
            let count = writeEscape(scalar.value, to: buffer.baseAddress!)
            return count == 0 ? nil : String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    /// The longest escape `writeEscape` writes (`\u{202E}`).
    @inlinable @_spi(CrumbCodec) public static var maxEscape: Int { 8 }

    /// Writes the escape of `scalar` at `out` (room for `maxEscape` bytes) and returns its length,
    /// or 0 when the character is shown as it is. The one table of escapes.
    @inlinable
    @_spi(CrumbCodec) public static func writeEscape(_ scalar: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0x1B: out[0] = 0x5E; out[1] = 0x5B   // ^[
        case 0x0D: out[0] = 0x5C; out[1] = 0x72   // \r
        case 0x0A: out[0] = 0x5C; out[1] = 0x6E   // \n
        case 0x09: out[0] = 0x5C; out[1] = 0x74   // \t
        case 0x08: out[0] = 0x5C; out[1] = 0x62   // \b
        case 0x00..<0x20: out[0] = 0x5E; out[1] = UInt8(scalar) + 0x40
        case 0x7F: out[0] = 0x5E; out[1] = 0x3F   // ^?
        case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029:
            // `\u{` and the scalar in upper-case hex without leading zeros, then `}`.
            let digits = scalar < 0x100 ? 2 : 4
            out[0] = 0x5C; out[1] = 0x75; out[2] = 0x7B
            for place in 0..<digits {
                let digit = UInt8((scalar >> (4 * UInt32(digits - 1 - place))) & 0xF)
                out[3 + place] = digit < 10 ? 0x30 + digit : 0x37 + digit
            }
            out[3 + digits] = 0x7D
            return 4 + digits
        default: return 0
        }
        return 2
    }

    /// Whether `escape(_:)` changes this character.
    @inlinable
    @_spi(CrumbCodec) public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        needsEscape(scalar.value)
    }

    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func needsEscape(_ value: UInt32) -> Bool {
        if value >= 0x20 && value < 0x7F { return false }
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029
    }

    /// `text` with every such character escaped.
    @_spi(CrumbCodec) public static func escaped(_ text: String) -> String {
        CrumbLine.string { out in
            var text = text
            text.withUTF8 { CrumbLine.write($0, as: .bare, to: &out) }
        }
    }
}
