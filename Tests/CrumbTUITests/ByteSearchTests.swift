@testable import CrumbEngine
@_spi(CrumbCodec) import CrumbCodec
import Testing

/// The linear searches give the answers the obvious quadratic ones give, on many small cases
/// made from few letters (where near-matches, repeats and the fallback to Knuth–Morris–Pratt
/// are common).
@Suite struct ByteSearchTests {
    static func text(_ letters: String, _ length: Int, _ random: inout SplitMix64) -> [UInt8] {
        let letters = Array(letters.utf8)
        return (0..<length).map { _ in letters.randomElement(using: &random)! }
    }

    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    static func naiveFirstIndex(_ needle: [UInt8], _ haystack: [UInt8], ignoringCase: Bool) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) {
            var same = true
            for index in needle.indices {
                let a = haystack[start + index], b = needle[index]
                if ignoringCase ? lower(a) != lower(b) : a != b { same = false; break }
            }
            if same { return start }
        }
        return nil
    }

    @Test func theSearchAgreesWithTheObviousOne() {
        var random = SplitMix64(seed: 16)
        for round in 0..<30_000 {
            let long = round % 10 == 0
            let haystack = Self.text(round % 3 == 0 ? "aAbB" : "ab", Int.random(in: 0..<(long ? 400 : 40), using: &random), &random)
            let needle = Self.text(round % 2 == 0 ? "ab" : "aB", Int.random(in: 0..<(long ? 40 : 7), using: &random), &random)
            let ignoring = round % 4 < 2
            let start = haystack.isEmpty ? 0 : Int.random(in: 0...haystack.count / 4, using: &random)
            let expected = Self.naiveFirstIndex(needle, Array(haystack[start...]), ignoringCase: ignoring).map { $0 + start }
            let found = haystack.withUnsafeBufferPointer {
                ByteSearch(needle, ignoringASCIICase: ignoring).firstIndex(in: $0.baseAddress ?? UnsafePointer(bitPattern: 8)!, from: start, to: $0.count)
            }
            #expect(found == expected, "\(String(decoding: needle, as: UTF8.self)) in \(String(decoding: haystack, as: UTF8.self)) from \(start)")
            if found != expected { return }
        }
    }

    @Test func nearMatchesEverywhereAgreeToo() {
        // Runs of one letter: every place is a candidate that fails late, which is where the
        // search goes over to Knuth–Morris–Pratt.
        for run in 1..<12 {
            for repeats in 1..<8 {
                let haystack = Array(repeating: Array(repeating: UInt8(ascii: "a"), count: run) + [UInt8(ascii: "B")], count: repeats).flatMap { $0 }
                for length in 1..<(run + 3) {
                    for needle in [Array(repeating: UInt8(ascii: "a"), count: length), Array(repeating: UInt8(ascii: "a"), count: length - 1) + [UInt8(ascii: "b")]] {
                        for ignoring in [false, true] {
                            let expected = Self.naiveFirstIndex(needle, haystack, ignoringCase: ignoring)
                            let found = haystack.withUnsafeBufferPointer {
                                ByteSearch(needle, ignoringASCIICase: ignoring).firstIndex(in: $0.baseAddress!, from: 0, to: $0.count)
                            }
                            #expect(found == expected, "\(String(decoding: needle, as: UTF8.self)) in \(String(decoding: haystack, as: UTF8.self))")
                        }
                    }
                }
            }
        }
    }

    /// Whole-value glob by dynamic programming: `*` any run, everything else literal.
    static func naiveGlob(_ pieces: [[UInt8]], _ value: [UInt8]) -> Bool {
        var pattern: [UInt8?] = []
        for (index, piece) in pieces.enumerated() {
            if index > 0 { pattern.append(nil) }
            pattern += piece.map(Optional.some)
        }
        var matched = [Bool](repeating: false, count: value.count + 1)
        matched[0] = true
        for element in pattern {
            var next = [Bool](repeating: false, count: value.count + 1)
            for index in 0...value.count {
                if element == nil {
                    next[index] = matched[index] || (index > 0 && next[index - 1])
                } else if index > 0, matched[index - 1], value[index - 1] == element {
                    next[index] = true
                }
            }
            matched = next
        }
        return matched[value.count]
    }

    @Test func patternsAgreeWithTheObviousGlob() {
        var random = SplitMix64(seed: 61)
        for _ in 0..<4_000 {
            let patterns: [ValuePattern] = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                .alternatives((0..<Int.random(in: 1...3, using: &random)).map { _ in
                    ValuePattern.Alternative(pieces: (0..<Int.random(in: 1...4, using: &random)).map { _ in
                        Self.text("ab", Int.random(in: 0...3, using: &random), &random)
                    })
                })
            }
            let compiled = CompiledPattern(patterns)
            for _ in 0..<20 {
                let value = Self.text("ab", Int.random(in: 0...8, using: &random), &random)
                let expected = patterns.contains { pattern in
                    guard case .alternatives(let alternatives) = pattern else { return true }
                    return alternatives.contains { Self.naiveGlob($0.pieces, value) }
                }
                var work = 0
                let found = value.withUnsafeBytes { compiled.matches($0, work: &work) }
                #expect(found == expected, "\(patterns) on \(String(decoding: value, as: UTF8.self))")
                if found != expected { return }
            }
        }
    }
}
