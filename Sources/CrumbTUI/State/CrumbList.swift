import CrumbEngine

/// The crumbs the viewer shows: the store, the current filter's result over it (the rows), and
/// the last search's result. Both results are extended, not rebuilt, when a live file grows.
///
/// A reference type because the store is one: the state points at it, the reducer changes the
/// filter, the app appends to it. Owned by the viewer's main thread.
final class CrumbList {
    private(set) var store: CrumbStore
    private(set) var result: FilterResult
    /// Crumbs matching the last search, ascending crumb numbers (nil: no search).
    private(set) var searchResult: FilterResult?
    /// The names the user gave, for the top bar.
    var files: [String]
    /// Filters and searches over at most this many bytes of input are made on the input
    /// thread, at once: they take a few milliseconds whatever they ask. Over more, only a
    /// filter without terms is (tests set it to 0 to see the rest go to the background).
    var atOnceBytes = 256 << 10
    /// The filter's result holds only the crumbs checked before the store was replaced: its
    /// evaluation over the new store is running in the background (see `replaceStore`).
    private(set) var filterIsPartial = false
    /// Crumbs decoded for the screen, kept from frame to frame (see `ShownCrumbs`).
    let shown = ShownCrumbs()

    init(store: CrumbStore, files: [String], filter: CrumbFilter = .everything) {
        self.store = store
        self.files = files
        result = FilterResult(filter, in: store)
    }

    /// Rows shown.
    var count: Int { result.matches.count }
    /// Crumbs loaded.
    var total: Int { store.count }
    var filter: CrumbFilter { result.filter }

    /// The crumb number shown at `row`.
    func crumb(atRow row: Int) -> Int { Int(result.matches[row]) }

    /// The first row showing crumb `number` or a later one (`count` when none).
    func row(atOrAfter number: Int) -> Int {
        var low = 0, high = result.matches.count
        while low < high {
            let mid = (low + high) / 2
            if Int(result.matches[mid]) < number { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first of rows `start..<end` that shows a crumb of `crumbs` (ascending crumb numbers),
    /// or nil. It leaps between the two ascending lists, a binary search each way, so a search
    /// result of millions that the filter mostly hides costs a few lookups, not a pass.
    func firstRow(showingOneOf crumbs: [UInt32], from start: Int, to end: Int) -> Int? {
        guard start < end else { return nil }
        var index = Self.firstIndex(in: crumbs, atLeast: crumb(atRow: start))
        while index < crumbs.count {
            let wanted = Int(crumbs[index])
            let row = row(atOrAfter: wanted)
            guard row < end else { return nil }
            let shown = crumb(atRow: row)
            if shown == wanted { return row }
            index = Self.firstIndex(in: crumbs, atLeast: shown)
        }
        return nil
    }

    /// The last of rows `start..<end` that shows a crumb of `crumbs`, or nil (as `firstRow`).
    func lastRow(showingOneOf crumbs: [UInt32], from start: Int, to end: Int) -> Int? {
        guard start < end else { return nil }
        var index = Self.firstIndex(in: crumbs, atLeast: crumb(atRow: end - 1) + 1) - 1
        while index >= 0 {
            let wanted = Int(crumbs[index])
            let row = row(atOrAfter: wanted + 1) - 1
            guard row >= start else { return nil }
            let shown = crumb(atRow: row)
            if shown == wanted { return row }
            index = Self.firstIndex(in: crumbs, atLeast: shown + 1) - 1
        }
        return nil
    }

    /// The first index of ascending `crumbs` whose crumb number is `number` or more.
    private static func firstIndex(in crumbs: [UInt32], atLeast number: Int) -> Int {
        var low = 0, high = crumbs.count
        while low < high {
            let mid = (low + high) / 2
            if Int(crumbs[mid]) < number { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func setFilter(_ filter: CrumbFilter) {
        result = FilterResult(filter, in: store)
        filterIsPartial = false
    }

    /// Whether `filter` is quick enough to evaluate on the input thread (see `atOnceBytes`);
    /// else it runs off it, as a `BackgroundWork`.
    func answersAtOnce(_ filter: CrumbFilter) -> Bool {
        filter.matchesEverything || store.sources.reduce(0, { $0 + $1.count }) <= atOnceBytes
    }

    /// Shows the result of a filter evaluated over a snapshot of the store.
    func adoptFilter(_ work: WorkResult) {
        result = work.result.moved(to: store)
        filterIsPartial = false
    }

    /// Takes the result of a search made over a snapshot of the store.
    func adoptSearch(_ work: WorkResult) {
        searchResult = work.result.moved(to: store)
    }

    /// How many crumbs of the store a filter evaluated over a snapshot of it selects.
    func count(of work: WorkResult) -> Int {
        work.result.moved(to: store).matches.count
    }

    /// How many crumbs `filter` would show, for the prompt's preview.
    func count(of filter: CrumbFilter) -> Int {
        filter.matchesEverything ? store.count : FilterResult(filter, in: store).matches.count
    }

    /// Searches for `text` anywhere in a crumb, ignoring case (the filter language's bare word).
    func setSearch(_ text: String?) {
        guard let text, let filter = Self.searchFilter(text) else {
            searchResult = nil
            return
        }
        searchResult = FilterResult(filter, in: store)
    }

    /// The filter a search for `text` evaluates (nil for no text).
    static func searchFilter(_ text: String) -> CrumbFilter? {
        text.isEmpty ? nil : try? CrumbFilter(quoted(text))
    }

    func isSearchMatch(_ crumb: Int) -> Bool {
        guard let matches = searchResult?.matches else { return false }
        var low = 0, high = matches.count
        while low < high {
            let mid = (low + high) / 2
            if Int(matches[mid]) < crumb { low = mid + 1 } else { high = mid }
        }
        return low < matches.count && Int(matches[low]) == crumb
    }

    /// Appends complete JSON Lines from a live file (with `textLog`, the crumb lines of a log;
    /// `longLines` left out of them, each in place of an empty line); returns how many of them
    /// are shown.
    @discardableResult
    func append(_ data: [UInt8], name: String, firstLine: Int, textLog: Bool = false, longLines: [LongLine] = []) -> Int {
        guard !data.isEmpty else { return 0 }
        let before = count
        store.appendLines(data, name: name, firstLine: firstLine, textLog: textLog, longLines: longLines)
        result.extend()
        searchResult?.extend()
        return count - before
    }

    /// Takes a fully loaded store in place of a partial one (progressive loading). Crumb
    /// numbers of the partial store are the first ones of the full store, so rows stay put.
    /// Takes `store` in place of the crumbs shown so far; `extendsShown` when it begins with
    /// them by the same numbers (the whole file after its first part). A filter or search that
    /// is quick over `store` (`answersAtOnce`) is made again at once. A slow one is not made
    /// here, on the input thread: it keeps its matches among the crumbs shown so far (with
    /// `extendsShown`, else none) and is returned, for the caller to make in the background.
    func replaceStore(_ store: CrumbStore, extendsShown: Bool) -> (filter: CrumbFilter?, search: CrumbFilter?) {
        self.store = store
        shown.removeAll()
        // Made at once when quick, else a stand-in until the background result comes.
        func remade(_ old: FilterResult) -> (result: FilterResult, slow: CrumbFilter?) {
            answersAtOnce(old.filter)
                ? (FilterResult(old.filter, in: store), nil)
                : (old.standIn(for: store, keepingMatches: extendsShown), old.filter)
        }
        let filter = remade(result)
        result = filter.result
        filterIsPartial = filter.slow != nil
        let search = searchResult.map(remade)
        searchResult = search?.result
        return (filter.slow, search?.slow)
    }

    /// `text` as one filter term that matches it literally anywhere (a quoted bare word).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }
}

extension CrumbFilter {
    /// The filter that shows every crumb.
    static var everything: CrumbFilter { try! CrumbFilter("") }
}
