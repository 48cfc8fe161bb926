/// The facet panels (t, e, c): moving in them and picking a value to include or exclude.
extension ViewerReducer {
    /// Handles `action` when it is about the open panel; nil lets the list have it.
    static func reduceFacets(_ state: inout ViewerState, _ action: Action, _ list: CrumbList) -> [Effect]? {
        guard var panel = state.facets else { return nil }
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
            guard row >= 0, row < panel.items.count else { return [] }
            panel.selected = row
        case .facetInclude, .facetExclude, .toggleDetail:
            guard panel.items.indices.contains(panel.selected), let term = panel.items[panel.selected].term else {
                state.message = StatusMessage(text: "pick a value line to filter on", isError: true)
                return []
            }
            // Picks add up: on top of a filter still being applied, not the one shown.
            let text = FilterTerms.toggle(term, negated: action == .facetExclude, in: state.filtering?.text ?? state.filterText)
            do {
                // The counts are refreshed, with the cursor on the value just picked, once the
                // filter is shown.
                let effects = try applyFilter(&state, text, list)
                state.message = StatusMessage(text: text.isEmpty ? "filter cleared" : "filter: " + text)
                return effects
            } catch {
                state.message = StatusMessage(text: "cannot filter on this value: \(error.message)", isError: true)
                return []
            }
        case .openFacets(let kind) where kind != panel.kind:
            refreshFacets(&state, list, kind: kind)
            return []
        case .openFacets, .escape, .quit:
            state.facets = nil
            return []
        default:
            return nil
        }
        panel.selected = max(min(panel.selected, panel.items.count - 1), 0)
        if panel.selected < panel.top { panel.top = panel.selected }
        if panel.selected >= panel.top + rows { panel.top = panel.selected - rows + 1 }
        state.facets = panel
        return []
    }

    /// Opens (or recounts) the `kind` panel under the current filter. A recount keeps the
    /// cursor on the line of `term` when it is still there (the counts may have moved it), else
    /// on the same row.
    static func refreshFacets(_ state: inout ViewerState, _ list: CrumbList, kind: FacetKind, keepingCursorOn term: String? = nil) {
        var panel = FacetPanel.make(kind, list: list, filterText: state.filterText)
        if let old = state.facets, old.kind == kind {
            let rows = max(layout(state, list).list.height - 2, 1)
            panel.selected = term.flatMap { term in panel.items.firstIndex { $0.term == term } }
                ?? min(old.selected, max(panel.items.count - 1, 0))
            panel.top = min(old.top, panel.selected)
            if panel.selected >= panel.top + rows { panel.top = panel.selected - rows + 1 }
        }
        state.facets = panel
    }
}
