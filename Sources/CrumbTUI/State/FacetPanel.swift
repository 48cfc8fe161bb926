import CrumbEngine

/// Which facet panel: threads, events, or context keys with their values.
enum FacetKind: Equatable {
    case threads, events, context

    var title: String {
        switch self {
        case .threads: return "threads"
        case .events: return "events"
        case .context: return "context"
        }
    }
}

/// One line of a facet panel: a value and how many shown crumbs have it.
struct FacetItem: Equatable {
    enum Mark: Equatable { case none, included, excluded }

    var label: String
    var count: Int
    /// The filter term this line adds or removes (nil: a heading that cannot be picked).
    var term: String?
    /// 0 for a thread, event or context key; 1 for a context key's value.
    var depth = 0
    var mark: Mark = .none
}

/// An open facet panel: its lines, with counts under the current filter.
struct FacetPanel: Equatable {
    var kind: FacetKind
    var items: [FacetItem]
    var selected = 0
    var top = 0

    /// Context values listed per key; the rest are summed up in one line.
    static let valuesPerKey = 12

    /// Counts over the rows of `list` (so they follow the filter), plus a line with count 0
    /// for every term of this kind the filter has but no shown crumb matches (so an excluded
    /// value can be picked again to bring it back).
    static func make(_ kind: FacetKind, list: CrumbList, filterText: String) -> FacetPanel {
        let store = list.store
        var items: [FacetItem] = []
        switch kind {
        case .threads, .events:
            let stats = CrumbStats(store, list.result.matches)
            let key = kind == .threads ? "thread" : "event"
            for count in kind == .threads ? stats.threads : stats.events {
                let isNone = count.name == "(none)"
                items.append(FacetItem(label: count.name, count: count.count, term: isNone ? nil : FilterTerms.term(key, count.name)))
            }
            let present = Set(items.compactMap(\.term))
            for term in FilterTerms.split(filterText) {
                let bare = term.hasPrefix("-") ? String(term.dropFirst()) : term
                if bare.hasPrefix(key + ":"), !present.contains(bare) {
                    items.append(FacetItem(label: String(bare.dropFirst(key.count + 1)), count: 0, term: bare))
                }
            }
        case .context:
            items = contextItems(list)
            let present = Set(items.compactMap(\.term))
            for term in FilterTerms.split(filterText) {
                let bare = term.hasPrefix("-") ? String(term.dropFirst()) : term
                if bare.hasPrefix("ctx."), !present.contains(bare) {
                    items.append(FacetItem(label: String(bare.dropFirst(4)), count: 0, term: bare))
                }
            }
        }
        for index in items.indices {
            if let term = items[index].term { items[index].mark = FilterTerms.state(of: term, in: filterText) }
        }
        return FacetPanel(kind: kind, items: items)
    }

    /// Context keys by how many shown crumbs have them, each followed by its most frequent values.
    ///
    /// Counted in arrays indexed by value id (a million request ids cost one pass, not a
    /// dictionary entry each); a value id that more than one key uses is counted per pair in a
    /// dictionary. Only the top values per key are sorted.
    private static func contextItems(_ list: CrumbList) -> [FacetItem] {
        let store = list.store
        var keyCounts = [Int](repeating: 0, count: store.contextKeys.count)
        var valueCounts = [Int](repeating: 0, count: store.contextValues.count)
        var valueKey = [ContextKeyID?](repeating: nil, count: store.contextValues.count)
        var sharedCounts: [UInt64: Int] = [:]
        for crumb in list.result.matches {
            var previous: ContextKeyID?
            for entry in store.contextEntries(of: Int(crumb)) {
                if entry.key != previous { keyCounts[entry.key.index] += 1 }
                previous = entry.key
                let value = entry.value.index
                if valueKey[value] == nil { valueKey[value] = entry.key }
                if valueKey[value] == entry.key {
                    valueCounts[value] += 1
                } else {
                    sharedCounts[UInt64(entry.key.number) << 32 | UInt64(entry.value.number), default: 0] += 1
                }
            }
        }
        // Per key: the top values (count, then first seen), and how many values and crumbs the rest hold.
        var top = [[(value: ContextValueID, count: Int)]](repeating: [], count: keyCounts.count)
        var distinct = [Int](repeating: 0, count: keyCounts.count)
        var sum = [Int](repeating: 0, count: keyCounts.count)
        func offer(_ key: Int, _ value: ContextValueID, _ count: Int) {
            distinct[key] += 1
            sum[key] += count
            var list = top[key]
            guard list.count < valuesPerKey || count > list[list.count - 1].count else { return }
            let position = list.firstIndex { $0.count < count } ?? list.count
            list.insert((value, count), at: position)
            if list.count > valuesPerKey { list.removeLast() }
            top[key] = list
        }
        for value in valueCounts.indices where valueCounts[value] > 0 {
            offer(valueKey[value]!.index, ContextValueID(number: UInt32(value)), valueCounts[value])
        }
        for (pair, count) in sharedCounts.sorted(by: { $0.key < $1.key }) {
            offer(Int(pair >> 32), ContextValueID(number: UInt32(truncatingIfNeeded: pair)), count)
        }
        var items: [FacetItem] = []
        let names: [String] = store.contextKeys.ids.map { store.contextKeys.string($0) }
        let keys = keyCounts.indices.filter { keyCounts[$0] > 0 }.sorted { (a: Int, b: Int) -> Bool in
            keyCounts[a] != keyCounts[b] ? keyCounts[a] > keyCounts[b] : names[a] < names[b]
        }
        for key in keys {
            let name = names[key]
            items.append(FacetItem(label: name, count: keyCounts[key], term: "ctx." + name + ":*"))
            var shown = 0
            for value in top[key] {
                let text = store.contextValues.string(value.value)
                items.append(FacetItem(label: text, count: value.count, term: FilterTerms.term("ctx." + name, text), depth: 1))
                shown += value.count
            }
            if distinct[key] > top[key].count {
                items.append(FacetItem(label: "(\((distinct[key] - top[key].count).grouped) more values)", count: sum[key] - shown, term: nil, depth: 1))
            }
        }
        return items
    }
}
