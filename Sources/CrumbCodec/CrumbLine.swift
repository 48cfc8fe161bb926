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
/// ``write(_:as:to:)`` writes one part. The parts come from Swift strings (``text(timestamp:thread:event:context:fields:)``)
/// or straight from a crumb's JSON (``CrumbLineReader``).
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

    /// Writes one part of the line, given as UTF-8 (invalid sequences are repaired): escaped for
    /// display, and for a `.token` quoted when the rules say so.
    @inlinable
    @_spi(CrumbCodec) public static func write(_ bytes: UnsafeBufferPointer<UInt8>, as form: Form, to out: inout ByteBuffer) {
        let count = bytes.count
        guard let text = bytes.baseAddress, count > 0 else {
            if form == .token { out.append("\"\"") }
            return
        }
        // Every rule makes at most three bytes of one (an invalid byte becomes U+FFFD), and the
        // quotes and a word's slack are added.
        out.reserve(3 &* count &+ 16)
        let found = look(text, count, form)
        if found.escaped {
            writeScalars(text, count, form, &out)
        } else if !found.quoted {
            ByteBuffer.copy(text, count, to: out.cursor)
            out.count &+= count
        } else {
            // Printable ASCII only: quotes around it, and `\` before `\` and `"`.
            var target = out.cursor
            target[0] = 0x22
            target += 1
            if found.backslashed {
                for index in 0..<count {
                    let byte = text[index]
                    if byte == 0x22 || byte == 0x5C {
                        target[0] = 0x5C
                        target += 1
                    }
                    target[0] = byte
                    target += 1
                }
            } else {
                ByteBuffer.copy(text, count, to: target)
                target += count
            }
            target[0] = 0x22
            out.count = target + 1 - out.base
        }
    }

    /// What the bytes hold, eight at a time (overlapping loads inside the bytes for the rest):
    /// something that is escaped or not ASCII (`escaped`), something that makes a token quoted
    /// (`quoted`), a `"` or `\` (`backslashed`).
    @inlinable @inline(__always)
    static func look(_ text: UnsafePointer<UInt8>, _ count: Int, _ form: Form) -> (escaped: Bool, quoted: Bool, backslashed: Bool) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
            let x = word ^ (ones &* UInt64(byte))
            return (x &- ones) & ~x & highs
        }
        var escaped: UInt64 = 0, quoted: UInt64 = 0, backslashed: UInt64 = 0
        @inline(__always) func add(_ word: UInt64) {
            escaped |= ((word &- ones &* 0x20) & ~word | word | ((word & ~highs) &+ ones)) & highs
            if form == .token {
                quoted |= equal(word, 0x20) | equal(word, 0x22) | equal(word, 0x3D) | equal(word, 0x7B) | equal(word, 0x7D)
                backslashed |= equal(word, 0x22) | equal(word, 0x5C)
            }
        }
        let raw = UnsafeRawPointer(text)
        if count >= 8 {
            var offset = 0
            while offset &+ 8 < count {
                add(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset &+= 8
            }
            add(raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
        } else if count >= 4 {
            add(UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)) << 32)
        } else {
            // Fewer than four bytes: the rest of the word is `a`, which nothing flags.
            var word: UInt64 = 0x6161_6161_6161_6161
            for index in 0..<count { word = word & ~(0xFF << (8 * UInt64(index))) | UInt64(text[index]) << (8 * UInt64(index)) }
            add(word)
        }
        return (escaped != 0, quoted != 0, backslashed != 0)
    }

    /// The general case, a character at a time: decide whether a token is quoted, then write.
    @usableFromInline
    static func writeScalars(_ text: UnsafePointer<UInt8>, _ count: Int, _ form: Form, _ out: inout ByteBuffer) {
        var quoted = false
        if form == .token {
            var index = 0
            while index < count, !quoted {
                let scalar = UTF8Check.scalar(text, at: index, end: count)
                if scalar.valid {
                    switch scalar.value {
                    case 0x20, 0x22, 0x3D, 0x7B, 0x7D: quoted = true
                    default: quoted = DisplayText.needsEscape(scalar.value)
                    }
                }
                index += scalar.length
            }
        }
        var target = out.cursor
        if quoted {
            target[0] = 0x22
            target += 1
        }
        var index = 0
        while index < count {
            let scalar = UTF8Check.scalar(text, at: index, end: count)
            if !scalar.valid {
                target[0] = 0xEF
                target[1] = 0xBF
                target[2] = 0xBD
                target += 3
            } else if quoted && (scalar.value == 0x22 || scalar.value == 0x5C) {
                target[0] = 0x5C
                target[1] = UInt8(scalar.value)
                target += 2
            } else {
                let escape = DisplayText.writeEscape(scalar.value, to: target)
                if escape > 0 {
                    target += escape
                } else {
                    for offset in 0..<scalar.length { target[offset] = text[index + offset] }
                    target += scalar.length
                }
            }
            index += scalar.length
        }
        if quoted {
            target[0] = 0x22
            target += 1
        }
        out.count = target - out.base
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
