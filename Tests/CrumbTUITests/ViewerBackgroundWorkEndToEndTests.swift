import Foundation
import Testing

/// The real binary in tmux: a slow filter never holds up the keys or the screen, and a burst of
/// keys is handled before the next frame is drawn.
@Suite(.serialized) struct ViewerBackgroundWorkEndToEndTests {
    /// A filter of 200 terms that every one of 15,000 crumbs has: each crumb is searched 200
    /// times, seconds of work whatever the engine's speed, where loading takes a fraction.
    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func aSlowFilterShowsProgressAndEscBringsBackTheList() throws {
        let tokens = (0..<200).map { "k" + String(1000 + $0).dropFirst() }
        let pad = tokens.joined()
        var text = ""
        text.reserveCapacity(15_000 * (pad.count + 60))
        for index in 0..<15_000 {
            text += #"{"event":"tick","thread":"w\#(index % 4)","n":\#(index),"pad":"\#(pad)"}"# + "\n"
        }
        let file = try TestSupport.write(Array(text.utf8), named: "slow.jsonl")
        let tmux = try TmuxSession(#""$CRUMBTUI" '\#(file)'"#, width: 120, height: 30)
        try tmux.waitFor("loaded 15,000 crumbs in")
        try tmux.send("f")
        try tmux.send(tokens.joined(separator: " "), literal: true)
        // Every key is in the prompt at once; the count runs once typing pauses, off the keys' way.
        var screen = try tmux.waitUntil("the prompt's count in progress") { Self.has(#"counting… \d+%"#, $0) }
        #expect(screen.contains("k198 k199"))
        try tmux.send("Enter")
        screen = try tmux.waitUntil("the filter in progress") { Self.has(#"filtering… \d+%, Esc cancels"#, $0) }
        #expect(screen.contains(" 15,000 crumbs") && !screen.contains("filter: k000"), "the list stays as it was")
        try tmux.send("G")
        screen = try tmux.waitFor("n=14999")
        #expect(screen.contains("filtering…"), "keys move in the list while the filter runs")
        try tmux.send("Escape")
        screen = try tmux.waitFor("filter cancelled: the list is as it was")
        #expect(screen.contains(" 15,000 crumbs") && !screen.contains("filter: k000") && !screen.contains("filtering…"))
        #expect(screen.contains("n=14999"))
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    /// 200 `j` typed at once (a held key, a paste) are all read before the next frame: the
    /// trace notes each frame drawn.
    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled)) func aBurstOfKeysIsHandledBeforeTheNextFrame() throws {
        let file = try TestSupport.write(Array(ViewerTestSupport.jsonLines(300).utf8), named: "burst.jsonl")
        let tmux = try TmuxSession(#"CRUMBTUI_TRACE=trace "$CRUMBTUI" '\#(file)'"#, width: 100, height: 30)
        try tmux.waitFor("300 crumbs")
        try tmux.send("Enter")
        try tmux.waitFor("crumb 1 of 300")
        let trace = tmux.directory.appendingPathComponent("trace")
        func frames() throws -> Int {
            try String(contentsOf: trace, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("frame ") }.count
        }
        let before = try frames()
        try tmux.send(String(repeating: "j", count: 200), literal: true)
        try tmux.waitFor("crumb 201 of 300")
        let drawn = try frames() - before
        #expect(drawn >= 1 && drawn <= 20, "\(drawn) frames drawn for 200 keys")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    static func has(_ pattern: String, _ screen: String) -> Bool {
        screen.range(of: pattern, options: .regularExpression) != nil
    }
}
