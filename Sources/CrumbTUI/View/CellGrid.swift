/// Colours the screen uses; the terminal layer maps them to colour pairs (or to nothing under
/// NO_COLOR, where the attributes still tell things apart).
enum CellColor: Int, CaseIterable, Equatable {
    case normal, red, green, yellow, blue, magenta, cyan
}

struct CellStyle: Equatable, Hashable {
    var color: CellColor = .normal
    var bold = false
    var reverse = false
    var underline = false
    var dim = false

    static let plain = CellStyle()
}

/// One screen cell: the text drawn there (a character, or a character and its combining marks)
/// and its style. A wide character takes its cell and the next, which holds `""` with width 0.
struct Cell: Equatable {
    var text = " "
    var width = 1
    var style = CellStyle.plain
}

/// The width of one Unicode scalar in terminal cells (wcwidth: 2 for CJK and most emoji, 0 for
/// combining marks, -1 for what cannot be printed).
typealias CharacterWidth = @Sendable (Unicode.Scalar) -> Int

/// The whole screen in memory: the renderer draws a frame here, the terminal layer copies it to
/// the terminal, and tests compare it to text.
struct CellGrid {
    let width: Int
    let height: Int
    let characterWidth: CharacterWidth
    private(set) var cells: [Cell]

    init(width: Int, height: Int, characterWidth: @escaping CharacterWidth) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        self.characterWidth = characterWidth
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Sets the style of cells `x..<end` of row `y`, blanking them when `clear`.
    mutating func fill(y: Int, from x: Int = 0, to end: Int? = nil, style: CellStyle, clear: Bool = true) {
        guard y >= 0, y < height else { return }
        for column in max(x, 0)..<min(end ?? width, width) {
            if clear { self[column, y] = Cell(text: " ", width: 1, style: style) } else { self[column, y].style = style }
        }
    }

    /// Writes `text` from column `x` of row `y`, cut at column `limit` (the row's end by
    /// default); control characters appear as visible escapes. Returns the column after it.
    @discardableResult
    mutating func write(_ text: String, x: Int, y: Int, limit: Int? = nil, style: CellStyle) -> Int {
        let cells = max(min(limit ?? width, width) - x, 0)
        return write(VisibleText.pieces(text, characterWidth, cells: cells), x: x, y: y, limit: limit, style: style)
    }

    @discardableResult
    mutating func write(_ pieces: [VisibleText.Piece], x: Int, y: Int, limit: Int? = nil, style: CellStyle) -> Int {
        guard y >= 0, y < height else { return x }
        let end = min(limit ?? width, width)
        var column = x
        for piece in pieces {
            if piece.width == 0 {
                // A combining mark joins the character before it.
                if column > x, column - 1 < width {
                    var base = column - 1
                    while base > x, self[base, y].width == 0 { base -= 1 }
                    self[base, y].text += piece.text
                }
                continue
            }
            guard column + piece.width <= end else {
                // A wide character that does not fit leaves a blank, never half a character.
                if column < end { self[column, y] = Cell(text: " ", width: 1, style: style) }
                return end
            }
            var pieceStyle = style
            if piece.isEscape { pieceStyle.color = .magenta }
            if piece.isEscape {
                // An escape such as `^[` is several cells of one character each.
                for character in piece.text {
                    self[column, y] = Cell(text: String(character), width: 1, style: pieceStyle)
                    column += 1
                }
                continue
            }
            self[column, y] = Cell(text: piece.text, width: piece.width, style: pieceStyle)
            for extra in 1..<max(piece.width, 1) { self[column + extra, y] = Cell(text: "", width: 0, style: pieceStyle) }
            column += piece.width
        }
        return column
    }

    /// Writes `text` padded with spaces (or cut) to exactly `cells` cells, never past `limit`.
    @discardableResult
    mutating func write(_ text: String, x: Int, y: Int, cells count: Int, limit: Int? = nil, style: CellStyle) -> Int {
        let end = min(x + count, limit ?? width, width)
        let after = write(text, x: x, y: y, limit: end, style: style)
        if after < end { fill(y: y, from: after, to: end, style: style) }
        return end
    }

    /// Marks every case-insensitive occurrence of `needle` in row `y`, columns `x..<end`.
    mutating func highlight(_ needle: String, y: Int, from x: Int, to end: Int? = nil, style: CellStyle) {
        let wanted = Array(needle.lowercased())
        guard !wanted.isEmpty, y >= 0, y < height else { return }
        let first = max(x, 0), end = min(end ?? width, width)
        guard first < end else { return }
        var columns: [Int] = []
        var characters: [Character] = []
        for column in first..<end where self[column, y].width > 0 {
            for character in self[column, y].text.lowercased() {
                columns.append(column)
                characters.append(character)
            }
        }
        var start = 0
        while start + wanted.count <= characters.count {
            if Array(characters[start..<start + wanted.count]) == wanted {
                for index in start..<start + wanted.count {
                    let column = columns[index]
                    self[column, y].style = style
                    var next = column + 1
                    while next < end, self[next, y].width == 0 { self[next, y].style = style; next += 1 }
                }
                start += wanted.count
            } else {
                start += 1
            }
        }
    }

    /// The rows as text (wide characters once, trailing spaces removed): what tests compare.
    var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where self[x, y].width > 0 { line += self[x, y].text }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// The display width of `text` once made visible.
    func displayWidth(_ text: String) -> Int {
        VisibleText.width(text, characterWidth)
    }
}
