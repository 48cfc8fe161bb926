/// What the user (or the app around the viewer) asks for. The reducer turns each into the next
/// state; the input layer makes them from keys and the mouse.
enum Action: Equatable {
    // Moving in the list.
    case move(Int)
    case pageUp, pageDown
    case first, last
    /// Mouse wheel: scroll the list by rows.
    case scroll(Int)
    /// Mouse click at a screen cell.
    case click(x: Int, y: Int)
    case resize(width: Int, height: Int)

    case toggleDetail
    case scrollDetail(Int)
    case toggleTimeline
    /// In the timeline: the previous / next crumb of the selected crumb's thread.
    case sameThread(forward: Bool)
    case cycleTimeMode
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

    case searchNext, searchPrevious

    // Facets.
    case openFacets(FacetKind)
    /// Add the selected facet's term to the filter, or remove it when it is there.
    case facetInclude
    /// Add the selected facet's term negated (`-term`), or remove that.
    case facetExclude

    // From the app.
    /// Crumbs were appended to the store (a live file grew).
    case crumbsAppended
    /// The store was replaced by the fully loaded one.
    case storeReplaced
    case loading(String?)
    case message(String, isError: Bool)
}

/// What the reducer asks the app to do outside the state.
enum Effect: Equatable {
    /// Write the shown crumbs to this file.
    case write(path: String)
    /// Start or stop reading a live file.
    case follow(Bool)
}
