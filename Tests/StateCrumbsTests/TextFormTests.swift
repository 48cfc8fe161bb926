import CStateCrumbs
import Foundation
import Testing
@testable import StateCrumbs

extension GlobalRecorder {
    /// Both halves write a crumb the same way: `CrumbFormatter.text` and `crumbtui --print` give
    /// the same line, and the crash path, `CrumbFormatter.json` and `crumbtui --print --format
    /// json` the same dump, for hostile crumbs too.
    @Suite struct OneCrumbFormat {
        /// Values a readable line must show unambiguously and safely.
        static var hostileValues: [(String, Any)] {[
            ("spaces", "a b  c"),
            ("quotes", #"say "hi""#),
            ("equals", "a=b"),
            ("braces", "{x} }{"),
            ("controls", "line1\nline2\r\t\u{1B}[31mred\u{7}\u{0}end"),
            ("bidi", "abc\u{202E}fed\u{2066}x\u{2069}\u{2028}"),
            ("c1", "\u{9B}31m"),
            ("empty", ""),
            ("nil", Optional<Int>.none as Any),
            ("backslashes", #"C:\temp\n"#),
            ("unicode", "Zoë 李雷 ✓"),
        ]}

        static func recordHostileCrumbs() {
            Fixture.reset(maxCrumbs: 100)
            Crumbs.setThreadName("worker \u{1B}[2J 7")
            Crumbs.withContext(["request_id": "req 1", "quote": #"o"brien"#, "empty": ""]) {
                for (key, value) in hostileValues {
                    crumb("value.\(key)", [key: value, "n": 1])
                }
                crumb("evil\u{1B}]0;title\u{7}", ["k=ey w": "v", "": "empty key"])
            }
            crumb("no.context")
        }

        static func temporaryFile(_ name: String) throws -> String {
            try Crumbtui.folder("one-format") + "/" + name
        }

        @Test func theLibraryAndTheViewerWriteTheSameLine() throws {
            Self.recordHostileCrumbs()
            let crumbs = Crumbs.snapshot()
            #expect(crumbs.count == Self.hostileValues.count + 2)
            let path = try Self.temporaryFile("crumbs.json")
            try Crumbs.exportJSON(to: path)
            let printed = try Crumbtui.run([path, "--print", "--format", "text"])
            #expect(printed.exitStatus == 0, "\(printed.stderr)")
            let text = CrumbFormatter.text(crumbs)
            #expect(printed.stdout == text + "\n")
            // Safe to print: nothing a terminal would obey, and the tricky values still readable.
            #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) })
            #expect(!text.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines[0].hasSuffix(#"[worker ^[[2J 7] value.spaces {request_id="req 1" quote="o\"brien" empty=""} spaces="a b  c" n=1"#))
            #expect(lines[1].hasSuffix(#"value.quotes {request_id="req 1" quote="o\"brien" empty=""} quotes="say \"hi\"" n=1"#))
            #expect(lines[2].hasSuffix(#"equals="a=b" n=1"#))
            #expect(lines[3].hasSuffix(#"braces="{x} }{" n=1"#))
            #expect(lines[4].hasSuffix(#"controls="line1\nline2\r\t^[[31mred^G^@end" n=1"#))
            #expect(lines[5].hasSuffix(#"bidi="abc\u{202E}fed\u{2066}x\u{2069}\u{2028}" n=1"#))
            #expect(lines[6].hasSuffix(#"c1="\u{9B}31m" n=1"#))
            #expect(lines[7].hasSuffix(#"empty="" n=1"#))
            #expect(lines[8].hasSuffix(#"nil=nil n=1"#))
            #expect(lines[9].hasSuffix(#"backslashes=C:\temp\n n=1"#), "a literal backslash outside quotes stays literal")
            #expect(lines[10].hasSuffix(#"unicode="Zoë 李雷 ✓" n=1"#))
            #expect(lines[11].hasSuffix(#"evil^[]0;title^G {request_id="req 1" quote="o\"brien" empty=""} "k=ey w"=v ""="empty key""#))
            #expect(lines[12].hasSuffix("[worker ^[[2J 7] no.context"))
        }

        @Test func crumbsWithoutTimeOrThreadReadTheSameToo() throws {
            let crumbs = [
                Crumb(event: "bare"),
                Crumb(event: "odd keys", context: [.init(key: "a b", value: "{")],
                      fields: [.init(key: "=", value: "=="), .init(key: "\u{1B}", value: "\\")]),
            ]
            let path = try Self.temporaryFile("bare.json")
            try CrumbFormatter.json(crumbs).write(toFile: path, atomically: true, encoding: .utf8)
            let printed = try Crumbtui.run([path, "--print"])
            #expect(printed.stdout == CrumbFormatter.text(crumbs) + "\n")
            #expect(printed.stdout == #"""
                bare
                "odd keys" {"a b"="{"} "="="==" "^["=\
                
                """#.replacingOccurrences(of: "\"odd keys\"", with: "odd keys"))
        }

        @Test func theCrashDumpAndTheFormattedSnapshotAreTheSameBytes() throws {
            Self.recordHostileCrumbs()
            let path = try Self.temporaryFile("crash-path.json")
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            try #require(fd >= 0)
            sc_crash_write_dump(fd, "", "")
            close(fd)
            let written = try String(contentsOfFile: path, encoding: .utf8)
            let formatted = CrumbFormatter.json(Crumbs.snapshot())
            #expect(written == formatted)
            // And crumbtui writes the same dump back.
            let printed = try Crumbtui.run([path, "--print", "--format", "json"])
            #expect(printed.stdout == formatted + "\n")
        }
    }
}
