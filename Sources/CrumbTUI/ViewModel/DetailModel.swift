import CrumbEngine

/// The detail pane: the selected crumb's every field and context value, values that are JSON
/// objects or arrays (also inside strings, as StateCrumbs stores them) pretty-printed.
struct DetailModel: Equatable {
    /// The selected crumb (nil: no crumb is shown).
    var crumb: DetailCrumb?
    /// Lines scrolled past (J/K); the view stops at the last page.
    var scroll = 0
}

/// The selected crumb, in the pane's title and its lines.
struct DetailCrumb: Equatable {
    /// Its row, counted from 1, among `count` rows shown.
    var position: Int
    var count: Int
    /// The file it came from.
    var source: String
    var entries: [DetailEntry]
}

/// One `key: value` of the detail pane; a long or multi-line value wraps under itself.
struct DetailEntry: Equatable {
    enum Kind: Equatable {
        /// The event name, in bold.
        case event
        /// The thread, in its colour.
        case thread(CellColor)
        /// `context:`, a heading over the context values (no value of its own).
        case heading
        /// A context value, indented under the heading.
        case context
        /// Any other field, `ts` included.
        case field
    }

    var kind: Kind
    var key: String
    var value = ""
}

extension DetailModel {
    init(_ state: ViewerState, _ list: CrumbList) {
        scroll = state.detailScroll
        guard list.count > 0 else { return }
        let number = list.crumb(atRow: state.selected)
        crumb = DetailCrumb(position: state.selected + 1, count: list.count, source: list.store.location(of: number).source.name,
                            entries: Self.entries(list.shown.crumb(number, of: list.store, valueLimit: Self.valueLimit),
                                                 origin: Self.origin(list.store, number)))
    }

    /// Where the crumb comes from, when its input says (OTLP): service, host, trace id.
    static func origin(_ store: CrumbStore, _ number: Int) -> [DetailEntry] {
        var entries: [DetailEntry] = []
        if let id = store.service(of: number) { entries.append(DetailEntry(kind: .field, key: "service", value: store.serviceNames.string(id))) }
        if let id = store.host(of: number) { entries.append(DetailEntry(kind: .field, key: "host", value: store.hostNames.string(id))) }
        if let id = store.trace(of: number) { entries.append(DetailEntry(kind: .field, key: "trace", value: store.traceIDs.string(id))) }
        return entries
    }

    /// The bytes of a value the pane shows at most; a longer one ends with how many more there are.
    static let valueLimit = 32 << 10

    static func entries(_ crumb: DecodedCrumb, origin: [DetailEntry] = []) -> [DetailEntry] {
        var entries = [DetailEntry(kind: .event, key: "event", value: ShownText.pane(crumb.event ?? "(no event)", limit: valueLimit))]
        if let timestamp = crumb.timestamp { entries.append(DetailEntry(kind: .field, key: "ts", value: ShownText.pane(timestamp, limit: valueLimit))) }
        if let thread = crumb.thread {
            entries.append(DetailEntry(kind: .thread(ThreadColor.of(thread)), key: "thread", value: ShownText.pane(thread, limit: valueLimit)))
        }
        entries += origin
        if !crumb.context.isEmpty {
            entries.append(DetailEntry(kind: .heading, key: "context"))
            for entry in crumb.context {
                entries.append(DetailEntry(kind: .context, key: ShownText.pane(entry.key, limit: valueLimit), value: text(entry)))
            }
        }
        for entry in crumb.fields { entries.append(DetailEntry(kind: .field, key: ShownText.pane(entry.key, limit: valueLimit), value: text(entry))) }
        return entries
    }

    /// A value as shown: pretty JSON when it is an object or array, and when it was cut short,
    /// how many bytes are left out.
    static func text(_ entry: CrumbEntry) -> String {
        let value = entry.value
        guard entry.omitted > 0 else { return JSONText.pretty(value.text) ?? value.text }
        let shown = if case .json = value { JSONText.pretty(value.text, partial: true) ?? value.text } else { value.text }
        return shown + "… \(entry.omitted.grouped) more bytes"
    }
}
