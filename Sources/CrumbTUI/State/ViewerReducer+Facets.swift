/// The facet panels (t, e, c): moving in them and picking a value to include or exclude.
extension ViewerReducer {
    /// Handles `action` when it is about the open panel; false lets the list have it.
    static func reduceFacets(_ state: inout ViewerState, _ action: Action, _ list: CrumbList) -> Bool {
        guard var panel = state.facets else { return false }
        let rows = max(layout(state, list).list.height - 2, 1)
        switch action {
        case .move(let step): panel.selected += step
        case .scroll(let step): panel.selected += step
        case .pageDown: panel.selected += rows
        case .pageUp: panel.selected -= rows
        case .first: panel.selected = 0
        case .last: panel.selected = panel.items.count - 1
        case .click(_, let y):
            let row = panel.top + y - layout(state, list).list.y - 1
            guard row >= 0, row < panel.items.count else { return true }
            panel.selected = row
        case .facetInclude, .facetExclude, .toggleDetail:
            guard panel.items.indices.contains(panel.selected), let term = panel.items[panel.selected].term else {
                state.message = StatusMessage(text: "pick a value line to filter on", isError: true)
                return true
            }
            let text = FilterTerms.toggle(term, negated: action == .facetExclude, in: state.filterText)
            do {
                try applyFilter(&state, text, list)
                state.message = StatusMessage(text: text.isEmpty ? "filter cleared" : "filter: " + text)
            } catch {
                state.message = StatusMessage(text: "cannot filter on this value: \(error.message)", isError: true)
            }
            // applyFilter refreshed the counts; keep the cursor where it was.
            if var refreshed = state.facets {
                // The cursor stays on the value just picked, wherever the new counts put it.
                refreshed.selected = refreshed.items.firstIndex { $0.term == term }
                    ?? min(panel.selected, max(refreshed.items.count - 1, 0))
                refreshed.top = min(panel.top, refreshed.selected)
                if refreshed.selected >= refreshed.top + rows { refreshed.top = refreshed.selected - rows + 1 }
                state.facets = refreshed
            }
            return true
        case .openFacets(let kind) where kind != panel.kind:
            refreshFacets(&state, list, kind: kind)
            return true
        case .openFacets, .escape, .quit:
            state.facets = nil
            return true
        default:
            return false
        }
        panel.selected = max(min(panel.selected, panel.items.count - 1), 0)
        if panel.selected < panel.top { panel.top = panel.selected }
        if panel.selected >= panel.top + rows { panel.top = panel.selected - rows + 1 }
        state.facets = panel
        return true
    }

    /// Opens (or recounts) the `kind` panel under the current filter.
    static func refreshFacets(_ state: inout ViewerState, _ list: CrumbList, kind: FacetKind) {
        var panel = FacetPanel.make(kind, list: list, filterText: state.filterText)
        if let old = state.facets, old.kind == kind {
            panel.selected = min(old.selected, max(panel.items.count - 1, 0))
            panel.top = min(old.top, panel.selected)
        }
        state.facets = panel
    }
}
