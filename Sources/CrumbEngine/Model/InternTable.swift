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
    /// Once `slots` outgrows the CPU's caches, a new string is not put there at once (finding its
    /// empty slot is a cache miss, one per new string: a million request ids made that a sixth of
    /// loading) but into `young`, a small table that stays in the cache, and moved over with the
    /// others when `young` is full, all their misses overlapping. `settled` ids are in `slots`,
    /// later ones in `young`.
    private var young: [UInt64] = []
    private var settled = 0
    /// A Bloom filter of the hashes in `slots` (two bits in one word per string, four bits per
    /// slot), read before `slots`: a string it has not seen is new without touching `slots`.
    private var seen: [UInt64] = []

    /// `slots` sizes from which new strings wait in `young`: 4 MiB of slots and up (twice the
    /// L2 cache of the machine measured on; below that `young` costs more than it saves).
    private static var bigSlots: Int { 1 << 19 }
    /// Strings `young` holds before they move to `slots`; `young` has twice as many entries.
    private static var youngLimit: Int { 1024 }

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
        let last = recent[recentSlot]
        if last != 0, UInt32(truncatingIfNeeded: last >> 32) == hash {
            let id = Int(truncatingIfNeeded: last & 0xFFFF_FFFF) - 1
            if equals(id, bytes) { return ID(number: UInt32(id)) }
        }
        if young.isEmpty {
            return internSettled(bytes, hash, recentSlot)
        }
        switch find(bytes, hash, in: young) {
        case .found(let entry):
            recent[recentSlot] = entry
            return Self.id(entry)
        case .empty(let youngSlot):
            if Self.mayHold(seen, hash), case .found(let entry) = find(bytes, hash, in: slots) {
                recent[recentSlot] = entry
                return Self.id(entry)
            }
            let entry = add(bytes, hash)
            young[youngSlot] = entry
            recent[recentSlot] = entry
            if count - settled == Self.youngLimit { settle() }
            return Self.id(entry)
        }
    }

    /// `intern` while `slots` is small: straight into `slots`.
    @inline(__always)
    private mutating func internSettled(_ bytes: UnsafeRawBufferPointer, _ hash: UInt32, _ recentSlot: Int) -> ID {
        switch find(bytes, hash, in: slots) {
        case .found(let entry):
            recent[recentSlot] = entry
            return Self.id(entry)
        case .empty(let slot):
            let entry = add(bytes, hash)
            slots[slot] = entry
            recent[recentSlot] = entry
            settled = count
            if count * 2 > slots.count { rehash(slots.count * 2) }
            return Self.id(entry)
        }
    }

    /// The id an entry of `slots` or `young` holds.
    @inline(__always)
    private static func id(_ entry: UInt64) -> ID { ID(number: UInt32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1) }

    private enum Probe {
        case found(UInt64)
        case empty(Int)
    }

    /// Where `bytes` is in `table` (a power of two of entries), or the empty slot it would take.
    @inline(__always)
    private func find(_ bytes: UnsafeRawBufferPointer, _ hash: UInt32, in table: [UInt64]) -> Probe {
        let mask = table.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { return .empty(slot) }
            if UInt32(truncatingIfNeeded: entry >> 32) == hash,
               equals(Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1, bytes) {
                return .found(entry)
            }
            slot = (slot + 1) & mask
        }
    }

    /// Stores the bytes of a new string; its entry for the hash tables.
    @inline(__always)
    private mutating func add(_ bytes: UnsafeRawBufferPointer, _ hash: UInt32) -> UInt64 {
        let id = UInt32(count)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        return UInt64(hash) << 32 | UInt64(id + 1)
    }

    /// Moves the strings waiting in `young` into `slots`, growing it first when they would fill
    /// it past half.
    private mutating func settle() {
        guard settled < count else { return }
        var size = slots.count
        while count * 2 > size { size *= 2 }
        if size > slots.count { rehash(size) }
        let wordMask = seen.count - 1
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: young.count) { waiting in
            var waitingCount = 0
            for entry in young where entry != 0 {
                waiting[waitingCount] = entry
                waitingCount += 1
            }
            insert(UnsafeBufferPointer(rebasing: waiting[..<waitingCount]))
        }
        for index in young.indices where young[index] != 0 {
            Self.note(&seen, UInt32(truncatingIfNeeded: young[index] >> 32), wordMask)
            young[index] = 0
        }
        settled = count
    }

    /// Puts new entries into `slots`, which has room for them. Each one's home slot is read
    /// first, all before any is written: those reads do not wait on each other, so their cache
    /// misses overlap, and the inserts find the lines in the cache.
    private mutating func insert(_ entries: UnsafeBufferPointer<UInt64>) {
        let mask = slots.count - 1
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: entries.count) { homes in
            for (index, entry) in entries.enumerated() {
                homes[index] = slots[Int(truncatingIfNeeded: entry >> 32) & mask]
            }
            for (index, entry) in entries.enumerated() {
                var slot = Int(truncatingIfNeeded: entry >> 32) & mask
                if homes[index] != 0 || slots[slot] != 0 {
                    repeat { slot = (slot + 1) & mask } while slots[slot] != 0
                }
                slots[slot] = entry
            }
        }
    }

    /// The filter word and bits of a hash: `hash` picks the slot, so these come from a remix of it.
    @inline(__always)
    private static func filterBits(_ hash: UInt32, _ wordMask: Int) -> (word: Int, bits: UInt64) {
        let mixed = UInt64(hash) &* 0x9E37_79B9_7F4A_7C15
        let bits = (1 as UInt64) << (mixed & 63) | (1 as UInt64) << ((mixed >> 6) & 63)
        return (Int(truncatingIfNeeded: mixed >> 40) & wordMask, bits)
    }

    @inline(__always)
    private static func mayHold(_ filter: [UInt64], _ hash: UInt32) -> Bool {
        let (word, bits) = filterBits(hash, filter.count - 1)
        return filter[word] & bits == bits
    }

    @inline(__always)
    private static func note(_ filter: inout [UInt64], _ hash: UInt32, _ wordMask: Int) {
        let (word, bits) = filterBits(hash, wordMask)
        filter[word] |= bits
    }

    public mutating func intern(_ text: String) -> ID {
        var text = text
        return text.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The id of `bytes` when it is interned, without adding it.
    public func id(of bytes: UnsafeRawBufferPointer) -> ID? {
        let hash = Self.hash(bytes)
        if case .found(let entry) = find(bytes, hash, in: slots) {
            return Self.id(entry)
        }
        if !young.isEmpty, case .found(let entry) = find(bytes, hash, in: young) {
            return Self.id(entry)
        }
        return nil
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

    /// The id here of each string of `other`, in its order, adding the strings this table lacks
    /// (a second half's strings mapped into the store's table). Goes through `other` in groups:
    /// hashes first, then every home slot of the group is read before any string is looked up,
    /// so that a big table's cache misses overlap instead of following one another.
    ///
    /// The strings go straight into `slots`; `young` and the filter are dropped (made again
    /// when the table next grows), as keeping the filter up would cost a miss per string.
    mutating func intern(contentsOf other: InternTable<ID>) -> [ID] {
        arena.reserve(more: other.arena.count)
        starts.reserve(more: other.count)
        settle()
        young = []
        seen = []
        var size = slots.count
        while (count + other.count) * 2 > size { size *= 2 }
        if size > slots.count { rehash(size, young: false) }
        var result = [ID]()
        result.reserveCapacity(other.count)
        let mask = slots.count - 1
        let group = 32
        other.arena.withUnsafeBytes { bytes in
            withUnsafeTemporaryAllocation(of: (hash: UInt32, home: UInt64).self, capacity: group) { read in
                var first = 0
                while first < other.count {
                    let last = min(first + group, other.count)
                    for id in first..<last {
                        read[id - first].hash = Self.hash(UnsafeRawBufferPointer(rebasing: bytes[other.starts[id]..<other.starts[id + 1]]))
                    }
                    for index in 0..<(last - first) { read[index].home = slots[Int(read[index].hash) & mask] }
                    for id in first..<last {
                        let string = UnsafeRawBufferPointer(rebasing: bytes[other.starts[id]..<other.starts[id + 1]])
                        let (hash, home) = read[id - first]
                        var slot = Int(hash) & mask
                        // An empty home slot (then, and still) means a string not here yet.
                        if home != 0 || slots[slot] != 0 {
                            switch find(string, hash, in: slots) {
                            case .found(let entry):
                                result.append(Self.id(entry))
                                continue
                            case .empty(let empty):
                                slot = empty
                            }
                        }
                        let entry = add(string, hash)
                        slots[slot] = entry
                        result.append(Self.id(entry))
                    }
                    first = last
                }
            }
        }
        settled = count
        return result
    }

    /// Puts the settled entries into `size` slots; once the slots are big, and unless `young` is
    /// false, new strings wait in `young` from now on and the filter is made to match.
    private mutating func rehash(_ size: Int, young keepsYoung: Bool = true) {
        var fresh = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for entry in slots where entry != 0 {
            var slot = Int(truncatingIfNeeded: entry >> 32) & mask
            while fresh[slot] != 0 { slot = (slot + 1) & mask }
            fresh[slot] = entry
        }
        slots = fresh
        guard keepsYoung, size >= Self.bigSlots else { return }
        if young.isEmpty { young = Array(repeating: 0, count: 2 * Self.youngLimit) }
        var filter = [UInt64](repeating: 0, count: size / 16)
        let wordMask = filter.count - 1
        for entry in slots where entry != 0 { Self.note(&filter, UInt32(truncatingIfNeeded: entry >> 32), wordMask) }
        seen = filter
    }

    /// FNV-1a over eight bytes at a time, then mixed: fast for the short strings crumbs hold.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        // An empty buffer hashes the same with or without an address: one id for "" either way.
        if let base = bytes.baseAddress {
            let count = bytes.count
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
        }
        h ^= h >> 32
        h = h &* 0x9E37_79B9_7F4A_7C15
        return UInt32(truncatingIfNeeded: h >> 32)
    }
}
