import CrumbEngine

/// Follows one live file for the viewer: polls the tailer, appends the new lines to the crumb
/// list, and words what happened to the file for the status line.
final class LiveFollow {
    let path: String
    private let tailer: FileTailer
    /// The line number, in the current file, of the next line read (for problem reports).
    private var nextLine: Int

    init(path: String, from offset: Int = 0, firstLine: Int = 1) {
        self.path = path
        tailer = FileTailer(path: path, from: offset)
        tailer.readLimit = 8 << 20
        nextLine = firstLine
    }

    /// More is waiting to be read right away (a big file being caught up with).
    var hasMore: Bool { tailer.hasMore }
    var bytesRead: Int { tailer.offset }

    struct Result {
        var appended = 0
        var message: StatusMessage?
    }

    func poll(into list: CrumbList) -> Result {
        let update = tailer.poll()
        var result = Result()
        for event in update.events {
            switch event {
            case .truncated:
                nextLine = 1
                result.message = StatusMessage(text: "\(path) was truncated: reading it again from its start")
            case .rotated:
                nextLine = 1
                result.message = StatusMessage(text: "\(path) was rotated: following the new file")
            case .deleted:
                result.message = StatusMessage(text: "\(path) was deleted: waiting for it to reappear", isError: true)
            case .reappeared:
                nextLine = 1
                result.message = StatusMessage(text: "\(path) reappeared: following it")
            }
        }
        guard !update.data.isEmpty else { return result }
        let problemsBefore = list.store.problems.count
        result.appended = list.append(update.data, name: path, firstLine: nextLine)
        nextLine += update.data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let problems = list.store.problems.count - problemsBefore
        if problems > 0, let last = list.store.problems.last {
            result.message = StatusMessage(text: "skipped \(problems) line\(problems == 1 ? "" : "s"): \(last)", isError: true)
        }
        return result
    }
}
