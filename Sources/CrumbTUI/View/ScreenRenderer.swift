/// Draws a whole frame into a cell grid. Pure: the same model gives the same grid; nothing
/// here talks to the terminal, and the views see only their part of the model and the `Rect`
/// they draw into.
enum ScreenRenderer {
    static func render(_ model: ScreenModel, characterWidth: @escaping CharacterWidth) -> CellGrid {
        var grid = CellGrid(width: model.width, height: model.height, characterWidth: characterWidth)
        if model.isTooSmall {
            tooSmall(&grid)
            return grid
        }
        let layout = model.layout
        TopBar.draw(&grid, model.topBar, in: layout.topBar)
        ListView.draw(&grid, model.list, in: layout.list)
        if let detail = model.detail { DetailView.draw(&grid, detail, in: layout.detail) }
        if let crash = model.crash { CrashPaneView.draw(&grid, crash, in: layout.detail) }
        if let timeline = model.timeline { TimelineView.draw(&grid, timeline, in: layout.timeline) }
        switch model.bottom {
        case .prompt(let prompt): PromptLine.draw(&grid, prompt, in: layout.prompt)
        case .status(let status): StatusLine.draw(&grid, status, in: layout.status)
        }
        if let panel = model.facets { FacetView.draw(&grid, panel, in: layout.list) }
        if model.helpOpen { HelpOverlay.draw(&grid, in: layout.screen) }
        return grid
    }

    static func tooSmall(_ grid: inout CellGrid) {
        let lines = ["terminal too small", "\(grid.width)x\(grid.height), need \(ScreenLayout.minimumWidth)x\(ScreenLayout.minimumHeight)", "q quits"]
        for (index, line) in lines.enumerated() {
            let y = grid.height / 2 - 1 + index
            grid.write(line, x: max((grid.width - line.count) / 2, 0), y: y, style: CellStyle(bold: index == 0))
        }
    }
}

extension Int {
    /// `1234567` as `1,234,567`.
    var grouped: String {
        let digits = String(Swift.abs(self))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return self < 0 ? "-" + out : out
    }
}

extension CellGrid {
    /// The first row of a pane: a rule across `area` in `style`, with `title` on it.
    mutating func rule(in area: Rect, title: String, style: CellStyle) {
        fill(y: area.y, from: area.x, to: area.maxX, style: style)
        for column in area.x..<area.maxX { write("─", x: column, y: area.y, style: style) }
        if !title.isEmpty { write(title, x: area.x + 2, y: area.y, limit: area.maxX, style: style) }
    }

    /// Below a pane's rule, `lines` from `scroll` on (the last page at most), each drawn by
    /// `draw(line, x, y)`, and a `more (J)` mark when lines are left below.
    mutating func paneLines<Line>(_ lines: [Line], scroll: Int, in area: Rect,
                                  draw: (inout CellGrid, Line, Int, Int) -> Void) {
        let rows = area.height - 1
        let first = min(scroll, max(lines.count - rows, 0))
        for (offset, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            draw(&self, line, area.x, area.y + 1 + offset)
        }
        if lines.count - first > rows {
            write(" more (J) ", x: area.maxX - 11, y: area.maxY - 1, limit: area.maxX, style: CellStyle(reverse: true))
        }
    }

    /// A box with a title over `x..<x+boxWidth`, `y..<y+boxHeight`, its inside cleared.
    mutating func box(x: Int, y: Int, width boxWidth: Int, height boxHeight: Int, title: String, style: CellStyle = .plain) {
        guard boxWidth >= 2, boxHeight >= 2 else { return }
        for row in y..<min(y + boxHeight, height) {
            fill(y: row, from: x, to: x + boxWidth, style: style)
            let edge = row == y || row == y + boxHeight - 1
            write(edge ? (row == y ? "┌" : "└") : "│", x: x, y: row, style: style)
            if edge { for column in x + 1..<min(x + boxWidth - 1, width) { write("─", x: column, y: row, style: style) } }
            write(edge ? (row == y ? "┐" : "┘") : "│", x: x + boxWidth - 1, y: row, style: style)
        }
        write(" " + title + " ", x: x + 2, y: y, limit: x + boxWidth - 2, style: CellStyle(bold: true))
    }
}
