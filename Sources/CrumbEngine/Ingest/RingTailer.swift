#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Follows a ring file while its writer records, one `poll()` at a time: returns the crumbs
/// recorded since the last poll, as JSON Lines for `CrumbStore.appendLines`, and what happened
/// to the file and its writer.
///
/// - A poll reads `head` (8 bytes of a shared mapping) and the slots of the new tickets; with
///   nothing new it costs that, a `stat` of the path and a read of `/proc/PID/stat`.
/// - A crumb being written when polled is read by a later poll (each thread's crumbs stay in
///   order); one whose writer never finishes it (the writer died, or gave the slot up) is let
///   go after `unfinishedPatience`.
/// - A reader that falls more than a ring behind counts the crumbs it missed.
/// - When the writer ends, crashes or records elsewhere, the poll says so once.
/// - A new ring file at the path (the service restarted and moved the old one to `NAME.1`) is
///   followed from its oldest crumb, once the old one's last crumbs are read.
///
/// Not thread-safe: one owner polls.
///
/// ```swift
/// let store = CrumbStore()
/// CrumbLoader().load(["/var/tmp/app.crumbs"], into: store)
/// let tailer = RingTailer(following: store.ringFiles[0])
/// let update = tailer.poll()
/// store.appendLines(update.data, name: tailer.path)
/// ```
public final class RingTailer {
    /// Something that happened to the followed file.
    public enum Event: Sendable, Equatable {
        /// The writer is no longer `.running` (see `info.writer`).
        case writerStopped
        /// Another ring file took the path: it is followed from its oldest crumb.
        case replaced
        /// The path no longer exists (the file stays readable while it is followed).
        case deleted
        /// The path holds something that cannot be followed (the message says why).
        case refused(String)
    }

    /// What one poll found.
    public struct Update: Sendable, Equatable {
        /// Whole crumbs, one per line, in the order they were recorded (empty: nothing new).
        public var data: [UInt8] = []
        /// Crumbs overwritten before this reader got to them.
        public var missed = 0
        public var events: [Event] = []
        /// The file's writer as this poll judged it, when it changed (or the file did).
        public var info: RingFileInfo?
    }

    /// The followed path, as the user named it.
    public let path: String
    /// How long a crumb may stay half-written before it is let go.
    public var unfinishedPatience: Duration = .seconds(1)
    /// The followed file's writer, as judged at the last poll.
    public private(set) var info: RingFileInfo
    private var mapping: RingFileMapping?
    private var next: UInt64
    private var unfinished: [(ticket: UInt64, since: ContinuousClock.Instant)]
    private var missing = false
    /// The bytes of the newest crumb read.
    private var lastCrumb: [UInt8]?
    /// A file at the path that was refused (and its size), not tried again until it changes.
    private var refused: (identity: FileIdentity, size: Int)?

    /// Follows the ring file that loading gave `info` for, from the crumbs loading did not read.
    /// When another file has taken its path, that one is followed, from its oldest crumb.
    public init(following info: RingFileInfo) {
        path = info.file
        self.info = info
        next = info.nextTicket
        lastCrumb = info.lastCrumb
        let now = ContinuousClock.now
        unfinished = info.unfinished.map { ($0, now) }
        if case .success(let opened) = RingFileMapping.open(path), opened.identity == info.identity {
            mapping = opened
        }
    }

    /// Follows the ring file at `path` from its oldest crumb (a file that appeared where a
    /// ring file was awaited); nil when it is not a ring file that can be read.
    public convenience init?(path: String) {
        guard case .success(let opened) = RingFileMapping.open(path) else { return nil }
        var info = RingFileInfo(file: path, header: opened.header, state: opened.slots.state)
        info.nextTicket = opened.header.window(head: opened.slots.head, start: opened.slots.start).lowerBound
        self.init(following: info)
    }

    /// Reads what was recorded since the last poll, and what happened to the file and its writer.
    public func poll() -> Update {
        var update = Update()
        checkPath(&update)
        guard let mapping else { return update }
        let slots = mapping.slots
        let writer = RingFileInfo.judge(mapping.header, state: slots.state)
        if writer != info.writer {
            info.writer = writer
            update.info = info
            if writer != .running { update.events.append(.writerStopped) }
        }
        read(slots, into: &update)
        return update
    }

    /// Looks at what the path holds: the same file, none, or another (a new run's, or the
    /// same file rewritten to another size, whose mapping is then not read again: its pages
    /// past the new end would fault).
    private func checkPath(_ update: inout Update) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if !missing { update.events.append(.deleted) }
            missing = true
            return
        }
        missing = false
        let current = FileIdentity(status)
        let size = Int(status.st_size)
        if let mapping, current == mapping.identity, size == mapping.header.totalBytes, !mapping.wasCutShort { return }
        guard refused.map({ $0 != (current, size) }) ?? true else { return }
        let old = mapping
        if let old {
            // The old file's last crumbs first, when it is still whole: its writer has moved on.
            if current != old.identity, !old.wasCutShort { read(old.slots, into: &update) }
            mapping = nil
        }
        switch RingFileMapping.open(path) {
        case .success(let opened):
            mapping = opened
            refused = nil
            info = RingFileInfo(file: path, header: opened.header, state: opened.slots.state)
            next = resumePoint(in: opened, after: old)
            unfinished = []
            update.info = info
            update.events.append(.replaced)
        case .failure(let refusal):
            refused = (current, size)
            update.events.append(.refused(refusal.message))
        }
    }

    /// Reads the crumbs that became whole since the last poll.
    private func read(_ slots: RingFileSlots, into update: inout Update) {
        let window = slots.header.window(head: slots.head, start: slots.start)
        let live = info.writer == .running
        let now = ContinuousClock.now
        var waiting: [(ticket: UInt64, since: ContinuousClock.Instant)] = []
        // Crumbs that were being written at an earlier poll go first: a thread's later crumbs
        // were recorded after them.
        // (Those before `start` were cleared by the app; those before the window, overwritten.)
        for (ticket, since) in unfinished where ticket >= slots.start {
            guard ticket >= window.lowerBound else {
                update.missed += 1
                continue
            }
            switch take(ticket, slots, into: &update) {
            case .writing, .stale:
                if live, now - since < unfinishedPatience { waiting.append((ticket, since)) }
            case .overwritten:
                update.missed += 1
            case .whole, .damaged:
                break
            }
        }
        // A reader more than a ring behind: the crumbs between are gone (those before `start`
        // were cleared by the app, not missed).
        let from = max(next, window.lowerBound)
        if from > next { update.missed += Int(from - max(next, min(slots.start, from))) }
        if from < window.upperBound {
            for ticket in from..<window.upperBound {
                switch take(ticket, slots, into: &update) {
                case .writing, .stale:
                    if live { waiting.append((ticket, now)) }
                case .overwritten:
                    update.missed += 1
                case .whole, .damaged:
                    break
                }
            }
        }
        next = max(next, window.upperBound)
        unfinished = waiting
    }

    private func take(_ ticket: UInt64, _ slots: RingFileSlots, into update: inout Update) -> RingFileSlots.Slot {
        let start = update.data.count
        let slot = slots.read(ticket, into: &update.data)
        if slot == .whole {
            lastCrumb = Array(update.data[start...])
            update.data.append(0x0A)
        }
        return slot
    }

    /// Where to start in a new file at the path: its oldest crumb; but when the same process
    /// made it (`enable` with another ring size copies its newest crumbs over), right after the
    /// last crumb already read, so none is shown twice.
    private func resumePoint(in new: RingFileMapping, after old: RingFileMapping?) -> UInt64 {
        let window = new.header.window(head: new.slots.head, start: new.slots.start)
        guard let old, let lastCrumb, old.header.pid == new.header.pid, old.header.processStart == new.header.processStart else {
            return window.lowerBound
        }
        var bytes: [UInt8] = []
        for ticket in window.reversed() {
            bytes.removeAll(keepingCapacity: true)
            if new.slots.read(ticket, into: &bytes) == .whole, bytes == lastCrumb { return ticket + 1 }
        }
        return window.lowerBound
    }
}
