/// Reads a filter expression into clauses, reporting the column of the first mistake.
struct FilterParser {
    private let characters: [Character]
    private let expression: String
    private var index = 0

    init(_ expression: String) {
        self.expression = expression
        characters = Array(expression)
    }

    private func error(_ message: String, at position: Int) -> FilterSyntaxError {
        FilterSyntaxError(message: message, column: position + 1, expression: expression)
    }

    /// A piece of a term: text, and whether it came from quotes (quoted `*`, `|`, `:` are literal).
    private struct Piece {
        var character: Character
        var quoted: Bool
        var position: Int

        /// Trace ids are stored in lowercase hex: `trace:4BF9…` finds them too.
        var asciiLowercased: Piece {
            guard character.isASCII, character.isUppercase else { return self }
            return Piece(character: Character(character.lowercased()), quoted: quoted, position: position)
        }
    }

    mutating func parse() throws(FilterSyntaxError) -> [CrumbFilter.Clause] {
        var clauses: [CrumbFilter.Clause] = []
        while true {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            guard index < characters.count else { return clauses }
            clauses.append(try clause())
        }
    }

    private mutating func clause() throws(FilterSyntaxError) -> CrumbFilter.Clause {
        let start = index
        var negated = false
        if characters[index] == "-" {
            negated = true
            index += 1
            guard index < characters.count, !characters[index].isWhitespace else {
                throw error("'-' must be followed by a term to leave out (as in -thread:MainThread)", at: start)
            }
        }
        let pieces = try readPieces()
        guard let colon = pieces.firstIndex(where: { $0.character == ":" && !$0.quoted }) else {
            let word = String(pieces.filter { !($0.quoted && $0.character == "\u{0}") }.map(\.character))
            return CrumbFilter.Clause(term: .text(word.lowercased()), negated: negated)
        }
        let keyPieces = pieces[..<colon], valuePieces = pieces[(colon + 1)...]
        let key = String(keyPieces.map(\.character))
        let colonPosition = pieces[colon].position
        guard !key.isEmpty else { throw error("missing key before ':'", at: colonPosition) }
        guard !valuePieces.isEmpty else {
            throw error("missing value after '\(key):' (use '\(key):*' for any value)", at: colonPosition + 1)
        }
        let term: CrumbFilter.Term
        // A quoted key names a field whatever it spells: `"service":x` is the field `service`.
        let quotedKey = keyPieces.allSatisfy(\.quoted)
        switch quotedKey ? "" : key {
        case "": term = .field(key: key, try pattern(valuePieces))
        case "service": term = .service(try pattern(valuePieces))
        case "host": term = .host(try pattern(valuePieces))
        case "trace": term = .trace(try pattern(ArraySlice(valuePieces.map(\.asciiLowercased))))
        case "thread": term = .thread(try pattern(valuePieces))
        case "event": term = .event(try pattern(valuePieces))
        case "since", "until":
            let text = String(valuePieces.map(\.character))
            var utf8 = text
            guard let period = utf8.withUTF8({ CrumbTime.parsePrefix($0) }) else {
                throw error("'\(text)' is not an ISO-8601 time (such as 2025-12-30T10:23:45 or a prefix of it)",
                            at: valuePieces.first!.position)
            }
            term = key == "since" ? .since(period.start) : .until(period.start + period.period)
        case _ where key.hasPrefix("ctx."):
            let contextKey = String(key.dropFirst(4))
            guard !contextKey.isEmpty else { throw error("missing context key after 'ctx.'", at: colonPosition) }
            term = .context(key: contextKey, try pattern(valuePieces))
        default:
            term = .field(key: key, try pattern(valuePieces))
        }
        return CrumbFilter.Clause(term: term, negated: negated)
    }

    /// Reads up to the next unquoted space; quotes (`"` or `'`) group text, `\` escapes in them.
    private mutating func readPieces() throws(FilterSyntaxError) -> [Piece] {
        var pieces: [Piece] = []
        while index < characters.count, !characters[index].isWhitespace {
            let character = characters[index]
            guard character == "\"" || character == "'" else {
                pieces.append(Piece(character: character, quoted: false, position: index))
                index += 1
                continue
            }
            let open = index
            index += 1
            var closed = false
            while index < characters.count {
                var inner = characters[index]
                if inner == character {
                    closed = true
                    index += 1
                    break
                }
                if inner == "\\", index + 1 < characters.count {
                    index += 1
                    inner = characters[index]
                }
                pieces.append(Piece(character: inner, quoted: true, position: index))
                index += 1
            }
            guard closed else { throw error("unterminated quote", at: open) }
            // An empty quoted string ("") is an empty value, kept as a zero-width quoted piece.
            if index - open == 2 { pieces.append(Piece(character: "\u{0}", quoted: true, position: open)) }
        }
        return pieces
    }

    private func pattern(_ pieces: ArraySlice<Piece>) throws(FilterSyntaxError) -> ValuePattern {
        if pieces.count == 1, pieces.first!.character == "*", !pieces.first!.quoted { return .any }
        var alternatives: [ValuePattern.Alternative] = []
        var current: [[UInt8]] = [[]]
        var sawAny = false
        for piece in pieces {
            if piece.character == "|", !piece.quoted {
                guard sawAny else { throw error("empty alternative before '|'", at: piece.position) }
                alternatives.append(ValuePattern.Alternative(pieces: current))
                current = [[]]
                sawAny = false
                continue
            }
            sawAny = true
            if piece.character == "*", !piece.quoted {
                current.append([])
            } else if piece.character != "\u{0}" || !piece.quoted {
                current[current.count - 1].append(contentsOf: String(piece.character).utf8)
            }
        }
        guard sawAny else { throw error("empty alternative after '|'", at: pieces.last!.position + 1) }
        alternatives.append(ValuePattern.Alternative(pieces: current))
        return .alternatives(alternatives)
    }
}
