@_spi(CrumbCodec) import CrumbCodec
import CMapGuard
#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif

/// The bytes of one input (a file or standard input) that the store's crumbs point into.
///
/// A regular file is mapped read-only, so loading a 250 MB dump costs no copy and the page cache
/// is shared; pages already scanned are handed back to the kernel (`release(upTo:)`) so peak
/// memory stays well under the file's size, and they are read again from the cache when a crumb
/// is shown. Standard input and pipes are read into one allocation.
///
/// Safe to share between threads: the bytes never change after loading (`@unchecked` because
/// the class holds a raw pointer).
public final class CrumbSource: @unchecked Sendable {
    /// The name the user gave (`-` for standard input).
    public let name: String
    let base: UnsafePointer<UInt8>
    /// Number of bytes.
    public let count: Int
    private let isMapped: Bool
    private let ownsMemory: Bool
    /// The lines too long to keep, read from a stream (an empty line holds the place of each).
    let longLines: [LongLine]

    init(name: String, mapped: UnsafeRawPointer, count: Int) {
        self.name = name
        base = mapped.assumingMemoryBound(to: UInt8.self)
        self.count = count
        isMapped = true
        ownsMemory = true
        longLines = []
    }

    /// Takes ownership of `buffer` (allocated with `malloc`).
    init(name: String, buffer: UnsafeMutableRawPointer, count: Int, longLines: [LongLine] = []) {
        self.name = name
        base = UnsafePointer(buffer.assumingMemoryBound(to: UInt8.self))
        self.count = count
        isMapped = false
        ownsMemory = true
        self.longLines = longLines
    }

    /// Copies `bytes` (for tests, the fuzzer and appended live data); `longLines` are the lines
    /// the reader of the bytes left out.
    public convenience init(name: String, bytes: some Collection<UInt8>, longLines: [LongLine] = []) {
        let buffer = malloc(max(bytes.count, 1))!
        _ = UnsafeMutableRawBufferPointer(start: buffer, count: bytes.count).initializeMemory(as: UInt8.self, from: bytes)
        self.init(name: name, buffer: buffer, count: bytes.count, longLines: longLines)
    }

    deinit {
        guard ownsMemory else { return }
        if isMapped {
            mg_forget(base)
            if count > 0 { munmap(UnsafeMutableRawPointer(mutating: base), count) }
        } else {
            free(UnsafeMutableRawPointer(mutating: base))
        }
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Where the file was found cut short while mapped (another process truncated or rewrote
    /// it): from this offset on it reads as zeros. Nil while it is whole, and for memory we own.
    public var lostFrom: Int? {
        guard isMapped else { return nil }
        let offset: Int = mg_lost_from(base)  // size_t: (size_t)-1 comes through as -1
        guard offset >= 0 else { return nil }
        // The guard knows the page the first missing byte is on; the file may end earlier in it.
        var info = stat()
        if stat(name, &info) == 0, Int(info.st_size) < offset { return Int(info.st_size) }
        return offset
    }

    /// Lets the kernel drop mapped pages wholly below `offset` from this process; they come
    /// back from the page cache when read again. Does nothing for memory we own.
    func release(from start: Int, upTo offset: Int) {
        guard isMapped else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let base = Int(bitPattern: self.base)
        let first = (base + start + page - 1) / page * page
        let last = (base + min(offset, count)) / page * page
        guard last > first else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: first), last - first, Int32(MADV_DONTNEED))
    }

    /// The 1-based line numbers of ascending byte offsets, counted in one pass.
    func lines(at offsets: [Int]) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(offsets.count)
        var line = 1
        var position = 0
        for offset in offsets {
            let end = min(max(offset, position), count)
            while position < end {
                let newline = findByte(0x0A, in: base, from: position, to: end)
                guard newline < end else { break }
                line += 1
                position = newline + 1
            }
            position = max(position, end)
            result.append(line)
        }
        return result
    }
}

/// Hands a mapped source's pages back to the kernel behind a reader that goes through it front
/// to back, a few megabytes at a time, so that reading a big file does not keep it all resident.
struct ScannedPages {
    let source: CrumbSource
    /// Everything below this offset has been handed back.
    private var releasedUpTo: Int
    private static var step: Int { 8 << 20 }

    init(_ source: CrumbSource, from start: Int) {
        self.source = source
        releasedUpTo = start
    }

    /// The reader is at `offset`.
    @inline(__always)
    mutating func passed(_ offset: Int) {
        if offset - releasedUpTo > Self.step {
            source.release(from: releasedUpTo, upTo: offset)
            releasedUpTo = offset
        }
    }
}
