@testable import CrumbEngine
@_spi(CrumbCodec) import CrumbCodec
import Testing

/// The byte scanner against a plain byte-by-byte reading, on strings where the quote, the
/// backslash or a newline falls at every offset of its eight-byte steps.
@Suite struct ScannerTests {
    /// Where the string starting at 0 ends, read one byte at a time.
    static func reference(_ bytes: [UInt8]) -> (end: Int, escaped: Bool)? {
        var index = 1
        var escaped = false
        while index < bytes.count {
            switch bytes[index] {
            case 0x22: return (index, escaped)
            case 0x5C: escaped = true; index += 2
            case 0x0A: return nil
            default: index += 1
            }
        }
        return nil
    }

    static func scan(_ bytes: [UInt8]) -> (end: Int, escaped: Bool)? {
        bytes.withUnsafeBufferPointer { buffer in
            var s = JSONScanner(base: buffer.baseAddress!, position: 0, end: buffer.count)
            return s.scanString().map { ($0.end, $0.escaped) }
        }
    }

    @Test func stringEndsAtEveryOffset() {
        for length in 0..<40 {
            for special: UInt8 in [0x22, 0x5C, 0x0A] {
                for at in 0...length {
                    var bytes: [UInt8] = [0x22] + Array(repeating: 0x61, count: length) + [0x22, 0x20, 0x22, 0x7D]
                    bytes[1 + min(at, length)] = special == 0x22 ? 0x22 : special
                    let expected = Self.reference(bytes), got = Self.scan(bytes)
                    #expect(expected?.end == got?.end && expected?.escaped == got?.escaped, "length \(length) special \(special) at \(at)")
                }
            }
        }
    }

    @Test func bytesThatLookAlikeAreNotSpecial() {
        // 0x22 + 0x80, 0xA2, 0xDC and 0x8A differ from the specials only in high bits.
        let inner: [UInt8] = [0xA2, 0xDC, 0x8A, 0x21, 0x23, 0x5B, 0x5D, 0x09, 0xE2, 0x80, 0xA6, 0x01, 0x02]
        let bytes: [UInt8] = [0x22] + inner + inner + [0x22]
        #expect(Self.scan(bytes)?.end == bytes.count - 1)
    }

    @Test func deepNestingIsSkippedWithoutRecursion() {
        let deep = Array(repeating: UInt8(0x5B), count: 200_000) + Array(repeating: UInt8(0x5D), count: 200_000)
        let (skipped, position) = deep.withUnsafeBufferPointer { buffer in
            var s = JSONScanner(base: buffer.baseAddress!, position: 0, end: buffer.count)
            let skipped = s.skipValue()
            return (skipped, s.position)
        }
        #expect(skipped)
        #expect(position == deep.count)
    }

    @Test func malformedValuesAreRejected() {
        for text in ["[1,]", "{\"a\" 1}", "{\"a\":}", "[1 2]", "tru", "-", "1.", "1e", "{,}", "[", "\"abc", "{\"a\":1,}"] {
            let bytes = Array(text.utf8)
            let ok = bytes.withUnsafeBufferPointer { buffer -> Bool in
                var s = JSONScanner(base: buffer.baseAddress!, position: 0, end: buffer.count)
                return s.skipValue() && s.position == buffer.count
            }
            #expect(!ok, "\(text)")
        }
    }
}
