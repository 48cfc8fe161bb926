import CrumbEngine
import Foundation

/// What the session polls while following: a live file (`LiveFollow`), a ring file
/// (`RingFollow`) or a stream (`StreamFollow`). Each poll's news goes to the reducer as a
/// `TailRead`.
protocol Follower: AnyObject {
    var path: String { get }
    func poll() -> TailRead
    /// Polled even when not following (`F` off): a pipe's writer waits while nobody reads it.
    var keepsReading: Bool { get }
}

extension Follower {
    var keepsReading: Bool { false }
}

extension LiveFollow: Follower {}

/// Follows one ring file for the viewer while its process records: polls the ring's head
/// (`RingTailer`) and hands the new crumbs to the reducer as JSON Lines, through the same path
/// as a live file's, so filters and "N new" work alike. What happens to the file and its writer
/// (it ended or crashed, a restarted service's new file took the path, crumbs were overwritten
/// before they were read) goes to the status line.
final class RingFollow: Follower {
    let path: String
    private let tailer: RingTailer
    /// Crumbs overwritten before they could be read, since following started.
    private var missed = 0

    init(following info: RingFileInfo) {
        path = info.file
        tailer = RingTailer(following: info)
    }

    /// Follows the ring file at `path` from its oldest crumb; nil when it is not one.
    init?(path: String) {
        guard let tailer = RingTailer(path: path) else { return nil }
        self.path = path
        self.tailer = tailer
    }

    var info: RingFileInfo { tailer.info }

    /// The ring file `store` was loaded from, when it is the only input.
    static func ringFile(of store: CrumbStore, files: [String], reports: [InputReport]) -> RingFileInfo? {
        guard files.count == 1, files[0] != "-", reports.count == 1, reports[0].kind == .ring, reports[0].failure == nil else { return nil }
        return store.ringFiles.first { $0.file == files[0] }
    }

    /// What the status line says when following starts.
    static func startNote(_ info: RingFileInfo) -> StatusMessage {
        guard info.writer != .running else {
            return StatusMessage(text: "following \(info.file): pid \(info.pid) records into it, new crumbs appear at the bottom")
        }
        return StatusMessage(text: "following \(info.file): \(stopped(info)); a new run's ring file at this path will be followed")
    }

    func poll() -> TailRead {
        let update = tailer.poll()
        var read = TailRead(path: path, data: update.data, ring: update.info)
        missed += update.missed
        for event in update.events {
            switch event {
            case .writerStopped:
                read.note = StatusMessage(text: "\(Self.stopped(tailer.info)): \(path) holds its last crumbs")
            case .replaced:
                let info = tailer.info
                read.note = StatusMessage(text: "\(path) is a new ring file, of pid \(info.pid) (\(info.writer.rawValue)): following it")
            case .deleted:
                read.note = StatusMessage(text: "\(path) was deleted: waiting for a new ring file there", isError: true)
            case .refused(let reason):
                read.note = StatusMessage(text: "\(path): \(reason)", isError: true)
            }
        }
        if update.missed > 0, read.note == nil {
            read.note = StatusMessage(text: "missed \(missed.grouped) crumbs: they were overwritten in the ring before they could be read", isError: true)
        }
        return read
    }

    /// `pid 4242 has ended`, `crashed`, or records elsewhere.
    private static func stopped(_ info: RingFileInfo) -> String {
        switch info.writer {
        case .running: return "pid \(info.pid) records into it"
        case .ended: return "pid \(info.pid) has ended"
        case .crashed: return "pid \(info.pid) crashed"
        case .detached: return "pid \(info.pid) records into another ring file"
        }
    }
}

/// `--follow` of a path that holds nothing yet (the viewer started before the app): once a
/// file appears there, it is followed as a ring file when it is one, else as a live file.
final class FirstFileFollow: Follower {
    let path: String
    private var follower: (any Follower)?

    init(path: String) { self.path = path }

    func poll() -> TailRead {
        if let follower { return follower.poll() }
        guard FileManager.default.fileExists(atPath: path) else { return TailRead(path: path) }
        if LiveFileCheck.isRingFile(path), let ring = RingFollow(path: path) {
            follower = ring
            var read = ring.poll()
            read.ring = read.ring ?? ring.info
            read.note = read.note ?? RingFollow.startNote(ring.info)
            return read
        }
        let live = LiveFollow(path: path)
        follower = live
        var read = live.poll()
        read.events.insert(.reappeared, at: 0)
        return read
    }
}
