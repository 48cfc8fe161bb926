/// Indents compact JSON the way Python's `json.dumps(indent=2)` does: one member per line,
/// `": "` after keys, empty `{}` and `[]` kept on one line. No recursion: depth is a counter.
enum PrettyJSON {
    /// Writes `compact` (output of `JSONCompactor`) starting at nesting level `indent`, without
    /// leading indentation or a trailing newline.
    static func write(_ compact: [UInt8], indent: Int, to out: inout [UInt8]) {
        var depth = indent
        var index = 0
        let count = compact.count
        func newline() {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: depth * 2))
        }
        while index < count {
            let byte = compact[index]
            switch byte {
            case 0x22:
                let start = index
                index += 1
                while index < count, compact[index] != 0x22 {
                    index += compact[index] == 0x5C ? 2 : 1
                }
                index = min(index + 1, count)
                out.append(contentsOf: compact[start..<index])
                continue
            case 0x7B, 0x5B:
                out.append(byte)
                if index + 1 < count, compact[index + 1] == byte + 2 {
                    out.append(byte + 2)
                    index += 2
                    continue
                }
                depth += 1
                newline()
            case 0x7D, 0x5D:
                depth -= 1
                newline()
                out.append(byte)
            case 0x2C:
                out.append(byte)
                newline()
            case 0x3A:
                out.append(contentsOf: [0x3A, 0x20])
            default:
                out.append(byte)
            }
            index += 1
        }
    }
}
