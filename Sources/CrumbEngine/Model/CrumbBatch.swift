/// One context entry of a crumb: interned key and interned value.
public struct ContextEntry: Sendable, Equatable {
    public var key: UInt32
    public var value: UInt32
}

/// One other field of a crumb: its interned key and where its raw JSON value lies, relative to
/// the start of the crumb's bytes (decoded only when shown or filtered on).
public struct FieldEntry: Sendable, Equatable {
    public var key: UInt32
    public var valueOffset: UInt32
    public var valueLength: UInt32
}

/// Crumbs parsed from one piece of input, in columns, with their own intern tables.
///
/// Each loader thread fills its own batch without locks; the store then adds the batch, mapping
/// the batch's ids to its own (a cost per distinct string, not per crumb).
struct CrumbBatch {
    /// Marks a crumb without a thread or event.
    static let none = UInt32.max

    var starts: [Int] = []
    var lengths: [UInt32] = []
    var threads: [UInt32] = []
    var events: [UInt32] = []
    /// Microseconds since 1970 UTC; `Int64.min` when the crumb has no readable `ts`.
    var times: [Int64] = []
    var contextStarts: [UInt32] = [0]
    var context: [ContextEntry] = []
    var fieldStarts: [UInt32] = [0]
    var fields: [FieldEntry] = []

    var threadNames = InternTable()
    var eventNames = InternTable()
    var contextKeys = InternTable()
    var contextValues = InternTable()
    var fieldKeys = InternTable()

    /// Input that could not be read as crumbs: byte offset and what was wrong.
    var problems: [(offset: Int, message: String)] = []

    var count: Int { starts.count }

    mutating func reserve(_ crumbs: Int) {
        starts.reserveCapacity(crumbs)
        lengths.reserveCapacity(crumbs)
        threads.reserveCapacity(crumbs)
        events.reserveCapacity(crumbs)
        times.reserveCapacity(crumbs)
        contextStarts.reserveCapacity(crumbs + 1)
        fieldStarts.reserveCapacity(crumbs + 1)
    }

    /// Forgets the last crumb (a candidate that turned out not to be one).
    mutating func removeLast() {
        starts.removeLast()
        lengths.removeLast()
        threads.removeLast()
        events.removeLast()
        times.removeLast()
        contextStarts.removeLast()
        context.removeSubrange(Int(contextStarts[contextStarts.count - 1])...)
        fieldStarts.removeLast()
        fields.removeSubrange(Int(fieldStarts[fieldStarts.count - 1])...)
    }
}
