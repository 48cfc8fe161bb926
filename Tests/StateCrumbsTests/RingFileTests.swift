import Foundation
import Synchronization
import Testing
@testable import StateCrumbs
#if canImport(Glibc)
import Glibc
#endif

extension GlobalRecorder {
    /// The ring in a file, seen from this process (another process's view: RingFileProcessTests).
    @Suite struct RingFileTests {
        static func folder() throws -> String {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ring-\(UUID())").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return folder
        }

        static func events(_ reader: RingFileReader) throws -> [String] {
            try reader.objects().map { $0["event"] as? String ?? "?" }
        }

        /// Field 22 of /proc/self/stat, read here the way the format document says.
        static func ownStartTime() throws -> UInt64 {
            let stat = try String(contentsOfFile: "/proc/self/stat", encoding: .utf8)
            let fields = stat[stat.index(after: try #require(stat.lastIndex(of: ")")))...].split(separator: " ")
            return try #require(UInt64(fields[19]))
        }

        @Test func theFileHoldsTheRingAndSaysWhoWritesIt() throws {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/app.crumbs"
            Fixture.reset(maxCrumbs: 100)
            crumb("before.enable")  // carried over into the file
            Crumbs.enable(maxCrumbs: 100, onCrash: .off, ringFile: path)
            defer { Fixture.reset() }
            for i in 0..<150 { crumb("n", ["i": i]) }

            let reader = try RingFileReader(path: path)
            #expect(reader.header.capacity == 100)
            #expect(reader.header.slotBytes == UInt32(Crumbs.defaultMaxCrumbBytes))
            #expect(reader.header.pid == getpid())
            #expect(reader.header.processStart == (try Self.ownStartTime()))
            let bootID = try String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)
            #expect(reader.header.bootID == bootID.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(reader.header.state == 0)
            #expect(reader.writerRunning)
            let created = Double(reader.header.createdNanoseconds) / 1e9
            #expect(abs(created - Date().timeIntervalSince1970) < 600)
            // The same crumbs as the ring in memory would keep: the newest 100, in order.
            let objects = try reader.objects()
            #expect(objects.map { $0["i"] as? String } == (50..<150).map { String($0) })
            #expect(Crumbs.snapshot().map { $0["i"] } == (50..<150).map { String($0) })
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            Crumbs.clear()
            #expect(try reader.objects().isEmpty)
            crumb("after.clear")
            #expect(try Self.events(reader) == ["after.clear"])
        }

        @Test func readingLiveWhileFourThreadsRecordFlatOutNeverShowsATornCrumb() throws {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/live.crumbs"
            // A small ring, wrapping all the time: the reader races the writers on every slot.
            Crumbs.enable(maxCrumbs: 64, onCrash: .off, ringFile: path)
            defer { Fixture.reset() }
            // The new file starts with the crumbs the test before left (enable copies them in):
            // not this test's writers', so out of the reader's window.
            Crumbs.clear()
            let reader = try RingFileReader(path: path)
            let writing = Flag(true)
            let letters = Array("abcd")
            let outcome = Mutex((passes: 0, crumbs: 0, torn: [String](), backwards: 0))
            let readerThread = Thread {
                var local = (passes: 0, crumbs: 0, torn: [String](), backwards: 0)
                repeat {
                    var last = [Int](repeating: -1, count: 4)
                    for crumb in reader.crumbs() {
                        let text = String(decoding: crumb.bytes, as: UTF8.self)
                        guard let object = try? JSONSerialization.jsonObject(with: Data(crumb.bytes)) as? [String: Any],
                              let w = (object["w"] as? String).flatMap(Int.init), (0..<4).contains(w),
                              let n = (object["n"] as? String).flatMap(Int.init),
                              object["pad"] as? String == String(repeating: letters[w], count: n % 200),
                              object["thread"] as? String == "writer-\(w)"
                        else { local.torn.append(text); continue }
                        if n <= last[w] { local.backwards += 1 }
                        last[w] = n
                        local.crumbs += 1
                    }
                    local.passes += 1
                } while writing.isSet
                outcome.withLock { $0 = local }
            }
            readerThread.start()
            GlobalRecorder.Concurrency.onThreads(4) { w in
                for n in 0..<50_000 {
                    crumb("live", ["w": w, "n": n, "pad": String(repeating: letters[w], count: n % 200)])
                }
            }
            writing.isSet = false
            while !readerThread.isFinished { usleep(1_000) }
            let result = outcome.withLock { $0 }
            #expect(result.torn.isEmpty, "\(result.torn.prefix(3))")
            #expect(result.backwards == 0)
            #expect(result.passes > 1)
            #expect(result.crumbs > 0)
            // Once the writers are done, the last 64 crumbs are all there.
            #expect(reader.crumbs().count == 64)
        }

        @Test func anotherSizeReplacesTheFileWhileThreadsRecord() throws {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/app.crumbs"
            Crumbs.enable(maxCrumbs: 100, onCrash: .off, ringFile: path)
            defer { Fixture.reset() }
            let sizes = [(300, 512), (100, 1024), (50, 2048), (200, 1024)]
            let reconfiguring = Flag(true)
            GlobalRecorder.Concurrency.onThreads(4) { w in
                if w == 0 {
                    for (maxCrumbs, bytes) in sizes {
                        usleep(20_000)
                        Crumbs.enable(maxCrumbs: maxCrumbs, onCrash: .off, maxCrumbBytes: bytes, ringFile: path)
                    }
                    while Crumbs.snapshot().count < 200 { usleep(1_000) }  // the others fill the last one
                    reconfiguring.isSet = false
                } else {
                    var n = 0
                    while reconfiguring.isSet {
                        crumb("busy", ["w": w, "n": n])
                        n += 1
                    }
                }
            }
            let reader = try RingFileReader(path: path)
            #expect(reader.header.capacity == 200)
            #expect(reader.header.slotBytes == 1024)
            #expect(reader.header.state == 0)
            #expect(try reader.objects().count == 200)
            for i in 0..<10 { crumb("last", ["i": i]) }
            #expect(try reader.objects().suffix(10).map { $0["i"] as? String } == (0..<10).map { String($0) })
            // This process's own file is replaced, not kept as evidence of an earlier run, and no
            // temporary file is left.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["app.crumbs"])
        }

        @Test func enableWithoutRingFileGoesBackToMemoryAndLeavesTheFile() throws {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/app.crumbs"
            let other = folder + "/other.crumbs"
            Crumbs.enable(maxCrumbs: 20, onCrash: .off, ringFile: path)
            defer { Fixture.reset() }
            crumb("in.file")
            Crumbs.enable(maxCrumbs: 20, onCrash: .off)
            crumb("in.memory")
            let left = try RingFileReader(path: path)
            #expect(left.header.state == 2, "detached: the process records elsewhere")
            #expect(try Self.events(left) == ["in.file"])
            #expect(Crumbs.snapshot().map(\.event) == ["in.file", "in.memory"])

            // Another ring file: the crumbs carry over, the first file stays as it was.
            Crumbs.enable(maxCrumbs: 20, onCrash: .off, ringFile: other)
            crumb("in.other")
            #expect(try Self.events(RingFileReader(path: other)) == ["in.file", "in.memory", "in.other"])
            #expect(try Self.events(RingFileReader(path: path)) == ["in.file"])

            // Back to the first path: its detached file is earlier evidence, kept as NAME.1.
            Crumbs.enable(maxCrumbs: 20, onCrash: .off, ringFile: path)
            crumb("back")
            #expect(try Self.events(RingFileReader(path: path + ".1")) == ["in.file"])
            #expect(try Self.events(RingFileReader(path: path)) == ["in.file", "in.memory", "in.other", "back"])
            #expect(try RingFileReader(path: other).header.state == 2)

            // disable() removes the crash hook only: recording into the file goes on.
            Crumbs.disable()
            crumb("after.disable")
            #expect(try Self.events(RingFileReader(path: path)).last == "after.disable")
        }
    }
}

/// A flag threads share.
final class Flag: Sendable {
    private let value: Atomic<Bool>
    init(_ value: Bool) { self.value = Atomic(value) }
    var isSet: Bool {
        get { value.load(ordering: .acquiring) }
        set { value.store(newValue, ordering: .releasing) }
    }
}
