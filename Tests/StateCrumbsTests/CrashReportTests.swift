import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// crumbtui on real crashes: the crash fixture's captured stderr, with Swift's backtracer
/// printing text or writing a JSON crash log, in debug and release builds, and a real Python
/// statecrumbs program's stderr with its traceback. `--print` ends each crash with its block:
/// the reason, the thread, the first frames in the app's code.
@Suite struct CrashReportTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var scenario: String
        /// The reason the block names, per build (debug, release).
        var reason: (debug: String, release: String)
        var thread: String
        /// Whether the backtracer shows a frame of the app's code (after abort() it shows only
        /// libc's frame).
        var userFrame = true
        var testDescription: String { scenario }
    }

    static let expected: [Expected] = [
        .init(scenario: "fatalError", reason: ("Fatal error: crash-fixture: fatalError", "Fatal error: crash-fixture: fatalError"),
              thread: "MainThread"),
        .init(scenario: "divide-by-zero", reason: ("Fatal error: Division by zero", "Swift runtime failure: Division by zero"),
              thread: "MainThread"),
        .init(scenario: "nil-unwrap",
              reason: ("Fatal error: Unexpectedly found nil while unwrapping an Optional value",
                       "Swift runtime failure: Unexpectedly found nil while unwrapping an Optional value"),
              thread: "MainThread"),
        .init(scenario: "as-cast", reason: ("Could not cast value of type 'Swift.String'", "Could not cast value of type 'Swift.String'"),
              thread: "MainThread", userFrame: false),
        .init(scenario: "background-crash",
              reason: ("Fatal error: crash-fixture: background-crash", "Fatal error: crash-fixture: background-crash"), thread: "doomed"),
        .init(scenario: "stack-overflow-thread", reason: ("SIGSEGV", "SIGSEGV"), thread: "deep"),
    ]

    /// The `✖ crash:` blocks of crumbtui's text output, each as its lines.
    static func blocks(_ output: String) -> [[String]] {
        var blocks: [[String]] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("✖ crash: ") {
                blocks.append([line])
            } else if line.hasPrefix("  "), !blocks.isEmpty {
                blocks[blocks.count - 1].append(line)
            }
        }
        return blocks
    }

    static func check(_ blocks: [[String]], _ expected: Expected, _ build: CrashTests.Build, _ context: String) throws {
        let block = try #require(blocks.count == 1 ? blocks.first : nil, "one crash expected: \(blocks)\n\(context.suffix(3000))")
        let reason = build == .debug ? expected.reason.debug : expected.reason.release
        #expect(block[0].hasPrefix("✖ crash: " + reason), "\(block)")
        #expect(block.count > 1 && block[1].hasPrefix("  thread \(expected.thread) · SIG"), "\(block)")
        // The first frame in the app's own code, with its file and line.
        if expected.userFrame {
            #expect(block.contains { $0.hasPrefix("  at ") && $0.contains("Sources/CrashFixture/main.swift:") }, "\(block)")
        } else {
            #expect(block.count > 2 && block[2].hasPrefix("  in "), "the innermost frame instead: \(block)")
        }
    }

    @Test(arguments: expected, CrashTests.Build.allCases)
    func aBacktraceInACapturedStderrIsTheCrash(expected: Expected, build: CrashTests.Build) throws {
        let outcome = try CrashTests.run(expected.scenario, build, .on)
        let folder = try Crumbtui.folder("crash-report")
        let log = folder + "/stderr.log"
        try outcome.stderr.write(toFile: log, atomically: true, encoding: .utf8)
        let printed = try Crumbtui.run([log, "--print"])
        #expect(printed.exitStatus == 0, "\(printed.stderr)")
        try Self.check(Self.blocks(printed.stdout), expected, build, outcome.stderr)
        // The crash comes right after its thread's last crumb.
        let lines = printed.stdout.split(separator: "\n").map(String.init)
        let block = try #require(lines.firstIndex { $0.hasPrefix("✖ crash: ") })
        #expect(block > 0 && lines[block - 1].contains("[\(expected.thread)] "), "\(lines.prefix(block + 1).suffix(3))")
        let stats = try Crumbtui.run([log, "--stats"])
        #expect(stats.stdout.contains("\ncrashes (1):\n  1  "), "\(stats.stdout)")
    }

    @Test(arguments: expected, CrashTests.Build.allCases)
    func aJSONCrashLogInAFolderJoinsItsDump(expected: Expected, build: CrashTests.Build) throws {
        let folder = try Crumbtui.folder("crash-log")
        let outcome = try CrashTests.run(
            expected.scenario, build, .on,
            environment: ["SWIFT_BACKTRACE": "enable=yes,format=json,output-to=\(folder)"])
        try outcome.stderr.write(toFile: folder + "/stderr.log", atomically: true, encoding: .utf8)
        let logs = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
        #expect(logs.count == 1, "\(logs)")
        let printed = try Crumbtui.run([folder, "--print"])
        #expect(printed.exitStatus == 0, "\(printed.stderr)")
        try Self.check(Self.blocks(printed.stdout), expected, build, printed.stdout + outcome.stderr)
        // Never shown as if it were a crumb.
        #expect(!printed.stdout.contains("crashReport"))
    }

    @Test func aPythonTracebackAfterItsDumpIsTheCrash() throws {
        let folder = try Crumbtui.folder("python-crash")
        let script = folder + "/app.py"
        try """
        import statecrumbs
        from statecrumbs.context import context
        statecrumbs.enable(max_crumbs=10)
        statecrumbs.crumb("start", user="alice")
        with context(request_id="req-7"):
            statecrumbs.crumb("divide", numerator=1)
            print(1 / 0)
        """.write(toFile: script, atomically: true, encoding: .utf8)
        var child = ChildProcess(path: try PeerPython.path(), arguments: [script])
        child.directory = folder
        let outcome = try child.run()
        #expect(outcome.exitStatus == 1)
        try outcome.stderr.write(toFile: folder + "/stderr.log", atomically: true, encoding: .utf8)
        let printed = try Crumbtui.run([folder + "/stderr.log", "--print"])
        let blocks = Self.blocks(printed.stdout)
        #expect(blocks.count == 1, "\(printed.stdout)")
        #expect(blocks.first?.first == "✖ crash: ZeroDivisionError: division by zero")
        #expect(blocks.first?.contains { $0.hasPrefix("  at \(script):7 in <module>") } == true, "\(blocks)")
        let lines = printed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3 && lines[1].hasSuffix("[MainThread] divide {request_id=req-7} numerator=1"), "\(lines)")
    }
}
