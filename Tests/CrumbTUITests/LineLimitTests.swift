@testable import CrumbEngine
import Foundation
import Testing

/// A line longer than 64 MiB is skipped with a message naming where it was and how long it was,
/// whatever reads it, and the rest of the input still loads; reading one never holds more than
/// the limit, so an input that never ends a line cannot grow memory without bound.
@Suite(.serialized) struct LineLimitTests {
    static let limit = 64 << 20
    let directory: URL

    init() throws {
        directory = try TestSupport.temporaryDirectory()
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A crumb line whose value makes it `length` bytes long, with its newline.
    static func crumbLine(event: String, length: Int) -> [UInt8] {
        let head = Array(#"{"event":""#.utf8) + Array(event.utf8) + Array(#"","v":""#.utf8)
        let tail = Array("\"}\n".utf8)
        return head + [UInt8](repeating: 0x78, count: length - head.count - tail.count + 1) + tail
    }

    static func line(_ text: String) -> [UInt8] { Array((text + "\n").utf8) }

    /// Writes `pieces` to a FIFO at `path` from another thread while `body` reads it.
    func throughFIFO<R>(_ path: String, _ pieces: [[UInt8]], _ body: () -> R) -> R {
        mkfifo(path, 0o600)
        let writer = Thread {
            let fd = open(path, O_WRONLY)
            for piece in pieces {
                var written = 0
                while written < piece.count {
                    let done = piece[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    if done <= 0 { break }
                    written += done
                }
            }
            close(fd)
        }
        writer.start()
        return body()
    }

    func problems(_ store: CrumbStore) -> String { store.problems.map(\.description).joined(separator: "\n") }

    @Test func aLongLineInAFileIsSkippedAndTheRestLoads() throws {
        let file = path("long.jsonl")
        let bytes = Self.line(#"{"event":"a"}"#) + Self.crumbLine(event: "big", length: Self.limit + 100) + Self.line(#"{"event":"c"}"#)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let (store, reports) = TestSupport.load([file])
        #expect(TestSupport.events(store) == ["a", "c"])
        #expect(reports[0].skipped == 1)
        #expect(store.problems.map(\.line) == [2], "\(problems(store))")
        #expect(store.problems.first?.message.contains("64 MiB") == true, "\(problems(store))")
        #expect(store.problems.first?.message.contains("\(Self.limit + 100) bytes") == true, "\(problems(store))")
    }

    @Test func aPipeThatSendsALongLineIsReadWithBoundedMemory() throws {
        let fifo = path("pipe")
        let long = [UInt8](repeating: 0x78, count: 1 << 20)
        let pieces = [Self.line(#"{"event":"a"}"#)] + Array(repeating: long, count: 65) + [Self.line(""), Self.line(#"{"event":"c"}"#)]
        let (store, reports) = throughFIFO(fifo, pieces) { TestSupport.load([fifo]) }
        #expect(TestSupport.events(store) == ["a", "c"])
        #expect(store.sources.allSatisfy { $0.count < 1 << 20 }, "held \(store.sources.map(\.count)) bytes")
        #expect(reports[0].skipped == 1)
        #expect(store.problems.map(\.line) == [2], "\(problems(store))")
        #expect(store.problems.first?.message.contains("\(65 << 20) bytes") == true, "\(problems(store))")
    }

    /// A dump's array on one line is not a line of JSON Lines: from a pipe, as from a file, it
    /// loads whatever its length.
    @Test func aOneLineDumpLongerThanTheLimitLoadsFromAPipeAsFromAFile() throws {
        let crumb = Array(#"{"event":"e","v":""#.utf8) + [UInt8](repeating: 0x78, count: 1 << 20) + Array(#""}"#.utf8)
        let dump = Array("  [".utf8) + Array(Array(repeating: crumb, count: 65).joined(separator: [0x2C])) + Array("]\n".utf8)
        let file = path("dump.json")
        try Data(dump).write(to: URL(fileURLWithPath: file))
        let fifo = path("dump-pipe")
        let (piped, _) = throughFIFO(fifo, [dump]) { TestSupport.load([fifo]) }
        let (stored, _) = TestSupport.load([file])
        for store in [piped, stored] {
            #expect(store.count == 65, "\(problems(store))")
            #expect(store.problems.isEmpty, "\(problems(store))")
        }
    }

    @Test func aDeviceIsRefusedWithAMessage() throws {
        let (store, reports) = TestSupport.load(["/dev/zero"])
        #expect(store.count == 0)
        #expect(reports[0].failure?.contains("device") == true, "\(reports)")
        let run = try TestSupport.crumbtui("/dev/zero", "--count")
        #expect(run.status == 1)
        #expect(run.error.contains("/dev/zero") && run.error.contains("device"), "\(run.error)")
        let piped = try TestSupport.crumbtui("-", "--count", input: "/dev/zero")
        #expect(piped.status == 1)
        #expect(piped.error.contains("device"), "\(piped.error)")
        // /dev/null is a device too, and an empty input.
        let empty = TestSupport.load(["/dev/null"]).1[0]
        #expect(empty.failure == nil && empty.kind == .empty)
    }

    @Test func aFollowedFileThatNeverEndsItsLineIsNotHeldWhole() throws {
        let file = path("live.jsonl")
        try Data(Self.line(#"{"event":"a"}"#)).write(to: URL(fileURLWithPath: file))
        let tailer = FileTailer(path: file)
        var data: [UInt8] = [], longLines: [LongLine] = []
        var largest = 0
        func poll() {
            repeat {
                let update = tailer.poll()
                largest = max(largest, update.data.count)
                longLines += update.longLines.map { LongLine(offset: $0.offset + data.count, bytes: $0.bytes) }
                data += update.data
            } while tailer.hasMore
        }
        poll()
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.seekToEnd()
        let long = Data(repeating: 0x78, count: 1 << 20)
        for _ in 0..<65 {
            try handle.write(contentsOf: long)
            poll()
        }
        try handle.write(contentsOf: Data(Self.line("") + Self.line(#"{"event":"c"}"#)))
        try handle.close()
        poll()
        #expect(largest < 1 << 20, "a poll handed over \(largest) bytes")
        #expect(FileTailer.Update(data: data).lines == [#"{"event":"a"}"#, "", #"{"event":"c"}"#])
        #expect(longLines == [LongLine(offset: 14, bytes: 65 << 20)])
        // The viewer appends what the tailer read, and says where the line was.
        let store = CrumbStore()
        store.appendLines(data, name: "live.jsonl", longLines: longLines)
        #expect(TestSupport.events(store) == ["a", "c"])
        #expect(store.problems.map(\.line) == [2], "\(problems(store))")
        #expect(store.problems.first?.message.contains("\(65 << 20) bytes") == true, "\(problems(store))")
    }

    @Test func aFollowedFileCutShortInsideALongLineSaysSo() throws {
        let file = path("live.jsonl")
        try Data(Self.line(#"{"event":"a"}"#) + [UInt8](repeating: 0x78, count: Self.limit + 10)).write(to: URL(fileURLWithPath: file))
        let tailer = FileTailer(path: file)
        #expect(tailer.poll().lines == [#"{"event":"a"}"#])
        while tailer.hasMore { #expect(tailer.poll().data.isEmpty) }
        try Data(Self.line(#"{"event":"b"}"#)).write(to: URL(fileURLWithPath: file))
        let update = tailer.poll()
        #expect(update.events == [.truncated])
        #expect(update.longLines == [LongLine(offset: 0, bytes: Self.limit + 10, ended: false)])
        #expect(update.lines == ["", #"{"event":"b"}"#])
        // The empty line ends the file read before; the new text starts at line 1.
        #expect(update.restart == 1)
    }

    @Test func aLongLineInAnOTLPFileIsSkipped() throws {
        let fixture = try String(contentsOfFile: TestSupport.fixture("otlp-two-services.jsonl"), encoding: .utf8)
        let lines = fixture.split(separator: "\n").prefix(2).map { Array(($0 + "\n").utf8) }
        let head = Array(#"{"resourceLogs":[{"resource":{},"scopeLogs":[{"scope":{},"logRecords":[{"timeUnixNano":"1767090240000001000","body":{"stringValue":""#.utf8)
        let tail = Array(#""}}]}]}]}"#.utf8) + [0x0A]
        let long = head + [UInt8](repeating: 0x78, count: Self.limit) + tail
        let file = path("otlp.jsonl")
        try Data(lines[0] + long + lines[1]).write(to: URL(fileURLWithPath: file))
        let (store, reports) = TestSupport.load([file])
        let (expected, _) = TestSupport.load(bytes: lines[0] + lines[1])
        #expect(reports[0].kind == .otlpJSON)
        #expect(store.count == expected.count)
        #expect(store.problems.map(\.line) == [2], "\(problems(store))")
        #expect(store.problems.first?.message.contains("64 MiB") == true, "\(problems(store))")
    }

    @Test func aLongLineInALogIsSkippedAndTheDumpAfterItLoads() throws {
        let dump = try String(contentsOfFile: TestSupport.fixture("python-dump.json"), encoding: .utf8)
        let file = path("app-stderr.log")
        let bytes = Self.line("starting") + [UInt8](repeating: 0x78, count: Self.limit + 1) + [0x0A] + Array(dump.utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let (store, reports) = TestSupport.load([file])
        #expect(reports[0].kind == .text)
        #expect(store.count == TestSupport.loadFixture("python-dump.json").0.count)
        #expect(store.problems.map(\.line) == [2], "\(problems(store))")
        #expect(store.problems.first?.message.contains("64 MiB") == true, "\(problems(store))")
    }
    /// The cutter on small limits and every way of cutting a stream into reads gives what the
    /// rule says: each line longer than the limit becomes an empty line, noted with its length.
    @Test func theCutterKeepsWhatTheRuleSaysWhateverTheReads() {
        var random = SplitMix64(seed: 64)
        for round in 0..<3_000 {
            let limit = Int.random(in: 1...6, using: &random)
            var stream: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                stream += [UInt8](repeating: UInt8(ascii: "x"), count: Int.random(in: 0...(2 * limit + 2), using: &random))
                stream.append(0x0A)
            }
            if round % 3 == 0 {
                stream += [UInt8](repeating: UInt8(ascii: "y"), count: Int.random(in: 0...(2 * limit + 2), using: &random))
            }
            // What the rule says.
            var expected: [UInt8] = [], expectedLong: [LongLine] = []
            var rest: ArraySlice<UInt8> = stream[...]
            while let newline = rest.firstIndex(of: 0x0A) {
                let line: ArraySlice<UInt8> = rest[..<newline]
                if line.count > limit {
                    expectedLong.append(LongLine(offset: expected.count, bytes: line.count))
                } else {
                    expected.append(contentsOf: line)
                }
                expected.append(0x0A)
                rest = rest[(newline + 1)...]
            }
            if rest.count > limit {
                expectedLong.append(LongLine(offset: expected.count, bytes: rest.count, ended: false))
            } else {
                expected.append(contentsOf: rest)
            }
            // The stream read in pieces of random sizes into one buffer.
            var cutter = LongLineCutter(limit: limit)
            var buffer = [UInt8](repeating: 0, count: stream.count + 1)
            var count = 0, taken = 0
            while taken < stream.count {
                let size = Int.random(in: 1...(limit + 3), using: &random)
                let piece: ArraySlice<UInt8> = stream[taken..<min(taken + size, stream.count)]
                for (index, byte) in piece.enumerated() { buffer[count + index] = byte }
                taken += piece.count
                count = buffer.withUnsafeMutableBufferPointer { cutter.cut($0.baseAddress!, newFrom: count, count: count + piece.count) }
            }
            count = cutter.finish(count: count)
            #expect(Array(buffer[..<count]) == expected, "limit \(limit): \(String(decoding: stream, as: UTF8.self))")
            #expect(cutter.longLines == expectedLong, "limit \(limit): \(String(decoding: stream, as: UTF8.self))")
            if cutter.longLines != expectedLong { return }
        }
    }
}
