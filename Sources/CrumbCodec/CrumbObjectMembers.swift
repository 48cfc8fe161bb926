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

/// A key's identity for finding repeats: a hash of its text, and the reserved key it names.
@_spi(CrumbCodec) public enum CrumbKey {
    /// The hash of the key's text (escapes decoded) and the reserved key it names, if any.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func read(_ base: UnsafePointer<UInt8>, _ key: JSONString) -> (hash: UInt64, reserved: ReservedKey?) {
        if key.escaped { return readEscaped(base, key) }
        let count = key.end &- key.start
        return (hash(base + key.start, count), ReservedKey.named(base + key.start, count: count))
    }

    @usableFromInline
    static func readEscaped(_ base: UnsafePointer<UInt8>, _ key: JSONString) -> (hash: UInt64, reserved: ReservedKey?) {
        let text = self.text(base, key)
        return text.withUnsafeBufferPointer { (hash($0.baseAddress!, $0.count), ReservedKey.named($0)) }
    }

    /// The key's text as UTF-8, escapes decoded.
    static func text(_ base: UnsafePointer<UInt8>, _ key: JSONString) -> [UInt8] {
        guard key.escaped else { return Array(UnsafeBufferPointer(start: base + key.start, count: key.end - key.start)) }
        var text: [UInt8] = []
        JSONStringDecoder.decode(base, from: key.start, to: key.end, into: &text)
        return text
    }

    /// A 64-bit hash of `count` bytes, reading none outside them. Keys are short: a word or two.
    @inlinable @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(bytes)
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        var word: UInt64
        if count >= 8 {
            var offset = 0
            while offset &+ 8 < count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                hash ^= hash &>> 31
                offset &+= 8
            }
            word = raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        } else if count >= 4 {
            word = UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)) &<< 32
        } else {
            word = 0
            for index in 0..<count { word = word &<< 8 | UInt64(bytes[index]) }
        }
        hash = (hash ^ word) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash &>> 29)
    }
}

/// The keys of one object met so far, by hash: sixteen in place, more in a set. A hash met
/// twice is taken for a repeat; the rare false one only costs the slower resolving walk, which
/// compares keys by their text.
@usableFromInline
struct KeyLog {
    @usableFromInline var first: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                  UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
        = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    @usableFromInline var count = 0
    @usableFromInline var more: Set<UInt64> = []

    @inlinable init() {}

    /// Notes `hash`; false when it was noted before.
    @inlinable @inline(__always)
    mutating func insert(_ hash: UInt64) -> Bool {
        if count < 16 {
            let seen = withUnsafeMutablePointer(to: &first) { tuple in
                tuple.withMemoryRebound(to: UInt64.self, capacity: 16) { hashes -> Bool in
                    for index in 0..<count where hashes[index] == hash { return true }
                    hashes[count] = hash
                    return false
                }
            }
            if seen { return false }
            count &+= 1
            return true
        }
        if more.isEmpty {
            withUnsafeMutablePointer(to: &first) { tuple in
                tuple.withMemoryRebound(to: UInt64.self, capacity: 16) { more = Set(UnsafeBufferPointer(start: $0, count: 16)) }
            }
        }
        return more.insert(hash).inserted
    }
}
