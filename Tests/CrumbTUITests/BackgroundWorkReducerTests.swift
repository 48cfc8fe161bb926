import CrumbEngine
@testable import CrumbTUI
import Testing

/// Filters, searches and the filter prompt's count that run off the input thread, as the
/// reducer sees them: the work it asks for, its progress on screen, its result, `Esc`, and
/// newer work superseding older. The lists are small; `atOnceBytes = 0` makes them count as big.
@Suite struct BackgroundWorkReducerTests {
    typealias S = ViewerTestSupport

    /// A list whose filters and searches all go to the background.
    static func bigList(_ count: Int = 30) throws -> CrumbList {
        let list = try S.list(S.jsonLines(count))
        list.atOnceBytes = 0
        return list
    }

    /// The work `effects` start (the last one asked for).
    static func started(_ effects: [Effect]) -> BackgroundWork? {
        effects.compactMap { effect -> BackgroundWork? in
            if case .startWork(let work) = effect { return work }
            return nil
        }.last
    }

    /// What the session reports when `work` is done: evaluated, as on its thread, over a
    /// snapshot of the list's store.
    static func done(_ work: BackgroundWork, _ list: CrumbList) -> Action {
        .workDone(id: work.id, WorkResult(result: FilterResult(work.filter, in: list.store.snapshot())))
    }

    static func statusLine(_ state: ViewerState, _ list: CrumbList) -> String {
        S.render(state, list)[state.height - 1]
    }

    @Test func aSlowFilterRunsInTheBackgroundWhileTheListStaysAndMoves() throws {
        let list = try Self.bigList()
        var state = S.state(list)
        S.apply(&state, list, .move(4), .openFilter)
        S.type(&state, list, "thread:w2")
        let work = try #require(Self.started(S.apply(&state, list, .submit)))
        #expect(work.purpose == .filter && work.text == "thread:w2")
        #expect(state.prompt == nil && state.filtering == work)
        #expect(list.count == 30 && state.filterText == "", "the list shows what it showed until the work is done")
        #expect(Self.statusLine(state, list).hasSuffix("filtering… 0%, Esc cancels"))
        S.apply(&state, list, .workProgress(id: work.id, checked: 12, total: 30))
        #expect(Self.statusLine(state, list).hasSuffix("filtering… 40%, Esc cancels"))
        S.apply(&state, list, .move(1))
        #expect(state.selected == 5, "keys still move in the list")
        #expect(S.apply(&state, list, Self.done(work, list)) == [])
        #expect(state.filtering == nil && state.filterText == "thread:w2" && list.count == 10)
        #expect(state.filterHistory == ["thread:w2"])
        // Crumb 5 was selected; the next one shown is 7, w2's row 2.
        #expect(list.crumb(atRow: state.selected) == 7)
        #expect(!Self.statusLine(state, list).contains("filtering"))
    }

    /// A file big enough to open progressively: its first part is shown filtered, then the whole
    /// file arrives. The filter is not made again on the input thread: the first part's matches
    /// stay shown while it runs over the whole file in the background.
    @Test func aSlowFilterInPlaceWhenTheWholeFileArrivesIsMadeInTheBackground() throws {
        let list = try S.list(S.jsonLines(12), filter: "thread:w2")
        list.atOnceBytes = 0
        var state = ViewerState(filterText: "thread:w2", follow: false, width: 80, height: 24)
        #expect(ViewerReducer.reduce(&state, .loaded(LoadedCrumbs(store: list.store, isPreview: true)), list).isEmpty == false)
        if let work = state.filtering { S.apply(&state, list, Self.done(work, list)) }
        #expect(list.count == 4)
        let whole = S.loaded(S.jsonLines(30)).store
        let work = try #require(Self.started(S.apply(&state, list, .loaded(LoadedCrumbs(store: whole)))))
        #expect(work.purpose == .filter && work.text == "thread:w2" && state.filtering == work)
        #expect(list.count == 4, "the first part's matches stay shown")
        #expect(Self.statusLine(state, list).hasSuffix("filtering… 0%, Esc cancels"))
        S.apply(&state, list, Self.done(work, list))
        #expect(state.filtering == nil && state.filterText == "thread:w2" && list.count == 10)
    }

    /// Cancelled before it looked at the whole file, that filter shows every crumb rather than
    /// the first part's matches as if they were all.
    @Test func cancellingTheFilterOfTheWholeFileShowsEveryCrumb() throws {
        let list = try S.list(S.jsonLines(12), filter: "thread:w2")
        list.atOnceBytes = 0
        var state = ViewerState(filterText: "thread:w2", follow: false, width: 80, height: 24)
        if let work = state.filtering { S.apply(&state, list, Self.done(work, list)) }
        _ = try #require(Self.started(S.apply(&state, list, .loaded(LoadedCrumbs(store: S.loaded(S.jsonLines(30)).store)))))
        S.apply(&state, list, .cancelWork)
        #expect(state.filtering == nil && state.filterText == "" && list.count == 30)
        #expect(state.message?.text.contains("showing them all") == true)
    }

    @Test func escCancelsTheFilterAndLeavesThePreviousListInPlace() throws {
        let list = try Self.bigList()
        var state = S.state(list)
        S.apply(&state, list, .openFilter)
        S.type(&state, list, "thread:w1")
        let first = try #require(Self.started(S.apply(&state, list, .submit)))
        S.apply(&state, list, Self.done(first, list))
        S.apply(&state, list, .openFilter, .cursorHome, .deleteForward, .deleteForward, .deleteForward, .deleteForward,
                .deleteForward, .deleteForward, .deleteForward, .deleteForward, .deleteForward)
        S.type(&state, list, "event:e1*")
        let second = try #require(Self.started(S.apply(&state, list, .submit)))
        #expect(KeyMap.action(for: .escape, in: state) == .cancelWork)
        #expect(S.apply(&state, list, .cancelWork) == [.cancelWork(id: second.id)])
        #expect(state.filtering == nil)
        #expect(state.message?.text == "filter cancelled: the list is as it was")
        // Reports that were on their way change nothing.
        S.apply(&state, list, .workProgress(id: second.id, checked: 5, total: 30), Self.done(second, list))
        #expect(state.filterText == "thread:w1" && list.count == 10)
        #expect(list.filter.expression == "thread:w1")
        // With nothing running, Esc is Esc again.
        #expect(KeyMap.action(for: .escape, in: state) == .escape)
    }

    @Test func aNewFilterSupersedesTheOneRunning() throws {
        let list = try Self.bigList()
        var state = S.state(list)
        S.apply(&state, list, .openFilter)
        S.type(&state, list, "thread:w1")
        let first = try #require(Self.started(S.apply(&state, list, .submit)))
        S.apply(&state, list, .openFilter)
        S.type(&state, list, "thread:w3")
        let effects = S.apply(&state, list, .submit)
        let second = try #require(Self.started(effects))
        #expect(effects == [.cancelWork(id: first.id), .startWork(second)])
        S.apply(&state, list, Self.done(first, list))
        #expect(list.count == 30, "the superseded filter's result is not shown")
        S.apply(&state, list, Self.done(second, list))
        #expect(state.filterText == "thread:w3" && list.count == 10)
    }

    @Test func facetPicksAddUpWhileTheirFilterIsApplied() throws {
        let list = try Self.bigList()
        var state = S.state(list)
        S.apply(&state, list, .openFacets(.threads))
        func pick(_ thread: String) throws -> BackgroundWork? {
            let panel = try #require(state.facets)
            state.facets?.selected = try #require(panel.items.firstIndex { $0.label == thread })
            return Self.started(S.apply(&state, list, .facetExclude))
        }
        let first = try #require(try pick("w1"))
        #expect(first.text == "-thread:w1")
        let second = try #require(try pick("w2"))
        #expect(second.text == "-thread:w1 -thread:w2", "the second pick adds to the first, still running")
        #expect(state.message?.text == "filter: -thread:w1 -thread:w2")
        S.apply(&state, list, Self.done(second, list))
        #expect(list.count == 10)
        let panel = try #require(state.facets)
        #expect(panel.items[panel.selected].label == "w2", "the cursor stays on the value picked")
        #expect(panel.items.first { $0.label == "w1" }?.mark == .excluded)
    }

    @Test func theSearchRunsInTheBackgroundAndEscCancelsIt() throws {
        let list = try Self.bigList()
        var state = S.state(list)
        S.apply(&state, list, .openSearch)
        S.type(&state, list, "E2")
        let work = try #require(Self.started(S.apply(&state, list, .submit)))
        #expect(work.purpose == .search && state.searching == work && state.selected == 0)
        #expect(Self.statusLine(state, list).hasSuffix("searching… 0%, Esc cancels"))
        S.apply(&state, list, Self.done(work, list))
        #expect(list.crumb(atRow: state.selected) == 2 && state.search == "E2")
        S.apply(&state, list, .openSearch)
        S.type(&state, list, "e1")
        let next = try #require(Self.started(S.apply(&state, list, .submit)))
        #expect(S.apply(&state, list, .cancelWork) == [.cancelWork(id: next.id)])
        #expect(state.message?.text == "search cancelled: the list is as it was")
        S.apply(&state, list, .searchNext)
        #expect(list.crumb(atRow: state.selected) == 20, "n goes on with the search that was done")
    }

    /// Typing never starts work: the count waits until typing pauses, runs off the input
    /// thread, and a key typed meanwhile stops it.
    @Test func thePromptCountsOffTheInputThreadOnceTypingPauses() throws {
        let list = try Self.bigList(3000)
        var state = S.state(width: 100, list)
        S.apply(&state, list, .openFilter)
        #expect(state.prompt?.previewCount == 3000, "the filter shown is counted already")
        for character in "e199" {
            #expect(S.apply(&state, list, .type(character)) == [], "no work for a key")
        }
        #expect(state.prompt?.previewPending == true && state.prompt?.previewCount == nil)
        #expect(S.render(state, list).contains { $0.hasPrefix("counting…  ·") })
        let first = try #require(Self.started(S.apply(&state, list, .countPreview)))
        #expect(first.purpose == .count && state.prompt?.counting == first)
        S.apply(&state, list, .workProgress(id: first.id, checked: 1200, total: 3000))
        #expect(S.render(state, list).contains { $0.hasPrefix("counting… 40%") })
        #expect(S.apply(&state, list, .type("9")) == [.cancelWork(id: first.id)], "a key stops the count of what was typed before")
        #expect(state.prompt?.counting == nil && state.prompt?.previewPending == true)
        S.apply(&state, list, Self.done(first, list))
        #expect(state.prompt?.previewCount == nil)
        let second = try #require(Self.started(S.apply(&state, list, .countPreview)))
        S.apply(&state, list, Self.done(second, list))
        #expect(state.prompt?.previewCount == 1 && state.prompt?.previewPending == false)
        #expect(S.render(state, list).contains { $0.hasPrefix("1 of 3,000 crumbs match") })
        // A mistake is shown at once; Esc while counting stops the count.
        S.type(&state, list, "\"")
        #expect(state.prompt?.error?.message == "unterminated quote" && state.prompt?.previewPending == false)
        S.apply(&state, list, .backspace)
        let third = try #require(Self.started(S.apply(&state, list, .countPreview)))
        #expect(S.apply(&state, list, .cancel) == [.cancelWork(id: third.id)])
        #expect(state.prompt == nil && list.count == 3000)
    }

    @Test func theWholeInputArrivingStartsTheRunningWorkAgainOverIt() throws {
        let list = try Self.bigList()
        var state = S.state(list)
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(30), isPreview: true)), .openFilter)
        S.type(&state, list, "thread:w2")
        let old = try #require(Self.started(S.apply(&state, list, .submit)))
        let effects = S.apply(&state, list, .loaded(S.loaded(S.jsonLines(3000), seconds: 0.1)))
        let restarted = try #require(Self.started(effects))
        #expect(effects == [.cancelWork(id: old.id), .startWork(restarted)])
        #expect(restarted.text == "thread:w2" && restarted.id != old.id)
        S.apply(&state, list, Self.done(restarted, list))
        #expect(list.count == 1000 && state.shownCount == 1000)
    }

    @Test func filtersWithoutTermsAndSmallInputsAnswerAtOnce() throws {
        let list = try Self.bigList()
        var state = S.state(list)
        S.apply(&state, list, .openFilter)
        S.type(&state, list, "thread:w2")
        S.apply(&state, list, Self.done(try #require(Self.started(S.apply(&state, list, .submit))), list))
        S.apply(&state, list, .openFilter, .cursorEnd)
        for _ in 0..<9 { S.apply(&state, list, .backspace) }
        #expect(state.prompt?.previewCount == 30, "no terms: every crumb, counted at once")
        #expect(S.apply(&state, list, .submit) == [] && list.count == 30)
        list.atOnceBytes = 256 << 10
        S.apply(&state, list, .openFilter)
        S.type(&state, list, "thread:w3")
        #expect(state.prompt?.previewCount == 10)
        #expect(S.apply(&state, list, .submit) == [] && list.count == 10)
    }
}
