/// Indents JSON the way Python's `json.dumps(indent=2)` does: one member per line, `": "` after
/// keys, empty `{}` and `[]` kept on one line; down to ``indentedLevels`` levels. A list or
/// object that opens deeper than that is written compact, on the line where it starts, so no
/// line is indented by more than twice that many spaces and the output grows in proportion to
/// the input whatever its depth (indenting every level of a value nested 10,000 deep would
/// write 200 MB). No recursion: the depth is a counter.
///
///     var out = ByteBuffer()
///     PrettyJSON.write(base, from: start, to: end, indent: 0, into: &out)
///
/// It reads any JSON the scanner accepted, spaced or not, and writes it as `JSONCompactor`
/// would compact it (strings and numbers repaired the same way, by the same code), then laid
/// out. A writer can also be kept and called again (``write(_:into:limit:)``), so that a value
/// of any size goes out in pieces of about `limit` bytes.
@_spi(CrumbCodec) public struct PrettyJSON {
    /// Levels laid out one member per line, the caller's `indent` included.
    @_spi(CrumbCodec) public static let indentedLevels = 32

    /// The input still to write starts here.
    @_spi(CrumbCodec) public var position: Int
    @_spi(CrumbCodec) public let end: Int
    /// Lists and objects open, the caller's `indent` included, up to the one written compact.
    @usableFromInline var depth: Int
    /// Lists and objects open inside the one written compact; 0 while laying out.
    @usableFromInline var compactDepth = 0
    @usableFromInline let levels: Int
    /// The last call stopped inside a string.
    @usableFromInline var inString = false

    /// A writer of the value in `start..<end`, starting at nesting level `indent`, without
    /// leading indentation or a trailing newline. With `levels` 0 it writes compact JSON, the
    /// same bytes as `JSONCompactor`.
    @inlinable
    @_spi(CrumbCodec) public init(from start: Int, to end: Int, indent: Int, levels: Int = PrettyJSON.indentedLevels) {
        position = start
        self.end = end
        depth = indent
        self.levels = levels
    }

    /// Whether the whole value is written.
    @inlinable @_spi(CrumbCodec) public var isDone: Bool { position >= end && !inString }

    /// Input looked at between two checks of `limit`: the room made ahead is this and a line's
    /// indentation, not the rest of the input.
    @inlinable @_spi(CrumbCodec) public static var window: Int { 1 << 14 }

    /// Writes the value in `base[start..<end]` whole.
    @inlinable
    @_spi(CrumbCodec) public static func write(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, indent: Int,
                                               into out: inout ByteBuffer) {
        var writer = PrettyJSON(from: start, to: end, indent: indent)
        writer.write(base, into: &out)
    }

    /// Writes on until the value ends or `out` holds at least `limit` bytes (looked at every
    /// ``window`` bytes of input or so).
    @inlinable
    @_spi(CrumbCodec) public mutating func write(_ base: UnsafePointer<UInt8>, into out: inout ByteBuffer, limit: Int = .max) {
        while position < end {
            let stop = end &- position > Self.window ? position &+ Self.window : end
            // The room every step below counts on: the window's bytes and a line's indentation.
            out.reserve(stop &- position &+ 2 &* depth &+ 48)
            if inString {
                let part = JSONCompactor.copyStringPart(base, from: position, to: end, stop: stop, into: &out)
                position = part.index
                inString = !part.closed
            }
            if !inString { writeTokens(base, stop: stop, into: &out) }
            if out.count >= limit { return }
        }
        if inString {
            // A string cut off by the end is closed, as the compactor closes it.
            out.append(0x22)
            inString = false
        }
    }

    /// The tokens from `position` up to `stop` (the last one may end past it).
    @inlinable
    mutating func writeTokens(_ base: UnsafePointer<UInt8>, stop: Int, into out: inout ByteBuffer) {
        // The state in locals while the loop runs (registers, not stores through `self`).
        var index = position, depth = depth, compactDepth = compactDepth
        defer {
            position = index
            self.depth = depth
            self.compactDepth = compactDepth
        }
        while index < stop {
            let byte = base[index]
            // Strings and spacing first: most bytes are theirs, and tests in this order are
            // predicted better than a jump table.
            if byte == 0x22 {
                out.base[out.count] = 0x22
                out.count &+= 1
                let part = JSONCompactor.copyStringPart(base, from: index &+ 1, to: end, stop: stop, into: &out)
                index = part.index
                if !part.closed {
                    inString = true
                    return
                }
                continue
            }
            if JSONCompactor.isSpace(byte) {
                index = JSONCompactor.skipSpaces(base, from: index, to: stop)
                continue
            }
            if JSONCompactor.startsNumber(byte) {
                index = JSONCompactor.copyNumber(base, from: index, to: end, stop: stop, into: &out)
                continue
            }
            if compactDepth > 0 {
                switch byte {
                case 0x7B, 0x5B: compactDepth &+= 1
                case 0x7D, 0x5D: compactDepth &-= 1
                default: break
                }
                out.base[out.count] = byte
                out.count &+= 1
                index &+= 1
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
                out.base[out.count] = byte
                out.count &+= 1
                if depth >= levels {
                    compactDepth = 1
                } else {
                    depth &+= 1
                    out.reserve(stop &- index &+ 2 &* depth &+ 48)
                    Self.newline(depth, &out)
                }
            case 0x7D, 0x5D:
                depth = Swift.max(depth &- 1, 0)
                out.reserve(stop &- index &+ 2 &* depth &+ 48)
                Self.newline(depth, &out)
                out.base[out.count] = byte
                out.count &+= 1
            case 0x2C:
                out.reserve(stop &- index &+ 2 &* depth &+ 48)
                out.base[out.count] = byte
                out.count &+= 1
                Self.newline(depth, &out)
            case 0x3A:
                out.reserve(stop &- index &+ 2 &* depth &+ 48)
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
