@testable import CrumbEngine
import Testing

/// A search over one long value looks at each of its bytes a bounded number of times, whatever
/// the value and the word: the work a filter reports (bytes looked at, counted by the matcher)
/// stays within a few times the input's size. Values are built to be the worst case of simple
/// searches: a candidate on every byte, or a long near-match at every position.
@Suite struct LongValueSearchTests {
    /// One crumb whose field `v` holds `value` (escaped as JSON), after a short crumb.
    func store(value: String) -> (CrumbStore, bytes: Int) {
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let text = #"{"event":"small","v":"x"}"# + "\n" + #"{"event":"big","v":""# + escaped + "\"}\n"
        return (TestSupport.load(text).0, text.utf8.count)
    }

    func work(_ expression: String, _ store: CrumbStore) throws -> (matches: Int, bytes: Int) {
        let result = FilterResult(try CrumbFilter(expression), in: store)
        return (result.matches.count, result.work.bytes)
    }

    @Test func aBareWordWithACandidateOnEveryByte() throws {
        // The word's rarest byte `b` is on every other byte; the upper case `B` on none.
        let (store, size) = store(value: String(repeating: "ab", count: 100_000))
        let found = try work("aaaaaaaab", store)
        #expect(found.matches == 0)
        #expect(found.bytes <= 8 * size, "looked at \(found.bytes) bytes of \(size)")
    }

    @Test func aBareWordThatNearlyMatchesEverywhere() throws {
        let (store, size) = store(value: String(repeating: "q", count: 200_000))
        let word = String(repeating: "q", count: 300) + "x"
        let found = try work(word, store)
        #expect(found.matches == 0)
        #expect(found.bytes <= 8 * size, "looked at \(found.bytes) bytes of \(size)")
        let near = try work(String(repeating: "q", count: 300), store)
        #expect(near.matches == 1)
    }

    @Test func aBareWordFoundAtTheEnd() throws {
        let (store, size) = store(value: String(repeating: "ab", count: 100_000) + "needle")
        let found = try work("NEEDLE", store)
        #expect(found.matches == 1)
        #expect(found.bytes <= 8 * size, "looked at \(found.bytes) bytes of \(size)")
    }

    @Test func aBareWordInAValueFullOfEscapes() throws {
        // Escapes send the search through the decoded text.
        let (store, size) = store(value: String(repeating: "q\"é", count: 60_000) + String(repeating: "q", count: 100_000))
        let word = String(repeating: "q", count: 300) + "x"
        let found = try work(word, store)
        #expect(found.matches == 0)
        #expect(found.bytes <= 8 * size, "looked at \(found.bytes) bytes of \(size)")
        #expect(try work(#""q\"éq""#, store).matches == 1)
        #expect(try work(#""Q\"ÉQ""#, store).matches == 1, "other letters ignore case too")
    }

    @Test func aWordWithOtherLettersOverALongValue() throws {
        let (store, size) = store(value: String(repeating: "é", count: 200_000))
        let word = String(repeating: "é", count: 1_000) + "x"
        let found = try work(word, store)
        #expect(found.matches == 0)
        #expect(found.bytes <= 8 * size, "looked at \(found.bytes) bytes of \(size)")
        #expect(try work(String(repeating: "É", count: 1_000), store).matches == 1)
    }

    @Test func aGlobWithALongPieceOverALongValue() throws {
        let (store, size) = store(value: String(repeating: "a", count: 200_000))
        let piece = String(repeating: "a", count: 300) + "b"
        let found = try work("v:*\(piece)*", store)
        #expect(found.matches == 0)
        #expect(found.bytes <= 8 * size, "looked at \(found.bytes) bytes of \(size)")
        #expect(try work("v:*\(String(repeating: "a", count: 300))*", store).matches == 1)
    }

    @Test func aGlobWithManyStarsOverALongValue() throws {
        let (store, size) = store(value: String(repeating: "a", count: 200_000) + "c")
        let pattern = "v:*" + Array(repeating: "a", count: 200).joined(separator: "*") + "*b"
        let found = try work(pattern, store)
        #expect(found.matches == 0)
        #expect(found.bytes <= 8 * size, "looked at \(found.bytes) bytes of \(size)")
        #expect(try work("v:*" + Array(repeating: "a", count: 200).joined(separator: "*") + "*c", store).matches == 1)
    }
}
