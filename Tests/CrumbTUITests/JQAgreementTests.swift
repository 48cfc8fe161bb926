import Foundation
import Testing

/// For the same filter, `--count`, the lines of `--print --format jsonl` and jq agree.
@Suite struct JQAgreementTests {
    /// Per fixture: (crumbtui filter, the same condition in jq).
    static let cases: [String: [(String, String)]] = [
        "python-unsorted.jsonl": [
            ("", "true"),
            ("thread:racer-3", #".thread == "racer-3""#),
            ("thread:racer-3 event:tick", #".thread == "racer-3" and .event == "tick""#),
            ("i:1*", #".i | startswith("1")"#),
            ("-thread:racer-0|racer-1", #".thread != "racer-0" and .thread != "racer-1""#),
        ],
        "python-dump.json": [
            ("", "true"),
            ("ctx.request_id:req-2", #".context.request_id == "req-2""#),
            ("ctx.attempt:3", #".context.attempt == 3"#),
            ("event:http.* thread:worker-1", #"(.event | startswith("http.")) and .thread == "worker-1""#),
            ("-ctx.user:*", #".context.user == null"#),
        ],
        "python-malformed.jsonl": [
            ("", "true"),
            ("thread:worker-2|MainThread", #".thread == "worker-2" or .thread == "MainThread""#),
            // Python's repr quotes: `table:users` also matches "'users'".
            ("table:users", #".table == "\u0027users\u0027""#),
        ],
    ]

    @Test(arguments: ["python-unsorted.jsonl", "python-dump.json", "python-malformed.jsonl"])
    func countsAgree(file: String) throws {
        let path = TestSupport.fixture(file)
        try #require(try TestSupport.shell("command -v jq").status == 0, "jq is needed: apt-get install jq")
        // A dump array is read with `.[]`; of a live file, jq (like crumbtui) takes the lines that
        // are JSON objects and drops the broken ones (`fromjson?`).
        let source = file.hasSuffix(".json") ? "jq -c '.[]' '\(path)'" : "jq -R -c 'fromjson? | select(type == \"object\")' '\(path)'"
        for (filter, condition) in Self.cases[file]! {
            let count = try TestSupport.crumbtui(path, "--count", "--filter", filter)
            let printed = try TestSupport.crumbtui(path, "--print", "--format", "jsonl", "--filter", filter)
            let jq = try TestSupport.shell("\(source) | jq -c 'select(\(condition))' | wc -l")
            #expect(count.status == 0 && printed.status == 0 && jq.status == 0)
            let number = try #require(Int(count.output.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(number > 0, "\(file) '\(filter)' matches something")
            #expect(number == printed.outputLines.count, "\(file) '\(filter)'")
            #expect(number == Int(jq.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(file) '\(filter)'")
        }
    }
}
