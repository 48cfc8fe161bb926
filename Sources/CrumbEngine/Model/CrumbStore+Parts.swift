@_spi(CrumbCodec) import CrumbCodec

/// Reading the parts a store was loaded without (see `CrumbParts`) from its crumbs' bytes.
extension CrumbStore {
    /// Makes sure every crumb has the `wanted` parts: takes them from a background reading
    /// (`readPartsLater(_:)`, waiting for it to end) or reads them now, on both cores when there
    /// are many crumbs. Each crumb is walked again; its bytes are still there (the input stays
    /// mapped, or in memory, as long as the store).
    func ensure(_ wanted: CrumbParts) {
        guard !columns.kept.isSuperset(of: wanted) else { return }
        if let reading = partsReading {
            partsReading = nil
            add(reading.result())
        }
        let missing = wanted.subtracting(columns.kept)
        guard !missing.isEmpty else { return }
        add(PartsReader.read(missing, of: locations, from: 0))
    }

    /// The parts a load into this store reads: what the load asks for, when the store is empty;
    /// else the parts the store keeps, after reading for its crumbs those the load asks for and
    /// it lacks (every crumb of a store has the same parts).
    func partsForLoading(_ wanted: CrumbParts) -> CrumbParts {
        guard count > 0 else {
            columns.kept = wanted
            return wanted
        }
        ensure(wanted)
        return columns.kept
    }

    /// Starts reading the `parts` the store lacks for its crumbs; the caller runs the returned
    /// reading (`run()`) on a thread of its own. Meanwhile the store can be used: crumbs
    /// appended in the meantime get their parts when they are added, and whatever needs the
    /// parts before the reading ends waits for it (or does it, when nothing has started it).
    ///
    /// The viewer shows a big file's crumbs once thread, event and time are read, and reads the
    /// context and fields behind them:
    ///
    /// ```swift
    /// let store = CrumbStore()
    /// var loader = CrumbLoader()
    /// loader.parts = []
    /// loader.load(["big.jsonl"], into: store)
    /// let reading = store.readPartsLater(.all)
    /// Thread.detachNewThread { reading.run() }
    /// // ... show the crumbs; now and then:
    /// store.addReadParts()
    /// ```
    public func readPartsLater(_ parts: CrumbParts) -> CrumbPartsReading {
        if let reading = partsReading {
            partsReading = nil
            add(reading.result())
        }
        let missing = parts.subtracting(columns.kept)
        let locations = locations
        let reading = CrumbPartsReading { lowPriority in PartsReader.read(missing, of: locations, from: 0, lowPriority: lowPriority) }
        partsReading = reading
        return reading
    }

    /// Adds the parts a background reading (`readPartsLater(_:)`) has read, when it has ended.
    /// Returns true when it added them; never waits.
    ///
    /// ```swift
    /// if store.addReadParts() { print("context and fields are in") }
    /// ```
    @discardableResult
    public func addReadParts() -> Bool {
        guard let reading = partsReading, reading.isFinished else { return false }
        partsReading = nil
        add(reading.result())
        return true
    }

    /// Where every crumb's bytes are, for a reader of parts on other threads: the arrays are
    /// shared with the store until it next appends.
    var locations: CrumbLocations {
        CrumbLocations(sources: sources, sourceIDs: columns.sourceIDs, starts: columns.starts, lengths: columns.lengths)
    }

    /// Adds parts read for crumbs `0..<read.covered`, then reads them for the crumbs appended
    /// since. Each batch is let go once it is added.
    private func add(_ read: consuming PartsReader.Result) {
        let parts = read.parts, covered = read.covered
        var batches = read.batches
        read.batches = []
        if covered < count { batches += PartsReader.read(parts, of: locations, from: covered).batches }
        for index in batches.indices {
            var batch = batches[index]
            batches[index] = CrumbBatch()
            if parts.contains(.context) { addContext(taking: &batch, first: index == 0) }
            if parts.contains(.fields) { addFields(taking: &batch, first: index == 0) }
        }
        columns.kept.formUnion(parts)
    }

    /// The first batch's context is taken as it is when the store has no context strings yet.
    private func addContext(taking batch: inout CrumbBatch, first: Bool) {
        if first, contextKeyTable.count == 0, contextValueTable.count == 0 {
            contextKeyTable = batch.contextKeys
            contextValueTable = batch.contextValues
            columns.contextStarts = batch.columns.contextStarts
            columns.context = batch.columns.context
            return
        }
        let keys = contextKeyTable.intern(contentsOf: batch.contextKeys)
        let values = contextValueTable.intern(contentsOf: batch.contextValues)
        batch.contextKeys = InternTable()
        batch.contextValues = InternTable()
        columns.appendContext(taking: &batch.columns, keys: keys, values: values)
    }

    private func addFields(taking batch: inout CrumbBatch, first: Bool) {
        if first, fieldKeyTable.count == 0 {
            fieldKeyTable = batch.fieldKeys
            columns.fieldStarts = batch.columns.fieldStarts
            columns.fields = batch.columns.fields
            return
        }
        let keys = fieldKeyTable.intern(contentsOf: batch.fieldKeys)
        columns.appendFields(taking: &batch.columns, keys: keys)
    }
}

/// Where the crumbs of a store are: enough to read them again on another thread.
struct CrumbLocations: Sendable {
    let sources: [CrumbSource]
    let sourceIDs: SourceColumn
    let starts: [Int]
    let lengths: [UInt32]

    var count: Int { starts.count }
}

/// Reads parts of crumbs already in a store, from their bytes, into batches that hold only
/// those parts (and their intern tables).
enum PartsReader {
    struct Result: Sendable {
        var parts: CrumbParts
        /// The crumbs read: `0..<covered`.
        var covered: Int
        var batches: [CrumbBatch]
    }

    /// Fewer crumbs than this are read on one thread.
    static let parallelThreshold = 50_000

    /// Reads `parts` of crumbs `first..<locations.count`, split between two threads when there
    /// are many; with `lowPriority`, threads that yield the cores to the process's others (see
    /// `CrumbLoader.inParallel`).
    static func read(_ parts: CrumbParts, of locations: CrumbLocations, from first: Int, lowPriority: Bool = false) -> Result {
        let end = locations.count
        guard !parts.isEmpty else { return Result(parts: [], covered: end, batches: []) }
        guard end - first >= parallelThreshold else {
            return Result(parts: parts, covered: end, batches: [read(parts, of: locations, first..<end, reserve: end - first)])
        }
        let middle = first + (end - first) / 2
        // The first batch's columns become the store's: room for all crumbs, so that adding the
        // second half does not grow them.
        let (a, b) = CrumbLoader.inParallel(
            { read(parts, of: locations, first..<middle, reserve: end - first) },
            { read(parts, of: locations, middle..<end, reserve: end - middle) },
            lowPriority: lowPriority
        )
        return Result(parts: parts, covered: end, batches: [a, b])
    }

    private static func read(_ parts: CrumbParts, of locations: CrumbLocations, _ crumbs: Range<Int>, reserve: Int) -> CrumbBatch {
        var parser = CrumbParser(parts: parts, readsCore: false)
        parser.batch.columns.reserveParts(reserve)
        guard !crumbs.isEmpty else { return parser.batch }
        // The source is looked up again only where it changes (a retain per crumb would cost
        // more than reading its context).
        var sourceID = locations.sourceIDs[crumbs.lowerBound]
        var scanned = ScannedPages(locations.sources[Int(sourceID)], from: locations.starts[crumbs.lowerBound])
        for crumb in crumbs {
            if crumb - crumbs.lowerBound == CrumbColumns.sampleCrumbs {
                parser.batch.columns.reserveEntries(sampled: CrumbColumns.sampleCrumbs, expected: reserve)
            }
            let start = locations.starts[crumb]
            if locations.sourceIDs[crumb] != sourceID {
                sourceID = locations.sourceIDs[crumb]
                scanned = ScannedPages(locations.sources[Int(sourceID)], from: start)
            }
            var s = JSONScanner(base: scanned.source.base, position: start, end: start + Int(locations.lengths[crumb]))
            parser.readParts(&s)
            scanned.passed(s.position)
        }
        return parser.batch
    }
}
