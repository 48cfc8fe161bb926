@_spi(CrumbCodec) import CrumbCodec

/// Pretty JSON for the viewer's detail pane.
public enum JSONText {
    /// `text` indented like Python's `json.dumps(indent=2)` when it is one JSON object or array
    /// (keys in their order), down to `PrettyJSON.indentedLevels` levels; nil for anything else,
    /// including broken JSON. With `partial`, `text` is the start of one (a value cut short for
    /// the pane): laid out as far as it goes.
    public static func pretty(_ text: String, partial: Bool = false) -> String? {
        var utf8 = Array(text.utf8)
        guard let first = utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }),
              first == 0x7B || first == 0x5B else { return nil }
        utf8.append(0)
        return utf8.withUnsafeBufferPointer { buffer -> String? in
            let base = buffer.baseAddress!
            let end = buffer.count - 1
            var scanner = JSONScanner(base: base, position: 0, end: end)
            scanner.skipSpace()
            let start = scanner.position
            var valueEnd = end
            if !partial {
                guard scanner.skipValue() else { return nil }
                valueEnd = scanner.position
                scanner.skipSpace()
                guard scanner.atEnd else { return nil }
            }
            var compact: [UInt8] = []
            JSONCompactor.compact(base, from: start, to: valueEnd, into: &compact)
            var out: [UInt8] = []
            PrettyJSON.write(compact, indent: 0, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }
}
