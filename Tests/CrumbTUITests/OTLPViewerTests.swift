import CrumbEngine
@testable import CrumbTUI
import Foundation
import Testing

/// OTLP inputs in the viewer: the list shows the service when more than one is loaded, the
/// detail pane says where a crumb comes from, and a followed OTLP file grows like any other.
@Suite struct OTLPViewerTests {
    typealias S = ViewerTestSupport

    static let lines = ((try? String(contentsOfFile: TestSupport.fixture(OTLPReaderTests.fixture), encoding: .utf8)) ?? "")
        .split(separator: "\n").map { String($0) + "\n" }

    @Test func theListShowsTheServiceWhenThereAreSeveral() throws {
        let list = try S.list(Self.lines.joined())
        let state = S.state(width: 90, height: 14, list)
        #expect(Array(S.render(state, list)[1...9]) == [
            "  10:23:45.123456 checkout http-0          request.start       {trace_id=4bf92f3577b34da6a",
            "  10:23:45.126456 checkout http-0          db.query            {trace_id=4bf92f3577b34da6a",
            "  10:23:45.124456 checkout -               GET /cart 200       severity=DEBUG http.respons",
            "▌ 10:23:45.125456 payments payments        charge.start        {trace_id=4bf92f3577b34da6a",
            "  10:23:45.133456 checkout http-1          cache.put           {request_id=req-8 user=Zoë",
            "  10:23:45.134456 checkout http-1          (no event)          severity=WARN body={\"messag",
            "▌ 10:23:45.135456 payments payments        charge.retry        body=retry attempt=2",
            "  10:23:45.136456 payments statecrumbs-liv statecrumbs.dropped count=17",
            "✖ 10:23:45.143456 payments payments        statecrumbs.crash   {trace_id=4bf92f3577b34da6a",
        ])
        let grid = ScreenRenderer.render(state, list, characterWidth: SystemCharacterWidth.width)
        #expect(grid[27, 4].style.color == ThreadColor.of("payments"), "the thread column follows the service's")
        // The fixture ends with a crash crumb: its row and its thread's rows are marked.
        #expect(grid[0, 9].text == "✖" && grid[0, 4].text == "▌")
    }

    @Test func oneServiceIsNotShown() throws {
        // The third line holds only the payments service.
        let one = try S.list(Self.lines[2])
        #expect(S.render(S.state(width: 90, height: 10, one), one)[1] == "✖ 10:23:45.143456 payments statecrumbs.crash {trace_id=4bf92f3577b34da6a3ce929d0e0e4736} s")
        // Nor with one service and crumbs of another input that name none.
        one.append(Array(#"{"event":"plain","ts":"2025-12-30T10:23:46.000000+00:00","thread":"main"}"#.utf8) + [0x0A],
                   name: "app.jsonl", firstLine: 1)
        #expect(one.count == 2)
        #expect(S.render(S.state(width: 90, height: 10, one), one)[2] == "  10:23:46.000000 main     plain")
    }

    @Test func theDetailPaneSaysWhereTheCrumbComesFrom() throws {
        let list = try S.list(Self.lines.joined())
        var state = S.state(width: 90, height: 30, list)
        S.apply(&state, list, .first, .move(3), .toggleDetail)
        let lines = S.render(state, list)
        let top = try #require(lines.firstIndex { $0.hasPrefix("── crumb 4 of 9") })
        #expect(Array(lines[(top + 1)...(top + 7)]) == [
            "event: charge.start",
            "ts: 2025-12-30T10:23:45.125456+00:00",
            "thread: payments",
            "service: payments",
            "host: build-host",
            "trace: 4bf92f3577b34da6a3ce929d0e0e4736",
            "context:",
        ])
    }

    @Test func aFollowedOTLPFileGrowsLineByLine() throws {
        let list = try S.list(Self.lines[0])
        var state = S.state(width: 90, height: 14, list)
        #expect(list.count == 4)
        S.apply(&state, list, S.tailed(Self.lines[1] + "not otlp\n" + Self.lines[2], firstLine: 2))
        #expect(list.count == 9)
        #expect(list.store.problems.map(\.line) == [3])
        #expect(state.message?.text.hasPrefix("skipped 1 line: test.jsonl:3: not OTLP/JSON logs") == true)
        #expect(list.store.serviceNames.count == 2)
        let filtered = FilterResult(try CrumbFilter("service:payments"), in: list.store)
        #expect(filtered.matches.count == 4)
    }
}
