@_spi(CrumbCodec) import CrumbCodec

/// What the OTLP reader needs beside CrumbCodec's `JSONMembers` and `JSONElements` (which step
/// through objects and arrays one member or element at a time): key comparisons, copying strings
/// into crumbs, numbers, and the ids' encodings.

/// Comparing the bytes of a key or string as written (a key written with escapes matches
/// nothing: OTLP writers do not escape plain ASCII names).
enum JSONKey {
    @inline(__always)
    static func equals(_ base: UnsafePointer<UInt8>, _ key: JSONString, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        return key.end - key.start == count && bytesEqual(base + key.start, name.utf8Start, count)
    }

    @inline(__always)
    static func hasPrefix(_ base: UnsafePointer<UInt8>, _ string: JSONString, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        return string.end - string.start >= count && bytesEqual(base + string.start, prefix.utf8Start, count)
    }
}

/// Copying a JSON string as written into a crumb.
enum JSONCopy {
    /// Appends the string whose contents are at `start..<end` (between its quotes): plain
    /// printable ASCII, most keys and values, at once; anything else through `JSONCompactor`,
    /// which keeps escapes as written, escapes raw control characters and repairs bad UTF-8.
    @inline(__always)
    static func string(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) {
        if isPlain(base, from: start, to: end) {
            out.append(contentsOf: UnsafeBufferPointer(start: base + start - 1, count: end - start + 2))
        } else {
            JSONCompactor.compact(base, from: start - 1, to: end + 1, into: &out)
        }
    }

    /// Whether `start..<end` holds only printable ASCII other than a quote or a backslash:
    /// bytes that are the same inside a JSON string and out.
    @inline(__always)
    static func isPlain(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end {
            let byte = base[index]
            if byte < 0x20 || byte >= 0x7F || byte == 0x22 || byte == 0x5C { return false }
            index += 1
        }
        return true
    }

    @inline(__always)
    static func string(_ base: UnsafePointer<UInt8>, _ string: JSONString, into out: inout [UInt8]) {
        Self.string(base, from: string.start, to: string.end, into: &out)
    }
}

extension JSONScanner {
    /// Whether the key is `name` (protobuf's JSON name, such as `timeUnixNano`) or
    /// `alternative` (the proto field name, `time_unix_nano`, which JSON readers accept too).
    @inline(__always)
    func key(_ key: JSONString, is name: StaticString, or alternative: StaticString? = nil) -> Bool {
        if JSONKey.equals(base, key, name) { return true }
        guard let alternative else { return false }
        return JSONKey.equals(base, key, alternative)
    }

    /// The non-negative 64-bit integer in the value at `start..<end` (already skipped), written
    /// as a JSON number or as a string of digits (OTLP/JSON writes 64-bit integers either way);
    /// nil for anything else, such as `null` or `"soon"`.
    func unsigned(from start: Int, to end: Int) -> UInt64? {
        var from = start, to = end
        if base[from] == 0x22 {
            from += 1
            to -= 1
        }
        guard to > from, to - from <= 20 else { return nil }
        var value: UInt64 = 0
        for index in from..<to {
            let digit = base[index] &- 0x30
            guard digit < 10 else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt64(digit))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return value
    }
}

/// Base64 and hex for OTLP's bytes: `bytesValue` is base64 (protobuf JSON); trace and span ids
/// are hex in OTLP/JSON (base64 in protobuf's canonical JSON, which some writers use).
enum OTLPBytes {
    /// Decodes standard or URL-safe base64 (padding optional) into `out`; false when it is not
    /// base64.
    static func base64(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        var bits: UInt32 = 0, count = 0
        var index = start
        while index < end {
            let byte = base[index]
            let value: UInt32
            switch byte {
            case 0x41...0x5A: value = UInt32(byte - 0x41)
            case 0x61...0x7A: value = UInt32(byte - 0x61 + 26)
            case 0x30...0x39: value = UInt32(byte - 0x30 + 52)
            case 0x2B, 0x2D: value = 62
            case 0x2F, 0x5F: value = 63
            default: value = 64
            }
            if value == 64 { break }
            bits = bits << 6 | value
            count += 1
            if count % 4 == 0 {
                out.append(UInt8(truncatingIfNeeded: bits >> 16))
                out.append(UInt8(truncatingIfNeeded: bits >> 8))
                out.append(UInt8(truncatingIfNeeded: bits))
                bits = 0
            }
            index += 1
        }
        // Only padding may follow: as many `=` as complete the last group of four.
        let padding = end - index
        guard padding == 0 || ((count + padding) % 4 == 0 && padding <= 2
                               && (index..<end).allSatisfy({ base[$0] == 0x3D })) else { return false }
        switch count % 4 {
        case 0: return true
        case 2: out.append(UInt8(truncatingIfNeeded: bits >> 4)); return true
        case 3:
            out.append(UInt8(truncatingIfNeeded: bits >> 10))
            out.append(UInt8(truncatingIfNeeded: bits >> 2))
            return true
        default: return false
        }
    }

    /// The bytes of the base64 in a JSON string (whose `/` may be written `\/`).
    static func base64(_ base: UnsafePointer<UInt8>, _ string: JSONString, into out: inout [UInt8]) -> Bool {
        guard string.escaped else { return base64(base, from: string.start, to: string.end, into: &out) }
        let text = JSONStringDecoder.decode(base, from: string.start, to: string.end)
        return text.utf8.withContiguousStorageIfAvailable { base64($0.baseAddress!, from: 0, to: $0.count, into: &out) } ?? false
    }

    private static let digits: StaticString = "0123456789abcdef"

    /// Appends `bytes` as lowercase hex digits.
    static func appendHex(_ bytes: [UInt8], to out: inout [UInt8]) {
        let table = digits.utf8Start
        for byte in bytes {
            out.append(table[Int(byte >> 4)])
            out.append(table[Int(byte & 0x0F)])
        }
    }

    /// An id of `length` bytes as lowercase hex: `2 * length` hex digits, or base64 of
    /// `length` bytes. `.none` for an empty id or one of zeros (OTLP's "no id").
    static func id(_ base: UnsafePointer<UInt8>, _ string: JSONString, length: Int, scratch: inout [UInt8]) -> ID {
        let count = string.end - string.start
        if count == 0 { return .none }
        scratch.removeAll(keepingCapacity: true)
        if count == 2 * length, !string.escaped {
            var zero = true
            for index in string.start..<string.end {
                var byte = base[index]
                switch byte {
                case 0x30...0x39, 0x61...0x66: break
                case 0x41...0x46: byte |= 0x20
                default: return .malformed
                }
                zero = zero && byte == 0x30
                scratch.append(byte)
            }
            return zero ? .none : .valid
        }
        var decoded: [UInt8] = []
        guard count <= 8 * length, base64(base, string, into: &decoded), decoded.count == length else { return .malformed }
        if decoded.allSatisfy({ $0 == 0 }) { return .none }
        appendHex(decoded, to: &scratch)
        return .valid
    }

    /// What `id` found: `.valid` leaves the lowercase hex digits in its scratch.
    enum ID { case none, valid, malformed }
}
