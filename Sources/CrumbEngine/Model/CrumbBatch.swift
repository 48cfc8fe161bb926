/// One context entry of a crumb: interned key and interned value.
public struct ContextEntry: Sendable, Equatable {
    public var key: ContextKeyID
    public var value: ContextValueID
}

/// One other field of a crumb (not `event`, `thread`, `ts` or `context`): its interned key and
/// where its raw JSON value lies, relative to the start of the crumb's bytes. The value is
/// decoded only when shown or filtered on.
public struct FieldEntry: Sendable, Equatable {
    public var key: FieldKeyID
    public var valueOffset: UInt32
    public var valueLength: UInt32

    /// Where the value lies, relative to the start of the crumb's bytes.
    public var valueRange: Range<Int> { Int(valueOffset)..<Int(valueOffset) + Int(valueLength) }
}

/// Crumbs in columns: one array per property, so a million crumbs are a handful of allocations.
/// Thread, event, context and field-key ids refer to the batch's or the store's `InternTable`s.
struct CrumbColumns {
    /// The `times` entry of a crumb without a readable `ts` (kept in the column, not as an
    /// optional, so the column stays eight bytes a crumb; `CrumbStore.time(of:)` gives nil).
    static let noTime = Int64.min

    /// Which of the store's sources each crumb points into (empty in a batch).
    var sourceIDs = SourceColumn()
    var starts: [Int] = []
    var lengths: [UInt32] = []
    var threads = OptionalIDColumn<ThreadID>()
    var events = OptionalIDColumn<EventID>()
    /// Microseconds since 1970 UTC; `noTime` when the crumb has no readable `ts`.
    var times: [Int64] = []
    /// The parts kept for every crumb (see `CrumbParts`). A part not kept has no entries and
    /// its starts column is `[0]`.
    var kept: CrumbParts = .all
    var contextStarts: [UInt32] = [0]
    var context: [ContextEntry] = []
    var fieldStarts: [UInt32] = [0]
    var fields: [FieldEntry] = []
    /// Service, host and trace, for crumbs whose input names them (OTLP).
    var origins = OriginColumns()
    /// The crumbs (ascending numbers) that repeat a key, in their object or their context: the
    /// few that are not written out as their bytes, but with each key once.
    var repeatedKeys: [UInt32] = []

    var count: Int { starts.count }

    mutating func reserve(_ crumbs: Int) {
        starts.reserveCapacity(crumbs)
        lengths.reserveCapacity(crumbs)
        threads.reserveCapacity(crumbs)
        events.reserveCapacity(crumbs)
        times.reserveCapacity(crumbs)
        reserveParts(crumbs)
    }

    /// Room for the kept parts' starts of `crumbs` crumbs.
    mutating func reserveParts(_ crumbs: Int) {
        if kept.contains(.context) { contextStarts.reserveCapacity(crumbs + 1) }
        if kept.contains(.fields) { fieldStarts.reserveCapacity(crumbs + 1) }
    }

    /// How many crumbs a reader reads before it guesses how many entries the rest will have.
    static let sampleCrumbs = 256

    /// Room for the entries of `expected` crumbs in all, guessed from the `sampled` crumbs read
    /// so far, with a little to spare: reserving once avoids doubling arrays (and memory).
    mutating func reserveEntries(sampled: Int, expected: Int) {
        guard sampled > 0 else { return }
        context.reserveCapacity(context.count * expected / sampled * 21 / 20)
        fields.reserveCapacity(fields.count * expected / sampled * 21 / 20)
    }

    /// Whether crumb `index` repeats a key (see `repeatedKeys`).
    @inline(__always)
    func repeatsKeys(_ index: Int) -> Bool {
        guard !repeatedKeys.isEmpty else { return false }
        var low = 0, high = repeatedKeys.count
        while low < high {
            let middle = (low + high) / 2
            if Int(repeatedKeys[middle]) < index { low = middle + 1 } else { high = middle }
        }
        return low < repeatedKeys.count && Int(repeatedKeys[low]) == index
    }

    /// Forgets the last crumb (a candidate that turned out not to be one).
    mutating func removeLast() {
        starts.removeLast()
        lengths.removeLast()
        threads.removeLast()
        events.removeLast()
        times.removeLast()
        if kept.contains(.context) {
            contextStarts.removeLast()
            context.removeSubrange(Int(contextStarts[contextStarts.count - 1])...)
        }
        if kept.contains(.fields) {
            fieldStarts.removeLast()
            fields.removeSubrange(Int(fieldStarts[fieldStarts.count - 1])...)
        }
        origins.truncate(to: starts.count)
        if repeatedKeys.last == UInt32(truncatingIfNeeded: starts.count) { repeatedKeys.removeLast() }
    }
}

/// Crumbs parsed from one piece of input, with their own intern tables.
///
/// Each loader thread fills its own batch without locks; the store then takes the first batch
/// as it is and adds the others, mapping their ids to its own (a cost per distinct string).
struct CrumbBatch {
    var columns = CrumbColumns()
    var threadNames = InternTable<ThreadID>()
    var eventNames = InternTable<EventID>()
    var contextKeys = InternTable<ContextKeyID>()
    var contextValues = InternTable<ContextValueID>()
    var fieldKeys = InternTable<FieldKeyID>()
    var originNames = OriginNames()
    /// The bytes the crumbs point into when they are not the input's own: crumbs made from
    /// OTLP log records are written into a buffer of their own.
    var bytes: CrumbSource?

    /// Input that could not be read as crumbs: byte offset and what was wrong.
    var problems: [(offset: Int, message: String)] = []
    /// Evidence of crashes in the text around the crumbs, by byte offset, in input order.
    var crashClues: [(offset: Int, clue: CrashClue)] = []
    /// How many of `problems` are about input that was loaded all the same (an OTLP record
    /// kept without its malformed trace id), not skipped.
    var problemsKept = 0

    var count: Int { columns.count }
}

/// Which input each crumb of a store was read from. While all crumbs come from one input (one
/// file loaded, the usual case) nothing is kept per crumb; when a second input adds crumbs, the
/// column is written out, four bytes a crumb.
struct SourceColumn {
    /// The source of every crumb, while they share one.
    private var only: UInt32 = 0
    /// Each crumb's source, once they come from several.
    private var ids: [UInt32] = []
    private var several = false

    subscript(crumb: Int) -> UInt32 {
        @inline(__always) get { several ? ids[crumb] : only }
    }

    /// Crumbs `existing..<existing + count` come from `source`.
    mutating func append(_ source: UInt32, count: Int, after existing: Int) {
        guard count > 0 else { return }
        if !several {
            if existing == 0 || source == only {
                only = source
                return
            }
            several = true
            ids.reserveCapacity(existing + count)
            ids.append(contentsOf: repeatElement(only, count: existing))
        }
        ids.append(contentsOf: repeatElement(source, count: count))
    }
}
