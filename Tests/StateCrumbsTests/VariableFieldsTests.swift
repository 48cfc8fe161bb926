import Foundation
import Testing
@testable import StateCrumbs

/// Values in variables take `crumb()`'s `Any` overload, which reads each field where the
/// caller's array keeps it: the common types by their metadata, short strings straight from
/// their two words. Whatever the path, a crumb's bytes must be the ones the literal overload
/// writes, and the ones `String(describing:)` of the value gives.
extension GlobalRecorder {
    @Suite struct VariableFields {
        private func recorded(_ body: () -> Void) throws -> String {
            try Fixture.recorded(body)
        }

        @Test func everyValueIsWrittenAsStringDescribingWritesIt() throws {
            // Each type the reader knows, and Optionals of them, against the same text handed
            // over as a String (which `FieldValue.text` makes the generic way).
            Fixture.reset()
            let long = String(repeating: "long ", count: 10)
            let values: [Any] = [
                "", "x", "123456789012345", "0123456789abcdef", "é🙂", long, "quote\"d", "tab\t",
                Substring("sub"), long.dropFirst(3), Substring(""),
                Int.min, Int.max, 0, Int8.min, Int16(-3), Int32.max, Int64.min,
                UInt.max, UInt8.max, UInt16(7), UInt32.max, UInt64.max,
                0.1, -0.0, 1e300, 0.30000000000000004, Double.infinity, Double.nan,
                Float(0.1), Float.greatestFiniteMagnitude, -Float.leastNonzeroMagnitude,
                true, false,
                String?.none as Any, String?.some("opt") as Any, String?.some(long) as Any,
                Substring?.none as Any, Substring?.some("s") as Any, Int?.none as Any, Int?.some(-5) as Any,
                Int8?.some(8) as Any, UInt64?.some(.max) as Any, UInt?.none as Any, Double?.some(2.5) as Any,
                Double?.none as Any, Float?.some(1.5) as Any, Bool?.some(true) as Any, Bool?.none as Any,
                Int??.some(nil) as Any, [1, 2], URL(fileURLWithPath: "/tmp"), Character("c"),
            ]
            for value in values {
                let text = FieldValue.text(value)
                let direct = try recorded { crumb("value", ["v": value]) }
                let asString = try recorded { crumb("value", ["v": text]) }
                #expect(direct == asString, "\(type(of: value))")
                #expect(Crumbs.snapshot().last?["v"] == text, "\(type(of: value))")
            }
        }

        @Test func shortValuesAreCutAsAnyOtherAtEveryRoom() throws {
            // A long value is cut to leave what the fields after it are promised; a key of
            // every length then leaves every amount of that room to the short value after it,
            // down to the 5-byte minimum. A short string written from its words must come out
            // as the general path writes the same text (a Substring goes that way), and as the
            // literal overload writes it.
            Fixture.reset(maxCrumbBytes: 256)
            let long = String(repeating: "v", count: 300)
            for short in ["1", "1234", "1234567", "12345678", "123456789", "123456789012345", "q\"uote"] {
                for keyLength in 1...30 {
                    let key = String(repeating: "k", count: keyLength)
                    let variables = try recorded { crumb("e", ["value": long, key: short, "t": 1]) }
                    let general = try recorded { crumb("e", ["value": long[...], key: short[...], "t": 1]) }
                    #expect(variables == general, "\(short) after a key of \(keyLength) bytes")
                    #expect(variables.utf8.count <= 256)
                }
                let literal = try recorded { crumb("e", ["value": "\(long)", "kkkkkkkkkkkkkkkkkkkkk": "\(short)", "t": 1]) }
                let variables = try recorded { crumb("e", ["value": long, "kkkkkkkkkkkkkkkkkkkkk": short, "t": 1]) }
                #expect(variables == literal, "\(short)")
            }
        }

        @Test func integersHaveEveryDigitAtEveryLength() throws {
            // The digits are counted from the bit length and written two at a time: check each
            // side of every power of ten, both signs, in variables and as literals' storage.
            Fixture.reset()
            var signed: [Int] = [0, 1, -1, Int.max, Int.min, Int.min + 1]
            var unsigned: [UInt64] = [0, UInt64.max, UInt64.max - 1, 10_000_000_000_000_000_000]
            var power: UInt64 = 1
            for _ in 0..<19 {
                power *= 10
                for value in [power - 1, power, power + 1] {
                    unsigned.append(value)
                    if value <= UInt64(Int.max) { signed += [Int(value), -Int(value)] }
                }
            }
            unsigned.append(9_999_999_999_999_999_999)
            for value in signed {
                crumb("n", ["v": value])
                #expect(Crumbs.snapshot().last?["v"] == String(value))
                crumb("n", ["v": CrumbValue(integerLiteral: value)])
                #expect(Crumbs.snapshot().last?["v"] == String(value))
            }
            for value in unsigned {
                crumb("n", ["v": value])
                #expect(Crumbs.snapshot().last?["v"] == String(value))
            }
        }

        @Test func integersTakeTheRoomTheirTextTakes() throws {
            // An integer is a token in the ring (crumb_format.h) and its digits, quoted, in the
            // crumb its readers write: the writer must count it at that width, neither more
            // nor less, or the long value after it is cut elsewhere than after the same text,
            // and the crumb could grow past maxCrumbBytes. So a crumb with an integer is byte
            // for byte the crumb with its text, wherever the integer sits; and the crumb fills
            // its size exactly as before, counted with its real timestamp (a token too).
            Fixture.reset(maxCrumbBytes: 256)
            let tail = String(repeating: "t", count: 300)
            for value in [0, 7, -7, 42, 999, -1_000, 9_999_999, 10_000_000, -999_999, -1_000_000, Int.max, Int.min] {
                for padding in 0..<60 {
                    let pad = String(repeating: "p", count: padding)
                    let asInteger = try Fixture.recorded { crumb("n", pairs: [("pad", pad), ("n", value), ("tail", tail)]) }
                    let asText = try Fixture.recorded { crumb("n", pairs: [("pad", pad), ("n", String(value)), ("tail", tail)]) }
                    #expect(asInteger == asText, "\(value), padding \(padding)")
                    var lengths: [Int] = []
                    Recorder.configuration.ring?.forEachCrumb { lengths.append($0.count) }
                    // The tail is cut to leave the 40 bytes every crumb keeps for its end: the crumb
                    // is 256 - 40 bytes and its closing brace, counted with its real timestamp.
                    #expect(lengths == [256 - 40 + 1], "\(value), padding \(padding)")
                }
            }
        }

        @Test func keysAndValuesFromTheSameStringsStayApart() throws {
            // The key cache knows a short key by its two words: keys that differ in one byte,
            // or only in length, must each keep their own judgement. The last two share their
            // first eight bytes and, with the cache's hash, the entry they are kept in.
            Fixture.reset(redactKeys: ["secret"])
            let keys = ["secre", "secret", "secrets", "Secret", "tecret", "secret\u{7F}", "s", "se",
                        "abcdefgh", "abcdefgh-secret", "abcdefgh-secreT", "abcdefgh-secrex", "abcdefgh-secre",
                        "abcdefghsecret!", "abcdefghwordadf"]
            for _ in 0..<2 {
                for key in keys {
                    Crumbs.clear()
                    let value = key
                    crumb("k", [key: value] as KeyValuePairs<String, Any>)
                    let field = try #require(Crumbs.snapshot().last?.fields.first)
                    #expect(field.key == key)
                    #expect(field.value == (key.lowercased().contains("secret") ? "<redacted>" : key), "\(key)")
                }
            }
        }
    }
}

/// The layouts the reader relies on: they belong to the standard library, so check them.
@Suite struct FieldLayout {
    @Test func shortStringsHoldTheirBytesInTheirWords() {
        for text in ["", "a", "rows", "table", "12345678", "123456789012345", "é", "🙂🙂🙂", "x\u{0}y"] {
            let words = StringWords(text)
            #expect(words.isSmall, "\(text)")
            #expect(words.withSmallBytes { Array($0) } == Array(text.utf8), "\(text)")
        }
        let native = String(repeating: "abc", count: 2)  // made at run time, still short
        #expect(StringWords(native).isSmall)
        for text in ["0123456789abcdef", String(repeating: "long", count: 10), "ünïcödé-and-more"] {
            #expect(!StringWords(text).isSmall, "\(text)")
        }
    }

    @Test func escapesAreFoundInShortStringsWherever() {
        for text in ["", "plain", "123456789012345", "é", "ünïcödé"] {
            #expect(!StringWords(text).needsEscape, "\(text)")
        }
        for text in ["\"", "a\\", "1234567\n", "12345678\t", "12345678901234\u{1}", "\u{1F}bc"] {
            #expect(StringWords(text).needsEscape, "\(text.debugDescription)")
        }
        // Every small length, with a byte to escape at every place in either word.
        for length in 1...15 {
            #expect(!StringWords(String(repeating: "a", count: length)).needsEscape, "\(length) letters")
            for place in 0..<length {
                for escaped: Character in ["\"", "\\", "\n", "\u{0}"] {
                    var text = Array(repeating: Character("a"), count: length)
                    text[place] = escaped
                    #expect(StringWords(String(text)).needsEscape, "\(String(text).debugDescription)")
                }
            }
        }
    }

    @Test func theFieldsAreFoundWhereTheArrayKeepsThem() {
        let table = "users"
        let fields: KeyValuePairs<String, Any> = ["table": table, "rows": 42]
        let elements = FieldReader.elements(of: fields)
        let expected = unsafeBitCast(fields, to: [(String, Any)].self).withUnsafeBufferPointer { $0.baseAddress }
        #expect(elements.baseAddress == expected)
        #expect(elements.count == 2)
        #expect(FieldReader.elements(of: [:]).isEmpty)
    }
}
