/// Where each part of the screen goes, from the state: the reducer needs it (page size, what
/// a click hit) as much as the renderer.
///
///     row 0            top bar
///     list             the crumbs
///     detail           the selected crumb in full (Enter/Tab)
///     timeline         one lane per thread (l)
///     bottom 1 or 2    status line, or the prompt with its preview/error line above it
struct ScreenLayout: Equatable {
    var width: Int
    var height: Int
    var listTop = 1
    var listHeight = 0
    var detailTop = 0
    var detailHeight = 0
    var timelineTop = 0
    var timelineHeight = 0
    /// The prompt's preview/error line and input line (when a prompt is open).
    var promptTop = 0
    var statusRow = 0

    /// Most lanes the timeline shows; more threads scroll with the selection.
    static let maxLanes = 8

    init(_ state: ViewerState, lanes: Int) {
        width = state.width
        height = state.height
        let bottom = state.prompt == nil ? 1 : 2
        statusRow = height - 1
        promptTop = height - 2
        var available = max(height - 1 - bottom, 0)
        if state.timelineOpen {
            timelineHeight = min(min(max(lanes, 1), Self.maxLanes) + 1, max(available - 3, 0))
            available -= timelineHeight
        }
        if state.detailOpen {
            detailHeight = available / 2
            available -= detailHeight
        }
        listHeight = available
        detailTop = listTop + listHeight
        timelineTop = detailTop + detailHeight
    }
}
