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

    /// True when `value` (decoded UTF-8) matches. A filter checks many values with the pattern
    /// made ready once (`CompiledPattern`).
    public func matches(_ value: UnsafeRawBufferPointer) -> Bool {
        var work = 0
        return CompiledPattern(self).matches(value, work: &work)
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
}
