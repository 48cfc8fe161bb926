/// Text from a file made safe to draw: every control character becomes a visible escape, so a
/// crumb can never move the cursor, change colours or rewrite the screen.
///
/// ESC shows as `^[`, other C0 controls as `^X` (`^G` for BEL), DEL as `^?`, `\r` `\n` `\t` `\b`
/// as those two characters, C1 controls (U+0080–U+009F, which some terminals obey like ESC
/// sequences) and bidirectional overrides as `\u{9B}`, and anything the terminal cannot print
/// (wcwidth -1) as `\u{…}`.
enum VisibleText {
    struct Piece: Equatable {
        var text: String
        /// Cells it takes (an escape takes one per character).
        var width: Int
        var isEscape = false
    }

    static func pieces(_ text: String, _ characterWidth: CharacterWidth) -> [Piece] {
        var result: [Piece] = []
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 0x20 && value < 0x7F {
                result.append(Piece(text: String(scalar), width: 1))
                continue
            }
            if let escape = escape(scalar) {
                result.append(Piece(text: escape, width: escape.count, isEscape: true))
                continue
            }
            let width = characterWidth(scalar)
            if width < 0 {
                let code = "\\u{" + String(value, radix: 16, uppercase: true) + "}"
                result.append(Piece(text: code, width: code.count, isEscape: true))
            } else {
                result.append(Piece(text: String(scalar), width: width))
            }
        }
        return result
    }

    /// The cells `text` takes once made visible.
    static func width(_ text: String, _ characterWidth: CharacterWidth) -> Int {
        pieces(text, characterWidth).reduce(0) { $0 + $1.width }
    }

    /// The escape for a control character, nil for anything printable.
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

    /// Splits pieces into lines of at most `width` cells (a long value in the detail pane).
    static func wrap(_ pieces: [Piece], width: Int) -> [[Piece]] {
        guard width > 0 else { return [pieces] }
        var lines: [[Piece]] = [[]]
        var used = 0
        for piece in pieces {
            if used + piece.width > width, !lines[lines.count - 1].isEmpty {
                lines.append([])
                used = 0
            }
            lines[lines.count - 1].append(piece)
            used += piece.width
        }
        return lines
    }
}
