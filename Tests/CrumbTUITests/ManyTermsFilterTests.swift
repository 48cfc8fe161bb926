@testable import CrumbEngine
import Testing

/// A filter of hundreds of terms over thousands of distinct values costs about one check per
/// value, not one per term and value: terms on the same column or key are decided together, and
/// deciding stops at the first term that fails. The work a filter reports (how many times a value
/// was held against a pattern, counted by the matcher) is deterministic, so it is what is held
/// to the input's size here.
@Suite struct ManyTermsFilterTests {
    static let values = 20_000
    static let terms = 300

    /// One crumb per distinct event, context value and field value.
    let store: CrumbStore = {
        var text = ""
        for index in 0..<values {
            text += #"{"ts":"2025-12-30T10:00:00Z","thread":"t\#(index % 8)","event":"ev\#(index)","context":{"k":"v\#(index)"},"n":\#(index)}"# + "\n"
        }
        return TestSupport.load(text).0
    }()

    func run(_ expression: String) throws -> (matches: Int, checks: Int) {
        let result = FilterResult(try CrumbFilter(expression), in: store)
        return (result.matches.count, result.work.valueChecks)
    }

    func terms(_ make: (Int) -> String) -> String {
        (0..<Self.terms).map(make).joined(separator: " ")
    }

    /// About one check per distinct value, plus a few per term.
    var bound: Int { 3 * Self.values + 10 * Self.terms }

    @Test func manyPrefixTermsOnOneColumn() throws {
        let result = try run(terms { "event:ev\($0)*" })
        #expect(result.matches == 0)
        #expect(result.checks <= bound, "\(result.checks) checks")
    }

    @Test func manyExcludedEvents() throws {
        let result = try run(terms { "-event:ev\($0)" })
        #expect(result.matches == Self.values - Self.terms)
        #expect(result.checks <= bound, "\(result.checks) checks")
    }

    @Test func manyExcludedPrefixesAndSuffixes() throws {
        // ev1*, ev2* ... cover everything but ev0 and ev0..., *7 every seventh tenth.
        let result = try run(terms { "-event:ev\($0 + 1)*" } + " -event:*7")
        #expect(result.matches == 1)
        #expect(result.checks <= bound, "\(result.checks) checks")
        // Each *100 ... *399 leaves out the values ending so: 300 in every thousand.
        let suffixes = try run((100..<400).map { "-event:*\($0)" }.joined(separator: " "))
        #expect(suffixes.matches == Self.values - Self.values / 1000 * 300)
        #expect(suffixes.checks <= bound, "\(suffixes.checks) checks")
    }

    @Test func manyExcludedContextValues() throws {
        let result = try run(terms { "-ctx.k:v\($0)" })
        #expect(result.matches == Self.values - Self.terms)
        #expect(result.checks <= bound, "\(result.checks) checks")
    }

    @Test func manyExcludedFieldValues() throws {
        let result = try run(terms { "-n:\($0)" })
        #expect(result.matches == Self.values - Self.terms)
        #expect(result.checks <= bound, "\(result.checks) checks")
    }

    @Test func manyTermsOnSeveralColumnsStopAtTheFirstThatFails() throws {
        // Every crumb fails the thread term, which is checked before the field terms.
        let result = try run(terms { "-n:\($0)" } + " -thread:t*")
        #expect(result.matches == 0)
        #expect(result.checks <= bound, "\(result.checks) checks")
    }

    @Test func theSameAnswersAsOneTermAtATime() throws {
        // Mixed positive and negated terms on one column and key, against the answer term by term.
        let expression = "event:ev1* -event:ev1? -event:*5 event:*0|*5|*9 ctx.k:v1* -ctx.k:*99 n:1*|2* -n:19*"
        var expected = Set(0..<store.count)
        for term in expression.split(separator: " ") {
            let single = FilterResult(try CrumbFilter(String(term)), in: store).matches.map(Int.init)
            expected.formIntersection(single)
        }
        let all = FilterResult(try CrumbFilter(expression), in: store).matches.map(Int.init)
        #expect(all == expected.sorted())
        #expect(!all.isEmpty)
    }
}
