/// Everything the screen shows besides the crumbs themselves: where the user is, what is open,
/// what was typed. A value, and `ViewerReducer.reduce` is its one writer: keys, loading, the
/// tailer and resizes all reach it as actions.
struct ViewerState: Equatable {
    var width = 80
    var height = 24

    /// The selected row of the list.
    var selected = 0
    /// The row shown at the top of the list.
    var top = 0

    /// New crumbs of a live file are read and shown.
    var follow = false
    /// Shown crumbs that arrived while the user was scrolled up in follow mode.
    var newCrumbs = 0
    /// Rows the list had when the state last looked (to tell how many arrived).
    var shownCount = 0

    var detailOpen = false
    var detailScroll = 0
    var timelineOpen = false
    var timeMode: TimeMode = .absolute
    var helpOpen = false

    /// The crash pane (`x`): which crash (an index into the store's crashes), scrolled how far.
    var crashPaneOpen = false
    var crashIndex = 0
    var crashScroll = 0
    /// The selection went to the crash when the input was loaded (done once, so a later load
    /// of the whole file does not move a selection the user made).
    var openedOnCrash = false
    /// Lines of source files named by crash frames, read on this machine (nil: not here).
    var sources: [String: SourceLines?] = [:]

    /// The line being edited at the bottom (filter, search or file name), if any.
    var prompt: Prompt?
    var facets: FacetPanel?

    /// The filter being applied, as typed.
    var filterText = ""
    /// Applied filters, oldest first.
    var filterHistory: [String] = []
    /// The last search text.
    var search: String?

    /// A filter being applied, or a search being made, off the input thread (nil: none); the
    /// filter prompt's count has its own (`Prompt.counting`).
    var filtering: BackgroundWork?
    var searching: BackgroundWork?
    /// The id the next background work gets.
    var nextWorkID = 1

    /// A message for the status line.
    var message: StatusMessage?
    /// Loading progress for the status line (nil: everything is loaded).
    var loading: String?

    var quit = false

    var isTooSmall: Bool { width < ScreenLayout.minimumWidth || height < ScreenLayout.minimumHeight }
}

extension ViewerState {
    /// The first state: what the command line asked for (the filter, following a live file
    /// from its start), on a screen of this size.
    ///
    /// Only the command line goes in here. What opening the input finds arrives as actions
    /// (`.loaded`, `.loadProgress`, `.message`), the same way whether the input is read before
    /// the first frame or long after, so one path in the reducer handles both.
    init(filterText: String, follow: Bool, width: Int, height: Int) {
        self.init()
        self.filterText = filterText
        if !filterText.isEmpty { filterHistory = [filterText] }
        self.follow = follow
        self.width = width
        self.height = height
    }
}

/// How the time column shows a crumb's time.
enum TimeMode: CaseIterable, Equatable {
    /// Time of day, UTC, to the microsecond.
    case absolute
    /// Seconds since the first crumb shown.
    case relative
    /// Seconds since the row above.
    case delta

    var next: TimeMode {
        switch self {
        case .absolute: return .relative
        case .relative: return .delta
        case .delta: return .absolute
        }
    }

    var title: String {
        switch self {
        case .absolute: return "absolute time (UTC)"
        case .relative: return "time since the first crumb shown"
        case .delta: return "time since the previous row"
        }
    }
}

struct StatusMessage: Equatable {
    var text: String
    var isError = false
}
