import CrumbEngine

/// What the session learned from the world: the terminal's size, crumbs loaded, lines the
/// tailer read, and what came of the effects it performed. These arrive whatever is on screen
/// (a prompt, a facet panel or the help stay open).
extension ViewerReducer {
    /// Handles `action` when it comes from the world; nil leaves it to the keys' reducers.
    static func reduceWorld(_ state: inout ViewerState, _ action: Action, _ list: CrumbList) -> [Effect]? {
        switch action {
        case .resize(let width, let height):
            state.width = width
            state.height = height
            keepSelectionVisible(&state, list)
        case .loaded(let crumbs):
            return loaded(&state, crumbs, list, extendsShown: true)
        case .loadProgress(let text):
            state.loading = text
        case .tailed(let read):
            return tailed(&state, read, list)
        case .followStarted(let path):
            state.message = StatusMessage(text: "following \(path): new crumbs appear at the bottom")
        case .followRefused:
            state.follow = false
            state.message = StatusMessage(text: "F follows one live file (JSON Lines) or ring file; this input cannot grow", isError: true)
        case .message(let text, let isError):
            state.message = StatusMessage(text: text, isError: isError)
        case .confirmOverwrite(let path):
            state.prompt = Prompt(kind: .overwrite(path: path), text: "")
            keepSelectionVisible(&state, list)
        case .sourceRead(let file, let lines):
            state.sources[file] = .some(lines)
        default:
            return nil
        }
        return []
    }

    /// Shows `crumbs` in place of the crumbs shown, keeping the selected crumb selected (a
    /// preview's crumb numbers are the first ones of the whole file, so it is still there).
    /// Work running over the crumbs replaced starts again over these.
    /// `extendsShown`: the new crumbs begin with the ones shown, by the same numbers (the whole
    /// file after its first part), not a stream's text read again.
    private static func loaded(_ state: inout ViewerState, _ crumbs: LoadedCrumbs, _ list: CrumbList, extendsShown: Bool) -> [Effect] {
        let selectedCrumb = list.count > 0 ? list.crumb(atRow: state.selected) : nil
        let slow = list.replaceStore(crumbs.store, extendsShown: extendsShown)
        state.shownCount = list.count
        if let selectedCrumb { state.selected = list.row(atOrAfter: selectedCrumb) }
        clampSelection(&state, list)
        openOnCrash(&state, list)
        if let kind = state.facets?.kind { refreshFacets(&state, list, kind: kind) }
        // Work over the crumbs replaced starts again, and an open filter prompt counts again;
        // a slow filter or search in place is made again over the new crumbs, off this thread.
        var effects = restartWork(&state, list)
        if let filter = slow.filter, state.filtering == nil {
            effects += startWork(&state, .filter, text: state.filterText, filter: filter)
        }
        if let search = slow.search, state.searching == nil {
            effects += startWork(&state, .search, text: state.search ?? "", filter: search, findsMatch: false)
        }
        guard !crumbs.isPreview else { return effects }
        state.loading = nil
        if let message = crumbs.statusMessage { state.message = message }
        return effects
    }

    /// Appends the tailer's lines and says what happened to the file. A stream's whole text
    /// read again takes the place of the crumbs shown first (and restarts work over them).
    private static func tailed(_ state: inout ViewerState, _ read: TailRead, _ list: CrumbList) -> [Effect] {
        for event in read.events {
            switch event {
            case .truncated:
                state.message = StatusMessage(text: "\(read.path) was truncated: reading it again from its start")
            case .rotated:
                state.message = StatusMessage(text: "\(read.path) was rotated: following the new file")
            case .deleted:
                state.message = StatusMessage(text: "\(read.path) was deleted: waiting for it to reappear", isError: true)
            case .reappeared:
                state.message = StatusMessage(text: "\(read.path) reappeared: following it")
            case .notRegular(let what):
                state.message = StatusMessage(text: "\(read.path) is \(what), not a regular file: not read; waiting for a file there", isError: true)
            }
        }
        if let ring = read.ring { list.store.noteRingFile(ring) }
        var effects: [Effect] = []
        if let reloaded = read.reloaded {
            let crashesBefore = list.store.crashes.count
            effects = loaded(&state, reloaded, list, extendsShown: false)
            if let note = read.note { state.message = note }
            crashed(&state, list, since: crashesBefore)
        } else if let note = read.note {
            state.message = note
        }
        if !read.data.isEmpty {
            let problemsBefore = list.store.problems.count
            let crashesBefore = list.store.crashes.count
            list.append(read.data, name: read.path, firstLine: read.firstLine, textLog: read.textLog, longLines: read.longLines)
            crashed(&state, list, since: crashesBefore)
            let problems = list.store.problems.count - problemsBefore
            if problems > 0, let last = list.store.problems.last {
                state.message = StatusMessage(text: "skipped \(problems) line\(problems == 1 ? "" : "s"): \(last)", isError: true)
            }
        }
        crumbsAppended(&state, list)
        // A big live file is caught up with in steps: say how far it got. (The tailer runs only
        // once the input is loaded, so this progress never hides the loader's.)
        state.loading = read.hasMore ? "reading \(read.name)… \(read.bytesRead >> 20) MB" : read.progress
        return effects
    }

    /// Says so when the store holds crashes beyond the first `count`.
    private static func crashed(_ state: inout ViewerState, _ list: CrumbList, since count: Int) {
        guard let crash = list.store.crashes.dropFirst(count).last else { return }
        state.message = StatusMessage(text: "the process crashed: \(crash.reason)  (x shows it)", isError: true)
    }

    /// Follow mode sticks to the bottom unless the user scrolled up; then it counts what arrived.
    private static func crumbsAppended(_ state: inout ViewerState, _ list: CrumbList) {
        let previousCount = state.shownCount
        state.shownCount = list.count
        let added = list.count - previousCount
        guard added > 0 else { return }
        if state.follow, state.selected >= previousCount - 1 {
            select(&state, list, list.count - 1)
        } else if state.follow {
            state.newCrumbs += added
        }
        if let kind = state.facets?.kind { refreshFacets(&state, list, kind: kind) }
    }
}
