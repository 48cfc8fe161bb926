import CrumbEngine

/// A filter evaluated off the input thread, as the state knows it: what it is for and how far
/// it got. The reducer asks for it (`Effect.startWork`), the session runs it on a thread of its
/// own and reports progress and the result as actions (`.workProgress`, `.workDone`); the
/// screen keeps showing the previous result meanwhile, and `Esc` cancels it (`Effect.cancelWork`).
///
/// Reports carry the id: a report for work that was cancelled, or superseded by newer work of
/// the same purpose, is no longer asked for and changes nothing.
struct BackgroundWork: Equatable, Sendable {
    enum Purpose: Equatable, Sendable {
        /// Applying a filter (Enter in the filter prompt, a facet picked).
        case filter
        /// The `/` search.
        case search
        /// The filter prompt's count of what the expression would show.
        case count
    }

    let id: Int
    let purpose: Purpose
    /// What the user typed: the filter expression, or the text searched for.
    let text: String
    /// What is evaluated (for a search, the text as one quoted bare word).
    let filter: CrumbFilter
    /// A search the user asked for goes to its first match when done; one made again over
    /// new crumbs (the whole file after its first part) leaves the selection where it is.
    var findsMatch = true
    /// Crumbs checked so far, of how many.
    var checked = 0
    var total = 0

    var percent: Int { total > 0 ? min(checked * 100 / total, 100) : 0 }

    /// "filtering… 37%" for the status line; the prompt says "counting… 37%".
    var progressText: String {
        switch purpose {
        case .filter: return "filtering… \(percent)%"
        case .search: return "searching… \(percent)%"
        case .count: return "counting… \(percent)%"
        }
    }
}

/// The crumbs a `BackgroundWork` selected, handed to the reducer in `.workDone`: a result over
/// the snapshot of the store it read, which the list carries over to its store.
struct WorkResult: Equatable {
    let result: FilterResult

    /// The same result: compared by identity, as it has no value of its own to compare.
    static func == (a: WorkResult, b: WorkResult) -> Bool { a.result === b.result }
}
