/// Text from a crumb made safe to show on a terminal: every character that a terminal would obey
/// instead of printing becomes a visible escape, so a crumb can never move the cursor, change
/// colours, rewrite the screen or reorder the line.
///
/// ESC shows as `^[`, the other C0 controls as `^X` (`^G` for BEL), DEL as `^?`, `\r` `\n` `\t`
/// `\b` as those two characters, and C1 controls (U+0080–U+009F, which some terminals obey like
/// ESC sequences), bidirectional overrides and isolates (the "Trojan Source" characters) and the
/// line and paragraph separators as `\u{9B}`.
@_spi(CrumbCodec) public enum DisplayText {
    /// The escape for a character that must not reach a terminal as it is; nil for the rest.
    @inlinable
    @_spi(CrumbCodec) public static func escape(_ scalar: Unicode.Scalar) -> String? {
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

    /// Whether `escape(_:)` changes this character.
    @inlinable
    @_spi(CrumbCodec) public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return false }
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029
    }

    /// `text` with every such character escaped.
    @_spi(CrumbCodec) public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if let escape = escape(scalar) { result += escape } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }
}
