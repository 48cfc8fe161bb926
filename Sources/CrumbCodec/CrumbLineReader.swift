/// The parts of a crumb's line read straight from its JSON, for ``CrumbLine/write(_:to:)``: one
/// walk (``CrumbObject/walk(_:_:)``) notes where each part lies, and each is written from the
/// crumb's bytes, with no string made. Strings with escapes are decoded, and values that are
/// lists or objects compacted, into scratch bytes kept from crumb to crumb, as are the notes.
///
///     var reader = CrumbLineReader()
///     var out = ByteBuffer()
///     reader.writeLine(crumb.baseAddress!, count: crumb.count, to: &out)
///
/// What it reads is what a decoded crumb holds: each key once, with its last value (see
/// ``CrumbObject``), a `context` that is not an object is a field, and a crumb that goes wrong
/// part way shows the parts before that.
@_spi(CrumbCodec) public struct CrumbLineReader: ~Copyable {
    @_spi(CrumbCodec) public var context = PartList()
    @_spi(CrumbCodec) public var fields = PartList()
    @_spi(CrumbCodec) public var scratch: [UInt8] = []

    @inlinable
    @_spi(CrumbCodec) public init() {}

    /// Writes the line of the crumb object in `base[0..<count]` (without a newline).
    @inlinable
    @_spi(CrumbCodec) public mutating func writeLine(_ base: UnsafePointer<UInt8>, count: Int, to out: inout ByteBuffer) {
        context.count = 0
        fields.count = 0
        // The walk and the layout work through a pointer to this reader, so its notes and
        // scratch are kept for the next crumb (as the loader's parser does).
        withUnsafeMutablePointer(to: &self) { reader in
            var line = CrumbLineWalk(reader: reader, base: base)
            var scanner = JSONScanner(base: base, position: 0, end: count)
            _ = CrumbObject.walk(&scanner, &line)
            CrumbLine.write(&line, to: &out)
        }
    }
}

/// Where one part of a line lies in its crumb.
@_spi(CrumbCodec) public struct CrumbLinePart {
    @_spi(CrumbCodec) public enum Kind { case text, escapedText, json }
    @_spi(CrumbCodec) public var start: Int
    @_spi(CrumbCodec) public var end: Int
    @_spi(CrumbCodec) public var kind: Kind

    @inlinable @_spi(CrumbCodec) public init(start: Int, end: Int, kind: Kind) {
        self.start = start
        self.end = end
        self.kind = kind
    }
}

/// A growing list of parts, kept from crumb to crumb.
@_spi(CrumbCodec) public struct PartList: ~Copyable {
    @_spi(CrumbCodec) public var base: UnsafeMutablePointer<CrumbLinePart>
    @_spi(CrumbCodec) public var capacity = 16
    @_spi(CrumbCodec) public var count = 0

    @inlinable @_spi(CrumbCodec) public init() { base = .allocate(capacity: capacity) }

    deinit { base.deallocate() }

    @inlinable @inline(__always)
    @_spi(CrumbCodec) public mutating func append(_ part: CrumbLinePart) {
        if count == capacity { grow() }
        (base + count).initialize(to: part)
        count &+= 1
    }

    @usableFromInline
    mutating func grow() {
        let larger = UnsafeMutablePointer<CrumbLinePart>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }
}

/// One walk over a crumb (``CrumbObjectVisitor``) and the parts it found (``CrumbLineParts``).
@_spi(CrumbCodec) public struct CrumbLineWalk: CrumbObjectVisitor, CrumbLineParts {
    @_spi(CrumbCodec) public let reader: UnsafeMutablePointer<CrumbLineReader>
    @_spi(CrumbCodec) public let base: UnsafePointer<UInt8>
    @_spi(CrumbCodec) public var timestamp: CrumbLinePart?
    @_spi(CrumbCodec) public var thread: CrumbLinePart?
    @_spi(CrumbCodec) public var event: CrumbLinePart?

    @inlinable @_spi(CrumbCodec) public init(reader: UnsafeMutablePointer<CrumbLineReader>, base: UnsafePointer<UInt8>) {
        self.reader = reader
        self.base = base
    }

    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func value(_ s: inout JSONScanner) -> CrumbLinePart? {
        if s.peek == 0x22 {
            guard let string = s.scanString() else { return nil }
            return CrumbLinePart(start: string.start, end: string.end, kind: string.escaped ? .escapedText : .text)
        }
        let start = s.position
        guard s.skipValue() else { return nil }
        return CrumbLinePart(start: start, end: s.position, kind: .json)
    }

    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func key(_ key: JSONString) -> CrumbLinePart {
        CrumbLinePart(start: key.start, end: key.end, kind: key.escaped ? .escapedText : .text)
    }

    @inlinable
    @_spi(CrumbCodec) public mutating func reserved(_ key: ReservedKey, _ s: inout JSONScanner) -> Bool {
        guard let value = Self.value(&s) else { return false }
        switch key {
        case .event: event = value
        case .thread: thread = value
        case .ts: timestamp = value
        case .context: break
        }
        return true
    }

    @inlinable
    @_spi(CrumbCodec) public mutating func restart() {
        timestamp = nil
        thread = nil
        event = nil
        reader.pointee.context.count = 0
        reader.pointee.fields.count = 0
    }

    @inlinable
    @_spi(CrumbCodec) public mutating func contextEntry(key: JSONString, _ s: inout JSONScanner) -> Bool {
        guard let value = Self.value(&s) else { return false }
        reader.pointee.context.append(Self.key(key))
        reader.pointee.context.append(value)
        return true
    }

    @inlinable
    @_spi(CrumbCodec) public mutating func field(key: JSONString, _ s: inout JSONScanner) -> Bool {
        guard let value = Self.value(&s) else { return false }
        reader.pointee.fields.append(Self.key(key))
        reader.pointee.fields.append(value)
        return true
    }

    @inlinable @_spi(CrumbCodec) public var contextCount: Int { reader.pointee.context.count &>> 1 }
    @inlinable @_spi(CrumbCodec) public var fieldCount: Int { reader.pointee.fields.count &>> 1 }

    @inlinable
    @_spi(CrumbCodec) public func contextEntry(_ index: Int) -> (key: CrumbLinePart, value: CrumbLinePart) {
        let parts = reader.pointee.context.base + 2 &* index
        return (parts[0], parts[1])
    }

    @inlinable
    @_spi(CrumbCodec) public func field(_ index: Int) -> (key: CrumbLinePart, value: CrumbLinePart) {
        let parts = reader.pointee.fields.base + 2 &* index
        return (parts[0], parts[1])
    }

    @inlinable
    @_spi(CrumbCodec) public mutating func write(_ part: CrumbLinePart, as form: CrumbLine.Form, to out: inout ByteBuffer) {
        switch part.kind {
        case .text:
            CrumbLine.write(UnsafeBufferPointer(start: base + part.start, count: part.end &- part.start), as: form, to: &out)
        case .json where base[part.start] != 0x7B && base[part.start] != 0x5B:
            // A number, `true`, `null`, `NaN`...: already its compact JSON, in printable ASCII.
            CrumbLine.write(UnsafeBufferPointer(start: base + part.start, count: part.end &- part.start), as: .bare, to: &out)
        case .json:
            reader.pointee.scratch.removeAll(keepingCapacity: true)
            JSONCompactor.compact(base, from: part.start, to: part.end, into: &reader.pointee.scratch)
            reader.pointee.scratch.withUnsafeBufferPointer { CrumbLine.write($0, as: .bare, to: &out) }
        case .escapedText:
            JSONStringDecoder.decode(base, from: part.start, to: part.end, into: &reader.pointee.scratch)
            reader.pointee.scratch.withUnsafeBufferPointer { CrumbLine.write($0, as: form, to: &out) }
        }
    }
}
