import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real binary in tmux, as a user would drive it. One private tmux server per test; tests
/// run one at a time so a loaded 2-core machine still answers within the deadlines.
@Suite(.serialized) struct ViewerEndToEndTests {
    static let dump = TestSupport.fixture("python-dump.json")
    static let tmuxInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")

    @Test(.enabled(if: tmuxInstalled)) func opensADumpAndQuitsRestoringTheTerminal() throws {
        let tmux = try TmuxSession(#""$CRUMBTUI" '\#(Self.dump)'"#)
        let screen = try tmux.waitFor("12 crumbs")
        #expect(screen.contains("MainThread app.start"))
        #expect(screen.contains("worker-1   http.request"))
        #expect(screen.contains("q quit  ? help"))
        try tmux.send("j", "Enter")
        try tmux.waitFor("crumb 2 of 12")
        try tmux.send("?")
        try tmux.waitFor("crumbtui keys")
        try tmux.send("q")
        try tmux.waitUntil("help closed") { !$0.contains("crumbtui keys") }
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        #expect(try tmux.terminalRestored())
        #expect(try !tmux.screen().contains("12 crumbs"), "the viewer's screen is gone")
    }

    @Test(.enabled(if: tmuxInstalled)) func ctrlBackslashKillsButRestoresTheTerminal() throws {
        // Ctrl-\ sends SIGQUIT, whose default action ends the process: it still dies by it
        // (status 128 + 3), and the shell gets its screen and line settings back.
        let tmux = try TmuxSession(#"SWIFT_BACKTRACE=enable=no "$CRUMBTUI" '\#(Self.dump)'"#, width: 80, height: 24)
        try tmux.waitFor("12 crumbs")
        try tmux.send("C-\\")
        #expect(try tmux.exitStatus() == 128 + SIGQUIT)
        #expect(try tmux.terminalRestored())
        #expect(try !tmux.screen().contains("12 crumbs"), "the viewer's screen is gone")
    }

    @Test(.enabled(if: tmuxInstalled)) func aCrashRestoresTheTerminalAndStillKillsTheProcess() throws {
        // A fatal signal (here sent: kill -SEGV; a Swift trap or a bad access takes the same
        // path) puts the terminal back, hands over to Swift's backtracer, and the process
        // dies by the same signal.
        let tmux = try TmuxSession(
            #"SWIFT_BACKTRACE=interactive=no sh -c 'echo $$ > viewer.pid; exec "$CRUMBTUI" "$0"' '\#(Self.dump)'"#,
            width: 80, height: 24)
        try tmux.waitFor("12 crumbs")
        let pidText = try String(contentsOf: tmux.directory.appendingPathComponent("viewer.pid"), encoding: .utf8)
        let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, SIGSEGV) == 0)
        #expect(try tmux.exitStatus() == 128 + SIGSEGV)
        #expect(try tmux.terminalRestored())
        let screen = try tmux.screen()
        #expect(!screen.contains("12 crumbs"), "the viewer's screen is gone:\n\(screen)")
    }

    @Test(.enabled(if: tmuxInstalled)) func filtersWithThePrompt() throws {
        let tmux = try TmuxSession(#""$CRUMBTUI" '\#(Self.dump)'"#, width: 80, height: 24)
        try tmux.waitFor("12 crumbs")
        try tmux.send("f")
        try tmux.send(#"user:"o"#, literal: true)
        try tmux.waitFor("^ column 6: unterminated quote")
        try tmux.send("C-u", "Escape")
        try tmux.waitFor("q quit")
        try tmux.send("f")
        try tmux.send("thread:worker-1", literal: true)
        try tmux.waitFor("3 of 12 crumbs match")
        try tmux.send("Enter")
        let screen = try tmux.waitFor("3 of 12 crumbs  filter: thread:worker-1")
        #expect(!screen.contains("worker-2"))
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test(.enabled(if: tmuxInstalled)) func picksAFacet() throws {
        let tmux = try TmuxSession(#""$CRUMBTUI" '\#(Self.dump)'"#)
        try tmux.waitFor("12 crumbs")
        try tmux.send("e")
        try tmux.waitFor("events (")
        try tmux.send("Down")
        try tmux.send("Enter")
        let screen = try tmux.waitFor("filter: event:")
        #expect(screen.contains("of 12 crumbs"))
        try tmux.send("Escape", "q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test(.enabled(if: tmuxInstalled)) func followsAFileWhileAnotherProcessAppendsAndRotatesIt() throws {
        let directory = try TestSupport.temporaryDirectory()
        let live = directory.appendingPathComponent("app.jsonl").path
        try Data((#"{"event":"first","thread":"w1"}"# + "\n").utf8).write(to: URL(fileURLWithPath: live))
        let tmux = try TmuxSession(#""$CRUMBTUI" --follow '\#(live)'"#, width: 80, height: 24)
        try tmux.waitFor("FOLLOW")
        try tmux.waitFor("first")
        try shell(#"printf '{"event":"second","thread":"w2"}\n{"event":"thi'"# + " >> '\(live)'")
        try tmux.waitFor("second")
        #expect(try !tmux.screen().contains("thi"), "a partial line waits for its newline")
        try shell(#"printf 'rd","thread":"w1"}\n'"# + " >> '\(live)'")
        try tmux.waitFor("third")
        try shell("mv '\(live)' '\(live).1' && printf '{\"event\":\"after.rotation\",\"thread\":\"w3\"}\\n' > '\(live)'")
        let screen = try tmux.waitFor("after.rotation")
        #expect(screen.contains("4 crumbs"))
        try shell("rm '\(live)'")
        try tmux.waitFor("was deleted")
        try shell(#"printf '{"event":"reborn","thread":"w1"}\n'"# + " > '\(live)'")
        try tmux.waitFor("reborn")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test(.enabled(if: tmuxInstalled)) func relaysOutOnResizeAndSaysWhenTooSmall() throws {
        let tmux = try TmuxSession(#""$CRUMBTUI" '\#(Self.dump)'"#)
        try tmux.waitFor("12 crumbs")
        try tmux.resize(width: 80, height: 24)
        try tmux.waitUntil("an 80-column layout") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            return lines.count == 24 && lines.contains { $0.hasPrefix("q quit") } && lines.allSatisfy { $0.count <= 80 }
        }
        try tmux.resize(width: 30, height: 8)
        try tmux.waitFor("terminal too small")
        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor("12 crumbs")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test(.enabled(if: tmuxInstalled)) func escapeSequencesInTheDataAreShownNotObeyed() throws {
        let file = try TestSupport.write(Array((#"{"event":"evil\u001b[2J\u001b[31mred\r\b","thread":"t","note":"\u009b1;1H"}"# + "\n"
            + #"{"event":"after","thread":"t"}"# + "\n").utf8), named: "evil.jsonl")
        let tmux = try TmuxSession(#""$CRUMBTUI" '\#(file)'"#, width: 100, height: 24)
        let screen = try tmux.waitFor("2 crumbs")
        #expect(screen.contains(#"evil^[[2J^[[31mred\r\b"#))
        #expect(screen.contains(#"\u{9B}1;1H"#))
        #expect(screen.contains("after"))
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test(.enabled(if: tmuxInstalled)) func readsCrumbsFromAPipeAndKeysFromTheTerminal() throws {
        let tmux = try TmuxSession(#"cat '\#(Self.dump)' | "$CRUMBTUI" -"#, width: 80, height: 24)
        let screen = try tmux.waitFor("12 crumbs")
        #expect(screen.contains("stdin"))
        try tmux.send("G", "Enter")
        try tmux.waitFor("crumb 12 of 12")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        #expect(try tmux.terminalRestored())
    }

    @Test(.enabled(if: tmuxInstalled)) func noUsableTerminalIsOneLineAndStatusTwo() throws {
        for (environment, expected) in [("env -u TERM", "TERM is not set"), ("TERM=no-such-terminal", "unknown terminal type"),
                                        ("TERM=dumb", "cannot position the cursor")] {
            let tmux = try TmuxSession(#"\#(environment) "$CRUMBTUI" '\#(Self.dump)' 2> err"#, width: 80, height: 24)
            #expect(try tmux.exitStatus() == 2)
            let error = try String(contentsOf: tmux.directory.appendingPathComponent("err"), encoding: .utf8)
            #expect(error.contains(expected), "\(environment): \(error)")
            #expect(error.split(separator: "\n").count == 1)
            #expect(try tmux.terminalRestored())
        }
    }

    @Test(.enabled(if: tmuxInstalled)) func mouseClickSelectsAndTheWheelScrolls() throws {
        let tmux = try TmuxSession(#""$CRUMBTUI" '\#(Self.dump)'"#, width: 80, height: 24)
        try tmux.waitFor("12 crumbs")
        // X10 mouse reports as a terminal sends them: ESC [ M, then button, column and row,
        // each plus 32 (1-based). A press and release at column 6, row 7 (0-based 5, 6).
        try tmux.send("\u{1B}[M &'", "\u{1B}[M#&'", literal: true)
        try tmux.send("Enter")
        try tmux.waitFor("crumb 6 of 12")
        try tmux.send("Enter")
        try tmux.send("\u{1B}[Ma&&", literal: true)   // wheel down: three rows
        try tmux.send("Enter")
        try tmux.waitFor("crumb 9 of 12")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    func shell(_ command: String) throws {
        let run = try TestSupport.shell(command)
        #expect(run.status == 0, "\(command): \(run.error)")
    }
}

/// Big files open progressively: a first screen from the file's start, then the full count.
@Suite(.serialized) struct ViewerProgressiveLoadingTests {
    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func aBigFileShowsItsStartThenTheFullCount() throws {
        let line = #"{"event":"tick","ts":"2025-12-30T10:23:45.000000+00:00","thread":"w1","n":"#
        let pad = #","pad":"\#(String(repeating: "x", count: 150))"}"# + "\n"
        var text = ""
        text.reserveCapacity(10 << 20)
        for index in 0..<50_000 { text += line + "\(index)" + pad }
        let file = try TestSupport.write(Array(text.utf8), named: "big.jsonl")
        let tmux = try TmuxSession(#""$CRUMBTUI" '\#(file)'"#, width: 100, height: 30)
        let screen = try tmux.waitFor("50,000 crumbs")
        #expect(screen.contains("n=0"), "the selection stays on the first crumb")
        try tmux.waitFor("loaded 50,000 crumbs in")
        try tmux.send("G")
        try tmux.waitFor("n=49999")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }
}
