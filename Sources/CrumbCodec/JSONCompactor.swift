/// Rewrites a JSON value as compact JSON: no whitespace between tokens, raw control characters
/// (and DEL) in strings escaped, invalid UTF-8 replaced by U+FFFD, one per byte. Key order and
/// the text of numbers and escapes are kept exactly, so a crumb written back reads the same; an
/// escape is two bytes kept as they are, so a backslash followed by a raw byte (which no valid
/// JSON has) keeps that byte.
///
///     var out = ByteBuffer()
///     JSONCompactor.compact(base, from: start, to: end, into: &out)   // {"event":"start","n":1}
///
/// It is a single pass with no stack; it assumes the scanner already accepted the value. Strings
/// are copied eight bytes at a time up to the next byte that needs a look (a quote, a backslash,
/// a control character, DEL or a non-ASCII byte), stored as they are read.
@_spi(CrumbCodec) public enum JSONCompactor {
    @inlinable
    @_spi(CrumbCodec) public static func compact(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout ByteBuffer) {
        // Room for the input and a word's slack; only escapes grow the text, and they make
        // their own room (see `copyString`).
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

    /// Appends the compact form to an array (for callers that keep one).
    @inlinable
    @_spi(CrumbCodec) public static func compact(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) {
        // Most such values are numbers and words: nothing to change, so no buffer is made.
        var index = start
        while index < end, base[index] != 0x22, !isSpace(base[index]) { index &+= 1 }
        if index == end {
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
        var written = out.count
        out.base[written] = 0x22
        written &+= 1
        var index = start &+ 1
        while true {
            // A whole word is stored before it is looked at: the bytes up to the first one that
            // needs a look are kept, the rest are written over. The room covers the word.
            while index &+ 8 <= end {
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
            guard index < end else { break }
            let byte = base[index]
            if byte == 0x22 {
                out.base[written] = 0x22
                out.count = written &+ 1
                return index &+ 1
            }
            if byte == 0x5C {
                // An escape is kept as it is, with the byte it escapes.
                out.base[written] = byte
                written &+= 1
                index &+= 1
                if index < end {
                    out.base[written] = base[index]
                    written &+= 1
                    index &+= 1
                }
                continue
            }
            if byte < 0x20 || byte == 0x7F {
                out.count = written
                out.reserve(end &- index &+ 22)
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
                out.reserve(end &- index &+ 19)
                written = out.count
                out.base[written] = 0xEF
                out.base[written &+ 1] = 0xBF
                out.base[written &+ 2] = 0xBD
                written &+= 3
                index &+= 1
            } else {
                for offset in 0..<length { out.base[written &+ offset] = base[index &+ offset] }
                written &+= length
                index &+= length
            }
        }
        out.base[written] = 0x22
        out.count = written &+ 1
        return end
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
