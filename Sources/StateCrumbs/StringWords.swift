@_spi(CrumbCodec) import CrumbCodec

/// A `String`'s two words, as the standard library lays a string out on 64-bit platforms
/// (`StringObject.swift`): a string of up to 15 UTF-8 bytes, a "small" one, holds its bytes in
/// the words themselves, in order from the first byte of the first word, with bit 61 of the
/// second word set and the count in the low four bits of its top byte.
///
/// Read this way, a short key or value is taken without a call, a copy or a retain, and the
/// two words are the whole string, so they also serve as its identity in the key cache.
/// Any other string (longer, or stored elsewhere) goes through `String`'s own API.
struct StringWords {
    var first: UInt64
    var second: UInt64

    /// The words of the string at `address` (a `String` in place, not copied).
    @inline(__always)
    init(at address: UnsafeRawPointer) {
        first = address.load(as: UInt64.self)
        second = address.load(fromByteOffset: 8, as: UInt64.self)
    }

    @inline(__always)
    init(_ string: String) {
        (first, second) = unsafeBitCast(string, to: (UInt64, UInt64).self)
    }

    /// Whether the bytes are in the words.
    @inline(__always)
    var isSmall: Bool { second & (1 << 61) != 0 }

    /// The count of a small string's bytes.
    @inline(__always)
    var smallCount: Int { Int(truncatingIfNeeded: second >> 56) & 0xF }

    /// Whether a small string has a byte that JSON escapes (checked on the words, the bytes
    /// past the count taken as a letter).
    @inline(__always)
    var needsEscape: Bool {
        let n = smallCount
        let letters: UInt64 = 0x4141_4141_4141_4141
        // Smart shifts: a shift by 64 gives 0, so a mask of all ones for a full word.
        let firstMask = (1 as UInt64) << (Swift.min(n, 8) &* 8) &- 1
        if JSONEscape.needsEscape(word: first & firstMask | letters & ~firstMask) { return true }
        // Most events, keys and values fit in the first word: the second is then only the count.
        guard n > 8 else { return false }
        let secondMask = (1 as UInt64) << ((n &- 8) &* 8) &- 1
        return JSONEscape.needsEscape(word: second & secondMask | letters & ~secondMask)
    }

    /// Calls `body` with a small string's bytes (a copy of the words on the stack).
    @inline(__always)
    func withSmallBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var words = self
        return withUnsafeBytes(of: &words) { raw in
            raw.withMemoryRebound(to: UInt8.self) { bytes in
                body(UnsafeBufferPointer(rebasing: bytes[..<smallCount]))
            }
        }
    }
}

// The layout above is the one of 64-bit little-endian platforms, the only ones StateCrumbs
// builds for (x86_64 and arm64, with glibc).
#if !(arch(x86_64) || arch(arm64))
#error("StringWords reads the 64-bit layout of String")
#endif
