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

        /// `word` is already lowercased.
        init(_ word: String) {
            self.word = word
            bytes = Array(word.utf8)
            ascii = bytes.allSatisfy { $0 < 0x80 }
        }
    }

    /// Plain ASCII words are searched in the crumb's bytes directly; a crumb with escapes or a
    /// word with other letters is decoded first.
    static func contains(_ store: CrumbStore, _ crumb: Int, _ needle: Needle) -> Bool {
        if needle.bytes.isEmpty { return true }
        let direct: Bool? = store.withBytes(of: crumb) { raw in
            guard needle.ascii, let base = raw.baseAddress, memchr(base, 0x5C, raw.count) == nil else { return nil }
            return search(raw, needle.bytes)
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

    /// ASCII case-insensitive search of a lowercase ASCII needle. Candidate starts are found
    /// with memchr (both cases of the first byte), which skips most bytes many at a time.
    static func search(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        let count = haystack.count, length = needle.count
        guard length <= count, let base = haystack.baseAddress else { return false }
        let first = needle[0]
        let upper = first &- 0x61 < 26 ? first & ~0x20 : first
        var start = 0
        while start + length <= count {
            let remaining = count - start - length + 1
            let lowerHit = memchr(base + start, Int32(first), remaining)
            let upperHit = upper == first ? nil : memchr(base + start, Int32(upper), remaining)
            let hit: UnsafeMutableRawPointer
            switch (lowerHit, upperHit) {
            case (nil, nil): return false
            case (let a?, nil): hit = a
            case (nil, let b?): hit = b
            case (let a?, let b?): hit = min(a, b)
            }
            let position = UnsafeRawPointer(hit) - base
            var offset = 1
            while offset < length, lower(haystack[position + offset]) == needle[offset] { offset += 1 }
            if offset == length { return true }
            start = position + 1
        }
        return false
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }
}
