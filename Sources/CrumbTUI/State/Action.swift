/// What the user asks for, and what the session learned from the world. The reducer turns each
/// into the next state; the input layer makes the user's from keys and the mouse, the session
/// makes the rest from what the loading thread, the tailer, the terminal and the effects it
/// performed report (as Bubble Tea turns I/O results into messages).
enum Action: Equatable {
    // Moving in the list.
    case move(Int)
    case pageUp, pageDown
    case first, last
    /// Mouse wheel: scroll the list by rows.
    case scroll(Int)
    /// Mouse click at a screen cell.
    case click(x: Int, y: Int)

    case toggleDetail
    case scrollDetail(Int)
    case toggleTimeline
    /// In the timeline: the previous / next crumb of the selected crumb's thread.
    case sameThread(forward: Bool)
    case cycleTimeMode
    /// The crash pane on/off.
    case toggleCrash
    /// The next / previous crash (the pane shows it, the selection goes to its crumb).
    case nextCrash(forward: Bool)
    case toggleHelp
    case toggleFollow
    case escape
    case quit

    // The prompts.
    case openFilter, openSearch, openWrite
    case type(Character)
    case backspace, deleteForward
    case cursorLeft, cursorRight, cursorHome, cursorEnd
    case historyUp, historyDown
    case submit
    case cancel
    /// Typing paused: count the filter preview that waited for it.
    case countPreview
    /// Stop the filter or search running in the background (`Esc` while it runs).
    case cancelWork

    case searchNext, searchPrevious

    // Facets.
    case openFacets(FacetKind)
    /// Add the selected facet's term to the filter, or remove it when it is there.
    case facetInclude
    /// Add the selected facet's term negated (`-term`), or remove that.
    case facetExclude

    // From the world, through the session.
    /// The terminal's new size.
    case resize(width: Int, height: Int)
    /// Crumbs the loader read take the place of the ones shown: the input read at once, a big
    /// file's first part, or the whole of it after the first part.
    case loaded(LoadedCrumbs)
    /// How far the background load got, for the status line.
    case loadProgress(String)
    /// Lines the tailer read from the followed file, and what happened to the file.
    case tailed(TailRead)
    /// `F` started reading this file from where the loaded crumbs end.
    case followStarted(path: String)
    /// `F` cannot follow this input: it is not one live file (JSON Lines) or ring file.
    case followRefused
    /// A line for the status line (the result of writing a file).
    case message(String, isError: Bool)
    /// `w` named a file that exists: ask before writing over it.
    case confirmOverwrite(path: String)
    /// Lines of a source file a crash frame names (nil: the file is not on this machine).
    case sourceRead(file: String, lines: SourceLines?)
    /// How far the background work with this id got: crumbs checked, of how many.
    case workProgress(id: Int, checked: Int, total: Int)
    /// The background work with this id is done.
    case workDone(id: Int, WorkResult)
}
