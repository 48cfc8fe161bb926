/// Crumb numbers by thread and by event (`CrumbStore.threadIndex`, `eventIndex`).
///
/// Built the first time it is asked for and then extended, never rebuilt, when crumbs are
/// appended. Filters do not need it (see `ThreadEventCounts`).
struct ThreadEventIndex: Sendable {
    /// Per thread id / event id: crumb numbers, ascending.
    var threads: [[UInt32]] = []
    var events: [[UInt32]] = []
    /// Crumbs `0..<indexed` are in the lists.
    var indexed = 0

    mutating func extend(_ columns: CrumbColumns, threads threadCount: Int, events eventCount: Int) {
        while threads.count < threadCount { threads.append([]) }
        while events.count < eventCount { events.append([]) }
        // Counted first, so that each list is allocated once at its size: ten million crumbs'
        // lists grown by doubling would be copied and faulted in about twice over.
        var threadCounts = [Int](repeating: 0, count: threadCount)
        var eventCounts = [Int](repeating: 0, count: eventCount)
        for crumb in indexed..<columns.count {
            if let thread = columns.threads[crumb] { threadCounts[thread.index] += 1 }
            if let event = columns.events[crumb] { eventCounts[event.index] += 1 }
        }
        for (id, count) in threadCounts.enumerated() { threads[id].reserve(more: count) }
        for (id, count) in eventCounts.enumerated() { events[id].reserve(more: count) }
        for crumb in indexed..<columns.count {
            let number = UInt32(truncatingIfNeeded: crumb)
            if let thread = columns.threads[crumb] { threads[thread.index].append(number) }
            if let event = columns.events[crumb] { events[event.index].append(number) }
        }
        indexed = columns.count
    }
}

/// How many crumbs each thread and each event has: enough for a filter to choose the term it
/// starts from, and then to list that term's crumbs in one pass over its column. Lists for every
/// thread and event (`ThreadEventIndex`) are not needed for that: with ten million crumbs they
/// take longer to build than a filter takes to answer from the counts. Counted on first use,
/// then extended when crumbs are appended.
struct ThreadEventCounts: Sendable {
    /// Per thread id / event id: how many of crumbs `0..<counted` have it.
    var threads: [Int] = []
    var events: [Int] = []
    var counted = 0

    mutating func extend(_ columns: CrumbColumns, threads threadCount: Int, events eventCount: Int) {
        if threads.count < threadCount { threads += repeatElement(0, count: threadCount - threads.count) }
        if events.count < eventCount { events += repeatElement(0, count: eventCount - events.count) }
        columns.threads.count(into: &threads, from: counted)
        columns.events.count(into: &events, from: counted)
        counted = columns.count
    }
}

/// Crumb numbers by context key (`CrumbStore.contextKeyIndex`). Built on first need and
/// extended like `ThreadEventIndex`; filters do not need it (see `CrumbStore.crumbs(withContext:values:)`).
struct ContextIndex: Sendable {
    /// Per context key id: crumb numbers, ascending.
    var keys: [[UInt32]] = []
    var indexed = 0

    mutating func extend(_ columns: CrumbColumns, keys keyCount: Int) {
        // Even without new crumbs the table may have grown (strings of a rejected candidate in
        // a log): every id must have its (possibly empty) entry.
        while keys.count < keyCount { keys.append([]) }
        for crumb in indexed..<columns.count {
            let number = UInt32(truncatingIfNeeded: crumb)
            for position in Int(columns.contextStarts[crumb])..<Int(columns.contextStarts[crumb + 1]) {
                let entry = columns.context[position]
                // A key given twice in one context is listed once.
                if keys[entry.key.index].last != number { keys[entry.key.index].append(number) }
            }
        }
        indexed = columns.count
    }
}

extension CrumbStore {
    /// The crumbs whose context has `key`, with one of `values` (any value when nil),
    /// ascending: one pass over the context entries (ten million crumbs' in a few tens of
    /// milliseconds), so no index per value is kept (a million request ids would each need one).
    func crumbs(withContext key: ContextKeyID, values: [ContextValueID]?) -> [UInt32] {
        ensure(.context)
        var wanted: [Bool] = []
        if let values {
            guard let largest = values.max() else { return [] }
            wanted = [Bool](repeating: false, count: largest.index + 1)
            for value in values { wanted[value.index] = true }
        }
        var crumbs: [UInt32] = []
        columns.contextStarts.withUnsafeBufferPointer { starts in
            columns.context.withUnsafeBufferPointer { context in
                wanted.withUnsafeBufferPointer { wanted in
                    for crumb in 0..<count {
                        for position in Int(starts[crumb])..<Int(starts[crumb + 1]) where context[position].key == key {
                            let value = context[position].value.index
                            if values == nil || (value < wanted.count && wanted[value]) {
                                crumbs.append(UInt32(truncatingIfNeeded: crumb))
                                break
                            }
                        }
                    }
                }
            }
        }
        return crumbs
    }
}

extension Array {
    /// Room for `more` elements beyond the count, at least doubling the capacity when it grows:
    /// reserving exactly a few more each time (a live file's new crumbs) would copy the array
    /// each time.
    mutating func reserve(more: Int) {
        let needed = count + more
        guard needed > capacity else { return }
        reserveCapacity(Swift.max(needed, capacity * 2))
    }
}
