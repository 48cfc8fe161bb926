import CrumbEngine
@testable import CrumbTUI
import Testing

/// The frame's model: what it holds for a state and a crumb list, and that the views draw from
/// it alone.
@Suite struct ScreenModelTests {
    typealias S = ViewerTestSupport

    @Test func viewsDrawAHandMadeModel() {
        // Texts, colours and counts no store holds: what shows can only come from the model.
        var marks = [Bool](repeating: false, count: 45)
        marks[0] = true
        marks[44] = true
        let model = ScreenModel(
            layout: ScreenLayout(width: 60, height: 12, lanes: 1),
            topBar: TopBarModel(files: ["/var/log/app.jsonl", "stdin"], shown: 2, total: 7, filter: "thread:a", follow: true),
            list: ListModel(rows: [
                ListRow(time: "  +1.000000", thread: "a", threadColor: .red, event: "start", context: "{id=1}", fields: "k=v",
                        isSelected: true),
                ListRow(time: "  +2.500000", thread: "a", threadColor: .red, event: "stop", fields: "note=\"two words\"",
                        highlight: "two"),
            ], threadWidth: 1, eventWidth: 5),
            timeline: TimelineModel(start: "10:00:01.000000", end: "10:00:02.500000", threads: 1, lanes: [
                TimelineLane(name: "a", color: .red, isSelected: true, marks: marks, selectedColumn: 0),
            ]),
            bottom: .status(StatusModel(message: StatusMessage(text: "hello from the model"), progress: "indexing… 0.1 s", newCrumbs: 3)))
        SystemCharacterWidth.useUTF8Locale()
        let grid = ScreenRenderer.render(model, characterWidth: SystemCharacterWidth.width)
        #expect(grid.lines == [
            " crumbtui  app.jsonl, stdin  2 of 7 crumbs  filter:  FOLLOW",
            "  +1.000000     a start {id=1} k=v",
            "  +2.500000     a stop  note=\"two words\"",
            "", "", "", "", "", "",
            "── timeline 10:00:01.000000 – 10:00:02.500000 · 1 threads ·",
            "a              ◆                                           •",
            "hello from the model            indexing… 0.1 s  3 new ↓ (G)",
        ])
        #expect(grid[16, 1].style.color == .red, "the thread in the colour the model gives")
        #expect(grid[0, 1].style.reverse, "the selected row")
        #expect(grid[30, 2].style.color == .yellow && grid[29, 2].style.color == .normal, "the search match marked")
    }

    @Test func aHandMadePromptAndDetailPane() {
        var prompt = Prompt(kind: .filter, text: "event:x")
        prompt.previewCount = 41
        let model = ScreenModel(
            layout: ScreenLayout(width: 50, height: 10, detail: true, prompt: true),
            list: ListModel(placeholder: "nothing to see"),
            detail: DetailModel(crumb: DetailCrumb(position: 9, count: 12, source: "a.jsonl", entries: [
                DetailEntry(kind: .event, key: "event", value: "x"),
                DetailEntry(kind: .heading, key: "context"),
                DetailEntry(kind: .context, key: "id", value: "7"),
            ])),
            bottom: .prompt(PromptModel(prompt: prompt, shown: 12, total: 1000)))
        SystemCharacterWidth.useUTF8Locale()
        let lines = ScreenRenderer.render(model, characterWidth: SystemCharacterWidth.width).lines
        #expect(lines[0] == " crumbtui  (no file)  0 crumbs")
        #expect(lines[3] == "  nothing to see")
        #expect(Array(lines[5...7]) == [
            "── crumb 9 of 12 · a.jsonl · J/K scroll · Enter cl",
            "event: x",
            "context:                                more (J)",
        ])
        #expect(lines[8] == "41 of 1,000 crumbs match  ·  Enter apply  Esc canc")
        #expect(lines[9] == "filter: event:x")
    }

    @Test func theModelDecodesOnlyTheVisibleRows() throws {
        let list = try S.list(S.jsonLines(5000))
        var state = S.state(width: 80, height: 24, list)
        S.apply(&state, list, .move(2500))
        let model = ScreenModel(state, list, characterWidth: SystemCharacterWidth.width)
        let rows = model.list.rows
        #expect(rows.count == model.layout.list.height)
        #expect(rows.first?.event == "e\(state.top)")
        #expect(rows.filter(\.isSelected).map(\.event) == ["e2500"])
        #expect(rows[0].context == "{request_id=req-\(state.top % 2)}")
        #expect(rows[0].time == "10:23:10.00\(state.top)")
        #expect(model.detail == nil && model.timeline == nil)
    }

    @Test func theTimelineModelFitsItsArea() throws {
        let list = try S.list(S.jsonLines(30))
        var state = S.state(width: 80, height: 24, list)
        S.apply(&state, list, .toggleTimeline, .move(4))
        let model = ScreenModel(state, list, characterWidth: SystemCharacterWidth.width)
        let timeline = try #require(model.timeline)
        #expect(timeline.threads == 3)
        #expect(timeline.lanes.map(\.name) == ["w1", "w2", "w3"])
        #expect(timeline.lanes.map(\.isSelected) == [false, true, false], "crumb 4 is w2's")
        let columns = model.layout.timeline.width - TimelineModel.labelWidth - 1
        #expect(timeline.lanes.allSatisfy { $0.marks.count == columns })
        #expect(timeline.lanes[1].selectedColumn == 4 * (columns - 1) / 29)
        #expect(timeline.lanes[0].marks.first == true && timeline.lanes[2].marks.last == true)
    }

    @Test func theListSaysWhyItIsEmpty() throws {
        let empty = CrumbList(store: CrumbStore(), files: ["x.jsonl"])
        func placeholder(_ state: ViewerState, _ list: CrumbList) -> String? {
            ScreenModel(state, list, characterWidth: SystemCharacterWidth.width).list.placeholder
        }
        var state = ViewerState(filterText: "", follow: false, width: 80, height: 24)
        #expect(placeholder(state, empty) == "no crumbs")
        S.apply(&state, empty, .loadProgress("indexing…"))
        #expect(placeholder(state, empty) == "loading…")
        #expect(placeholder(ViewerState(filterText: "", follow: true, width: 80, height: 24), empty)
            == "no crumbs yet: waiting for the file to grow")
        let list = try S.list(S.jsonLines(3), filter: "thread:nobody")
        #expect(placeholder(S.state(list), list) == "no crumb matches the filter (f to change it)")
        #expect(placeholder(S.state(try S.list(S.jsonLines(3))), try S.list(S.jsonLines(3))) == nil)
    }
}
