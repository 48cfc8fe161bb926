import CrumbEngine
@testable import CrumbTUI
import Testing

/// The viewer's state changes, without a terminal.
@Suite struct ViewerReducerTests {
    typealias S = ViewerTestSupport

    @Test func movesAndPagesWithinTheList() throws {
        let list = try S.list(S.jsonLines(100))
        var state = S.state(list)
        S.apply(&state, list, .move(1), .move(1))
        #expect(state.selected == 2)
        S.apply(&state, list, .move(-5))
        #expect(state.selected == 0)
        S.apply(&state, list, .pageDown)
        #expect(state.selected == 22)
        #expect(state.top == 22)
        S.apply(&state, list, .last)
        #expect(state.selected == 99)
        #expect(state.top == 100 - 22)
        S.apply(&state, list, .first)
        #expect(state.selected == 0 && state.top == 0)
        S.apply(&state, list, .scroll(3))
        #expect(state.selected == 3 && state.top == 3)
    }

    @Test func followSticksToTheBottomUnlessScrolledUp() throws {
        let list = try S.list(S.jsonLines(10))
        var state = S.state(list)
        let effects = S.apply(&state, list, .toggleFollow)
        #expect(effects == [.follow(true)])
        #expect(state.selected == 9)
        S.apply(&state, list, S.tailed(S.jsonLines(5, from: 10), firstLine: 11))
        #expect(state.selected == 14)
        #expect(state.newCrumbs == 0)
        S.apply(&state, list, .move(-3))
        S.apply(&state, list, S.tailed(S.jsonLines(4, from: 15), firstLine: 16))
        #expect(state.selected == 11)
        #expect(state.newCrumbs == 4)
        S.apply(&state, list, .last)
        #expect(state.selected == 18)
        #expect(state.newCrumbs == 0)
    }

    @Test func filterPromptPreviewsTheCountAndAppliesOnEnter() throws {
        let list = try S.list(S.jsonLines(30))
        var state = S.state(list)
        S.apply(&state, list, .move(4), .openFilter)
        S.type(&state, list, "thread:w2")
        #expect(state.prompt?.previewCount == 10)
        #expect(list.count == 30)
        S.apply(&state, list, .submit)
        #expect(state.prompt == nil)
        #expect(state.filterText == "thread:w2")
        #expect(list.count == 10)
        // Crumb 4 (w2) stays selected: it is row 1 of w2's crumbs 1, 4, 7, ...
        #expect(list.crumb(atRow: state.selected) == 4)
    }

    @Test func badFilterShowsTheErrorWithItsColumnAndEscCancels() throws {
        let list = try S.list(S.jsonLines(30))
        var state = S.state(list)
        S.apply(&state, list, .openFilter)
        S.type(&state, list, #"user:"o"#)
        #expect(state.prompt?.error?.column == 6)
        #expect(state.prompt?.error?.message == "unterminated quote")
        S.apply(&state, list, .submit)
        #expect(state.prompt != nil, "a bad expression is not applied")
        S.apply(&state, list, .cancel)
        #expect(state.prompt == nil)
        #expect(state.filterText == "")
        #expect(list.count == 30)
    }

    @Test func filterHistoryWithUpAndDown() throws {
        let list = try S.list(S.jsonLines(30))
        var state = S.state(list)
        for text in ["thread:w1", "event:e1*"] {
            S.apply(&state, list, .openFilter, .cursorHome)
            for _ in 0..<20 { S.apply(&state, list, .deleteForward) }
            S.type(&state, list, text)
            S.apply(&state, list, .submit)
        }
        S.apply(&state, list, .openFilter, .historyUp)
        #expect(state.prompt?.text == "event:e1*")
        S.apply(&state, list, .historyUp)
        #expect(state.prompt?.text == "thread:w1")
        #expect(state.prompt?.previewCount == 10)
        S.apply(&state, list, .historyDown, .historyDown)
        #expect(state.prompt?.text == "")
    }

    @Test func searchFindsNextAndPreviousMatchesAndWraps() throws {
        let list = try S.list(S.jsonLines(30))
        var state = S.state(list)
        S.apply(&state, list, .openSearch)
        S.type(&state, list, "E2")
        S.apply(&state, list, .submit)
        #expect(list.crumb(atRow: state.selected) == 2)
        S.apply(&state, list, .searchNext)
        #expect(list.crumb(atRow: state.selected) == 20)
        S.apply(&state, list, .searchNext)
        #expect(list.crumb(atRow: state.selected) == 21)
        S.apply(&state, list, .searchPrevious)
        #expect(list.crumb(atRow: state.selected) == 20)
        S.apply(&state, list, .last, .searchNext)
        #expect(list.crumb(atRow: state.selected) == 2)
        #expect(state.message?.text.contains("wrapped") == true)
    }

    @Test func facetsCountUnderTheFilterAndToggleTerms() throws {
        let list = try S.list(S.jsonLines(30))
        var state = S.state(list)
        S.apply(&state, list, .openFacets(.threads))
        #expect(state.facets?.items.map(\.label) == ["w1", "w2", "w3"])
        #expect(state.facets?.items.map(\.count) == [10, 10, 10])
        S.apply(&state, list, .move(1), .facetInclude)
        #expect(state.filterText == "thread:w2")
        #expect(list.count == 10)
        #expect(state.facets?.items.first { $0.label == "w2" }?.mark == .included)
        S.apply(&state, list, .openFacets(.context))
        #expect(state.facets?.items.map(\.label) == ["request_id", "req-0", "req-1"])
        #expect(state.facets?.items.map(\.count) == [10, 5, 5])
        S.apply(&state, list, .move(1), .facetExclude)
        #expect(state.filterText == "thread:w2 -ctx.request_id:req-0")
        #expect(list.count == 5)
        S.apply(&state, list, .facetExclude)
        #expect(state.filterText == "thread:w2")
        S.apply(&state, list, .escape)
        #expect(state.facets == nil)
    }

    @Test func timelineMovesAlongTheThread() throws {
        let list = try S.list(S.jsonLines(30))
        var state = S.state(list)
        S.apply(&state, list, .toggleTimeline, .sameThread(forward: true))
        #expect(state.selected == 3)
        S.apply(&state, list, .sameThread(forward: true), .sameThread(forward: false))
        #expect(state.selected == 3)
    }

    @Test func timeModeCyclesThroughThree() throws {
        let list = try S.list(S.jsonLines(3))
        var state = S.state(list)
        S.apply(&state, list, .cycleTimeMode)
        #expect(state.timeMode == .relative)
        S.apply(&state, list, .cycleTimeMode, .cycleTimeMode)
        #expect(state.timeMode == .absolute)
    }

    @Test func helpClosesOnAnyKeyAndQuitQuits() throws {
        let list = try S.list(S.jsonLines(3))
        var state = S.state(list)
        S.apply(&state, list, .toggleHelp)
        #expect(state.helpOpen)
        S.apply(&state, list, .move(1))
        #expect(!state.helpOpen)
        #expect(state.selected == 0)
        S.apply(&state, list, .quit)
        #expect(state.quit)
    }

    @Test func writeAsksForAJSONOrJSONLinesName() throws {
        let list = try S.list(S.jsonLines(3))
        var state = S.state(list)
        S.apply(&state, list, .openWrite)
        #expect(S.apply(&state, list, .submit) == [.write(path: "crumbs-shown.jsonl", replacing: false)])
        S.apply(&state, list, .openWrite, .type("x"))
        #expect(S.apply(&state, list, .submit) == [])
        #expect(state.prompt?.error != nil)
    }

    @Test func detailMouseAndResize() throws {
        let list = try S.list(S.jsonLines(100))
        var state = S.state(list)
        S.apply(&state, list, .click(x: 5, y: 6))
        #expect(state.selected == 5)
        S.apply(&state, list, .toggleDetail)
        #expect(state.detailOpen)
        S.apply(&state, list, .move(20))
        #expect(state.selected >= state.top && state.selected < state.top + ViewerReducer.layout(state, list).list.height)
        S.apply(&state, list, .resize(width: 120, height: 40))
        #expect(state.width == 120 && state.height == 40)
    }

    @Test func keysMapByWhatIsOnScreen() throws {
        var state = ViewerState()
        #expect(KeyMap.action(for: .character("q"), in: state) == .quit)
        #expect(KeyMap.action(for: .character("j"), in: state) == .move(1))
        #expect(KeyMap.action(for: .mouse(.wheelDown), in: state) == .scroll(3))
        state.prompt = Prompt(kind: .filter, text: "")
        #expect(KeyMap.action(for: .character("q"), in: state) == .type("q"))
        #expect(KeyMap.action(for: .escape, in: state) == .cancel)
        state.prompt = nil
        state.facets = FacetPanel(kind: .threads, items: [])
        #expect(KeyMap.action(for: .character("q"), in: state) == .escape)
        #expect(KeyMap.action(for: .character("-"), in: state) == .facetExclude)
        #expect(KeyMap.action(for: .control("c"), in: state) == .quit)
    }

    @Test func filterTermsQuoteValuesAndToggle() {
        #expect(FilterTerms.term("thread", "worker 1") == #"thread:"worker 1""#)
        #expect(FilterTerms.split(#"a:"x y" -b:c"#) == [#"a:"x y""#, "-b:c"])
        #expect(FilterTerms.toggle("thread:a", negated: false, in: "-thread:a x") == "x thread:a")
    }
}
