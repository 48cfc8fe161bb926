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

    /// The lines of a file read from its start, kept for the next poll while the last lines of
    /// the file before it are handed over (each part numbered in its own file).
    private var pending: TailRead?

    func poll() -> TailRead {
        if let pending {
            self.pending = nil
            return pending
        }
        let update = tailer.poll()
        guard let restart = update.restart else { return read(update.data, update.longLines, events: update.events) }
        // The lines before `restart` end the file read so far and are numbered on; the rest is a
        // file read again from its start (truncated, rotated, back after being deleted), whose
        // lines count from 1.
        let before = read(Array(update.data[..<restart]), update.longLines.filter { $0.offset < restart }, events: [])
        nextLine = 1
        let after = read(Array(update.data[restart...]), update.longLines.filter { $0.offset >= restart }.map {
            LongLine(offset: $0.offset - restart, bytes: $0.bytes, ended: $0.ended)
        }, events: update.events)
        guard !before.data.isEmpty else { return after }
        pending = after
        var first = before
        first.hasMore = true
        return first
    }

    /// `data` as the reducer gets it, its lines numbered from `nextLine` on.
    private func read(_ data: [UInt8], _ longLines: [LongLine], events: [FileTailer.Event]) -> TailRead {
        let read = TailRead(path: path, data: data, longLines: longLines, firstLine: nextLine, events: events,
                            hasMore: tailer.hasMore, bytesRead: tailer.offset)
        nextLine += data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return read
    }
}
