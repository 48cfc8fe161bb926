import CrumbEngine

/// Text cut for the screen: a name or value of many megabytes shows its start, never all of it
/// (drawing takes a piece per character, and a frame is made on every key).
enum ShownText {
    /// The first `limit` bytes of `text`, whole characters only, and how many bytes are left out.
    static func prefix(_ text: String, limit: Int) -> (text: String, omitted: Int) {
        let utf8 = text.utf8
        guard utf8.count > limit else { return (text, 0) }
        var end = utf8.index(utf8.startIndex, offsetBy: limit)
        // Back to the start of a character: a UTF-8 continuation byte is 10xxxxxx.
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        let shown = String(decoding: utf8[..<end], as: UTF8.self)
        return (shown, utf8.count - shown.utf8.count)
    }

    /// `text` as the detail pane shows it: its first `limit` bytes, then how many more it has.
    static func pane(_ text: String, limit: Int) -> String {
        let cut = prefix(text, limit: limit)
        return cut.omitted == 0 ? text : cut.text + "… \(cut.omitted.grouped) more bytes"
    }

    /// `text` as a row shows it: its first `limit` bytes, then `…` when there is more.
    static func row(_ text: String, limit: Int) -> String {
        let cut = prefix(text, limit: limit)
        return cut.omitted == 0 ? text : cut.text + "…"
    }

    /// The start of an interned name, read from the table's bytes (no string of the whole).
    static func name<ID>(_ table: InternTable<ID>, _ id: ID, limit: Int) -> String {
        table.withBytes(id) { bytes in
            var count = min(bytes.count, limit)
            while count > 0, count < bytes.count, bytes[count] & 0xC0 == 0x80 { count -= 1 }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<count]), as: UTF8.self)
        }
    }
}
