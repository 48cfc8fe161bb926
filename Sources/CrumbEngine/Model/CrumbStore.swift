/// Every loaded crumb, in columns, with indexes by thread, event and context.
///
/// A crumb is a number (0..<count, oldest first). Per crumb the store keeps where its bytes are,
/// its interned thread and event, its time, its context entries and its other fields' keys and
/// value ranges: about 40 bytes plus 8 per context entry and 12 per field, whatever the strings'
/// lengths. Anything else is decoded from the bytes when shown (`crumb(at:)`).
///
/// Crumbs are only ever appended (`CrumbLoader` for files, `appendLines(_:)` for a live file), so
/// crumb numbers and a `FilterResult` stay valid: the result is extended, not rebuilt.
///
/// Not thread-safe: one owner (the command, or the viewer's main loop) uses it.
///
/// ```swift
/// let store = CrumbStore()
/// let report = CrumbLoader().load(["crash.json"], into: store)
/// let filter = try CrumbFilter("thread:worker-3 event:db.*")
/// let result = FilterResult(filter, in: store)
/// print(result.matches.count)
/// ```
public final class CrumbStore {
    /// Marks a crumb without a thread or event.
    public static let none = UInt32.max

    public internal(set) var sources: [CrumbSource] = []

    var sourceIDs: [UInt16] = []
    var starts: [Int] = []
    var lengths: [UInt32] = []
    public internal(set) var threads: [UInt32] = []
    public internal(set) var events: [UInt32] = []
    /// Microseconds since 1970 UTC, `Int64.min` without a readable `ts`.
    public internal(set) var times: [Int64] = []
    var contextStarts: [UInt32] = [0]
    var context: [ContextEntry] = []
    var fieldStarts: [UInt32] = [0]
    var fields: [FieldEntry] = []

    public internal(set) var threadNames = InternTable()
    public internal(set) var eventNames = InternTable()
    public internal(set) var contextKeys = InternTable()
    public internal(set) var contextValues = InternTable()
    public internal(set) var fieldKeys = InternTable()

    /// Crumb numbers per thread id, per event id and per context key id, ascending.
    public internal(set) var threadIndex: [[UInt32]] = []
    public internal(set) var eventIndex: [[UInt32]] = []
    public internal(set) var contextKeyIndex: [[UInt32]] = []
    /// Per context value id: the last position in `context` holding it (-1: none) and how often
    /// it occurs; per position: the previous position with the same value. A chain per value
    /// costs 4 bytes per entry, where a list per value would cost an allocation per distinct
    /// value (a million request ids).
    var contextValueLast: [Int32] = []
    var contextValueCount: [UInt32] = []
    var contextValuePrevious: [Int32] = []

    /// Everything that could not be loaded, in input order.
    public internal(set) var problems: [LoadProblem] = []

    public init() {}

    /// Number of crumbs.
    public var count: Int { starts.count }

    func addSource(_ source: CrumbSource) -> UInt16 {
        sources.append(source)
        return UInt16(truncatingIfNeeded: sources.count - 1)
    }

    func reserve(_ more: Int) {
        let total = count + more
        sourceIDs.reserveCapacity(total)
        starts.reserveCapacity(total)
        lengths.reserveCapacity(total)
        threads.reserveCapacity(total)
        events.reserveCapacity(total)
        times.reserveCapacity(total)
        contextStarts.reserveCapacity(total + 1)
        fieldStarts.reserveCapacity(total + 1)
    }

    /// The source and byte range of crumb `index`.
    public func location(of index: Int) -> (source: CrumbSource, offset: Int, length: Int) {
        (sources[Int(sourceIDs[index])], starts[index], Int(lengths[index]))
    }

    /// Calls `body` with the raw JSON bytes of crumb `index`.
    public func withBytes<R>(of index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let (source, offset, length) = location(of: index)
        return try body(UnsafeRawBufferPointer(start: source.base + offset, count: length))
    }

    /// The context entries of crumb `index`.
    public func contextEntries(of index: Int) -> ArraySlice<ContextEntry> {
        context[Int(contextStarts[index])..<Int(contextStarts[index + 1])]
    }

    /// The field entries of crumb `index` (including `ts`), in file order.
    public func fieldEntries(of index: Int) -> ArraySlice<FieldEntry> {
        fields[Int(fieldStarts[index])..<Int(fieldStarts[index + 1])]
    }

    /// The crumb that holds context position `position`.
    func crumb(holdingContextAt position: Int) -> Int {
        var low = 0, high = count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if Int(contextStarts[mid]) <= position { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
