import CrumbEngine
@testable import CrumbTUI
import Foundation
import Testing

/// A ring file in the viewer: the top bar says whose ring it is and what became of that process;
/// following shows new crumbs as the process records them and says when it ends.
@Suite struct RingFileViewerTests {
    typealias S = ViewerTestSupport
    typealias R = RingFileSupport

    /// The ring file of a process that ended, loaded as the session loads a file.
    func loadedRing() throws -> (CrumbList, RingFileInfo) {
        let store = CrumbStore()
        let path = try TestSupport.write(R.finishedRing, named: "app.crumbs")
        CrumbLoader().load([path], into: store)
        let info = try #require(store.ringFiles.first)
        return (CrumbList(store: store, files: [path]), info)
    }

    @Test func theTopBarSaysWhoseRingItIs() throws {
        let (list, info) = try loadedRing()
        let state = S.state(width: 80, height: 10, list)
        #expect(S.render(state, list)[0] == " crumbtui  app.crumbs  2 crumbs  ring of pid \(info.pid) (ended)")
    }

    @Test func followingSaysWhenTheWriterStopsAndTheTopBarChanges() throws {
        let (list, info) = try loadedRing()
        var state = S.state(width: 80, height: 10, list)
        var crashed = info
        crashed.writer = .crashed
        let note = StatusMessage(text: "pid \(info.pid) crashed: app.crumbs holds its last crumbs")
        S.apply(&state, list, .tailed(TailRead(path: info.file, ring: crashed, note: note)))
        let lines = S.render(state, list)
        #expect(lines[0].hasSuffix("ring of pid \(info.pid) (crashed)"), "\(lines[0])")
        #expect(lines[9] == note.text)
        // The crumbs a followed ring adds arrive as a live file's lines do.
        S.apply(&state, list, .toggleFollow, .tailed(TailRead(path: info.file, data: Array(S.jsonLines(3).utf8))))
        #expect(list.total == 5 && state.selected == 4)
    }

    @Test func severalRingFilesAreSaidBriefly() throws {
        let (_, info) = try loadedRing()
        var running = info
        running.writer = .running
        running.pid = 4242
        #expect(RingOwnerText.text([]) == nil)
        #expect(RingOwnerText.text([info, running]) == "rings of pid \(info.pid) (ended), pid 4242 (running)")
        #expect(RingOwnerText.text([info, running, info]) == "3 ring files: 1 running, 2 ended")
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled))
    func followShowsNewCrumbsWhileTheProcessRecordsAndSaysWhenItIsKilled() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("app.crumbs").path
        let writer = try R.Writer(R.example, [path, "--seconds", "60"])
        try writer.waitFor("records into")
        let session = try TmuxSession("\"$CRUMBTUI\" --follow '\(path)'", width: 120, height: 30)
        let first = try session.waitUntil("the ring's crumbs and its owner") {
            $0.contains("ring of pid \(writer.pid) (running)") && $0.contains("FOLLOW") && (Self.crumbs(on: $0) ?? 0) > 0
        }
        let before = try #require(Self.crumbs(on: first))
        // The ring holds 200: more than that were read as they were recorded.
        try session.waitUntil("more crumbs than the ring holds, and than \(before)") {
            (Self.crumbs(on: $0) ?? 0) > max(before, 200) && $0.contains("-worker")
        }
        writer.kill()
        try session.waitFor("ring of pid \(writer.pid) (ended)")
        try session.waitFor("pid \(writer.pid) has ended: \(path) holds its last crumbs")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        #expect(try session.terminalRestored())
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled))
    func fFollowsARingFileOpenedWithoutFollowing() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("app.crumbs").path
        let writer = try R.Writer(R.example, [path, "--seconds", "60"])
        try writer.waitFor("records into")
        let session = try TmuxSession("\"$CRUMBTUI\" '\(path)'", width: 120, height: 30)
        let first = try session.waitFor("ring of pid \(writer.pid) (running)")
        #expect(!first.contains("FOLLOW"))
        let before = try #require(Self.crumbs(on: first))
        try session.send("F")
        try session.waitFor("following \(path): pid \(writer.pid) records into it")
        try session.waitUntil("more than \(before) crumbs") { (Self.crumbs(on: $0) ?? 0) > before }
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled))
    func followAPathBeforeTheAppMakesItsRingFile() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("app.crumbs").path
        let session = try TmuxSession("\"$CRUMBTUI\" --follow '\(path)'", width: 120, height: 30)
        try session.waitFor("FOLLOW")
        let writer = try R.Writer(R.example, [path, "--seconds", "60"])
        try session.waitUntil("the new ring file's crumbs") {
            $0.contains("ring of pid \(writer.pid) (running)") && (Self.crumbs(on: $0) ?? 0) > 0 && $0.contains("-worker")
        }
        #expect(!(try session.screen()).contains("skipped"), "not read as JSON Lines")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    static func crumbs(on screen: String) -> Int? {
        guard let match = screen.firstMatch(of: /([\d,]+) crumbs/) else { return nil }
        return Int(match.1.replacing(",", with: ""))
    }
}
