#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif

/// A ring file among the inputs (`Crumbs.enable(ringFile:)`): whose ring it is, and whether
/// that process still records into it. `CrumbStore.ringFiles` keeps one per ring file, in input
/// order.
///
/// ```swift
/// let store = CrumbStore()
/// CrumbLoader().load(["/var/tmp/app.crumbs"], into: store)
/// for ring in store.ringFiles { print(ring.file, ring.pid, ring.writer) }  // … 4242 ended
/// ```
public struct RingFileInfo: Sendable, Equatable, CustomStringConvertible {
    /// What became of the process that writes the file.
    public enum Writer: String, Sendable {
        /// It still runs and records into the file: the file grows (`--follow` shows it).
        case running
        /// It is gone without a crash hook running: `kill -9`, the OOM killer, an exit.
        case ended
        /// Its crash hook ran and froze the ring: the crumbs are those of the crash.
        case crashed
        /// It still runs but records elsewhere (`enable` was called again).
        case detached
    }

    /// The file as the user named it.
    public var file: String
    /// The process that writes (or wrote) the file.
    public var pid: Int32
    public var writer: Writer

    /// Where following the file goes on: the ticket after the newest crumb read.
    var nextTicket: UInt64 = 0
    /// Tickets below `nextTicket` whose crumbs were still being written when read.
    var unfinished: [UInt64] = []
    /// The bytes of the newest crumb read (to go on after it in a file the writer remade).
    var lastCrumb: [UInt8]?
    /// Which file this is (device and inode), to tell it from a new file at the same path.
    var identity: FileIdentity?

    init(file: String, header: RingFileHeader, state: UInt32) {
        self.file = file
        pid = header.pid
        writer = Self.judge(header, state: state)
        identity = FileIdentity(path: file)
    }

    /// `ring of pid 4242 (running)`.
    public var description: String { "ring of pid \(pid) (\(writer.rawValue))" }

    /// The writer, judged from the header's state and whether its process still runs.
    static func judge(_ header: RingFileHeader, state: UInt32) -> Writer {
        if state == 1 { return .crashed }
        let running = isRunning(pid: header.pid, processStart: header.processStart, bootID: header.bootID)
        if state == 2 { return running ? .detached : .ended }
        return running ? .running : .ended
    }

    /// Whether the process that made the file still runs, by the format's three checks: the
    /// same boot, a live process with the pid, started when the file's writer started. A pid
    /// alone says nothing: pids are used again.
    static func isRunning(pid: Int32, processStart: UInt64, bootID: String) -> Bool {
        guard pid > 0 else { return false }
        if !bootID.isEmpty, bootID != currentBootID { return false }
        guard let stat = readSmallFile("/proc/\(pid)/stat"), let close = stat.lastIndex(of: UInt8(ascii: ")")) else { return false }
        // Fields from the last ')': the process's name before it may hold spaces and ')'.
        let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "))
        guard let state = fields.first, state.first != UInt8(ascii: "Z"), state.first != UInt8(ascii: "X") else { return false }
        guard processStart != 0 else { return true }
        // fields[0] is field 3: field 22 (the start time) is fields[19].
        guard fields.count > 19 else { return false }
        return UInt64(String(decoding: fields[19], as: UTF8.self)) == processStart
    }

    static let currentBootID: String = {
        let bytes = readSmallFile("/proc/sys/kernel/random/boot_id") ?? []
        return String(decoding: bytes.filter { $0 != 0x0A && $0 != 0x20 }, as: UTF8.self)
    }()

    /// The bytes of a file of at most 4 KiB (a `/proc` file: no size to ask for).
    static func readSmallFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { break }
            count += got
        }
        return Array(bytes[..<count])
    }
}

/// A file's device and inode: what tells two files at one path apart.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64

    init?(path: String) {
        var info = stat()
        guard path != "-", stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

extension CrumbStore {
    /// Keeps what following a ring file learned about it (its writer ended, or a new run's file
    /// took its path), in place of what loading it said.
    public func noteRingFile(_ info: RingFileInfo) {
        if let index = ringFiles.firstIndex(where: { $0.file == info.file }) {
            ringFiles[index] = info
        } else {
            ringFiles.append(info)
        }
    }
}
