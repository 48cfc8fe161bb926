@_spi(CrumbCodec) import CrumbCodec

/// The bare-word terms: a case-insensitive substring anywhere in the crumb's JSON text, with its
/// strings' escapes decoded (`caf\u00e9` is found by `café`, `say \"hi\"` by `"hi"`).
///
/// Linear in the crumb's length whatever it holds: one ``ByteSearch`` over its bytes per word,
/// after one pass that decodes the escapes when it has any and one that lowercases it when a
/// word has letters other than ASCII (ASCII words ignore ASCII case byte by byte). Those passes
/// are made once per crumb, however many words are looked for in it.
final class CrumbTextSearch {
    /// A word prepared once per filter (not once per crumb).
    struct Needle {
        /// The search for the lowercased word: ignoring ASCII case for an ASCII word, exact for
        /// another (whose haystack is lowercased first).
        let search: ByteSearch
        let ascii: Bool

        /// `word` is already lowercased.
        init(_ word: String) {
            let bytes = Array(word.utf8)
            ascii = bytes.allSatisfy { $0 < 0x80 }
            search = ByteSearch(bytes, ignoringASCIICase: ascii)
        }
    }

    /// The words looked for.
    let needles: [Needle]
    /// The crumb the fields below describe, and the input its bytes are in.
    private var crumb = -1
    private var source: CrumbSource?
    /// Its bytes (in `source`, which keeps them where they are).
    private var raw = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Its bytes with the escapes decoded, when it has escapes (its parts, when it repeats a key).
    private var escaped = false
    private var decoded: [UInt8] = []
    /// Its text lowercased, once a word with other letters asked for it.
    private var lowered: [UInt8]?

    /// `words` are already lowercased.
    init(_ words: [String]) {
        needles = words.map(Needle.init)
    }

    /// Whether `crumb` holds word `index`; `work` counts the bytes looked at.
    func contains(_ store: CrumbStore, _ crumb: Int, word index: Int, work: inout Int) -> Bool {
        if needles[index].search.count == 0 { return true }
        if crumb != self.crumb { read(store, crumb, work: &work) }
        if needles[index].ascii {
            if !escaped { return needles[index].search.occurs(in: raw, work: &work) }
            return decoded.withUnsafeBytes { needles[index].search.occurs(in: $0, work: &work) }
        }
        if lowered == nil {
            let text = escaped ? String(decoding: decoded, as: UTF8.self) : String(decoding: raw, as: UTF8.self)
            lowered = Array(text.lowercased().utf8)
            work &+= raw.count
        }
        return lowered!.withUnsafeBytes { needles[index].search.occurs(in: $0, work: &work) }
    }

    /// Takes `crumb` as the one searched, decoding its escapes if it has any.
    private func read(_ store: CrumbStore, _ crumb: Int, work: inout Int) {
        let (source, offset, length) = store.location(of: crumb)
        self.crumb = crumb
        self.source = source
        lowered = nil
        let base = source.base + offset
        raw = UnsafeRawBufferPointer(start: base, count: length)
        work &+= length
        if store.repeatsKeys(crumb) {
            // Its bytes hold values the crumb does not (a repeated key's earlier ones): search
            // what it holds, one part per line.
            let whole = store.crumb(at: crumb)
            var parts = [whole.event, whole.timestamp, whole.thread].compactMap { $0 }
            for entry in whole.context + whole.fields {
                parts.append(entry.key)
                parts.append(entry.value.text)
            }
            decoded = Array(parts.joined(separator: "\n").utf8)
            escaped = true
            work &+= decoded.count
            return
        }
        escaped = findByte(0x5C, in: base, from: 0, to: length) < length
        if escaped {
            JSONStringDecoder.decode(base, from: 0, to: length, into: &decoded)
            work &+= length
        }
    }
}
