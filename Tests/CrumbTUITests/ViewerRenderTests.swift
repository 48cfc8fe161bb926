import CrumbEngine
@testable import CrumbTUI
import Testing

/// Frames drawn into the cell grid, compared to text (trailing spaces trimmed).
@Suite struct ViewerRenderTests {
    typealias S = ViewerTestSupport

    static let sample = """
    {"event":"app.start","ts":"2025-12-30T10:23:45.000001+00:00","thread":"MainThread","version":"1.2"}
    {"event":"db.query","ts":"2025-12-30T10:23:45.250000+00:00","thread":"worker-1","context":{"request_id":"req-7"},"table":"users","rows":3}
    {"event":"cache.put","ts":"2025-12-30T10:23:46.000000+00:00","thread":"worker-2","context":{"request_id":"req-8"},"value":"{\\"items\\":[1,2],\\"ok\\":true}"}
    {"event":"db.query","ts":"2025-12-30T10:23:47.500000+00:00","thread":"worker-1","context":{"request_id":"req-9"},"table":"orders","rows":0}

    """

    func frame(_ state: ViewerState, _ list: CrumbList) -> String {
        S.render(state, list).joined(separator: "\n")
    }

    @Test func list() throws {
        let list = try S.list(Self.sample)
        var state = S.state(width: 60, height: 10, list)
        S.apply(&state, list, .move(1))
        #expect(frame(state, list) == """
         crumbtui  test.jsonl  4 crumbs
        10:23:45.000001 MainThread app.start version=1.2
        10:23:45.250000 worker-1   db.query  {request_id=req-7} tabl
        10:23:46.000000 worker-2   cache.put {request_id=req-8} valu
        10:23:47.500000 worker-1   db.query  {request_id=req-9} tabl




        q quit  ? help  / search  f filter  t e c facets  l timelin
        """)
        let grid = ScreenRenderer.render(state, list, characterWidth: SystemCharacterWidth.width)
        #expect(grid[0, 2].style.reverse, "the selected row is highlighted")
        #expect(!grid[0, 1].style.reverse)
        #expect(grid[16, 2].style.color == ThreadColor.of("worker-1"))
    }

    @Test func timeColumnModes() throws {
        let list = try S.list(Self.sample)
        var state = S.state(width: 60, height: 10, list)
        S.apply(&state, list, .cycleTimeMode)
        #expect(S.render(state, list)[3].hasPrefix("      +0.999999 worker-2"))
        S.apply(&state, list, .cycleTimeMode)
        #expect(S.render(state, list)[4].hasPrefix("      +1.500000 worker-1"))
    }

    @Test func detailPanePrettyPrintsJSONValues() throws {
        let list = try S.list(Self.sample)
        var state = S.state(width: 60, height: 20, list)
        S.apply(&state, list, .move(2), .toggleDetail)
        let lines = S.render(state, list)
        #expect(Array(lines[10...18]) == [
            "── crumb 3 of 4 · test.jsonl · J/K scroll · Enter closes ───",
            "event: cache.put",
            "ts: 2025-12-30T10:23:46.000000+00:00",
            "thread: worker-2",
            "context:",
            "  request_id: req-8",
            "value: {",
            "         \"items\": [",
            "           1,                                     more (J)",
        ])
    }

    @Test func facets() throws {
        let list = try S.list(Self.sample)
        var state = S.state(width: 60, height: 10, list)
        S.apply(&state, list, .openFacets(.events), .facetInclude)
        #expect(frame(state, list) == """
         crumbtui  test.jsonl  2 of 4 crumbs  filter: event:db.query
        10:23:45.250000 worker┌─ events (1) ───────────────────────┐
        10:23:47.500000 worker│+   2  db.query                     │
                              │                                    │
                              │                                    │
                              │                                    │
                              │                                    │
                              │                                    │
                              └─ Enter include · - exclude · Esc ──┘
        filter: event:db.query
        """)
    }

    @Test func timeline() throws {
        let list = try S.list(Self.sample)
        var state = S.state(width: 60, height: 12, list)
        S.apply(&state, list, .toggleTimeline)
        let lines = S.render(state, list)
        #expect(Array(lines[7...10]) == [
            "── timeline 10:23:45.000001 – 10:23:47.500000 · 3 threads ·",
            "MainThread     ◆",
            "worker-1           •                                       •",
            "worker-2                        •",
        ])
    }

    @Test func help() throws {
        let list = try S.list(Self.sample)
        var state = S.state(width: 80, height: 24, list)
        S.apply(&state, list, .toggleHelp)
        let lines = S.render(state, list)
        #expect(lines.contains { $0.contains("┌─ crumbtui keys ") })
        for key in ["/", "f  :", "t  e  c", "F", "T", "w", "q  Ctrl-C", "Enter  Tab", "l"] {
            #expect(lines.contains { $0.contains("│ " + key + " ") }, "\(key)")
        }
    }

    @Test func filterErrorIsShownInPlace() throws {
        let list = try S.list(Self.sample)
        var state = S.state(width: 60, height: 10, list)
        S.apply(&state, list, .openFilter)
        S.type(&state, list, #"event:db.* user:"o"#)
        let lines = S.render(state, list)
        #expect(lines[8] == "                        ^ column 17: unterminated quote")
        #expect(lines[9] == #"filter: event:db.* user:"o"#)
        S.apply(&state, list, .backspace, .backspace, .backspace)
        #expect(S.render(state, list)[8] == "1 of 4 crumbs match  ·  Enter apply  Esc cancel  ↑↓ history")
    }

    @Test func tooSmall() throws {
        let list = try S.list(Self.sample)
        let state = S.state(width: 39, height: 10, list)
        let lines = S.render(state, list)
        #expect(lines == ["", "", "", "",
                          "          terminal too small",
                          "           39x10, need 40x10",
                          "                q quits",
                          "", "", ""])
    }

    @Test func wideCharactersKeepColumnsAligned() throws {
        let list = try S.list("""
        {"event":"ascii","thread":"t","user":"bob"}
        {"event":"日本語","thread":"t","user":"李雷"}
        {"event":"🎉ok","thread":"t","user":"Zoë"}

        """)
        let state = S.state(width: 40, height: 10, list)
        SystemCharacterWidth.useUTF8Locale()
        let grid = ScreenRenderer.render(state, list, characterWidth: SystemCharacterWidth.width)
        #expect(Array(grid.lines[1...3]) == [
            "                t      ascii  user=bob",
            "                t      日本語 user=李雷",
            "                t      🎉ok   user=Zoë",
        ])
        // user= starts in the same cell on every row.
        for y in 1...3 { #expect(grid[30, y].text == "u") }
    }

    @Test func controlCharactersFromTheFileAreShownAsEscapes() throws {
        let list = try S.list(#"{"event":"x\u001b[31mred\r\b\u0007\u009b","thread":"t"}"# + "\n")
        let state = S.state(width: 120, height: 10, list)
        let grid = ScreenRenderer.render(state, list, characterWidth: SystemCharacterWidth.width)
        #expect(grid.lines[1].contains(#"x^[[31mred\r\b^G\u{9B}"#))
        for cell in grid.cells { #expect(!cell.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) }
    }

    @Test func everyPanelFitsTheSmallestScreen() throws {
        let list = try S.list(Self.sample + S.jsonLines(50))
        for (width, height) in [(40, 10), (41, 11), (80, 24), (120, 40)] {
            for actions: [Action] in [[.toggleDetail, .toggleTimeline, .openFilter],
                                      [.openFacets(.context), .move(5)], [.toggleHelp],
                                      [.toggleTimeline, .last, .openSearch], [.toggleDetail, .scrollDetail(50)]] {
                var state = S.state(width: width, height: height, list)
                for action in actions { ViewerReducer.reduce(&state, action, list) }
                let lines = S.render(state, list)
                #expect(lines.count == height)
                #expect(lines.allSatisfy { $0.count <= width }, "\(width)x\(height) \(actions)")
                #expect(!lines.contains { $0.contains("terminal too small") })
            }
        }
    }
}
