import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The live file when the process dies: by a crash, by SIGKILL, or on a full disk.
@Suite struct LiveFileCrashTests {
    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("live-crash-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test(arguments: CrashTests.Build.allCases)
    func aCrashLosesNoLine(build: CrashTests.Build) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/live.jsonl"
        let outcome = try CrashTests.run("live-crash", build, .off, extra: [path])
        #expect(outcome.signal == SIGILL)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n"), "the last line is complete")
        let objects = try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let numbered = objects.filter { $0["event"] as? String == "n" }.compactMap { ($0["i"] as? String).flatMap(Int.init) }
        #expect(numbered == Array(0..<100_000))
        // The crash crumb is the last line, after every crumb recorded before the crash.
        let lastLine = try #require(text.split(separator: "\n").last.map(String.init))
        try CrashTests.trap.check(try #require(objects.last), keyOrder: Fixture.keyOrder(ofObjectsIn: lastLine).first ?? [],
                                  before: Array(objects.dropLast()), pid: outcome.pid)
        #expect(objects.dropLast().last?["event"] as? String == "before.crash")
        #expect(!objects.contains { $0["event"] as? String == "statecrumbs.dropped" })
    }

    @Test(arguments: CrashTests.Build.allCases)
    func crumbsDroppedBeforeACrashAreCountedAndTheCrashCrumbComesLast(build: CrashTests.Build) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/logs", withIntermediateDirectories: true)
        let path = folder + "/logs/live.jsonl"
        let outcome = try CrashTests.run("live-crash-dropped", build, .off, extra: [path])
        #expect(outcome.signal == SIGILL)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let objects = try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let numbered = objects.filter { $0["event"] as? String == "n" }.compactMap { ($0["i"] as? String).flatMap(Int.init) }
        let dropped = objects.filter { $0["event"] as? String == "statecrumbs.dropped" }.compactMap { $0["count"] as? Int }
        let ended = objects.filter { $0["event"] as? String == "before.crash" }.count
        #expect(numbered == numbered.sorted())
        #expect(dropped.reduce(0, +) > 0, "the queue overflowed")
        // 200,000 crumbs and before.crash: each one in the file or counted by a marker.
        #expect(numbered.count + ended + dropped.reduce(0, +) == 200_001)
        try CrashTests.trap.check(try #require(objects.last), keyOrder: Fixture.keyOrder(ofObjectsIn: String(text.split(separator: "\n").last!)).first ?? [],
                                  before: Array(objects.dropLast()), pid: outcome.pid)
    }

    @Test(arguments: CrashTests.Build.allCases)
    func sigkillLeavesOnlyWholeLinesButPossiblyTheLast(build: CrashTests.Build) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/live.jsonl"
        let outcome = try CrashTests.run("live-kill", build, .off, extra: [path]) { pid, stdoutPath in
            CrashTests.waitUntilReady(stdoutPath)
            usleep(200_000)
            kill(pid, SIGKILL)
        }
        #expect(outcome.signal == SIGKILL)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() } else { lines.removeLast() }  // a partial last line is allowed
        #expect(lines.count > 10_000)
        // Every line is whole JSON and in order. If the writer fell behind, crumbs were dropped
        // and the markers count them: the gaps in the numbers add up to the markers' counts.
        var next = 0, backwards = 0, gaps = 0, dropped = 0
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            switch object["event"] as? String {
            case "n":
                let i = try #require(Int(object["i"] as? String ?? ""))
                if i < next { backwards += 1 } else { gaps += i - next }
                next = i + 1
            case "statecrumbs.dropped":
                dropped += object["count"] as? Int ?? 0
            default:
                break
            }
        }
        #expect(backwards == 0)
        #expect(gaps <= dropped)
    }

    @Test func aFullDiskIsReportedOnceAndTheAppGoesOn() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/live.jsonl"
        let outcome = try CrashTests.run("live-ulimit", .debug, .off, extra: [path])
        #expect(outcome.exitStatus == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("alive"))
        let reports = outcome.stderr.components(separatedBy: "StateCrumbs: live file").count - 1
        #expect(reports == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("File too large"))
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(size <= 64 * 1024)
    }
}

extension LiveFileCrashTests {
    @Test(arguments: CrashTests.Build.allCases)
    func aCrashWritesTheQueuedCrumbsAsOTLP(build: CrashTests.Build) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/logs", withIntermediateDirectories: true)
        let path = folder + "/logs/live.otlp.jsonl"
        let service = "checkout \"svc\" ✓\u{1}\\"
        let outcome = try CrashTests.run("live-crash-otlp", build, .off, extra: [path],
                                         environment: ["OTEL_SERVICE_NAME": service])
        #expect(outcome.signal == SIGILL)
        let check = try OTLPCheck.run([path], cut: 40)
        #expect(check.errors == [])
        let numbered = check.records.filter { $0.event == "n" }
        #expect(numbered.compactMap { $0.attribute("i").flatMap(Int.init) } == Array(0..<50_000))
        #expect(numbered.allSatisfy { $0.traceId == "4bf92f3577b34da6a3ce929d0e0e4736" && $0.spanId == "00f067aa0ba902b7" })
        let events = check.records.map(\.event)
        #expect(events.firstIndex(of: "first") ?? .max < events.firstIndex(of: "n") ?? -1)
        // The crash crumb is the last record: FATAL, with what it says as attributes.
        let crash = try #require(check.records.last)
        #expect(crash.event == "statecrumbs.crash" && crash.body == "statecrumbs.crash")
        #expect(crash.severity == 21 && crash.severityText == "FATAL")
        #expect(crash.attributes.map { $0[0] } == ["thread.name", "signal", "code", "address", "pid"])
        #expect(crash.attribute("thread.name") == "MainThread")
        #expect(crash.attribute("signal") == "SIGILL" && crash.attribute("code") == "ILL_ILLOPN")
        #expect(crash.attribute("address")?.wholeMatch(of: /0x[0-9a-f]+/) != nil)
        #expect(crash.attribute("pid") == String(outcome.pid))
        #expect(crash.attributes.allSatisfy { $0[1] == "string" })
        let before = check.records.dropLast()
        #expect(before.last?.event == "before.crash")
        let crashTime = try #require(crash.time.flatMap { UInt64($0) })
        #expect(before.allSatisfy { UInt64($0.time ?? "") ?? 0 <= crashTime })
        #expect(!check.records.contains { $0.event == "statecrumbs.dropped" })
        let resource = try #require(check.resources.first)
        #expect(check.resources.count == 1)
        #expect(resource.attributes["service.name"] == service)
        #expect(resource.attributes["process.executable.name"] == "CrashFixture")
    }
}
