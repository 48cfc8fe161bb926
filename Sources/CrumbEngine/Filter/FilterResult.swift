/// The crumbs of a store that match a filter, as ascending crumb numbers.
///
/// Made from the indexes: the most selective thread, event or context term gives the candidates
/// (`ctx.request_id:req-0005000` looks at the few crumbs with that value, not at a million), and
/// only those are checked against the other terms. Threads and events are chosen by how many
/// crumbs each has, and the chosen term's crumbs are listed in one pass over its column. When
/// crumbs are appended to the store (a live file), `extend()` checks just the new ones and
/// appends to `matches`: nothing is rebuilt.
///
/// ```swift
/// let result = FilterResult(try CrumbFilter("event:db.*"), in: store)
/// store.appendLines(newBytes, name: "app.jsonl")
/// result.extend()
/// ```
public final class FilterResult {
    public let filter: CrumbFilter
    public let store: CrumbStore
    /// Matching crumb numbers, ascending.
    public private(set) var matches: [UInt32] = []
    /// Crumbs `0..<checked` have been considered.
    public private(set) var checked = 0
    private let matcher: FilterMatcher
    /// What the checks cost so far.
    var work: FilterWork { matcher.work }

    /// The crumbs of `store` that `filter` selects.
    ///
    /// ```swift
    /// let shown = FilterResult(try CrumbFilter("thread:worker-3"), in: store).matches.count
    /// ```
    public convenience init(_ filter: CrumbFilter, in store: CrumbStore) {
        self.init(filter, in: store) { _, _ in true }!
    }

    /// The same result, made where it may take long (on a thread of its own, over a store's
    /// `snapshot()`): `progress` is told how many of the crumbs to check are checked, of how
    /// many, every 4,096 crumbs or megabyte of crumbs (fewer for a filter of several terms);
    /// when it returns false the check stops and the result is nil.
    ///
    /// ```swift
    /// let stop = Atomic<Bool>(false)  // set by another thread to cancel
    /// let result = FilterResult(filter, in: store.snapshot()) { checked, total in
    ///     print("\(checked) of \(total)")
    ///     return !stop.load(ordering: .relaxed)
    /// }
    /// ```
    public init?(_ filter: CrumbFilter, in store: CrumbStore, progress: (_ checked: Int, _ total: Int) -> Bool) {
        self.filter = filter
        self.store = store
        matcher = FilterMatcher(filter, store: store)
        let count = store.count
        if filter.matchesEverything {
            matches = Array(0..<UInt32(count))
        } else if let candidates = bestCandidates() {
            guard let found = check(candidates, progress) else { return nil }
            matches = found
        } else {
            guard let found = check(0..<UInt32(count), progress) else { return nil }
            matches = found
        }
        checked = count
    }

    private init(_ filter: CrumbFilter, in store: CrumbStore, matches: [UInt32], checked: Int) {
        self.filter = filter
        self.store = store
        self.matches = matches
        self.checked = checked
        matcher = FilterMatcher(filter, store: store)
    }

    /// This result for `store`, which holds this result's crumbs and maybe more after them (the
    /// result was made from `store.snapshot()`): the matches are kept and the crumbs appended
    /// since are checked, as `extend()` does.
    ///
    /// ```swift
    /// let result = FilterResult(filter, in: store.snapshot())  // on another thread
    /// let current = result.moved(to: store)                   // back on the store's own
    /// ```
    public func moved(to store: CrumbStore) -> FilterResult {
        let result = FilterResult(filter, in: store, matches: matches, checked: checked)
        result.extend()
        return result
    }

    /// A stand-in for this filter over `store` while it is evaluated there on another thread:
    /// no crumb is checked. With `keepingMatches` (`store` begins with this result's crumbs,
    /// by the same numbers: the whole file after its first part) it holds this result's matches,
    /// else none; `extend()` checks only crumbs appended to `store` after now.
    ///
    /// ```swift
    /// list.result = list.result.standIn(for: wholeStore, keepingMatches: true)
    /// ```
    public func standIn(for store: CrumbStore, keepingMatches: Bool) -> FilterResult {
        let kept = keepingMatches ? matches.filter { Int($0) < store.count } : []
        return FilterResult(filter, in: store, matches: kept, checked: store.count)
    }

    /// Crumbs or bytes checked between two calls of a check's `progress`, for a filter of one
    /// term: a crumb with a long value costs as much as thousands of short ones, and each term
    /// of a filter may read the whole crumb.
    private static let progressCrumbs = 4096
    private static let progressBytes = 1 << 20

    /// The ones of `crumbs` (ascending) that match, or nil when `progress` said stop. Terms that
    /// read the crumbs' bytes (a bare word, a field) bring the input back into memory; the pages
    /// behind the check are handed back as it goes, as loading does, so that it costs no more
    /// memory than loading did.
    private func check(_ crumbs: some Collection<UInt32>, _ progress: (Int, Int) -> Bool) -> [UInt32]? {
        let total = crumbs.count
        guard progress(0, total) else { return nil }
        let terms = max(filter.clauses.count, 1)
        let crumbStep = max(Self.progressCrumbs / terms, 1), byteStep = max(Self.progressBytes / terms, 1)
        var matches: [UInt32] = []
        var scanned: ScannedPages?
        var crumbsSince = 0, bytesSince = 0
        let lengths = store.columns.lengths
        for (index, crumb) in crumbs.enumerated() {
            if matcher.matches(Int(crumb)) { matches.append(crumb) }
            if index & 4095 == 0 {
                let (source, offset, _) = store.location(of: Int(crumb))
                if scanned?.source === source { scanned?.passed(offset) } else { scanned = ScannedPages(source, from: offset) }
            }
            crumbsSince += 1
            bytesSince += Int(lengths[Int(crumb)])
            if crumbsSince == crumbStep || bytesSince >= byteStep {
                guard progress(index + 1, total) else { return nil }
                crumbsSince = 0
                bytesSince = 0
            }
        }
        return matches
    }

    /// Checks the crumbs appended since the last call and adds the ones that match.
    public func extend() {
        let count = store.count
        guard checked < count else { return }
        for crumb in checked..<count where matcher.matches(crumb) {
            matches.append(UInt32(crumb))
        }
        checked = count
    }

    /// The smallest candidate list any indexed column with a positive term gives, or nil to scan
    /// everything.
    private func bestCandidates() -> [UInt32]? {
        var best: (size: Int, make: () -> [UInt32])?
        for (index, terms) in matcher.columns.enumerated() where terms.hasPositive {
            guard let option = candidates(index, terms.column) else { continue }
            if best == nil || option.size < best!.size { best = option }
        }
        return best?.make()
    }

    /// For an indexed column: how many crumbs can pass its terms at most, and how to list them.
    private func candidates(_ index: Int, _ column: ColumnTerms.Column) -> (size: Int, make: () -> [UInt32])? {
        switch column {
        case .thread:
            let ids = matcher.passingIDs(index, store.threadNames)
            let counts = store.threadEventCounts.threads
            let size = ids.reduce(0) { $0 + counts[$1.index] }
            return (size, { [store] in store.columns.threads.crumbs(withAnyOf: ids, expected: size) })
        case .event:
            let ids = matcher.passingIDs(index, store.eventNames)
            let counts = store.threadEventCounts.events
            let size = ids.reduce(0) { $0 + counts[$1.index] }
            return (size, { [store] in store.columns.events.crumbs(withAnyOf: ids, expected: size) })
        case .service:
            return union(matcher.passingIDs(index, store.serviceNames), store.serviceIndex)
        case .host:
            return union(matcher.passingIDs(index, store.hostNames), store.hostIndex)
        case .context(let key):
            guard let keyID = matcher.contextKeyID(index, key) else { return (0, { [] }) }
            let crumbs = store.crumbs(withContext: keyID, values: matcher.candidateValues(index))
            return (crumbs.count, { crumbs })
        case .trace, .field:
            return nil
        }
    }

    private func union<ID: InternID>(_ ids: [ID], _ index: [[UInt32]]) -> (size: Int, make: () -> [UInt32]) {
        let size = ids.reduce(0) { $0 + index[$1.index].count }
        return (size, {
            if ids.count == 1 { return index[ids[0].index] }
            // A crumb has one thread, event, service and host, so the lists are disjoint.
            return ids.flatMap { index[$0.index] }.sorted()
        })
    }
}
