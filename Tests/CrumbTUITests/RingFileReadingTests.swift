@testable import CrumbEngine
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Ring files that real processes wrote (`Crumbs.enable(ringFile:)`), read after `kill -9`, while
/// the process records, after a restart and after a crash: as a user runs crumbtui on them.
@Suite struct RingFileReadingTests {
    typealias R = RingFileSupport

    @Test func afterKill9EveryCrumbIsWholeAndEachThreadInOrder() throws {
        let (path, pid) = try R.killedRing()
        let count = try TestSupport.crumbtui(path, "--count")
        #expect(count.status == 0, "\(count.error)")
        let counted = try #require(Int(count.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        // The newest crumbs are there: all 2,000 slots but those being written at the kill.
        #expect(counted >= 2_000 - 4 && counted <= 2_000, "\(counted)")

        let printed = try TestSupport.crumbtui(path, "--print", "--format", "jsonl")
        #expect(printed.status == 0)
        let objects = try R.objects(printed.output)
        #expect(objects.count == counted)
        var last: [String: Int] = [:]
        let problems = R.ringKillProblems(objects, last: &last)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        // (Which of the four threads are in the last 2,000 crumbs is up to the scheduler.)
        let thread = try #require(last.keys.sorted().first)

        let store = CrumbStore()
        let report = CrumbLoader().load([path], into: store)[0]
        #expect(report.kind == .ring && !report.isUnusable)
        #expect(store.ringFiles.map(\.description) == ["ring of pid \(pid) (ended)"])

        let text = try TestSupport.crumbtui(path, "--print", "--filter", "thread:\(thread)")
        #expect(text.status == 0)
        #expect(!text.outputLines.isEmpty && text.outputLines.allSatisfy { $0.contains("[\(thread)] r") }, "\(text.outputLines.prefix(3))")
        let stats = try TestSupport.crumbtui(path, "--stats")
        #expect(stats.output.contains("\(counted) crumbs") && stats.output.contains("  \(thread)\n"), "\(stats.output)")
    }

    @Test func readWhileTheProcessRecordsNoCrumbIsTornAndNewOnesArrive() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("app.crumbs").path
        let writer = try R.Writer(R.fixture, ["ring-kill", path])
        try writer.waitFor("ready")
        let store = CrumbStore()
        CrumbLoader().load([path], into: store)
        let info = try #require(store.ringFiles.first)
        #expect(info.writer == .running)
        #expect(info.pid == writer.pid)
        var last: [String: Int] = [:]
        var problems = R.ringKillProblems((0..<store.count).map(object(store)), last: &last)

        let tailer = RingTailer(following: info)
        var counts = [store.count]
        for _ in 0..<20 {
            usleep(20_000)
            let update = tailer.poll()
            let before = store.count
            store.appendLines(update.data, name: path)
            problems += R.ringKillProblems((before..<store.count).map(object(store)), last: &last)
            counts.append(store.count)
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        #expect(counts.last! > counts.first!, "\(counts)")
        #expect(store.problems.isEmpty, "\(store.problems.prefix(3))")

        writer.kill()
        let final = tailer.poll()
        #expect(final.events.contains(.writerStopped))
        #expect(final.info?.writer == .ended)
        #expect(tailer.poll() == RingTailer.Update(), "nothing more once the writer is gone")
    }

    @Test func aRestartedServicesRunsMergeByTime() throws {
        let folder = try TestSupport.temporaryDirectory().path
        let path = folder + "/app.crumbs"
        #expect(try R.run("ring-run", path, ["first"]) == 0)
        #expect(try R.run("ring-run", path, ["second"]) == 0)
        #expect(FileManager.default.fileExists(atPath: path + ".1"), "the first run's file is kept")
        // Given newest first, they still come out oldest first.
        let printed = try TestSupport.crumbtui(path, path + ".1", "--print", "--format", "jsonl")
        #expect(printed.status == 0, "\(printed.error)")
        let objects = try R.objects(printed.output)
        #expect(objects.map { "\($0["event"]!)" + (($0["label"] as? String).map { ":" + $0 } ?? "") }
                == ["run:first", "run.again", "run:second", "run.again"])
        let count = try TestSupport.crumbtui(path, path + ".1", "--count", "--filter", "event:run")
        #expect(count.output == "2\n")

        let store = CrumbStore()
        CrumbLoader().load([folder], into: store)
        #expect(store.count == 4, "a folder's ring files are found")
        #expect(store.ringFiles.map(\.writer) == [.ended, .ended])
    }

    @Test func aCrashedProcesssRingSaysItCrashed() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("app.crumbs").path
        let status = try R.run("ring-crash", path)
        #expect(status != 0)
        let store = CrumbStore()
        let report = CrumbLoader().load([path], into: store)[0]
        #expect(!report.isUnusable)
        #expect(store.ringFiles.first?.writer == .crashed)
        #expect(store.ringFiles.first?.description.hasSuffix("(crashed)") == true)
        #expect(TestSupport.events(store).contains("before.crash"))
    }

    @Test func standardInputReadsARingFileToo() throws {
        let (path, _) = try R.killedRing()
        let count = try TestSupport.crumbtui("-", "--count", input: path)
        let direct = try TestSupport.crumbtui(path, "--count")
        #expect(count.status == 0 && count.output == direct.output)
    }

    @Test func aFileTheSameProcessRemadeGoesOnAfterTheLastCrumbRead() throws {
        // `enable` with another ring size remakes the file with the newest crumbs copied over:
        // here a copy of the file (same writer) renamed over it.
        let folder = try TestSupport.temporaryDirectory().path
        let path = try TestSupport.write(R.finishedRing, named: "app.crumbs", in: folder)
        let store = CrumbStore()
        CrumbLoader().load([path], into: store)
        let tailer = RingTailer(following: try #require(store.ringFiles.first))
        _ = try TestSupport.write(R.finishedRing, named: "app.crumbs.tmp", in: folder)
        #expect(rename(path + ".tmp", path) == 0)
        let update = tailer.poll()
        #expect(update.events == [.replaced])
        #expect(update.data.isEmpty, "no crumb twice: \(String(decoding: update.data, as: UTF8.self))")
        // Another process's file at the path is read from its oldest crumb.
        var other = R.finishedRing
        R.set(Int32(1), at: R.Field.pid.rawValue, in: &other)
        _ = try TestSupport.write(other, named: "app.crumbs.tmp", in: folder)
        #expect(rename(path + ".tmp", path) == 0)
        let next = tailer.poll()
        #expect(next.events == [.replaced] && next.info?.pid == 1)
        #expect(String(decoding: next.data, as: UTF8.self).split(separator: "\n").count == 2)
    }

    @Test func aFollowerMoreThanARingBehindCountsWhatItMissed() throws {
        let (path, _) = try R.killedRing()
        let store = CrumbStore()
        CrumbLoader().load([path], into: store)
        var info = try #require(store.ringFiles.first)
        let head = info.nextTicket
        try #require(head > 2_000 + 10, "the writer wrapped the ring")
        // As if the follower had last read 10 crumbs before the oldest the ring still holds.
        info.nextTicket = head - 2_000 - 10
        let update = RingTailer(following: info).poll()
        #expect(update.missed == 10)
        #expect(update.data.split(separator: 0x0A).count == store.count, "then the whole ring, as loading read it")
    }

    @Test func theHelpSaysRingFilesAreRead() throws {
        let help = try TestSupport.crumbtui("--help")
        #expect(help.output.contains("a ring file (the last crumbs"))
        #expect(help.output.contains("crumbtui --follow /var/tmp/app.crumbs"))
    }

    private func object(_ store: CrumbStore) -> (Int) -> [String: Any] {
        { index in
            let data = store.withBytes(of: index) { Data($0) }
            return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        }
    }
}
