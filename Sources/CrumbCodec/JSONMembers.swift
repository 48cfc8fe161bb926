/// Stepping through a JSON object's members, or an array's elements, one at a time with
/// `JSONScanner`: the one way the project reads the structure of JSON it does not keep whole.
/// `CrumbObject.walk` reads crumbs with it, the OTLP reader log records.

/// The members of one JSON object.
///
/// ```swift
/// guard var members = JSONMembers(&s) else { return false }
/// while let key = members.next(&s) { guard s.skipValue() else { return false } }
/// guard members.closed else { return false }
/// ```
@_spi(CrumbCodec) public struct JSONMembers {
    @usableFromInline var first = true
    /// True once the closing `}` was read; false after `next` returned nil on malformed input.
    @_spi(CrumbCodec) public var closed = false

    /// Takes the `{` at the scanner's position (after spaces); nil when it is not there.
    @inlinable
    @_spi(CrumbCodec) public init?(_ s: inout JSONScanner) {
        s.skipSpace()
        guard s.take(0x7B) else { return nil }
    }

    /// The next member's key, with the scanner at its value (which the caller must read or
    /// skip); nil after the closing `}` or at malformed input (then `closed` is false).
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public mutating func next(_ s: inout JSONScanner) -> JSONString? {
        s.skipSpace()
        if s.take(0x7D) {
            closed = true
            return nil
        }
        if !first {
            guard s.take(0x2C) else { return nil }
            s.skipSpace()
        }
        first = false
        guard let key = s.scanString() else { return nil }
        s.skipSpace()
        guard s.take(0x3A) else { return nil }
        s.skipSpace()
        return key
    }
}

/// The elements of one JSON array.
@_spi(CrumbCodec) public struct JSONElements {
    @usableFromInline var first = true
    /// True once the closing `]` was read.
    @_spi(CrumbCodec) public var closed = false

    /// Takes the `[` at the scanner's position (after spaces); nil when it is not there.
    @inlinable
    @_spi(CrumbCodec) public init?(_ s: inout JSONScanner) {
        s.skipSpace()
        guard s.take(0x5B) else { return nil }
    }

    /// True with the scanner at the next element; false after the closing `]` or at malformed
    /// input (then `closed` is false).
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public mutating func next(_ s: inout JSONScanner) -> Bool {
        s.skipSpace()
        if s.take(0x5D) {
            closed = true
            return false
        }
        if !first {
            guard s.take(0x2C) else { return false }
            s.skipSpace()
        }
        first = false
        return true
    }
}
