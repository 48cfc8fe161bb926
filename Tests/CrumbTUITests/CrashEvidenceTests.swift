import CrumbEngine
import Foundation
import Testing

/// Crashes put together from real evidence (Fixtures/make_crash_fixtures.sh: a StateCrumbs
/// program whose `payments` thread unwraps nil), and from that evidence damaged, cut or hostile.
@Suite struct CrashEvidenceTests {
    static let stderrLog = TestSupport.fixture("swift-crash-stderr.log")
    static let text = (try? String(contentsOfFile: stderrLog, encoding: .utf8)) ?? ""

    static func load(_ text: String) -> (CrumbStore, InputReport) { TestSupport.load(text) }

    @Test func aCapturedStderrGivesTheWholeCrash() throws {
        let (store, report) = TestSupport.loadFixture("swift-crash-stderr.log")
        #expect(report.crashes == 1 && !report.isUnusable)
        let crash = try #require(store.crashes.first)
        #expect(crash.reason == "Fatal error: Unexpectedly found nil while unwrapping an Optional value")
        #expect(crash.thread == "payments")
        #expect(crash.signal == "SIGILL" && crash.code == "ILL_ILLOPN")
        #expect(crash.pid != nil && crash.address?.hasPrefix("0x") == true)
        #expect(crash.evidence.map(\.kind) == [.runtimeMessage, .crashCrumb, .swiftBacktrace])
        #expect(crash.evidence.map(\.line) == [1, 924, 935], "the fatal line, the crash crumb's first line, the backtrace's")
        // Shown at the crash crumb, the last crumb; the crashed thread first, the others after.
        #expect(crash.anchor == store.count - 1 && crash.crashCrumb == store.count - 1)
        #expect(crash.crashedThread?.name == "payments" && crash.crashedThread?.crashed == true)
        #expect(crash.threads.count > 1 && crash.threads.dropFirst().allSatisfy { !$0.crashed })
        let frame = try #require(crash.firstUserFrame)
        #expect(frame.file?.hasSuffix("Sources/CrashFixture/main.swift") == true && frame.line == 295 && frame.column == 36)
        // Runtime and system frames are never the user's.
        #expect(crash.crashedThread?.frames.first?.isUserCode == false)
        #expect(crash.crashedThread?.frames.contains { $0.symbol.hasPrefix("partial apply") && $0.isSystem } == true)
        #expect(store.problems.isEmpty)
    }

    @Test func aJSONCrashLogJoinsTheDumpOfItsRun() throws {
        let (store, reports) = TestSupport.load([TestSupport.fixture("swift-crash-json-stderr.log"), TestSupport.fixture("swift-crash-log.json")])
        #expect(reports.map(\.kind) == [.text, .crashLog])
        #expect(reports[1].crumbs == 0 && !reports[1].isUnusable)
        #expect(store.crashes.count == 1, "one crash, not the log beside it")
        let crash = try #require(store.crashes.first)
        #expect(crash.evidence.map(\.kind) == [.runtimeMessage, .crashCrumb, .swiftBacktrace, .swiftCrashLog])
        #expect(crash.thread == "payments" && crash.crashedThread?.name == "payments")
        #expect(crash.firstUserFrame?.line == 295)
        #expect(crash.reason == "Fatal error: Unexpectedly found nil while unwrapping an Optional value")
    }

    @Test func aCrashLogWithNoDumpIsACrashWithoutCrumbs() throws {
        let (store, report) = TestSupport.loadFixture("swift-crash-log.json")
        #expect(report.kind == .crashLog && !report.isUnusable && store.count == 0)
        let crash = try #require(store.crashes.first)
        #expect(crash.anchor == nil && crash.thread == "payments")
        #expect(crash.reason == "Illegal instruction")
        #expect(crash.firstUserFrame?.line == 295)
        let counted = try TestSupport.crumbtui(TestSupport.fixture("swift-crash-log.json"), "--count")
        #expect(counted.status == 0 && counted.output == "0\n")
    }

    @Test func aDumpWithNoCrashHasNone() {
        #expect(TestSupport.loadFixture("python-dump.json").0.crashes.isEmpty)
        #expect(TestSupport.loadFixture("python-live.jsonl").0.crashes.isEmpty)
    }

    @Test func severalCrashesInOneLogAreEachFound() throws {
        let python = try String(contentsOfFile: TestSupport.fixture("python-crash-stderr.log"), encoding: .utf8)
        // An app restarted with `2>> app.log`: its crashes one after another.
        let (store, report) = Self.load(Self.text + python + Self.text)
        #expect(report.crashes == 3)
        #expect(store.crashes.map(\.reason) == [
            "Fatal error: Unexpectedly found nil while unwrapping an Optional value",
            "RuntimeError: database timed out [after 3 tries]",
            "Fatal error: Unexpectedly found nil while unwrapping an Optional value",
        ])
        let anchors = store.crashes.compactMap(\.anchor)
        #expect(anchors.count == 3 && anchors == anchors.sorted() && Set(anchors).count == 3)
        #expect(store.crashes[1].thread == "MainThread" && store.crumb(at: anchors[1]).event == "db.error")
    }

    @Test func aBacktraceCutInTheMiddleLoadsWhatItHas() throws {
        // Cut in the middle of the crashed thread's fourth frame line.
        let cut = try #require(Self.text.range(of: "  3 [ra]")).upperBound
        let (store, report) = Self.load(String(Self.text[..<cut]))
        let crash = try #require(store.crashes.first)
        #expect(crash.reason == "Fatal error: Unexpectedly found nil while unwrapping an Optional value")
        #expect(crash.crashedThread?.frames.count == 3)
        #expect(crash.firstUserFrame?.line == 295)
        #expect(report.skipped == 1)
        #expect(store.problems.map(\.message) == ["unreadable backtrace frame; skipped"])
        #expect(store.problems.first?.line == 951)
    }

    @Test func framesWithoutSourceLocationsStillNameTheCrash() throws {
        let stripped = Self.text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            guard let at = line.range(of: " at /") ?? line.range(of: " at //") else { return line }
            return line[..<at.lowerBound]
        }.joined(separator: "\n")
        let (store, _) = Self.load(stripped)
        let crash = try #require(store.crashes.first)
        #expect(crash.firstUserFrame == nil)
        #expect(crash.crashedThread?.frames.count ?? 0 > 5)
        #expect(store.problems.isEmpty)
    }

    @Test func aCrashLogOfAnotherVersionOrBrokenIsSaidAndKept() throws {
        let log = try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("swift-crash-log.json")))
        var object = try #require(try JSONSerialization.jsonObject(with: log) as? [String: Any])
        object["threads"] = nil
        object["futureField"] = ["nested": [1, 2, 3]]
        // Keys in another order too (`kind` no longer second).
        let other = try JSONSerialization.data(withJSONObject: object, options: .sortedKeys)
        let (store, report) = TestSupport.load(bytes: Array(other))
        #expect(report.kind == .crashLog && !report.isUnusable)
        #expect(store.crashes.first?.reason == "Illegal instruction" && store.crashes.first?.threads.isEmpty == true)
        #expect(store.problems.map(\.message) == ["a Swift crash log without threads (another version?): the crash is shown without frames"])
        // Cut short: not JSON any more. Said, skipped, nothing crashes.
        let (cut, cutReport) = TestSupport.load(bytes: Array(log.prefix(log.count / 2)))
        #expect(cut.crashes.isEmpty && cutReport.kind == .crashLog)
        #expect(cut.problems.map(\.message) == ["a Swift crash log that is not valid JSON; skipped"])
    }

    @Test func hostileTextInFramesIsShownEscaped() throws {
        let hostile = Self.text.replacingOccurrences(of: "closure #1 in closure #13 in  + 961",
                                                     with: "evil\u{1B}]0;pwned\u{7}\u{202E}() + 961")
        let path = try TestSupport.write(Array(hostile.utf8), named: "hostile.log")
        let printed = try TestSupport.crumbtui(path, "--print")
        #expect(printed.output.contains("  at /work/main/Sources/CrashFixture/main.swift:295:36 in evil^[]0;pwned^G\\u{202E}() + 961"))
        #expect(!printed.output.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x202E })
    }

    @Test func aPythonTracebackAfterItsDumpIsACrashOnTheMainThread() throws {
        let (store, _) = TestSupport.loadFixture("python-crash-stderr.log")
        let crash = try #require(store.crashes.first)
        #expect(crash.reason == "RuntimeError: database timed out [after 3 tries]")
        #expect(crash.thread == "MainThread" && crash.anchor == store.count - 1)
        #expect(crash.crashedThread?.frames.map(\.symbol) == ["handler", "<module>"])
        // A traceback that follows no dump is a logged exception, not the crash.
        let (logged, _) = Self.load("service up\nTraceback (most recent call last):\n  File \"a.py\", line 1, in <module>\nValueError: x\n")
        #expect(logged.crashes.isEmpty)
    }

    @Test func aFollowedLiveFileEndingWithTheCrashCrumbShowsTheCrash() throws {
        let lines = try String(contentsOfFile: TestSupport.fixture("statecrumbs-swift.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { String($0) + "\n" }
        let store = CrumbStore()
        store.appendLines(Array(lines.dropLast().joined().utf8), name: "live.jsonl")
        #expect(store.crashes.isEmpty)
        store.appendLines(Array(lines.last!.utf8), name: "live.jsonl", firstLine: lines.count)
        #expect(store.crashes.count == 1 && store.crashes.first?.thread == "payments" && store.crashes.first?.signal == "SIGILL")
    }
}
