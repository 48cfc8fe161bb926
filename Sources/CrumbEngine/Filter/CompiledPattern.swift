@_spi(CrumbCodec) import CrumbCodec

/// One or more value patterns made ready to check many values: it matches a value when any of
/// their alternatives does. Exact values, prefixes (`db.*`) and suffixes (`*.query`) are looked up
/// in sorted lists (about log₂ k comparisons for k of them, however many terms gave them), and
/// every other glob is matched with prepared searches, linear in the value.
///
/// The negated terms of one column are merged into one (`-event:a -event:b*` leaves out what
/// matches `a|b*`), so hundreds of them cost one lookup per value.
struct CompiledPattern {
    /// An alternative that is `*` alone: every value matches.
    private(set) var matchesEverything = false
    /// Ascending.
    private var exact: [[UInt8]] = []
    /// Ascending, and no prefix starts with another (`db.*` covers `db.q*`).
    private var prefixes: [[UInt8]] = []
    /// Reversed, ascending, and none ends with another.
    private var reversedSuffixes: [[UInt8]] = []
    private var globs: [Glob] = []

    /// `first*middle…*last`, with at least one non-empty middle piece or both ends non-empty.
    private struct Glob {
        let first: [UInt8]
        let middle: [ByteSearch]
        let reversedLast: [UInt8]
    }

    init(_ patterns: [ValuePattern]) {
        var exact: [[UInt8]] = [], prefixes: [[UInt8]] = [], suffixes: [[UInt8]] = []
        for pattern in patterns {
            guard case .alternatives(let alternatives) = pattern else {
                matchesEverything = true
                continue
            }
            for alternative in alternatives {
                // Empty pieces between stars change nothing: `a**b` is `a*b`.
                var pieces = alternative.pieces
                if pieces.count > 2 { pieces = [pieces[0]] + pieces.dropFirst().dropLast().filter { !$0.isEmpty } + [pieces[pieces.count - 1]] }
                let first = pieces[0], last = pieces[pieces.count - 1]
                switch pieces.count {
                case 1: exact.append(first)
                case 2 where first.isEmpty && last.isEmpty: matchesEverything = true
                case 2 where last.isEmpty: prefixes.append(first)
                case 2 where first.isEmpty: suffixes.append(Array(last.reversed()))
                default:
                    globs.append(Glob(first: first, middle: pieces.dropFirst().dropLast().map { ByteSearch($0) }, reversedLast: last.reversed()))
                }
            }
        }
        self.exact = Array(Set(exact)).sorted { $0.lexicographicallyPrecedes($1) }
        self.prefixes = Self.withoutLonger(prefixes)
        reversedSuffixes = Self.withoutLonger(suffixes)
    }

    init(_ pattern: ValuePattern) { self.init([pattern]) }

    /// True when no value is scanned: exact values, prefixes and suffixes only.
    var isLookup: Bool { globs.isEmpty }

    /// Sorted, keeping only the ones no other one starts: in sorted order whatever starts with a
    /// kept one comes right after it.
    private static func withoutLonger(_ list: [[UInt8]]) -> [[UInt8]] {
        var kept: [[UInt8]] = []
        for item in list.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            if let previous = kept.last, item.starts(with: previous) { continue }
            kept.append(item)
        }
        return kept
    }

    /// Whether `value` matches; `work` counts the bytes compared.
    func matches(_ value: UnsafeRawBufferPointer, work: inout Int) -> Bool {
        if matchesEverything { return true }
        let bytes = value.assumingMemoryBound(to: UInt8.self)
        if let found = Self.lastNotAfter(bytes, in: exact, reversed: false, work: &work),
           exact[found].count == bytes.count, Self.starts(bytes, with: exact[found], reversed: false, work: &work) {
            return true
        }
        if let found = Self.lastNotAfter(bytes, in: prefixes, reversed: false, work: &work),
           Self.starts(bytes, with: prefixes[found], reversed: false, work: &work) {
            return true
        }
        if let found = Self.lastNotAfter(bytes, in: reversedSuffixes, reversed: true, work: &work),
           Self.starts(bytes, with: reversedSuffixes[found], reversed: true, work: &work) {
            return true
        }
        return globs.contains { Self.matches($0, bytes, work: &work) }
    }

    /// Greedy, left to right: the ends are fixed, and each middle piece taken at its first place
    /// after the one before leaves the most room for the rest, so no choice is ever undone.
    private static func matches(_ glob: Glob, _ value: UnsafeBufferPointer<UInt8>, work: inout Int) -> Bool {
        let count = value.count
        guard count >= glob.first.count + glob.reversedLast.count, let base = value.baseAddress else { return false }
        guard starts(value, with: glob.first, reversed: false, work: &work),
              starts(value, with: glob.reversedLast, reversed: true, work: &work) else { return false }
        var position = glob.first.count
        let limit = count - glob.reversedLast.count
        for piece in glob.middle {
            guard let found = piece.firstIndex(in: base, from: position, to: limit, work: &work) else { return false }
            position = found + piece.count
        }
        return true
    }

    /// The index of the last of `list` (ascending) that is not after `value` (compared from the
    /// end when `reversed`), or nil when all are after it.
    private static func lastNotAfter(_ value: UnsafeBufferPointer<UInt8>, in list: [[UInt8]], reversed: Bool, work: inout Int) -> Int? {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            let item = list[middle]
            let same = common(item, value, reversed: reversed, work: &work)
            let itemFirst: Bool
            if same == item.count || same == value.count {
                itemFirst = item.count <= value.count
            } else {
                itemFirst = item[same] < (reversed ? value[value.count - 1 - same] : value[same])
            }
            if itemFirst { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    /// Whether `value` starts with `item` (ends with it reversed, when `reversed`).
    private static func starts(_ value: UnsafeBufferPointer<UInt8>, with item: [UInt8], reversed: Bool, work: inout Int) -> Bool {
        item.count <= value.count && common(item, value, reversed: reversed, work: &work) == item.count
    }

    /// How many leading bytes of `item` match `value` (its last bytes backwards when `reversed`).
    private static func common(_ item: [UInt8], _ value: UnsafeBufferPointer<UInt8>, reversed: Bool, work: inout Int) -> Int {
        let limit = min(item.count, value.count)
        var index = 0
        if reversed {
            let last = value.count - 1
            while index < limit, item[index] == value[last - index] { index += 1 }
        } else {
            while index < limit, item[index] == value[index] { index += 1 }
        }
        work &+= index + 1
        return index
    }
}
