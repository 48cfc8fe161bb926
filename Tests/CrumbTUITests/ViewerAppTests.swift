import CrumbEngine
@testable import CrumbTUI
import Foundation
import Testing

/// The viewer's pieces around the screen: writing the shown crumbs, and starting without a file.
@Suite struct ViewerAppTests {
    typealias S = ViewerTestSupport

    @Test func writesTheShownCrumbsAsJSONLinesOrADump() throws {
        let list = try S.list(S.jsonLines(6), filter: "thread:w1")
        let directory = try TestSupport.temporaryDirectory()
        let jsonl = directory.appendingPathComponent("shown.jsonl").path
        #expect(CrumbExport.write(list, to: jsonl) == .message("wrote 2 crumbs to \(jsonl) (JSON Lines)", isError: false))
        let lines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix(#"{"event":"e0","#))
        let json = directory.appendingPathComponent("shown.json").path
        _ = CrumbExport.write(list, to: json)
        let (store, report) = TestSupport.load(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: json))))
        #expect(report.kind == .array)
        #expect(TestSupport.events(store) == ["e0", "e3"])
        let failed = CrumbExport.write(list, to: directory.appendingPathComponent("missing/x.json").path)
        guard case .message(let text, isError: true) = failed else {
            Issue.record("expected an error message, got \(failed)")
            return
        }
        #expect(text.hasPrefix("cannot write"))
    }

    @Test func withoutAFileItSaysWhatToDo() throws {
        let directory = try TestSupport.temporaryDirectory()
        let run = try TestSupport.shell("cd '\(directory.path)' && '\(TestSupport.binary)'")
        #expect(run.status == 2)
        #expect(run.error.contains("no ./statecrumbs.json or ./statecrumbs.jsonl here"))
        #expect(run.error.contains("crumbtui --demo"))
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func opensStatecrumbsJSONInTheWorkingDirectory() throws {
        let directory = try TestSupport.temporaryDirectory()
        try FileManager.default.copyItem(atPath: TestSupport.fixture("python-dump.json"),
                                         toPath: directory.appendingPathComponent("statecrumbs.json").path)
        let tmux = try TmuxSession(#"(cd '\#(directory.path)' && "$CRUMBTUI")"#, width: 80, height: 24)
        try tmux.waitFor("statecrumbs.json  12 crumbs")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func noColorTurnsColoursOff() throws {
        for (environment, coloured) in [("NO_COLOR=1", false), ("", true)] {
            let tmux = try TmuxSession(#"\#(environment) "$CRUMBTUI" '\#(TestSupport.fixture("python-dump.json"))'"#, width: 80, height: 24)
            try tmux.waitFor("12 crumbs")
            let screen = try tmux.tmux(["capture-pane", "-p", "-e"], output: true)
            // Foreground colours are SGR 30-37 (tmux writes them as `\e[3Xm`).
            let hasColour = (31...36).contains { screen.contains("\u{1B}[\($0)m") }
            #expect(hasColour == coloured, "\(environment): \(screen.debugDescription)")
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
        }
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func theStatusLineSaysWhatWasSkippedAndWhy() throws {
        let tmux = try TmuxSession(#""$CRUMBTUI" '\#(TestSupport.fixture("python-malformed.jsonl"))'"#, width: 120, height: 24)
        let screen = try tmux.waitFor("skipped 5 broken parts")
        #expect(screen.contains("python-malformed.jsonl:3: malformed JSON"))
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test func theCodesThatLeaveTheScreenAfterACrashCarryNoTerminfoDelays() {
        // vt100's sgr0 is `\E[m^O$<2>`: only tputs understands `$<2>`; written raw it would show.
        #expect(Terminal.withoutPadding("\u{1B}[m\u{0F}$<2>") == "\u{1B}[m\u{0F}")
        #expect(Terminal.withoutPadding("\u{1B}[?1049l$<5*/>\u{1B}[23;0;0t") == "\u{1B}[?1049l\u{1B}[23;0;0t")
        #expect(Terminal.withoutPadding("\u{1B}[?25h") == "\u{1B}[?25h")
    }
}
