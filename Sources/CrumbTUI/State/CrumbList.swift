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

    func setFilter(_ filter: CrumbFilter) {
        result = FilterResult(filter, in: store)
    }

    /// How many crumbs `filter` would show, for the prompt's preview.
    func count(of filter: CrumbFilter) -> Int {
        filter.matchesEverything ? store.count : FilterResult(filter, in: store).matches.count
    }

    /// Searches for `text` anywhere in a crumb, ignoring case (the filter language's bare word).
    func setSearch(_ text: String?) {
        guard let text, !text.isEmpty, let filter = try? CrumbFilter(Self.quoted(text)) else {
            searchResult = nil
            return
        }
        searchResult = FilterResult(filter, in: store)
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

    /// Appends complete JSON Lines from a live file; returns how many of them are shown.
    @discardableResult
    func append(_ data: [UInt8], name: String, firstLine: Int) -> Int {
        guard !data.isEmpty else { return 0 }
        let before = count
        store.appendLines(data, name: name, firstLine: firstLine)
        result.extend()
        searchResult?.extend()
        return count - before
    }

    /// Takes a fully loaded store in place of a partial one (progressive loading). Crumb
    /// numbers of the partial store are the first ones of the full store, so rows stay put.
    func replaceStore(_ store: CrumbStore) {
        self.store = store
        shown.removeAll()
        result = FilterResult(result.filter, in: store)
        if let search = searchResult?.filter { searchResult = FilterResult(search, in: store) }
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
