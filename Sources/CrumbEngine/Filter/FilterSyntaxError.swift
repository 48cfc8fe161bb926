@_spi(CrumbCodec) import CrumbCodec

/// A filter expression that cannot be read, with the place where it went wrong.
public struct FilterSyntaxError: Error, Equatable, CustomStringConvertible {
    public var message: String
    /// 1-based column (in characters) in `expression`.
    public var column: Int
    public var expression: String

    /// Three lines: the message with its column, the expression, and a caret under the column.
    /// The expression is shown escaped as crumbs are (`DisplayText`), the caret under the same
    /// character.
    ///
    ///     column 6: unterminated quote
    ///       user:"o'brien
    ///            ^
    public var description: String {
        let before = DisplayText.escaped(String(expression.prefix(max(column - 1, 0))))
        return "column \(column): \(message)\n  \(DisplayText.escaped(expression))\n  "
            + String(repeating: " ", count: before.count) + "^"
    }
}
