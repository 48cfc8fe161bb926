import CrumbEngine
import Foundation
import Testing

/// The built `crumbtui` binary, run as a user would.
@Suite struct CommandLineTests {
    let dump = TestSupport.fixture("python-dump.json")
    let live = TestSupport.fixture("python-live.jsonl")

    @Test func count() throws {
        let run = try TestSupport.crumbtui(dump, "--count")
        #expect(run.status == 0)
        #expect(run.output == "12\n")
        #expect(run.error.isEmpty)
        #expect(try TestSupport.crumbtui(dump, "--count", "--filter", "thread:worker-3 event:db.*").output == "1\n")
        #expect(try TestSupport.crumbtui(dump, "--count", "-f", "ctx.attempt:2").output == "3\n")
    }

    @Test func printText() throws {
        let run = try TestSupport.crumbtui(dump, "--print", "--filter", "event:db.query|odd.text thread:worker-1|MainThread")
        #expect(run.status == 0)
        let lines = run.outputLines
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix(#"[worker-1] db.query {request_id=req-1 attempt=1 tags=["a","b"] meta={"k":1} gone=null user=alice} table='users' rows=10"#))
        #expect(lines[1].contains(#"escape="^[[31mred^[[0m" newline="a\nb"} value='tab\there'"#))
        #expect(!run.output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no raw control characters")
    }

    @Test func printJSONReadsBackAsTheSameDump() throws {
        let run = try TestSupport.crumbtui(dump, "--print", "--format", "json")
        #expect(run.status == 0)
        let original = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dump))) as! NSArray
        let printed = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as! NSArray
        #expect(printed == original)
        // Pretty like Python's json.dumps(indent=2): byte for byte what Python wrote.
        #expect(run.output == (try String(contentsOfFile: dump, encoding: .utf8)) + "\n")
        let reloaded = TestSupport.load(bytes: Array(run.output.utf8)).0
        #expect(reloaded.count == 12)
        // An empty result is still a dump.
        #expect(try TestSupport.crumbtui(dump, "--print", "--format", "json", "--filter", "event:none").output == "[]\n")
    }

    @Test func printJSONLinesKeepsTheOriginalKeyOrder() throws {
        let run = try TestSupport.crumbtui(dump, "--print", "--format", "jsonl")
        #expect(run.status == 0)
        let lines = run.outputLines
        #expect(lines.count == 12)
        #expect(lines[0].hasPrefix(#"{"event":"app.start","ts":"#))
        #expect(lines[0].hasSuffix(#","thread":"MainThread","version":"'1.2.3'","debug":"False"}"#))
        let python = try String(contentsOfFile: live, encoding: .utf8).split(separator: "\n")
        for (printed, original) in zip(lines, python) {
            let a = try JSONSerialization.jsonObject(with: Data(printed.utf8)) as! NSDictionary
            let b = try JSONSerialization.jsonObject(with: Data(original.utf8)) as! NSDictionary
            #expect(a == b)
        }
    }

    @Test func stats() throws {
        let run = try TestSupport.crumbtui(dump, "--stats")
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("12 crumbs\n\nthreads (4):\n  3  MainThread\n  3  worker-1\n"))
        #expect(run.output.contains("events (6):\n  3  db.query\n  3  http.request\n  3  http.response\n"))
        #expect(run.output.contains("context keys (9):\n  9  attempt\n"))
        let filtered = try TestSupport.crumbtui(dump, "--stats", "--filter", "thread:worker-2")
        #expect(filtered.output.hasPrefix("3 crumbs\n\nthreads (1):\n  3  worker-2\n"))
    }

    @Test func standardInput() throws {
        let run = try TestSupport.crumbtui("-", "--count", input: TestSupport.fixture("python-crash-stderr.log"))
        #expect(run.status == 0)
        #expect(run.output == "3\n")
        let both = try TestSupport.crumbtui("-", dump, "--count", input: live)
        #expect(both.output == "24\n")
    }

    @Test func severalFilesMergedByTime() throws {
        let run = try TestSupport.crumbtui(MergeInputs.paths.a, MergeInputs.paths.b, "--print", "--format", "jsonl")
        let events = try run.outputLines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }.map { $0["event"] as! String }
        #expect(events == ["a1", "b1", "a2", "a3-no-time", "b2", "b3", "a4", "a5-early", "b4"])
    }

    @Test func skippedLinesAreReportedWithFileAndLineAndStillExitZero() throws {
        let file = TestSupport.fixture("python-malformed.jsonl")
        let run = try TestSupport.crumbtui(file, "--count")
        #expect(run.status == 0)
        #expect(run.output == "12\n")
        let lines = run.error.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("crumbtui: \(file):3: "))
        #expect(lines[5] == "crumbtui: \(file): loaded 12 crumbs, skipped 5 broken parts")
    }

    @Test func unusableInputExitsOne() throws {
        let missing = try TestSupport.crumbtui("/nonexistent/crumbs.json", "--count")
        #expect(missing.status == 1)
        #expect(missing.error == "crumbtui: /nonexistent/crumbs.json: no such file\n")
        let folder = try TestSupport.temporaryDirectory().path
        let emptyFolder = try TestSupport.crumbtui(folder, "--count")
        #expect(emptyFolder.status == 1)
        #expect(emptyFolder.error == "crumbtui: \(folder): an empty folder: no crumbs in it\n")
        _ = try TestSupport.write(Array("no crumbs here\n".utf8), named: "notes.txt", in: folder)
        let useless = try TestSupport.crumbtui(folder, "--count")
        #expect(useless.status == 1)
        #expect(useless.error == "crumbtui: \(folder): no crumbs or crashes in the 1 file of this folder\n")
        let text = try TestSupport.write(Array("no crumbs here\n".utf8), named: "log.txt")
        #expect(try TestSupport.crumbtui(text, "--count").status == 1)
        // The good file is still counted.
        let mixed = try TestSupport.crumbtui("/nonexistent", dump, "--count")
        #expect(mixed.status == 1 && mixed.output == "12\n")
        // An empty file is not an error: it has no crumbs yet.
        let empty = try TestSupport.crumbtui(TestSupport.fixture("empty.json"), "--count")
        #expect(empty.status == 0 && empty.output == "0\n")
    }

    @Test func badExpressionOrUsageExitsTwo() throws {
        let bad = try TestSupport.crumbtui(dump, "--count", "--filter", #"user:"x"#)
        #expect(bad.status == 2)
        #expect(bad.error == "crumbtui: bad filter: column 6: unterminated quote\n  user:\"x\n       ^\n")
        #expect(try TestSupport.crumbtui(dump, "--count", "--print").status == 2)
        #expect(try TestSupport.crumbtui(dump, "--count", "--format", "json").status == 2)
        #expect(try TestSupport.crumbtui(dump, "--print", "--format", "yaml").status == 2)
        #expect(try TestSupport.crumbtui("--count").status == 2)
        #expect(try TestSupport.crumbtui(dump, "--bogus").status == 2)
    }

    @Test func viewerWithoutATerminalSaysSoAndExitsTwo() throws {
        for arguments in [[dump], [dump, "--follow"], ["--demo"], [dump, "--count", "--follow"]] {
            let run = try TestSupport.crumbtui(arguments: arguments)
            #expect(run.status == 2)
            #expect(run.error.hasPrefix("crumbtui: the viewer needs a terminal on standard output"))
            #expect(run.output.isEmpty)
        }
    }

    @Test func helpAndCompletions() throws {
        let help = try TestSupport.crumbtui("--help")
        #expect(help.status == 0)
        for text in ["--count", "--print", "--stats", "--format", "ctx.KEY:VALUE", "since:", "EXAMPLES", "EXIT STATUS"] {
            #expect(help.output.contains(text), "\(text)")
        }
        let bash = try TestSupport.crumbtui("--generate-completion-script", "bash")
        #expect(bash.status == 0)
        #expect(bash.output.contains("_crumbtui"))
    }
}
