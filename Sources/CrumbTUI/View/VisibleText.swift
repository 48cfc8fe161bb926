@_spi(CrumbCodec) import CrumbCodec

/// Text from a file made safe to draw, in cells: every control character becomes the visible
/// escape `DisplayText` gives it (the same as in `--print` text), so a crumb can never move the
/// cursor, change colours or rewrite the screen; anything else the terminal cannot print
/// (wcwidth -1) shows as `\u{…}`.
enum VisibleText {
    struct Piece: Equatable {
        var text: String
        /// Cells it takes (an escape takes one per character).
        var width: Int
        var isEscape = false
    }

    /// The pieces of `text`; with `cells`, only as many as fill that many cells and one more (a
    /// row shows the start of a long value: the rest of it is never looked at).
    static func pieces(_ text: String, _ characterWidth: CharacterWidth, cells: Int? = nil) -> [Piece] {
        var result: [Piece] = []
        result.reserveCapacity(min(text.utf8.count, cells.map { $0 + 1 } ?? Int.max))
        var used = 0
        for scalar in text.unicodeScalars {
            if let cells, used > cells { break }
            let value = scalar.value
            if value >= 0x20 && value < 0x7F {
                result.append(Piece(text: String(scalar), width: 1))
            } else if let escape = DisplayText.escape(scalar) {
                result.append(Piece(text: escape, width: escape.count, isEscape: true))
            } else if case let width = characterWidth(scalar), width >= 0 {
                result.append(Piece(text: String(scalar), width: width))
            } else {
                let code = "\\u{" + String(value, radix: 16, uppercase: true) + "}"
                result.append(Piece(text: code, width: code.count, isEscape: true))
            }
            used += result[result.count - 1].width
        }
        return result
    }

    /// The cells `text` takes once made visible.
    static func width(_ text: String, _ characterWidth: CharacterWidth) -> Int {
        pieces(text, characterWidth).reduce(0) { $0 + $1.width }
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
