/// The readable one-line form of a crumb, the same in both halves: `CrumbFormatter.text` in the
/// library and `crumbtui --print` (`--format text`) write it.
///
///     2025-12-30T10:23:45.123456+00:00 [worker-3] db.query {request_id=req-7 user="o'brien jr"} table=users rows=42
///
/// - The time and `[thread]` when the crumb has them, then the event (`(no event)` when it has
///   none), then the context in braces when it is not empty, then the fields, in their order.
/// - Keys and values are written `key=value`, as logfmt does. A value (or key) is quoted with `"`
///   when it is empty, or holds a space, `"`, `=`, `{`, `}` or a character shown escaped; inside
///   quotes `\` and `"` are written `\\` and `\"`. So text outside quotes is always literal, and
///   an escape only appears inside quotes. A value that is not a JSON string in the crumb (a
///   number, `null`, a list: Python statecrumbs writes them) is its compact JSON.
/// - Control characters, bidirectional overrides and the like are shown as visible escapes
///   (`DisplayText`), so the line is safe to print to a terminal.
@_spi(CrumbCodec) public enum CrumbLine {
    /// A key and its value as a crumb holds them.
    @_spi(CrumbCodec) public struct Entry {
        @_spi(CrumbCodec) public var key: String
        @_spi(CrumbCodec) public var value: String
        /// The value is JSON text other than a string (`3`, `null`, `[1,2]`): shown as it is.
        @_spi(CrumbCodec) public var isJSON: Bool

        @_spi(CrumbCodec) public init(key: String, value: String, isJSON: Bool = false) {
            self.key = key
            self.value = value
            self.isJSON = isJSON
        }
    }

    @_spi(CrumbCodec) public static func text(timestamp: String?, thread: String?, event: String?, context: [Entry], fields: [Entry]) -> String {
        var line = ""
        if let timestamp { line += DisplayText.escaped(timestamp) + " " }
        if let thread { line += "[" + DisplayText.escaped(thread) + "] " }
        line += DisplayText.escaped(event ?? "(no event)")
        if !context.isEmpty {
            line += " {"
            for (index, entry) in context.enumerated() {
                if index > 0 { line += " " }
                append(entry, to: &line)
            }
            line += "}"
        }
        for entry in fields {
            line += " "
            append(entry, to: &line)
        }
        return line
    }

    private static func append(_ entry: Entry, to line: inout String) {
        line += quotedIfNeeded(entry.key)
        line += "="
        line += entry.isJSON ? DisplayText.escaped(entry.value) : quotedIfNeeded(entry.value)
    }

    /// `text` as a token of the line: as it is, or quoted (see the type's rules).
    @_spi(CrumbCodec) public static func quotedIfNeeded(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.unicodeScalars.contains { scalar in
            switch scalar {
            case " ", "\"", "=", "{", "}": return true
            default: return DisplayText.needsEscape(scalar)
            }
        }
        guard needsQuotes else { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            default:
                if let escape = DisplayText.escape(scalar) { quoted += escape } else { quoted.unicodeScalars.append(scalar) }
            }
        }
        return quoted + "\""
    }
}
