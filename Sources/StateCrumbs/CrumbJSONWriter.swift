@_spi(CrumbCodec) import CrumbCodec

/// Writes one crumb as compact JSON into a fixed buffer, never past its end.
///
/// Strings are escaped as JSON requires (quote, backslash, control characters) and kept as
/// UTF-8 otherwise. A string that does not fit in the room it is given is cut at a character
/// boundary and ends with `…`, so the result is always valid JSON.
struct CrumbJSONWriter {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
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
    mutating func string(_ text: String, limit: Int) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { escaped($0, limit: limit) }
        if done == nil {
            var text = text
            text.makeContiguousUTF8()
            text.utf8.withContiguousStorageIfAvailable { escaped($0, limit: limit) }
        }
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

    /// A JSON string's digits for an integer, quoted (values are strings in a crumb).
    mutating func integerString(_ value: Int, limit: Int) {
        // 22 bytes hold any Int with its sign and quotes; with less, the text is cut as any is.
        guard min(limit, room) >= 22 else { return string(String(value), limit: limit) }
        byte(UInt8(ascii: "\""))
        var magnitude = value.magnitude
        if value < 0 { byte(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of stack for 20 digits
        let written = withUnsafeMutableBytes(of: &digits) { buffer -> Int in
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(truncatingIfNeeded: magnitude % 10) + UInt8(ascii: "0")
                magnitude /= 10
            } while magnitude > 0
            let length = buffer.count - position
            (base + count).update(
                from: buffer.baseAddress!.advanced(by: position).assumingMemoryBound(to: UInt8.self),
                count: length)
            return length
        }
        count += written
        byte(UInt8(ascii: "\""))
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

extension CrumbJSONWriter {
    /// Counts `n` bytes the caller wrote at `base + count` itself.
    mutating func advance(by n: Int) {
        count = Swift.min(capacity, count + n)
    }
}
