import CMapGuard
@testable import CrumbEngine
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Ring files cut short, zeroed, overwritten with noise, or with header and slot values that lie:
/// each is refused with a clear message (exit 1) or read safely, and none crashes crumbtui,
/// makes it allocate more than the file holds, or read past the file's end. Each starts from a
/// ring file a real process wrote (`ring-run`: 20 slots, two crumbs, the process ended).
@Suite struct RingFileHostileTests {
    typealias R = RingFileSupport
    typealias F = R.Field

    func load(_ bytes: [UInt8]) -> (CrumbStore, InputReport) {
        let store = CrumbStore()
        let report = CrumbLoader().load(bytes: bytes, name: "app.crumbs", into: store)
        return (store, report)
    }

    func ring() throws -> [UInt8] {
        let bytes = R.finishedRing
        try #require(bytes.count == 256 + 20 * (16 + 1024), "the ring-run scenario's file: \(bytes.count) bytes")
        return bytes
    }

    @Test func theWholeFileReads() throws {
        let (store, report) = load(try ring())
        #expect(report.kind == .ring && report.failure == nil && report.crumbs == 2)
        #expect(TestSupport.events(store) == ["run", "run.again"])
        #expect(store.problems.isEmpty)
    }

    @Test func cutShortAtEverySizeIsRefused() throws {
        let whole = try ring()
        let stride = 16 + 1024
        let sizes = Array(0...300) + [256 + stride / 2, 256 + stride + 8, whole.count - 1]
        for size in sizes {
            let (store, report) = load(Array(whole.prefix(size)))
            #expect(store.count == 0, "\(size) bytes")
            switch size {
            case 0:
                #expect(report.kind == .empty)
            case 1..<4:
                #expect(report.isUnusable, "\(size) bytes")
            default:
                #expect(report.kind == .ring && report.isUnusable, "\(size) bytes")
                #expect(report.failure?.hasPrefix("a damaged ring file: ") == true, "\(size): \(report.failure ?? "")")
                #expect(report.failure?.contains(size < 256 ? "cut short at \(size) bytes" : "(cut short)") == true,
                        "\(size): \(report.failure ?? "")")
            }
        }
        let (_, longer) = load(whole + [0])
        #expect(longer.failure?.contains("bytes after its last slot") == true)
    }

    @Test func theCommandLineRefusesADamagedRingFileWithStatusOne() throws {
        let whole = try ring()
        let folder = try TestSupport.temporaryDirectory().path
        let cut = try TestSupport.write(Array(whole.prefix(5_000)), named: "cut.crumbs", in: folder)
        for mode in ["--count", "--print", "--stats"] {
            let run = try TestSupport.crumbtui(cut, mode)
            #expect(run.status == 1, "\(mode)")
            #expect(run.error.contains("cut.crumbs: a damaged ring file: 5000 bytes, its header says 21056 (cut short)"), "\(run.error)")
        }
        // With a good file beside it, the good one is read and the status still says what failed.
        let good = try TestSupport.write(whole, named: "app.crumbs", in: folder)
        let both = try TestSupport.crumbtui(good, cut, "--count")
        #expect(both.status == 1 && both.output == "2\n")
        // In a folder it is not left out as "neither crumbs nor crashes": it is a damaged ring file.
        let inFolder = try TestSupport.crumbtui(folder, "--count")
        #expect(inFolder.status == 1 && inFolder.error.contains("cut.crumbs: a damaged ring file"), "\(inFolder.error)")
    }

    @Test func aZeroedFileSaysSo() throws {
        let zeros = [UInt8](repeating: 0, count: try ring().count)
        let (_, report) = load(zeros)
        #expect(report.isUnusable)
        let path = try TestSupport.write(zeros, named: "zeroed.crumbs")
        let run = try TestSupport.crumbtui(path, "--count")
        #expect(run.status == 1)
        #expect(run.error.contains("zeroed.crumbs: all 21056 bytes are zero: no crumbs in it"), "\(run.error)")
    }

    @Test func randomBytesAfterTheMagicAreRefused() throws {
        let whole = try ring()
        var random = SplitMix64(seed: 7)
        for round in 0..<300 {
            // The header after the magic, or only the slots, or both, become noise.
            var bytes = whole
            let from = round % 3 == 1 ? 256 : 8
            let to = round % 3 == 0 ? 256 : bytes.count
            for index in from..<to { bytes[index] = UInt8(truncatingIfNeeded: random.next()) }
            let (store, report) = load(bytes)
            #expect(report.kind == .ring && report.isUnusable && store.count == 0, "round \(round): \(report)")
            #expect(report.failure?.contains("ring file") == true, "round \(round): \(report.failure ?? "")")
        }
    }

    @Test func absurdGeometryIsRefusedWithoutAllocatingOrReadingPastTheEnd() throws {
        let whole = try ring()
        let cases: [(field: F, value: UInt64, message: String)] = [
            (.capacity, UInt64(UInt32.max), "its header gives its size as 21056 bytes, its geometry as"),
            (.capacity, 0, "no slots (capacity 0)"),
            (.slotBytes, UInt64(UInt32.max - 7), "slot stride 1040, not 16 + slot size 4294967288"),
            (.slotBytes, 1020, "slot size 1020 (more than 0, a multiple of 8)"),
            (.stride, UInt64(UInt32.max), "slot stride 4294967295, not 16 + slot size 1024"),
            (.headerBytes, UInt64(UInt32.max), "header size 4294967295"),
            (.headerBytes, 64, "header size 64 (at least 192, a multiple of 8)"),
            (.totalBytes, UInt64.max, "its header gives its size as 18446744073709551615 bytes"),
            (.version, 3, "a ring file of version 3: this crumbtui reads versions 1 to 2"),
            (.byteOrder, 0x0403_0201, "a ring file of the other byte order"),
        ]
        for item in cases {
            var bytes = whole
            if item.field == .totalBytes {
                R.set(item.value, at: item.field.rawValue, in: &bytes)
            } else {
                R.set(UInt32(truncatingIfNeeded: item.value), at: item.field.rawValue, in: &bytes)
            }
            let (store, report) = load(bytes)
            #expect(report.isUnusable && store.count == 0)
            #expect(report.failure?.contains(item.message) == true, "\(item.field): \(report.failure ?? "")")
        }
        // A geometry that agrees with itself but not with the file: a billion slots.
        var bytes = whole
        R.set(UInt32(1_000_000_000), at: F.capacity.rawValue, in: &bytes)
        R.set(UInt64(256) + 1_000_000_000 * 1040, at: F.totalBytes.rawValue, in: &bytes)
        #expect(load(bytes).1.failure == "a damaged ring file: 21056 bytes, its header says 1040000000256 (cut short)")
    }

    @Test func aHeadThatLiesIsReadSafely() throws {
        let whole = try ring()
        for head in [UInt64.max, UInt64.max / 2 + 1, 1_000_000] {
            var bytes = whole
            R.set(head, at: F.head.rawValue, in: &bytes)
            let (store, report) = load(bytes)
            #expect(store.count == 0, "head \(head)")
            #expect(report.failure == "a damaged ring file: none of the 20 crumbs its head counts is whole in its slots", "head \(head)")
        }
        // A start past the head: the app cleared the ring. Nothing to show, nothing wrong.
        var cleared = whole
        R.set(UInt64.max, at: F.start.rawValue, in: &cleared)
        let (store, report) = load(cleared)
        #expect(store.count == 0 && !report.isUnusable && store.problems.isEmpty)
    }

    @Test func tokenValueBytesThatLookLikeALineBreakAreAValue() throws {
        // A token's value bytes may be anything (Docs/ring-file-format.md, "Tokens"): a 0x0A
        // among them is part of a time, not a line break, so the crumb is read.
        var bytes = try ring()
        let slot1 = 256 + 1040
        let marker = try #require(bytes[(slot1 + 16)...].firstIndex(of: 0x11))
        bytes[marker + 1] = 0x0A
        bytes[marker + 2] = 0x0A
        let (store, report) = load(bytes)
        #expect(TestSupport.events(store) == ["run", "run.again"])
        #expect(store.problems.isEmpty && report.failure == nil)
    }

    @Test func slotsThatLieAreLeftOutAndTheRestIsRead() throws {
        let whole = try ring()
        let slot1 = 256 + 1040
        var tests: [(name: String, change: (inout [UInt8]) -> Void)] = [
            ("length past the slot", { R.set(UInt32(1032), at: slot1 + 8, in: &$0) }),
            ("length 4 GiB", { R.set(UInt32.max, at: slot1 + 8, in: &$0) }),
            ("a newer ticket than the head", { R.set(UInt64(2 * 21 + 2), at: slot1, in: &$0) }),
            ("a token cut short", { bytes in
                // The crumb's time token (Docs/ring-file-format.md, "Tokens"), its last 8 bytes cut off.
                let marker = bytes[(slot1 + 16)...].firstIndex(of: 0x11)!
                R.set(UInt32(marker - (slot1 + 16) + 1), at: slot1 + 8, in: &bytes)
            }),
            ("a line break in a version-1 crumb", { bytes in
                // Version 1 has no tokens: a byte below 0x20 is only damage. (The first crumb,
                // whose time token version 1 cannot read, is left out as malformed.)
                R.set(UInt32(1), at: F.version.rawValue, in: &bytes)
                bytes[slot1 + 20] = 0x0A
            }),
        ]
        for (name, change) in tests {
            var bytes = whole
            change(&bytes)
            let (store, report) = load(bytes)
            let version1 = name.contains("version-1")
            #expect(TestSupport.events(store) == (version1 ? [] : ["run"]), "\(name)")
            #expect(!report.isUnusable, "\(name)")
            #expect(store.problems.map(\.message).contains("1 of its 2 slots in use hold what no writer writes (a length past the slot, a token cut short, a line break, a newer crumb than its head): left out"), "\(name)")
            #expect(store.problems.count == (version1 ? 2 : 1), "\(name): \(store.problems.map(\.message))")
        }
        // A crumb its writer never finished (killed in the middle) is left out without a word.
        tests = [("being written", { R.set(UInt64(2 * 1 + 1), at: slot1, in: &$0) }), ("never written", { R.set(UInt64(0), at: slot1, in: &$0) })]
        for (name, change) in tests {
            var bytes = whole
            change(&bytes)
            let (store, _) = load(bytes)
            #expect(TestSupport.events(store) == ["run"] && store.problems.isEmpty, "\(name)")
        }
        // A whole slot whose bytes are not a crumb: said with the crumb's place in the ring.
        var garbled = whole
        for index in 0..<8 { garbled[slot1 + 16 + index] = UInt8(ascii: "x") }
        let (store, report) = load(garbled)
        #expect(TestSupport.events(store) == ["run"] && report.skipped == 1)
        #expect(store.problems.count == 1 && store.problems[0].line == nil)
        #expect(store.problems[0].description.hasPrefix("app.crumbs: crumb 2 of 2 (ticket 1): "), "\(store.problems)")
    }

    @Test func aRingFileCutShortWhileItIsReadLeavesTheRestOut() throws {
        let path = try TestSupport.write(try ring(), named: "app.crumbs")
        let source = try InputFile.open(path).get()
        #expect(truncate(path, 4_096) == 0)
        // The fault the kernel raises for the first page past the new end (see
        // MappedFileCutShortTests: this process does not take real ones).
        var info = siginfo_t()
        info.si_signo = SIGBUS
        info.si_code = Int32(BUS_ADRERR)
        info._sifields._sigfault.si_addr = UnsafeMutableRawPointer(mutating: source.base) + 4_096
        #expect(mg_handle_fault(SIGBUS, &info) == 1)
        let store = CrumbStore()
        let report = CrumbLoader().load([source], into: store)[0]
        #expect(report.kind == .ring && store.count == 2, "both crumbs are in the first page")
        #expect(store.problems.contains { $0.message.contains("cut short while it was read") }, "\(store.problems)")
    }

    @Test func aFollowedRingFileCutShortIsLetGo() throws {
        let path = try TestSupport.write(try ring(), named: "app.crumbs")
        let store = CrumbStore()
        CrumbLoader().load([path], into: store)
        let tailer = RingTailer(following: try #require(store.ringFiles.first))
        #expect(tailer.poll() == RingTailer.Update())
        #expect(truncate(path, 1_000) == 0)
        let update = tailer.poll()
        #expect(update.events == [.refused("a damaged ring file: 1000 bytes, its header says 21056 (cut short)")])
        #expect(update.data.isEmpty)
        #expect(tailer.poll() == RingTailer.Update(), "said once")
    }

    @Test func aFollowedRingFileReplacedByAFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let path = try TestSupport.write(try ring(), named: "app.crumbs")
        let store = CrumbStore()
        CrumbLoader().load([path], into: store)
        let tailer = RingTailer(following: try #require(store.ringFiles.first))
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o600) == 0)
        let update = tailer.poll()  // an open that waited for a writer would never come back
        #expect(update.events == [.refused("not a regular file")])
        #expect(tailer.poll() == RingTailer.Update(), "said once")
    }
}

/// A small seeded generator, so that a failing round can be run again.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
