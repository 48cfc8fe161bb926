import CrumbEngine
@_spi(CrumbCodec) import CrumbCodec
import Foundation
import Testing

/// Bad input never crashes and never hides the good part.
@Suite struct BadInputTests {
    @Test func truncatedDumpLoadsEveryCompleteCrumb() {
        let (store, report) = TestSupport.loadFixture("python-truncated.json")
        #expect(report.kind == .array)
        #expect(store.count == 8)
        #expect(!report.isUnusable)
        #expect(store.problems.count == 1)
        #expect(store.problems[0].message.contains("cut off"))
        #expect(store.problems[0].line != nil)
    }

    @Test func truncatedLiveFileLoadsEveryCompleteLine() {
        let (store, report) = TestSupport.loadFixture("python-truncated.jsonl")
        #expect(store.count == 11)
        #expect(report.skipped == 1)
        #expect(store.problems.map(\.line) == [12])
        #expect(store.problems[0].message.contains("cut off"))
    }

    @Test func malformedLinesAreSkippedAndCountedWithTheirLineNumbers() {
        let (store, report) = TestSupport.loadFixture("python-malformed.jsonl")
        #expect(store.count == 12)
        #expect(report.skipped == 5)
        #expect(store.problems.map(\.line) == [3, 6, 9, 10, 12])
        #expect(store.problems.allSatisfy { $0.file.hasSuffix("python-malformed.jsonl") })
        #expect(store.problems[2].message.contains("text after the crumb"))
    }

    @Test func invalidUTF8IsShownWithReplacementCharacters() {
        let bytes: [UInt8] = Array(#"{"event":"bad "#.utf8) + [0xFF, 0xC3] + Array(#"","ctx":"x"}"#.utf8) + [0x0A]
        let (store, report) = TestSupport.load(bytes: bytes)
        #expect(store.count == 1 && report.skipped == 0)
        #expect(store.crumb(at: 0).event == "bad \u{FFFD}\u{FFFD}")
        var out: [UInt8] = []
        CrumbWriter.writeLine(store, 0, format: .jsonl, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "{\"event\":\"bad \u{FFFD}\u{FFFD}\",\"ctx\":\"x\"}\n")
        #expect(String(validating: out, as: UTF8.self) != nil)
    }

    @Test func tenMegabyteLine() {
        let big = String(repeating: "x", count: 10 << 20)
        let (store, report) = TestSupport.load(#"{"event":"small"}"# + "\n" + #"{"event":"big","blob":""# + big + "\"}\n")
        #expect(store.count == 2 && report.skipped == 0)
        #expect(store.crumb(at: 1).fields[0].value.text.utf8.count == 10 << 20)
    }

    @Test func nulBytes() {
        let bytes: [UInt8] = Array(#"{"event":"a"}"#.utf8) + [0x0A, 0, 0, 0, 0x0A] + Array(#"{"event":"b"#.utf8) + [0] + Array(#""}"#.utf8) + [0x0A]
        let (store, report) = TestSupport.load(bytes: bytes)
        #expect(TestSupport.events(store) == ["a", "b\u{0}"])
        #expect(report.skipped == 1)
        #expect(store.problems.map(\.line) == [2])
        #expect(CrumbText.line(store.crumb(at: 1)) == "b^@")
    }

    @Test func byteOrderMarkAndCRLF() {
        let text = "\u{FEFF}" + #"{"event":"a","thread":"t"}"# + "\r\n" + #"{"event":"b"}"# + "\r\n"
        let (store, report) = TestSupport.load(text)
        #expect(report.kind == .jsonLines)
        #expect(TestSupport.events(store) == ["a", "b"])
        #expect(store.problems.isEmpty)
        let (array, arrayReport) = TestSupport.load("\u{FEFF}[\r\n  {\"event\": \"a\"},\r\n  {\"event\": \"b\"}\r\n]\r\n")
        #expect(arrayReport.kind == .array)
        #expect(TestSupport.events(array) == ["a", "b"])
    }

    @Test func hundredThousandNestedBrackets() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let (store, report) = TestSupport.load(#"{"event":"deep","v":"# + deep + "}\n" + #"{"event":"open","v":"# + String(repeating: "[", count: 100_000) + "\n")
        #expect(TestSupport.events(store) == ["deep"])
        #expect(report.skipped == 1)
        #expect(store.crumb(at: 0).fields[0].value.text.count == 200_000)
        // The same nesting as a whole file, and inside a log.
        #expect(TestSupport.load(deep).0.count == 0)
        #expect(TestSupport.load("log " + deep).0.count == 0)
    }

    @Test func emptyFileLoadsNothingWithAMessage() {
        let (store, report) = TestSupport.loadFixture("empty.json")
        #expect(report.kind == .empty)
        #expect(store.count == 0)
        #expect(!report.isUnusable)
        #expect(store.problems.map(\.message) == ["empty file: no crumbs yet"])
        #expect(TestSupport.load("  \n\n").1.kind == .empty)
    }

    @Test func emptyFolderMissingAndUnreadableFiles() throws {
        let directory = try TestSupport.temporaryDirectory()
        let (store, reports) = TestSupport.load([directory.path, directory.path + "/missing.json", "/proc/self/mem", TestSupport.fixture("python-live.jsonl")])
        #expect(reports.map(\.isUnusable) == [true, true, true, false])
        #expect(store.count == 12, "the good file still loads")
        #expect(store.problems[0] == LoadProblem(file: directory.path, line: nil, message: "an empty folder: no crumbs in it"))
        #expect(store.problems[1].message == "no such file")
        #expect(store.problems[2].message.hasPrefix("cannot read: "))
        #expect(store.problems.allSatisfy { !$0.description.contains("\n") })
    }

    @Test func unreadableBecauseOfPermissions() throws {
        guard getuid() != 0 else { return } // root reads anything; /proc/self/mem covers it above.
        let path = try TestSupport.write(Array(#"{"event":"a"}"#.utf8), named: "secret.jsonl")
        chmod(path, 0)
        let (_, reports) = TestSupport.load([path])
        #expect(reports[0].failure == "permission denied")
    }

    @Test func textWithoutDumpIsUnusable() {
        let (store, report) = TestSupport.load("just a log line [1, 2, 3]\n[INFO] nothing {here}\n")
        #expect(report.kind == .text)
        #expect(store.count == 0)
        #expect(report.isUnusable)
        #expect(store.problems.map(\.message) == ["no crumb dump found in this text"])
    }

    @Test func brokenElementInsidePrettyDumpIsSkipped() {
        let dump = "[\n  {\"event\": \"a\"},\n  {\"event\": \"b\", oops},\n  {\"event\": \"c\"}\n]\n"
        let (store, report) = TestSupport.load(dump)
        #expect(TestSupport.events(store) == ["a", "c"])
        #expect(report.skipped == 1)
        #expect(store.problems.map(\.line) == [3])
    }

    @Test func pythonNonStandardNumbers() {
        let (store, _) = TestSupport.load(#"[{"event":"n","context":{"a":NaN,"b":-Infinity,"c":1e-3}}]"#)
        #expect(store.crumb(at: 0).context.map(\.value.text) == ["NaN", "-Infinity", "1e-3"])
    }

    /// Inputs the scanner fuzzer (Fuzz/ScannerFuzz) crashed on, checked the way it checks them.
    @Test func fuzzRegressionInputs() throws {
        let directory = TestSupport.fixtures.appendingPathComponent("fuzz-regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(!names.isEmpty)
        for name in names {
            let bytes = try [UInt8](contentsOf: directory.appendingPathComponent(name).path)
            let (serial, _) = TestSupport.load(bytes: bytes, parallelThreshold: Int.max)
            let (split, _) = TestSupport.load(bytes: bytes, parallelThreshold: 1)
            #expect(serial.count == split.count, "\(name)")
            for index in 0..<serial.count {
                var out: [UInt8] = []
                for format in CrumbFormat.allCases { CrumbWriter.writeLine(serial, index, format: format, to: &out) }
                var line: [UInt8] = [], compact: [UInt8] = [], element: [UInt8] = [], laidOut: [UInt8] = []
                CrumbWriter.writeLine(serial, index, format: .text, to: &line)
                #expect(line == Array(CrumbText.line(serial.crumb(at: index)).utf8) + [0x0A], "\(name): crumb \(index)")
                CrumbWriter.compact(serial, index, to: &compact)
                CrumbWriter.writeLine(serial, index, format: .json, to: &element)
                PrettyJSON.write(compact, indent: 1, to: &laidOut)
                #expect(element == laidOut, "\(name): crumb \(index)")
            }
            let all = (0..<UInt32(serial.count)).map { $0 }
            for format in CrumbFormat.allCases {
                var whole: [UInt8] = [], chunked: [UInt8] = []
                CrumbWriter.write(serial, all, format: format) { whole += $0 }
                CrumbWriter.write(serial, all, format: format, crumbsPerChunk: 1) { chunked += $0 }
                #expect(whole == chunked, "\(name): \(format)")
            }
            CrumbStore().appendLines(bytes, name: "live")
            let expressions = [String(decoding: bytes.prefix(256), as: UTF8.self), "thread:x", "event:*", "event:6|x",
                               "ctx.a:b", "ctx.a:*", "k:v", "since:2025 -word"]
            for expression in expressions {
                guard let filter = try? CrumbFilter(expression) else { continue }
                #expect(FilterResult(filter, in: serial).matches.count <= serial.count, "\(name): \(expression)")
            }
        }
    }
}
