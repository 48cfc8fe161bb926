/// Indents compact JSON the way Python's `json.dumps(indent=2)` does: one member per line,
/// `": "` after keys, empty `{}` and `[]` kept on one line. No recursion: depth is a counter.
@_spi(CrumbCodec) public enum PrettyJSON {
    /// Writes `compact` (output of `JSONCompactor`) starting at nesting level `indent`, without
    /// leading indentation or a trailing newline.
    @_spi(CrumbCodec) public static func write(_ compact: [UInt8], indent: Int, to out: inout [UInt8]) {
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

extension PrettyJSON {
    /// A dump's array, as Python's `json.dumps(crumbs, indent=2)` lays it out (and as the crash
    /// path's C writer does, byte for byte): `[`, each crumb on its own lines indented by two
    /// spaces, separated by commas, then `]` on its own line (`[]` when empty).
    @_spi(CrumbCodec) public static func arrayStart(to out: inout [UInt8]) { out.append(0x5B) }

    /// Element `index` (from 0) of the array: `compact` is the crumb's compact JSON.
    @_spi(CrumbCodec) public static func arrayElement(_ compact: [UInt8], index: Int, to out: inout [UInt8]) {
        out.append(contentsOf: index == 0 ? [0x0A, 0x20, 0x20] : [0x2C, 0x0A, 0x20, 0x20])
        write(compact, indent: 1, to: &out)
    }

    /// Closes an array of `count` elements (no newline after the `]`).
    @_spi(CrumbCodec) public static func arrayEnd(count: Int, to out: inout [UInt8]) {
        out.append(contentsOf: count == 0 ? [0x5D] : [0x0A, 0x5D])
    }
}
