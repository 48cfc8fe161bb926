/// The detail pane: a rule with the crumb's place in the list and where it came from, then its
/// entries, long values wrapped under themselves, scrolled with J/K.
enum DetailView {
    static func draw(_ grid: inout CellGrid, _ model: DetailModel, in area: Rect) {
        guard area.height > 0 else { return }
        let rule = CellStyle(color: .blue, bold: true)
        grid.fill(y: area.y, from: area.x, to: area.maxX, style: rule)
        for column in area.x..<area.maxX { grid.write("─", x: column, y: area.y, style: rule) }
        guard let crumb = model.crumb else {
            grid.write(" detail: no crumb selected ", x: area.x + 2, y: area.y, limit: area.maxX, style: rule)
            return
        }
        let title = " crumb \(crumb.position.grouped) of \(crumb.count.grouped) · \(crumb.source) · J/K scroll · Enter closes "
        grid.write(title, x: area.x + 2, y: area.y, limit: area.maxX, style: rule)
        let lines = self.lines(crumb.entries, width: area.width, grid: grid)
        let rows = area.height - 1
        let scroll = min(model.scroll, max(lines.count - rows, 0))
        for (offset, line) in lines.dropFirst(scroll).prefix(rows).enumerated() {
            var x = area.x
            for (text, style) in line { x = grid.write(text, x: x, y: area.y + 1 + offset, limit: area.maxX, style: style) }
        }
        if lines.count - scroll > rows {
            grid.write(" more (J) ", x: area.maxX - 11, y: area.maxY - 1, limit: area.maxX, style: CellStyle(reverse: true))
        }
    }

    typealias Line = [([VisibleText.Piece], CellStyle)]

    /// The entries as display lines of `width` cells.
    static func lines(_ entries: [DetailEntry], width: Int, grid: CellGrid) -> [Line] {
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
        for entry in entries {
            switch entry.kind {
            case .event: add(entry.key, entry.value, indent: 0, valueStyle: CellStyle(bold: true))
            case .thread(let color): add(entry.key, entry.value, indent: 0, valueStyle: CellStyle(color: color))
            case .heading: lines.append([(VisibleText.pieces(entry.key + ":", grid.characterWidth), keyStyle)])
            case .context: add(entry.key, entry.value, indent: 2, valueStyle: CellStyle(color: .blue))
            case .field: add(entry.key, entry.value, indent: 0)
            }
        }
        return lines
    }
}
