/// Draws a whole frame from the state and the crumb list into a cell grid. Pure: the same
/// state, crumbs and size give the same grid; nothing here talks to the terminal.
enum ScreenRenderer {
    static let minimumWidth = 40
    static let minimumHeight = 10

    static func render(_ state: ViewerState, _ list: CrumbList, characterWidth: @escaping CharacterWidth) -> CellGrid {
        var grid = CellGrid(width: state.width, height: state.height, characterWidth: characterWidth)
        if state.isTooSmall {
            tooSmall(&grid)
            return grid
        }
        let layout = ViewerReducer.layout(state, list)
        TopBar.draw(&grid, state, list)
        ListView.draw(&grid, state, list, top: layout.listTop, height: layout.listHeight)
        if layout.detailHeight > 0 { DetailView.draw(&grid, state, list, top: layout.detailTop, height: layout.detailHeight) }
        if layout.timelineHeight > 0 {
            TimelineView.draw(&grid, state, list, top: layout.timelineTop, height: layout.timelineHeight)
        }
        if let prompt = state.prompt {
            PromptLine.draw(&grid, prompt, list, top: layout.promptTop)
        } else {
            StatusLine.draw(&grid, state, list, row: layout.statusRow)
        }
        if let panel = state.facets { FacetView.draw(&grid, panel, top: layout.listTop, height: layout.listHeight) }
        if state.helpOpen { HelpOverlay.draw(&grid) }
        return grid
    }

    static func tooSmall(_ grid: inout CellGrid) {
        let lines = ["terminal too small", "\(grid.width)x\(grid.height), need 40x10", "q quits"]
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
