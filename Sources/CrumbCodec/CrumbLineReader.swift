/// The parts of a crumb's line read straight from its JSON, for ``CrumbLine/write(_:to:)``: one
/// walk (``CrumbObject/walk(_:_:)``) notes where each part lies, and each is written from the
/// crumb's bytes, with no string made. Strings with escapes are decoded, and values that are
/// lists or objects compacted, into scratch bytes kept from crumb to crumb.
///
///     var reader = CrumbLineReader()
///     var out = ByteBuffer()
///     reader.writeLine(crumb.baseAddress!, count: crumb.count, to: &out)
///
/// What it reads is what a decoded crumb holds: the first `event`, `ts` and `thread` count, a
/// repeated one is a field, a `context` that is not an object is a field, and a crumb that
/// goes wrong part way shows the parts before that.
@_spi(CrumbCodec) public struct CrumbLineReader: CrumbObjectVisitor, CrumbLineParts {
    /// Where one part lies in the crumb.
    @_spi(CrumbCodec) public struct Part {
        @usableFromInline enum Kind { case text, escapedText, json, name(ReservedKey) }
        @usableFromInline var start: Int
        @usableFromInline var end: Int
        @usableFromInline var kind: Kind

        @inlinable init(start: Int, end: Int, kind: Kind) {
            self.start = start
            self.end = end
            self.kind = kind
        }
    }

    @usableFromInline var base: UnsafePointer<UInt8>?
    @_spi(CrumbCodec) public var timestamp: Part?
    @_spi(CrumbCodec) public var thread: Part?
    @_spi(CrumbCodec) public var event: Part?
    /// Keys and values, one after the other.
    @usableFromInline var context: [Part] = []
    @usableFromInline var fields: [Part] = []
    @usableFromInline var scratch: [UInt8] = []

    @inlinable
    @_spi(CrumbCodec) public init() {}

    /// Writes the line of the crumb object in `base[0..<count]` (without a newline).
    @inlinable
    @_spi(CrumbCodec) public mutating func writeLine(_ base: UnsafePointer<UInt8>, count: Int, to out: inout ByteBuffer) {
        self.base = base
        timestamp = nil
        thread = nil
        event = nil
        context.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        var scanner = JSONScanner(base: base, position: 0, end: count)
        _ = CrumbObject.walk(&scanner, &self)
        CrumbLine.write(&self, to: &out)
    }

    // MARK: The walk

    @inlinable
    static func value(_ s: inout JSONScanner) -> Part? {
        if s.peek == 0x22 {
            guard let string = s.scanString() else { return nil }
            return Part(start: string.start, end: string.end, kind: string.escaped ? .escapedText : .text)
        }
        let start = s.position
        guard s.skipValue() else { return nil }
        return Part(start: start, end: s.position, kind: .json)
    }

    @inlinable
    static func key(_ key: JSONString) -> Part {
        Part(start: key.start, end: key.end, kind: key.escaped ? .escapedText : .text)
    }

    @inlinable
    @_spi(CrumbCodec) public mutating func reserved(_ key: ReservedKey, _ s: inout JSONScanner) -> Bool {
        guard let value = Self.value(&s) else { return false }
        switch key {
        case .event where event == nil: event = value
        case .thread where thread == nil: thread = value
        case .ts where timestamp == nil: timestamp = value
        default:
            fields.append(Part(start: 0, end: 0, kind: .name(key)))
            fields.append(value)
        }
        return true
    }

    @inlinable
    @_spi(CrumbCodec) public mutating func contextEntry(key: JSONString, _ s: inout JSONScanner) -> Bool {
        guard let value = Self.value(&s) else { return false }
        context.append(Self.key(key))
        context.append(value)
        return true
    }

    @inlinable
    @_spi(CrumbCodec) public mutating func field(key: JSONString, _ s: inout JSONScanner) -> Bool {
        guard let value = Self.value(&s) else { return false }
        fields.append(Self.key(key))
        fields.append(value)
        return true
    }

    // MARK: The parts

    @inlinable @_spi(CrumbCodec) public var contextCount: Int { context.count / 2 }
    @inlinable @_spi(CrumbCodec) public var fieldCount: Int { fields.count / 2 }

    @inlinable
    @_spi(CrumbCodec) public func contextEntry(_ index: Int) -> (key: Part, value: Part) {
        (context[2 &* index], context[2 &* index &+ 1])
    }

    @inlinable
    @_spi(CrumbCodec) public func field(_ index: Int) -> (key: Part, value: Part) {
        (fields[2 &* index], fields[2 &* index &+ 1])
    }

    @inlinable
    @_spi(CrumbCodec) public mutating func write(_ part: Part, as form: CrumbLine.Form, to out: inout ByteBuffer) {
        guard let base else { return }
        switch part.kind {
        case .text:
            CrumbLine.write(UnsafeBufferPointer(start: base + part.start, count: part.end &- part.start), as: form, to: &out)
        case .json where base[part.start] != 0x7B && base[part.start] != 0x5B:
            // A number, `true`, `null`, `NaN`...: already its compact JSON, in printable ASCII.
            CrumbLine.write(UnsafeBufferPointer(start: base + part.start, count: part.end &- part.start), as: .bare, to: &out)
        case .json:
            scratch.removeAll(keepingCapacity: true)
            JSONCompactor.compact(base, from: part.start, to: part.end, into: &scratch)
            scratch.withUnsafeBufferPointer { CrumbLine.write($0, as: .bare, to: &out) }
        case .escapedText:
            JSONStringDecoder.decode(base, from: part.start, to: part.end, into: &scratch)
            scratch.withUnsafeBufferPointer { CrumbLine.write($0, as: form, to: &out) }
        case .name(let key):
            let name = key.staticName
            CrumbLine.write(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), as: form, to: &out)
        }
    }
}

extension ReservedKey {
    /// ``name`` as a static string.
    @inlinable
    @_spi(CrumbCodec) public var staticName: StaticString {
        switch self {
        case .event: "event"
        case .ts: "ts"
        case .thread: "thread"
        case .context: "context"
        }
    }
}
