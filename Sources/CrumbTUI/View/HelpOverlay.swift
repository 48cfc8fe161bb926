/// `?`: every key, in a box over the screen.
enum HelpOverlay {
    static let keys: [(String, String)] = [
        ("↑ ↓  j k", "previous / next crumb"),
        ("PgUp PgDn  b space", "page up / down"),
        ("g G  Home End", "first / last crumb"),
        ("Enter  Tab", "detail pane on/off (J K scroll it)"),
        ("/", "search; n N next / previous match"),
        ("f  :", "edit the filter (↑ ↓ history, Esc cancels)"),
        ("t  e  c", "facets: threads, events, context"),
        ("  Enter + / - x", "  include / exclude the value"),
        ("l", "timeline: a lane per thread"),
        ("  ← →  h", "  previous / next crumb of the thread"),
        ("x", "crash pane: what killed it, the frames"),
        ("  ] [", "  next / previous crash (J K scroll)"),
        ("F", "follow the file on/off"),
        ("T", "time: absolute / relative / delta"),
        ("w", "write the shown crumbs to a file"),
        ("mouse", "wheel scrolls, click selects"),
        ("?", "this help (any key closes)"),
        ("q  Ctrl-C", "quit"),
    ]

    /// Draws the box in the middle of `area` (the screen).
    static func draw(_ grid: inout CellGrid, in area: Rect) {
        let keyWidth = 20
        let width = min(keyWidth + 46, area.width)
        let height = min(keys.count + 3, area.height)
        let x = area.x + (area.width - width) / 2, y = area.y + max((area.height - height) / 2, 0)
        grid.box(x: x, y: y, width: width, height: height, title: "crumbtui keys")
        for (index, key) in keys.prefix(height - 3).enumerated() {
            grid.write(key.0, x: x + 2, y: y + 1 + index, limit: x + keyWidth, style: CellStyle(color: .cyan, bold: true))
            grid.write(key.1, x: x + keyWidth + 1, y: y + 1 + index, limit: x + width - 1, style: .plain)
        }
        grid.write("filter: thread:NAME event:db.* ctx.KEY:VALUE -term word", x: x + 2, y: y + height - 2,
                   limit: x + width - 1, style: CellStyle(dim: true))
    }
}
