#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif

/// Follows a file the way `tail -F` does, one `poll()` at a time: returns the complete lines
/// appended since the last poll, and what happened to the file.
///
/// - A last line without its newline is held back until the newline arrives; one that grows
///   past ``InputLimits/lineBytes`` is dropped as it arrives, an empty line handed on in its place
///   and its length in `longLines`, so a writer that never ends its line cannot grow memory.
/// - A file that shrinks was truncated: reading starts again at its beginning.
/// - A different file at the same path (rotation: renamed away, a new one created) is followed
///   once the old one's last lines are read.
/// - A file that disappears is reported once, and picked up again (from its start) when it
///   reappears.
/// - Only a regular file is read: something else at the path (a FIFO, a device, a folder) is
///   reported once and left alone, never opened for reading (a FIFO would wait for a writer, a
///   device may never end), until a regular file is there again.
///
/// Polling costs one `stat` and, when there is news, one `read` per 4 MiB at most, so a caller
/// may poll every few tens of milliseconds. Not thread-safe: one owner polls.
///
/// ```swift
/// let tailer = FileTailer(path: "app.jsonl")
/// let update = tailer.poll()
/// store.appendLines(update.data, name: "app.jsonl")
/// ```
public final class FileTailer {
    /// Something that happened to the followed file.
    public enum Event: Sendable, Equatable {
        /// The file got shorter; it is read again from its start.
        case truncated
        /// Another file now has the path; it is read from its start.
        case rotated
        /// The path no longer exists.
        case deleted
        /// The path exists again after `deleted` (or after not existing at the start), or holds a
        /// regular file again after `notRegular`.
        case reappeared
        /// The path holds something that is not a regular file (what: "a FIFO", "a folder", …).
        case notRegular(String)
    }

    /// What one poll found.
    public struct Update: Sendable, Equatable {
        /// Complete lines, each ending with a newline, oldest first (empty: nothing new).
        public var data: [UInt8] = []
        public var events: [Event] = []
        /// The lines too long to keep, each where its empty line is in `data` (for
        /// `CrumbStore.appendLines(_:name:firstLine:longLines:)`).
        public var longLines: [LongLine] = []
        /// Where in `data` a file read from its start begins (after `truncated`, `rotated` or
        /// `reappeared`): the lines before it end the file read so far, and its own lines count
        /// from 1. Nil when all of `data` goes on from the last poll.
        public var restart: Int?

        public init(data: [UInt8] = [], events: [Event] = [], longLines: [LongLine] = [], restart: Int? = nil) {
            self.data = data
            self.events = events
            self.longLines = longLines
            self.restart = restart
        }

        /// The lines without their newlines.
        public var lines: [String] {
            data.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
        }
    }

    public let path: String
    /// Most bytes read in one poll, so a huge backlog does not freeze the caller.
    public var readLimit = 4 << 20
    private var fd: Int32 = -1
    private var identity: (device: UInt64, inode: UInt64) = (0, 0)
    /// Bytes of the current file read so far.
    public private(set) var offset: Int
    /// The last line read so far, still without its newline.
    private var partial: [UInt8] = []
    /// Keeps `partial` within the line limit.
    private var cutter = LongLineCutter()
    private var missing = false
    /// What is at the path is not a regular file, and that was reported.
    private var refused = false
    /// True when the last poll stopped at `readLimit` with more to read.
    public private(set) var hasMore = false

    /// Follows `path` from byte `offset` (where the caller's own reading stopped; 0: from the start).
    public init(path: String, from offset: Int = 0) {
        self.path = path
        self.offset = offset
        if open() == .missing { missing = true }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// True while the path does not exist.
    public var isMissing: Bool { missing }

    public func poll() -> Update {
        var update = Update()
        hasMore = false
        if fd < 0 {
            switch open() {
            case .opened:
                offset = 0
                update.events.append(.reappeared)
                update.restart = 0
            case .notRegular(let what):
                refuse(what, &update)
                return update
            case .missing:
                missing = true
                refused = false
                return update
            }
        }
        var info = stat()
        if stat(path, &info) != 0 {
            // Deleted or renamed away: what the writer put in it last is still readable.
            readAvailable(into: &update)
            switchAway(&update)
            missing = true
            update.events.append(.deleted)
            return update
        }
        if UInt64(info.st_dev) != identity.device || UInt64(info.st_ino) != identity.inode {
            readAvailable(into: &update)
            switchAway(&update)
            offset = 0
            switch open() {
            case .opened:
                update.events.append(.rotated)
                update.restart = update.data.count
                readAvailable(into: &update)
            case .notRegular(let what):
                refuse(what, &update)
            case .missing:
                missing = true
                update.events.append(.deleted)
            }
            return update
        }
        if Int(info.st_size) < offset {
            offset = 0
            dropPartial(into: &update)
            update.events.append(.truncated)
            update.restart = update.data.count
        }
        if Int(info.st_size) > offset { readAvailable(into: &update) }
        return update
    }

    private enum Opening: Equatable {
        case opened, missing
        case notRegular(String)
    }

    /// Opens the path when it holds a regular file. Never waits: what is not a regular file is
    /// not opened, and O_NONBLOCK covers a FIFO put there between the `stat` and the `open`.
    private func open() -> Opening {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        guard info.st_mode & S_IFMT == S_IFREG else { return .notRegular(Self.kind(info.st_mode)) }
        let opened = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard opened >= 0 else { return .missing }
        guard fstat(opened, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(opened)
            return .notRegular(Self.kind(info.st_mode))
        }
        fd = opened
        identity = (UInt64(info.st_dev), UInt64(info.st_ino))
        missing = false
        refused = false
        return .opened
    }

    /// Reports once that the path holds something that is not a regular file.
    private func refuse(_ what: String, _ update: inout Update) {
        missing = false
        guard !refused else { return }
        refused = true
        update.events.append(.notRegular(what))
    }

    /// What a file mode says the file is, in words: "a FIFO", "a folder", "a character device", …
    ///
    /// ```swift
    /// var info = stat()
    /// if stat(path, &info) == 0 { print("\(path) is \(FileTailer.kind(info.st_mode))") }
    /// ```
    public static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFDIR: return "a folder"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFREG: return "a regular file"
        default: return "not a file"
        }
    }

    /// Stops reading the current file; its unfinished last line is dropped (it will never end).
    private func switchAway(_ update: inout Update) {
        if fd >= 0 { close(fd) }
        fd = -1
        dropPartial(into: &update)
    }

    /// Forgets the unfinished last line; one that was too long to keep is still reported (an
    /// empty line in its place).
    private func dropPartial(into update: inout Update) {
        _ = cutter.finish(count: partial.count)
        if let long = cutter.longLines.last {
            update.longLines.append(LongLine(offset: update.data.count, bytes: long.bytes, ended: false))
            update.data.append(0x0A)
        }
        cutter = LongLineCutter()
        partial = []
    }

    /// Reads what the current file holds past `offset`, up to `readLimit`, and moves the
    /// complete lines into `update`.
    private func readAvailable(into update: inout Update) {
        guard fd >= 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var total = 0
        while total < readLimit {
            let got = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { break }
            offset += got
            total += got
            if total >= readLimit { hasMore = true }
            let start = partial.count
            partial.append(contentsOf: chunk[..<got])
            let kept = partial.withUnsafeMutableBufferPointer { cutter.cut($0.baseAddress!, newFrom: start, count: start + got) }
            partial.removeSubrange(kept...)
            // Hand on the complete lines.
            guard cutter.lineStart > 0 else { continue }
            let handed = update.data.count
            update.data.append(contentsOf: partial[..<cutter.lineStart])
            update.longLines += cutter.longLines.map { LongLine(offset: handed + $0.offset, bytes: $0.bytes) }
            partial.removeFirst(cutter.lineStart)
            cutter.handedOn()
        }
    }
}
