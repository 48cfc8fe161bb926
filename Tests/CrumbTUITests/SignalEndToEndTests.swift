import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The viewer and signals, in tmux: whatever signal ends it, the shell gets its screen, cursor,
/// mouse and line settings back first, and the process still dies by that signal, so the shell
/// sees 128 + N (a script can tell a kill from a quit).
@Suite(.serialized) struct SignalEndToEndTests {
    static let dump = ViewerEndToEndTests.dump

    /// Every signal whose default action ends the process on Linux (signal(7)), but KILL and
    /// STOP, which cannot be caught. (QUIT and SEGV: ViewerEndToEndTests, with the backtracer.)
    static let endingSignals: [Int32] = [
        SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGSTKFLT, SIGXCPU, SIGXFSZ,
        SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSYS, SIGTRAP, SIGABRT, SIGBUS, SIGILL, SIGFPE,
        __libc_current_sigrtmin(), __libc_current_sigrtmin() + 1, __libc_current_sigrtmax(),
    ]

    /// What the viewer sets up: the alternate screen, a hidden cursor, mouse reports.
    static let viewerModes = TmuxSession.Modes(alternateScreen: true, cursorVisible: false, mouseReporting: true)

    /// The viewer, started so that its pid is in `viewer.pid`; the pane stays to be looked at.
    static func viewer(_ arguments: String = "'\(dump)'") throws -> TmuxSession {
        try TmuxSession(#"SWIFT_BACKTRACE=enable=no sh -c 'echo $$ > viewer.pid; exec "$CRUMBTUI" "$@"' crumbtui \#(arguments)"#,
                        width: 80, height: 24, hold: true)
    }

    static func pid(_ tmux: TmuxSession) throws -> Int32 {
        let text = try String(contentsOf: tmux.directory.appendingPathComponent("viewer.pid"), encoding: .utf8)
        return try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled), arguments: endingSignals)
    func aSignalRestoresTheTerminalThenEndsTheViewerByIt(signal: Int32) throws {
        let tmux = try Self.viewer()
        try tmux.waitFor("12 crumbs")
        #expect(try tmux.modes() == Self.viewerModes)
        #expect(kill(try Self.pid(tmux), signal) == 0)
        #expect(try tmux.exitStatus() == 128 + signal, "signal \(signal)")
        #expect(try tmux.terminalRestored(), "signal \(signal): the line settings")
        let modes = try tmux.modes()
        #expect(modes == .shell, "signal \(signal): \(modes)")
        #expect(try !tmux.screen().contains("12 crumbs"), "signal \(signal): the viewer's screen is gone")
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func ctrlCQuitsByTheInterruptSignal() throws {
        // The terminal sends Ctrl-C as SIGINT: the viewer quits by its normal path, then dies by
        // SIGINT, so that a shell loop over files stops too (status 130).
        let tmux = try Self.viewer()
        try tmux.waitFor("12 crumbs")
        try tmux.send("C-c")
        #expect(try tmux.exitStatus() == 128 + SIGINT)
        #expect(try tmux.terminalRestored())
        #expect(try tmux.modes() == .shell)
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func twoQuitSignalsAtOnceEndItByOneOfThem() throws {
        // Sent while it is stopped, SIGINT and SIGTERM arrive together on SIGCONT, on two of its
        // threads in either order: the first asks the viewer to quit, the second ends it at once.
        let tmux = try Self.viewer()
        try tmux.waitFor("12 crumbs")
        let pid = try Self.pid(tmux)
        #expect(kill(pid, SIGSTOP) == 0)
        #expect(kill(pid, SIGINT) == 0)
        #expect(kill(pid, SIGTERM) == 0)
        #expect(kill(pid, SIGCONT) == 0)
        let status = try tmux.exitStatus()
        #expect(status == 128 + SIGINT || status == 128 + SIGTERM, "status \(status)")
        #expect(try tmux.terminalRestored())
        #expect(try tmux.modes() == .shell)
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func sigtermEndsTheDemoAfterItCleanedUp() throws {
        // SIGTERM quits by the normal path first: the demo's app stops and its folder goes.
        let tmux = try Self.viewer("--demo")
        try tmux.waitUntil("the demo's workers recording") { $0.contains("FOLLOW") && $0.contains("worker-") }
        let pid = try Self.pid(tmux)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crumbtui-demo-\(pid)").path
        #expect(FileManager.default.fileExists(atPath: folder))
        #expect(kill(pid, SIGTERM) == 0)
        #expect(try tmux.exitStatus() == 128 + SIGTERM)
        #expect(!FileManager.default.fileExists(atPath: folder), "the demo's folder is removed")
        #expect(try tmux.terminalRestored())
        #expect(try tmux.modes() == .shell)
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func ctrlZStopsWithTheShellsTerminalAndFgComesBack() throws {
        // Job control needs an interactive shell: Ctrl-Z stops the viewer with the shell's
        // screen and line settings back, `fg` brings the viewer's screen back as it was.
        let tmux = try TmuxSession("PS1='ready> ' exec bash --norc --noprofile -i", width: 80, height: 24)
        try tmux.waitFor("ready>")
        // What the shell runs commands with (at its prompt, readline has its own settings).
        try tmux.send(#"stty -g > stty-shell; echo "sav""ed""#, literal: true)
        try tmux.send("Enter")
        try tmux.waitFor("saved")
        // The viewer is the job itself: the shell then takes the terminal back only once the
        // viewer has stopped, after it put the terminal back (a job of several processes races
        // with it, on any curses program).
        try tmux.send(#""$CRUMBTUI" '\#(Self.dump)'"#, literal: true)
        try tmux.send("Enter")
        try tmux.waitFor("12 crumbs")
        try tmux.send("j", "Enter")
        try tmux.waitFor("crumb 2 of 12")
        try tmux.send("C-z")
        try tmux.waitFor("Stopped")
        #expect(try tmux.modes() == .shell)
        try tmux.send(#"stty -g > stty-stopped; echo "sav""ed again""#, literal: true)
        try tmux.send("Enter")
        try tmux.waitFor("saved again")
        let folder = tmux.directory
        #expect(try String(contentsOf: folder.appendingPathComponent("stty-stopped"), encoding: .utf8)
                == String(contentsOf: folder.appendingPathComponent("stty-shell"), encoding: .utf8))
        try tmux.send("fg", "Enter")
        try tmux.waitFor("crumb 2 of 12")
        #expect(try tmux.modes() == Self.viewerModes)
        try tmux.send("j", "q")
        try tmux.waitUntil("the shell's prompt") { $0.components(separatedBy: "ready>").count > 5 }
        try tmux.send(#"echo "viewer-status=$?""#, literal: true)
        try tmux.send("Enter")
        try tmux.waitFor("viewer-status=0")
        #expect(try tmux.modes() == .shell)
    }
}
