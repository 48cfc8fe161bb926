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
            state.prompt = nil
            keepSelectionVisible(&state, list)
            return []
        case .submit:
            return submit(&state, prompt, list)
        case .countPreview:
            if prompt.previewPending { preview(&prompt, list) }
            state.prompt = prompt
            return []
        default:
            return []
        }
        let changed = String(characters) != prompt.text
        prompt.text = String(characters)
        if prompt.kind == .filter, changed || prompt.previewCount == nil {
            preview(&prompt, list, now: list.total <= immediatePreviewLimit)
        }
        state.prompt = prompt
        return []
    }

    /// Inputs up to this many crumbs get their preview count on every key; bigger ones once
    /// typing pauses.
    static let immediatePreviewLimit = 200_000

    /// Where the expression is wrong, at once, and the count it would show: now, or (`now`
    /// false) marked pending for when typing pauses.
    static func preview(_ prompt: inout Prompt, _ list: CrumbList, now: Bool = true) {
        do {
            let filter = try CrumbFilter(prompt.text)
            prompt.error = nil
            prompt.previewCount = now ? list.count(of: filter) : nil
            prompt.previewPending = !now
        } catch {
            prompt.error = (error.message, error.column)
            prompt.previewCount = nil
            prompt.previewPending = false
        }
    }

    private static func submit(_ state: inout ViewerState, _ prompt: Prompt, _ list: CrumbList) -> [Effect] {
        switch prompt.kind {
        case .filter:
            do {
                try applyFilter(&state, prompt.text, list)
                state.prompt = nil
            } catch {
                var prompt = prompt
                prompt.error = (error.message, error.column)
                state.prompt = prompt
            }
            return []
        case .search:
            state.prompt = nil
            keepSelectionVisible(&state, list)
            guard !prompt.text.isEmpty else { return [] }
            state.search = prompt.text
            list.setSearch(prompt.text)
            findMatch(&state, list, forward: true)
            return []
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

    /// Shows the crumbs `text` selects, keeping the selected crumb (or the next shown one)
    /// selected, and remembers `text` in the history.
    static func applyFilter(_ state: inout ViewerState, _ text: String, _ list: CrumbList) throws(FilterSyntaxError) {
        let filter = try CrumbFilter(text)
        let selectedCrumb = list.count > 0 ? list.crumb(atRow: state.selected) : 0
        list.setFilter(filter)
        state.filterText = text
        if !text.isEmpty, state.filterHistory.last != text { state.filterHistory.append(text) }
        state.shownCount = list.count
        state.newCrumbs = 0
        state.selected = list.row(atOrAfter: selectedCrumb)
        clampSelection(&state, list)
        if let kind = state.facets?.kind { refreshFacets(&state, list, kind: kind) }
    }
}
