/// A rectangle of screen cells: where one part of the screen is drawn. Each view draws inside
/// the one it is given, as a ratatui widget draws into its `Rect`.
struct Rect: Equatable {
    var x = 0
    var y = 0
    var width = 0
    var height = 0

    /// The column after the last one.
    var maxX: Int { x + width }
    /// The row after the last one.
    var maxY: Int { y + height }
}
