import Foundation

/// Two live files whose times interleave, written by the tests for the merge rules: ties (a2 and
/// b2 at 10:00:03), a crumb without `ts` (it stays right after the crumb before it in its file),
/// and a crumb earlier than the one before it (a5-early: each file's own order is kept).
enum MergeInputs {
    static let a = """
        {"event":"a1","ts":"2025-12-30T10:00:01+00:00","thread":"A"}
        {"event":"a2","ts":"2025-12-30T10:00:03+00:00","thread":"A"}
        {"event":"a3-no-time","thread":"A"}
        {"event":"a4","ts":"2025-12-30T10:00:05+00:00","thread":"A"}
        {"event":"a5-early","ts":"2025-12-30T10:00:02+00:00","thread":"A"}

        """
    static let b = """
        {"event":"b1","ts":"2025-12-30T10:00:02+00:00","thread":"B"}
        {"event":"b2","ts":"2025-12-30T10:00:03+00:00","thread":"B"}
        {"event":"b3","ts":"2025-12-30T10:00:04+00:00","thread":"B"}
        {"event":"b4","ts":"2025-12-30T10:00:06+00:00","thread":"B"}

        """

    /// The two files, written once per test process.
    static let paths: (a: String, b: String) = {
        let folder = try! TestSupport.temporaryDirectory().path
        return (try! TestSupport.write(Array(a.utf8), named: "merge-a.jsonl", in: folder),
                try! TestSupport.write(Array(b.utf8), named: "merge-b.jsonl", in: folder))
    }()
}
