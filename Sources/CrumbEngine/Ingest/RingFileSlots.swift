import CCrumbFormat
import Synchronization

/// The slots of a ring file, read with the format's seqlock (Docs/ring-file-format.md,
/// "Reading"): a crumb is copied only when its slot says it is whole before and after the copy,
/// so a crumb that a live writer changes under the reader is never taken torn.
///
/// The memory is the file's read-only mapping (or a copy of a file read from a pipe), checked by
/// `RingFileHeader`; every offset read is inside it. A file cut short while mapped reads as zeros
/// past its new end (the map guard), which no slot takes for a whole crumb.
struct RingFileSlots {
    let base: UnsafeRawPointer
    let header: RingFileHeader
    /// 8-byte fields can be read as atomics (always, for a mapping or a `malloc` block).
    private let aligned: Bool

    init(base: UnsafeRawPointer, header: RingFileHeader) {
        self.base = base
        self.header = header
        aligned = Int(bitPattern: base) % 8 == 0
    }

    /// The next ticket (an acquire load: the slots of the tickets before it are then seen as
    /// their writers left them).
    var head: UInt64 { load(RingFileHeader.headOffset, acquiring: true) }
    var start: UInt64 { load(RingFileHeader.startOffset, acquiring: true) }
    var state: UInt32 {
        guard aligned else { return base.loadUnaligned(fromByteOffset: RingFileHeader.stateOffset, as: UInt32.self) }
        return (base + RingFileHeader.stateOffset).assumingMemoryBound(to: Atomic<UInt32>.self).pointee.load(ordering: .relaxed)
    }

    /// What the slot of one ticket held.
    enum Slot: Equatable {
        /// The crumb, whole: its bytes were appended.
        case whole
        /// The slot holds a newer crumb: this one was overwritten.
        case overwritten
        /// The slot says this crumb is being written: it is not whole (yet; or never, when its
        /// writer died in the middle).
        case writing
        /// The slot still holds an older crumb, or none: this crumb's writer has not claimed it
        /// (yet), or gave it up.
        case stale
        /// The slot holds what no writer writes: a length past the slot (or too short for a
        /// crumb), or a line break.
        case damaged
    }

    /// Reads the crumb with `ticket` and appends its bytes to `out` when it is whole.
    func read(_ ticket: UInt64, into out: inout [UInt8]) -> Slot {
        // No writer gets this far (2^63 crumbs); a head that claims it lies, and `2t + 2` would
        // wrap around to small numbers a slot may hold.
        guard ticket < UInt64.max / 2 else { return .stale }
        let slot = header.slotOffset(ticket)
        let expected = 2 * ticket + 2
        let seq: UInt64 = load(slot, acquiring: true)
        guard seq == expected else {
            if seq > expected { return .overwritten }
            return seq == expected - 1 ? .writing : .stale
        }
        let length = Int(base.loadUnaligned(fromByteOffset: slot + 8, as: UInt32.self))
        // A crumb is an object: at least `{}`.
        guard length >= 2, length <= header.slotBytes else { return .damaged }
        let mark = out.count
        copy(from: slot + 16, count: length, into: &out)
        atomicMemoryFence(ordering: .acquiring)
        guard load(slot, acquiring: false) == expected else {
            out.removeSubrange(mark...)
            return .overwritten
        }
        // The value bytes of its tokens may be anything: expanded first, then checked.
        guard !header.hasTokens || Self.expandTokens(in: &out, from: mark) else {
            out.removeSubrange(mark...)
            return .damaged
        }
        // A crumb is one line of compact JSON; a line break would make two.
        if out[mark...].contains(0x0A) {
            out.removeSubrange(mark...)
            return .damaged
        }
        return .whole
    }

    /// Expands the tokens (Docs/ring-file-format.md, "Tokens") of the crumb at `out[mark...]`
    /// in place. False when one is cut short (no writer leaves one so).
    static func expandTokens(in out: inout [UInt8], from mark: Int) -> Bool {
        guard out[mark...].contains(where: { $0 != 0 && $0 <= UInt8(SC_TOKEN_TIME) }) else { return true }
        let compact = Array(out[mark...])
        // A token of 9 bytes expands to at most 34.
        let capacity = 4 * compact.count
        var cut = false
        let expanded = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            let length = sc_expand_tokens(compact, compact.count, buffer.baseAddress!, capacity)
            cut = length < 0
            initialized = cut ? 0 : Int(length)
        }
        if cut { return false }
        out.replaceSubrange(mark..., with: expanded)
        return true
    }

    /// Copies `count` bytes at `offset` word by word with relaxed atomic loads, as the writer
    /// stores them (a slot is 8-aligned and its crumb bytes are padded to a multiple of 8).
    private func copy(from offset: Int, count: Int, into out: inout [UInt8]) {
        guard aligned else {
            out.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: count))
            return
        }
        var done = 0
        while done < count {
            let word: UInt64 = load(offset + done, acquiring: false)
            let take = min(8, count - done)
            withUnsafeBytes(of: word) { out.append(contentsOf: $0.prefix(take)) }
            done += 8
        }
    }

    /// An 8-byte field, as an acquire load (`acquiring`) or a relaxed one. (The ordering must be
    /// a literal where `Atomic.load` is called.)
    private func load(_ offset: Int, acquiring: Bool) -> UInt64 {
        guard aligned else { return base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        let field = (base + offset).assumingMemoryBound(to: Atomic<UInt64>.self)
        return acquiring ? field.pointee.load(ordering: .acquiring) : field.pointee.load(ordering: .relaxed)
    }
}
