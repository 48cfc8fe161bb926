import CrumbEngine
import Testing

/// The live-file path: crumbs are appended, and a filter result is extended, not rebuilt.
@Suite struct AppendTests {
    @Test func appendKeepsTheIncompleteLastLineForLater() {
        let store = CrumbStore()
        let first = Array(#"{"event":"a","thread":"t1"}"#.utf8) + [0x0A] + Array(#"{"event":"b","thr"#.utf8)
        let used = store.appendLines(first, name: "live.jsonl")
        #expect(used == 28)
        #expect(TestSupport.events(store) == ["a"])
        let rest = Array(first[used...]) + Array(#"ead":"t2"}"#.utf8) + [0x0A]
        #expect(store.appendLines(rest, name: "live.jsonl") == rest.count)
        #expect(TestSupport.events(store) == ["a", "b"])
        #expect(store.crumb(at: 1).thread == "t2")
        #expect(store.appendLines(Array("no newline yet".utf8), name: "live.jsonl") == 0)
    }

    @Test func filterResultIsExtendedWithNewMatchesOnly() throws {
        let (store, _) = TestSupport.loadFixture("python-live.jsonl")
        let result = FilterResult(try CrumbFilter("thread:worker-9|worker-1 ctx.request_id:*"), in: store)
        #expect(result.matches == [1, 2, 3])
        #expect(result.checked == 12)
        // A new thread, a new context key and value: ids the filter has not seen yet.
        store.appendLines(Array("""
        {"event":"x","thread":"worker-9","context":{"request_id":"req-9"}}
        {"event":"y","thread":"worker-9"}
        {"event":"z","thread":"worker-1","context":{"request_id":"req-1"}}

        """.utf8), name: "live.jsonl")
        result.extend()
        #expect(result.matches == [1, 2, 3, 12, 14])
        #expect(result.checked == 15)
        // The indexes grew too: a new result made from them agrees.
        #expect(FilterResult(result.filter, in: store).matches == result.matches)
        #expect(store.threadIndex[store.threadNames.id(of: "worker-9")!.index] == [12, 13])
    }

    @Test func appendedProblemsCountLinesFromTheGivenLine() {
        let store = CrumbStore()
        store.appendLines(Array("{\"event\":\"a\"}\nbroken\n".utf8), name: "live.jsonl", firstLine: 41)
        #expect(store.problems == [LoadProblem(file: "live.jsonl", line: 42, message: "not a crumb (a line must be one JSON object); line skipped")])
    }

    @Test func aLogStillBeingWrittenGivesItsCrumbLinesOnly() {
        // An app's stderr on a pipe: text, crumb lines, and the first lines of a dump that is
        // still being printed. Only the crumb lines count, and nothing is a problem.
        let store = CrumbStore()
        let log = """
        service starting
        {"event":"a","thread":"t1"}
        {"no_event":true}
        [
          {
            "event": "in.the.dump",

        """
        #expect(store.appendLines(Array(log.utf8), name: "-", textLog: true) == log.utf8.count)
        #expect(TestSupport.events(store) == ["a"])
        #expect(store.problems.isEmpty)
    }

    @Test func aLogSaysWhenItMayHoldMoreThanCrumbLines() {
        func may(_ text: String) -> Bool { CrumbStore.logMayHoldMore(Array(text.utf8)) }
        #expect(!may("service starting\n[INFO] ready [x]\n" + #"{"event":"a","thread":"t1"}"# + "\n"))
        #expect(may("[\n"), "a pretty dump starts")
        #expect(may(#"dump: [{"event":"a"}]"# + "\n"), "a compact dump")
        #expect(may("*** Signal 4: Backtracing from 0x1234... done ***\n"))
        #expect(may("Traceback (most recent call last):\n"))
        #expect(may("App/main.swift:12: Fatal error: boom\n"))
    }
}
