import Foundation
import Testing
@testable import StateCrumbs

extension GlobalRecorder {
    @Suite struct Formatting {
        @Test func emptyDumpIsAnEmptyArray() {
            #expect(CrumbFormatter.json([]) == "[]")
        }

        @Test func jsonIsPrettyAndParsesBackToTheSameCrumbs() throws {
            let crumbs = [
                Crumb(event: "a", timestamp: "2025-12-30T10:23:45.123456+00:00", thread: "MainThread",
                      context: [.init(key: "k", value: "v")], fields: [.init(key: "x", value: "1")]),
                Crumb(event: "b"),
            ]
            let json = CrumbFormatter.json(crumbs)
            #expect(json == """
                [
                  {
                    "event": "a",
                    "ts": "2025-12-30T10:23:45.123456+00:00",
                    "thread": "MainThread",
                    "context": {
                      "k": "v"
                    },
                    "x": "1"
                  },
                  {
                    "event": "b"
                  }
                ]
                """)
            let decoded = try JSONDecoder().decode([Crumb].self, from: Data(json.utf8))
            #expect(decoded == crumbs)
        }

        @Test func jsonLineIsOneCompactObject() {
            let line = CrumbFormatter.jsonLine(Crumb(event: "a\nb", fields: [.init(key: "x", value: "1")]))
            #expect(line == #"{"event":"a\nb","x":"1"}"#)
        }

        @Test func dumpAndSnapshotAgree() throws {
            Fixture.reset()
            crumb("one", ["n": 1])
            crumb("two")
            let snapshot = Crumbs.snapshot()
            let parsed = try Fixture.parseArray(CrumbFormatter.json(snapshot))
            #expect(parsed.map { $0["event"] as? String } == ["one", "two"])
        }

        @Test func exportWritesTheDumpReadableByItsOwnerOnly() throws {
            Fixture.reset()
            crumb("exported", ["n": 1])
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-export-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("crumbs.json").path
            try "old".write(toFile: path, atomically: false, encoding: .utf8)
            try Crumbs.exportJSON(to: path)
            let written = try String(contentsOfFile: path, encoding: .utf8)
            #expect(written == CrumbFormatter.json(Crumbs.snapshot()))
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["crumbs.json"])
        }

        @Test func exportFailureNamesThePathAndTheReason() {
            Fixture.reset()
            let path = "/nonexistent-folder-\(UUID())/crumbs.json"
            #expect {
                try Crumbs.exportJSON(to: path)
            } throws: { error in
                let export = error as? CrumbExportError
                return export?.path == path && export?.reason == "No such file or directory"
                    && "\(error)" == "cannot write \(path): No such file or directory"
            }
        }
    }
}
