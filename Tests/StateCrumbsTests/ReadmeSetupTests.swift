import Foundation
import Testing

/// What a newcomer types first: the README's setup line installs everything the tests need.
@Suite struct ReadmeSetupTests {
    /// The packages an `apt-get install` line names (words after `install` that are not options,
    /// up to the end of that command).
    static func packages(in line: Substring) -> Set<String> {
        guard let install = line.range(of: "apt-get install") else { return [] }
        let command = line[install.upperBound...].prefix { $0 != "&" && $0 != ">" && $0 != "`" && $0 != "\n" }
        return Set(command.split(separator: " ").filter { !$0.hasPrefix("-") }.map(String.init))
    }

    @Test func theSetupLineInstallsWhatCIInstallsBeforeTheTests() throws {
        let root = ExamplesTests.repository
        let ci = try String(contentsOfFile: root + "/.ci/run", encoding: .utf8)
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        let ciLine = try #require(ci.split(separator: "\n").first { $0.contains("apt-get install") })
        // The first apt-get line of the README, before its first section: the setup line.
        let intro = readme.components(separatedBy: "\n## ").first ?? ""
        let readmeLine = try #require(intro.split(separator: "\n").first { $0.contains("apt-get install") })
        let needed = Self.packages(in: ciLine)
        #expect(needed.isSuperset(of: ["libncurses-dev", "tmux", "jq", "gcc"]))
        #expect(Self.packages(in: readmeLine).isSuperset(of: needed), "README's setup line lacks \(needed.subtracting(Self.packages(in: readmeLine)).sorted())")
        #expect(readmeLine.contains(".ci/python-requirements.txt"), "and the Python peers the tests run")
    }
}
