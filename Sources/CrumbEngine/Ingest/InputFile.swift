import CMapGuard
#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif

/// Opening an input: a regular file is mapped; standard input, pipes and special files are read
/// in large blocks, no line of them held longer than ``InputLimits/lineBytes``. A device is
/// refused (it may never end: `/dev/zero`), but for a terminal and `/dev/null`. Every failure
/// becomes a short message for the user, never a crash.
enum InputFile {
    static func open(_ name: String) -> Result<CrumbSource, InputError> {
        if name == "-" {
            var info = stat()
            if fstat(0, &info) == 0, let refusal = refusal(0, info) { return .failure(refusal) }
            return readAll(fd: 0, name: name, closeAfter: false)
        }
        let fd = Glibc.open(name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(InputError(errno: errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = InputError(errno: errno)
            close(fd)
            return .failure(error)
        }
        if let refusal = refusal(fd, info) {
            close(fd)
            return .failure(refusal)
        }
        // Files that report a size are mapped; /proc files and devices report 0 and are read.
        if info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 {
            let size = Int(info.st_size)
            let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
            close(fd)
            guard let mapped, mapped != MAP_FAILED else { return .failure(InputError(errno: errno)) }
            _ = madvise(mapped, size, Int32(MADV_SEQUENTIAL))
            // Another process may cut the file short while it is mapped: reads past its new
            // end then see zeros instead of killing the process (see map_guard.h).
            _ = mg_protect(mapped, size)
            return .success(CrumbSource(name: name, mapped: mapped, count: size))
        }
        return readAll(fd: fd, name: name, closeAfter: true)
    }

    /// Why an input of this kind is not read, if it is not: a folder, or a device other than a
    /// terminal (which ends with Ctrl-D) and `/dev/null`.
    private static func refusal(_ fd: Int32, _ info: stat) -> InputError? {
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            return InputError(message: "is a directory, not a crumb file")
        case S_IFCHR, S_IFBLK:
            var null = stat()
            if isatty(fd) == 1 || (stat("/dev/null", &null) == 0 && null.st_rdev == info.st_rdev && null.st_mode == info.st_mode) {
                return nil
            }
            return InputError(message: "is a device, not a file of crumbs (a device such as /dev/zero never ends; crumbtui reads files, folders, pipes and standard input)")
        default:
            return nil
        }
    }

    /// Reads `fd` to its end, 1 MiB at a time. A line that grows past ``InputLimits/lineBytes``
    /// is dropped as it arrives (its place kept by an empty line, and noted in the source's
    /// `longLines`), so memory holds what is kept and at most one line's limit more. A ring
    /// file is binary, not lines: it is read whole, up to the size its header gives. Input that
    /// starts with `[` (a dump's array, which may be one line of any length) is read whole too,
    /// as from a file; the readers still skip a log's lines over the limit.
    static func readAll(fd: Int32, name: String, closeAfter: Bool) -> Result<CrumbSource, InputError> {
        defer { if closeAfter { close(fd) } }
        var capacity = 1 << 20
        var count = 0
        var cutter = LongLineCutter()
        var isRing: Bool?
        /// Whether the input starts with `[`; nil while only white space has come.
        var isArray: Bool?
        guard var buffer = malloc(capacity) else { return .failure(InputError(message: "out of memory")) }
        while true {
            if capacity - count < 1 << 20 {
                capacity *= 2
                guard let grown = realloc(buffer, capacity) else {
                    free(buffer)
                    return .failure(InputError(message: "out of memory"))
                }
                buffer = grown
            }
            let got = read(fd, buffer + count, 1 << 20)
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                let error = InputError(errno: errno)
                free(buffer)
                return .failure(error)
            }
            let bytes = buffer.assumingMemoryBound(to: UInt8.self)
            if isRing == nil, count + got >= RingFileHeader.magic.count {
                isRing = RingFileHeader.looksLikeRingFile(bytes, count: count + got)
            }
            if isArray == nil { isArray = DumpKind.firstByte(of: UnsafeBufferPointer(start: bytes + count, count: got)).map { $0 == 0x5B } }
            guard isRing == true || isArray == true else {
                count = cutter.cut(bytes, newFrom: count, count: count + got)
                continue
            }
            count += got
            if isRing == true, count >= RingFileHeader.size, count >= RingFileHeader.declaredBytes(bytes) { break }
        }
        count = cutter.finish(count: count)
        return .success(CrumbSource(name: name, buffer: buffer, count: count, longLines: cutter.longLines))
    }
}

/// Why an input could not be read, worded for the user.
struct InputError: Error {
    var message: String

    init(message: String) { self.message = message }

    init(errno code: Int32) {
        switch code {
        case ENOENT: message = "no such file"
        case EACCES, EPERM: message = "permission denied"
        case EISDIR: message = "is a directory, not a crumb file"
        default: message = "cannot read: " + String(cString: strerror(code))
        }
    }
}
