import CStateCrumbs

/// Owns one ring's memory (see `crumb_ring.h` for how it is written and read without locks):
/// anonymous memory, or a shared mapping of a ring file.
final class CrumbRing: @unchecked Sendable {
    // @unchecked: the pointer never changes and the ring itself is safe to use from any
    // thread; the memory is returned only in deinit, after the grace period Recorder keeps.
    let pointer: OpaquePointer
    let capacity: Int
    let slotBytes: Int
    /// The ring file the slots live in; nil for a ring in memory.
    let file: RingFile?

    /// A ring in memory of its own.
    convenience init?(capacity: Int, slotBytes: Int) {
        guard let pointer = sc_ring_create(UInt32(capacity), UInt32(slotBytes)) else { return nil }
        self.init(pointer: pointer, file: nil)
    }

    /// Takes ownership of a ring made by `sc_ring_create` or `sc_ring_file_create`.
    init(pointer: OpaquePointer, file: RingFile?) {
        self.pointer = pointer
        self.capacity = Int(sc_ring_capacity(pointer))
        self.slotBytes = Int(sc_ring_slot_bytes(pointer))
        self.file = file
    }

    deinit {
        sc_ring_destroy(pointer)  // a ring file stays on disk
    }

    /// The compact JSON of every crumb still in the ring, oldest first. Crumbs being written at
    /// this moment are skipped.
    func forEachCrumb(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var first: UInt64 = 0
        var end: UInt64 = 0
        sc_ring_window(pointer, &first, &end)
        guard first < end else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: slotBytes) { buffer in
            for ticket in first..<end {
                let length = sc_ring_read(pointer, ticket, buffer.baseAddress!, UInt32(slotBytes))
                if length >= 0 {
                    body(UnsafeBufferPointer(rebasing: buffer[..<Int(length)]))
                }
            }
        }
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        sc_ring_write(pointer, bytes.baseAddress, UInt32(bytes.count))
    }

    func clear() {
        sc_ring_clear(pointer)
    }

    /// No more writes: the process records into another ring from now on. A ring file says
    /// so in its header and stays on disk as evidence.
    func detach() {
        sc_ring_detach(pointer)
    }
}
