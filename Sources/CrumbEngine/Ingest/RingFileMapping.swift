import CMapGuard
#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif

/// A ring file mapped read-only and shared, as Docs/ring-file-format.md says a reader of a live
/// ring maps it: the writer's stores land in the same pages, so the reader sees each crumb as
/// soon as its slot says it is whole, without a system call.
///
/// The mapping is never written (a changed `head` or `seq` would lose the writer's crumbs), and
/// the map guard protects it: a file cut short under it reads as zeros past its new end, which
/// no slot takes for a crumb, instead of killing crumbtui with SIGBUS.
final class RingFileMapping {
    let path: String
    let slots: RingFileSlots
    let identity: FileIdentity
    private let length: Int

    private init(path: String, base: UnsafeRawPointer, length: Int, header: RingFileHeader, identity: FileIdentity) {
        self.path = path
        self.length = length
        self.identity = identity
        slots = RingFileSlots(base: base, header: header)
    }

    deinit {
        mg_forget(slots.base)
        munmap(UnsafeMutableRawPointer(mutating: slots.base), length)
    }

    var header: RingFileHeader { slots.header }

    /// Maps the ring file at `path` and checks its header.
    static func open(_ path: String) -> Result<RingFileMapping, RingFileRefusal> {
        // O_NONBLOCK: a FIFO at the path would wait for a writer; it is refused below.
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failure(.unreadable("cannot open: " + String(cString: strerror(errno)))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            return .failure(.unreadable("not a regular file"))
        }
        let size = Int(info.st_size)
        guard size >= RingFileHeader.size else {
            return .failure(.damaged("cut short at \(size) bytes (its header alone is \(RingFileHeader.size))"))
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), mapped != MAP_FAILED else {
            return .failure(.unreadable("cannot map: " + String(cString: strerror(errno))))
        }
        _ = mg_protect(mapped, size)
        switch RingFileHeader.read(UnsafeRawPointer(mapped), count: size) {
        case .success(let header):
            return .success(RingFileMapping(path: path, base: UnsafeRawPointer(mapped), length: size, header: header, identity: FileIdentity(info)))
        case .failure(let refusal):
            mg_forget(mapped)
            munmap(mapped, size)
            return .failure(refusal)
        }
    }

    /// True when the file was cut short while mapped: its slots read as zeros from there.
    var wasCutShort: Bool {
        let offset: Int = mg_lost_from(slots.base)  // size_t: (size_t)-1 comes through as -1
        return offset >= 0
    }
}
