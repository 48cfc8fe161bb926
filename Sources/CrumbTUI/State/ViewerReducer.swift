import CrumbEngine

/// The viewer's state changes: `reduce` makes the next state from the current one and an
/// action, looking at (and for filters, searches, loads and the tailer's lines, updating) the
/// crumb list. It is the one writer of both. It draws nothing and touches no terminal or file:
/// what needs the world comes back as effects.
enum ViewerReducer {
    static func layout(_ state: ViewerState, _ list: CrumbList) -> ScreenLayout {
        ScreenLayout(state, list)
    }

    @discardableResult
    static func reduce(_ state: inout ViewerState, _ action: Action, _ list: CrumbList) -> [Effect] {
        if let effects = reduceWorld(&state, action, list) { return effects }
        if let effects = reduceWork(&state, action, list) { return effects }
        if action == .quit {
            state.quit = true
            return []
        }
        if state.helpOpen {
            // Any key closes the help.
            state.helpOpen = false
            return []
        }
        if state.prompt != nil { return reducePrompt(&state, action, list) }
        if state.facets != nil, let effects = reduceFacets(&state, action, list) { return effects }
        if let effects = reduceCrash(&state, action, list) { return effects }
        return reduceList(&state, action, list)
    }

    private static func reduceList(_ state: inout ViewerState, _ action: Action, _ list: CrumbList) -> [Effect] {
        let page = max(layout(state, list).list.height, 1)
        state.message = nil
        switch action {
        case .move(let rows): select(&state, list, state.selected + rows)
        case .pageDown: select(&state, list, state.selected + page, top: state.top + page)
        case .pageUp: select(&state, list, state.selected - page, top: state.top - page)
        case .first: select(&state, list, 0)
        case .last: select(&state, list, list.count - 1)
        case .scroll(let rows): select(&state, list, state.selected + rows, top: state.top + rows)
        case .click(let x, let y): click(&state, list, x: x, y: y)
        case .toggleDetail:
            state.detailOpen.toggle()
            state.crashPaneOpen = false
            state.detailScroll = 0
            keepSelectionVisible(&state, list)
        case .scrollDetail(let rows): state.detailScroll = max(state.detailScroll + rows, 0)
        case .toggleTimeline:
            state.timelineOpen.toggle()
            keepSelectionVisible(&state, list)
        case .sameThread(let forward): sameThread(&state, list, forward: forward)
        case .cycleTimeMode:
            state.timeMode = state.timeMode.next
            state.message = StatusMessage(text: "time column: " + state.timeMode.title)
        case .toggleHelp: state.helpOpen = true
        case .toggleFollow:
            state.follow.toggle()
            if state.follow { select(&state, list, list.count - 1) }
            state.newCrumbs = 0
            return [.follow(state.follow)]
        case .escape:
            if state.crashPaneOpen {
                state.crashPaneOpen = false
            } else if state.detailOpen {
                state.detailOpen = false
            } else if state.timelineOpen {
                state.timelineOpen = false
            }
            keepSelectionVisible(&state, list)
        case .quit: state.quit = true
        case .openFilter:
            state.prompt = Prompt(kind: .filter, text: state.filterText)
            keepSelectionVisible(&state, list)
            return preview(&state, list)
        case .openSearch:
            state.prompt = Prompt(kind: .search, text: "")
            keepSelectionVisible(&state, list)
        case .openWrite:
            state.prompt = Prompt(kind: .write, text: "crumbs-shown.jsonl")
            keepSelectionVisible(&state, list)
        case .searchNext: findMatch(&state, list, forward: true)
        case .searchPrevious: findMatch(&state, list, forward: false)
        case .openFacets(let kind): refreshFacets(&state, list, kind: kind)
        default: break
        }
        return []
    }

    /// Selects `row` (clamped) and scrolls so it shows, starting from `top` when given.
    static func select(_ state: inout ViewerState, _ list: CrumbList, _ row: Int, top: Int? = nil) {
        state.selected = max(min(row, list.count - 1), 0)
        if let top { state.top = top }
        keepSelectionVisible(&state, list)
        if state.selected >= list.count - 1 { state.newCrumbs = 0 }
    }

    static func keepSelectionVisible(_ state: inout ViewerState, _ list: CrumbList) {
        let height = max(layout(state, list).list.height, 1)
        if state.selected < state.top { state.top = state.selected }
        if state.selected >= state.top + height { state.top = state.selected - height + 1 }
        state.top = max(min(state.top, list.count - height), 0)
    }

    static func clampSelection(_ state: inout ViewerState, _ list: CrumbList) {
        state.selected = max(min(state.selected, list.count - 1), 0)
        keepSelectionVisible(&state, list)
    }

    private static func click(_ state: inout ViewerState, _ list: CrumbList, x: Int, y: Int) {
        let area = layout(state, list).list
        if y >= area.y, y < area.maxY {
            let row = state.top + y - area.y
            if row < list.count { select(&state, list, row) }
        }
    }

    private static func sameThread(_ state: inout ViewerState, _ list: CrumbList, forward: Bool) {
        guard list.count > 0 else { return }
        let thread = list.store.thread(of: list.crumb(atRow: state.selected))
        var row = state.selected
        while true {
            row += forward ? 1 : -1
            guard row >= 0, row < list.count else { return }
            if list.store.thread(of: list.crumb(atRow: row)) == thread { break }
        }
        select(&state, list, row)
    }

    /// The next (or previous) row matching the search, wrapping around once.
    static func findMatch(_ state: inout ViewerState, _ list: CrumbList, forward: Bool) {
        guard let search = state.search, let matches = list.searchResult?.matches else {
            state.message = StatusMessage(text: "no search yet: press / to search", isError: true)
            return
        }
        guard list.count > 0 else { return }
        // The rows after the selected one, then from the other end up to it (the selected row
        // last: it is found again only when it is the one match shown).
        let current = state.selected
        let found = forward
            ? list.firstRow(showingOneOf: matches, from: current + 1, to: list.count)
                ?? list.firstRow(showingOneOf: matches, from: 0, to: current + 1)
            : list.lastRow(showingOneOf: matches, from: 0, to: current)
                ?? list.lastRow(showingOneOf: matches, from: current, to: list.count)
        guard let row = found else {
            state.message = StatusMessage(text: "not found: \(search)", isError: true)
            return
        }
        let wrapped = forward ? row < current : row > current
        select(&state, list, row)
        state.message = wrapped ? StatusMessage(text: "search wrapped around: \(search)") : nil
    }
}
