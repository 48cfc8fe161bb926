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
    /// The crash, named at once (nil: the input shows no crash).
    var crash: CrashSummary?
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
            crash = CrashSummary(crashes[index], position: crashes.count > 1 ? "crash \(index + 1) of \(crashes.count): " : "")
        }
    }
}

/// A crash as the top bar names it: `✖ Swift runtime failure: Index out of range · worker-7 ·
/// Handler.swift:42`, with `crash 2 of 3: ` before the reason when there are several. The view
/// cuts the reason, not the thread and the place, when the bar is too narrow for all of it.
struct CrashSummary: Equatable {
    var position = ""
    var reason: String
    /// ` · worker-7 · Handler.swift:42`: the thread and the first frame in the app's code.
    var place = ""

    init(position: String = "", reason: String, place: String = "") {
        self.position = position
        self.reason = reason
        self.place = place
    }

    init(_ crash: CrashReport, position: String) {
        self.position = position
        reason = crash.reason
        if let thread = crash.thread { place += " · " + thread }
        if let frame = crash.firstUserFrame, let file = frame.file {
            let name = file.split(separator: "/").last.map(String.init) ?? file
            place += " · " + (frame.line.map { "\(name):\($0)" } ?? name)
        }
    }
}
