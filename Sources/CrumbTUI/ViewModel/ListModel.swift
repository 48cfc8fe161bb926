import CrumbEngine

/// The crumb list's visible rows, top to bottom, each as the texts its columns show.
///
/// More columns (such as a crumb's service, when more than one service is loaded) are more
/// fields of `ListRow`, with their width here.
struct ListModel: Equatable {
    var rows: [ListRow] = []
    /// The widest thread and event names, in cells: the view sizes its columns from them.
    var threadWidth = 6
    var eventWidth = 5
    /// What the list says when it shows no crumb (nil when it shows some).
    var placeholder: String?
    /// The input shows a crash: the rows start with a mark column.
    var marksCrashes = false
    /// The widest service name when more than one service is loaded; 0: no service column.
    var serviceWidth = 0
}

/// One crumb as a row of the list: `time  [service]  thread  event  {context} fields`.
struct ListRow: Equatable {
    /// In the state's time mode, already right-aligned for the time column.
    var time = ""
    var thread = "-"
    var threadColor = CellColor.normal
    var event = "(no event)"
    /// `{key=value key=value}` (nil: the crumb has no context).
    var context: String?
    /// `key=value key="two words"`.
    var fields = ""
    var isSelected = false
    /// The search text, when this crumb matches it (the view marks it in the row).
    var highlight: String?
    /// The crumb's service, when the list has a service column ("-": it has none).
    var service: String?
    var crashMark = CrashMark.none

    /// How a row stands to a crash: the crumb the crash is shown at, a crumb of the thread
    /// that crashed (in the same input), or neither.
    enum CrashMark: Equatable { case none, crash, crashedThread }
}

extension ListModel {
    /// Names measured for the column widths: enough to size them, few enough for every frame.
    static let threadsMeasured = 200
    static let eventsMeasured = 500
    /// The bytes of a value a row holds at most (a row is one line); a longer one ends in `…`.
    static let valueLimit = 1 << 10
    /// The bytes of a name measured for its column: more than a screen is wide.
    static let nameMeasured = 1 << 10

    /// The `rows` rows from the state's top row; only those crumbs are decoded.
    init(_ state: ViewerState, _ list: CrumbList, rows height: Int, characterWidth: CharacterWidth) {
        guard list.count > 0 else {
            placeholder = list.total > 0 ? "no crumb matches the filter (f to change it)"
                : state.loading != nil ? "loading…" : state.follow ? "no crumbs yet: waiting for the file to grow" : "no crumbs"
            return
        }
        let store = list.store
        for id in store.threadNames.ids.prefix(Self.threadsMeasured) {
            threadWidth = max(threadWidth, VisibleText.width(ShownText.name(store.threadNames, id, limit: Self.nameMeasured), characterWidth))
        }
        for id in store.eventNames.ids.prefix(Self.eventsMeasured) {
            eventWidth = max(eventWidth, VisibleText.width(ShownText.name(store.eventNames, id, limit: Self.nameMeasured), characterWidth))
        }
        // Services tell crumbs of several programs apart; with one (or none) they say nothing.
        let showsService = store.serviceNames.count > 1
        if showsService {
            for id in store.serviceNames.ids.prefix(Self.threadsMeasured) {
                serviceWidth = max(serviceWidth, VisibleText.width(store.serviceNames.string(id), characterWidth))
            }
        }
        let times = TimeColumn(state.timeMode, list)
        let crashes = CrashRows(store)
        marksCrashes = !store.crashes.isEmpty
        for row in stride(from: state.top, to: min(state.top + height, list.count), by: 1) {
            let number = list.crumb(atRow: row)
            let crumb = list.shown.crumb(number, of: store, valueLimit: Self.valueLimit)
            var line = ListRow(time: times.text(row: row), isSelected: row == state.selected)
            if let thread = crumb.thread {
                line.thread = ShownText.row(thread, limit: Self.valueLimit)
                line.threadColor = ThreadColor.of(thread)
            }
            if showsService { line.service = store.service(of: number).map { store.serviceNames.string($0) } ?? "-" }
            if let event = crumb.event { line.event = ShownText.row(event, limit: Self.valueLimit) }
            if !crumb.context.isEmpty {
                line.context = "{" + crumb.context.map { Self.shown($0, quoting: false) }.joined(separator: " ") + "}"
            }
            line.fields = crumb.fields.map { Self.shown($0, quoting: true) }.joined(separator: " ")
            if let search = state.search, list.isSearchMatch(number) { line.highlight = search }
            if marksCrashes { line.crashMark = crashes.mark(number, thread: crumb.thread) }
            rows.append(line)
        }
    }

    /// `key=value` in a row, each cut at `valueLimit` bytes (`…` marks a cut).
    static func shown(_ entry: CrumbEntry, quoting: Bool) -> String {
        let value = quoting ? shown(entry.value) : entry.value.text
        return ShownText.row(entry.key, limit: valueLimit) + "=" + value + (entry.omitted > 0 ? "…" : "")
    }

    /// A field's value in a row: strings that are empty or hold spaces are quoted, so the
    /// next `key=` still stands out.
    static func shown(_ value: DecodedValue) -> String {
        guard case .string(let text) = value, text.isEmpty || text.contains(" ") else { return value.text }
        return "\"" + text + "\""
    }
}

/// Which crumbs a crash is shown at, and which threads crashed in which input.
private struct CrashRows {
    let store: CrumbStore
    let anchors: Set<Int>
    let threads: Set<String>

    init(_ store: CrumbStore) {
        self.store = store
        anchors = Set(store.crashes.compactMap(\.anchor))
        threads = Set(store.crashes.compactMap { crash in crash.thread.map { "\(crash.source ?? -1) \($0)" } })
    }

    func mark(_ crumb: Int, thread: String?) -> ListRow.CrashMark {
        if anchors.contains(crumb) { return .crash }
        guard let thread, !threads.isEmpty else { return .none }
        return threads.contains("\(store.sourceIndex(of: crumb)) \(thread)") ? .crashedThread : .none
    }
}

/// The time column in a time mode: the row's time of day, or seconds since the first crumb
/// shown or since the row above.
private struct TimeColumn {
    let mode: TimeMode
    let list: CrumbList
    /// The first time among the first rows (relative mode), found once per frame.
    let origin: Int64?

    /// Rows looked at for the first time: a list whose first thousand crumbs have none shows
    /// no relative times.
    static let originSearch = 1000

    init(_ mode: TimeMode, _ list: CrumbList) {
        self.mode = mode
        self.list = list
        let store = list.store
        origin = mode != .relative ? nil
            : (0..<min(list.count, Self.originSearch)).lazy.compactMap { store.time(of: list.crumb(atRow: $0)) }.first
    }

    func text(row: Int) -> String {
        let store = list.store
        guard let time = store.time(of: list.crumb(atRow: row)) else { return "" }
        switch mode {
        case .absolute:
            return TimeText.clock(time)
        case .relative:
            guard let origin else { return "" }
            return TimeText.seconds(time - origin)
        case .delta:
            guard row > 0 else { return TimeText.seconds(0) }
            guard let previous = store.time(of: list.crumb(atRow: row - 1)) else { return "" }
            return TimeText.seconds(time - previous)
        }
    }
}
