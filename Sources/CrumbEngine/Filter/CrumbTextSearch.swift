/// The bare-word term: a case-insensitive substring anywhere in the crumb.
enum CrumbTextSearch {
    /// `word` is already lowercased. Plain ASCII words are searched in the crumb's bytes directly;
    /// a crumb with escapes or a word with other letters is decoded first.
    static func contains(_ store: CrumbStore, _ crumb: Int, _ word: String) -> Bool {
        if word.isEmpty { return true }
        let needle = Array(word.utf8)
        let ascii = needle.allSatisfy { $0 < 0x80 }
        let direct: Bool? = store.withBytes(of: crumb) { raw in
            if ascii, !raw.contains(0x5C) { return search(raw, needle) }
            return nil
        }
        if let direct { return direct }
        let decoded = store.crumb(at: crumb)
        var parts = [decoded.event, decoded.timestamp, decoded.thread].compactMap { $0 }
        for entry in decoded.context + decoded.fields {
            parts.append(entry.key)
            parts.append(entry.value.text)
        }
        return parts.contains { $0.lowercased().contains(word) }
    }

    /// ASCII case-insensitive search of a lowercase ASCII needle.
    static func search(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        let count = haystack.count, length = needle.count
        guard length <= count else { return false }
        let first = needle[0]
        var start = 0
        while start + length <= count {
            if lower(haystack[start]) == first {
                var offset = 1
                while offset < length, lower(haystack[start + offset]) == needle[offset] { offset += 1 }
                if offset == length { return true }
            }
            start += 1
        }
        return false
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }
}
