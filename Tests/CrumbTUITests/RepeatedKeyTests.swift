import CrumbEngine
@testable import CrumbTUI
import Foundation
import Testing

/// A key repeated in one object counts once, with its last value, in the place of its first,
/// as Python's `json` (and jq) read it: in the row, the time column, the facets, the filter,
/// the detail pane, the text line, the written JSON, for the context and the fields alike.
@Suite struct RepeatedKeyTests {
    typealias S = ViewerTestSupport

    static let crumb = #"{"event":"first","ts":"2025-01-01T00:00:01Z","thread":"a","k":1,"context":{"c":"one","d":0,"c":"two"},"#
        + #""event":"second","k":2,"ts":"2025-01-01T00:00:02Z","thread":"b","context":{"c":"three","c":"four"},"\u0065vent":"third"}"#
    static let python = #"{"event":"third","ts":"2025-01-01T00:00:02Z","thread":"b","k":2,"context":{"c":"four"}}"#

    @Test func everyPartOfTheViewerAndEngineTakesTheLastValue() throws {
        let list = try S.list(Self.crumb + "\n" + #"{"event":"other","thread":"c"}"# + "\n")
        let store = list.store
        #expect(store.eventNames.string(try #require(store.event(of: 0))) == "third")
        #expect(store.threadNames.string(try #require(store.thread(of: 0))) == "b")
        #expect(store.time(of: 0) == CrumbTime.parse("2025-01-01T00:00:02Z"))
        let decoded = store.crumb(at: 0)
        #expect(decoded.event == "third" && decoded.thread == "b" && decoded.timestamp == "2025-01-01T00:00:02Z")
        #expect(decoded.fields == [CrumbEntry(key: "k", value: .json("2"))])
        #expect(decoded.context == [CrumbEntry(key: "c", value: .string("four"))])
        #expect(CrumbText.line(decoded) == "2025-01-01T00:00:02Z [b] third {c=four} k=2")

        var state = S.state(list)
        let row = ListModel(state, list, rows: 5, characterWidth: { _ in 1 }).rows[0]
        #expect(row.event == "third" && row.thread == "b" && row.context == "{c=four}" && row.fields == "k=2")
        S.apply(&state, list, .toggleDetail)
        let entries = try #require(DetailModel(state, list).crumb?.entries)
        #expect(entries.map(\.key) == ["event", "ts", "thread", "context", "c", "k"])
        #expect(entries.map(\.value) == ["third", "2025-01-01T00:00:02Z", "b", "", "four", "2"])

        let stats = CrumbStats(store, [0])
        #expect(stats.events.map(\.name) == ["third"] && stats.threads.map(\.name) == ["b"])
        #expect(stats.contextKeys.map(\.name) == ["c"])

        for (expression, count) in [("event:third", 1), ("event:first", 0), ("event:second", 0), ("thread:a", 0), ("thread:b", 1),
                                    ("k:2", 1), ("k:1", 0), ("ctx.c:four", 1), ("ctx.c:one", 0), ("ctx.c:three", 0), ("ctx.d:*", 0),
                                    ("ts:*02Z", 1), ("ts:*01Z", 0), ("until:2025-01-01T00:00:01", 0), ("second", 0), ("three", 0),
                                    ("four", 1)] {
            #expect(try TestSupport.count(store, expression) == count, "\(expression)")
        }
    }

    /// Wide crumbs: keys past the sixteenth are told apart by a table of their own, so a repeat
    /// far in is found, and a hundred thousand different keys are not taken for repeats.
    @Test func repeatsAmongManyKeys() throws {
        let keys = (0..<1_000).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let context = (0..<40).map { #""c\#($0)":\#($0)"# }.joined(separator: ",")
        let repeated = #"{"event":"wide",\#(keys),"context":{\#(context),"c7":"again"},"k500":"last"}"#
        let distinct = #"{"event":"wider",\#((0..<100_000).map { #""key\#($0)":1"# }.joined(separator: ","))}"#
        let (store, _) = TestSupport.load(repeated + "\n" + distinct + "\n")
        #expect(store.count == 2)
        #expect(store.repeatsKeys(0) && !store.repeatsKeys(1))
        let wide = store.crumb(at: 0)
        #expect(wide.fields.count == 1_000 && wide.fields[500] == CrumbEntry(key: "k500", value: .string("last")))
        #expect(wide.context.count == 40 && wide.context[7] == CrumbEntry(key: "c7", value: .string("again")))
        #expect(store.crumb(at: 1).fields.count == 100_000)
        #expect(try TestSupport.count(store, "k500:500") == 0 && TestSupport.count(store, "k500:last") == 1)
    }

    /// The JSON written is what Python's json reads from the crumb: one key each, last value.
    @Test func theWrittenJSONIsWhatPythonReads() throws {
        let path = try TestSupport.write(Array((Self.crumb + "\n").utf8), named: "repeated.jsonl")
        let lines = try TestSupport.crumbtui(path, "--print", "--format", "jsonl")
        #expect(lines.output == Self.python + "\n")
        let python = try TestSupport.run("/usr/bin/python3", ["-c", """
            import json, sys
            for line in open(sys.argv[1]):
                print(json.dumps(json.loads(line), separators=(",", ":"), ensure_ascii=False))
            print(json.dumps([json.loads(line) for line in open(sys.argv[1])], indent=2, ensure_ascii=False))
            """, path])
        #expect(python.output.split(separator: "\n").first.map(String.init) == Self.python)
        let dump = try TestSupport.crumbtui(path, "--print", "--format", "json")
        #expect(dump.output == python.output.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n")
        let text = try TestSupport.crumbtui(path, "--print")
        #expect(text.output == "2025-01-01T00:00:02Z [b] third {c=four} k=2\n")
    }

    /// Hostile crumbs (keys repeated, escaped, reserved ones holding other types): what Python
    /// reads from each crumb Python can read is what `--format jsonl` writes, key order too.
    @Test(arguments: [UInt64(21), 22])
    func hostileCrumbsReadAsPythonReadsThem(seed: UInt64) throws {
        var crumbs = HostileCrumbs(seed: seed)
        let path = try TestSupport.write(crumbs.jsonLines(1_000), named: "hostile.jsonl")
        let printed = try TestSupport.crumbtui(path, "--print", "--format", "jsonl")
        let ours = try TestSupport.write(Array(printed.output.utf8), named: "ours.jsonl")
        let python = try TestSupport.run("/usr/bin/python3", ["-c", #"""
            import json, math, re, sys
            def plain(value):
                # What a string stands for in our output: NaN and the infinities as their text,
                # lone surrogates as U+FFFD (as the viewer shows them).
                if isinstance(value, float) and not math.isfinite(value):
                    return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
                if isinstance(value, str): return re.sub("[\ud800-\udfff]", "\ufffd", value)
                if isinstance(value, list): return [plain(item) for item in value]
                if isinstance(value, dict): return [[plain(k), plain(v)] for k, v in value.items()]
                return value
            compared = 0
            with open(sys.argv[1], "rb") as raw, open(sys.argv[2], "rb") as ours:
                for number, (line, mine) in enumerate(zip(raw, ours)):
                    try:
                        theirs = json.loads(line.decode("utf-8"), strict=False)
                    except ValueError:
                        continue
                    if plain(theirs) != plain(json.loads(mine.decode("utf-8"))):
                        print("line", number + 1, "differs:", line, mine)
                        sys.exit(1)
                    compared += 1
            print(compared)
            """#, path, ours])
        #expect(python.status == 0, "\(python.output)\(python.error)")
        #expect((Int(python.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 60, "\(python.output)")
    }
}
