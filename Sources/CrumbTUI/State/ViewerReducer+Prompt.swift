import CrumbEngine

/// The prompts at the bottom: the filter (with a live count or the error in place, and history),
/// the search, the file name for `w`, and whether to write over a file that exists.
extension ViewerReducer {
    static func reducePrompt(_ state: inout ViewerState, _ action: Action, _ list: CrumbList) -> [Effect] {
        guard var prompt = state.prompt else { return [] }
        if case .overwrite(let path) = prompt.kind { return answerOverwrite(&state, path, action, list) }
        var characters = Array(prompt.text)
        switch action {
        case .type(let character):
            characters.insert(character, at: prompt.cursor)
            prompt.cursor += 1
        case .backspace:
            guard prompt.cursor > 0 else { break }
            characters.remove(at: prompt.cursor - 1)
            prompt.cursor -= 1
        case .deleteForward:
            guard prompt.cursor < characters.count else { break }
            characters.remove(at: prompt.cursor)
        case .cursorLeft: prompt.cursor = max(prompt.cursor - 1, 0)
        case .cursorRight: prompt.cursor = min(prompt.cursor + 1, characters.count)
        case .cursorHome: prompt.cursor = 0
        case .cursorEnd: prompt.cursor = characters.count
        case .historyUp, .historyDown:
            guard prompt.kind == .filter, !state.filterHistory.isEmpty else { return [] }
            let history = state.filterHistory
            var position = prompt.historyPosition ?? history.count
            position += action == .historyUp ? -1 : 1
            position = max(position, 0)
            if position >= history.count {
                prompt.historyPosition = nil
                characters = []
            } else {
                prompt.historyPosition = position
                characters = Array(history[position])
            }
            prompt.cursor = characters.count
        case .cancel, .escape:
            let effects = stopWork(&state, .count)
            state.prompt = nil
            keepSelectionVisible(&state, list)
            return effects
        case .submit:
            return submit(&state, prompt, list)
        case .countPreview:
            guard prompt.previewPending, let filter = try? CrumbFilter(prompt.text) else { return [] }
            state.prompt?.previewPending = false
            return startWork(&state, .count, text: prompt.text, filter: filter)
        default:
            return []
        }
        let changed = String(characters) != prompt.text
        prompt.text = String(characters)
        state.prompt = prompt
        return prompt.kind == .filter && changed ? preview(&state, list) : []
    }

    /// Where the filter prompt's expression is wrong, at once, and the count it would show: at
    /// once when that is quick (`CrumbList.answersAtOnce(_:)`), else marked pending, to be
    /// counted off the input thread once typing pauses (`.countPreview`). A count running for
    /// what was typed before is stopped: typing never queues up work.
    static func preview(_ state: inout ViewerState, _ list: CrumbList) -> [Effect] {
        let effects = stopWork(&state, .count)
        guard var prompt = state.prompt else { return effects }
        do {
            let filter = try CrumbFilter(prompt.text)
            prompt.error = nil
            if filter == list.filter {
                prompt.previewCount = list.count
                prompt.previewPending = false
            } else if list.answersAtOnce(filter) {
                prompt.previewCount = list.count(of: filter)
                prompt.previewPending = false
            } else {
                prompt.previewCount = nil
                prompt.previewPending = true
            }
        } catch {
            prompt.error = (error.message, error.column)
            prompt.previewCount = nil
            prompt.previewPending = false
        }
        state.prompt = prompt
        return effects
    }

    private static func submit(_ state: inout ViewerState, _ prompt: Prompt, _ list: CrumbList) -> [Effect] {
        switch prompt.kind {
        case .filter:
            let effects: [Effect]
            do {
                effects = try applyFilter(&state, prompt.text, list)
            } catch {
                state.prompt?.error = (error.message, error.column)
                return []
            }
            let stopped = stopWork(&state, .count)
            state.prompt = nil
            return stopped + effects
        case .search:
            state.prompt = nil
            keepSelectionVisible(&state, list)
            guard let filter = CrumbList.searchFilter(prompt.text) else { return [] }
            guard list.answersAtOnce(filter) else { return startWork(&state, .search, text: prompt.text, filter: filter) }
            state.search = prompt.text
            list.setSearch(prompt.text)
            findMatch(&state, list, forward: true)
            return stopWork(&state, .search)
        case .write:
            let path = prompt.text
            guard path.hasSuffix(".json") || path.hasSuffix(".jsonl") else {
                var prompt = prompt
                prompt.error = ("the file name must end in .json (a dump array) or .jsonl (one crumb per line)", 1)
                state.prompt = prompt
                return []
            }
            state.prompt = nil
            keepSelectionVisible(&state, list)
            return [.write(path: path, replacing: false)]
        case .overwrite:
            return []
        }
    }

    /// y (or Y) writes over the file; n, Esc, Enter or any other key leaves it as it was.
    private static func answerOverwrite(_ state: inout ViewerState, _ path: String, _ action: Action, _ list: CrumbList) -> [Effect] {
        switch action {
        case .type("y"), .type("Y"):
            state.prompt = nil
            keepSelectionVisible(&state, list)
            return [.write(path: path, replacing: true)]
        case .type, .escape, .cancel, .submit:
            state.prompt = nil
            keepSelectionVisible(&state, list)
            state.message = StatusMessage(text: "not written: \(path) is left as it was")
            return []
        default:
            return []
        }
    }

    /// Shows the crumbs `text` selects: at once when that is quick, else once it is evaluated
    /// off the input thread (superseding a filter being applied there). Nothing changes when
    /// `text` is not a filter.
    static func applyFilter(_ state: inout ViewerState, _ text: String, _ list: CrumbList) throws(FilterSyntaxError) -> [Effect] {
        let filter = try CrumbFilter(text)
        guard list.answersAtOnce(filter) else { return startWork(&state, .filter, text: text, filter: filter) }
        let effects = stopWork(&state, .filter)
        showFilter(&state, text, list) { list.setFilter(filter) }
        return effects
    }

    /// Shows the rows `replace` puts in the list for the filter `text`, keeping the selected
    /// crumb (or the next shown one) selected and the facet cursor on its value, and remembers
    /// `text` in the history.
    static func showFilter(_ state: inout ViewerState, _ text: String, _ list: CrumbList, _ replace: () -> Void) {
        let selectedCrumb = list.count > 0 ? list.crumb(atRow: state.selected) : 0
        replace()
        state.filterText = text
        if !text.isEmpty, state.filterHistory.last != text { state.filterHistory.append(text) }
        state.shownCount = list.count
        state.newCrumbs = 0
        state.selected = list.row(atOrAfter: selectedCrumb)
        clampSelection(&state, list)
        if let panel = state.facets {
            let term = panel.items.indices.contains(panel.selected) ? panel.items[panel.selected].term : nil
            refreshFacets(&state, list, kind: panel.kind, keepingCursorOn: term)
        }
    }
}
