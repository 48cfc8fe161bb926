import CrumbEngine
import Testing

/// Every form of the filter language, on the Python statecrumbs dump.
@Suite struct FilterTests {
    let store = TestSupport.loadFixture("python-dump.json").0

    func events(_ expression: String) throws -> [String] {
        TestSupport.events(store, FilterResult(try CrumbFilter(expression), in: store).matches)
    }

    func count(_ expression: String) throws -> Int { try TestSupport.count(store, expression) }

    @Test func emptyExpressionMatchesEverything() throws {
        #expect(try count("") == 12)
        #expect(try count("   ") == 12)
    }

    @Test func threadAndEvent() throws {
        #expect(try events("thread:worker-2") == ["http.request", "db.query", "http.response"])
        #expect(try events("event:app.stop") == ["app.stop"])
        #expect(try count("thread:worker") == 0, "the whole value must match")
    }

    @Test func wildcards() throws {
        #expect(try count("event:http.*") == 6)
        #expect(try count("event:*query") == 3)
        #expect(try count("thread:w*-*3") == 3)
        #expect(try count("event:*") == 12)
    }

    @Test func alternatives() throws {
        #expect(try count("thread:worker-1|worker-3") == 6)
        #expect(try events("event:app.start|app.stop") == ["app.start", "app.stop"])
        #expect(try count("event:db.*|app.*") == 5)
    }

    @Test func allTermsMustHold() throws {
        #expect(try events("thread:worker-3 event:db.*") == ["db.query"])
    }

    @Test func contextValues() throws {
        #expect(try count("ctx.request_id:req-2") == 3)
        #expect(try count("ctx.user:alice") == 3)
        #expect(try count("ctx.request_id:req-*") == 9)
    }

    @Test func nonStringValuesMatchTheirCompactJSON() throws {
        #expect(try count("ctx.attempt:3") == 3)
        #expect(try count("ctx.gone:null") == 9)
        #expect(try count(#"ctx.tags:'["a","b"]'"#) == 9)
        #expect(try count(#"ctx.meta:'{"k":1}'"#) == 9)
    }

    @Test func quotesAllowSpaces() throws {
        #expect(try count(#"user:"o'brien jr""#) == 3)
        #expect(try count(#"ctx.note:"ünïcödé ✓""#) == 1)
        #expect(try count(#"event:"http.*""#) == 0, "a quoted * is literal")
    }

    @Test func fieldsAndPythonReprValues() throws {
        #expect(try count("table:users") == 3, "repr 'users' matches users")
        #expect(try count("table:'users'") == 3)
        #expect(try count("rows:20") == 1)
        #expect(try count("status:200") == 3)
        #expect(try count("debug:False") == 1)
    }

    @Test func keyPresence() throws {
        #expect(try count("ctx.user:*") == 3)
        #expect(try count("ctx.request_id:*") == 9)
        #expect(try count("rows:*") == 3)
        #expect(try count("nosuchkey:*") == 0)
        #expect(try count("ctx.nosuchkey:*") == 0)
    }

    @Test func negation() throws {
        #expect(try count("-thread:MainThread") == 9)
        #expect(try count("-ctx.request_id:*") == 3)
        #expect(try events("-event:http.* -event:db.*") == ["app.start", "odd.text", "app.stop"])
        #expect(try count("-nosuchkey:*") == 12)
    }

    @Test func bareWordsAreCaseInsensitiveSubstrings() throws {
        #expect(try count("ALICE") == 3)
        #expect(try count("brien") == 3)
        #expect(try count("ÜNÏCÖDÉ") == 1, "non-ASCII folds too")
        #expect(try count("red") == 1)
        #expect(try count("-worker") == 3)
    }

    @Test func timeRanges() throws {
        let (merge, _) = TestSupport.load([MergeInputs.paths.b])
        func count(_ expression: String) throws -> Int { try TestSupport.count(merge, expression) }
        #expect(try count("since:2025-12-30T10:00:03") == 3)
        #expect(try count("until:2025-12-30T10:00:03") == 2, "until includes the named second")
        #expect(try count("since:2025-12-30T10:00:03 until:2025-12-30T10:00:04") == 2)
        #expect(try count("since:2025-12-30T10:00") == 4)
        #expect(try count("until:2025-12-30T09") == 0)
        #expect(try count("since:2025-12-30") == 4)
        #expect(try count("since:2025-12-31") == 0)
        #expect(try count("since:2025-12-30T11:00:03+01:00") == 3, "offsets are honoured")
        #expect(try count("since:2025-12-30T10:00:03.5Z") == 2)
        #expect(try count(#"until:"2025-12-30 10:00:02""#) == 1)
    }

    @Test func timestampTextAsAField() throws {
        let (merge, _) = TestSupport.load([MergeInputs.paths.b])
        #expect(try TestSupport.count(merge, "ts:2025-12-30T10:00:0[2]*") == 0)
        #expect(try TestSupport.count(merge, "ts:*:04+00:00") == 1)
    }

    @Test func crumbsWithoutTimeFailTimeTerms() throws {
        let (merge, _) = TestSupport.load([MergeInputs.paths.a])
        #expect(try TestSupport.count(merge, "since:2000") == 4)
        #expect(try TestSupport.count(merge, "-since:2000") == 1)
    }

    @Test func filterResultUsesTheIndexesAndAgreesWithAScan() throws {
        let (big, _) = TestSupport.loadFixture("python-unsorted.jsonl")
        for expression in ["thread:racer-3", "thread:racer-3 i:7", "event:tick thread:racer-1|racer-2", "-thread:racer-0 i:1*"] {
            let filter = try CrumbFilter(expression)
            let result = FilterResult(filter, in: big)
            // A scan without indexes: the same filter checked crumb by crumb on a fresh store
            // that grows one line at a time.
            let grown = CrumbStore()
            let scan = FilterResult(filter, in: grown)
            for line in try String(contentsOfFile: TestSupport.fixture("python-unsorted.jsonl"), encoding: .utf8).split(separator: "\n") {
                grown.appendLines(Array((line + "\n").utf8), name: "live")
                scan.extend()
            }
            #expect(result.matches == scan.matches, "\(expression)")
        }
    }
}

import Foundation
