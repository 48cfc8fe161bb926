@_spi(CrumbCodec) import CrumbCodec

/// A set of distinct strings (thread names, events, context keys and values, field keys),
/// each given a small number in the order it was first seen.
///
/// The store keeps one number per crumb instead of one string, so a million crumbs from eight
/// threads cost four bytes each for the thread. Lookups hash the raw UTF-8 bytes, so the scanner
/// interns straight from the mapped file without building a `String`. Text is kept as bytes
/// (possibly invalid UTF-8); `string(_:)` repairs it with U+FFFD when it is shown.
public struct InternTable<ID: InternID>: Sendable {
    /// All interned bytes, back to back.
    private var arena: [UInt8] = []
    /// Where each id's bytes start in `arena`; `starts[id + 1]` is where they end.
    private var starts: [Int] = [0]
    /// Open-addressing hash table; an entry is `hash << 32 | (id + 1)`, 0 = empty. Keeping the
    /// hash in the slot saves a second cache miss per lookup when the table is big (a million
    /// request ids).
    private var slots: [UInt64] = Array(repeating: 0, count: 16)
    /// The last few strings looked up, by hash: crumbs repeat their values a few lines apart, and
    /// this small table stays in the CPU cache where `slots` does not.
    private var recent: [UInt64] = Array(repeating: 0, count: 256)

    public init() {}

    /// Number of distinct strings.
    public var count: Int { starts.count - 1 }

    /// Every id, in the order the strings were first seen.
    public var ids: LazyMapSequence<Range<UInt32>, ID> { (0..<UInt32(count)).lazy.map { ID(number: $0) } }

    /// The id of `bytes`, adding it when new.
    @inline(__always)
    public mutating func intern(_ bytes: UnsafeRawBufferPointer) -> ID {
        let hash = Self.hash(bytes)
        let recentSlot = Int(hash >> 24)
        let seen = recent[recentSlot]
        if seen != 0, UInt32(truncatingIfNeeded: seen >> 32) == hash {
            let id = Int(truncatingIfNeeded: seen & 0xFFFF_FFFF) - 1
            if equals(id, bytes) { return ID(number: UInt32(id)) }
        }
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if equals(id, bytes) {
                    recent[recentSlot] = entry
                    return ID(number: UInt32(id))
                }
            }
            slot = (slot + 1) & mask
        }
        let id = UInt32(count)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        let entry = UInt64(hash) << 32 | UInt64(id + 1)
        slots[slot] = entry
        recent[recentSlot] = entry
        if count * 2 > slots.count { grow() }
        return ID(number: id)
    }

    public mutating func intern(_ text: String) -> ID {
        var text = text
        return text.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The id of `bytes` when it is interned, without adding it.
    public func id(of bytes: UnsafeRawBufferPointer) -> ID? {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
            if UInt32(truncatingIfNeeded: entry >> 32) == hash && equals(id, bytes) { return ID(number: UInt32(id)) }
            slot = (slot + 1) & mask
        }
    }

    public func id(of text: String) -> ID? {
        var text = text
        return text.withUTF8 { id(of: UnsafeRawBufferPointer($0)) }
    }

    /// Calls `body` with the bytes of `id`.
    @inline(__always)
    public func withBytes<R>(_ id: ID, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let start = starts[id.index], end = starts[id.index + 1]
        return try arena.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The text of `id`; invalid UTF-8 shows as U+FFFD.
    public func string(_ id: ID) -> String {
        withBytes(id) { String(decoding: $0, as: UTF8.self) }
    }

    @inline(__always)
    private func equals(_ id: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let start = starts[id], end = starts[id + 1]
        let count = bytes.count
        guard end - start == count else { return false }
        if count == 0 { return true }
        return arena.withUnsafeBytes { arena in
            let a = arena.baseAddress! + start, b = bytes.baseAddress!
            // Crumb strings are short: compare eight bytes at a time inline, not through memcmp.
            var index = 0
            while index + 8 <= count {
                if a.loadUnaligned(fromByteOffset: index, as: UInt64.self) != b.loadUnaligned(fromByteOffset: index, as: UInt64.self) {
                    return false
                }
                index += 8
            }
            while index < count {
                if a.load(fromByteOffset: index, as: UInt8.self) != b.load(fromByteOffset: index, as: UInt8.self) { return false }
                index += 1
            }
            return true
        }
    }

    /// Room for the strings of `other` besides these ones, so that adding them (a second half's
    /// strings mapped into the store's table) grows nothing on the way.
    mutating func reserve(adding other: InternTable<ID>) {
        arena.reserve(more: other.arena.count)
        starts.reserve(more: other.count)
        var size = slots.count
        while (count + other.count) * 2 > size { size *= 2 }
        if size > slots.count { rehash(size) }
    }

    private mutating func grow() {
        rehash(slots.count * 2)
    }

    private mutating func rehash(_ size: Int) {
        var fresh = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for entry in slots where entry != 0 {
            var slot = Int(truncatingIfNeeded: entry >> 32) & mask
            while fresh[slot] != 0 { slot = (slot + 1) & mask }
            fresh[slot] = entry
        }
        slots = fresh
    }

    /// FNV-1a over eight bytes at a time, then mixed: fast for the short strings crumbs hold.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let count = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        var index = 0
        while index + 8 <= count {
            h = (h ^ base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x100_0000_01b3
            h ^= h >> 29
            index += 8
        }
        while index < count {
            h = (h ^ UInt64(base.load(fromByteOffset: index, as: UInt8.self))) &* 0x100_0000_01b3
            index += 1
        }
        h ^= h >> 32
        h = h &* 0x9E37_79B9_7F4A_7C15
        return UInt32(truncatingIfNeeded: h >> 32)
    }
}
