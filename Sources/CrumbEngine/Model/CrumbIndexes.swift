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

    mutating func extend(_ columns: CrumbColumns, threads threadCount: Int, events eventCount: Int,
                         contextKeys keyCount: Int, contextValues valueCount: Int) {
        while threads.count < threadCount { threads.append([]) }
        while events.count < eventCount { events.append([]) }
        while contextKeys.count < keyCount { contextKeys.append([]) }
        if valueLast.count < valueCount {
            valueLast.append(contentsOf: repeatElement(-1, count: valueCount - valueLast.count))
            self.valueCount.append(contentsOf: repeatElement(0, count: valueCount - self.valueCount.count))
        }
        valuePrevious.reserveCapacity(columns.context.count)
        for crumb in indexed..<columns.count {
            let number = UInt32(truncatingIfNeeded: crumb)
            let thread = columns.threads[crumb], event = columns.events[crumb]
            if thread != CrumbColumns.none { threads[Int(thread)].append(number) }
            if event != CrumbColumns.none { events[Int(event)].append(number) }
            for position in Int(columns.contextStarts[crumb])..<Int(columns.contextStarts[crumb + 1]) {
                let entry = columns.context[position]
                valuePrevious.append(valueLast[Int(entry.value)])
                valueLast[Int(entry.value)] = Int32(truncatingIfNeeded: position)
                self.valueCount[Int(entry.value)] &+= 1
                // A key given twice in one context is listed once.
                if contextKeys[Int(entry.key)].last != number { contextKeys[Int(entry.key)].append(number) }
            }
        }
        indexed = columns.count
    }
}
