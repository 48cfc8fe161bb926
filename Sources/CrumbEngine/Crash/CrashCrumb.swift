/// The crumb StateCrumbs' crash path writes as the last crumb of a dump and the last line of a
/// live file: `{"event":"statecrumbs.crash","ts":…,"thread":"worker-7","signal":"SIGILL",
/// "code":"ILL_ILLOPN","address":"0x…","pid":"4242"}` (and `sender_pid` for a signal another
/// process sent).
enum CrashCrumb {
    static let event = "statecrumbs.crash"

    /// What crash crumb `crumb` says.
    static func report(_ store: CrumbStore, crumb: Int) -> CrashReport {
        let decoded = store.crumb(at: crumb)
        func field(_ key: String) -> String? { decoded.fields.last { $0.key == key }?.value.text }
        var report = CrashReport(reason: "")
        report.crashCrumb = crumb
        report.anchor = crumb
        report.thread = decoded.thread
        report.time = store.time(of: crumb)
        report.signal = field("signal")
        report.code = field("code")
        report.address = field("address")
        report.pid = field("pid").flatMap { Int($0) }
        report.senderPID = field("sender_pid").flatMap { Int($0) }
        return report
    }
}

/// The crumbs of one input in their order in it, for what the assembler asks: which crumb of a
/// thread came last before a place in the input, and whether any crumb lies between two places.
struct SourceOrder {
    let store: CrumbStore
    /// Crumb numbers, in the input's order, and where each starts in it.
    private(set) var crumbs: [Int] = []
    private(set) var offsets: [Int] = []

    init(_ store: CrumbStore, source: Int) {
        self.store = store
        for crumb in 0..<store.count where store.sourceIndex(of: crumb) == source {
            crumbs.append(crumb)
            offsets.append(store.location(of: crumb).offset)
        }
    }

    /// How many crumbs start before `offset`.
    private func count(before offset: Int) -> Int {
        var low = 0, high = offsets.count
        while low < high {
            let mid = (low + high) / 2
            if offsets[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func noCrumb(after start: Int, before end: Int) -> Bool {
        count(before: end) - count(before: start + 1) == 0
    }

    /// The last crumb of thread `name` that starts before `offset`.
    func lastCrumb(of name: String, before offset: Int) -> Int? {
        guard let thread = store.threadNames.id(of: name) else { return nil }
        var index = count(before: offset)
        while index > 0 {
            index -= 1
            if store.thread(of: crumbs[index]) == thread { return crumbs[index] }
        }
        return nil
    }

    /// The name this input's crumbs give the backtrace's thread: the main thread (number 0) is
    /// `MainThread`; the kernel keeps only 15 bytes of a name, so a longer crumb name that starts
    /// with it is the same thread.
    func crumbThreadName(for thread: CrashThread?) -> String? {
        guard let thread else { return nil }
        if thread.number == 0 { return "MainThread" }
        guard let name = thread.name else { return nil }
        if store.threadNames.id(of: name) != nil || name.utf8.count < 15 { return name }
        let seen = Set(crumbs.compactMap { store.thread(of: $0) })
        return seen.map { store.threadNames.string($0) }.filter { $0.hasPrefix(name) }.min() ?? name
    }
}
