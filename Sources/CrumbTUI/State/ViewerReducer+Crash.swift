import CrumbEngine

/// The crash pane and the selection it moves: `x` opens it on the crash, `]` `[` go to the
/// next and previous crash, J K scroll it. The frames' source lines are read by the session (an
/// effect) and come back as `.sourceRead`.
extension ViewerReducer {
    static func reduceCrash(_ state: inout ViewerState, _ action: Action, _ list: CrumbList) -> [Effect]? {
        let crashes = list.store.crashes
        switch action {
        case .toggleCrash:
            guard !crashes.isEmpty else {
                state.message = StatusMessage(text: "no crash in this input: the crumbs end without one", isError: true)
                return []
            }
            state.crashPaneOpen.toggle()
            guard state.crashPaneOpen else {
                keepSelectionVisible(&state, list)
                return []
            }
            state.detailOpen = false
            state.crashIndex = min(state.crashIndex, crashes.count - 1)
            return show(&state, crash: state.crashIndex, list)
        case .nextCrash(let forward):
            guard !crashes.isEmpty else { return [] }
            let count = crashes.count
            state.crashIndex = ((state.crashIndex + (forward ? 1 : -1)) % count + count) % count
            if !state.crashPaneOpen {
                state.crashPaneOpen = true
                state.detailOpen = false
            }
            return show(&state, crash: state.crashIndex, list)
        case .scrollDetail(let rows) where state.crashPaneOpen:
            state.crashScroll = max(state.crashScroll + rows, 0)
            return []
        default:
            return nil
        }
    }

    /// Shows crash `index`: its crumb selected, the pane at its top, its frames' sources asked for.
    static func show(_ state: inout ViewerState, crash index: Int, _ list: CrumbList) -> [Effect] {
        let crash = list.store.crashes[index]
        state.crashScroll = 0
        selectCrumb(&state, of: crash, list)
        let count = list.store.crashes.count
        state.message = StatusMessage(text: "crash \(index + 1) of \(count): \(crash.reason)" + (count > 1 ? "  (] [ other crashes)" : ""))
        return sourceRequests(crash, state)
    }

    /// Selects the crumb the crash is shown at, or the nearest row after it when the filter
    /// hides it.
    static func selectCrumb(_ state: inout ViewerState, of crash: CrashReport, _ list: CrumbList) {
        guard let anchor = crash.anchor, list.count > 0 else { return }
        select(&state, list, min(list.row(atOrAfter: anchor), list.count - 1))
    }

    /// The source lines of the crash's user frames not yet asked for, file by file.
    static func sourceRequests(_ crash: CrashReport, _ state: ViewerState) -> [Effect] {
        var wanted: [String: [Int]] = [:]
        for thread in crash.threads {
            for frame in thread.frames.filter(\.isUserCode).prefix(CrashPaneModel.sourcedFrames) {
                guard let file = frame.file, let line = frame.line, state.sources[file] == nil else { continue }
                wanted[file, default: []] += SourceLines.around(line)
            }
        }
        return wanted.keys.sorted().map { .readSource(file: $0, lines: Array(Set(wanted[$0]!)).sorted()) }
    }

    /// On the first load that shows a crash, the selection goes to it (the newest crash).
    static func openOnCrash(_ state: inout ViewerState, _ list: CrumbList) {
        guard !state.openedOnCrash, let newest = list.store.crashes.indices.last else { return }
        state.openedOnCrash = true
        state.crashIndex = newest
        selectCrumb(&state, of: list.store.crashes[newest], list)
    }
}
