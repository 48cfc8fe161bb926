import Foundation
import Testing

/// Examples/live_file writes a live file from a few threads while `crumbtui --follow` shows it
/// growing: the two halves of the project working together, as a user would run them; in
/// either format of the live file (JSON Lines, OTLP/JSON).
@Suite struct LiveFileExampleEndToEndTests {
    static func crumbCount(on screen: String) -> Int? {
        guard let match = screen.firstMatch(of: /([\d,]+) crumbs/) else { return nil }
        return Int(match.1.replacing(",", with: ""))
    }

    @Test(arguments: [false, true])
    func followShowsTheExampleAsItWrites(otlp: Bool) throws {
        let folder = try TestSupport.temporaryDirectory()
        let live = folder.appendingPathComponent(otlp ? "live.otlp.jsonl" : "live.jsonl").path
        let example = Process()
        example.executableURL = URL(fileURLWithPath: TestSupport.binary).deletingLastPathComponent()
            .appendingPathComponent("live_file")
        example.arguments = [live, "--seconds", "8"] + (otlp ? ["--otlp"] : [])
        example.standardOutput = FileHandle.nullDevice
        try example.run()
        defer { if example.isRunning { example.terminate() } }

        let session = try TmuxSession("\"$CRUMBTUI\" --follow '\(live)'", width: 120, height: 30)
        let first = try session.waitUntil("crumbs from the example's threads") {
            $0.contains("FOLLOW") && $0.contains("-worker") && (Self.crumbCount(on: $0) ?? 0) > 0
        }
        let before = try #require(Self.crumbCount(on: first))
        let later = try session.waitUntil("more crumbs than \(before)") { (Self.crumbCount(on: $0) ?? 0) > before }
        #expect(later.contains("api-worker") || later.contains("db-worker") || later.contains("cache-worker"))
        #expect(!later.contains("skipped"), "every line read as crumbs")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        #expect(try session.terminalRestored())
    }
}
