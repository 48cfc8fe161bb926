/// A line being edited at the bottom of the screen.
struct Prompt: Equatable {
    enum Kind: Equatable {
        case filter, search, write
        /// `w` named a file that exists: y writes over it, anything else leaves it.
        case overwrite(path: String)
    }

    var kind: Kind
    var text: String
    /// Cursor position, in characters.
    var cursor: Int
    /// Position in the filter history while browsing it with Up/Down (nil: editing).
    var historyPosition: Int?
    /// The filter preview: how many crumbs the expression would show.
    var previewCount: Int?
    /// The preview is counted once typing pauses (`.countPreview`), off the input thread: on a
    /// big input a term that reads every crumb takes longer than the gap between two keys.
    var previewPending = false
    /// The preview being counted off the input thread.
    var counting: BackgroundWork?
    /// What is wrong with the expression, and its 1-based column.
    var error: (message: String, column: Int)?

    init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
        cursor = text.count
    }

    static func == (a: Prompt, b: Prompt) -> Bool {
        a.kind == b.kind && a.text == b.text && a.cursor == b.cursor && a.previewCount == b.previewCount
            && a.previewPending == b.previewPending && a.counting == b.counting
            && a.error?.message == b.error?.message && a.error?.column == b.error?.column
    }

    var label: String {
        switch kind {
        case .filter: return "filter: "
        case .search: return "/"
        case .write: return "write shown crumbs to (.json or .jsonl): "
        case .overwrite(let path): return "\(path) exists: write over it? (y/n) "
        }
    }
}
