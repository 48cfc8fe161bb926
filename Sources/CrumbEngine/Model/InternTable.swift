/// A set of distinct strings (thread names, events, context keys and values, field keys),
/// each given a small number in the order it was first seen.
///
/// The store keeps one number per crumb instead of one string, so a million crumbs from eight
/// threads cost four bytes each for the thread. Lookups hash the raw UTF-8 bytes, so the scanner
/// interns straight from the mapped file without building a `String`. Text is kept as bytes
/// (possibly invalid UTF-8); `string(_:)` repairs it with U+FFFD when it is shown.
public struct InternTable: Sendable {
    /// All interned bytes, back to back.
    private var arena: [UInt8] = []
    /// Where each id's bytes start in `arena`; `starts[id + 1]` is where they end.
    private var starts: [Int] = [0]
    /// Open-addressing hash table of `id + 1` (0 = empty slot); its size is a power of two.
    private var slots: [UInt32] = Array(repeating: 0, count: 16)
    private var hashes: [UInt32] = []

    public init() {}

    /// Number of distinct strings.
    public var count: Int { starts.count - 1 }

    /// The id of `bytes`, adding it when new.
    @inline(__always)
    public mutating func intern(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let id = Int(entry - 1)
            if hashes[id] == hash && equals(id, bytes) { return UInt32(id) }
            slot = (slot + 1) & mask
        }
        let id = UInt32(count)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        hashes.append(hash)
        slots[slot] = id + 1
        if count * 2 > slots.count { grow() }
        return id
    }

    public mutating func intern(_ text: String) -> UInt32 {
        var text = text
        return text.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The id of `bytes` when it is interned, without adding it.
    public func id(of bytes: UnsafeRawBufferPointer) -> UInt32? {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            let id = Int(entry - 1)
            if hashes[id] == hash && equals(id, bytes) { return UInt32(id) }
            slot = (slot + 1) & mask
        }
    }

    public func id(of text: String) -> UInt32? {
        var text = text
        return text.withUTF8 { id(of: UnsafeRawBufferPointer($0)) }
    }

    /// Calls `body` with the bytes of `id`.
    @inline(__always)
    public func withBytes<R>(_ id: UInt32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let start = starts[Int(id)], end = starts[Int(id) + 1]
        return try arena.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The text of `id`; invalid UTF-8 shows as U+FFFD.
    public func string(_ id: UInt32) -> String {
        withBytes(id) { String(decoding: $0, as: UTF8.self) }
    }

    private func equals(_ id: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let start = starts[id], end = starts[id + 1]
        guard end - start == bytes.count else { return false }
        if bytes.isEmpty { return true }
        return arena.withUnsafeBytes { memcmp($0.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0 }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [UInt32](repeating: 0, count: size)
        let mask = size - 1
        for id in 0..<count {
            var slot = Int(hashes[id]) & mask
            while fresh[slot] != 0 { slot = (slot + 1) & mask }
            fresh[slot] = UInt32(id + 1)
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
