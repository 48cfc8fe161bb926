import CrumbEngine
@testable import CrumbTUI
import Testing

/// What the session learns from the world reaches the state as actions: loading, the tailer's
/// lines and what happened to its file, resizes, and what came of `F`.
@Suite struct ViewerWorldActionTests {
    typealias S = ViewerTestSupport

    /// An empty viewer, as the session starts one before anything is loaded.
    func start(width: Int = 80, height: Int = 24, filter: String = "") throws -> (ViewerState, CrumbList) {
        let list = CrumbList(store: CrumbStore(), files: ["test.jsonl"], filter: try CrumbFilter(filter))
        return (ViewerState(filterText: filter, follow: false, width: width, height: height), list)
    }

    @Test func theFirstStateComesFromTheCommandLine() {
        let state = ViewerState(filterText: "thread:w1", follow: true, width: 100, height: 30)
        #expect(state.filterText == "thread:w1")
        #expect(state.filterHistory == ["thread:w1"], "↑ in the filter prompt brings back the command line's filter")
        #expect(state.follow)
        #expect(state.width == 100 && state.height == 30)
        #expect(ViewerState(filterText: "", follow: false, width: 80, height: 24).filterHistory.isEmpty)
    }

    @Test func progressShowsUntilTheWholeInputReplacesThePreview() throws {
        var (state, list) = try start()
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(10), isPreview: true)), .loadProgress("indexing test.jsonl (9 MB)… 0.3 s"))
        #expect(list.count == 10)
        #expect(state.loading == "indexing test.jsonl (9 MB)… 0.3 s")
        #expect(state.message == nil, "a preview says nothing yet")
        #expect(S.render(state, list)[23].hasSuffix("indexing test.jsonl (9 MB)… 0.3 s"))
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(100), seconds: 1.5)))
        #expect(list.total == 100)
        #expect(state.loading == nil)
        #expect(state.message == StatusMessage(text: "loaded 100 crumbs in 1.50 s"))
        #expect(S.render(state, list)[0] == " crumbtui  test.jsonl  100 crumbs")
    }

    @Test func aFinishedLoadKeepsTheSelectedCrumbTheFilterAndTheSearch() throws {
        var (state, list) = try start(height: 12)
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(30), isPreview: true)), .openFilter)
        S.type(&state, list, "thread:w2")
        S.apply(&state, list, .submit, .openSearch)
        S.type(&state, list, "req-0")
        S.apply(&state, list, .submit, .move(7), .openFacets(.threads))
        // Rows of w2 are crumbs 1, 4, 7, …; the search found crumb 4 first, and 7 rows on is crumb 25.
        #expect(list.crumb(atRow: state.selected) == 25)
        #expect(state.facets?.items.map(\.count) == [10])
        let top = state.top
        // The filter and the search are made again over the whole input in the background (the
        // session runs them; here they are done at once).
        list.atOnceBytes = 0
        let effects = S.apply(&state, list, .loaded(S.loaded(S.jsonLines(3000), seconds: 0.25)))
        let works = effects.compactMap { effect -> BackgroundWork? in
            if case .startWork(let work) = effect { return work }
            return nil
        }
        #expect(works.map(\.purpose) == [.filter, .search])
        for work in works { S.apply(&state, list, BackgroundWorkReducerTests.done(work, list)) }
        #expect(list.crumb(atRow: state.selected) == 25)
        #expect(state.top == top, "the rows on screen stay where they were")
        #expect(state.filterText == "thread:w2" && list.count == 1000)
        #expect(state.facets?.items.map(\.count) == [1000], "the facet panel counts the whole input")
        #expect(state.shownCount == 1000)
        S.apply(&state, list, .escape, .searchNext, .searchNext)
        #expect(list.crumb(atRow: state.selected) == 34, "the search runs over the whole input: w2 crumbs of req-0 are 28, 34, …")
    }

    @Test func anOpenFilterPromptCountsAmongTheWholeInput() throws {
        var (state, list) = try start()
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(30), isPreview: true)), .openFilter)
        S.type(&state, list, "thread:w1")
        #expect(state.prompt?.previewCount == 10)
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(300), seconds: 0.1)))
        #expect(state.prompt?.previewCount == 100)
        #expect(S.render(state, list)[22].hasPrefix("100 of 300 crumbs match"))
    }

    @Test func aLoadWithBrokenLinesSaysWhatWasSkipped() throws {
        var (state, list) = try start()
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(2) + "not json\n" + S.jsonLines(1, from: 2))))
        #expect(list.total == 3)
        #expect(state.message?.isError == true)
        #expect(state.message?.text.hasPrefix("loaded 3 crumbs, skipped 1 broken part: test.jsonl:3: ") == true)
        // Read before the first screen, a clean load says nothing: the hints show.
        (state, list) = try start()
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(2))))
        #expect(state.message == nil)
    }

    @Test func appendedLinesStickToTheBottomOrAreCountedAsNew() throws {
        var (state, list) = try start(height: 10)
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(20))), .toggleFollow)
        #expect(state.selected == 19)
        S.apply(&state, list, S.tailed(S.jsonLines(3, from: 20), firstLine: 21))
        #expect(state.selected == 22)
        #expect(state.top == 22 - ViewerReducer.layout(state, list).list.height + 1, "the newest crumb is the last row on screen")
        S.apply(&state, list, .move(-1), S.tailed(S.jsonLines(4, from: 23), firstLine: 24))
        #expect(state.selected == 21)
        #expect(state.newCrumbs == 4)
        #expect(S.render(state, list)[9].hasSuffix("4 new ↓ (G)"))
        // Not following, lines that arrive (the session only polls while following) move nothing.
        S.apply(&state, list, .toggleFollow, S.tailed(S.jsonLines(2, from: 27), firstLine: 28))
        #expect(state.selected == 21 && state.newCrumbs == 0)
        #expect(state.shownCount == 29)
    }

    @Test func appendedLinesArriveWhileAPromptIsOpen() throws {
        var (state, list) = try start()
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(5))), .toggleFollow, .openSearch)
        S.type(&state, list, "e")
        S.apply(&state, list, S.tailed(S.jsonLines(2, from: 5), firstLine: 6))
        #expect(list.count == 7)
        #expect(state.selected == 6)
        #expect(state.prompt?.text == "e", "the prompt stays open with its text")
    }

    @Test func theTailersNewsGoesToTheStatusLine() throws {
        var (state, list) = try start()
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(3))))
        let news: [(FileTailer.Event, String, Bool)] = [
            (.truncated, "test.jsonl was truncated: reading it again from its start", false),
            (.rotated, "test.jsonl was rotated: following the new file", false),
            (.deleted, "test.jsonl was deleted: waiting for it to reappear", true),
            (.reappeared, "test.jsonl reappeared: following it", false),
        ]
        for (event, text, isError) in news {
            S.apply(&state, list, S.tailed("", events: [event]))
            #expect(state.message == StatusMessage(text: text, isError: isError))
        }
        S.apply(&state, list, S.tailed(#"{"event":"ok","thread":"t"}"# + "\nbroken\n", firstLine: 41))
        #expect(list.total == 4)
        #expect(state.message == StatusMessage(
            text: "skipped 1 line: test.jsonl:42: not a crumb (a line must be one JSON object); line skipped", isError: true))
    }

    @Test func aFollowedPathThatIsNotARegularFileIsSaidEscaped() throws {
        var (state, list) = try start()
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(3))))
        let read = TailRead(path: "live\u{1B}[2J.jsonl", events: [.notRegular("a FIFO")])
        S.apply(&state, list, .tailed(read))
        #expect(state.message == StatusMessage(
            text: "live\u{1B}[2J.jsonl is a FIFO, not a regular file: not read; waiting for a file there", isError: true))
        #expect(S.render(state, list)[23].hasPrefix("live^[[2J.jsonl is a FIFO"))
    }

    @Test func aStreamsWholeTextTakesThePlaceOfItsCrumbLinesThenLaterLinesFollow() throws {
        var (state, list) = try start()
        state.follow = true
        S.apply(&state, list, .tailed(TailRead(path: "-", data: Array(S.jsonLines(2).utf8), textLog: true)))
        #expect(list.total == 2)
        // Read whole, the text had a dump with a crash in it besides the two crumb lines.
        let whole = S.loaded(S.jsonLines(2) + #"{"event":"statecrumbs.crash","thread":"w1","signal":"SIGILL"}"# + "\n", isPreview: true)
        var read = TailRead(path: "-", data: Array(S.jsonLines(1, from: 7).utf8), textLog: true)
        read.reloaded = whole
        S.apply(&state, list, .tailed(read))
        #expect(list.store === whole.store)
        #expect(TestSupport.events(list.store) == ["e0", "e1", "statecrumbs.crash", "e7"])
        #expect(state.message?.text.hasPrefix("the process crashed: SIGILL") == true)
        #expect(state.selected == 3, "following: the newest crumb stays selected")
    }

    @Test func catchingUpWithABigFileShowsHowFarItGot() throws {
        var (state, list) = try start()
        var read = TailRead(path: "test.jsonl", data: Array(S.jsonLines(4).utf8), hasMore: true, bytesRead: 24 << 20)
        S.apply(&state, list, .tailed(read))
        #expect(state.loading == "reading test.jsonl… 24 MB")
        read = TailRead(path: "test.jsonl", bytesRead: 30 << 20)
        S.apply(&state, list, .tailed(read))
        #expect(state.loading == nil)
    }

    @Test func resizeKeepsTheSelectionVisible() throws {
        var (state, list) = try start(height: 40)
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(100))), .move(30))
        #expect(state.top == 0)
        S.apply(&state, list, .resize(width: 60, height: 12))
        let rows = ViewerReducer.layout(state, list).list
        #expect(state.selected == 30)
        #expect(state.top <= 30 && 30 < state.top + rows.height)
        let lines = S.render(state, list)
        #expect(lines.count == 12 && lines.allSatisfy { $0.count <= 60 })
        #expect(lines.contains { $0.contains(" e30 ") })
        S.apply(&state, list, .resize(width: 60, height: 40))
        #expect(state.top + ViewerReducer.layout(state, list).list.height <= 100, "a taller screen shows no empty rows below")
    }

    @Test func followStartsOrIsRefusedByWhatTheSessionFound() throws {
        var (state, list) = try start()
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(10))))
        #expect(S.apply(&state, list, .toggleFollow) == [.follow(true)])
        S.apply(&state, list, .followStarted(path: "test.jsonl"))
        #expect(state.follow)
        #expect(state.message == StatusMessage(text: "following test.jsonl: new crumbs appear at the bottom"))
        #expect(S.render(state, list)[0].hasSuffix("FOLLOW"))
        #expect(S.apply(&state, list, .toggleFollow) == [.follow(false)])
        #expect(S.apply(&state, list, .toggleFollow) == [.follow(true)])
        S.apply(&state, list, .followRefused)
        #expect(!state.follow)
        #expect(state.message == StatusMessage(text: "F follows one live file (JSON Lines) or ring file; this input cannot grow", isError: true))
    }

    @Test func aWrittenFileIsReportedWhateverIsOpen() throws {
        var (state, list) = try start()
        S.apply(&state, list, .loaded(S.loaded(S.jsonLines(3))), .toggleHelp, .message("wrote 3 crumbs to x.jsonl (JSON Lines)", isError: false))
        #expect(state.helpOpen, "a message does not count as the key that closes the help")
        #expect(state.message == StatusMessage(text: "wrote 3 crumbs to x.jsonl (JSON Lines)"))
    }
}
