import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Real crashes in child processes (the CrashFixture executable), in debug and release builds,
/// with Swift's runtime backtracer on (the default) and off.
@Suite struct CrashTests {
    enum Build: String, CaseIterable, Sendable { case debug, release }
    enum Backtracer: String, CaseIterable, Sendable { case on, off }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        /// What the crash crumb says.
        var crash: ExpectedCrash
        /// The event of the last crumb before the crash crumb; nil when it need only be somewhere.
        var lastEvent: String? = "before.crash"
        var signal: Int32 { crash.signal }
        var testDescription: String { name }
    }

    /// A Swift trap on x86-64: `ud2`.
    static let trap = ExpectedCrash(signal: SIGILL, code: "ILL_ILLOPN", address: true)
    /// abort() and raise() send the signal to their own thread with tgkill.
    static func sentToItself(_ signal: Int32) -> ExpectedCrash { ExpectedCrash(signal: signal, code: "SI_TKILL") }

    static let traps: [Scenario] = [
        .init(name: "fatalError", crash: trap),
        .init(name: "precondition", crash: trap),
        .init(name: "nil-unwrap", crash: trap),
        .init(name: "index", crash: trap),
        .init(name: "overflow", crash: trap),
        .init(name: "divide-by-zero", crash: trap),
        .init(name: "as-cast", crash: sentToItself(SIGABRT)),
        .init(name: "abort", crash: sentToItself(SIGABRT)),
        .init(name: "mmap-bus", crash: .init(signal: SIGBUS, code: "BUS_ADRERR", address: true)),
        .init(name: "sigfpe", crash: .init(signal: SIGFPE, code: "FPE_INTDIV", address: true)),
        // int3: x86-64 Linux sends SIGTRAP as SI_KERNEL, with no address.
        .init(name: "sigtrap", crash: .init(signal: SIGTRAP, code: "SI_KERNEL")),
        .init(name: "sigsys", crash: sentToItself(SIGSYS)),
        // Below the main thread's stack nothing is mapped; below a thread's, glibc's guard page
        // is mapped without access.
        .init(name: "stack-overflow-main", crash: .init(signal: SIGSEGV, code: "SEGV_MAPERR", address: true)),
        .init(name: "stack-overflow-thread",
              crash: .init(signal: SIGSEGV, code: "SEGV_ACCERR", address: true, thread: "deep")),
        .init(name: "background-crash", crash: trap.on("doomed"), lastEvent: nil),
        .init(name: "crash-during-crumb", crash: trap, lastEvent: nil),
        .init(name: "eight-threads", crash: trap.on(nil), lastEvent: nil),
        .init(name: "ignored", crash: trap),
        .init(name: "exit-race", crash: trap.on("doomed")),
    ]

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The debug fixture sits beside this test bundle; the release one is built on first use.
    static func fixture(_ build: Build) throws -> String {
        switch build {
        case .debug:
            let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            return URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("CrashFixture").path
        case .release:
            return try releaseFixture.get()
        }
    }

    static let releaseFixture: Result<String, any Error> = Result {
        let scratch = packageRoot + "/.build-crash-release"
        let build = ChildProcess(
            path: "/usr/bin/env",
            arguments: ["swift", "build", "-c", "release", "--product", "CrashFixture", "--scratch-path", scratch],
            directory: packageRoot)
        let outcome = try build.run()
        guard outcome.exitStatus == 0 else {
            throw FixtureError(message: "release build failed: \(outcome.stdout)\(outcome.stderr)")
        }
        return scratch + "/release/CrashFixture"
    }

    struct FixtureError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    static func run(_ scenario: String, _ build: Build, _ backtracer: Backtracer, extra: [String] = [],
                    environment: [String: String] = [:], directory: String? = nil,
                    whileRunning: ((pid_t, String) -> Void)? = nil) throws -> ChildProcess.Outcome {
        var child = ChildProcess(path: try fixture(build), arguments: [scenario] + extra)
        child.directory = directory
        child.whileRunning = whileRunning
        child.environment = environment
        if backtracer == .off {
            child.environment["SWIFT_BACKTRACE"] = "enable=no"
        } else {
            child.removeFromEnvironment = ["SWIFT_BACKTRACE"]
        }
        return try child.run()
    }

    /// The JSON arrays written on stderr: each starts with a line `[` and ends with a line `]`.
    static func dumps(in stderr: String) -> [String] {
        var result: [String] = []
        var current: [Substring]?
        for line in stderr.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "[" { current = [line]; continue }
            guard current != nil else { continue }
            current!.append(line)
            if line == "]" { result.append(current!.joined(separator: "\n")); current = nil }
        }
        return result
    }

    /// Waits (at most 10 s) until the fixture said "ready" on its standard output.
    static func waitUntilReady(_ stdoutPath: String) {
        for _ in 0..<1000 {
            if (try? String(contentsOfFile: stdoutPath, encoding: .utf8))?.contains("ready") == true { return }
            usleep(10_000)
        }
    }

    static func crumbs(_ dump: String) throws -> [[String: Any]] {
        let parsed = try JSONSerialization.jsonObject(with: Data(dump.utf8))
        return try #require(parsed as? [[String: Any]])
    }

    static let everyBuild = Build.allCases.flatMap { build in Backtracer.allCases.map { (build, $0) } }

    @Test(arguments: traps, everyBuild)
    func aCrashDumpsTheCrumbsAndDiesByItsSignal(scenario: Scenario, build: (Build, Backtracer)) throws {
        let outcome = try Self.run(scenario.name, build.0, build.1)
        #expect(outcome.signal == scenario.signal, "status \(outcome.shellStatus)\n\(outcome.stderr.suffix(2000))")
        #expect(outcome.shellStatus == 128 + scenario.signal)
        #expect(!outcome.leftBehind)
        let dumps = Self.dumps(in: outcome.stderr)
        try #require(dumps.count == 1, "\(outcome.stderr.prefix(3000))")
        let crumbs = try scenario.crash.check(dump: dumps[0], pid: outcome.pid)
        let events = crumbs.compactMap { $0["event"] as? String }
        if let last = scenario.lastEvent {
            #expect(events.last == last)
        } else {
            #expect(events.contains("before.crash"))
        }
        if scenario.name == "ignored" {
            #expect(outcome.stdout.contains("sigsys-still-ignored"))
            #expect(outcome.stdout.contains("survived-ignored-signal"))
        }
        if scenario.lastEvent != nil {
            let last = try #require(crumbs.last)
            #expect(last["scenario"] as? String == scenario.name)
        }
        // The runtime's backtracer handles QUIT, ILL, TRAP, ABRT, BUS, FPE and SEGV, not SYS.
        if build.1 == .on && scenario.signal != SIGSYS {
            // The runtime's backtrace comes after the crumbs, complete to its last line.
            let dumpEnd = try #require(outcome.stderr.range(of: dumps[0]))
            let backtrace = try #require(outcome.stderr.range(of: "Backtrace took"), "\(outcome.stderr.suffix(1500))")
            #expect(dumpEnd.upperBound <= backtrace.lowerBound)
            #expect(outcome.stderr.contains("Crash") || outcome.stderr.contains("crash"))
        }
    }

    @Test(arguments: everyBuild)
    func threadNamesAreRecorded(build: (Build, Backtracer)) throws {
        let outcome = try Self.run("background-crash", build.0, build.1)
        let crumbs = try Self.crumbs(try #require(Self.dumps(in: outcome.stderr).first))
        let thread = { (event: String) in crumbs.first { $0["event"] as? String == event }?["thread"] as? String }
        #expect(thread("start") == "MainThread")
        #expect(thread("before.crash") == "doomed")
        #expect(thread("helper.tick")?.wholeMatch(of: /Thread-\d+/) != nil)
        #expect(thread("statecrumbs.crash") == "doomed")
    }

    @Test(arguments: everyBuild)
    func aSignalSentFromOutsideDumpsAndKills(build: (Build, Backtracer)) throws {
        let outcome = try Self.run("kill-segv", build.0, build.1) { pid, stdoutPath in
            Self.waitUntilReady(stdoutPath)
            usleep(20_000)
            kill(pid, SIGSEGV)
        }
        #expect(outcome.signal == SIGSEGV)
        #expect(!outcome.leftBehind)
        let sent = ExpectedCrash(signal: SIGSEGV, code: "SI_USER", sender: getpid())
        let crumbs = try sent.check(dump: try #require(Self.dumps(in: outcome.stderr).first), pid: outcome.pid)
        #expect(crumbs.last?["event"] as? String == "waiting")
    }

    @Test(arguments: everyBuild)
    func eightThreadsCrashingAtOnceWriteOneDump(build: (Build, Backtracer)) throws {
        let outcome = try Self.run("eight-threads", build.0, build.1)
        #expect(outcome.signal == SIGILL)
        let dumps = Self.dumps(in: outcome.stderr)
        #expect(dumps.count == 1)
        // The crash crumb names the thread that got to dump: one of the eight.
        let crumbs = try Self.trap.on(nil).check(dump: try #require(dumps.first), pid: outcome.pid)
        #expect(crumbs.filter { $0["event"] as? String == "before.crash" }.count >= 1)
    }

    @Test(arguments: everyBuild)
    func aNormalExitDoesNotWinTheRaceWithACrash(build: (Build, Backtracer)) throws {
        for _ in 0..<5 {
            let outcome = try Self.run("exit-race", build.0, build.1)
            #expect(outcome.signal == SIGILL, "exited with \(outcome.shellStatus)")
        }
    }

    @Test(arguments: everyBuild)
    func aHandlerGetsTheCrumbs(build: (Build, Backtracer)) throws {
        let outcome = try Self.run("handler", build.0, build.1)
        #expect(outcome.signal == SIGILL)
        // The ring's six crumbs and the crash crumb; Crumbs.snapshot() in the handler has only the six.
        #expect(outcome.stderr.contains("handler-called count=7 last=statecrumbs.crash"), "\(outcome.stderr.prefix(2000))")
        #expect(outcome.stderr.contains("crash=SIGILL/ILL_ILLOPN/MainThread pid=\(outcome.pid)"))
        #expect(outcome.stderr.contains("snapshot count=6 last=before.crash"))
        #expect(Self.dumps(in: outcome.stderr).isEmpty)
    }

    @Test(arguments: everyBuild)
    func aHandlerThatCrashesStillDiesByTheOriginalSignal(build: (Build, Backtracer)) throws {
        let outcome = try Self.run("handler-crashes", build.0, build.1)
        #expect(outcome.signal == SIGABRT)
        #expect(outcome.stderr.contains("the handler itself crashes"))
        #expect(!outcome.leftBehind)
    }

    @Test(arguments: everyBuild)
    func offWritesNothing(build: (Build, Backtracer)) throws {
        let outcome = try Self.run("off", build.0, build.1)
        #expect(outcome.signal == SIGILL)
        #expect(Self.dumps(in: outcome.stderr).isEmpty)
    }

    @Test(arguments: everyBuild)
    func fileOutputReplacesAPlantedSymlinkAndKeepsItsTarget(build: (Build, Backtracer)) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crash-file-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let victim = folder + "/victim.txt", dump = folder + "/crumbs.json"
        try "precious".write(toFile: victim, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dump, withDestinationPath: victim)

        let outcome = try Self.run("file", build.0, build.1, extra: ["crumbs.json"], directory: folder)
        #expect(outcome.signal == SIGILL)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
        let attributes = try FileManager.default.attributesOfItem(atPath: dump)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let crumbs = try Self.trap.check(dump: try String(contentsOfFile: dump, encoding: .utf8), pid: outcome.pid)
        #expect(crumbs.last?["event"] as? String == "before.crash")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["victim.txt", "crumbs.json"])
        #expect(Self.dumps(in: outcome.stderr).isEmpty)
    }

    @Test(arguments: Build.allCases)
    func theCrashPathAllocatesNothing(build: Build) throws {
        let counter = FileManager.default.temporaryDirectory.appendingPathComponent("malloc-counter-\(UUID()).so").path
        defer { try? FileManager.default.removeItem(atPath: counter) }
        let compile = try ChildProcess(
            path: "/usr/bin/env",
            arguments: ["gcc", "-O2", "-shared", "-fPIC", "-o", counter, Self.packageRoot + "/Benchmarks/malloc_counter.c", "-ldl"]
        ).run()
        try #require(compile.exitStatus == 0, "\(compile.stderr)")
        let outcome = try Self.run("malloc-probe", build, .off, environment: ["LD_PRELOAD": counter])
        #expect(outcome.signal == SIGILL, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("crash-path-mallocs=0\n"), "\(outcome.stderr.prefix(400))")
        #expect(Self.dumps(in: outcome.stderr).count == 1)
    }

    /// With no ring, a dump still says what killed the process: the crash crumb alone.
    @Test(arguments: everyBuild)
    func anEmptyRingDumpsTheCrashCrumbAlone(build: (Build, Backtracer)) throws {
        let outcome = try Self.run("empty-ring", build.0, build.1)
        #expect(outcome.signal == SIGILL)
        let crumbs = try Self.trap.check(dump: try #require(Self.dumps(in: outcome.stderr).first), pid: outcome.pid)
        #expect(crumbs.isEmpty)
    }

    @Test func aCleanExitWritesNoDump() throws {
        let outcome = try Self.run("no-crash", .debug, .on)
        #expect(outcome.exitStatus == 0)
        #expect(outcome.stderr.isEmpty)
    }
}

/// `swift run basic_crumb`: the quick start of the README.
@Suite struct BasicCrumbExample {
    @Test func itCrashesWithTheLastCrumbsOnStderr() throws {
        let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let example = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("basic_crumb").path
        var child = ChildProcess(path: example, arguments: [])
        child.environment["SWIFT_BACKTRACE"] = "enable=no"
        let outcome = try child.run()
        #expect(outcome.signal == SIGILL)
        #expect(outcome.stderr.contains("Fatal error: Division by zero"))
        let dump = try #require(CrashTests.dumps(in: outcome.stderr).first)
        let crumbs = try CrashTests.crumbs(dump)
        #expect(crumbs.map { $0["event"] as? String } == ["start", "before_error", "statecrumbs.crash"])
        #expect(crumbs.last?["code"] as? String == "ILL_ILLOPN")
        #expect(crumbs.dropLast().last?["x"] as? String == "10")
        #expect(crumbs.first?["user"] as? String == "alice")
        #expect(crumbs.first?["thread"] as? String == "MainThread")
        // The README shows stderr as it comes: Swift's own line first, then the dump.
        let readme = try String(contentsOfFile: ExamplesTests.repository + "/README.md", encoding: .utf8)
        let sample = try #require(readme.components(separatedBy: "`swift run basic_crumb` runs exactly that").dropFirst().first)
        let block = try #require(sample.components(separatedBy: "```text\n").dropFirst().first)
        let firstLine = try #require(outcome.stderr.split(separator: "\n").first)
        let withoutLineNumber = { (line: Substring) in line.replacing(#/:\d+:/#, with: ":N:") }
        #expect(withoutLineNumber(firstLine).hasSuffix("Fatal error: Division by zero"))
        #expect(withoutLineNumber(try #require(block.split(separator: "\n").first)) == withoutLineNumber(firstLine))
        #expect(block.split(separator: "\n").dropFirst().first == "[", "then the dump")
    }
}
