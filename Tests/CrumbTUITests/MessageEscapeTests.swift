import CrumbEngine
@testable import CrumbTUI
import Foundation
import Testing

/// Text that comes from a file name, a filter expression or a crumb never reaches the terminal
/// as control or bidi characters: messages escape it as the data is escaped (`^[`, `\n`,
/// `\u{202E}`), and so does the text that `--print` writes.
@Suite struct MessageEscapeTests {
    typealias S = ViewerTestSupport

    /// Characters a terminal obeys, or that reorder a line.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
            || (0x2066...0x2069).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    static let hostileName = "bad\u{1B}[2J\u{202E}\u{2066}\nname\u{7}.jsonl"

    @Test func fileNamesInMessagesAreEscaped() throws {
        let folder = try TestSupport.temporaryDirectory().path
        let missing = folder + "/" + Self.hostileName
        let run = try TestSupport.crumbtui(missing, "--count")
        #expect(run.status == 1)
        #expect(!run.error.unicodeScalars.contains(where: Self.isUnsafe), "\(run.error.debugDescription)")
        #expect(run.error.contains(#"bad^[[2J\u{202E}\u{2066}\nname^G.jsonl: "#))
        #expect(run.error.split(separator: "\n").count == 1, "one line")
        // A file that loads in part: its problems name it the same way.
        let present = try TestSupport.write(Array("{\"event\":\"good\"}\n{\"event\":\n".utf8), named: Self.hostileName, in: folder)
        let partial = try TestSupport.crumbtui(present, "--count")
        #expect(partial.output == "1\n")
        #expect(!partial.error.unicodeScalars.contains(where: Self.isUnsafe), "\(partial.error.debugDescription)")
        #expect(partial.error.contains(#"bad^[[2J\u{202E}\u{2066}\nname^G.jsonl:2: "#))
        // And the viewer's status line.
        let store = CrumbStore()
        let reports = CrumbLoader().load([present], into: store)
        let message = try #require(LoadedCrumbs(store: store, reports: reports).statusMessage)
        #expect(!message.text.unicodeScalars.contains(where: Self.isUnsafe), "\(message.text.debugDescription)")
    }

    @Test func filterExpressionsInMessagesAreEscaped() throws {
        let expression = "\u{1B}[31m\u{202E} thread:\"x"
        let run = try TestSupport.crumbtui(TestSupport.fixture("python-dump.json"), "--count", "--filter", expression)
        #expect(run.status == 2)
        #expect(!run.error.unicodeScalars.contains(where: Self.isUnsafe), "\(run.error.debugDescription)")
        let lines = run.error.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1] == #"  ^[[31m\u{202E} thread:"x"#)
        // The caret stands under the quote in the escaped expression.
        #expect(lines[2].count == lines[1].firstIndex(of: "\"").map { lines[1].distance(from: lines[1].startIndex, to: $0) + 1 })
        #expect(lines[2].hasSuffix("^"))
        // The prompt shows the expression and its error escaped too.
        let list = try S.list(S.jsonLines(3))
        var state = S.state(list)
        S.apply(&state, list, .openFilter)
        S.type(&state, list, expression)
        let screen = S.render(state, list).joined(separator: "\n")
        #expect(!screen.unicodeScalars.contains(where: Self.isUnsafe))
        #expect(screen.contains(#"filter: ^[[31m\u{202E} thread:"x"#))
    }

    /// U+202A–U+202E, U+2066–U+2069, U+2028 and U+2029, raw or as JSON escapes, in every part
    /// of a crumb: `--print` shows each as the viewer does.
    @Test func printedTextEscapesBidiAndSeparators() throws {
        let scalars: [UInt32] = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x2028, 0x2029]
        var lines: [String] = []
        for value in scalars {
            let raw = String(Unicode.Scalar(value)!)
            let escaped = "\\u" + String(value, radix: 16)
            for text in [raw, escaped] {
                lines.append(#"{"ts":"2025-01-01T00:00:00\#(text)Z","thread":"t\#(text)","event":"e\#(text)","context":{"k\#(text)":"v\#(text)"},"f\#(text)":"x\#(text)"}"#)
            }
        }
        let path = try TestSupport.write(Array((lines.joined(separator: "\n") + "\n").utf8), named: "bidi.jsonl")
        let run = try TestSupport.crumbtui(path, "--print")
        #expect(run.status == 0)
        #expect(!run.output.unicodeScalars.contains(where: Self.isUnsafe))
        let printed = run.outputLines
        #expect(printed.count == lines.count)
        for (index, value) in scalars.enumerated() {
            let shown = "\\u{" + String(value, radix: 16, uppercase: true) + "}"
            let expected = "[t\(shown)] e\(shown) {\"k\(shown)\"=\"v\(shown)\"} \"f\(shown)\"=\"x\(shown)\""
            #expect(printed[2 * index].hasSuffix(expected), "\(printed[2 * index])")
            #expect(printed[2 * index + 1].hasSuffix(expected), "\(printed[2 * index + 1])")
        }
    }
}
