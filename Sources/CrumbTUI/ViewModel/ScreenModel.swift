import CrumbEngine

/// Everything one frame shows, as text, numbers and flags: what the views draw from. Built in
/// one place (`init(_:_:characterWidth:)`) from the state and the crumb list for one screen
/// size; the views never see the store, crumb numbers or interned ids.
///
/// What a frame computes stays in proportion to what is on screen: only the visible rows and
/// the selected crumb are decoded; the timeline, when open, takes one pass over the shown
/// crumbs. A new part of the screen (a crash's frames) is a new part here, made in its own
/// file and drawn by its own view.
struct ScreenModel: Equatable {
    /// Where each part goes; its size is the screen's.
    var layout: ScreenLayout
    var isTooSmall = false
    var topBar = TopBarModel()
    var list = ListModel()
    /// The selected crumb in full (nil: the pane is closed).
    var detail: DetailModel?
    /// The crash pane, where the detail pane goes (nil: closed).
    var crash: CrashPaneModel?
    /// A lane per thread (nil: closed).
    var timeline: TimelineModel?
    var bottom = BottomLine.status(StatusModel())
    /// The open facet panel: its lines are already counts and labels.
    var facets: FacetPanel?
    var helpOpen = false

    var width: Int { layout.width }
    var height: Int { layout.height }
}

extension ScreenModel {
    /// The frame for `state` showing `list`. `characterWidth` measures names for the list's
    /// columns.
    init(_ state: ViewerState, _ list: CrumbList, characterWidth: CharacterWidth) {
        layout = ScreenLayout(state, list)
        isTooSmall = state.isTooSmall
        guard !isTooSmall else { return }
        topBar = TopBarModel(state, list)
        self.list = ListModel(state, list, rows: layout.list.height, characterWidth: characterWidth)
        if layout.detail.height > 0 {
            if state.crashPaneOpen { crash = CrashPaneModel(state, list) } else { detail = DetailModel(state, list) }
        }
        if layout.timeline.height > 0 { timeline = TimelineModel(state, list, in: layout.timeline) }
        if let prompt = state.prompt {
            bottom = .prompt(PromptModel(prompt: prompt, shown: list.count, total: list.total))
        } else {
            bottom = .status(StatusModel(message: state.message, progress: Self.progress(state), newCrumbs: state.newCrumbs))
        }
        facets = state.facets
        helpOpen = state.helpOpen
    }
}

extension ScreenModel {
    /// Loading progress and the background work's, for the status line: "filtering… 37%, Esc cancels".
    static func progress(_ state: ViewerState) -> String? {
        let work = [state.filtering, state.searching].compactMap { $0?.progressText }
        let parts = [state.loading].compactMap { $0 } + (work.isEmpty ? [] : [work.joined(separator: "  ") + ", Esc cancels"])
        return parts.isEmpty ? nil : parts.joined(separator: "  ")
    }
}

extension ScreenRenderer {
    /// The frame for `state` showing `list`: its model, drawn.
    static func render(_ state: ViewerState, _ list: CrumbList, characterWidth: @escaping CharacterWidth) -> CellGrid {
        render(ScreenModel(state, list, characterWidth: characterWidth), characterWidth: characterWidth)
    }
}
