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
///   (`DisplayText`), so the line is safe to print to a terminal. Invalid UTF-8 shows as U+FFFD,
///   as Swift's `String(decoding:as:)` repairs it.
///
/// The rules are written once, on bytes: ``write(_:to:)`` lays a line out from its parts, and
/// ``write(_:as:to:)`` writes one part. The parts come from Swift strings
/// (``text(timestamp:thread:event:context:fields:)``) or straight from a crumb's JSON
/// (``CrumbLineReader``).
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

    /// How a part of the line is written.
    @_spi(CrumbCodec) public enum Form: Sendable {
        /// The time, the thread, the event, and values that are JSON other than a string:
        /// escaped for display, never quoted.
        case bare
        /// A key, or a value that is a string: also quoted when needed.
        case token
    }

    /// The line of a crumb given as strings.
    @_spi(CrumbCodec) public static func text(timestamp: String?, thread: String?, event: String?, context: [Entry], fields: [Entry]) -> String {
        var parts = TextParts(timestamp: timestamp, thread: thread, event: event, context: context, fields: fields)
        return string { write(&parts, to: &$0) }
    }

    /// `text` as a token of the line: as it is, or quoted (see the type's rules).
    @_spi(CrumbCodec) public static func quotedIfNeeded(_ text: String) -> String {
        string { out in
            var text = text
            text.withUTF8 { write($0, as: .token, to: &out) }
        }
    }

    /// What `body` writes, as a string.
    @_spi(CrumbCodec) public static func string(_ body: (inout ByteBuffer) -> Void) -> String {
        var out = ByteBuffer()
        body(&out)
        return out.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Lays out the line of `parts` (without a newline).
    @inlinable
    @_spi(CrumbCodec) public static func write<Parts: CrumbLineParts>(_ parts: inout Parts, to out: inout ByteBuffer) {
        if let timestamp = parts.timestamp {
            parts.write(timestamp, as: .bare, to: &out)
            out.append(0x20)
        }
        if let thread = parts.thread {
            out.append(0x5B)
            parts.write(thread, as: .bare, to: &out)
            out.append("] ")
        }
        if let event = parts.event { parts.write(event, as: .bare, to: &out) } else { out.append("(no event)") }
        let contextCount = parts.contextCount
        if contextCount > 0 {
            out.append(" {")
            for index in 0..<contextCount {
                if index > 0 { out.append(0x20) }
                let entry = parts.contextEntry(index)
                parts.write(entry.key, as: .token, to: &out)
                out.append(0x3D)
                parts.write(entry.value, as: .token, to: &out)
            }
            out.append(0x7D)
        }
        for index in 0..<parts.fieldCount {
            out.append(0x20)
            let entry = parts.field(index)
            parts.write(entry.key, as: .token, to: &out)
            out.append(0x3D)
            parts.write(entry.value, as: .token, to: &out)
        }
    }
}

/// Where the parts of a line come from: strings, or a crumb's JSON as a file holds it. A part
/// is written by the parts themselves (they know how to get its UTF-8), through
/// ``CrumbLine/write(_:as:to:)``; a value that is JSON other than a string is written `.bare`.
@_spi(CrumbCodec) public protocol CrumbLineParts {
    associatedtype Part
    var timestamp: Part? { get }
    var thread: Part? { get }
    var event: Part? { get }
    var contextCount: Int { get }
    func contextEntry(_ index: Int) -> (key: Part, value: Part)
    var fieldCount: Int { get }
    func field(_ index: Int) -> (key: Part, value: Part)
    mutating func write(_ part: Part, as form: CrumbLine.Form, to out: inout ByteBuffer)
}

/// A line's parts as strings (a recorded `Crumb`, a decoded crumb).
struct TextParts: CrumbLineParts {
    struct Part {
        var text: String
        var isJSON = false
    }

    var timestamp: Part?
    var thread: Part?
    var event: Part?
    var context: [CrumbLine.Entry]
    var fields: [CrumbLine.Entry]

    init(timestamp: String?, thread: String?, event: String?, context: [CrumbLine.Entry], fields: [CrumbLine.Entry]) {
        self.timestamp = timestamp.map { Part(text: $0) }
        self.thread = thread.map { Part(text: $0) }
        self.event = event.map { Part(text: $0) }
        self.context = context
        self.fields = fields
    }

    var contextCount: Int { context.count }
    var fieldCount: Int { fields.count }

    func contextEntry(_ index: Int) -> (key: Part, value: Part) { Self.parts(context[index]) }
    func field(_ index: Int) -> (key: Part, value: Part) { Self.parts(fields[index]) }

    static func parts(_ entry: CrumbLine.Entry) -> (key: Part, value: Part) {
        (Part(text: entry.key), Part(text: entry.value, isJSON: entry.isJSON))
    }

    func write(_ part: Part, as form: CrumbLine.Form, to out: inout ByteBuffer) {
        var text = part.text
        text.withUTF8 { CrumbLine.write($0, as: part.isJSON ? .bare : form, to: &out) }
    }
}
