@_spi(CrumbCodec) import CrumbCodec

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

    /// One line per crumb, oldest first: time, `[thread]`, event, the context in braces, then the
    /// fields as `key=value`: the same line `crumbtui --print` writes for the same crumbs.
    ///
    /// A key or value is quoted when it is empty or holds a space, `"`, `=`, `{`, `}` or a
    /// character shown escaped; inside quotes `\` and `"` are escaped (a backslash alone is
    /// written as it is: outside quotes text is literal). Control
    /// characters and bidirectional overrides are shown as visible escapes (`\n`, `^[`,
    /// `\u{202E}`), so the text is safe to print to a terminal.
    ///
    /// ```swift
    /// CrumbFormatter.text(crumbs)
    /// // 2025-12-30T10:23:45.123456+00:00 [MainThread] db.query {request_id=req-7} table=users rows=42
    /// ```
    public static func text(_ crumbs: [Crumb]) -> String {
        crumbs.map(textLine).joined(separator: "\n")
    }

    static func textLine(_ crumb: Crumb) -> String {
        CrumbLine.text(
            timestamp: crumb.timestamp, thread: crumb.thread, event: crumb.event,
            context: crumb.context.map { CrumbLine.Entry(key: $0.key, value: $0.value) },
            fields: crumb.fields.map { CrumbLine.Entry(key: $0.key, value: $0.value) })
    }
}
