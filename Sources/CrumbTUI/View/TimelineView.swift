/// The timeline: a rule with the time span, then a lane per thread, its name in its colour and
/// a dot where it has crumbs; the selected crumb's lane bright and its crumb a diamond. ←/→
/// move the selection along its lane.
enum TimelineView {
    static func draw(_ grid: inout CellGrid, _ model: TimelineModel, in area: Rect) {
        guard area.height > 0 else { return }
        let rule = CellStyle(color: .blue, bold: true)
        if let reason = model.unavailable {
            grid.rule(in: area, title: " \(reason) ", style: rule)
            return
        }
        grid.rule(in: area, title: " timeline \(model.start) – \(model.end) · \(model.threads) threads · ←/→ along the thread ",
                  style: rule)
        let marksX = area.x + TimelineModel.labelWidth + 1
        for (index, lane) in model.lanes.prefix(area.height - 1).enumerated() {
            let y = area.y + 1 + index
            var labelStyle = CellStyle(color: lane.color)
            labelStyle.bold = lane.isSelected
            grid.write(lane.name, x: area.x, y: y, cells: TimelineModel.labelWidth, limit: area.maxX, style: labelStyle)
            var markStyle = CellStyle(color: lane.color)
            markStyle.dim = !lane.isSelected
            for (x, marked) in lane.marks.enumerated() where marked {
                grid.write("•", x: marksX + x, y: y, limit: area.maxX, style: markStyle)
            }
            if let column = lane.selectedColumn {
                grid.write("◆", x: marksX + column, y: y, limit: area.maxX, style: CellStyle(color: .yellow, bold: true, reverse: true))
            }
            // The crash over any other mark; selected, it is shown reversed.
            for column in lane.crashColumns {
                let selected = column == lane.selectedColumn
                grid.write("✖", x: marksX + column, y: y, limit: area.maxX, style: CellStyle(color: .red, bold: true, reverse: selected))
            }
        }
    }
}
