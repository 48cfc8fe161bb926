/// What the reducer asks the session to do outside the state. The session performs it and
/// sends what came of it back as an action (`.message`, `.followStarted`, `.followRefused`,
/// `.workDone`).
enum Effect: Equatable {
    /// Write the shown crumbs to this file; over a file that exists only when `replacing`
    /// (else the session asks first: `.confirmOverwrite`).
    case write(path: String, replacing: Bool)
    /// Start or stop reading a live file.
    case follow(Bool)
    /// Read these lines (1-based) of a source file, for the crash pane.
    case readSource(file: String, lines: [Int])
    /// Evaluate this filter off the input thread; progress and the result come back as
    /// `.workProgress` and `.workDone`.
    case startWork(BackgroundWork)
    /// Stop the work with this id; nothing more is reported about it.
    case cancelWork(id: Int)
}
