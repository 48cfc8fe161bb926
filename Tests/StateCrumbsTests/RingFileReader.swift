import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Reads a ring file as Docs/ring-file-format.md says, with none of the library's code: the
/// tests check what the library writes, and the format document, through it.
final class RingFileReader: @unchecked Sendable {
    // @unchecked: nothing changes after init; the mapping is read-only and read with the format's
    // seqlock, from any thread.
    struct Header: Equatable {
        var version: UInt32
        var headerBytes: UInt32
        var capacity: UInt32
        var slotBytes: UInt32
        var stride: UInt32
        var totalBytes: UInt64
        var state: UInt32
        var pid: Int32
        var processStart: UInt64
        var createdNanoseconds: UInt64
        var bootID: String
    }

    /// Why a file is not a ring file this reader reads.
    enum Refusal: Error, Equatable {
        case cannotOpen(Int32)
        case tooShort
        case magic
        case byteOrder
        case version(UInt32)
        case geometry
        case size(header: UInt64, file: UInt64)
        case notACrumb(String)
    }

    let header: Header
    private let base: UnsafeRawPointer
    private let length: Int

    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Refusal.cannotOpen(errno) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw Refusal.cannotOpen(errno) }
        let size = Int(status.st_size)
        guard size >= 256 else { throw Refusal.tooShort }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), mapped != MAP_FAILED else {
            throw Refusal.cannotOpen(errno)
        }
        base = UnsafeRawPointer(mapped)
        length = size
        do {
            header = try Self.validate(base, fileSize: UInt64(size))
        } catch {
            munmap(mapped, size)
            throw error
        }
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }

    private static func validate(_ base: UnsafeRawPointer, fileSize: UInt64) throws -> Header {
        func u32(_ offset: Int) -> UInt32 { base.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
        func u64(_ offset: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        guard Array(UnsafeRawBufferPointer(start: base, count: 8)) == Array("CRUMRING".utf8) else { throw Refusal.magic }
        guard u32(12) == 0x0102_0304 else { throw Refusal.byteOrder }
        guard u32(8) == 1 || u32(8) == 2 else { throw Refusal.version(u32(8)) }
        let header = Header(
            version: u32(8), headerBytes: u32(16), capacity: u32(20), slotBytes: u32(24), stride: u32(28),
            totalBytes: u64(32), state: u32(40), pid: Int32(bitPattern: u32(44)), processStart: u64(48),
            createdNanoseconds: u64(56),
            bootID: String(decoding: UnsafeRawBufferPointer(start: base + 136, count: 40).prefix { $0 != 0 }, as: UTF8.self))
        guard header.headerBytes >= 192, header.headerBytes % 8 == 0, header.capacity > 0, header.slotBytes > 0,
              header.slotBytes % 8 == 0, header.stride == 16 + header.slotBytes
        else { throw Refusal.geometry }
        let total = UInt64(header.headerBytes) + UInt64(header.capacity) * UInt64(header.stride)
        guard header.totalBytes == total, fileSize == total else { throw Refusal.size(header: header.totalBytes, file: fileSize) }
        return header
    }

    private func atomic(_ offset: Int) -> UnsafePointer<Atomic<UInt64>> {
        (base + offset).assumingMemoryBound(to: Atomic<UInt64>.self)
    }

    /// `head` and `start` now.
    var head: UInt64 { atomic(64).pointee.load(ordering: .acquiring) }
    var start: UInt64 { atomic(128).pointee.load(ordering: .acquiring) }
    var state: UInt32 { base.load(fromByteOffset: 40, as: UInt32.self) }

    /// The crumbs in the file, oldest first: the window's tickets whose crumb is whole.
    func crumbs() -> [(ticket: UInt64, bytes: [UInt8])] {
        let head = self.head, start = self.start
        let capacity = UInt64(header.capacity)
        let lowest = head > capacity ? head - capacity : 0
        let first = min(max(start, lowest), head)
        var result: [(UInt64, [UInt8])] = []
        for ticket in first..<head {
            let slot = Int(header.headerBytes) + Int(ticket % capacity) * Int(header.stride)
            let seq = atomic(slot)
            let expected = 2 * ticket + 2
            guard seq.pointee.load(ordering: .acquiring) == expected else { continue }
            let length = Int(base.load(fromByteOffset: slot + 8, as: UInt32.self))
            guard length <= Int(header.slotBytes) else { continue }
            let bytes = Array(UnsafeRawBufferPointer(start: base + slot + 16, count: length))
            atomicMemoryFence(ordering: .acquiring)
            guard seq.pointee.load(ordering: .relaxed) == expected else { continue }
            guard let text = Self.expandTokens(bytes) else { continue }
            result.append((ticket, text))
        }
        return result
    }

    /// The crumbs as JSON objects; a crumb that does not parse is a failure of the test.
    func objects() throws -> [[String: Any]] {
        try crumbs().map { crumb in
            guard let object = try JSONSerialization.jsonObject(with: Data(crumb.bytes)) as? [String: Any] else {
                throw Refusal.notACrumb(String(decoding: crumb.bytes, as: UTF8.self))
            }
            return object
        }
    }

    /// The crumb's JSON: its tokens (the format's "Tokens") written out; nil for a token cut short.
    static func expandTokens(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let marker = bytes[index]
            guard (0x01...0x11).contains(marker) else {
                out.append(marker)
                index += 1
                continue
            }
            let size = marker == 0x11 ? 8 : marker <= 0x08 ? Int(marker) : Int(marker) - 8
            guard index + 1 + size <= bytes.count else { return nil }
            let value = bytes[index + 1...index + size].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            index += 1 + size
            let text: String
            switch marker {
            case 0x11: text = timestamp(nanoseconds: Int64(bitPattern: value))
            case 0x09...: text = "-\(value)"
            default: text = "\(value)"
            }
            out += Array("\"\(text)\"".utf8)
        }
        return out
    }

    /// `2026-12-02T01:40:05.123456+00:00`, by Foundation's calendar.
    static func timestamp(nanoseconds: Int64) -> String {
        var seconds = nanoseconds / 1_000_000_000
        var rest = nanoseconds % 1_000_000_000
        if rest < 0 {
            seconds -= 1
            rest += 1_000_000_000
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                            from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06d+00:00", parts.year!, parts.month!, parts.day!,
                      parts.hour!, parts.minute!, parts.second!, Int(rest / 1000))
    }

    /// Whether the process that wrote the file still runs (the format document's three checks).
    var writerRunning: Bool {
        let now = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard header.bootID.isEmpty || header.bootID == now else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(header.pid)/stat", encoding: .utf8) else { return false }
        guard let close = stat.lastIndex(of: ")") else { return false }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (the state): field 22 is fields[19].
        return fields.count > 19 && fields[0] != "Z" && fields[0] != "X" && UInt64(fields[19]) == header.processStart
    }
}
