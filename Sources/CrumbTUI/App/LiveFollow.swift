import CrumbEngine

/// Follows one live file for the viewer: polls the tailer and hands what it read to the
/// reducer as a `TailRead`, counting lines so a broken one is reported with its line number.
final class LiveFollow {
    let path: String
    private let tailer: FileTailer
    /// The line number, in the current file, of the next line read.
    private var nextLine: Int

    init(path: String, from offset: Int = 0, firstLine: Int = 1) {
        self.path = path
        tailer = FileTailer(path: path, from: offset)
        tailer.readLimit = 8 << 20
        nextLine = firstLine
    }

    func poll() -> TailRead {
        let update = tailer.poll()
        // A file read again from its start (truncated, rotated, back after being deleted)
        // counts its lines from 1.
        if update.events.contains(where: { $0 != .deleted }) { nextLine = 1 }
        let read = TailRead(path: path, data: update.data, longLines: update.longLines, firstLine: nextLine, events: update.events,
                            hasMore: tailer.hasMore, bytesRead: tailer.offset)
        nextLine += update.data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return read
    }
}
