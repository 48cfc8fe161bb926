import Foundation

/// Timestamps for the viewer benchmark (Benchmarks/viewer): with CRUMBTUI_TRACE=FILE, lines
/// `NAME SECONDS-SINCE-1970` are appended when a frame shows something worth timing (the first
/// screen, the fully loaded count, a filter applied). Off, it costs nothing.
final class Trace {
    private let handle: FileHandle?
    private var waiting: [String] = []

    init() {
        if let path = ProcessInfo.processInfo.environment["CRUMBTUI_TRACE"], !path.isEmpty {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            handle = FileHandle(forWritingAtPath: path)
        } else {
            handle = nil
        }
    }

    /// Notes `name` now.
    func note(_ name: String) {
        guard let handle else { return }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let line = "\(name) \(now.tv_sec).\(String(format: "%09d", now.tv_nsec))\n"
        try? handle.write(contentsOf: Data(line.utf8))
    }

    /// Notes `name` after the next frame is drawn.
    func pending(_ name: String) {
        if handle != nil { waiting.append(name) }
    }

    func flushPending() {
        for name in waiting { note(name) }
        waiting = []
    }
}
