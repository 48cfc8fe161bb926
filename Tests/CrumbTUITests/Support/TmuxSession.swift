import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real `crumbtui` in a private tmux server, for end-to-end tests: start it at a size, send
/// keys, and poll the screen every 20 ms until the expected text shows (with a generous
/// deadline for a loaded machine; never a fixed sleep).
final class TmuxSession {
    let directory: URL
    private let socket: String
    private static let deadline: Duration = .seconds(40)

    /// Runs `command` (a shell command line) in a new session of `width` x `height`; its shell
    /// lives through Ctrl-C and Ctrl-\ as an interactive one does, and no core files are
    /// written. The command's exit status lands in the file `status`; the terminal settings
    /// before and after it in `stty-before` and `stty-after`. With `hold`, the pane's shell
    /// stays after that, so that `modes()` still reads the terminal the command left behind.
    init(_ command: String, width: Int = 120, height: Int = 40, hold: Bool = false) throws {
        directory = try TestSupport.temporaryDirectory()
        socket = "crumbtui-test-\(UUID().uuidString.prefix(12))"
        let conf = directory.appendingPathComponent("tmux.conf")
        try """
        set -g status off
        set -g remain-on-exit on
        set -g default-terminal tmux-256color
        set -g escape-time 0
        set -g default-shell /bin/sh

        """.write(to: conf, atomically: true, encoding: .utf8)
        let dir = directory.path
        let wrapped = "trap : INT QUIT; ulimit -c 0; cd '\(dir)' && stty -g > stty-before; \(command); echo $? > status.tmp; stty -g > stty-after; mv status.tmp status\(hold ? "; exec sleep 3600" : "")"
        try tmux(["-f", conf.path, "new-session", "-d", "-x", "\(width)", "-y", "\(height)",
                  "-e", "LANG=C.UTF-8", "-e", "CRUMBTUI=\(TestSupport.binary)", wrapped])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs a tmux command and waits for it; with `output`, returns what it printed. Spawned
    /// by hand: the server that `new-session` forks keeps the client's descriptors, which made
    /// Foundation's `Process` wait forever.
    @discardableResult
    func tmux(_ arguments: [String], output: Bool = false) throws -> String {
        let outPath = directory.appendingPathComponent("tmux-output").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ? outPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["/usr/bin/tmux", "-L", socket] + arguments).map { strdup($0) } + [nil]
        // NO_COLOR from the test runner's own environment would reach every session.
        let environment = ProcessInfo.processInfo.environment.filter { $0.key != "NO_COLOR" }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            environment.forEach { free($0) }
        }
        // A clean signal mask and default handlers: the test runner's threads block signals
        // (SIGCHLD among them), and a tmux server that inherits that never reaps its panes.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in [SIGCHLD, SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/tmux", &actions, &attributes, argv, environment)
        guard spawned == 0 else { throw SpawnFailed(code: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard output else { return "" }
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    struct SpawnFailed: Error { var code: Int32 }

    /// What the pane shows now.
    func screen() throws -> String { try tmux(["capture-pane", "-p"], output: true) }

    /// Sends tmux key names (`"Enter"`, `"Down"`, `"C-c"`) or, with `literal`, text as typed.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys"] + (literal ? ["-l"] : []) + keys)
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `condition` holds; returns that screen, once drawn whole. Fails
    /// the test with the last screen when the deadline passes.
    @discardableResult
    func waitUntil(_ what: String, _ condition: (String) -> Bool,
                   sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let clock = ContinuousClock()
        let end = clock.now + Self.deadline
        var last = ""
        while clock.now < end {
            last = try screen()
            if condition(last) { return try settled(last, condition) }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("timed out waiting for \(what); screen:\n\(last)", sourceLocation: sourceLocation)
        throw TimedOut()
    }

    /// A frame can be captured half drawn: ncurses writes a big one in several pieces, and on a
    /// busy machine tmux shows the header before the rows and the status line below it. Waits
    /// until two captures 20 ms apart agree (at most 200 ms, for a screen that keeps changing)
    /// and returns the last one `condition` still holds on.
    private func settled(_ first: String, _ condition: (String) -> Bool) throws -> String {
        var previous = first
        for _ in 0..<10 {
            Thread.sleep(forTimeInterval: 0.02)
            let next = try screen()
            guard condition(next) else { return previous }
            if next == previous { return next }
            previous = next
        }
        return previous
    }

    @discardableResult
    func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitUntil("'\(text)'", { $0.contains(text) }, sourceLocation: sourceLocation)
    }

    /// The command's exit status, once it has ended.
    func exitStatus(sourceLocation: SourceLocation = #_sourceLocation) throws -> Int32 {
        let file = directory.appendingPathComponent("status")
        let clock = ContinuousClock()
        let end = clock.now + Self.deadline
        while clock.now < end {
            if let text = try? String(contentsOf: file, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("the command did not end; screen:\n\((try? screen()) ?? "")", sourceLocation: sourceLocation)
        throw TimedOut()
    }

    /// The terminal's modes as tmux keeps them for the pane: the alternate screen, the cursor,
    /// mouse reporting.
    struct Modes: Equatable, CustomStringConvertible {
        var alternateScreen: Bool
        var cursorVisible: Bool
        var mouseReporting: Bool

        /// What a shell's prompt has: the normal screen, a visible cursor, no mouse reports.
        static let shell = Modes(alternateScreen: false, cursorVisible: true, mouseReporting: false)

        var description: String {
            "alternate screen \(alternateScreen ? "on" : "off"), cursor \(cursorVisible ? "visible" : "hidden"), mouse reports \(mouseReporting ? "on" : "off")"
        }
    }

    func modes() throws -> Modes {
        let flags = try tmux(["display-message", "-p", "#{alternate_on} #{cursor_flag} #{mouse_any_flag}"], output: true)
            .split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "1" }
        guard flags.count == 3 else { throw Unreadable() }
        return Modes(alternateScreen: flags[0], cursorVisible: flags[1], mouseReporting: flags[2])
    }

    /// The pane's terminal settings now, as `stty -g` prints them.
    func terminalSettings() throws -> String {
        let tty = try tmux(["display-message", "-p", "#{pane_tty}"], output: true).trimmingCharacters(in: .whitespacesAndNewlines)
        return try TestSupport.shell("stty -g < '\(tty)'").output
    }

    /// The settings before the command, as `stty -g` printed them.
    func settingsBefore() throws -> String {
        try String(contentsOf: directory.appendingPathComponent("stty-before"), encoding: .utf8)
    }

    /// True when the terminal settings after the command are the ones before it.
    func terminalRestored() throws -> Bool {
        let before = try String(contentsOf: directory.appendingPathComponent("stty-before"), encoding: .utf8)
        let after = try String(contentsOf: directory.appendingPathComponent("stty-after"), encoding: .utf8)
        return !before.isEmpty && before == after
    }

    struct TimedOut: Error {}
    struct Unreadable: Error {}
}
