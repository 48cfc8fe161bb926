import CrumbEngine
import Foundation
import Testing

/// `--format json` and `jsonl` always write valid JSON, whatever the input held: what a crumb
/// has that JSON does not allow is repaired into a string with the text the viewer shows.
/// Python's `json` (strict: no NaN, no lone surrogates) and jq read it.
@Suite struct ValidOutputTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Crumbs with every kind of JSON the scanner accepts but JSON does not allow.
    static let malformed: [[UInt8]] = [
        bytes(#"{"time":1,"thread":"t","event":"e\q","fields":{"v":"\uZZZZ","n":01}}"#),
        bytes(#"{"event":"surrogates","a":"\ud800","b":"x\udc00y","c":"\ud83d\ude00","d":"\ud800\u0041","e":"\uDBFF"}"#),
        bytes(#"{"event":"cut escapes","a":"\u12","b":"\u","c":"x\\"}"#),
        bytes(#"{"event":"backslash before raw bytes","a":"x\"#) + [0x01] + bytes(#"y","b":"\"#) + [0xC3, 0xA9] + bytes(#"","c":"\"#) + [0xFF] + bytes(#""}"#),
        bytes(#"{"event":"bad utf-8 \#u{1}","k"#) + [0xC3] + bytes(#"":"a"#) + [0xE2, 0x82, 0x7F, 0xED, 0xA0, 0x80] + bytes(#"z"}"#),
        bytes(#"{"event":"numbers","nan":NaN,"inf":Infinity,"ninf":-Infinity,"zero":-01.5,"list":[00,NaN,1e05,-0,0.0],"ok":-0.0e-0}"#),
        bytes(#"{"event":"huge number","big":"#) + [0x31] + Array(repeating: 0x30, count: 5000) + bytes(#","fine":1"#) + Array(repeating: 0x30, count: 300) + bytes(#"e-999999}"#),
        bytes(#"{"event":"control","tab":"a"#) + [0x09, 0x7F, 0x1B] + bytes(#""}"#),
    ]

    /// Runs Python's json on each file (a dump array or JSON Lines, split at line feeds only:
    /// U+2028 inside a string is JSON): strict about constants, and every string must be text
    /// (no lone surrogate). Prints the crumbs read, as JSON.
    static let pythonCheck = #"""
    import json, sys
    def refuse(constant): raise ValueError("not JSON: " + constant)
    def check(value):
        stack = [value]
        while stack:
            value = stack.pop()
            if isinstance(value, str): value.encode("utf-8")
            elif isinstance(value, list): stack.extend(value)
            elif isinstance(value, dict): stack.extend(value.keys()); stack.extend(value.values())
    crumbs = []
    for path in sys.argv[1:]:
        text = open(path, encoding="utf-8", errors="strict").read()
        read = [json.loads(text, parse_constant=refuse)] if path.endswith(".json") else \
            [[json.loads(line, parse_constant=refuse) for line in text.split("\n") if line]]
        for crumbs_read in read:
            check(crumbs_read)
            crumbs.append(crumbs_read)
    print(json.dumps(crumbs, ensure_ascii=True))
    """#

    /// The output of `--print --format json` and `jsonl` for `input`, checked by Python and
    /// jq; the crumbs Python read, for both formats.
    static func printedAndChecked(_ input: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> [[[String: Any]]] {
        let folder = try TestSupport.temporaryDirectory().path
        let path = try TestSupport.write(input, named: "input.jsonl", in: folder)
        for format in ["json", "jsonl"] {
            let run = try TestSupport.crumbtui(path, "--print", "--format", format)
            #expect(run.status == 0, "\(run.error)", sourceLocation: sourceLocation)
            _ = try TestSupport.write(Array(run.output.utf8), named: "out.\(format)", in: folder)
            let jq = try TestSupport.shell("jq -c . '\(folder)/out.\(format)' > /dev/null")
            #expect(jq.status == 0, "jq on \(format): \(jq.error)", sourceLocation: sourceLocation)
        }
        let script = try TestSupport.write(Array(pythonCheck.utf8), named: "check.py", in: folder)
        let python = try TestSupport.run("/usr/bin/python3", [script, folder + "/out.json", folder + "/out.jsonl"])
        #expect(python.status == 0, "Python: \(python.error)", sourceLocation: sourceLocation)
        let read = try JSONSerialization.jsonObject(with: Data(python.output.utf8)) as? [[[String: Any]]]
        return read ?? []
    }

    @Test func malformedValuesAreWrittenAsValidJSON() throws {
        let input: [UInt8] = Self.malformed.flatMap { $0 + [UInt8(0x0A)] }
        let (store, report) = TestSupport.load(bytes: input)
        #expect(store.count == Self.malformed.count, "\(report)")
        let read = try Self.printedAndChecked(input)
        #expect(read.count == 2)
        guard read.count == 2 else { return }
        #expect(NSArray(array: read[0]) == NSArray(array: read[1]), "the dump and the lines hold the same crumbs")
        let crumbs = read[0]
        // The text the viewer shows for each value, as a string when it is not a valid one.
        #expect(crumbs[0]["event"] as? String == "eq")
        #expect((crumbs[0]["fields"] as? [String: Any])?["v"] as? String == "\u{FFFD}ZZZZ")
        #expect((crumbs[0]["fields"] as? [String: Any])?["n"] as? String == "01")
        #expect(crumbs[1]["a"] as? String == "\u{FFFD}")
        #expect(crumbs[1]["b"] as? String == "x\u{FFFD}y")
        #expect(crumbs[1]["c"] as? String == "😀")
        #expect(crumbs[1]["d"] as? String == "\u{FFFD}A")
        #expect(crumbs[2]["a"] as? String == "\u{FFFD}12")
        #expect(crumbs[2]["b"] as? String == "\u{FFFD}")
        #expect(crumbs[3]["a"] as? String == "x\u{1}y")
        #expect(crumbs[3]["b"] as? String == "é")
        #expect(crumbs[5]["nan"] as? String == "NaN" && crumbs[5]["ninf"] as? String == "-Infinity")
        #expect(crumbs[5]["zero"] as? String == "-01.5")
        #expect((crumbs[5]["list"] as? [Any])?.first as? String == "00")
        #expect((crumbs[6]["big"] as? String)?.count == 5001)
        for (index, crumb) in crumbs.enumerated() {
            // What the viewer shows as the event is the event written.
            #expect(crumb["event"] as? String == store.crumb(at: index).event, "crumb \(index)")
        }
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func hostileCrumbsAreWrittenAsValidJSON(seed: UInt64) throws {
        var crumbs = HostileCrumbs(seed: seed)
        let input = crumbs.jsonLines(300)
        let read = try Self.printedAndChecked(input)
        #expect(read.count == 2 && read.allSatisfy { $0.count == 300 })
    }
}
