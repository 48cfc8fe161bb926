/// Some lines of a source file, by 1-based number: the few around a crash frame's line, as the
/// crash pane shows them.
struct SourceLines: Equatable {
    var lines: [Int: String]

    /// How many lines before and after a frame's line the pane shows.
    static let context = 2

    /// The lines a frame at `line` needs.
    static func around(_ line: Int) -> [Int] {
        Array(max(line - context, 1)...(line + context))
    }
}
