import CrumbEngine
@testable import CrumbTUI
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// FileTailer follows a file like `tail -F`, one poll at a time.
@Suite struct FileTailerTests {
    let directory: URL
    let path: String

    init() throws {
        directory = try TestSupport.temporaryDirectory()
        path = directory.appendingPathComponent("live.jsonl").path
    }

    func write(_ text: String, to file: String? = nil) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file ?? path))
    }

    func append(_ text: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func readsWhatIsThereThenWhatIsAppended() throws {
        try write("a\nb\n")
        let tailer = FileTailer(path: path)
        #expect(tailer.poll().lines == ["a", "b"])
        #expect(tailer.poll() == FileTailer.Update())
        try append("c\n")
        #expect(tailer.poll().lines == ["c"])
    }

    @Test func startsAtAGivenOffset() throws {
        try write("old\nnew\n")
        let tailer = FileTailer(path: path, from: 4)
        #expect(tailer.poll().lines == ["new"])
    }

    @Test func holdsAPartialLineUntilItsNewline() throws {
        try write("one\ntw")
        let tailer = FileTailer(path: path)
        #expect(tailer.poll().lines == ["one"])
        try append("o")
        #expect(tailer.poll().lines == [])
        try append("\nthree\n")
        #expect(tailer.poll().lines == ["two", "three"])
    }

    @Test func followsATruncatedFileFromItsStart() throws {
        try write("a long first line\nsecond\n")
        let tailer = FileTailer(path: path)
        _ = tailer.poll()
        try write("x\n")
        let update = tailer.poll()
        #expect(update.events == [.truncated])
        #expect(update.lines == ["x"])
    }

    @Test func followsARotatedFileAfterReadingTheOldOnesLastLines() throws {
        try write("1\n")
        let tailer = FileTailer(path: path)
        #expect(tailer.poll().lines == ["1"])
        try append("2\n")
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try write("3\n")
        let update = tailer.poll()
        #expect(update.events == [.rotated])
        #expect(update.lines == ["2", "3"])
        #expect(update.restart == 2)
        try append("4\n")
        #expect(tailer.poll().lines == ["4"])
    }

    /// The viewer numbers the old file's last lines on and the new file's from 1, so a broken
    /// line in either is reported where it is.
    @Test func aRotatedFilesBrokenLinesAreReportedInTheirOwnFile() throws {
        try write(#"{"event":"a"}"# + "\n")
        let follow = LiveFollow(path: path)
        let store = CrumbStore()
        func poll() {
            let read = follow.poll()
            store.appendLines(read.data, name: "live.jsonl", firstLine: read.firstLine, longLines: read.longLines)
        }
        poll()
        try append("{broken old\n")
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try write(#"{"event":"b"}"# + "\n{broken new\n")
        poll()
        poll()
        #expect(TestSupport.events(store) == ["a", "b"])
        #expect(store.problems.map(\.line) == [2, 2], "\(store.problems)")
        // Truncated: read again from its start, line 1 on.
        try write("{broken\n")
        poll()
        #expect(store.problems.map(\.line) == [2, 2, 1], "\(store.problems)")
    }

    @Test func reportsADeletedFileAndPicksItUpWhenItReappears() throws {
        try write("1\n")
        let tailer = FileTailer(path: path)
        _ = tailer.poll()
        try FileManager.default.removeItem(atPath: path)
        #expect(tailer.poll().events == [.deleted])
        #expect(tailer.isMissing)
        #expect(tailer.poll() == FileTailer.Update())
        try write("again\n")
        let update = tailer.poll()
        #expect(update.events == [.reappeared])
        #expect(update.lines == ["again"])
        #expect(!tailer.isMissing)
    }

    @Test func waitsForAFileThatDoesNotExistYet() throws {
        let tailer = FileTailer(path: path)
        #expect(tailer.isMissing)
        #expect(tailer.poll() == FileTailer.Update())
        try write("first\n")
        #expect(tailer.poll().lines == ["first"])
    }

    @Test func readsABigBacklogInSteps() throws {
        let line = String(repeating: "x", count: 99) + "\n"
        try write(String(repeating: line, count: 1000))
        let tailer = FileTailer(path: path)
        tailer.readLimit = 10_000
        var lines = 0
        var polls = 0
        repeat {
            lines += tailer.poll().lines.count
            polls += 1
        } while tailer.hasMore
        lines += tailer.poll().lines.count
        #expect(lines == 1000)
        #expect(polls > 1)
    }

    @Test func feedsTheStoreSoTheFilterResultGrows() throws {
        try write(#"{"event":"a","thread":"w1"}"# + "\n")
        let tailer = FileTailer(path: path)
        let store = CrumbStore()
        store.appendLines(tailer.poll().data, name: path)
        let result = FilterResult(try CrumbFilter("thread:w1"), in: store)
        #expect(result.matches == [0])
        try append(#"{"event":"b","thread":"w2"}"# + "\n" + #"{"event":"c","thread":"w1"}"# + "\n")
        store.appendLines(tailer.poll().data, name: path)
        result.extend()
        #expect(result.matches == [0, 2])
    }

    /// Polls on another thread; if the poll has not come back after a generous wait, it is
    /// blocked (in `open` of the FIFO at `fifo`): that is recorded, and a writer opening the
    /// FIFO lets it go.
    func pollWithoutBlocking(_ tailer: FileTailer, fifo: String, sourceLocation: SourceLocation = #_sourceLocation) -> FileTailer.Update {
        final class Box: @unchecked Sendable {  // handed to one thread, read after its signal
            let tailer: FileTailer
            var update = FileTailer.Update()
            init(_ tailer: FileTailer) { self.tailer = tailer }
        }
        let box = Box(tailer)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.update = box.tailer.poll()
            done.signal()
        }
        if done.wait(timeout: .now() + 30) == .timedOut {
            Issue.record("poll() blocked on the FIFO", sourceLocation: sourceLocation)
            let writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            done.wait()
        }
        return box.update
    }

    @Test func aPathReplacedByAFIFOIsNotReadAndAFileThereLaterIs() throws {
        try write("a\n")
        let tailer = FileTailer(path: path)
        #expect(tailer.poll().lines == ["a"])
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o600) == 0)
        let update = pollWithoutBlocking(tailer, fifo: path)
        #expect(update.events == [.notRegular("a FIFO")])
        #expect(update.lines.isEmpty)
        #expect(pollWithoutBlocking(tailer, fifo: path) == FileTailer.Update(), "said once")
        try FileManager.default.removeItem(atPath: path)
        try write("b\n")
        let back = tailer.poll()
        #expect(back.events == [.reappeared])
        #expect(back.lines == ["b"])
    }

    @Test func aFIFOAtTheStartIsSaidOnceThenAFileIsRead() throws {
        #expect(mkfifo(path, 0o600) == 0)
        let tailer = FileTailer(path: path)
        #expect(pollWithoutBlocking(tailer, fifo: path).events == [.notRegular("a FIFO")])
        try FileManager.default.removeItem(atPath: path)
        #expect(tailer.poll() == FileTailer.Update())
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(tailer.poll().events == [.notRegular("a folder")], "said again: something else came")
        try FileManager.default.removeItem(atPath: path)
        try write("c\n")
        #expect(tailer.poll().lines == ["c"])
    }
}
