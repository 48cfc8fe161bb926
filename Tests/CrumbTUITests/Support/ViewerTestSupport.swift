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

    /// `text` loaded as the session loads a file: the store and what the loader reported.
    static func loaded(_ text: String, isPreview: Bool = false, seconds: Double? = nil) -> LoadedCrumbs {
        let store = CrumbStore()
        let report = CrumbLoader().load(bytes: Array(text.utf8), name: "test.jsonl", into: store)
        return LoadedCrumbs(store: store, reports: isPreview ? [] : [report], isPreview: isPreview, seconds: seconds)
    }

    static func list(_ text: String, filter: String = "") throws -> CrumbList {
        CrumbList(store: loaded(text).store, files: ["test.jsonl"], filter: try CrumbFilter(filter))
    }

    /// The first state on a screen of this size, once `list`'s crumbs arrived as the session
    /// sends them.
    static func state(width: Int = 80, height: Int = 24, _ list: CrumbList) -> ViewerState {
        var state = ViewerState(filterText: "", follow: false, width: width, height: height)
        ViewerReducer.reduce(&state, .loaded(LoadedCrumbs(store: list.store)), list)
        return state
    }

    /// Lines the tailer read from the end of `test.jsonl`.
    static func tailed(_ text: String, firstLine: Int = 1, events: [FileTailer.Event] = []) -> Action {
        .tailed(TailRead(path: "test.jsonl", data: Array(text.utf8), firstLine: firstLine, events: events))
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
