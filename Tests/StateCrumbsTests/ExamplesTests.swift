import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Each program in Examples/ does what its header comment (and the README) says. They are run
/// as built by `swift build`, beside this test bundle, in a folder of their own.
@Suite struct ExamplesTests {
    static func run(
        _ example: String, _ arguments: [String] = [], in folder: String? = nil, environment: [String: String] = [:]
    ) throws -> ChildProcess.Outcome {
        let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let path = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent(example).path
        var child = ChildProcess(path: path, arguments: arguments)
        child.directory = folder
        child.environment["SWIFT_BACKTRACE"] = "enable=no"
        child.environment.merge(environment) { $1 }
        return try child.run()
    }

    /// The repository's root folder (this file is Tests/StateCrumbsTests/ExamplesTests.swift).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("example-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func basicContextShowsTheScopeOnEveryCrumbInside() throws {
        let outcome = try Self.run("basic_context")
        #expect(outcome.exitStatus == 0)
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasSuffix("[MainThread] request_start {request_id=req-999 user=bob}"))
        #expect(lines[1].hasSuffix("query {request_id=req-999 user=bob} table=orders"))
        #expect(lines[3].hasSuffix("[MainThread] idle"))
    }

    @Test func nestedContextDumpsWhatEachStepCarried() throws {
        let outcome = try Self.run("nested_context")
        #expect(outcome.exitStatus == 0)
        let crumbs = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        #expect(crumbs.map { $0["event"] as? String } == ["request_start", "query_started", "query_finished", "render_started", "request_end"])
        let context = crumbs.map { $0["context"] as? [String: String] ?? [:] }
        #expect(context[0] == ["request_id": "req-999", "user": "bob"])
        #expect(context[2] == ["request_id": "req-999", "user": "bob", "step": "db_query"])
        #expect(context[3]["user"] == "bob (impersonated by alice)")
        #expect(context[4] == ["request_id": "req-999", "user": "bob"])
        #expect(crumbs.allSatisfy { $0["ts"] == nil })
    }

    @Test func webRequestKeepsEachRequestsCrumbsApart() throws {
        let outcome = try Self.run("web_request")
        #expect(outcome.exitStatus == 0)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        for (index, line) in lines.prefix(3).enumerated() {
            let events = line.dropFirst("req-1: ".count).components(separatedBy: " → ")
            #expect(line.hasPrefix("req-\(index + 1): "))
            #expect(events.first == "request.start")
            #expect(Set(events.dropFirst().prefix(2)) == ["db.user.load", "db.cart.load"])
            #expect(events.last == (index == 2 ? "request.failed" : "request.end"))
        }
        #expect(lines[3] == "statuses: [200, 200, 404]")
    }

    @Test func dataIngestExportsTheRunAsJSON() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try Self.run("data_ingest", in: folder)
        #expect(outcome.exitStatus == 0)
        #expect(outcome.stdout.hasPrefix("loaded 3 rows, 1 batch failed; 19 crumbs written to ingest_crumbs.json"))
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/ingest_crumbs.json"))
        let crumbs = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(crumbs.count == 19)
        let failed = try #require(crumbs.first { $0["event"] as? String == "batch.failed" })
        #expect(failed["error"] as? String == #"invalid record "dave,brest,not-a-number""#)
        #expect((failed["context"] as? [String: String])?["batch"] == "1")
    }

    @Test func prodScalePipelineKeepsTheLastCrumbsAndStreamsThemAll() throws {
        // Run as a newcomer does, in a folder of their own: the 35 MB live file goes to the
        // temporary folder, and the program says where and how big, not into the current folder.
        let folder = try Self.folder(), temporary = try Self.folder()
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: temporary)
        }
        let outcome = try Self.run("prod_scale_pipeline", in: folder, environment: ["TMPDIR": temporary])
        #expect(outcome.exitStatus == 0)
        #expect(outcome.stdout.contains("recorded 200200 crumbs from 4 threads"))
        let live = temporary + "/pipeline-live.jsonl"
        #expect(outcome.stdout.contains("ring keeps the last 500; live file \(live) has 200200 lines"))
        #expect(outcome.stdout.contains(#/the live file takes 3\d\.\d MB: remove it when done \(rm .*pipeline-live.jsonl\)/#))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "nothing left in the current folder")
        // The README's table of examples gives the same count.
        let readme = try String(contentsOfFile: Self.repository + "/README.md", encoding: .utf8)
        let row = try #require(readme.split(separator: "\n").first { $0.hasPrefix("| `prod_scale_pipeline` |") })
        #expect(row.contains("200,200 crumbs"), "README: \(row)")
    }

    @Test func liveFileWritesWhatCrumbtuiReads() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try Self.run("live_file", ["--seconds", "0.5"], in: folder)
        #expect(outcome.exitStatus == 0)
        #expect(outcome.stdout.hasPrefix("writing crumbs to live-crumbs.jsonl for 0.5 s"))
        let lines = try String(contentsOfFile: folder + "/live-crumbs.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(outcome.stdout.contains("done: \(lines.count) crumbs in live-crumbs.jsonl"))
        #expect(lines.count > 10)
        let threads = Set(try lines.map {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["thread"] as? String
        })
        #expect(threads == ["api-worker", "db-worker", "cache-worker"])
        // The viewer's engine reads it: every line is a crumb.
        let count = try Self.run("crumbtui", [folder + "/live-crumbs.jsonl", "--count"])
        #expect(count.exitStatus == 0, "\(count.stderr)")
        #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(lines.count))
    }

    @Test func ringFileKeepsTheCrumbsOfAKilledRunAndOfTheRunBefore() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/app.crumbs"
        let bundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var child = ChildProcess(path: URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("ring_file").path,
                                 arguments: [path, "--seconds", "60"])
        child.environment["SWIFT_BACKTRACE"] = "enable=no"
        child.whileRunning = { pid, _ in
            // Killed once every worker recorded a few crumbs (at most 10 s).
            for _ in 0..<1000 {
                let threads = Set(((try? RingFileReader(path: path).objects()) ?? []).compactMap { $0["thread"] as? String })
                if threads.count == 3 { break }
                usleep(10_000)
            }
            kill(pid, SIGKILL)
        }
        let killed = try child.run()
        #expect(killed.signal == SIGKILL)
        #expect(killed.stdout.hasPrefix("pid "))
        #expect(killed.stdout.contains("records into \(path) for 60.0 s; kill -9 it, then: crumbtui \(path)"))
        let reader = try RingFileReader(path: path)
        #expect(!reader.writerRunning)
        let objects = try reader.objects()
        #expect(Set(objects.compactMap { $0["thread"] as? String }) == ["api-worker", "db-worker", "cache-worker"])
        #expect(objects.allSatisfy { ($0["event"] as? String)?.contains(".") == true })

        // A second run keeps the killed run's crumbs as PATH.1, and ends by itself.
        let second = try Self.run("ring_file", [path, "--seconds", "0.2"], in: folder)
        #expect(second.exitStatus == 0)
        #expect(second.stdout.contains("the earlier run's crumbs are in \(path).1"))
        let kept = try RingFileReader(path: path).objects()
        #expect(second.stdout.contains("done: \(path) keeps the last \(kept.count) crumbs"))
        #expect(kept.last?["event"] as? String == "shutdown")
        #expect(try RingFileReader(path: path + ".1").objects().count == objects.count)
    }
}
