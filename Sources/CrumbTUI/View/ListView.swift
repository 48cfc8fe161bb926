/// The crumb list: one row per crumb, `time  [service]  thread  event  {context} fields`, the
/// thread in its colour, the selected row highlighted, search matches marked; when the input shows
/// a crash, a first column marks its crumb (✖) and the rows of the thread that crashed (▌).
enum ListView {
    static func draw(_ grid: inout CellGrid, _ model: ListModel, in area: Rect) {
        guard area.height > 0 else { return }
        if let placeholder = model.placeholder {
            grid.write(placeholder, x: area.x + 2, y: area.y + area.height / 2, limit: area.maxX, style: CellStyle(dim: true))
            return
        }
        // Names wider than their share of the row are cut, so the fields keep some room.
        let threadWidth = min(model.threadWidth, max(area.width / 6, 8))
        let eventWidth = min(model.eventWidth, max(area.width / 4, 10))
        let serviceWidth = min(model.serviceWidth, max(area.width / 8, 8))
        for (offset, row) in model.rows.prefix(area.height).enumerated() {
            drawRow(&grid, row, y: area.y + offset, in: area, threadWidth: threadWidth, eventWidth: eventWidth,
                    serviceWidth: serviceWidth, marksCrashes: model.marksCrashes)
        }
    }

    static func drawRow(_ grid: inout CellGrid, _ row: ListRow, y: Int, in area: Rect, threadWidth: Int, eventWidth: Int,
                        serviceWidth: Int = 0, marksCrashes: Bool = false) {
        var base = CellStyle.plain
        if row.isSelected { base.reverse = true }
        grid.fill(y: y, from: area.x, to: area.maxX, style: base)
        var x = area.x
        if marksCrashes {
            // A mark column: the crash's crumb, and the rows of the thread that crashed.
            var markStyle = base
            markStyle.color = .red
            markStyle.bold = true
            switch row.crashMark {
            case .crash: grid.write("✖", x: x, y: y, limit: area.maxX, style: markStyle)
            case .crashedThread: grid.write("▌", x: x, y: y, limit: area.maxX, style: markStyle)
            case .none: break
            }
            x += 2
        }
        var timeStyle = base
        timeStyle.dim = !row.isSelected
        x = grid.write(row.time, x: x, y: y, cells: TimeText.width, limit: area.maxX, style: timeStyle) + 1
        if let service = row.service {
            x = grid.write(service, x: x, y: y, cells: serviceWidth, limit: area.maxX, style: base) + 1
        }
        var threadStyle = base
        threadStyle.color = row.threadColor
        x = grid.write(row.thread, x: x, y: y, cells: threadWidth, limit: area.maxX, style: threadStyle) + 1
        var eventStyle = base
        eventStyle.bold = true
        x = grid.write(row.event, x: x, y: y, cells: eventWidth, limit: area.maxX, style: eventStyle) + 1
        if let context = row.context {
            var contextStyle = base
            contextStyle.color = .blue
            x = grid.write(context, x: x, y: y, limit: area.maxX, style: contextStyle) + 1
        }
        if x < area.maxX, !row.fields.isEmpty {
            grid.write(row.fields, x: x, y: y, limit: area.maxX, style: base)
        }
        if let highlight = row.highlight {
            grid.highlight(highlight, y: y, from: area.x, to: area.maxX,
                           style: CellStyle(color: .yellow, bold: true, reverse: !row.isSelected, underline: row.isSelected))
        }
    }
}
