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
    }
}
