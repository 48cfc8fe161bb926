/// Checks UTF-8 sequences one at a time.
@_spi(CrumbCodec) public enum UTF8Check {
    /// The length of the valid UTF-8 sequence at `index` (1...4), or 0 when it is invalid.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func validLength(_ base: UnsafePointer<UInt8>, at index: Int, end: Int) -> Int {
        let lead = base[index]
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0x00..<0x80: return 1
        case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F); minimum = 0x80
        case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F); minimum = 0x800
        case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07); minimum = 0x10000
        default: return 0
        }
        guard end - index >= length else { return 0 }
        for offset in 1..<length {
            let next = base[index + offset]
            guard next & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, scalar & 0xFFFFF800 != 0xD800 else { return 0 }
        return length
    }

    /// The scalar at `index` and the bytes it takes, decoding as Swift's `String(decoding:as:)`
    /// repairs: an ill-formed sequence is one U+FFFD for its longest start that could still have
    /// become a valid sequence (the "maximal subpart", Unicode 3.9), or for one byte. `valid` is
    /// false for those.
    @inlinable
    @_spi(CrumbCodec) public static func scalar(_ base: UnsafePointer<UInt8>, at index: Int, end: Int) -> (value: UInt32, length: Int, valid: Bool) {
        let lead = base[index]
        if lead < 0x80 { return (UInt32(lead), 1, true) }
        // The second byte's range is narrower after some leads: that excludes overlong forms,
        // surrogates and scalars above U+10FFFF, so a sequence that completes is valid.
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0: length = 3; value = 0; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xED: length = 3; value = 0x0D; high = 0x9F
        case 0xF0: length = 4; value = 0; low = 0x90
        case 0xF1...0xF3: length = 4; value = UInt32(lead & 0x07)
        case 0xF4: length = 4; value = 4; high = 0x8F
        default: return (0xFFFD, 1, false)
        }
        guard index + 1 < end, base[index + 1] >= low, base[index + 1] <= high else { return (0xFFFD, 1, false) }
        value = value << 6 | UInt32(base[index + 1] & 0x3F)
        var offset = 2
        while offset < length {
            guard index + offset < end, base[index + offset] & 0xC0 == 0x80 else { return (0xFFFD, offset, false) }
            value = value << 6 | UInt32(base[index + offset] & 0x3F)
            offset += 1
        }
        return (value, length, true)
    }
}
