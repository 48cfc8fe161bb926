/// The detail pane: a rule with the crumb's place in the list and where it came from, then its
/// entries, long values wrapped under themselves, scrolled with J/K.
enum DetailView {
    static func draw(_ grid: inout CellGrid, _ model: DetailModel, in area: Rect) {
        guard area.height > 0 else { return }
        let rule = CellStyle(color: .blue, bold: true)
        guard let crumb = model.crumb else {
            grid.rule(in: area, title: " detail: no crumb selected ", style: rule)
            return
        }
        grid.rule(in: area, title: " crumb \(crumb.position.grouped) of \(crumb.count.grouped) · \(crumb.source) · J/K scroll · Enter closes ",
                  style: rule)
        grid.paneLines(self.lines(crumb.entries, width: area.width, grid: grid), scroll: model.scroll, in: area) { grid, line, x, y in
            var x = x
            for (text, style) in line { x = grid.write(text, x: x, y: y, limit: area.maxX, style: style) }
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
