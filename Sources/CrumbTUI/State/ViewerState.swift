/// Everything the screen shows besides the crumbs themselves: where the user is, what is open,
/// what was typed. A value: the reducer makes the next one from it and an action.
struct ViewerState {
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

    /// The line being edited at the bottom (filter, search or file name), if any.
    var prompt: Prompt?
    var facets: FacetPanel?

    /// The filter being applied, as typed.
    var filterText = ""
    /// Applied filters, oldest first.
    var filterHistory: [String] = []
    /// The last search text.
    var search: String?

    /// A message for the status line.
    var message: StatusMessage?
    /// Loading progress for the status line (nil: everything is loaded).
    var loading: String?

    var quit = false

    var isTooSmall: Bool { width < 40 || height < 10 }
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

/// A line being edited at the bottom of the screen.
struct Prompt: Equatable {
    enum Kind: Equatable {
        case filter, search, write
    }

    var kind: Kind
    var text: String
    /// Cursor position, in characters.
    var cursor: Int
    /// Position in the filter history while browsing it with Up/Down (nil: editing).
    var historyPosition: Int?
    /// The filter preview: how many crumbs the expression would show.
    var previewCount: Int?
    /// What is wrong with the expression, and its 1-based column.
    var error: (message: String, column: Int)?

    init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
        cursor = text.count
    }

    static func == (a: Prompt, b: Prompt) -> Bool {
        a.kind == b.kind && a.text == b.text && a.cursor == b.cursor && a.previewCount == b.previewCount
            && a.error?.message == b.error?.message && a.error?.column == b.error?.column
    }

    var label: String {
        switch kind {
        case .filter: return "filter: "
        case .search: return "/"
        case .write: return "write shown crumbs to (.json or .jsonl): "
        }
    }
}
