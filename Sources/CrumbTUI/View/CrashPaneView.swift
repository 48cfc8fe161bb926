/// The crash pane: a red rule with the crash's place among the crashes, then its lines,
/// scrolled with J/K.
enum CrashPaneView {
    static func draw(_ grid: inout CellGrid, _ model: CrashPaneModel, in area: Rect) {
        guard area.height > 0 else { return }
        grid.rule(in: area, title: model.title, style: CellStyle(color: .red, bold: true))
        grid.paneLines(model.lines, scroll: model.scroll, in: area) { grid, line, x, y in
            var x = x
            for piece in line.pieces { x = grid.write(piece.text, x: x, y: y, limit: area.maxX, style: style(piece.role)) }
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
