/// Turns crumbs into text: the JSON of a dump, or one readable line per crumb.
///
/// ```swift
/// let crumbs = Crumbs.snapshot()
/// print(CrumbFormatter.json(crumbs))   // [ { "event": "start", ... } ]
/// print(CrumbFormatter.text(crumbs))   // 2025-12-30T10:23:45.123456+00:00 [MainThread] start user=alice
/// ```
public enum CrumbFormatter {
    /// A pretty JSON array, oldest crumb first, laid out as Python statecrumbs' dumps
    /// (two-space indent): any JSON parser reads it and crumbtui opens it.
    ///
    /// ```swift
    /// try CrumbFormatter.json(Crumbs.snapshot()).write(toFile: "crumbs.json", atomically: true, encoding: .utf8)
    /// ```
    public static func json(_ crumbs: [Crumb]) -> String {
        CrumbEncoding.prettyArray(crumbs.map(CrumbEncoding.compact))
    }

    /// One crumb as one line of compact JSON (the live file's JSON Lines form), no newline.
    ///
    /// ```swift
    /// CrumbFormatter.jsonLine(crumb)   // {"event":"start","ts":"…","thread":"MainThread","user":"alice"}
    /// ```
    public static func jsonLine(_ crumb: Crumb) -> String {
        String(decoding: CrumbEncoding.compact(crumb), as: UTF8.self)
    }

    /// One line per crumb, oldest first: time, `[thread]`, event, the fields as `key=value`,
    /// then the context in braces. Control characters are shown escaped (`\n`, `\u{1B}`), so
    /// the text is safe to print to a terminal; values with spaces are quoted.
    ///
    /// ```swift
    /// CrumbFormatter.text(crumbs)
    /// // 2025-12-30T10:23:45.123456+00:00 [MainThread] db.query table=users rows=42 {request_id=req-7}
    /// ```
    public static func text(_ crumbs: [Crumb]) -> String {
        crumbs.map(textLine).joined(separator: "\n")
    }

    static func textLine(_ crumb: Crumb) -> String {
        var parts: [String] = []
        if let timestamp = crumb.timestamp { parts.append(escapeControls(timestamp)) }
        if let thread = crumb.thread { parts.append("[" + escapeControls(thread) + "]") }
        parts.append(escapeControls(crumb.event))
        for field in crumb.fields {
            parts.append(pairText(field))
        }
        if !crumb.context.isEmpty {
            parts.append("{" + crumb.context.map(pairText).joined(separator: " ") + "}")
        }
        return parts.joined(separator: " ")
    }

    private static func pairText(_ field: Crumb.Field) -> String {
        escapeControls(field.key) + "=" + quotedIfNeeded(field.value)
    }

    private static func quotedIfNeeded(_ value: String) -> String {
        let escaped = escapeControls(value)
        let needsQuotes = value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "{" || $0 == "}" })
        guard needsQuotes else { return escaped }
        return "\"" + escaped.replacing("\"", with: "\\\"") + "\""
    }

    /// Shows every control character (C0, DEL, C1) as a visible escape.
    static func escapeControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar):
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
