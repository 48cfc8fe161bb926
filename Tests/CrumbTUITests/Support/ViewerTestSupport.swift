import CrumbEngine
@testable import CrumbTUI
import Foundation

/// Crumb lists and states for the viewer's reducer and render tests.
enum ViewerTestSupport {
    /// `count` crumbs: events e0, e1, …; threads cycling w1, w2, w3; a request id context;
    /// one microsecond apart.
    static func jsonLines(_ count: Int, from start: Int = 0) -> String {
        (start..<start + count).map { index in
            let second = 10 + index / 1_000_000, micros = index % 1_000_000
            let ts = "2025-12-30T10:23:\(second).\(String(repeating: "0", count: 6 - String(micros).count))\(micros)+00:00"
            return #"{"event":"e\#(index)","ts":"\#(ts)","thread":"w\#(index % 3 + 1)","context":{"request_id":"req-\#(index % 2)"},"n":\#(index)}"#
        }.joined(separator: "\n") + "\n"
    }

    static func list(_ text: String, filter: String = "") throws -> CrumbList {
        let store = CrumbStore()
        CrumbLoader().load(bytes: Array(text.utf8), name: "test.jsonl", into: store)
        return CrumbList(store: store, files: ["test.jsonl"], filter: try CrumbFilter(filter))
    }

    static func state(width: Int = 80, height: Int = 24, _ list: CrumbList) -> ViewerState {
        var state = ViewerState()
        state.width = width
        state.height = height
        state.shownCount = list.count
        return state
    }

    /// Applies actions in order; returns the effects of the last one.
    @discardableResult
    static func apply(_ state: inout ViewerState, _ list: CrumbList, _ actions: Action...) -> [Effect] {
        var effects: [Effect] = []
        for action in actions { effects = ViewerReducer.reduce(&state, action, list) }
        return effects
    }

    static func type(_ state: inout ViewerState, _ list: CrumbList, _ text: String) {
        for character in text { ViewerReducer.reduce(&state, .type(character), list) }
    }

    static func render(_ state: ViewerState, _ list: CrumbList) -> [String] {
        SystemCharacterWidth.useUTF8Locale()
        return ScreenRenderer.render(state, list, characterWidth: SystemCharacterWidth.width).lines
    }
}
