@_spi(CrumbCodec) import CrumbCodec

/// Every loaded crumb, in columns, with indexes by thread, event and context.
///
/// A crumb is a number (0..<count, oldest first). Per crumb the store keeps where its bytes are,
/// its interned thread and event, its time, its context entries and its other fields' keys and
/// value ranges: 28 bytes, 4 more for each of context and fields, and 8 per context entry and
/// 12 per field, whatever the strings' lengths (4 more for the input once several inputs add
/// crumbs). Anything else is decoded from the bytes when shown (`crumb(at:)`). Context and
/// fields may be left out when loading and are then read on first use (`CrumbParts`).
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
    public internal(set) var sources: [CrumbSource] = []

    /// Read for every crumb a filter checks: not checked for overlapping access at run time (a
    /// store is used by one thread at a time, and nothing holds `columns` across a call).
    @exclusivity(unchecked) var columns = CrumbColumns()
    private var threadEventIndex = ThreadEventIndex()
    private var threadEventCountStorage = ThreadEventCounts()
    private var contextIndexStorage = ContextIndex()
    /// Services, hosts and trace ids, and the service and host index (CrumbOrigin.swift).
    var originNames = OriginNames()
    var originIndex = OriginIndex()

    public internal(set) var threadNames = InternTable<ThreadID>()
    public internal(set) var eventNames = InternTable<EventID>()
    var contextKeyTable = InternTable<ContextKeyID>()
    var contextValueTable = InternTable<ContextValueID>()
    var fieldKeyTable = InternTable<FieldKeyID>()
    /// Parts being read on another thread (`readPartsLater(_:)`), until they are added.
    var partsReading: CrumbPartsReading?

    /// The parts every crumb has (see `CrumbParts`); the others are read when first asked for.
    ///
    /// ```swift
    /// if !store.parts.contains(.context) { print("context is read on first use") }
    /// ```
    public var parts: CrumbParts { columns.kept }
    /// The context keys (context is read first when the store lacks it).
    ///
    /// ```swift
    /// let keys = store.contextKeys
    /// for id in keys.ids { print(keys.string(id)) }
    /// ```
    public var contextKeys: InternTable<ContextKeyID> {
        ensure(.context)
        return contextKeyTable
    }
    /// The context values (context is read first when the store lacks it).
    ///
    /// ```swift
    /// let alice = store.contextValues.id(of: "alice")
    /// ```
    public var contextValues: InternTable<ContextValueID> {
        ensure(.context)
        return contextValueTable
    }
    /// The field keys (fields are read first when the store lacks them).
    ///
    /// ```swift
    /// let table = store.fieldKeys.id(of: "table")
    /// ```
    public var fieldKeys: InternTable<FieldKeyID> {
        ensure(.fields)
        return fieldKeyTable
    }

    /// The thread of crumb `index`; nil when it has none.
    @inline(__always) public func thread(of index: Int) -> ThreadID? { columns.threads[index] }
    /// The event of crumb `index`; nil when it has none.
    @inline(__always) public func event(of index: Int) -> EventID? { columns.events[index] }
    /// The time of crumb `index` in microseconds since 1970 UTC; nil without a readable `ts`.
    @inline(__always) public func time(of index: Int) -> Int64? {
        let time = columns.times[index]
        return time == CrumbColumns.noTime ? nil : time
    }
    /// Crumb numbers per thread id, ascending (built or extended on first use).
    public var threadIndex: [[UInt32]] { threadEvents.threads }
    /// Crumb numbers per event id, ascending (built or extended on first use).
    public var eventIndex: [[UInt32]] { threadEvents.events }
    /// Crumb numbers per context key id, ascending (built or extended on first use).
    public var contextKeyIndex: [[UInt32]] { contextIndex.keys }

    /// The thread and event index, brought up to date with the crumbs.
    var threadEvents: ThreadEventIndex {
        if threadEventIndex.indexed < count || threadEventIndex.threads.count < threadNames.count
            || threadEventIndex.events.count < eventNames.count {
            threadEventIndex.extend(columns, threads: threadNames.count, events: eventNames.count)
        }
        return threadEventIndex
    }

    /// Counts the crumbs of each thread and event now, which the first filter on a thread or
    /// an event would do otherwise (it picks its smallest candidate list by them): about 2 ms a
    /// million crumbs. For a loader that hands the store over when it is done.
    ///
    /// ```swift
    /// CrumbLoader().load(files, into: store)
    /// store.prepareFilters()
    /// ```
    public func prepareFilters() { _ = threadEventCounts }

    /// How many crumbs each thread and event has, brought up to date with the crumbs.
    var threadEventCounts: ThreadEventCounts {
        if threadEventCountStorage.counted < count || threadEventCountStorage.threads.count < threadNames.count
            || threadEventCountStorage.events.count < eventNames.count {
            threadEventCountStorage.extend(columns, threads: threadNames.count, events: eventNames.count)
        }
        return threadEventCountStorage
    }

    /// The context index, brought up to date with the crumbs.
    var contextIndex: ContextIndex {
        ensure(.context)
        if contextIndexStorage.indexed < count || contextIndexStorage.keys.count < contextKeyTable.count {
            contextIndexStorage.extend(columns, keys: contextKeyTable.count)
        }
        return contextIndexStorage
    }

    /// The crashes the inputs show, in input order (see `CrashReport`).
    public internal(set) var crashes: [CrashReport] = []

    /// Everything that could not be loaded, in input order.
    public internal(set) var problems: [LoadProblem] = []

    /// The ring files among the inputs: whose ring each is, and whether that process runs.
    public internal(set) var ringFiles: [RingFileInfo] = []

    public init() {}

    /// A copy of the store as it is now, to read on another thread while this one goes on
    /// (appending, showing): what either does later leaves the other as it was. The copy shares
    /// the columns, indexes and tables until one of the two changes them (copy on write), and
    /// the inputs' bytes for good. Parts being read in the background (`isReadingParts`) stay
    /// with this store: the copy reads them itself when asked for them.
    ///
    /// ```swift
    /// let copy = store.snapshot()
    /// // on another thread, while the viewer appends to `store`:
    /// let result = FilterResult(filter, in: copy)
    /// ```
    public func snapshot() -> CrumbStore {
        let copy = CrumbStore()
        copy.sources = sources
        copy.columns = columns
        copy.threadEventIndex = threadEventIndex
        copy.threadEventCountStorage = threadEventCountStorage
        copy.contextIndexStorage = contextIndexStorage
        copy.originNames = originNames
        copy.originIndex = originIndex
        copy.threadNames = threadNames
        copy.eventNames = eventNames
        copy.contextKeyTable = contextKeyTable
        copy.contextValueTable = contextValueTable
        copy.fieldKeyTable = fieldKeyTable
        copy.crashes = crashes
        copy.problems = problems
        copy.ringFiles = ringFiles
        return copy
    }

    /// The context or fields (the parts the store lacks) are being read on another thread
    /// (`readPartsLater(_:)`) and not yet added: what needs them waits, or reads them again.
    ///
    /// ```swift
    /// if store.isReadingParts, !store.parts.contains(.context) { print("context is on its way") }
    /// ```
    public var isReadingParts: Bool { partsReading != nil }

    /// Number of crumbs.
    public var count: Int { columns.count }

    func addSource(_ source: CrumbSource) -> UInt32 {
        sources.append(source)
        return UInt32(truncatingIfNeeded: sources.count - 1)
    }

    /// The input crumb `index` was read from (an index into `sources`).
    public func sourceIndex(of index: Int) -> Int { Int(columns.sourceIDs[index]) }

    /// The source and byte range of crumb `index`.
    public func location(of index: Int) -> (source: CrumbSource, offset: Int, length: Int) {
        (sources[Int(columns.sourceIDs[index])], columns.starts[index], Int(columns.lengths[index]))
    }

    /// Calls `body` with the raw JSON bytes of crumb `index`.
    public func withBytes<R>(of index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let (source, offset, length) = location(of: index)
        return try body(UnsafeRawBufferPointer(start: source.base + offset, count: length))
    }

    /// Whether crumb `index` repeats a key in its object or its context: its bytes are then not
    /// the crumb as read (each key once, with its last value; see `CrumbObject`).
    public func repeatsKeys(_ index: Int) -> Bool { columns.repeatsKeys(index) }

    /// The context entries of crumb `index`.
    public func contextEntries(of index: Int) -> ArraySlice<ContextEntry> {
        ensure(.context)
        return columns.context[Int(columns.contextStarts[index])..<Int(columns.contextStarts[index + 1])]
    }

    /// The field entries of crumb `index` (all keys but event, thread, ts, context), in file order.
    public func fieldEntries(of index: Int) -> ArraySlice<FieldEntry> {
        ensure(.fields)
        return columns.fields[Int(columns.fieldStarts[index])..<Int(columns.fieldStarts[index + 1])]
    }
}

extension CrumbStore {
    /// Where the `ts` value lies in crumb `index`, relative to the crumb's start (the store
    /// keeps the time, not its text).
    func timestampRange(of index: Int) -> Range<Int>? {
        withBytes(of: index) { raw -> Range<Int>? in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            var finder = TimestampFinder()
            var s = JSONScanner(base: base, position: 0, end: raw.count)
            _ = CrumbObject.walk(&s, &finder)
            return finder.range
        }
    }
}

/// Finds the `ts` value of a crumb object.
private struct TimestampFinder: CrumbObjectVisitor {
    var range: Range<Int>?

    mutating func reserved(_ key: ReservedKey, _ s: inout JSONScanner) -> Bool {
        let start = s.position
        guard s.skipValue() else { return false }
        if key == .ts { range = start..<s.position }
        return true
    }

    mutating func restart() { range = nil }

    mutating func contextEntry(key: JSONString, _ s: inout JSONScanner) -> Bool { s.skipValue() }
    mutating func field(key: JSONString, _ s: inout JSONScanner) -> Bool { s.skipValue() }
}
