import Foundation
import Testing
@testable import StateCrumbs

extension GlobalRecorder {
    /// The JSON Lines file every crumb streams to.
    @Suite struct LiveFileTests {
        static func temporaryFolder() throws -> String {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID())").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return folder
        }

        static func lines(_ path: String) throws -> [String] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        }

        static func object(_ line: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }

        @Test func everyCrumbFromEightThreadsArrivesWholeAndInOrder() throws {
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/live.jsonl"
            Crumbs.enable(maxCrumbs: 50, onCrash: .off, liveFile: path)
            defer { Fixture.reset() }
            let perThread = 20_000
            GlobalRecorder.Concurrency.onThreads(8) { thread in
                Crumbs.withContext(["writer": thread]) {
                    for i in 0..<perThread {
                        crumb("live", ["thread": thread, "i": i])
                        // Fast, but never more queued than the writer can hold, however busy the
                        // machine: overload (and its drops) has a test of its own.
                        if i % 2_000 == 1_999 { Crumbs.flush() }
                    }
                }
            }
            #expect(Crumbs.flush())
            let lines = try Self.lines(path)
            #expect(lines.count == 8 * perThread, "\(LiveFile.statistics)")
            var next = [Int](repeating: 0, count: 8)
            for line in lines {
                let object = try Self.object(line)
                let thread = try #require((object["_thread"] as? String).flatMap(Int.init), "\(line)")
                #expect(object["i"] as? String == String(next[thread]))
                next[thread] += 1
            }
            #expect(next == [Int](repeating: perThread, count: 8))
            let first = try #require(lines.first)
            #expect(first.hasPrefix(#"{"event":"live","ts":""#))
            #expect(first.contains(#","context":{"writer":""#))
        }

        @Test func theLiveFileKeepsEverythingWhateverTheRingSize() throws {
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/live.jsonl"
            Crumbs.enable(maxCrumbs: 50, onCrash: .off, liveFile: path)
            defer { Fixture.reset() }
            // 200,000 crumbs a second for a second.
            let start = ContinuousClock.now
            for slice in 0..<100 {
                for i in 0..<2_000 { crumb("paced", ["n": slice * 2_000 + i]) }
                let due = start + .milliseconds(10 * (slice + 1))
                let early = ContinuousClock.now.duration(to: due)
                if early > .zero { usleep(UInt32(early.components.attoseconds / 1_000_000_000_000)) }
            }
            #expect(Crumbs.flush())
            let lines = try Self.lines(path)
            #expect(lines.count == 200_000)
            #expect(try Self.object(lines.last!)["n"] as? String == "199999")
            #expect(Crumbs.snapshot().count == 50)
        }

        @Test func aFileThatExistsIsAppendedToAndANewOneIsPrivate() throws {
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/live.jsonl"
            Crumbs.enable(onCrash: .off, liveFile: path)
            crumb("one")
            #expect(Crumbs.flush())
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            Crumbs.enable(onCrash: .off, liveFile: folder + "/other.jsonl")
            crumb("two")
            Crumbs.enable(onCrash: .off, liveFile: path)
            crumb("three")
            #expect(Crumbs.flush())
            Fixture.reset()
            #expect(try Self.lines(path).map { try Self.object($0)["event"] as? String } == ["one", "three"])
            #expect(try Self.lines(folder + "/other.jsonl").count == 1)
        }

        @Test func rotationKeepsTheNewestFilesAndAFollowerSeesEveryLine() throws {
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/live.jsonl"
            Crumbs.enable(onCrash: .off, liveFile: path, liveFileMaxBytes: 64 * 1024, liveFileKeep: 2)
            defer { Fixture.reset() }
            let follower = Follower(path: path)
            follower.start()
            let total = 20_000
            for i in 0..<total {
                crumb("rotating", ["i": i, "pad": "0123456789abcdef"])
                // Batches smaller than the file limit, so that the follower, caught up after each,
                // sees at most one rotation at a time (as `tail -F`, it cannot see a file that
                // came and went between two looks).
                if i % 400 == 399 {
                    Crumbs.flush()
                    follower.wait(for: i + 1)
                }
            }
            #expect(Crumbs.flush())
            let seen = follower.stop(expecting: total)
            #expect(seen.count == total)
            let firstWrong = seen.indices.first { seen[$0] != String($0) }
            #expect(firstWrong == nil)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            #expect(files == ["live.jsonl", "live.jsonl.1", "live.jsonl.2"])
            for file in files {
                let size = try FileManager.default.attributesOfItem(atPath: folder + "/" + file)[.size] as? Int ?? 0
                #expect(size <= 64 * 1024)
            }
            #expect(LiveFile.statistics.rotations > 2)
        }

        @Test func overloadDropsCountsAndSaysSo() throws {
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            // The folder is not there yet: the writer cannot open the file, lines pile up in the
            // queue, and once it is full crumbs are dropped (crumb() never waits).
            let path = folder + "/later/live.jsonl"
            Crumbs.enable(onCrash: .off, maxCrumbBytes: 32_768, liveFile: path)
            defer { Fixture.reset() }
            let errorsBefore = LiveFile.statistics.write_errors
            let payload = String(repeating: "x", count: 20_000)
            let burst = 2_000  // 40 MB: more than the 16 MiB queue
            for i in 0..<burst { crumb("big", ["i": i, "payload": payload]) }
            #expect(!Crumbs.flush(timeout: .milliseconds(300)), "nothing can be written yet")
            #expect(LiveFile.statistics.write_errors > errorsBefore)
            try FileManager.default.createDirectory(atPath: folder + "/later", withIntermediateDirectories: true)
            crumb("after")
            #expect(Crumbs.flush())
            let objects = try Self.lines(path).map(Self.object)
            let markers = objects.filter { $0["event"] as? String == "statecrumbs.dropped" }
            let dropped = markers.compactMap { $0["count"] as? Int }.reduce(0, +)
            let kept = objects.filter { $0["event"] as? String == "big" }
            #expect(markers.count == 1)
            #expect(dropped > 0)
            #expect(kept.count + dropped == burst)
            // The queue keeps the oldest lines; what it could not take is what was dropped.
            let firstWrong = kept.indices.first { kept[$0]["i"] as? String != String($0) }
            #expect(firstWrong == nil)
            #expect(objects.last?["event"] as? String == "after")
        }
    }
}

/// Reads a file the way `tail -F` does, across rotation: when the path names a new file, it
/// finishes the old one and starts on the new. Collects the `i` field of each line.
final class Follower: @unchecked Sendable {
    // @unchecked: `seen` and `running` are only touched under the lock.
    private let path: String
    private let lock = NSLock()
    private var seen: [String] = []
    private var running = true
    private var thread: Thread?

    init(path: String) { self.path = path }

    func start() {
        let thread = Thread { [self] in follow() }
        self.thread = thread
        thread.start()
    }

    /// Waits until `count` lines were seen (at most 20 s).
    func wait(for count: Int) {
        for _ in 0..<2000 {
            if lock.withLock({ seen.count >= count }) { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// Stops once `count` lines were seen (or after 20 s) and returns them.
    func stop(expecting count: Int) -> [String] {
        wait(for: count)
        lock.withLock { running = false }
        while thread?.isFinished == false { Thread.sleep(forTimeInterval: 0.005) }
        return lock.withLock { seen }
    }

    private func follow() {
        var handle: FileHandle?
        var inode: UInt64 = 0
        var pending = Data()
        while lock.withLock({ running }) {
            if handle == nil, let opened = FileHandle(forReadingAtPath: path) {
                handle = opened
                inode = (try? FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64) ?? 0
            }
            guard let current = handle else { Thread.sleep(forTimeInterval: 0.001); continue }
            let data = current.availableData
            if !data.isEmpty {
                pending.append(data)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = pending[pending.startIndex..<newline]
                    pending = Data(pending[(newline + 1)...])
                    if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], let i = object["i"] as? String {
                        lock.withLock { seen.append(i) }
                    }
                }
                continue
            }
            let now = (try? FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64) ?? 0
            if now != inode {  // rotated: the old file is complete, read the new one
                try? current.close()
                handle = nil
                pending = Data()
                continue
            }
            Thread.sleep(forTimeInterval: 0.001)
        }
    }
}
