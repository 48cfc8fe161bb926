import CMapGuard
#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif

/// Opening an input: a regular file is mapped; standard input, pipes and special files are read
/// in large blocks. Every failure becomes a short message for the user, never a crash.
enum InputFile {
    static func open(_ name: String) -> Result<CrumbSource, InputError> {
        if name == "-" { return readAll(fd: 0, name: name, closeAfter: false) }
        let fd = Glibc.open(name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(InputError(errno: errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = InputError(errno: errno)
            close(fd)
            return .failure(error)
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            close(fd)
            return .failure(InputError(message: "is a directory, not a crumb file"))
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

    /// Reads `fd` to its end in blocks of at least 1 MiB.
    static func readAll(fd: Int32, name: String, closeAfter: Bool) -> Result<CrumbSource, InputError> {
        defer { if closeAfter { close(fd) } }
        var capacity = 1 << 20
        var count = 0
        guard var buffer = malloc(capacity) else { return .failure(InputError(message: "out of memory")) }
        while true {
            if capacity - count < 1 << 19 {
                capacity *= 2
                guard let grown = realloc(buffer, capacity) else {
                    free(buffer)
                    return .failure(InputError(message: "out of memory"))
                }
                buffer = grown
            }
            let got = read(fd, buffer + count, capacity - count)
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                let error = InputError(errno: errno)
                free(buffer)
                return .failure(error)
            }
            count += got
        }
        return .success(CrumbSource(name: name, buffer: buffer, count: count))
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
