/// Indents JSON the way Python's `json.dumps(indent=2)` does: one member per line, `": "` after
/// keys, empty `{}` and `[]` kept on one line. No recursion: depth is a counter.
///
///     var out = ByteBuffer()
///     PrettyJSON.write(base, from: start, to: end, indent: 0, into: &out)
///
/// It reads any JSON the scanner accepted, spaced or not, and writes it as `JSONCompactor`
/// would compact it (strings repaired the same way, by the same code), then laid out.
@_spi(CrumbCodec) public enum PrettyJSON {
    /// Writes the value in `base[start..<end]` starting at nesting level `indent`, without
    /// leading indentation or a trailing newline.
    @inlinable
    @_spi(CrumbCodec) public static func write(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, indent: Int, into out: inout ByteBuffer) {
        var depth = indent
        var index = start
        // The compactor's room (the rest of the input and a word) plus a new line's indentation,
        // made again before each byte that adds one.
        out.reserve(end &- index &+ 2 &* depth &+ 48)
        while index < end {
            let byte = base[index]
            // Strings and spacing first: most bytes are theirs, and tests in this order are
            // predicted better than a jump table.
            if byte == 0x22 {
                index = JSONCompactor.copyString(base, from: index, to: end, into: &out)
                continue
            }
            if JSONCompactor.isSpace(byte) {
                index = JSONCompactor.skipSpaces(base, from: index, to: end)
                continue
            }
            switch byte {
            case 0x7B, 0x5B:
                let next = JSONCompactor.skipSpaces(base, from: index &+ 1, to: end)
                if next < end, base[next] == byte &+ 2 {
                    out.base[out.count] = byte
                    out.base[out.count &+ 1] = byte &+ 2
                    out.count &+= 2
                    index = next &+ 1
                    continue
                }
                depth &+= 1
                out.reserve(end &- index &+ 2 &* depth &+ 48)
                out.base[out.count] = byte
                out.count &+= 1
                newline(depth, &out)
            case 0x7D, 0x5D:
                depth = Swift.max(depth &- 1, 0)
                out.reserve(end &- index &+ 2 &* depth &+ 48)
                newline(depth, &out)
                out.base[out.count] = byte
                out.count &+= 1
            case 0x2C:
                out.reserve(end &- index &+ 2 &* depth &+ 48)
                out.base[out.count] = byte
                out.count &+= 1
                newline(depth, &out)
            case 0x3A:
                out.reserve(end &- index &+ 2 &* depth &+ 48)
                out.base[out.count] = 0x3A
                out.base[out.count &+ 1] = 0x20
                out.count &+= 2
            default:
                out.base[out.count] = byte
                out.count &+= 1
            }
            index &+= 1
        }
    }

    /// A line feed and `depth` levels of indentation, eight spaces at a store; the caller made
    /// room for them and a word more.
    @inlinable @inline(__always)
    static func newline(_ depth: Int, _ out: inout ByteBuffer) {
        let spaces: UInt64 = 0x2020_2020_2020_2020
        let target = UnsafeMutableRawPointer(out.cursor)
        target.storeBytes(of: 0x0A, as: UInt8.self)
        var offset = 0
        while offset < depth &* 2 {
            target.storeBytes(of: spaces, toByteOffset: 1 &+ offset, as: UInt64.self)
            offset &+= 8
        }
        out.count &+= 1 &+ depth &* 2
    }

    /// Writes `compact` (a value as `JSONCompactor` writes it) starting at nesting level
    /// `indent`, without leading indentation or a trailing newline.
    @_spi(CrumbCodec) public static func write(_ compact: [UInt8], indent: Int, to out: inout [UInt8]) {
        var buffer = ByteBuffer(capacity: compact.count * 2 + 64)
        compact.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            write(base, from: 0, to: bytes.count, indent: indent, into: &buffer)
        }
        buffer.withBytes { out.append(contentsOf: $0) }
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
        let end = arrayEnd(count: count)
        out.append(contentsOf: UnsafeBufferPointer(start: end.utf8Start, count: end.utf8CodeUnitCount))
    }

    @_spi(CrumbCodec) public static func arrayEnd(count: Int, into out: inout ByteBuffer) {
        out.append(arrayEnd(count: count))
    }

    static func arrayEnd(count: Int) -> StaticString { count == 0 ? "]" : "\n]" }
}
