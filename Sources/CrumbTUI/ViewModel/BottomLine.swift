/// The bottom of the screen: the status line, or a prompt in its place.
enum BottomLine: Equatable {
    case status(StatusModel)
    case prompt(PromptModel)
}

/// The status line: a message (or the key hints), and on the right the loading progress and
/// how many crumbs arrived below while scrolled up.
struct StatusModel: Equatable {
    var message: StatusMessage?
    var progress: String?
    var newCrumbs = 0
}

/// A prompt being edited, with the counts its hint line names.
struct PromptModel: Equatable {
    var prompt: Prompt
    /// Crumbs shown (what `w` writes).
    var shown = 0
    /// Crumbs loaded (what the filter preview counts among).
    var total = 0
}
