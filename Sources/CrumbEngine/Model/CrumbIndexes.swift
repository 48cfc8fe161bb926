/// Crumb numbers by thread, by event and by context key, and a chain per context value: what
/// lets a filter look at the crumbs it can match instead of all of them.
///
/// Built after the columns (so loading never holds a batch and the indexes at once) and
/// extended, never rebuilt, when crumbs are appended.
struct CrumbIndexes {
    /// Per thread id / event id / context key id: crumb numbers, ascending.
    var threads: [[UInt32]] = []
    var events: [[UInt32]] = []
    var contextKeys: [[UInt32]] = []
    /// Per context value id: the last position in `columns.context` holding it (-1: none) and
    /// how often it occurs; per position: the previous position with the same value. A chain
    /// costs 4 bytes per entry, where a list per value would cost an allocation per distinct
    /// value (a million request ids).
    var valueLast: [Int32] = []
    var valueCount: [UInt32] = []
    var valuePrevious: [Int32] = []
    /// Crumbs `0..<indexed` are in the indexes.
    var indexed = 0

    /// Indexes crumbs `indexed..<columns.count`. The thread and event lists and the context
    /// lists are separate structures, so big extensions build them on two threads at once.
    mutating func extend(_ columns: CrumbColumns, threads threadCount: Int, events eventCount: Int,
                         contextKeys keyCount: Int, contextValues valueCount: Int) {
        let start = indexed
        // Even without new crumbs the tables may have grown (strings of a rejected candidate
        // in a log): every id must have its (possibly empty) list.
        var byThread = Columnwise(threads: threads, events: events)
        var byContext = Contextwise(keys: contextKeys, valueLast: valueLast, valueCount: self.valueCount, valuePrevious: valuePrevious)
        threads = []; events = []; contextKeys = []; valueLast = []; self.valueCount = []; valuePrevious = []
        if columns.count - start > 100_000 {
            (byThread, byContext) = CrumbLoader.inParallel(
                { [byThread] in var b = byThread; b.extend(columns, from: start, threads: threadCount, events: eventCount); return b },
                { [byContext] in var c = byContext; c.extend(columns, from: start, keys: keyCount, values: valueCount); return c }
            )
        } else {
            byThread.extend(columns, from: start, threads: threadCount, events: eventCount)
            byContext.extend(columns, from: start, keys: keyCount, values: valueCount)
        }
        threads = byThread.threads
        events = byThread.events
        contextKeys = byContext.keys
        valueLast = byContext.valueLast
        self.valueCount = byContext.valueCount
        valuePrevious = byContext.valuePrevious
        indexed = columns.count
    }
}

/// The thread and event lists, built apart from the context ones.
private struct Columnwise: Sendable {
    var threads: [[UInt32]]
    var events: [[UInt32]]

    mutating func extend(_ columns: CrumbColumns, from start: Int, threads threadCount: Int, events eventCount: Int) {
        while threads.count < threadCount { threads.append([]) }
        while events.count < eventCount { events.append([]) }
        for crumb in start..<columns.count {
            let number = UInt32(truncatingIfNeeded: crumb)
            let thread = columns.threads[crumb], event = columns.events[crumb]
            if thread != CrumbColumns.none { threads[Int(thread)].append(number) }
            if event != CrumbColumns.none { events[Int(event)].append(number) }
        }
    }
}

/// The context key lists and value chains.
private struct Contextwise: Sendable {
    var keys: [[UInt32]]
    var valueLast: [Int32]
    var valueCount: [UInt32]
    var valuePrevious: [Int32]

    mutating func extend(_ columns: CrumbColumns, from start: Int, keys keyCount: Int, values count: Int) {
        while keys.count < keyCount { keys.append([]) }
        if valueLast.count < count {
            valueLast.append(contentsOf: repeatElement(-1, count: count - valueLast.count))
            valueCount.append(contentsOf: repeatElement(0, count: count - valueCount.count))
        }
        valuePrevious.reserveCapacity(columns.context.count)
        for crumb in start..<columns.count {
            let number = UInt32(truncatingIfNeeded: crumb)
            for position in Int(columns.contextStarts[crumb])..<Int(columns.contextStarts[crumb + 1]) {
                let entry = columns.context[position]
                valuePrevious.append(valueLast[Int(entry.value)])
                valueLast[Int(entry.value)] = Int32(truncatingIfNeeded: position)
                valueCount[Int(entry.value)] &+= 1
                // A key given twice in one context is listed once.
                if keys[Int(entry.key)].last != number { keys[Int(entry.key)].append(number) }
            }
        }
    }
}
