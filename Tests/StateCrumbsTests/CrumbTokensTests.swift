import CCrumbFormat
import Foundation
import Testing

/// The tokens a ring slot holds in place of a crumb's time and integers (crumb_format.h,
/// Docs/ring-file-format.md "Tokens"), expanded by the one function every reader in the
/// package uses: the crash dump, the live file's writer, `snapshot()` and crumbtui.
@Suite struct CrumbTokens {
    /// `bytes` expanded into `capacity` bytes (4 times their length by default), and what
    /// `sc_expand_tokens` returned. Bytes past `capacity` are checked untouched.
    private func expand(_ bytes: [UInt8], capacity: Int? = nil) -> (result: Int64, text: [UInt8]) {
        let capacity = capacity ?? 4 * bytes.count
        var out = [UInt8](repeating: 0xEE, count: capacity + 16)
        let result = out.withUnsafeMutableBufferPointer { sc_expand_tokens(bytes, bytes.count, $0.baseAddress!, capacity) }
        #expect(out[capacity...].allSatisfy { $0 == 0xEE }, "wrote past the capacity")
        return (result, result >= 0 ? Array(out[..<Int(result)]) : [])
    }

    private func text(_ bytes: [UInt8]) -> String? {
        let (result, text) = expand(bytes)
        return result >= 0 ? String(decoding: text, as: UTF8.self) : nil
    }

    /// An integer's token as the writer makes it: the fewest bytes that hold the magnitude, or
    /// `bytes` of them.
    private func integer(_ magnitude: UInt64, negative: Bool = false, bytes: Int? = nil) -> [UInt8] {
        let count = bytes ?? max(1, (64 - magnitude.leadingZeroBitCount + 7) / 8)
        let marker = UInt8(negative ? SC_TOKEN_NEGATIVE : SC_TOKEN_INTEGER) + UInt8(count - 1)
        return [marker] + (0..<count).map { UInt8(truncatingIfNeeded: magnitude >> (8 * UInt64($0))) }
    }

    private func time(_ nanoseconds: Int64) -> [UInt8] {
        [UInt8(SC_TOKEN_TIME)] + (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: nanoseconds) >> (8 * UInt64($0))) }
    }

    @Test func integersExpandToTheirDigitsAtEveryLength() {
        var values: [UInt64] = [0, 1, 9, UInt64.max, UInt64.max - 1, UInt64(Int64.max) + 1]
        var power: UInt64 = 1
        for _ in 0..<19 {
            power *= 10
            values += [power - 1, power, power + 1]
        }
        for value in values {
            #expect(text(integer(value)) == "\"\(value)\"")
            #expect(text(integer(value, negative: true)) == "\"-\(value)\"")
            // More bytes than needed (a writer may use them) read the same.
            #expect(text(integer(value, bytes: 8)) == "\"\(value)\"")
        }
    }

    @Test func timeTokensExpandAsTheReferenceCalendarWritesThem() {
        let moments: [Int64] = [
            0, 1, 999, 1_000, -1, -1_000, -1_001, 1_767_090_225_123_456_789, 951_782_400_000_001_000,  // 2000-02-29
            Int64.max, Int64.min,  // 2262-04-11, 1677-09-21: every value 8 bytes hold
        ]
        for moment in moments {
            #expect(text(time(moment)) == "\"\(RingFileReader.timestamp(nanoseconds: moment))\"", "\(moment)")
        }
    }

    @Test func textWithoutTokensIsCopiedAsItIs() {
        var random = SystemRandomNumberGenerator()
        for length in 0..<70 {
            // Every byte but a marker's: 0x00 and 0x12 to 0xFF.
            let bytes = (0..<length).map { _ in
                let byte = UInt8.random(in: 0x11...0xFF, using: &random)
                return byte == 0x11 ? 0 : byte
            }
            #expect(expand(bytes).text == bytes)
            #expect(expand(bytes).result == Int64(length))
        }
    }

    @Test func tokensAnywhereAmongTextWithValuesOfAnyBytes() {
        // Value bytes that look like a newline, a quote, a marker: they are a value, not text.
        let odd: [UInt64] = [0x0A, 0x22, 0x11, 0x0A0A, 0x0101_0101_0101_0101]
        for value in odd {
            for before in 0..<10 {
                let prefix = Array(String(repeating: "a", count: before).utf8)
                let bytes = prefix + integer(value) + Array(",".utf8) + time(1_000_000_000) + Array("}".utf8)
                let expected = String(repeating: "a", count: before) + "\"\(value)\",\"1970-01-01T00:00:01.000000+00:00\"}"
                #expect(text(bytes) == expected, "\(value) after \(before)")
            }
        }
    }

    @Test func aTokenCutShortIsDamage() {
        let whole = Array("{\"ts\":".utf8) + time(5) + Array(",\"n\":".utf8) + integer(UInt64.max) + Array("}".utf8)
        let tokens = [6, 20]  // where each token's marker is
        for length in 0...whole.count {
            let cutInside = tokens.contains { length > $0 && length < $0 + 9 }
            let result = expand(Array(whole[..<length])).result
            if cutInside {
                #expect(result == Int64(SC_EXPAND_CUT), "cut at \(length)")
            } else {
                #expect(result >= 0, "cut at \(length)")
            }
        }
    }

    @Test func tooLittleRoomIsSaidAndNothingIsWrittenPastIt() {
        let bytes = Array("{\"event\":\"x\",\"ts\":".utf8) + time(1_767_090_225_000_000_000)
            + Array(",\"a\":".utf8) + integer(12_345, negative: true) + Array(",\"b\":".utf8) + integer(7) + Array("}".utf8)
        let full = expand(bytes)
        #expect(full.result > 0)
        for capacity in 0..<Int(full.result) {
            #expect(expand(bytes, capacity: capacity).result == Int64(SC_EXPAND_NO_ROOM), "\(capacity)")
        }
        #expect(expand(bytes, capacity: Int(full.result)).text == full.text)
    }
}
