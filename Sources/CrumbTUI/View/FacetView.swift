/// A facet panel over the right of the list: values with their counts under the current
/// filter, `+` / `-` for the ones the filter includes or excludes.
enum FacetView {
    /// Draws the panel over the right of `area` (the list's).
    static func draw(_ grid: inout CellGrid, _ panel: FacetPanel, in area: Rect) {
        let top = area.y, height = area.height
        guard height >= 3 else { return }
        let width = min(max(area.width / 2, 38), area.width)
        let x = area.maxX - width
        grid.box(x: x, y: top, width: width, height: height, title: "\(panel.kind.title) (\(panel.items.filter { $0.depth == 0 }.count))")
        grid.write(" Enter include · - exclude · Esc ", x: x + 2, y: top + height - 1, limit: x + width - 1, style: CellStyle(dim: true))
        let countWidth = max(panel.items.map { $0.count.grouped.count }.max() ?? 1, 3)
        if panel.items.isEmpty {
            grid.write("nothing here under this filter", x: x + 2, y: top + 1, style: CellStyle(dim: true))
        }
        for row in 0..<height - 2 {
            let index = panel.top + row
            guard index < panel.items.count else { break }
            let item = panel.items[index]
            let y = top + 1 + row
            var style = CellStyle.plain
            if index == panel.selected { style.reverse = true }
            if item.term == nil { style.dim = true }
            grid.fill(y: y, from: x + 1, to: x + width - 1, style: style)
            let mark: String
            switch item.mark {
            case .none: mark = " "
            case .included: mark = "+"
            case .excluded: mark = "-"
            }
            var markStyle = style
            markStyle.bold = true
            markStyle.color = item.mark == .excluded ? .red : .green
            var column = grid.write(mark, x: x + 1, y: y, style: markStyle) + 1
            let count = item.count.grouped
            column = grid.write(String(repeating: " ", count: countWidth - count.count) + count, x: column, y: y, style: style) + 2
            var labelStyle = style
            if panel.kind == .threads { labelStyle.color = ThreadColor.of(item.label) }
            if item.depth == 0, panel.kind == .context { labelStyle.bold = true }
            grid.write(String(repeating: " ", count: item.depth * 2) + item.label, x: column, y: y, limit: x + width - 1, style: labelStyle)
        }
    }
}
