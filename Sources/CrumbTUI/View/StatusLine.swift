/// The top bar (files, counts, filter, follow state), the status line (key hints, messages,
/// "N new", loading progress) and the prompt lines.
enum TopBar {
    static func draw(_ grid: inout CellGrid, _ model: TopBarModel, in area: Rect) {
        guard area.height > 0 else { return }
        let y = area.y
        let style = CellStyle(reverse: true)
        grid.fill(y: y, from: area.x, to: area.maxX, style: style)
        var files = model.files.joined(separator: ", ")
        if grid.displayWidth(files) > area.width / 2 - 11 {
            // Long paths: the file names alone say enough.
            files = model.files.map { String($0.split(separator: "/").last ?? "") }.joined(separator: ", ")
        }
        if files.isEmpty { files = "(no file)" }
        var x = grid.write(" crumbtui ", x: area.x, y: y, limit: area.maxX, style: CellStyle(bold: true, reverse: true))
        x = grid.write(files, x: x + 1, y: y, limit: min(area.x + max(area.width / 2, 20), area.maxX), style: style)
        let counts = model.shown == model.total ? "\(model.total.grouped) crumbs" : "\(model.shown.grouped) of \(model.total.grouped) crumbs"
        x = grid.write("  " + counts, x: x, y: y, limit: area.maxX, style: CellStyle(bold: true, reverse: true))
        if let crash = model.crash {
            let limit = model.follow ? area.maxX - 9 : area.maxX
            let style = CellStyle(color: .red, bold: true, reverse: true)
            // The reason is cut, not the thread and the place, when the bar is too narrow.
            let placeWidth = grid.displayWidth(crash.place)
            let reasonEnd = max(limit - placeWidth, x)
            let head = "  ✖ " + crash.position + crash.reason
            let cut = x + grid.displayWidth(head) > reasonEnd
            x = grid.write(head, x: x, y: y, limit: cut ? reasonEnd - 1 : reasonEnd, style: style)
            if cut { x = grid.write("…", x: x, y: y, limit: reasonEnd, style: style) }
            x = grid.write(crash.place, x: x, y: y, limit: limit, style: style)
        }
        if let ring = model.ring { x = grid.write("  " + ring, x: x, y: y, limit: area.maxX, style: style) }
        if !model.filter.isEmpty { x = grid.write("  filter: " + model.filter, x: x, y: y, limit: area.maxX, style: style) }
        if model.follow {
            let text = " FOLLOW "
            grid.write(text, x: area.maxX - text.count, y: y, limit: area.maxX, style: CellStyle(color: .green, bold: true, reverse: true))
        }
    }
}

enum StatusLine {
    static let hints = "q quit  ? help  / search  f filter  t e c facets  l timeline  x crash  F follow  T time  w write"

    static func draw(_ grid: inout CellGrid, _ model: StatusModel, in area: Rect) {
        guard area.height > 0 else { return }
        let row = area.y
        grid.fill(y: row, from: area.x, to: area.maxX, style: .plain)
        var right: [String] = []
        if let progress = model.progress { right.append(progress) }
        if model.newCrumbs > 0 { right.append("\(model.newCrumbs.grouped) new ↓ (G)") }
        let rightText = right.joined(separator: "  ")
        let rightWidth = grid.displayWidth(rightText)
        let limit = max(area.maxX - rightWidth - 1, area.x)
        if let message = model.message {
            grid.write(message.text, x: area.x, y: row, limit: limit, style: CellStyle(color: message.isError ? .red : .normal, bold: message.isError))
        } else {
            grid.write(hints, x: area.x, y: row, limit: limit, style: CellStyle(dim: true))
        }
        if !rightText.isEmpty {
            grid.write(rightText, x: area.maxX - rightWidth, y: row, limit: area.maxX, style: CellStyle(color: .yellow, bold: true))
        }
    }
}

enum PromptLine {
    /// Draws the prompt's preview/error line and its input line, the two rows of `area`.
    static func draw(_ grid: inout CellGrid, _ model: PromptModel, in area: Rect) {
        guard area.height >= 2 else { return }
        let prompt = model.prompt
        let top = area.y, inputRow = area.y + 1
        grid.fill(y: top, from: area.x, to: area.maxX, style: .plain)
        grid.fill(y: inputRow, from: area.x, to: area.maxX, style: .plain)
        let labelStyle = CellStyle(color: .cyan, bold: true)
        let textStart = grid.write(prompt.label, x: area.x, y: inputRow, limit: area.maxX, style: labelStyle)
        let characters = Array(prompt.text)
        // Keep the cursor on screen for long expressions.
        let room = max(area.maxX - textStart - 1, 1)
        let firstShown = max(prompt.cursor - room + 1, 0)
        var x = textStart
        var cursorX = textStart
        for (index, character) in characters.enumerated() where index >= firstShown {
            if index == prompt.cursor { cursorX = x }
            x = grid.write(String(character), x: x, y: inputRow, limit: area.maxX, style: .plain)
            if x >= area.maxX { break }
        }
        if prompt.cursor >= characters.count { cursorX = x }
        if cursorX < area.maxX {
            var cell = grid[cursorX, inputRow]
            cell.style.reverse = true
            grid[cursorX, inputRow] = cell
        }
        if let error = prompt.error {
            // The caret goes under the column the error names.
            let column = max(error.column - 1 - firstShown, 0)
            let prefix = String(characters.dropFirst(firstShown).prefix(column))
            let caretX = min(textStart + grid.displayWidth(prefix), area.maxX - 1)
            let style = CellStyle(color: .red, bold: true)
            grid.write("^", x: caretX, y: top, limit: area.maxX, style: style)
            let message = "column \(error.column): \(error.message)"
            if caretX + 2 + grid.displayWidth(message) <= area.maxX {
                grid.write(message, x: caretX + 2, y: top, limit: area.maxX, style: style)
            } else {
                // No room right of the caret: the message goes left of it.
                grid.write(message, x: area.x, y: top, limit: max(caretX - 1, area.x), style: style)
            }
            return
        }
        let hint: String
        switch prompt.kind {
        case .filter:
            let count = prompt.counting?.progressText ?? (prompt.previewPending ? "counting…"
                : prompt.previewCount.map { "\($0.grouped) of \(model.total.grouped) crumbs match" } ?? "")
            hint = count + "  ·  Enter apply  Esc cancel  ↑↓ history"
        case .search: hint = "search text anywhere in a crumb, ignoring case  ·  Enter find  Esc cancel"
        case .write: hint = "\(model.shown.grouped) crumbs  ·  Enter write  Esc cancel"
        case .overwrite: hint = "\(model.shown.grouped) crumbs  ·  y writes over the file  n or Esc leaves it"
        }
        grid.write(hint, x: area.x, y: top, limit: area.maxX, style: CellStyle(bold: prompt.kind == .filter, dim: prompt.kind != .filter))
    }
}
