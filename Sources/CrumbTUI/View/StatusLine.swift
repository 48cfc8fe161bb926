/// The top bar (files, counts, filter, follow state), the status line (key hints, messages,
/// "N new", loading progress) and the prompt lines.
enum TopBar {
    static func draw(_ grid: inout CellGrid, _ state: ViewerState, _ list: CrumbList) {
        let style = CellStyle(reverse: true)
        grid.fill(y: 0, style: style)
        var files = list.files.map { $0 == "-" ? "stdin" : $0 }.joined(separator: ", ")
        if grid.displayWidth(files) > grid.width / 2 - 11 {
            // Long paths: the file names alone say enough.
            files = list.files.map { $0 == "-" ? "stdin" : String($0.split(separator: "/").last ?? "") }.joined(separator: ", ")
        }
        if files.isEmpty { files = "(no file)" }
        var x = grid.write(" crumbtui ", x: 0, y: 0, style: CellStyle(bold: true, reverse: true))
        x = grid.write(files, x: x + 1, y: 0, limit: max(grid.width / 2, 20), style: style)
        let counts = list.count == list.total ? "\(list.total.grouped) crumbs" : "\(list.count.grouped) of \(list.total.grouped) crumbs"
        x = grid.write("  " + counts, x: x, y: 0, style: CellStyle(bold: true, reverse: true))
        if !state.filterText.isEmpty { x = grid.write("  filter: " + state.filterText, x: x, y: 0, style: style) }
        if state.follow {
            let text = " FOLLOW "
            grid.write(text, x: grid.width - text.count, y: 0, style: CellStyle(color: .green, bold: true, reverse: true))
        }
    }
}

enum StatusLine {
    static let hints = "q quit  ? help  / search  f filter  t e c facets  l timeline  F follow  T time  w write"

    static func draw(_ grid: inout CellGrid, _ state: ViewerState, _ list: CrumbList, row: Int) {
        grid.fill(y: row, style: .plain)
        var right: [String] = []
        if let loading = state.loading { right.append(loading) }
        if state.newCrumbs > 0 { right.append("\(state.newCrumbs.grouped) new ↓ (G)") }
        let rightText = right.joined(separator: "  ")
        let rightWidth = grid.displayWidth(rightText)
        let limit = max(grid.width - rightWidth - 1, 0)
        if let message = state.message {
            grid.write(message.text, x: 0, y: row, limit: limit, style: CellStyle(color: message.isError ? .red : .normal, bold: message.isError))
        } else {
            grid.write(hints, x: 0, y: row, limit: limit, style: CellStyle(dim: true))
        }
        if !rightText.isEmpty {
            grid.write(rightText, x: grid.width - rightWidth, y: row, style: CellStyle(color: .yellow, bold: true))
        }
    }
}

enum PromptLine {
    static func draw(_ grid: inout CellGrid, _ prompt: Prompt, _ list: CrumbList, top: Int) {
        let inputRow = top + 1
        grid.fill(y: top, style: .plain)
        grid.fill(y: inputRow, style: .plain)
        let labelStyle = CellStyle(color: .cyan, bold: true)
        let textStart = grid.write(prompt.label, x: 0, y: inputRow, style: labelStyle)
        let characters = Array(prompt.text)
        // Keep the cursor on screen for long expressions.
        let room = max(grid.width - textStart - 1, 1)
        let firstShown = max(prompt.cursor - room + 1, 0)
        var x = textStart
        var cursorX = textStart
        for (index, character) in characters.enumerated() where index >= firstShown {
            if index == prompt.cursor { cursorX = x }
            x = grid.write(String(character), x: x, y: inputRow, style: .plain)
            if x >= grid.width { break }
        }
        if prompt.cursor >= characters.count { cursorX = x }
        if cursorX < grid.width {
            var cell = grid[cursorX, inputRow]
            cell.style.reverse = true
            grid[cursorX, inputRow] = cell
        }
        if let error = prompt.error {
            // The caret goes under the column the error names.
            let column = max(error.column - 1 - firstShown, 0)
            let prefix = String(characters.dropFirst(firstShown).prefix(column))
            let caretX = min(textStart + grid.displayWidth(prefix), grid.width - 1)
            let style = CellStyle(color: .red, bold: true)
            grid.write("^", x: caretX, y: top, style: style)
            let message = "column \(error.column): \(error.message)"
            let messageX = caretX + 2 + grid.displayWidth(message) <= grid.width ? caretX + 2 : 0
            if messageX == 0 {
                grid.write(message, x: 0, y: top, limit: max(caretX - 1, 0), style: style)
            } else {
                grid.write(message, x: messageX, y: top, style: style)
            }
            return
        }
        let hint: String
        switch prompt.kind {
        case .filter:
            let count = prompt.previewCount.map { "\($0.grouped) of \(list.total.grouped) crumbs match" } ?? ""
            hint = count + "  ·  Enter apply  Esc cancel  ↑↓ history"
        case .search: hint = "search text anywhere in a crumb, ignoring case  ·  Enter find  Esc cancel"
        case .write: hint = "\(list.count.grouped) crumbs  ·  Enter write  Esc cancel"
        }
        grid.write(hint, x: 0, y: top, style: CellStyle(bold: prompt.kind == .filter, dim: prompt.kind != .filter))
    }
}
