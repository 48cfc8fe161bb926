/// The readable one-line form of a crumb:
/// `2025-12-30T10:23:45.123456+00:00 [MainThread] db.query {request_id=req-7} table='users'`.
///
/// Every control character from the input (C0, DEL, C1) is shown as a visible escape (`\n`,
/// `\u{1B}`), so printing a hostile dump cannot move the cursor or recolour the terminal.
public enum CrumbText {
    public static func line(_ crumb: DecodedCrumb) -> String {
        var parts: [String] = []
        if let timestamp = crumb.timestamp { parts.append(escape(timestamp)) }
        if let thread = crumb.thread { parts.append("[" + escape(thread) + "]") }
        parts.append(escape(crumb.event ?? "(no event)"))
        if !crumb.context.isEmpty {
            parts.append("{" + crumb.context.map { escape($0.key) + "=" + value($0.value) }.joined(separator: " ") + "}")
        }
        for field in crumb.fields { parts.append(escape(field.key) + "=" + value(field.value)) }
        return parts.joined(separator: " ")
    }

    static func value(_ value: DecodedValue) -> String {
        let text = escape(value.text)
        guard case .string = value, text.isEmpty || text.contains(" ") else { return text }
        return "\"" + text.replacingQuotes() + "\""
    }

    /// Shows every control character as an escape.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where isControl(scalar):
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}

private extension String {
    func replacingQuotes() -> String {
        var result = ""
        for character in self {
            if character == "\"" { result += "\\\"" } else { result.append(character) }
        }
        return result
    }
}
