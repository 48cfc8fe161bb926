import CStateCrumbs
@_spi(CrumbCodec) import CrumbCodec

/// Writing a field's key: `,"key":`, renamed when it clashes with a key of the crumb itself,
/// cut when too long, and followed by `"<redacted>"` when it names a secret.
///
/// Each thread keeps a small cache of how it writes each key (see `sc_key_entry`), checked
/// against the configuration's number, so that a key seen before costs a lookup rather than
/// an escape check, a reserved-key check and a scan for secrets. A literal key (``CrumbKey``)
/// is known by the address of its text; a short `String` key (up to 15 bytes) by its two words
/// (``StringWords``), which hold its bytes. Any other key goes the slow way every time.
extension _CrumbDraft {
    /// Writes `,"key":` for a key read in place (the `Any` overload's fields); false when the
    /// value is not to be written.
    @inline(__always)
    mutating func writeKey(at key: UnsafePointer<String>) -> Bool {
        let words = StringWords(at: UnsafeRawPointer(key))
        if let keep = writeSmallKey(words) { return keep }
        return writeKeyUncached(key.pointee)
    }

    /// Writes `,"key":` for a `String` key; false when the value is not to be written.
    mutating func writeKey(_ key: String) -> Bool {
        if let keep = writeSmallKey(StringWords(key)) { return keep }
        return writeKeyUncached(key)
    }

    /// Writes `,"key":` for a literal key, from the thread's key cache when it has the key.
    @inline(__always)
    mutating func writeKey(_ key: CrumbKey) -> Bool {
        guard key.text.hasPointerRepresentation else { return writeKey(key.description) }
        let address = UnsafeRawPointer(key.text.utf8Start)
        let count = key.text.utf8CodeUnitCount
        let bits = UInt64(UInt(bitPattern: address))
        let entry = entry(bits, 0, count: count)
        if entry.pointee.first != bits || entry.pointee.length != UInt32(count)
            || entry.pointee.generation != generation || entry.pointee.by_content != 0 {
            guard let redacted = judge(UnsafeBufferPointer(start: key.text.utf8Start, count: count)) else {
                return writeKeyUncached(key.description)
            }
            remember(entry, first: bits, last: 0, byContent: false, count: count, redacted: redacted)
        }
        // A key that does not fit whole here is cut the way the String path cuts it.
        guard count + 2 <= keyLimit else { return writeKeyUncached(key.description) }
        return writeJudged(address, count: count, entry)
    }

    /// Writes a small string's key through the cache, which knows it by its two words; nil
    /// for a key the cache does not take, or that does not fit whole here.
    @inline(__always)
    private mutating func writeSmallKey(_ words: StringWords) -> Bool? {
        guard words.isSmall else { return nil }
        let count = words.smallCount
        let entry = entry(words.first, words.second, count: count)
        if entry.pointee.first != words.first || entry.pointee.last != words.second
            || entry.pointee.generation != generation || entry.pointee.by_content != 1 {
            guard let redacted = words.withSmallBytes({ judge($0) }) else { return nil }
            remember(entry, first: words.first, last: words.second, byContent: true, count: count,
                     redacted: redacted)
        }
        guard count &+ 2 <= keyLimit else { return nil }
        // Room: keyLimit leaves the closing reserve and 20 more bytes after the key, beyond
        // the 18 that writing the words whole takes.
        writer.byte(UInt8(ascii: ","))
        writer.quoted(words)
        return writeColon(entry)
    }

    /// Writes a key the cache does not take: escaped, renamed or cut as need be.
    private mutating func writeKeyUncached(_ key: String) -> Bool {
        let limit = keyLimit
        writer.byte(UInt8(ascii: ","))
        Recorder.writeKey(key, limit: limit, into: &writer)
        writer.byte(UInt8(ascii: ":"))
        if recorder.redaction.redacts(key) {
            writer.raw("\"<redacted>\"")
            return false
        }
        return true
    }

    /// Writes `,"key":` (and `<redacted>`) for a key the cache has judged; false when the
    /// value is not to be written.
    @inline(__always)
    private mutating func writeJudged(
        _ bytes: UnsafeRawPointer, count: Int, _ entry: UnsafeMutablePointer<sc_key_entry>
    ) -> Bool {
        writer.byte(UInt8(ascii: ","))
        writer.quotedClean(bytes, count: count)
        return writeColon(entry)
    }

    /// Writes the `:` after a judged key, and `"<redacted>"` for a secret; false when the
    /// value is not to be written.
    @inline(__always)
    private mutating func writeColon(_ entry: UnsafeMutablePointer<sc_key_entry>) -> Bool {
        writer.byte(UInt8(ascii: ":"))
        if entry.pointee.redacted != 0 {
            writer.raw("\"<redacted>\"")
            return false
        }
        return true
    }

    /// The cache entry for a key with this identity.
    @inline(__always)
    private func entry(_ first: UInt64, _ last: UInt64, count: Int) -> UnsafeMutablePointer<sc_key_entry> {
        let mixed = (first ^ last &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
        // The top bits, as many as index the table.
        let bits = UInt64(64 - Int(SC_KEY_CACHE_SIZE).trailingZeroBitCount)
        return info!.pointee.keys + Int(truncatingIfNeeded: mixed >> bits)
    }

    /// Decides how a key is written: whether its value is a secret, or nil for a key the cache
    /// does not take (one to escape or rename, empty, or longer than a key may be), which goes
    /// the slow way every time. A key is kept whole when it fits with its quotes, as the String
    /// path does.
    private func judge(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count > 0, bytes.count + 2 <= limits.keyBytes, !JSONEscape.needsEscape(bytes),
              ReservedKey.named(bytes) == nil else { return nil }
        return recorder.redaction.redacts(bytes)
    }

    /// Fills a cache entry. The generation goes last and is cleared first, so the entry never
    /// pairs one key's identity with another's judgement, even seen half-written (from a crumb
    /// that interrupts this one on the same thread).
    @inline(__always)
    private func remember(
        _ entry: UnsafeMutablePointer<sc_key_entry>, first: UInt64, last: UInt64, byContent: Bool,
        count: Int, redacted: Bool
    ) {
        entry.pointee.generation = 0
        entry.pointee.first = first
        entry.pointee.last = last
        entry.pointee.by_content = byContent ? 1 : 0
        entry.pointee.length = UInt32(count)
        entry.pointee.redacted = redacted ? 1 : 0
        entry.pointee.generation = generation
    }
}
