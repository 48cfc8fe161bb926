import Foundation
import Testing

/// `crumbtui --demo`, the first command of the README: it shows a live app's crumbs and quits
/// cleanly, without a word on stderr.
@Suite struct DemoEndToEndTests {
    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func quittingTheDemoLeavesStderrEmpty() throws {
        let folder = try TestSupport.temporaryDirectory()
        let errors = folder.appendingPathComponent("stderr.txt").path
        let session = try TmuxSession(#""$CRUMBTUI" --demo 2>'\#(errors)'"#, width: 120, height: 30)
        try session.waitUntil("the demo's workers recording") { $0.contains("FOLLOW") && $0.contains("worker-") }
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        #expect(try session.terminalRestored())
        #expect(try String(contentsOfFile: errors, encoding: .utf8) == "")
    }
}
