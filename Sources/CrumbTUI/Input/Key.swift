/// A key press or mouse event, as the terminal layer reads it (no ncurses codes beyond it).
enum Key: Equatable {
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, tab, escape, backspace, delete
    /// Ctrl + a letter (`control("c")`), other than the ones above.
    case control(Character)
    case resize(width: Int, height: Int)
    case mouse(MouseEvent)
}

enum MouseEvent: Equatable {
    case wheelUp, wheelDown
    case press(x: Int, y: Int)
}
