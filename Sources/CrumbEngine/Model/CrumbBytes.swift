#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif

/// Bytes that grow (malloc'd, so that a `CrumbSource` can take them over without a copy).
final class CrumbBytes {
    private var memory: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes in use; setting it lower forgets the bytes after it.
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 4096)
        memory = malloc(self.capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    deinit { free(memory) }

    var base: UnsafePointer<UInt8> { UnsafePointer(memory) }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0.baseAddress!, count: $0.count) }
    }

    func append(_ other: CrumbBytes) { append(other.memory, count: other.count) }

    private func append(_ bytes: UnsafePointer<UInt8>, count added: Int) {
        if count + added > capacity {
            capacity = max(capacity * 3 / 2, count + added)
            memory = realloc(memory, capacity)!.assumingMemoryBound(to: UInt8.self)
        }
        (memory + count).update(from: bytes, count: added)
        count += added
    }

    /// Hands the bytes over to a source, without a copy; this buffer is empty afterwards.
    func takeSource(name: String) -> CrumbSource {
        let bytes = realloc(memory, max(count, 1))!
        let source = CrumbSource(name: name, buffer: bytes, count: count)
        capacity = 4096
        memory = malloc(capacity)!.assumingMemoryBound(to: UInt8.self)
        count = 0
        return source
    }
}
