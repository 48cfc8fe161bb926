import CrumbEngine
@_spi(CrumbCodec) import CrumbCodec
@testable import CrumbTUI
import Foundation
import Testing

/// Values nested deep, or megabytes long: printed and shown in time and memory in proportion to
/// their size, and nothing in the engine or the viewer recurses once per nesting level.
@Suite struct DeepValueTests {
    typealias S = ViewerTestSupport

    /// A crumb whose value `v` is `depth` arrays, one inside the other.
    static func deep(_ depth: Int, event: String = "deep") -> String {
        #"{"event":"\#(event)","thread":"t","v":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
    }

    /// `crumbtui` with at most 3 GB of address space: a run that would need more fails at once
    /// instead of taking the machine's memory.
    static func limited(_ arguments: [String]) throws -> TestSupport.Run {
        let quoted = ([TestSupport.binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
        return try TestSupport.shell("ulimit -v 3000000; exec " + quoted.joined(separator: " "))
    }

    @Test func aDeepValueIsIndentedThirtyTwoLevelsThenWrittenCompact() throws {
        let crumb = Self.deep(10_000)
        let path = try TestSupport.write(Array((crumb + "\n").utf8), named: "deep.jsonl")
        let run = try Self.limited([path, "--print", "--format", "json"])
        #expect(run.status == 0, "\(run.error)")
        // Indenting every level would write 200 MB.
        #expect(run.output.utf8.count < 2 * crumb.utf8.count + 4096, "\(run.output.utf8.count) bytes")
        let indentation = run.outputLines.map { $0.prefix { $0 == " " }.count }
        #expect(indentation.max() == 2 * 32)
        #expect(String(run.output.filter { $0 != " " && $0 != "\n" }) == "[" + crumb + "]", "the same JSON")
    }

    /// The levels past 32 are one line: the first level written compact is the 33rd.
    @Test func theLevelWhereIndentationStops() {
        let value = String(repeating: "[", count: 31) + "[1,{\"a\":[2]}]" + String(repeating: "]", count: 31)
        var out = ByteBuffer()
        Array(value.utf8).withUnsafeBufferPointer { PrettyJSON.write($0.baseAddress!, from: 0, to: $0.count, indent: 1, into: &out) }
        let lines = String(decoding: out.array, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 63)
        #expect(lines[30] == String(repeating: " ", count: 62) + "[")
        #expect(lines[31] == String(repeating: " ", count: 64) + "[1,{\"a\":[2]}]")
        #expect(lines[32] == String(repeating: " ", count: 62) + "]")
        #expect(lines[62] == "  ]")
    }

    @Test func twoHundredThousandLevelsThroughEveryCommand() throws {
        let flat = #"{"event":"flat","thread":"t","v":1}"#
        let crumb = Self.deep(200_000)
        let path = try TestSupport.write(Array((flat + "\n" + crumb + "\n").utf8), named: "deep.jsonl")
        let runs: [([String], String?)] = [
            (["--count"], "2\n"), (["--count", "-f", "v:*"], "2\n"), (["--count", "-f", "v:[[[*"], "1\n"),
            (["--count", "-f", "nowhere"], "0\n"), (["--stats"], nil), (["--print"], nil),
            (["--print", "--format", "jsonl"], flat + "\n" + crumb + "\n"), (["--print", "--format", "json"], nil),
        ]
        for (arguments, expected) in runs {
            let run = try Self.limited([path] + arguments)
            #expect(run.status == 0, "\(arguments): \(run.error)")
            #expect(run.error.isEmpty, "\(arguments)")
            if let expected { #expect(run.output == expected, "\(arguments)") }
            switch arguments.last {
            case "--stats": #expect(run.output.hasPrefix("2 crumbs\n"))
            case "--print": #expect(run.outputLines.last == "[t] deep v=" + String(crumb.dropFirst(#"{"event":"deep","thread":"t","v":"#.count).dropLast()))
            case "json":
                #expect(run.output.utf8.count < 2 * crumb.utf8.count + 4096)
                #expect(String(run.output.filter { $0 != " " && $0 != "\n" }) == "[" + flat + "," + crumb + "]")
            default: break
            }
        }
    }

    /// The detail pane shows the first 32 KiB of a value's text and how many bytes of the value
    /// are left out; a list row a little of it. Deep values are laid out 32 levels deep there too.
    @Test func theDetailPaneShowsABoundedPrefixOfAHugeValue() throws {
        let big = String(repeating: "x", count: 8 << 20)
        let list = try S.list(#"{"event":"big","s":""# + big + #"","n":1}"# + "\n" + Self.deep(3_000) + "\n")
        var state = S.state(list)
        S.apply(&state, list, .toggleDetail)
        let entries = try #require(DetailModel(state, list).crumb?.entries)
        let value = try #require(entries.first { $0.key == "s" }?.value)
        #expect(value == String(repeating: "x", count: 32 << 10) + "… \(((8 << 20) - (32 << 10)).grouped) more bytes")
        #expect(entries.first { $0.key == "n" }?.value == "1")
        let row = ListModel(state, list, rows: 5, characterWidth: { _ in 1 }).rows[0]
        #expect(row.fields.utf8.count < 4096)
        S.apply(&state, list, .move(1))
        // 6,000 bytes: shown whole, laid out 32 levels deep and then compact.
        let deep = try #require(DetailModel(state, list).crumb?.entries.first { $0.key == "v" }?.value)
        #expect(deep.utf8.count < 12 << 10, "\(deep.utf8.count) bytes")
        #expect(String(deep.filter { $0 != " " && $0 != "\n" }) == String(repeating: "[", count: 3_000) + String(repeating: "]", count: 3_000))
    }

    /// Names and keys of megabytes too: the pane and the rows show their start.
    @Test func hugeNamesAndKeysAreCutForTheScreen() throws {
        let huge = String(repeating: "é", count: 1 << 20)
        let list = try S.list(#"{"event":"\#(huge)","thread":"\#(huge)","ts":"\#(huge)","\#(huge)":1,"context":{"\#(huge)":2}}"# + "\n")
        var state = S.state(list)
        S.apply(&state, list, .toggleDetail)
        let entries = try #require(DetailModel(state, list).crumb?.entries)
        let note = "… \(((2 << 20) - (32 << 10)).grouped) more bytes"
        #expect(entries.map(\.value.utf8.count).max()! < 40 << 10)
        #expect(entries.map(\.key.utf8.count).max()! < 40 << 10)
        #expect(entries.filter { $0.value == String(repeating: "é", count: 16 << 10) + note }.count == 3)
        let row = ListModel(state, list, rows: 5, characterWidth: { _ in 1 }).rows[0]
        #expect(row.event.utf8.count < 2048 && row.thread.utf8.count < 2048 && row.fields.utf8.count < 4096)
        #expect(S.render(state, list)[1].contains("éééé"))
    }

    @Test func theDetailPaneOfTwoHundredThousandLevels() throws {
        let list = try S.list(Self.deep(200_000) + "\n")
        var state = S.state(list)
        S.apply(&state, list, .toggleDetail)
        #expect(DetailModel(state, list).crumb?.entries.first { $0.key == "v" }?.value.hasSuffix("more bytes") == true)
        #expect(ListModel(state, list, rows: 5, characterWidth: { _ in 1 }).rows[0].fields.utf8.count < 4096)
        // The pane stops at its last page, which ends with what is left out.
        S.apply(&state, list, .scrollDetail(100_000))
        #expect(S.render(state, list).contains { $0.contains("more bytes") })
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled))
    func theViewerShowsTwoHundredThousandLevelsAndTwoHundredMegabytes() throws {
        // A line of JSON Lines stops at 64 MiB (InputLimits.lineBytes); a dump's array does not.
        let many = #"[{"event":"huge","s":""# + String(repeating: "y", count: 200 << 20) + "\"}]"
        let path = try TestSupport.write(Array((Self.deep(200_000) + "\n").utf8), named: "deep.jsonl")
        let dump = try TestSupport.write(Array((many + "\n").utf8), named: "huge.json")
        let tmux = try TmuxSession("ulimit -v 3000000; \"$CRUMBTUI\" '\(path)' '\(dump)'", width: 100, height: 30)
        try tmux.waitFor("2 crumbs")
        // The pane stops at its last page, where the value's text ends with what is left out.
        try tmux.send("Enter")
        try tmux.waitFor("crumb 1 of 2")
        try tmux.tmux(["send-keys"] + Array(repeating: "J", count: 500))
        try tmux.waitFor("more bytes")
        try tmux.send("j")
        try tmux.waitFor("crumb 2 of 2")
        try tmux.waitFor("… \(((200 << 20) - (32 << 10)).grouped) more")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    /// A crumb of many megabytes goes out in pieces of a few megabytes, not one buffer.
    @Test func aHugeCrumbIsWrittenInBoundedPieces() {
        let value = "[" + Array(repeating: "1", count: 3_000_000).joined(separator: ",") + "]"
        let (store, _) = TestSupport.load(#"{"event":"huge","v":{"list":"# + value + "}}\n")
        for format in [CrumbFormat.json, .jsonl] {
            var largest = 0, total = 0
            var output: [UInt8] = []
            CrumbWriter.write(store, [0], format: format) {
                largest = max(largest, $0.count)
                total += $0.count
                output += $0
            }
            #expect(total > 4 << 20)
            #expect(largest <= 2 << 20, "\(format): \(largest) bytes at once")
            var whole: [UInt8] = []
            CrumbWriter.writeLine(store, 0, format: format, to: &whole)
            #expect(output == (format == .json ? Array("[\n  ".utf8) + whole + Array("\n]\n".utf8) : whole))
        }
    }
}
