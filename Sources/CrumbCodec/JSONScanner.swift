/// A byte-level JSON reader over mapped memory: it finds where strings and values end and checks
/// their structure, without building any Swift value. It never reads past `end`, never recurses
/// (100,000 nested brackets cost a bit stack, not a call stack) and never traps on any input.
///
/// It is lenient where JSON producers are sloppy and strict where a wrong guess would swallow
/// good crumbs: raw control characters inside strings are accepted (shown escaped later) except a
/// raw newline, which ends the string as broken, because in a dump or log a newline inside a
/// string almost always means the line was cut.
@_spi(CrumbCodec) public struct JSONScanner {
    @_spi(CrumbCodec) public let base: UnsafePointer<UInt8>
    @_spi(CrumbCodec) public var position: Int
    @_spi(CrumbCodec) public let end: Int

    @inlinable
    @_spi(CrumbCodec) public init(base: UnsafePointer<UInt8>, position: Int, end: Int) {
        self.base = base
        self.position = position
        self.end = end
    }

    @inlinable @inline(__always) @_spi(CrumbCodec) public var atEnd: Bool { position >= end }

    /// The byte at `position`, or 0 at the end.
    @inlinable @inline(__always) @_spi(CrumbCodec) public var peek: UInt8 { position < end ? base[position] : 0 }

    @inlinable @inline(__always)
    @_spi(CrumbCodec) public mutating func skipSpace() {
        while position < end {
            let byte = base[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    /// Consumes `byte` when it is next.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public mutating func take(_ byte: UInt8) -> Bool {
        guard position < end, base[position] == byte else { return false }
        position += 1
        return true
    }

    /// A string whose opening quote is at `position`. Returns the offsets of its contents (between
    /// the quotes) and whether it holds backslash escapes; moves past the closing quote.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public mutating func scanString() -> JSONString? {
        guard take(0x22) else { return nil }
        let start = position
        var escaped = false
        while position < end {
            // Eight bytes at a time up to the next quote, backslash or newline (SWAR: the lowest
            // flagged byte of `hasZero` is exact).
            while position + 8 <= end {
                let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                let found = Self.hasZero(word ^ 0x2222_2222_2222_2222) | Self.hasZero(word ^ 0x5C5C_5C5C_5C5C_5C5C)
                    | Self.hasZero(word ^ 0x0A0A_0A0A_0A0A_0A0A)
                if found != 0 {
                    position += found.trailingZeroBitCount >> 3
                    break
                }
                position += 8
            }
            guard position < end else { return nil }
            let byte = base[position]
            if byte == 0x22 {
                position += 1
                return JSONString(start: start, end: position - 1, escaped: escaped)
            }
            if byte == 0x5C {
                escaped = true
                position += 2
                continue
            }
            if byte == 0x0A { return nil }
            position += 1
        }
        return nil
    }

    /// High bit set in each byte of `word` that is zero (exact for the lowest such byte).
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func hasZero(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// Skips one value of any type; false when it is malformed or cut off.
    @inlinable
    @_spi(CrumbCodec) public mutating func skipValue() -> Bool {
        switch peek {
        case 0x22: return scanString() != nil
        case 0x7B, 0x5B: return skipContainer()
        default: return skipScalar()
        }
    }

    /// Numbers, `true`, `false`, `null`, and Python's `NaN`, `Infinity`, `-Infinity`.
    @inlinable
    @_spi(CrumbCodec) public mutating func skipScalar() -> Bool {
        let start = position
        switch peek {
        case 0x74: return takeWord("true")
        case 0x66: return takeWord("false")
        case 0x6E: return takeWord("null")
        case 0x4E: return takeWord("NaN")
        case 0x49: return takeWord("Infinity")
        case 0x2D, 0x30...0x39:
            _ = take(0x2D)
            if peek == 0x49 { return takeWord("Infinity") }
            guard takeDigits() else { position = start; return false }
            if take(0x2E) { guard takeDigits() else { return false } }
            if peek == 0x65 || peek == 0x45 {
                position += 1
                if peek == 0x2B || peek == 0x2D { position += 1 }
                guard takeDigits() else { return false }
            }
            return true
        default:
            return false
        }
    }

    @inlinable
    mutating func takeDigits() -> Bool {
        let start = position
        while position < end, base[position] &- 0x30 < 10 { position += 1 }
        return position > start
    }

    @inlinable
    mutating func takeWord(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard end - position >= count, bytesEqual(base + position, word.utf8Start, count) else { return false }
        position += count
        return true
    }

    /// An object or array, walked with an explicit stack of "in object" bits.
    @usableFromInline
    mutating func skipContainer() -> Bool {
        var stack = BitStack()
        stack.push(base[position] == 0x7B)
        position += 1
        // After an opening bracket or a comma: a value (or a key) is expected.
        var expectValue = true
        var first = true
        while true {
            skipSpace()
            guard position < end else { return false }
            let byte = base[position]
            let inObject = stack.top
            if expectValue {
                if first, byte == (inObject ? 0x7D : 0x5D) {
                    position += 1
                    stack.pop()
                    if stack.isEmpty { return true }
                    expectValue = false
                    first = false
                    continue
                }
                if inObject {
                    guard scanString() != nil else { return false }
                    skipSpace()
                    guard take(0x3A) else { return false }
                    skipSpace()
                    guard position < end else { return false }
                }
                let next = base[position]
                if next == 0x7B || next == 0x5B {
                    stack.push(next == 0x7B)
                    position += 1
                    first = true
                    continue
                }
                guard next == 0x22 ? scanString() != nil : skipScalar() else { return false }
                expectValue = false
                first = false
            } else {
                if byte == 0x2C {
                    position += 1
                    expectValue = true
                    first = false
                } else if byte == (inObject ? 0x7D : 0x5D) {
                    position += 1
                    stack.pop()
                    if stack.isEmpty { return true }
                } else {
                    return false
                }
            }
        }
    }
}

/// Where a JSON string's contents lie (between its quotes) and whether they hold escapes.
@_spi(CrumbCodec) public struct JSONString {
    /// The first byte after the opening quote.
    @_spi(CrumbCodec) public var start: Int
    /// The closing quote.
    @_spi(CrumbCodec) public var end: Int
    /// Whether a backslash escape occurs: the bytes must be decoded, not taken as they are.
    @_spi(CrumbCodec) public var escaped: Bool

    @inlinable
    @_spi(CrumbCodec) public init(start: Int, end: Int, escaped: Bool) {
        self.start = start
        self.end = end
        self.escaped = escaped
    }
}

/// A stack of booleans: 64 levels in a register, deeper ones in an array.
struct BitStack {
    private var low: UInt64 = 0
    private var high: [Bool] = []
    private(set) var depth = 0

    var isEmpty: Bool { depth == 0 }

    var top: Bool {
        depth <= 64 ? (low >> UInt64(depth - 1)) & 1 == 1 : high[depth - 65]
    }

    mutating func push(_ value: Bool) {
        if depth < 64 {
            if value { low |= 1 << UInt64(depth) } else { low &= ~(1 << UInt64(depth)) }
        } else {
            high.append(value)
        }
        depth += 1
    }

    mutating func pop() {
        depth -= 1
        if depth >= 64 { high.removeLast() }
    }
}
