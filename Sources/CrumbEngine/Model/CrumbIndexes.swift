/// Crumb numbers by thread and by event: what lets a `thread:` or `event:` term look at the
/// crumbs it can match instead of all of them.
///
/// Built the first time a filter needs it (a `--count` on a context value never pays for it)
/// and then extended, never rebuilt, when crumbs are appended.
struct ThreadEventIndex: Sendable {
    /// Per thread id / event id: crumb numbers, ascending.
    var threads: [[UInt32]] = []
    var events: [[UInt32]] = []
    /// Crumbs `0..<indexed` are in the lists.
    var indexed = 0

    mutating func extend(_ columns: CrumbColumns, threads threadCount: Int, events eventCount: Int) {
        while threads.count < threadCount { threads.append([]) }
        while events.count < eventCount { events.append([]) }
        for crumb in indexed..<columns.count {
            let number = UInt32(truncatingIfNeeded: crumb)
            if let thread = columns.threads[crumb] { threads[thread.index].append(number) }
            if let event = columns.events[crumb] { events[event.index].append(number) }
        }
        indexed = columns.count
    }
}

/// Crumb numbers by context key, and a chain per context value, for `ctx.KEY:VALUE` terms.
/// Built on first need and extended like `ThreadEventIndex`.
struct ContextIndex: Sendable {
    /// Per context key id: crumb numbers, ascending.
    var keys: [[UInt32]] = []
    /// Per context value id: the last position in `columns.context` holding it (-1: none) and
    /// how often it occurs; per position: the previous position with the same value. A chain
    /// costs 4 bytes per entry, where a list per value would cost an allocation per distinct
    /// value (a million request ids).
    var valueLast: [Int32] = []
    var valueCount: [UInt32] = []
    var valuePrevious: [Int32] = []
    var indexed = 0

    mutating func extend(_ columns: CrumbColumns, keys keyCount: Int, values count: Int) {
        // Even without new crumbs the tables may have grown (strings of a rejected candidate
        // in a log): every id must have its (possibly empty) entry.
        while keys.count < keyCount { keys.append([]) }
        if valueLast.count < count {
            valueLast.append(contentsOf: repeatElement(-1, count: count - valueLast.count))
            valueCount.append(contentsOf: repeatElement(0, count: count - valueCount.count))
        }
        valuePrevious.reserveCapacity(columns.context.count)
        for crumb in indexed..<columns.count {
            let number = UInt32(truncatingIfNeeded: crumb)
            for position in Int(columns.contextStarts[crumb])..<Int(columns.contextStarts[crumb + 1]) {
                let entry = columns.context[position]
                valuePrevious.append(valueLast[entry.value.index])
                valueLast[entry.value.index] = Int32(truncatingIfNeeded: position)
                valueCount[entry.value.index] &+= 1
                // A key given twice in one context is listed once.
                if keys[entry.key.index].last != number { keys[entry.key.index].append(number) }
            }
        }
        indexed = columns.count
    }
}
