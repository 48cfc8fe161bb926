import CStateCrumbs

/// Owns one ring's memory (see `crumb_ring.h` for how it is written and read without locks).
final class CrumbRing: @unchecked Sendable {
    // @unchecked: the pointer never changes and the ring itself is safe to use from any
    // thread; the memory is returned only in deinit, after the grace period Recorder keeps.
    let pointer: OpaquePointer
    let capacity: Int
    let slotBytes: Int

    init?(capacity: Int, slotBytes: Int) {
        guard let pointer = sc_ring_create(UInt32(capacity), UInt32(slotBytes)) else { return nil }
        self.pointer = pointer
        self.capacity = capacity
        self.slotBytes = Int(sc_ring_slot_bytes(pointer))
    }

    deinit {
        sc_ring_destroy(pointer)
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
}
