import CrumbEngine

/// Filters and searches that run off the input thread (`BackgroundWork`): starting one in place
/// of the running one of the same purpose, its progress, its result, and `Esc` cancelling it.
/// Until a result comes, the list shows what it showed.
extension ViewerReducer {
    /// Asks for `filter` to be evaluated off the input thread for `purpose`, superseding the
    /// running work of that purpose.
    static func startWork(_ state: inout ViewerState, _ purpose: BackgroundWork.Purpose, text: String, filter: CrumbFilter,
                          findsMatch: Bool = true) -> [Effect] {
        let effects = stopWork(&state, purpose)
        let work = BackgroundWork(id: state.nextWorkID, purpose: purpose, text: text, filter: filter, findsMatch: findsMatch)
        state.nextWorkID += 1
        setWork(&state, purpose, work)
        return effects + [.startWork(work)]
    }

    /// Forgets the running work of `purpose` (if any) and asks the session to stop it.
    static func stopWork(_ state: inout ViewerState, _ purpose: BackgroundWork.Purpose) -> [Effect] {
        guard let work = work(state, purpose) else { return [] }
        setWork(&state, purpose, nil)
        return [.cancelWork(id: work.id)]
    }

    /// Handles what the work reports, and its cancelling; nil leaves `action` to the others.
    static func reduceWork(_ state: inout ViewerState, _ action: Action, _ list: CrumbList) -> [Effect]? {
        switch action {
        case .workProgress(let id, let checked, let total):
            for purpose in [BackgroundWork.Purpose.filter, .search, .count] {
                guard var work = work(state, purpose), work.id == id else { continue }
                work.checked = checked
                work.total = total
                setWork(&state, purpose, work)
            }
            return []
        case .workDone(let id, let result):
            if let work = state.filtering, work.id == id {
                state.filtering = nil
                showFilter(&state, work.text, list) { list.adoptFilter(result) }
            } else if let work = state.searching, work.id == id {
                state.searching = nil
                list.adoptSearch(result)
                state.search = work.text
                if work.findsMatch { findMatch(&state, list, forward: true) }
            } else if state.prompt?.counting?.id == id {
                state.prompt?.counting = nil
                state.prompt?.previewCount = list.count(of: result)
            }
            return []
        case .cancelWork:
            let names = [state.filtering.map { _ in "filter" }, state.searching.map { _ in "search" }].compactMap { $0 }
            guard !names.isEmpty else { return [] }
            state.message = StatusMessage(text: names.joined(separator: " and ") + " cancelled: the list is as it was")
            let effects = stopWork(&state, .filter) + stopWork(&state, .search)
            if list.filterIsPartial {
                // The filter in place had not looked at the crumbs loaded since: show them all
                // rather than a part that looks filtered.
                showFilter(&state, "", list) { list.setFilter(.everything) }
                state.message = StatusMessage(text: "filter cancelled before it had looked at every crumb: showing them all")
            }
            return effects
        default:
            return nil
        }
    }

    private static func work(_ state: ViewerState, _ purpose: BackgroundWork.Purpose) -> BackgroundWork? {
        switch purpose {
        case .filter: return state.filtering
        case .search: return state.searching
        case .count: return state.prompt?.counting
        }
    }

    private static func setWork(_ state: inout ViewerState, _ purpose: BackgroundWork.Purpose, _ work: BackgroundWork?) {
        switch purpose {
        case .filter: state.filtering = work
        case .search: state.searching = work
        case .count: state.prompt?.counting = work
        }
    }

    /// The input changed under the running work (the whole file replaced its first part): it
    /// starts again over the new crumbs, and the filter prompt counts again.
    static func restartWork(_ state: inout ViewerState, _ list: CrumbList) -> [Effect] {
        var effects: [Effect] = []
        if let work = state.filtering { effects += startWork(&state, .filter, text: work.text, filter: work.filter) }
        if let work = state.searching { effects += startWork(&state, .search, text: work.text, filter: work.filter, findsMatch: work.findsMatch) }
        if state.prompt?.kind == .filter { effects += preview(&state, list) }
        return effects
    }
}
