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
        var signal: Int32
        /// The event of the last crumb in the dump; nil when it need only be somewhere in it.
        var lastEvent: String? = "before.crash"
        var testDescription: String { name }
    }

    static let traps: [Scenario] = [
        .init(name: "fatalError", signal: SIGILL),
        .init(name: "precondition", signal: SIGILL),
        .init(name: "nil-unwrap", signal: SIGILL),
        .init(name: "index", signal: SIGILL),
        .init(name: "overflow", signal: SIGILL),
        .init(name: "divide-by-zero", signal: SIGILL),
        .init(name: "as-cast", signal: SIGABRT),
        .init(name: "abort", signal: SIGABRT),
        .init(name: "mmap-bus", signal: SIGBUS),
        .init(name: "sigfpe", signal: SIGFPE),
        .init(name: "sigtrap", signal: SIGTRAP),
        .init(name: "sigsys", signal: SIGSYS),
        .init(name: "stack-overflow-main", signal: SIGSEGV),
        .init(name: "stack-overflow-thread", signal: SIGSEGV),
        .init(name: "background-crash", signal: SIGILL, lastEvent: nil),
        .init(name: "crash-during-crumb", signal: SIGILL, lastEvent: nil),
        .init(name: "eight-threads", signal: SIGILL, lastEvent: nil),
        .init(name: "ignored", signal: SIGILL),
        .init(name: "exit-race", signal: SIGILL),
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
        let crumbs = try Self.crumbs(dumps[0])
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
        let crumbs = try Self.crumbs(try #require(Self.dumps(in: outcome.stderr).first))
        #expect(crumbs.last?["event"] as? String == "waiting")
    }

    @Test(arguments: everyBuild)
    func eightThreadsCrashingAtOnceWriteOneDump(build: (Build, Backtracer)) throws {
        let outcome = try Self.run("eight-threads", build.0, build.1)
        #expect(outcome.signal == SIGILL)
        #expect(Self.dumps(in: outcome.stderr).count == 1)
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
        #expect(outcome.stderr.contains("handler-called count=6 last=before.crash"))
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
        let crumbs = try Self.crumbs(try String(contentsOfFile: dump, encoding: .utf8))
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
        #expect(crumbs.map { $0["event"] as? String } == ["start", "before_error"])
        #expect(crumbs.last?["x"] as? String == "10")
        #expect(crumbs.first?["user"] as? String == "alice")
        #expect(crumbs.first?["thread"] as? String == "MainThread")
    }
}
