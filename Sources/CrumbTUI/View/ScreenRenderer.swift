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
