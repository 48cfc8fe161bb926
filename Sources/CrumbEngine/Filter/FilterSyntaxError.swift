/// A filter expression that cannot be read, with the place where it went wrong.
public struct FilterSyntaxError: Error, Equatable, CustomStringConvertible {
    public var message: String
    /// 1-based column (in characters) in `expression`.
    public var column: Int
    public var expression: String

    /// Three lines: the message with its column, the expression, and a caret under the column.
    ///
    ///     column 6: unterminated quote
    ///       user:"o'brien
    ///            ^
    public var description: String {
        "column \(column): \(message)\n  \(expression)\n  " + String(repeating: " ", count: max(column - 1, 0)) + "^"
    }
}
