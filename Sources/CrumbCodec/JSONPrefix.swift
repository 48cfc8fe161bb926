/// Where to cut a long JSON text so that what comes before stands on its own as text: never in
/// the middle of a UTF-8 sequence or of an escape in a string. The viewer shows such a prefix of
/// a huge value, with how many bytes are left out.
///
///     let cut = JSONPrefix.cut(base, from: start, to: end, limit: 32 << 10, inString: false)
@_spi(CrumbCodec) public enum JSONPrefix {
    /// The largest offset at most `limit` bytes after `start` (and at most `end`) that splits
    /// nothing. `inString` says whether `start` is inside a string (the contents of a string
    /// value) or not (a list or an object). Reads `limit` bytes at most.
    @_spi(CrumbCodec) public static func cut(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, limit: Int, inString: Bool) -> Int {
        let bound = end - start > limit ? start + limit : end
        var index = start
        var inString = inString
        while index < bound {
            let byte = base[index]
            var step = 1
            if inString {
                if byte == 0x5C {
                    step = index + 1 < end && base[index + 1] == 0x75 ? 6 : 2
                } else if byte == 0x22 {
                    inString = false
                } else if byte >= 0xC0 {
                    step = JSONEscape.unitLength(byte)
                }
            } else if byte == 0x22 {
                inString = true
            }
            guard index + step <= bound else { break }
            index += step
        }
        return index
    }
}
