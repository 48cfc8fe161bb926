import CrumbEngine

/// The selected crumb in full: every field and context value, long values wrapped, values that
/// are JSON objects or arrays (also inside strings, as StateCrumbs stores them) pretty-printed.
enum DetailView {
    static func draw(_ grid: inout CellGrid, _ state: ViewerState, _ list: CrumbList, top: Int, height: Int) {
        guard height > 0 else { return }
        let rule = CellStyle(color: .blue, bold: true)
        grid.fill(y: top, style: rule)
        for column in 0..<grid.width { grid.write("─", x: column, y: top, style: rule) }
        guard list.count > 0 else {
            grid.write(" detail: no crumb selected ", x: 2, y: top, style: rule)
            return
        }
        let number = list.crumb(atRow: state.selected)
        let source = list.store.location(of: number).source.name
        let title = " crumb \((state.selected + 1).grouped) of \(list.count.grouped) · \(source) · J/K scroll · Enter closes "
        grid.write(title, x: 2, y: top, style: rule)
        let lines = self.lines(list.store.crumb(at: number), width: grid.width, grid: grid)
        let scroll = min(state.detailScroll, max(lines.count - (height - 1), 0))
        for (offset, line) in lines.dropFirst(scroll).prefix(height - 1).enumerated() {
            var x = 0
            for (text, style) in line { x = grid.write(text, x: x, y: top + 1 + offset, style: style) }
        }
        if lines.count - scroll > height - 1 {
            grid.write(" more (J) ", x: grid.width - 11, y: top + height - 1, style: CellStyle(reverse: true))
        }
    }

    typealias Line = [([VisibleText.Piece], CellStyle)]

    /// The crumb as display lines of `width` cells.
    static func lines(_ crumb: DecodedCrumb, width: Int, grid: CellGrid) -> [Line] {
        var lines: [Line] = []
        let keyStyle = CellStyle(bold: true)
        func add(_ key: String, _ value: String, indent: Int, valueStyle: CellStyle = .plain) {
            let label = String(repeating: " ", count: indent) + key + ": "
            let labelPieces = VisibleText.pieces(label, grid.characterWidth)
            let labelWidth = labelPieces.reduce(0) { $0 + $1.width }
            let valueIndent = min(labelWidth, max(width / 3, 2))
            let valueLines = value.split(separator: "\n", omittingEmptySubsequences: false)
            var first = true
            for valueLine in valueLines {
                let pieces = VisibleText.pieces(String(valueLine), grid.characterWidth)
                let available = max(width - (first ? labelWidth : valueIndent), 1)
                for wrapped in VisibleText.wrap(pieces, width: available) {
                    let prefix = first ? labelPieces : VisibleText.pieces(String(repeating: " ", count: valueIndent), grid.characterWidth)
                    lines.append([(prefix, first ? keyStyle : .plain), (wrapped, valueStyle)])
                    first = false
                }
            }
        }
        add("event", crumb.event ?? "(no event)", indent: 0, valueStyle: CellStyle(bold: true))
        if let timestamp = crumb.timestamp { add("ts", timestamp, indent: 0) }
        if let thread = crumb.thread { add("thread", thread, indent: 0, valueStyle: CellStyle(color: ListView.threadColor(thread))) }
        if !crumb.context.isEmpty {
            lines.append([(VisibleText.pieces("context:", grid.characterWidth), keyStyle)])
            for entry in crumb.context { add(entry.key, text(entry.value), indent: 2, valueStyle: CellStyle(color: .blue)) }
        }
        for entry in crumb.fields { add(entry.key, text(entry.value), indent: 0) }
        return lines
    }

    /// A value as shown in full: pretty JSON when it is an object or array.
    static func text(_ value: DecodedValue) -> String {
        JSONText.pretty(value.text) ?? value.text
    }
}
