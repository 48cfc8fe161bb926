/// Rewrites a JSON value as compact JSON: no whitespace between tokens, and always valid JSON,
/// whatever the scanner let through. Key order and the text of numbers and escapes are kept as
/// they are where JSON allows them; the rest is repaired into what the viewer shows for it
/// (`JSONStringDecoder` reads strings the same way):
///
/// - raw control characters (and DEL) in strings are escaped;
/// - invalid UTF-8 becomes U+FFFD, one for each longest start of a sequence that could have been
///   valid, as Swift's `String(decoding:as:)` repairs it;
/// - a `\u` escape without four hex digits, or a lone surrogate, becomes U+FFFD (the text after a
///   short `\u` stays); a backslash before any other character is dropped (`\q` is `q`), and one
///   that ends a string cut off is kept as a backslash;
/// - a number JSON does not allow (`01`, `-00.5`), Python's `NaN`, `Infinity` and `-Infinity`,
///   and a number of more than ``longestNumber`` characters become a string of their text.
///
///     var out = ByteBuffer()
///     JSONCompactor.compact(base, from: start, to: end, into: &out)   // {"event":"start","n":1}
///
/// It is a single pass with no stack; it assumes the scanner already accepted the value. Strings
/// are copied eight bytes at a time up to the next byte that needs a look (a quote, a backslash,
/// a control character, DEL or a non-ASCII byte), stored as they are read.
@_spi(CrumbCodec) public enum JSONCompactor {
    /// The longest number written as a number: Python's `json` refuses an integer of more digits
    /// (`sys.int_info.default_max_str_digits`); a longer one is written as a string.
    @inlinable @_spi(CrumbCodec) public static var longestNumber: Int { 4300 }

    @inlinable
    @_spi(CrumbCodec) public static func compact(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout ByteBuffer) {
        // Room for the input and a word's slack; only repairs grow the text, and they make
        // their own room (see `copyString` and `copyNumber`).
        out.reserve(end &- start &+ 16)
        var index = start
        var written = out.count
        while index < end {
            let byte = base[index]
            if byte == 0x22 {
                out.count = written
                index = copyString(base, from: index, to: end, into: &out)
                written = out.count
                continue
            }
            if startsNumber(byte) {
                out.count = written
                index = copyNumber(base, from: index, to: end, into: &out)
                written = out.count
                continue
            }
            out.base[written] = byte
            written &+= isSpace(byte) ? 0 : 1
            index &+= 1
        }
        out.count = written
    }

    /// The offset of the first byte from `start` on that is not whitespace (or `end`): a pretty
    /// file's indentation, eight spaces at a look.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func skipSpaces(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end {
            if index &+ 8 <= end {
                let other = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ 0x2020_2020_2020_2020
                if other == 0 {
                    index &+= 8
                    continue
                }
                index &+= other.trailingZeroBitCount &>> 3
            }
            guard index < end, isSpace(base[index]) else { return index }
            index &+= 1
        }
        return index
    }

    /// Appends the compact form to an array (for callers that keep one). A value that is not a
    /// list or an object (`3`, `true`, `NaN`, `01`) is appended as its text, as a reader shows
    /// it: only within lists and objects are such words repaired into strings.
    @inlinable
    @_spi(CrumbCodec) public static func compact(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) {
        // Most such values are numbers and words: nothing to change, so no buffer is made.
        if start < end, base[start] != 0x22, base[start] != 0x7B, base[start] != 0x5B, !isSpace(base[start]) {
            out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end &- start))
            return
        }
        var buffer = ByteBuffer(capacity: end &- start &+ 16)
        compact(base, from: start, to: end, into: &buffer)
        buffer.withBytes { out.append(contentsOf: $0) }
    }

    /// JSON's whitespace: space, tab, line feed, carriage return.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func isSpace(_ byte: UInt8) -> Bool {
        byte <= 0x20 && (UInt64(0x1_0000_2600) &>> UInt64(byte)) & 1 != 0
    }

    /// Copies the string whose opening quote is at `start`, repaired, and returns the offset
    /// after its closing quote (a string cut off by `end` is closed). On entry `out` has room for
    /// `end - start + 16` more bytes; on return it has room for the rest of the input and 16.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func copyString(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout ByteBuffer) -> Int {
        out.base[out.count] = 0x22
        out.count &+= 1
        let (index, closed) = copyStringPart(base, from: start &+ 1, to: end, stop: end, into: &out)
        if !closed {
            out.base[out.count] = 0x22
            out.count &+= 1
        }
        return index
    }

    /// Copies a string's contents from `start` (after its opening quote, or where an earlier
    /// part stopped), repaired, through its closing quote (`closed`), or until `stop`: nothing
    /// that stands for one character is split, so an escape or a UTF-8 sequence that starts
    /// before `stop` is copied whole. Returns the offset where it stopped. On entry `out` has
    /// room for `stop - start + 16` more bytes; on return for `stop - index + 16` (and at least 16).
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func copyStringPart(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, stop: Int,
                                                        into out: inout ByteBuffer) -> (index: Int, closed: Bool) {
        var written = out.count
        var index = start
        while true {
            // A whole word is stored before it is looked at: the bytes up to the first one that
            // needs a look are kept, the rest are written over. The room covers the word.
            while index &+ 8 <= stop {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                UnsafeMutableRawPointer(out.base + written).storeBytes(of: word, as: UInt64.self)
                let found = needsLook(word)
                if found != 0 {
                    let plain = found.trailingZeroBitCount &>> 3
                    index &+= plain
                    written &+= plain
                    break
                }
                index &+= 8
                written &+= 8
            }
            guard index < stop else { break }
            let byte = base[index]
            if byte == 0x22 {
                out.base[written] = 0x22
                out.count = written &+ 1
                index &+= 1
                out.reserve(Swift.max(stop &- index, 0) &+ 16)
                return (index, true)
            }
            if byte == 0x5C {
                let kept = escapeLength(base, at: index, end: end)
                if kept > 0 {
                    for offset in 0..<kept { out.base[written &+ offset] = base[index &+ offset] }
                    written &+= kept
                    index &+= kept
                    continue
                }
                out.count = written
                out.reserve(stop &- index &+ 22)
                written = out.count
                if index &+ 1 >= end {
                    // A backslash that ends a string cut off: the backslash itself.
                    out.base[written] = 0x5C
                    out.base[written &+ 1] = 0x5C
                    written &+= 2
                    index &+= 1
                } else if base[index &+ 1] == 0x75 {
                    // `\u` without four hex digits (what follows stays), or a lone surrogate.
                    writeReplacement(out.base + written)
                    written &+= 3
                    index &+= JSONStringDecoder.hex4(base, at: index &+ 2, end: end) == nil ? 2 : 6
                } else {
                    // Any other escape stands for the character after the backslash.
                    index &+= 1
                }
                continue
            }
            if byte < 0x20 || byte == 0x7F {
                out.count = written
                out.reserve(stop &- index &+ 22)
                written = out.count &+ JSONEscape.writeEscape(byte, to: out.cursor)
                index &+= 1
                continue
            }
            if byte < 0x80 {
                out.base[written] = byte
                written &+= 1
                index &+= 1
                continue
            }
            let length = UTF8Check.validLength(base, at: index, end: end)
            if length == 0 {
                out.count = written
                out.reserve(stop &- index &+ 19)
                written = out.count
                writeReplacement(out.base + written)
                written &+= 3
                index &+= UTF8Check.scalar(base, at: index, end: end).length
            } else {
                for offset in 0..<length { out.base[written &+ offset] = base[index &+ offset] }
                written &+= length
                index &+= length
            }
        }
        out.count = written
        out.reserve(Swift.max(stop &- index, 0) &+ 16)
        return (index, false)
    }

    /// U+FFFD, the replacement character, in UTF-8.
    @inlinable @inline(__always)
    static func writeReplacement(_ target: UnsafeMutablePointer<UInt8>) {
        target[0] = 0xEF
        target[1] = 0xBF
        target[2] = 0xBD
    }

    /// The length of the escape at `index` (a backslash) when JSON allows it: 2, 6 for `\uXXXX`,
    /// 12 for a surrogate pair; 0 when it does not.
    @inlinable
    static func escapeLength(_ base: UnsafePointer<UInt8>, at index: Int, end: Int) -> Int {
        guard index &+ 1 < end else { return 0 }
        switch base[index &+ 1] {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
            return 2
        case 0x75:
            guard let scalar = JSONStringDecoder.hex4(base, at: index &+ 2, end: end) else { return 0 }
            switch scalar & 0xFC00 {
            case 0xD800:
                guard index &+ 12 <= end, base[index &+ 6] == 0x5C, base[index &+ 7] == 0x75,
                      let low = JSONStringDecoder.hex4(base, at: index &+ 8, end: end), low & 0xFC00 == 0xDC00 else { return 0 }
                return 12
            case 0xDC00:
                return 0
            default:
                return 6
            }
        default:
            return 0
        }
    }

    /// Whether `byte`, outside strings, starts a number or one of Python's words for numbers
    /// (`NaN`, `Infinity`, `-Infinity`).
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func startsNumber(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || byte == 0x2D || byte == 0x4E || byte == 0x49
    }

    /// Copies the number (or word for one) at `start`: as it is when JSON allows it, else as a
    /// string of its text (see the type's rules). Returns the offset after it. On return `out`
    /// has room for `stop - index + 16` more bytes (and at least 16).
    @inlinable
    @_spi(CrumbCodec) public static func copyNumber(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, stop: Int? = nil,
                                                    into out: inout ByteBuffer) -> Int {
        var index = start
        if base[index] == 0x2D { index &+= 1 }
        // A leading zero followed by a digit, or no digit at all (`NaN`, `-Infinity`).
        var valid = index < end && base[index] &- 0x30 < 10
        if valid, base[index] == 0x30, index &+ 1 < end, base[index &+ 1] &- 0x30 < 10 { valid = false }
        // The scanner accepted the token: it ends at the first byte no number or word holds.
        while index < end {
            let byte = base[index]
            guard byte &- 0x30 < 10 || byte == 0x2E || byte == 0x2B || byte == 0x2D || (byte | 0x20) &- 0x61 < 26 else { break }
            index &+= 1
        }
        let length = index &- start
        if length > longestNumber { valid = false }
        out.reserve(length &+ Swift.max((stop ?? end) &- index, 0) &+ 18)
        if valid {
            ByteBuffer.copy(base + start, length, to: out.cursor)
            out.count &+= length
        } else {
            out.base[out.count] = 0x22
            ByteBuffer.copy(base + start, length, to: out.cursor + 1)
            out.base[out.count &+ length &+ 1] = 0x22
            out.count &+= length &+ 2
        }
        return index
    }

    /// High bit set in the bytes of `word` that a string copy must look at: a quote, a
    /// backslash, a control character, DEL, or a non-ASCII byte. The lowest one is exact (a
    /// borrow can only flag bytes above a flagged one).
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func needsLook(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let highOrDEL = (word | ((word & ~highs) &+ ones)) & highs
        let control = (word &- ones &* 0x20) & ~word & highs
        let quoted = word ^ (ones &* 0x22)
        let backslashed = word ^ (ones &* 0x5C)
        let quote = (quoted &- ones) & ~quoted & highs
        let backslash = (backslashed &- ones) & ~backslashed & highs
        return highOrDEL | control | quote | backslash
    }
}
