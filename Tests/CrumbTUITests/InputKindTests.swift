import CrumbEngine
import Testing

/// Every input shape is recognised from its content and loaded completely.
@Suite struct InputKindTests {
    @Test func pythonCrashDumpPrettyArray() {
        let (store, report) = TestSupport.loadFixture("python-dump.json")
        #expect(report.kind == .array)
        #expect(store.count == 12)
        #expect(report.skipped == 0)
        #expect(store.problems.isEmpty)
        let first = store.crumb(at: 0)
        #expect(first.event == "app.start")
        #expect(first.thread == "MainThread")
        #expect(first.fields == [CrumbEntry(key: "version", value: .string("'1.2.3'")), CrumbEntry(key: "debug", value: .string("False"))])
    }

    @Test func compactArrayAndJSONLinesGiveTheSameCrumbs() {
        let (pretty, _) = TestSupport.loadFixture("python-dump.json")
        let (compact, compactReport) = TestSupport.loadFixture("python-compact.json")
        let (lines, linesReport) = TestSupport.loadFixture("python-live.jsonl")
        #expect(compactReport.kind == .array)
        #expect(linesReport.kind == .jsonLines)
        #expect(compact.count == 12 && lines.count == 12)
        for index in 0..<12 {
            #expect(pretty.crumb(at: index) == compact.crumb(at: index))
            #expect(pretty.crumb(at: index) == lines.crumb(at: index))
        }
    }

    @Test func contextValuesOfEveryJSONType() {
        let (store, _) = TestSupport.loadFixture("python-dump.json")
        let crumb = store.crumb(at: 1)
        #expect(crumb.context == [
            CrumbEntry(key: "request_id", value: .string("req-1")),
            CrumbEntry(key: "attempt", value: .json("1")),
            CrumbEntry(key: "tags", value: .json("[\"a\",\"b\"]")),
            CrumbEntry(key: "meta", value: .json("{\"k\":1}")),
            CrumbEntry(key: "gone", value: .json("null")),
        ])
    }

    @Test func escapedTextIsDecoded() {
        let (store, _) = TestSupport.loadFixture("python-dump.json")
        let odd = store.crumb(at: 10)
        #expect(odd.event == "odd.text")
        #expect(odd.context[0].value == .string("ünïcödé ✓"))
        #expect(odd.context[1].value == .string("\u{1B}[31mred\u{1B}[0m"))
        #expect(odd.context[2].value == .string("a\nb"))
    }

    @Test func pythonCrashOutputMixedWithTraceback() {
        let (store, report) = TestSupport.loadFixture("python-crash-stderr.log")
        #expect(report.kind == .text)
        #expect(TestSupport.events(store) == ["app.start", "db.query", "db.error"])
        #expect(store.crumb(at: 2).context.first?.value == .string("req-7"))
        #expect(!report.isUnusable)
    }

    @Test func swiftBacktraceAroundAStateCrumbsDump() {
        let (store, report) = TestSupport.loadFixture("swift-crash-stderr.log")
        #expect(report.kind == .text)
        #expect(TestSupport.events(store).first == "start")
        #expect(TestSupport.events(store).last == "statecrumbs.crash")
        #expect(store.problems.isEmpty, "\(store.problems)")
        #expect(report.crashes == 1)
    }

    /// The dump on stderr and the live file of the same run hold the same crumbs, byte for byte
    /// once compact, crash crumb included (the ring was big enough for all of them).
    @Test func stateCrumbsDumpAndLiveFileOfOneRun() {
        let (dump, dumpReport) = TestSupport.loadFixture("swift-crash-json-stderr.log")
        let (live, liveReport) = TestSupport.loadFixture("statecrumbs-swift.jsonl")
        #expect(dumpReport.kind == .text && liveReport.kind == .jsonLines)
        #expect(dump.count == live.count && dump.count > 50)
        func compact(_ store: CrumbStore) -> [[UInt8]] {
            (0..<store.count).map { index in
                var out: [UInt8] = []
                CrumbWriter.compact(store, index, to: &out)
                return out
            }
        }
        #expect(compact(dump) == compact(live))
        #expect(TestSupport.events(live).last == "statecrumbs.crash")
        #expect(live.crashes.count == 1 && live.crashes.first?.thread == "payments")
    }

    @Test func fileOrderIsKeptEvenWhenTimestampsAreNotSorted() {
        let (store, _) = TestSupport.loadFixture("python-unsorted.jsonl")
        #expect(store.count == 2000)
        let times = (0..<store.count).compactMap { store.time(of: $0) }
        #expect(times.count == store.count)
        #expect(zip(times, times.dropFirst()).contains { $0 > $1 }, "the fixture has out-of-order times")
        // Crumb i is line i + 1: each crumb's bytes start where its line starts.
        let (_, offset, _) = store.location(of: 1999)
        #expect(offset > store.location(of: 1998).offset)
    }

    @Test func severalFilesMergeByTimeStably() {
        let (store, reports) = TestSupport.load([MergeInputs.paths.a, MergeInputs.paths.b])
        #expect(reports.map(\.crumbs) == [5, 4])
        #expect(TestSupport.events(store) == ["a1", "b1", "a2", "a3-no-time", "b2", "b3", "a4", "a5-early", "b4"])
        #expect(store.location(of: 1).source.name.hasSuffix("merge-b.jsonl"))
    }

    @Test func missingTimeAndThreadAndUnknownKeys() {
        let (store, _) = TestSupport.load(#"{"event":"x","weird":{"a":[1,2]},"n":null}"# + "\n" + #"{"thread":"t"}"#)
        #expect(store.count == 2)
        #expect(store.crumb(at: 0).thread == nil)
        #expect(store.time(of: 0) == nil)
        #expect(store.crumb(at: 0).fields == [CrumbEntry(key: "weird", value: .json(#"{"a":[1,2]}"#)), CrumbEntry(key: "n", value: .json("null"))])
        #expect(store.crumb(at: 1).event == nil)
    }

    @Test func bigInputsReadOnTwoThreadsMatchOneThread() throws {
        // Python's own output, repeated past the split threshold, both shapes.
        for name in ["python-live.jsonl", "python-dump.json"] {
            let (one, _) = TestSupport.load([TestSupport.fixture(name)], parallel: false)
            let bytes = try [UInt8](contentsOf: TestSupport.fixture(name))
            var big: [UInt8]
            if name.hasSuffix(".jsonl") {
                big = Array(repeating: bytes, count: 400).flatMap { $0 }
            } else {
                // One array with the dump's crumbs 400 times.
                let inner = Array(bytes.dropFirst().dropLast(2))
                big = [0x5B] + Array(Array(repeating: inner, count: 400).joined(separator: Array(",".utf8))) + Array("\n]".utf8)
            }
            let (serial, _) = TestSupport.load(bytes: big, parallelThreshold: Int.max)
            let (split, _) = TestSupport.load(bytes: big, parallelThreshold: 1024)
            #expect(serial.count == one.count * 400)
            #expect(split.count == serial.count)
            #expect(TestSupport.events(split) == TestSupport.events(serial))
            #expect(split.threadNames.count == one.threadNames.count)
            // The second half's ids were mapped to the store's: filters agree with the serial read.
            for expression in ["thread:worker-2", "event:db.query ctx.user:alice", "ctx.request_id:req-3", "rows:20", "-ctx.gone:*"] {
                let filter = try CrumbFilter(expression)
                #expect(FilterResult(filter, in: split).matches == FilterResult(filter, in: serial).matches, "\(name) \(expression)")
                #expect(FilterResult(filter, in: split).matches.count == FilterResult(filter, in: one).matches.count * 400)
            }
        }
    }
}

extension Array where Element == UInt8 {
    init(contentsOf path: String) throws {
        self = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

import Foundation
