import CrumbEngine
@testable import CrumbTUI
import Foundation
import Testing

/// The crash in the viewer: named in the top bar, the selection on it, its rows marked, the
/// crash pane with frames and source lines, the timeline's mark; all from a real crash's stderr.
@Suite struct CrashViewerTests {
    typealias S = ViewerTestSupport
    static let log = (try? String(contentsOfFile: TestSupport.fixture("swift-crash-stderr.log"), encoding: .utf8)) ?? ""
    static let reason = "Fatal error: Unexpectedly found nil while unwrapping an Optional value"

    @Test func theTopBarNamesTheCrashAndTheSelectionIsOnIt() throws {
        let list = try S.list(Self.log)
        let state = S.state(width: 160, height: 30, list)
        #expect(state.selected == list.count - 1, "the crash crumb, the last one")
        let lines = S.render(state, list)
        #expect(lines[0].contains("✖ \(Self.reason) · payments · main.swift:295"), "\(lines[0])")
        // The crash crumb's row and the crashed thread's rows are marked; others are not.
        let rows = lines[1..<lines.count - 1]
        #expect(rows.last { !$0.isEmpty }?.hasPrefix("✖ ") == true)
        #expect(rows.contains { $0.hasPrefix("▌ ") && $0.contains(" payments ") })
        #expect(rows.allSatisfy { !$0.hasPrefix("▌ ") || $0.contains(" payments ") })
        #expect(lines.last?.contains("x crash") == true)
    }

    @Test func theCrashPaneShowsWhatKilledItAndWhere() throws {
        let list = try S.list(Self.log)
        var state = S.state(width: 160, height: 40, list)
        let effects = S.apply(&state, list, .toggleCrash)
        #expect(state.crashPaneOpen)
        let source = "/work/main/Sources/CrashFixture/main.swift"
        // The lines around each user frame of the crashed thread, file by file.
        let context = "/work/main/Sources/StateCrumbs/Crumbs+Context.swift"
        #expect(effects == [.readSource(file: source, lines: Array(27...31) + Array(288...297)),
                            .readSource(file: context, lines: Array(34...39))])
        S.apply(&state, list, .sourceRead(file: source, lines: SourceLines(lines: [294: "    beforeCrash()", 295: "    print(charges[\"req-99\"]!)"])),
                .sourceRead(file: context, lines: nil))
        let lines = S.render(state, list)
        let top = try #require(lines.firstIndex { $0.hasPrefix("── crash 1 of 1") }, "\(lines)")
        #expect(lines[top + 1] == Self.reason)
        #expect(lines[top + 2].hasPrefix("SIGILL ILL_ILLOPN at 0x") && lines[top + 2].contains(" · thread payments · pid "))
        #expect(lines[top + 3] == "from: runtime message test.jsonl:1, crash crumb test.jsonl:924, Swift backtrace test.jsonl:935")
        #expect(lines.contains("Thread 1 \"payments\" crashed:"))
        #expect(lines.contains { $0.hasPrefix("   2  closure #1 in closure #13 in  + 961  at \(source):295:36") })
        #expect(lines.contains("         294 │     beforeCrash()"))
        #expect(lines.contains("     ▶   295 │     print(charges[\"req-99\"]!)"))
        #expect(lines.contains { $0.hasPrefix("   0  closure #1 in closure #1 in _assertionFailure") && $0.hasSuffix("in libswiftCore.so") })
        // A file that is not on this machine shows no lines, and is not asked for again.
        S.apply(&state, list, .sourceRead(file: source, lines: nil))
        #expect(!S.render(state, list).contains { $0.contains(" │ ") })
        #expect(S.apply(&state, list, .toggleCrash, .toggleCrash).isEmpty)
        // J scrolls the pane; Esc closes it.
        S.apply(&state, list, .scrollDetail(5))
        #expect(state.crashScroll == 5)
        S.apply(&state, list, .escape)
        #expect(!state.crashPaneOpen)
    }

    @Test func severalCrashesAreVisitedInTurn() throws {
        let list = try S.list(Self.log + Self.log)
        var state = S.state(width: 120, height: 30, list)
        #expect(list.store.crashes.count == 2 && state.crashIndex == 1)
        let first = try #require(list.store.crashes[0].anchor)
        S.apply(&state, list, .nextCrash(forward: true))
        #expect(state.crashIndex == 0 && list.crumb(atRow: state.selected) == first)
        #expect(S.render(state, list)[0].contains("✖ crash 1 of 2: Fatal error: Unexpectedly found nil"))
        #expect(S.render(state, list)[0].hasSuffix("… · payments · main.swift:295"), "the reason is cut, not the thread and the place")
        S.apply(&state, list, .nextCrash(forward: false))
        #expect(state.crashIndex == 1 && state.selected == list.count - 1)
    }

    @Test func withoutACrashXSaysSo() throws {
        let list = try S.list(S.jsonLines(20))
        var state = S.state(list)
        S.apply(&state, list, .toggleCrash)
        #expect(!state.crashPaneOpen)
        #expect(state.message == StatusMessage(text: "no crash in this input: the crumbs end without one", isError: true))
        #expect(!S.render(state, list)[0].contains("✖"))
    }

    @Test func theTimelineMarksTheCrashOnItsThreadsLane() throws {
        let list = try S.list(Self.log)
        var state = S.state(width: 120, height: 40, list)
        S.apply(&state, list, .toggleTimeline)
        let lines = S.render(state, list)
        let lane = try #require(lines.first { $0.hasPrefix("payments ") })
        #expect(lane.contains("✖"))
        #expect(lines.filter { $0.contains("✖") && !$0.hasPrefix("payments ") && !$0.hasPrefix("✖ ") && !$0.hasPrefix(" crumbtui") }.isEmpty)
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled))
    func aCapturedLogOpensOnTheCrash() throws {
        let tmux = try TmuxSession(#""$CRUMBTUI" '\#(TestSupport.fixture("swift-crash-stderr.log"))'"#)
        let screen = try tmux.waitFor("· payments · main.swift:295")
        #expect(screen.contains("✖ Fatal error: Unexpectedly found nil while"))
        try tmux.send("x")
        let pane = try tmux.waitFor("crash 1 of 1")
        #expect(pane.contains("Thread 1 \"payments\" crashed:"))
        try tmux.send("q")
    }
}
