@_spi(CrumbCodec) import CrumbCodec
import CrumbEngine
import Foundation

/// A stream shown as it arrives, like a followed file: standard input from a pipe
/// (`python3 app.py 2>&1 | crumbtui -` watches a running app), or a FIFO or device named on
/// the command line. It is never waited on: each poll reads what has arrived (`poll` without a
/// timeout, then `read`) and hands the complete lines to the reducer; a FIFO is opened with
/// O_NONBLOCK, so the viewer runs before anything writes to it.
///
/// - A stream that starts with `{` is JSON Lines (a live file's lines, or OTLP/JSON): every line
///   is a crumb, as in a followed live file, and a broken one is reported with its number.
/// - Anything else is a log with crumbs in it (an app's stderr): its crumb lines are shown as
///   they arrive, and its whole text is read again in the background, as a file of it would be,
///   for what spans lines (a dump, a backtrace, a traceback, and the crash they tell of): when
///   text that may start one came (not more often than every four times as long as the last
///   reading took), and at the end.
/// - A line longer than ``InputLimits/lineBytes`` is skipped (an empty line kept in its place,
///   so line numbers stay right): a stream without newlines (a device such as /dev/zero) holds
///   no more than that.
final class StreamFollow: Follower {
    /// Most bytes read in one poll, so a fast writer does not freeze the screen.
    static let readLimit = 8 << 20

    private enum Kind { case jsonLines, textLog }

    let path: String
    private var fd: Int32 = -1
    private var kind: Kind?
    /// What the stream held: a log's whole text (read again for what spans lines); of JSON Lines
    /// only what was not handed over yet.
    private var buffer: [UInt8] = []
    /// Keeps `buffer`'s lines within the limit; knows where its unfinished last line starts.
    private var cutter = LongLineCutter()
    /// Where in `buffer` the lines not handed over yet start.
    private var sent = 0
    /// The line number of the next JSON line handed over (for problem reports).
    private var nextLine = 1
    /// Lines skipped as too long, of JSON Lines handed over already.
    private var skippedBefore = 0
    /// Bytes read so far.
    private var received = 0
    private var ended = false
    /// Why the stream could not be read, said once.
    private var failure: String?
    /// A log's text not read as a whole yet holds more than crumb lines.
    private var reloadDue = false
    private var reload: (loading: ViewerLoading, end: Int, final: Bool)?
    private var nextReload = ContinuousClock.now
    /// Everything is shown: the end was read, and a log's whole text with it.
    private var finished = false
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)

    /// The single input to show as a stream, if it is one: standard input that is not a regular
    /// file, or a FIFO, socket or device named on its own.
    static func isStream(_ files: [String]) -> Bool {
        guard files.count == 1 else { return false }
        var info = stat()
        let found = files[0] == "-" ? fstat(0, &info) : stat(files[0], &info)
        guard found == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type == S_IFIFO || type == S_IFCHR || type == S_IFSOCK || type == S_IFBLK
    }

    /// `lineLimit`: the longest line kept (tests make it small).
    init(path: String, lineLimit: Int = InputLimits.lineBytes) {
        self.path = path
        cutter = LongLineCutter(limit: lineLimit)
        if path == "-" {
            fd = 0
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            if fd < 0 { failure = "\(path): cannot open: " + String(cString: strerror(errno)) }
        }
    }

    deinit { if fd > 0 { close(fd) } }

    var keepsReading: Bool { true }

    func poll() -> TailRead {
        var read = TailRead(path: path)
        if let failure {
            self.failure = nil
            ended = true
            finished = true
            read.note = StatusMessage(text: failure, isError: true)
            return read
        }
        guard !finished else { return read }
        let skippedSoFar = skippedLines
        if !ended { readAvailable(&read) }
        if skippedLines > skippedSoFar {
            read.note = StatusMessage(text: "\(read.name): skipped \(skippedLines) line\(skippedLines == 1 ? "" : "s") longer than \(cutter.limit >= 1 << 20 ? "\(cutter.limit >> 20) MiB" : "\(cutter.limit) bytes")", isError: true)
        }
        handOver(&read)
        if kind == .textLog { reloadWhenDue(&read) } else if ended { finish(&read) }
        return read
    }

    /// Reads what has arrived, up to `readLimit`, without waiting.
    private func readAvailable(_ read: inout TailRead) {
        var total = 0
        while total < Self.readLimit {
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let count = Glibc.poll(&ready, 1, 0)
            if count < 0, errno == EINTR { continue }
            // Nothing yet (a FIFO without a writer so far reports nothing, not its end).
            if count == 0 { break }
            guard count > 0, ready.revents & Int16(POLLIN) != 0 else {
                ended = true  // the writer is gone and everything is read, or the stream broke
                break
            }
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0, errno == EINTR || errno == EAGAIN { continue }
            guard got > 0 else {
                if got < 0 { read.note = StatusMessage(text: "\(read.name): cannot read: " + String(cString: strerror(errno)), isError: true) }
                ended = true
                break
            }
            chunk.withUnsafeBufferPointer { take(UnsafeBufferPointer(rebasing: $0[..<got])) }
            total += got
        }
        received += total
        read.hasMore = total >= Self.readLimit
        read.bytesRead = received
    }

    /// Lines skipped as too long so far, one being dropped as it arrives included.
    private var skippedLines: Int { skippedBefore + cutter.longLines.count + (cutter.isDropping ? 1 : 0) }

    /// Keeps `bytes`, dropping what is beyond the limit in a line (an empty line in its place).
    private func take(_ bytes: UnsafeBufferPointer<UInt8>) {
        let start = buffer.count
        buffer.append(contentsOf: bytes)
        let kept = buffer.withUnsafeMutableBufferPointer { cutter.cut($0.baseAddress!, newFrom: start, count: $0.count) }
        buffer.removeSubrange(kept...)
    }

    /// Hands the complete lines not handed over yet to the reducer (at the end, the last line
    /// too, with the newline it lacks).
    private func handOver(_ read: inout TailRead) {
        if kind == nil {
            let first = DumpKind.firstByte(of: buffer[sent...])
            guard first != nil || ended else { return }
            kind = first == 0x7B ? .jsonLines : .textLog
        }
        // A line being dropped is not in `buffer`: at the end, all of it is complete lines.
        let end = ended ? buffer.count : cutter.lineStart
        guard end > sent else { return }
        var data = Array(buffer[sent..<end])
        if data.last != 0x0A { data.append(0x0A) }
        read.data = data
        // The lines dropped as too long, each where its empty line is in `data`, so that they
        // are reported with their line numbers.
        read.longLines = cutter.longLines.filter { $0.offset >= sent && $0.offset < end }.map {
            LongLine(offset: $0.offset - sent, bytes: $0.bytes, ended: $0.ended)
        }
        read.firstLine = nextLine
        nextLine += data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        sent = end
        guard kind == .textLog else {
            // JSON Lines: what was handed over is not needed again.
            buffer.removeSubrange(..<sent)
            if sent == cutter.lineStart {
                skippedBefore += cutter.longLines.count
                cutter.handedOn()
            }
            sent = 0
            return
        }
        read.textLog = true
        // Only crumb lines are shown as they come; what starts a dump or a crash is read whole.
        if !reloadDue { reloadDue = CrumbStore.logMayHoldMore(data) }
    }

    /// A log: reads its whole text again in the background when due, and hands the result over
    /// when it is there, with the lines that came after what it read.
    private func reloadWhenDue(_ read: inout TailRead) {
        if let running = reload {
            guard let crumbs = running.loading.take() else {
                if running.final { read.progress = running.loading.progress }
                return
            }
            reload = nil
            let elapsed = ContinuousClock.now - running.loading.started
            nextReload = ContinuousClock.now + max(elapsed * 4, .milliseconds(200))
            read.reloaded = crumbs
            read.data = running.end < sent ? Array(buffer[running.end..<sent]) : []
            if !read.data.isEmpty, read.data.last != 0x0A { read.data.append(0x0A) }
            read.firstLine = 1
            guard running.final else { return }
            finished = true
            buffer = []
            if crumbs.problemSummary == nil { read.note = StatusMessage(text: "\(read.name) ended: everything it held is shown") }
            return
        }
        if ended {
            reload = (ViewerLoading.start(bytes: buffer, name: path, partial: false), buffer.count, true)
            read.progress = reload?.loading.progress
        } else if reloadDue, ContinuousClock.now >= nextReload {
            reloadDue = false
            reload = (ViewerLoading.start(bytes: Array(buffer[..<sent]), name: path, partial: true), sent, false)
        }
    }

    /// JSON Lines: the end was read and handed over.
    private func finish(_ read: inout TailRead) {
        finished = true
        if read.note == nil { read.note = StatusMessage(text: "\(read.name) ended: everything it held is shown") }
    }
}
