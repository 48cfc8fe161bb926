import CCrumbFormat
import CStateCrumbs
@_spi(CrumbCodec) import CrumbCodec

/// Writes one crumb as compact JSON into a fixed buffer, never past its end: in a recorded
/// crumb, the time and integer values as tokens that the ring's readers expand
/// (crumb_format.h), counted at the width of their text.
///
/// Strings are escaped as JSON requires (quote, backslash, control characters) and kept as
/// UTF-8 otherwise. A string that does not fit in the room it is given is cut at a character
/// boundary and ends with `…`, so the result is always valid JSON.
struct CrumbJSONWriter {
    let base: UnsafeMutablePointer<UInt8>
    /// The bytes the crumb may take, less what its tokens will add when they are expanded.
    private(set) var capacity: Int
    private(set) var count = 0

    init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    /// A writer with no room: it writes nothing, so its address is never used.
    init() {
        self.init(base: UnsafeMutablePointer(bitPattern: MemoryLayout<UInt64>.alignment)!, capacity: 0)
    }

    /// Bytes still free.
    var room: Int { capacity - count }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        guard count < capacity else { return }
        base[count] = value
        count += 1
    }

    /// Copies raw bytes that are already JSON (a key with its quotes, a precomputed fragment).
    /// Returns false, writing nothing, when they do not fit.
    @discardableResult
    @inline(__always)
    mutating func raw(_ source: UnsafeRawBufferPointer) -> Bool {
        guard source.count <= room else { return false }
        if let address = source.baseAddress {
            Self.copy(UnsafeMutableRawPointer(base + count), from: address, count: source.count)
        }
        count += source.count
        return true
    }

    @discardableResult
    @inline(__always)
    mutating func raw(_ text: StaticString) -> Bool {
        raw(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Copies bytes; up to 16 with two overlapping loads and stores, as a small memcpy does,
    /// rather than a call to memmove (most of what a crumb copies is that short).
    @inline(__always)
    static func copy(_ out: UnsafeMutableRawPointer, from input: UnsafeRawPointer, count n: Int) {
        if n >= 8, n <= 16 {
            let first = input.loadUnaligned(as: UInt64.self)
            let last = input.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            out.storeBytes(of: first, as: UInt64.self)
            out.storeBytes(of: last, toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4, n < 8 {
            let first = input.loadUnaligned(as: UInt32.self)
            let last = input.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            out.storeBytes(of: first, as: UInt32.self)
            out.storeBytes(of: last, toByteOffset: n - 4, as: UInt32.self)
        } else {
            out.copyMemory(from: input, byteCount: n)
        }
    }

    /// Writes `text` as a quoted JSON string in at most `limit` bytes (at least 5).
    @inline(__always)
    mutating func string(_ text: String, limit: Int) {
        let words = StringWords(text)
        if words.isSmall, smallString(words, limit: limit) { return }
        anyString(text, limit: limit)
    }

    /// Writes the `String` at `text` in place: a small one straight from its words, without
    /// a copy or a retain (see ``StringWords``).
    @inline(__always)
    mutating func string(at text: UnsafePointer<String>, limit: Int) {
        let words = StringWords(at: UnsafeRawPointer(text))
        if words.isSmall, smallString(words, limit: limit) { return }
        anyString(text.pointee, limit: limit)
    }

    /// A small string with nothing to escape that fits whole, from its words in registers:
    /// the same bytes ``escaped(_:limit:)`` writes for it. False, with nothing written, for
    /// any other.
    @inline(__always)
    private mutating func smallString(_ words: StringWords, limit: Int) -> Bool {
        // The 16-byte store below needs 18 bytes of room, whatever the string's length.
        guard room >= 18, words.smallCount &+ 2 <= Swift.min(limit, room), limit >= 5,
              !words.needsEscape else { return false }
        quoted(words)
        return true
    }

    /// Writes a small string's bytes in quotes. The caller has checked that they need no
    /// escape and that 18 bytes are free: all 16 bytes of the words are stored, and what
    /// follows the closing quote is free room again.
    @inline(__always)
    mutating func quoted(_ words: StringWords) {
        let out = UnsafeMutableRawPointer(base + count)
        out.storeBytes(of: UInt8(ascii: "\""), as: UInt8.self)
        out.storeBytes(of: words.first, toByteOffset: 1, as: UInt64.self)
        out.storeBytes(of: words.second, toByteOffset: 9, as: UInt64.self)
        let n = words.smallCount
        out.storeBytes(of: UInt8(ascii: "\""), toByteOffset: n &+ 1, as: UInt8.self)
        count &+= n &+ 2
    }

    private mutating func anyString(_ text: String, limit: Int) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { escaped($0, limit: limit) }
        if done == nil {
            var text = text
            text.makeContiguousUTF8()
            text.utf8.withContiguousStorageIfAvailable { escaped($0, limit: limit) }
        }
    }

    mutating func string(_ text: Substring, limit: Int) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { escaped($0, limit: limit) }
        if done == nil { string(String(text), limit: limit) }
    }

    /// `String(describing:)` of a number, as a JSON string.
    mutating func described(_ value: some BinaryFloatingPoint, limit: Int) {
        string(String(describing: value), limit: limit)
    }

    mutating func boolean(_ value: Bool, limit: Int) {
        string(value ? "true" : "false", limit: limit)
    }

    /// Writes UTF-8 bytes as a quoted JSON string in at most `limit` bytes (at least 5).
    mutating func escaped(_ source: UnsafeBufferPointer<UInt8>, limit: Int) {
        let limit = Swift.min(limit, room)
        guard limit >= 5 else { return }
        if 6 &* source.count &+ 2 <= limit {
            return escapedWhole(source)
        }
        let start = count
        // Room for the text inside the quotes; while more text follows, keep 3 bytes for `…`.
        let inner = limit - 2
        base[count] = UInt8(ascii: "\"")
        count += 1
        var index = 0
        let end = source.count
        while index < end {
            let lead = source[index]
            let unit = JSONEscape.unitLength(lead)
            let width = JSONEscape.escapedWidth(lead, unit: unit)
            let used = count - start - 1
            if used + width > inner - 3, !Self.restFits(source, from: index, room: inner - used) {
                // Cut here: mark the cut so a reader knows the value went on.
                base[count] = 0xE2; base[count + 1] = 0x80; base[count + 2] = 0xA6
                count += 3
                break
            }
            if width == unit {
                var step = 0
                while step < unit, index + step < end {
                    base[count] = source[index + step]
                    count += 1
                    step += 1
                }
            } else {
                writeEscape(lead)
            }
            index += unit
        }
        base[count] = UInt8(ascii: "\"")
        count += 1
    }

    /// The common case: the text fits even if every byte needed a six-byte escape. Text with
    /// nothing to escape (checked a word at a time) is copied whole; the rest byte by byte.
    @inline(__always)
    private mutating func escapedWhole(_ source: UnsafeBufferPointer<UInt8>) {
        if let start = source.baseAddress, !JSONEscape.needsEscape(source) {
            quotedClean(start, count: source.count)
            return
        }
        base[count] = UInt8(ascii: "\"")
        count += 1
        escapedBytes(source)
        base[count] = UInt8(ascii: "\"")
        count += 1
    }

    /// Writes bytes known to need no escape, in quotes. The caller has checked the room.
    @inline(__always)
    mutating func quotedClean(_ bytes: UnsafeRawPointer, count n: Int) {
        base[count] = UInt8(ascii: "\"")
        Self.copy(UnsafeMutableRawPointer(base + count + 1), from: bytes, count: n)
        count += n + 1
        base[count] = UInt8(ascii: "\"")
        count += 1
    }

    private mutating func escapedBytes(_ source: UnsafeBufferPointer<UInt8>) {
        for byte in source {
            if !JSONEscape.needsEscape(byte) {
                base[count] = byte
                count += 1
            } else {
                writeEscape(byte)
            }
        }
    }

    /// An integer value: a token the ring's reader writes as its digits, quoted (values are
    /// strings in a crumb), as `"42"`.
    @inline(__always)
    mutating func integer(_ value: Int, limit: Int) {
        integer(negative: value < 0, magnitude: UInt64(value.magnitude), limit: limit)
    }

    /// An integer value, `-` before the digits of `magnitude` when `negative`: a token
    /// (crumb_format.h) that the ring's reader expands, so that `crumb()` does not format it.
    @inline(__always)
    mutating func integer(negative: Bool, magnitude: UInt64, limit: Int) {
        // 22 bytes hold any 64-bit integer with its sign and quotes; with less, the text is
        // cut as any is.
        guard Swift.min(limit, room) >= 22 else {
            return string((negative ? "-" : "") + String(magnitude), limit: limit)
        }
        // The magnitude in the fewest bytes that hold it, after a marker that says how many.
        let valueBytes = (64 - (magnitude | 1).leadingZeroBitCount + 7) >> 3
        let marker = negative ? SC_TOKEN_NEGATIVE : SC_TOKEN_INTEGER
        let expanded = 2 + (negative ? 1 : 0) + Int(sc_digit_count(magnitude))
        token(UInt8(marker) + UInt8(valueBytes - 1), magnitude, valueBytes: valueBytes, expandedWidth: expanded)
    }

    /// The current time, as a time token that the ring's reader expands to the quoted
    /// timestamp. Needs ``timeTokenWidth`` bytes of room.
    @inline(__always)
    mutating func time(_ info: UnsafeMutablePointer<sc_thread_info>) {
        sc_write_time_token(info, base + count)
        count += Int(SC_TIME_TOKEN_BYTES)
        capacity -= Self.timeTokenWidth - Int(SC_TIME_TOKEN_BYTES)
    }

    /// The room a time token takes: the quoted timestamp it expands to.
    static var timeTokenWidth: Int { Int(SC_TOKEN_MAX_EXPANDED) }

    /// Writes a token: the marker, then `value` in `valueBytes` bytes, little-endian, into room
    /// the caller has checked (9 bytes at least). Its text is `expandedWidth` bytes once
    /// expanded, never fewer than the token's: the room left, which counts the crumb as its
    /// readers will write it, shrinks by that width, exactly as if the text had been written.
    @inline(__always)
    private mutating func token(_ marker: UInt8, _ value: UInt64, valueBytes: Int, expandedWidth: Int) {
        base[count] = marker
        // All 8 bytes are stored; those past the value are overwritten by what follows.
        UnsafeMutableRawPointer(base + count + 1).storeBytes(of: value.littleEndian, as: UInt64.self)
        count += 1 + valueBytes
        capacity -= expandedWidth - (1 + valueBytes)
    }

    @inline(__always)
    private mutating func writeEscape(_ byte: UInt8) {
        count += JSONEscape.writeEscape(byte, to: base + count)
    }

    /// Whether the text from `index` on fits in `room` bytes once escaped.
    static func restFits(_ source: UnsafeBufferPointer<UInt8>, from index: Int, room: Int) -> Bool {
        var needed = 0
        var position = index
        while position < source.count {
            let unit = JSONEscape.unitLength(source[position])
            needed += JSONEscape.escapedWidth(source[position], unit: unit)
            if needed > room { return false }
            position += unit
        }
        return true
    }
}
