import CrumbEngine
@testable import CrumbTUI
import Foundation
import Testing

/// Output that cannot be written is never a silent success: `--print`, `--count` and `--stats`
/// onto a full device end with status 1 and say why; `w` says so in the status line and leaves
/// no partial file. A reader that goes away (`| head`) ends the command quietly, by SIGPIPE,
/// as it ends `cat`.
@Suite struct OutputErrorTests {
    typealias S = ViewerTestSupport
    static let dump = TestSupport.fixture("python-dump.json")

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }

    @Test(arguments: [["--print"], ["--print", "--format", "json"], ["--print", "--format", "jsonl"], ["--count"], ["--stats"]])
    func aFullDeviceIsAnError(arguments: [String]) throws {
        let command = ([TestSupport.binary, Self.dump] + arguments).map(Self.quoted).joined(separator: " ")
        let run = try TestSupport.shell(command + " > /dev/full")
        #expect(run.status == 1, "\(arguments)")
        #expect(run.error == "crumbtui: cannot write the output: No space left on device\n", "\(arguments)")
    }

    /// The writer stops at the first write that fails: no more crumbs are written or handed
    /// over, on either thread, and the failure comes back to the caller.
    @Test func theWriterStopsAtTheFirstFailedWrite() {
        struct Full: Error {}
        let (store, _) = TestSupport.load(S.jsonLines(50_000))
        for format in CrumbFormat.allCases {
            var calls = 0
            do {
                try CrumbWriter.write(store, 0..<UInt32(store.count), format: format, crumbsPerChunk: 1_000) { (_: UnsafeBufferPointer<UInt8>) throws(Full) in
                    calls += 1
                    if calls == 2 { throw Full() }
                }
                Issue.record("\(format): no error")
            } catch {
                #expect(calls == 2, "\(format): \(calls) writes")
            }
        }
    }

    /// Enough crumbs that the output outgrows a pipe's buffer.
    static func bigInput() throws -> String {
        try TestSupport.write(Array(S.jsonLines(20_000).utf8), named: "big.jsonl")
    }

    @Test(arguments: ["", "trap '' PIPE; "])
    func aClosedPipeEndsTheCommandQuietly(setup: String) throws {
        let folder = try TestSupport.temporaryDirectory().path
        let command = [TestSupport.binary, try Self.bigInput(), "--print"].map(Self.quoted).joined(separator: " ")
        let run = try TestSupport.shell(setup + "{ \(command) 2> '\(folder)/err'; echo $? > '\(folder)/status'; } | head -1")
        #expect(run.output.hasSuffix("e0 {request_id=req-0} n=0\n"))
        let status = try String(contentsOfFile: folder + "/status", encoding: .utf8)
        #expect(status == "141\n", "ended by SIGPIPE (128 + 13), with SIGPIPE ignored or not")
        #expect(try String(contentsOfFile: folder + "/err", encoding: .utf8) == "")
    }

    /// `w` onto a full device: the status line says why, and the link to it is left as it was.
    @Test func writingShownCrumbsOntoAFullDeviceSaysWhy() throws {
        let list = try S.list(S.jsonLines(6))
        let folder = try TestSupport.temporaryDirectory()
        let link = folder.appendingPathComponent("full.jsonl").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/full")
        let action = CrumbExport.write(list, to: link)
        #expect(action == .message("cannot write \(link): No space left on device", isError: true))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/dev/full")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["full.jsonl"])
    }

    /// `w` onto a file that exists asks first; the file changes only once confirmed, and then
    /// all at once (a new file renamed over it), with nothing else left in its folder.
    @Test func writingOverAFileAsksFirstAndReplacesItWhole() throws {
        let list = try S.list(S.jsonLines(6))
        let folder = try TestSupport.temporaryDirectory()
        let path = folder.appendingPathComponent("shown.jsonl").path
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        let inode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        #expect(CrumbExport.write(list, to: path) == .confirmOverwrite(path: path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(CrumbExport.write(list, to: path, replacing: true) == .message("wrote 6 crumbs to \(path) (JSON Lines)", isError: false))
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 6)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int != inode)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["shown.jsonl"])
        // A folder by that name is not replaced.
        let taken = folder.appendingPathComponent("taken.json").path
        try FileManager.default.createDirectory(atPath: taken, withIntermediateDirectories: false)
        #expect(CrumbExport.write(list, to: taken, replacing: true) == .message("cannot write \(taken): it is a folder", isError: true))
    }

    /// A name that cannot be looked at (here a link that loops) may stand for a file: it is not
    /// written over without asking, but refused with the reason.
    @Test func aNameThatCannotBeLookedAtIsRefusedNotReplaced() throws {
        let list = try S.list(S.jsonLines(2))
        let folder = try TestSupport.temporaryDirectory()
        let loop = folder.appendingPathComponent("loop.jsonl").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: "loop.jsonl")
        #expect(CrumbExport.write(list, to: loop) == .message("cannot write \(loop): Too many levels of symbolic links", isError: true))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: loop) == "loop.jsonl")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["loop.jsonl"])
    }

    /// The viewer's side: Enter on the file name, the session finds the file there, the prompt
    /// asks, `y` writes over it and `n` (or Esc) leaves it.
    @Test func theViewerAsksBeforeOverwriting() throws {
        let list = try S.list(S.jsonLines(6))
        var state = S.state(list)
        S.apply(&state, list, .openWrite)
        #expect(S.apply(&state, list, .submit) == [.write(path: "crumbs-shown.jsonl", replacing: false)])
        S.apply(&state, list, .confirmOverwrite(path: "crumbs-shown.jsonl"))
        #expect(state.prompt?.kind == .overwrite(path: "crumbs-shown.jsonl"))
        #expect(S.render(state, list).last == "crumbs-shown.jsonl exists: write over it? (y/n)")
        #expect(S.apply(&state, list, .type("y")) == [.write(path: "crumbs-shown.jsonl", replacing: true)])
        #expect(state.prompt == nil)
        for answer in [Action.type("n"), .escape, .submit, .type("x")] {
            S.apply(&state, list, .confirmOverwrite(path: "crumbs-shown.jsonl"))
            #expect(S.apply(&state, list, answer) == [], "\(answer)")
            #expect(state.prompt == nil)
            #expect(state.message == StatusMessage(text: "not written: crumbs-shown.jsonl is left as it was"))
        }
    }
}
