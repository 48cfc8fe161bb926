/// Editing a filter expression term by term, for the facets: split it into its terms (quotes
/// kept), write a term for a value, and add, remove or flip one.
enum FilterTerms {
    /// The terms of `expression`, as written (quotes kept), split at unquoted spaces.
    static func split(_ expression: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for character in expression {
            if let open = quote {
                current.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == open { quote = nil }
                continue
            }
            if character.isWhitespace {
                if !current.isEmpty { terms.append(current) }
                current = ""
                continue
            }
            if character == "\"" || character == "'" { quote = character }
            current.append(character)
        }
        if !current.isEmpty { terms.append(current) }
        return terms
    }

    /// `key:value`, the value quoted when it holds spaces, quotes, `*`, `|` or nothing.
    static func term(_ key: String, _ value: String) -> String {
        let special: Set<Character> = ["*", "|", "\"", "'", "\\"]
        guard value.isEmpty || value.contains(where: { $0.isWhitespace || special.contains($0) }) else {
            return key + ":" + value
        }
        var quoted = "\""
        for character in value {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return key + ":" + quoted + "\""
    }

    /// Whether `expression` has `term` (`.included`), `-term` (`.excluded`) or neither.
    static func state(of term: String, in expression: String) -> FacetItem.Mark {
        let terms = split(expression)
        if terms.contains(term) { return .included }
        if terms.contains("-" + term) { return .excluded }
        return .none
    }

    /// Toggles `term` (or `-term` with `negated`): removes it when there, else adds it, replacing
    /// its opposite.
    static func toggle(_ term: String, negated: Bool, in expression: String) -> String {
        let wanted = negated ? "-" + term : term
        let opposite = negated ? term : "-" + term
        var terms = split(expression)
        if terms.contains(wanted) {
            terms.removeAll { $0 == wanted }
        } else {
            terms.removeAll { $0 == opposite }
            terms.append(wanted)
        }
        return terms.joined(separator: " ")
    }
}
