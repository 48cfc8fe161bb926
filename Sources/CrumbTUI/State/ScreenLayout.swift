/// Where each part of the screen goes: the reducer needs it (page size, what a click hit) as
/// much as the renderer.
///
///     row 0            top bar
///     list             the crumbs
///     detail           the selected crumb in full (Enter/Tab), or the crash pane (x)
///     timeline         one lane per thread (l)
///     bottom 1 or 2    status line, or the prompt with its preview/error line above it
///
/// A closed part has height 0.
struct ScreenLayout: Equatable {
    var width: Int
    var height: Int
    var topBar: Rect
    var list: Rect
    var detail: Rect
    var timeline: Rect
    /// The prompt's preview/error line and its input line (when a prompt is open).
    var prompt: Rect
    var status: Rect

    /// Most lanes the timeline shows; more threads scroll with the selection.
    static let maxLanes = 8
    /// The smallest screen every part fits on; a smaller one only says so.
    static let minimumWidth = 40
    static let minimumHeight = 10

    /// The whole screen (the help overlay centres itself in it).
    var screen: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The layout with the detail pane, the timeline (`lanes` threads; nil: closed) and a
    /// prompt open or not.
    init(width: Int, height: Int, detail: Bool = false, crash: Bool = false, lanes: Int? = nil, prompt: Bool = false) {
        self.width = width
        self.height = height
        let bottom = prompt ? 2 : 1
        var available = max(height - 1 - bottom, 0)
        var timelineHeight = 0
        if let lanes {
            timelineHeight = min(min(max(lanes, 1), Self.maxLanes) + 1, max(available - 3, 0))
            available -= timelineHeight
        }
        var detailHeight = 0
        if crash {
            // The crash pane holds frames and source lines: it takes two thirds, the list keeps
            // a few rows around the crash.
            detailHeight = available * 2 / 3
            available -= detailHeight
        } else if detail {
            detailHeight = available / 2
            available -= detailHeight
        }
        topBar = Rect(x: 0, y: 0, width: width, height: 1)
        list = Rect(x: 0, y: 1, width: width, height: available)
        self.detail = Rect(x: 0, y: list.maxY, width: width, height: detailHeight)
        timeline = Rect(x: 0, y: self.detail.maxY, width: width, height: timelineHeight)
        self.prompt = Rect(x: 0, y: height - 2, width: width, height: 2)
        status = Rect(x: 0, y: height - 1, width: width, height: 1)
    }

    /// The layout for `state`, the timeline with a lane per thread of `list`.
    init(_ state: ViewerState, _ list: CrumbList) {
        self.init(width: state.width, height: state.height, detail: state.detailOpen, crash: state.crashPaneOpen,
                  lanes: state.timelineOpen ? list.store.threadNames.count : nil, prompt: state.prompt != nil)
    }
}
