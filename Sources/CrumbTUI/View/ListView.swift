import CrumbEngine

/// The crumb list: one row per crumb, `time  thread  event  {context} fields`, the thread in
/// its colour, the selected row highlighted, search matches marked.
enum ListView {
    static let timeWidth = 15
    static let threadColors: [CellColor] = [.cyan, .green, .yellow, .magenta, .blue, .red]

    static func draw(_ grid: inout CellGrid, _ state: ViewerState, _ list: CrumbList, top: Int, height: Int) {
        guard height > 0 else { return }
        if list.count == 0 {
            let text = list.total == 0
                ? (state.loading != nil ? "loading…" : state.follow ? "no crumbs yet: waiting for the file to grow" : "no crumbs")
                : "no crumb matches the filter (f to change it)"
            grid.write(text, x: 2, y: top + height / 2, style: CellStyle(dim: true))
            return
        }
        let columns = Columns(list, grid)
        for y in 0..<height {
            let row = state.top + y
            guard row < list.count else { break }
            drawRow(&grid, state, list, row: row, y: top + y, columns: columns)
        }
    }

    struct Columns {
        var thread: Int
        var event: Int

        init(_ list: CrumbList, _ grid: CellGrid) {
            let store = list.store
            var thread = 6, event = 5
            for id in store.threadNames.ids.prefix(200) {
                thread = max(thread, grid.displayWidth(store.threadNames.string(id)))
            }
            for id in store.eventNames.ids.prefix(500) {
                event = max(event, grid.displayWidth(store.eventNames.string(id)))
            }
            self.thread = min(thread, max(grid.width / 6, 8))
            self.event = min(event, max(grid.width / 4, 10))
        }
    }

    static func drawRow(_ grid: inout CellGrid, _ state: ViewerState, _ list: CrumbList, row: Int, y: Int, columns: Columns) {
        let number = list.crumb(atRow: row)
        let crumb = list.store.crumb(at: number)
        let selected = row == state.selected
        var base = CellStyle.plain
        if selected { base.reverse = true }
        grid.fill(y: y, style: base)
        var x = grid.write(timeText(state, list, row: row), x: 0, y: y, cells: timeWidth, style: with(base, dim: !selected))
        x += 1
        var threadStyle = base
        if let thread = crumb.thread { threadStyle.color = threadColor(thread) }
        x = grid.write(crumb.thread ?? "-", x: x, y: y, cells: columns.thread, style: threadStyle) + 1
        var eventStyle = base
        eventStyle.bold = true
        x = grid.write(crumb.event ?? "(no event)", x: x, y: y, cells: columns.event, style: eventStyle) + 1
        if !crumb.context.isEmpty {
            var contextStyle = base
            contextStyle.color = .blue
            let text = "{" + crumb.context.map { $0.key + "=" + $0.value.text }.joined(separator: " ") + "}"
            x = grid.write(text, x: x, y: y, style: contextStyle) + 1
        }
        if x < grid.width, !crumb.fields.isEmpty {
            grid.write(crumb.fields.map { $0.key + "=" + shown($0.value) }.joined(separator: " "), x: x, y: y, style: base)
        }
        if let search = state.search, list.isSearchMatch(number) {
            grid.highlight(search, y: y, from: 0, style: CellStyle(color: .yellow, bold: true, reverse: !selected, underline: selected))
        }
    }

    static func shown(_ value: DecodedValue) -> String {
        guard case .string(let text) = value, text.isEmpty || text.contains(" ") else { return value.text }
        return "\"" + text + "\""
    }

    static func with(_ style: CellStyle, dim: Bool) -> CellStyle {
        var style = style
        style.dim = dim
        return style
    }

    /// A colour per thread name that stays the same across runs and files.
    static func threadColor(_ name: String) -> CellColor {
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return threadColors[Int(hash % UInt32(threadColors.count))]
    }

    /// The time column for `row` in the state's time mode.
    static func timeText(_ state: ViewerState, _ list: CrumbList, row: Int) -> String {
        let store = list.store
        guard let time = store.time(of: list.crumb(atRow: row)) else { return "" }
        switch state.timeMode {
        case .absolute:
            return clock(time)
        case .relative:
            let rows = 0..<min(list.count, 1000)
            guard let first = rows.lazy.compactMap({ store.time(of: list.crumb(atRow: $0)) }).first else { return "" }
            return seconds(time - first)
        case .delta:
            guard row > 0 else { return seconds(0) }
            guard let previous = store.time(of: list.crumb(atRow: row - 1)) else { return "" }
            return seconds(time - previous)
        }
    }

    /// `HH:MM:SS.ffffff`, UTC.
    static func clock(_ micros: Int64) -> String {
        let day: Int64 = 86_400_000_000
        let inDay = ((micros % day) + day) % day
        let seconds = inDay / 1_000_000, fraction = inDay % 1_000_000
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let digits = String(fraction)
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))."
            + String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// `+12.345678` seconds (or `-` for time going backwards), right-aligned.
    static func seconds(_ micros: Int64) -> String {
        let sign = micros < 0 ? "-" : "+"
        let magnitude = Swift.abs(micros)
        let digits = String(magnitude % 1_000_000)
        let text = sign + String(magnitude / 1_000_000) + "." + String(repeating: "0", count: 6 - digits.count) + digits
        return String(repeating: " ", count: max(timeWidth - text.count, 0)) + text
    }
}
