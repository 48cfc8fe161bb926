#if canImport(Glibc)
import Glibc
#endif

/// The bare-word term: a case-insensitive substring anywhere in the crumb.
enum CrumbTextSearch {
    /// A word prepared once per filter (not once per crumb): its lowercase bytes and whether the
    /// fast path (plain ASCII, searched in the crumb's raw bytes) applies.
    struct Needle {
        let word: String
        let bytes: [UInt8]
        let ascii: Bool
        /// The byte searched for first (see ``rarestIndex(_:)``).
        let anchor: Int

        /// `word` is already lowercased.
        init(_ word: String) {
            self.word = word
            bytes = Array(word.utf8)
            ascii = bytes.allSatisfy { $0 < 0x80 }
            anchor = bytes.isEmpty ? 0 : CrumbTextSearch.rarestIndex(bytes)
        }
    }

    /// Plain ASCII words are searched in the crumb's bytes directly; a crumb with escapes or
    /// repeated keys (whose bytes hold values the crumb does not), or a word with other letters,
    /// is decoded first.
    static func contains(_ store: CrumbStore, _ crumb: Int, _ needle: Needle) -> Bool {
        if needle.bytes.isEmpty { return true }
        let direct: Bool? = store.withBytes(of: crumb) { raw in
            guard needle.ascii, let base = raw.baseAddress, memchr(base, 0x5C, raw.count) == nil, !store.repeatsKeys(crumb) else { return nil }
            return search(raw, needle.bytes, anchor: needle.anchor)
        }
        if let direct { return direct }
        let decoded = store.crumb(at: crumb)
        var parts = [decoded.event, decoded.timestamp, decoded.thread].compactMap { $0 }
        for entry in decoded.context + decoded.fields {
            parts.append(entry.key)
            parts.append(entry.value.text)
        }
        return parts.contains { $0.lowercased().contains(needle.word) }
    }

    /// ASCII case-insensitive search of a lowercase ASCII needle. Candidates are found with
    /// memchr (both cases) on the needle's rarest byte, which skips most of the crumb many bytes
    /// at a time; each candidate is then checked whole.
    static func search(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8], anchor: Int) -> Bool {
        let count = haystack.count, length = needle.count
        guard length <= count, let base = haystack.baseAddress else { return false }
        let lowerByte = needle[anchor]
        let upperByte = lowerByte &- 0x61 < 26 ? lowerByte & ~0x20 : lowerByte
        // Positions of the anchor byte that leave room for the needle around it.
        var position = anchor
        let last = count - length + anchor
        while position <= last {
            let remaining = last - position + 1
            let lowerHit = memchr(base + position, Int32(lowerByte), remaining)
            let upperHit = upperByte == lowerByte ? nil : memchr(base + position, Int32(upperByte), remaining)
            let hit: UnsafeMutableRawPointer
            switch (lowerHit, upperHit) {
            case (nil, nil): return false
            case (let a?, nil): hit = a
            case (nil, let b?): hit = b
            case (let a?, let b?): hit = min(a, b)
            }
            let found = UnsafeRawPointer(hit) - base
            let start = found - anchor
            var offset = 0
            while offset < length, lower(haystack[start + offset]) == needle[offset] { offset += 1 }
            if offset == length { return true }
            position = found + 1
        }
        return false
    }

    /// The index of the needle's byte least likely to appear in a crumb (letters by English
    /// frequency; digits, quotes and JSON punctuation count as common).
    static func rarestIndex(_ needle: [UInt8]) -> Int {
        let common: [UInt8] = Array(#"": ,{}-.0123456789etaoinshrdlcumwfgypbvkjxqz"#.utf8)
        var best = 0, bestRank = -1
        for (index, byte) in needle.enumerated() {
            let rank = common.firstIndex(of: byte) ?? common.count  // not listed: rarest
            if rank > bestRank { best = index; bestRank = rank }
        }
        return best
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }
}
