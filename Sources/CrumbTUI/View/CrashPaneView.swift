/// The crash pane: a red rule with the crash's place among the crashes, then its lines,
/// scrolled with J/K.
enum CrashPaneView {
    static func draw(_ grid: inout CellGrid, _ model: CrashPaneModel, in area: Rect) {
        guard area.height > 0 else { return }
        let rule = CellStyle(color: .red, bold: true)
        grid.fill(y: area.y, from: area.x, to: area.maxX, style: rule)
        for column in area.x..<area.maxX { grid.write("─", x: column, y: area.y, style: rule) }
        grid.write(model.title, x: area.x + 2, y: area.y, limit: area.maxX, style: rule)
        let rows = area.height - 1
        let scroll = min(model.scroll, max(model.lines.count - rows, 0))
        for (offset, line) in model.lines.dropFirst(scroll).prefix(rows).enumerated() {
            var x = area.x
            let y = area.y + 1 + offset
            for piece in line.pieces { x = grid.write(piece.text, x: x, y: y, limit: area.maxX, style: style(piece.role)) }
        }
        if model.lines.count - scroll > rows {
            grid.write(" more (J) ", x: area.maxX - 11, y: area.maxY - 1, limit: area.maxX, style: CellStyle(reverse: true))
        }
    }

    static func style(_ role: CrashPaneLine.Role) -> CellStyle {
        switch role {
        case .reason: CellStyle(color: .red, bold: true)
        case .facts: CellStyle(bold: true)
        case .heading: CellStyle(color: .yellow, bold: true)
        case .frame: .plain
        case .systemFrame, .sourceNumber, .note: CellStyle(dim: true)
        case .location: CellStyle(color: .cyan)
        case .source: .plain
        case .currentSource: CellStyle(color: .yellow, bold: true)
        }
    }
}
