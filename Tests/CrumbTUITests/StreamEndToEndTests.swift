import Foundation
import Testing

/// Inputs that are not regular files, in tmux: a pipe on standard input and a FIFO are shown as
/// they arrive, like a followed file; a followed path that becomes a FIFO never blocks the viewer.
/// The writers wait for a file `go` that the test creates once it has seen the first crumbs on
/// screen: those crumbs were shown while the pipe was still open.
@Suite(.serialized) struct StreamEndToEndTests {
    static let live = TestSupport.fixture("python-live.jsonl")
    static let crash = TestSupport.fixture("python-crash-stderr.log")

    /// A running app's stderr, as `python3 app.py 2>&1` gives it: a line of text, the crumbs of
    /// its live file; once `go` exists, its crash (text, the dump, the traceback), then the end.
    static let app = #"{ echo 'service starting'; cat '\#(live)'; while [ ! -e go ]; do sleep 0.05; done; cat '\#(crash)'; }"#

    func go(_ tmux: TmuxSession) {
        _ = FileManager.default.createFile(atPath: tmux.directory.appendingPathComponent("go").path, contents: nil)
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func aPipeIsShownAsItArrives() throws {
        let tmux = try TmuxSession(#"\#(Self.app) | "$CRUMBTUI" -"#, width: 100, height: 30)
        let screen = try tmux.waitFor("12 crumbs")
        #expect(screen.contains("http.request"))
        #expect(screen.contains("FOLLOW"), "the newest crumb stays in view as crumbs arrive")
        go(tmux)
        // The dump's crumbs, and the crash the dump and traceback tell of, once they are there.
        try tmux.waitFor("15 crumbs")
        try tmux.waitFor("RuntimeError: database timed out")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        #expect(try tmux.terminalRestored())
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func aFIFOIsShownAsItArrives() throws {
        // The viewer starts before anything writes to the FIFO: opening it must not wait for one.
        let tmux = try TmuxSession(#"mkfifo app.fifo && { \#(Self.app) > app.fifo & } && "$CRUMBTUI" app.fifo"#,
                                   width: 100, height: 30)
        try tmux.waitFor("12 crumbs")
        go(tmux)
        try tmux.waitFor("RuntimeError: database timed out")
        try tmux.waitFor("15 crumbs")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func aFIFOWithoutAWriterDoesNotBlockTheViewer() throws {
        let tmux = try TmuxSession(#"mkfifo quiet.fifo && "$CRUMBTUI" quiet.fifo"#, width: 100, height: 30)
        try tmux.waitFor("no crumbs yet")
        try tmux.send("?")
        try tmux.waitFor("crumbtui keys")
        try tmux.send("q", "q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func aFIFOAmongSeveralInputsIsReadInTheBackground() throws {
        // Merged with the dump by time, the FIFO is read to its end; until a writer comes, the
        // viewer runs and says it is still reading.
        let tmux = try TmuxSession(#"mkfifo more.fifo && "$CRUMBTUI" '\#(ViewerEndToEndTests.dump)' more.fifo"#, width: 100, height: 30)
        try tmux.waitFor("indexing 2 files")
        try shell("cat '\(Self.live)' > '\(tmux.directory.appendingPathComponent("more.fifo").path)'")
        try tmux.waitFor("24 crumbs")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func aFollowedPathReplacedByAFIFOIsSkippedUntilAFileIsBack() throws {
        let folder = try TestSupport.temporaryDirectory()
        let path = folder.appendingPathComponent("live.jsonl").path
        try Data((#"{"event":"first","thread":"w1"}"# + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let tmux = try TmuxSession(#""$CRUMBTUI" --follow '\#(path)'"#, width: 100, height: 30)
        try tmux.waitFor("first")
        try shell("rm '\(path)' && mkfifo '\(path)'")
        try tmux.waitFor("not a regular file")
        try tmux.send("?")
        try tmux.waitFor("crumbtui keys")
        try tmux.send("q")
        try shell(#"rm '\#(path)' && printf '{"event":"back","thread":"w2"}\n' > '\#(path)'"#)
        try tmux.waitFor("back")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func aLineThatNeverEndsIsSkippedNotHeld() throws {
        // /dev/zero is a stream with no newline in it: the viewer holds at most one line's cap.
        let tmux = try TmuxSession(#""$CRUMBTUI" /dev/zero"#, width: 100, height: 30)
        try tmux.waitFor("longer than")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func aTerminalOnStandardInputIsRefused() throws {
        // Standard input is the terminal the keys come from: there is nothing to read crumbs from.
        let tmux = try TmuxSession(#""$CRUMBTUI" - 2> err"#, width: 100, height: 30)
        #expect(try tmux.exitStatus() == 2)
        let error = try String(contentsOf: tmux.directory.appendingPathComponent("err"), encoding: .utf8)
        #expect(error.contains("standard input is the terminal"), "\(error)")
        #expect(try tmux.terminalRestored())
    }

    func shell(_ command: String) throws {
        let run = try TestSupport.shell(command)
        #expect(run.status == 0, "\(command): \(run.error)")
    }
}
