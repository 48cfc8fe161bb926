import CCrumbFormat
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

    /// The compact JSON of every crumb still in the ring, its tokens expanded, oldest first.
    /// Crumbs being written at this moment are skipped.
    func forEachCrumb(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var first: UInt64 = 0
        var end: UInt64 = 0
        sc_ring_window(pointer, &first, &end)
        guard first < end else { return }
        // A slot's tokens (crumb_format.h) expand to no more than the slot's size (the writer
        // counts them so); the text buffer has room for any bytes a slot could hold.
        let textBytes = 4 * slotBytes
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: slotBytes + textBytes) { buffer in
            let slot = buffer.baseAddress!
            let text = slot + slotBytes
            for ticket in first..<end {
                let length = sc_ring_read(pointer, ticket, slot, UInt32(slotBytes))
                guard length >= 0 else { continue }
                let expanded = sc_expand_tokens(slot, Int(length), text, textBytes)
                if expanded >= 0 {
                    body(UnsafeBufferPointer(start: text, count: Int(expanded)))
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
