import CrumbEngine

/// What one poll of the followed file read, handed to the reducer in `.tailed`: complete lines
/// to append, what happened to the file, and how far the tailer is.
struct TailRead: Equatable {
    /// The followed file, as the user named it.
    var path: String
    /// Complete JSON Lines, each ending with a newline (empty: nothing new).
    var data: [UInt8] = []
    /// The lines too long to keep, each where its empty line is in `data`.
    var longLines: [LongLine] = []
    /// The line number, in the file, of the first line of `data` (for problem reports).
    var firstLine = 1
    var events: [FileTailer.Event] = []
    /// More is waiting to be read right away: a big file is being caught up with.
    var hasMore = false
    /// Bytes of the file read so far.
    var bytesRead = 0
    /// A followed ring file's writer, when it changed (it ended, or a new run's file took the path).
    var ring: RingFileInfo?
    /// What to say on the status line about the followed file (a ring file's news).
    var note: StatusMessage?
    /// `data` is a log with crumbs in it, not JSON Lines: only its crumb lines count.
    var textLog = false
    /// A stream's whole text read again (what spans lines: dumps, crashes): it takes the place
    /// of the crumbs shown, then `data` is appended to it.
    var reloaded: LoadedCrumbs?
    /// What the status line says while a stream's whole text is being read.
    var progress: String?

    /// Nothing was read and nothing happened.
    var isEmpty: Bool {
        data.isEmpty && events.isEmpty && !hasMore && ring == nil && note == nil && reloaded == nil && progress == nil
    }

    /// The followed input, in words: `-` is standard input.
    var name: String { path == "-" ? "standard input" : path }
}
