#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("CrumbCodec supports Linux with glibc (x86_64 and arm64)")
#endif

// The scanner works on mapped bytes with libc's memchr and memcmp; these wrappers keep the
// platform import in one file.

/// Whether `count` bytes at `a` and `b` are the same.
@inlinable @inline(__always)
@_spi(CrumbCodec) public func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    Glibc.memcmp(a, b, count) == 0
}

/// Offset of the first `byte` in `base[from..<to]`, or `to`.
@inlinable @inline(__always)
@_spi(CrumbCodec) public func findByte(_ byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
    guard from < to else { return to }
    guard let hit = memchr(base + from, Int32(byte), to - from) else { return to }
    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
}

/// The one search for a run of bytes in other bytes, prepared once for a needle and linear in
/// the haystack whatever both hold: O(n + m) for a haystack of n bytes and a needle of m.
///
/// Most haystacks are searched many bytes at a time: `memchr` finds the needle's rarest byte
/// (both cases of it when case is ignored), and each place it is found is checked whole. A
/// haystack built against that (the rare byte on every position, a near-match at each) would
/// make the checks cost n × m; once they have cost more than twice the bytes passed, the rest
/// is searched with Knuth–Morris–Pratt, which looks at each byte at most twice.
///
/// ```swift
/// let search = ByteSearch(Array("timeout".utf8), ignoringASCIICase: true)
/// let found = search.firstIndex(in: base, from: 0, to: count)  // "TimeOut" too
/// ```
///
/// A class holding its needle in memory of its own, so that searching takes no reference
/// counting per call (`@unchecked Sendable`: nothing in it changes after `init`).
@_spi(CrumbCodec) public final class ByteSearch: @unchecked Sendable {
    /// The needle (lowercase when case is ignored), and its length.
    private let needle: UnsafeMutableBufferPointer<UInt8>
    @_spi(CrumbCodec) public var count: Int { needle.count }
    /// Whether `A`–`Z` in the haystack match `a`–`z` in the needle.
    @_spi(CrumbCodec) public let ignoresASCIICase: Bool
    /// The needle's byte looked for first, and its two cases.
    private let anchor: Int
    private let lowerAnchor: UInt8
    private let upperAnchor: UInt8
    /// Knuth–Morris–Pratt: `borders[i]` is the length of the longest proper prefix of
    /// `needle[0...i]` that is also its suffix.
    private let borders: UnsafeMutableBufferPointer<Int32>

    /// Prepares a search for `needle`; with `ignoringASCIICase`, ASCII letters match in either
    /// case (the needle is lowercased here).
    @_spi(CrumbCodec) public init(_ needle: [UInt8], ignoringASCIICase: Bool = false) {
        let bytes = ignoringASCIICase ? needle.map(Self.lower) : needle
        self.needle = .allocate(capacity: bytes.count)
        _ = self.needle.initialize(from: bytes)
        ignoresASCIICase = ignoringASCIICase
        anchor = bytes.isEmpty ? 0 : Self.rarestIndex(bytes)
        lowerAnchor = bytes.isEmpty ? 0 : bytes[anchor]
        upperAnchor = ignoringASCIICase && lowerAnchor &- 0x61 < 26 ? lowerAnchor & ~0x20 : lowerAnchor
        let borders = Self.borders(bytes)
        self.borders = .allocate(capacity: borders.count)
        _ = self.borders.initialize(from: borders)
    }

    deinit {
        needle.deallocate()
        borders.deallocate()
    }

    /// The offset of the first occurrence in `base[start..<end]`, or nil.
    @_spi(CrumbCodec) public func firstIndex(in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var work = 0
        return firstIndex(in: base, from: start, to: end, work: &work)
    }

    /// Whether the needle occurs in `haystack`.
    @_spi(CrumbCodec) public func occurs(in haystack: UnsafeRawBufferPointer, work: inout Int) -> Bool {
        guard let base = haystack.baseAddress else { return needle.isEmpty }
        return firstIndex(in: base.assumingMemoryBound(to: UInt8.self), from: 0, to: haystack.count, work: &work) != nil
    }

    /// The same, adding to `work` the bytes looked at (what tests hold to the haystack's size).
    @_spi(CrumbCodec) public func firstIndex(in base: UnsafePointer<UInt8>, from start: Int, to end: Int, work: inout Int) -> Int? {
        let length = needle.count
        if length == 0 { return start }
        guard end - start >= length else { return nil }
        // Where the anchor byte can be with the needle still inside the haystack.
        var position = start + anchor
        let anchorEnd = end - length + anchor + 1
        // The next place of each case of the anchor at or after `position`: memchr runs again
        // only once the search has passed it, so each case is scanned once over the haystack.
        var nextLower = start - 1
        var nextUpper = upperAnchor == lowerAnchor ? anchorEnd : start - 1
        var checked = 0
        while position < anchorEnd {
            if nextLower < position {
                nextLower = findByte(lowerAnchor, in: base, from: position, to: anchorEnd)
                work &+= nextLower - position + 1
            }
            if nextUpper < position {
                nextUpper = findByte(upperAnchor, in: base, from: position, to: anchorEnd)
                work &+= nextUpper - position + 1
            }
            let found = min(nextLower, nextUpper)
            if found >= anchorEnd { return nil }
            let candidate = found - anchor
            if checked > 2 * (candidate - start) + 2 * length {
                return knuthMorrisPratt(base, from: candidate, to: end, work: &work)
            }
            var offset = 0
            if ignoresASCIICase {
                while offset < length, Self.lower(base[candidate + offset]) == needle[offset] { offset += 1 }
            } else {
                while offset < length, base[candidate + offset] == needle[offset] { offset += 1 }
            }
            checked += offset + 1
            work &+= offset + 1
            if offset == length { return candidate }
            position = found + 1
        }
        return nil
    }

    /// Knuth–Morris–Pratt from `start`: each haystack byte is read once, and the needle falls
    /// back along its borders at most as often as it advanced.
    private func knuthMorrisPratt(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, work: inout Int) -> Int? {
        let length = needle.count
        var matched = 0
        var index = start
        while index < end {
            let byte = ignoresASCIICase ? Self.lower(base[index]) : base[index]
            while matched > 0, needle[matched] != byte {
                matched = Int(borders[matched - 1])
                work &+= 1
            }
            if needle[matched] == byte { matched += 1 }
            work &+= 1
            index += 1
            if matched == length { return index - length }
        }
        return nil
    }

    static func borders(_ needle: [UInt8]) -> [Int32] {
        var borders = [Int32](repeating: 0, count: needle.count)
        var length = 0
        for index in needle.indices.dropFirst() {
            while length > 0, needle[index] != needle[length] { length = Int(borders[length - 1]) }
            if needle[index] == needle[length] { length += 1 }
            borders[index] = Int32(length)
        }
        return borders
    }

    /// The index of the needle's byte least likely to appear in a crumb (letters by English
    /// frequency; digits, quotes and JSON punctuation count as common).
    static func rarestIndex(_ needle: [UInt8]) -> Int {
        let common: [UInt8] = Array(#"": ,{}-.0123456789etaoinshrdlcumwfgypbvkjxqz"#.utf8)
        var best = 0, bestRank = -1
        for (index, byte) in needle.enumerated() {
            let rank = common.firstIndex(of: lower(byte)) ?? common.count  // not listed: rarest
            if rank > bestRank { best = index; bestRank = rank }
        }
        return best
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }
}
