import CrumbEngine

/// The top bar: what is open, how many crumbs are shown of how many, the filter, following.
///
/// Facts about the input that belong up here (a crash's reason, thread and first user frame;
/// the owner of a ring file) are fields of this model, made from the store in `init(_:_:)`.
struct TopBarModel: Equatable {
    /// The inputs as the user named them (`stdin` for `-`).
    var files: [String] = []
    var shown = 0
    var total = 0
    /// The filter expression applied, as typed (empty: none).
    var filter = ""
    var follow = false
    /// The crash, named at once: `✖ REASON · THREAD · File.swift:42`, and how many there are
    /// (nil: the input shows no crash).
    var crash: String?
    /// Whose ring the ring files among the inputs are (`ring of pid 4242 (running)`), if any.
    var ring: String?
}

extension TopBarModel {
    init(_ state: ViewerState, _ list: CrumbList) {
        files = list.files.map { $0 == "-" ? "stdin" : $0 }
        shown = list.count
        total = list.total
        filter = state.filterText
        follow = state.follow
        ring = RingOwnerText.text(list.store.ringFiles)
        let crashes = list.store.crashes
        if !crashes.isEmpty {
            let index = min(state.crashIndex, crashes.count - 1)
            crash = Self.summary(crashes[index]) + (crashes.count > 1 ? " · crash \(index + 1) of \(crashes.count)" : "")
        }
    }

    /// `✖ Swift runtime failure: Index out of range · worker-7 · Handler.swift:42`.
    static func summary(_ crash: CrashReport) -> String {
        var parts = ["✖ " + crash.reason]
        if let thread = crash.thread { parts.append(thread) }
        if let frame = crash.firstUserFrame, let file = frame.file {
            let name = file.split(separator: "/").last.map(String.init) ?? file
            parts.append(frame.line.map { "\(name):\($0)" } ?? name)
        }
        return parts.joined(separator: " · ")
    }
}
