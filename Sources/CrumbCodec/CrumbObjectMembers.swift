/// How ``CrumbObject`` tells keys apart and resolves repeated ones: the rule (each key once,
/// its last value, in the place of its first) lives here, for the walker and for the writers
/// that copy an object with repeats.
extension CrumbObject {
    /// A member of an object once repeats are resolved: the key where it first stood, and where
    /// its last value starts.
    @_spi(CrumbCodec) public struct Member {
        @_spi(CrumbCodec) public var key: JSONString
        @_spi(CrumbCodec) public var value: Int
        /// The reserved key its text names, if any.
        @_spi(CrumbCodec) public var reserved: ReservedKey?
    }

    /// The members of the well-formed object whose `{` is at `start` (ending before `end`),
    /// each key once: in the place where it first stands, with its last value.
    @_spi(CrumbCodec) public static func resolvedMembers(_ base: UnsafePointer<UInt8>, from start: Int, end: Int = .max) -> [Member] {
        var s = JSONScanner(base: base, position: start, end: end)
        var members: [Member] = []
        var places: [[UInt8]: Int] = [:]
        guard var object = JSONMembers(&s) else { return [] }
        while let key = object.next(&s) {
            let text = CrumbKey.text(base, key)
            if let place = places[text] {
                members[place].value = s.position
            } else {
                places[text] = members.count
                members.append(Member(key: key, value: s.position, reserved: text.withUnsafeBufferPointer { ReservedKey.named($0) }))
            }
            guard s.skipValue() else { break }
        }
        return members
    }

    /// Writes the well-formed object at `start..<end` as compact JSON with each key once (its
    /// context too); the values are compacted, and repaired, by `JSONCompactor`.
    @_spi(CrumbCodec) public static func writeResolved(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into out: inout ByteBuffer) {
        writeMembers(base, resolvedMembers(base, from: start, end: end), end: end, resolvingContext: true, into: &out)
    }

    static func writeMembers(_ base: UnsafePointer<UInt8>, _ members: [Member], end: Int, resolvingContext: Bool, into out: inout ByteBuffer) {
        out.append(0x7B)
        for (index, member) in members.enumerated() {
            if index > 0 { out.append(0x2C) }
            // The key alone is the input of this copy: the room it needs is the key's.
            out.reserve(member.key.end &- member.key.start &+ 24)
            _ = JSONCompactor.copyString(base, from: member.key.start &- 1, to: member.key.end &+ 1, into: &out)
            out.append(0x3A)
            var value = JSONScanner(base: base, position: member.value, end: end)
            guard value.skipValue() else { break }
            if resolvingContext, member.reserved == .context, base[member.value] == 0x7B {
                writeMembers(base, resolvedMembers(base, from: member.value, end: end), end: end, resolvingContext: false, into: &out)
            } else {
                JSONCompactor.compact(base, from: member.value, to: value.position, into: &out)
            }
        }
        out.append(0x7D)
    }
}

/// A key's identity for finding repeats: the reserved key it names, or else a hash of its text
/// (escapes decoded).
@_spi(CrumbCodec) public enum CrumbKey {
    /// The reserved key the key names, if any (`"\u0065vent"` names `event` too).
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func reserved(_ base: UnsafePointer<UInt8>, _ key: JSONString) -> ReservedKey? {
        if key.escaped { return reservedEscaped(base, key) }
        return ReservedKey.named(base + key.start, count: key.end &- key.start)
    }

    /// The hash of the key's text.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func hash(_ base: UnsafePointer<UInt8>, _ key: JSONString) -> UInt64 {
        if key.escaped { return hashEscaped(base, key) }
        return hash(base + key.start, key.end &- key.start)
    }

    @usableFromInline
    static func reservedEscaped(_ base: UnsafePointer<UInt8>, _ key: JSONString) -> ReservedKey? {
        text(base, key).withUnsafeBufferPointer { ReservedKey.named($0) }
    }

    @usableFromInline
    static func hashEscaped(_ base: UnsafePointer<UInt8>, _ key: JSONString) -> UInt64 {
        let text = self.text(base, key)
        return text.withUnsafeBufferPointer { $0.isEmpty ? 0 : hash($0.baseAddress!, $0.count) }
    }

    /// The key's text as UTF-8, escapes decoded.
    static func text(_ base: UnsafePointer<UInt8>, _ key: JSONString) -> [UInt8] {
        guard key.escaped else { return Array(UnsafeBufferPointer(start: base + key.start, count: key.end - key.start)) }
        var text: [UInt8] = []
        JSONStringDecoder.decode(base, from: key.start, to: key.end, into: &text)
        return text
    }

    /// A 64-bit hash of `count` bytes, reading none outside them. Keys are short: one of up to
    /// eight bytes is its bytes and its length (no two such keys share it); a longer one is mixed.
    @inlinable @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(bytes)
        if count <= 8 {
            var word: UInt64
            if count >= 4 {
                // Two loads that overlap: the first four bytes and the last four.
                word = UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)) &<< 32
            } else {
                word = 0
                for index in 0..<count { word = word &<< 8 | UInt64(bytes[index]) }
            }
            return word ^ UInt64(truncatingIfNeeded: count) &<< 59
        }
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        var offset = 0
        while offset &+ 8 < count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash &>> 31
            offset &+= 8
        }
        hash = (hash ^ raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash &>> 29)
    }
}

/// The keys of one object met so far, by hash: sixteen in place, more in a table of its own (open
/// addressing), so the walk stays linear in the keys. A hash met twice is taken for a repeat;
/// the rare false one only costs the slower resolving walk, which compares keys by their text.
/// Plain values only (the table is a raw pointer): nothing to count or release per crumb, but
/// ``release()`` when done.
@usableFromInline
struct KeyLog {
    @usableFromInline var first: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                  UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
        = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    @usableFromInline var count = 0
    /// One bit for each of the first sixteen hashes: a hash whose bit is clear is new, without
    /// comparing it with the others (most keys of most crumbs).
    @usableFromInline var bits: UInt64 = 0
    /// Past sixteen keys: every key's hash, mixed, at a slot found by probing; 0 is a free slot.
    @usableFromInline var table: UnsafeMutablePointer<UInt64>?
    @usableFromInline var capacity = 0

    @inlinable init() {}

    /// Notes `hash`; false when it was noted before.
    @inlinable @inline(__always)
    mutating func insert(_ hash: UInt64) -> Bool {
        if count < 16 {
            let bit: UInt64 = 1 &<< ((hash &* 0x9E37_79B9_7F4A_7C15) &>> 58)
            let maybeSeen = bits & bit != 0
            bits |= bit
            let seen = withUnsafeMutablePointer(to: &first) { tuple in
                tuple.withMemoryRebound(to: UInt64.self, capacity: 16) { hashes -> Bool in
                    if maybeSeen {
                        for index in 0..<count where hashes[index] == hash { return true }
                    }
                    hashes[count] = hash
                    return false
                }
            }
            if seen { return false }
            count &+= 1
            return true
        }
        return insertInTable(hash)
    }

    @usableFromInline
    mutating func insertInTable(_ hash: UInt64) -> Bool {
        if table == nil {
            grow(to: 64)
            var noted = first
            withUnsafeMutablePointer(to: &noted) { tuple in
                tuple.withMemoryRebound(to: UInt64.self, capacity: 16) { hashes in
                    for index in 0..<16 { _ = place(hashes[index]) }
                }
            }
        } else if count &* 2 >= capacity {
            grow(to: capacity &* 2)
        }
        guard place(hash) else { return false }
        count &+= 1
        return true
    }

    /// Puts `hash` in the table; false when it is there.
    mutating func place(_ hash: UInt64) -> Bool {
        var mixed = (hash ^ (hash &>> 33)) &* 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed &>> 29
        if mixed == 0 { mixed = 1 }
        let table = self.table!
        var slot = Int(truncatingIfNeeded: mixed) & (capacity &- 1)
        while table[slot] != 0 {
            if table[slot] == mixed { return false }
            slot = (slot &+ 1) & (capacity &- 1)
        }
        table[slot] = mixed
        return true
    }

    mutating func grow(to newCapacity: Int) {
        let old = table, oldCapacity = capacity
        let new = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
        new.initialize(repeating: 0, count: newCapacity)
        table = new
        capacity = newCapacity
        guard let old else { return }
        for slot in 0..<oldCapacity where old[slot] != 0 {
            var index = Int(truncatingIfNeeded: old[slot]) & (newCapacity &- 1)
            while new[index] != 0 { index = (index &+ 1) & (newCapacity &- 1) }
            new[index] = old[slot]
        }
        old.deallocate()
    }

    /// Gives back the table, if one was made.
    @inlinable @inline(__always)
    func release() { table?.deallocate() }
}
