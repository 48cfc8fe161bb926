/// What a `KEY:VALUE` term accepts: `*` alone (the key is there, any value), or alternatives
/// (`a|b`), each matched against the whole value, where an unquoted `*` stands for any text.
public enum ValuePattern: Sendable, Equatable {
    /// `KEY:*`: any value.
    case any
    case alternatives([Alternative])

    /// One alternative: literal pieces between wildcards. `db.*` is `["db.", ""]`; a plain value
    /// is one piece.
    public struct Alternative: Sendable, Equatable {
        public var pieces: [[UInt8]]

        public init(pieces: [[UInt8]]) { self.pieces = pieces }

        public var isExact: Bool { pieces.count == 1 }
    }

    /// True when `value` (decoded UTF-8) matches.
    public func matches(_ value: UnsafeRawBufferPointer) -> Bool {
        var work = 0
        return matches(value, work: &work)
    }

    /// `work` counts the bytes looked at.
    func matches(_ value: UnsafeRawBufferPointer, work: inout Int) -> Bool {
        switch self {
        case .any: return true
        case .alternatives(let alternatives):
            return alternatives.contains { Self.glob($0.pieces, value, work: &work) }
        }
    }

    public func matches(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { matches(UnsafeRawBufferPointer($0)) }
    }

    /// The single exact text this pattern accepts, when there is one (looked up, not scanned).
    var exactValues: [[UInt8]]? {
        guard case .alternatives(let alternatives) = self, alternatives.allSatisfy(\.isExact) else { return nil }
        return alternatives.map { $0.pieces[0] }
    }

    /// Whole-value match of pieces separated by wildcards: the first piece is a prefix, the last a
    /// suffix, and the ones between are found left to right (greedy is right for `*` globs).
    static func glob(_ pieces: [[UInt8]], _ value: UnsafeRawBufferPointer, work: inout Int) -> Bool {
        let count = value.count
        if pieces.count == 1 { return pieces[0].elementsEqual(value) }
        let first = pieces[0], last = pieces[pieces.count - 1]
        guard count >= first.count + last.count,
              value.prefix(first.count).elementsEqual(first),
              value.suffix(last.count).elementsEqual(last) else { return false }
        var position = first.count
        let limit = count - last.count
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let found = find(piece, in: value, from: position, to: limit, work: &work) else { return false }
            position = found + piece.count
        }
        return true
    }

    static func find(_ needle: [UInt8], in value: UnsafeRawBufferPointer, from: Int, to: Int, work: inout Int) -> Int? {
        guard to - from >= needle.count else { return nil }
        var start = from
        while start + needle.count <= to {
            var matched = 0
            while matched < needle.count, value[start + matched] == needle[matched] { matched += 1 }
            work += matched + 1
            if matched == needle.count { return start }
            start += 1
        }
        return nil
    }
}
