import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import StateCrumbs

extension GlobalRecorder {
    /// Dumps made by the real Python statecrumbs 0.1.2 (Fixtures/make_python_dumps.py) against a
    /// Swift dump of the same events.
    @Suite struct PythonCompatibility {
        static func fixture(_ name: String) throws -> String {
            let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
            return try String(contentsOf: url, encoding: .utf8)
        }

        /// The same events as `record()` in make_python_dumps.py.
        static func swiftDump() -> String {
            Fixture.reset(maxCrumbs: 50)
            crumb("start", ["user": "alice"])
            Crumbs.withContext(["request_id": "req-7", "user": "bob"]) {
                crumb("db.query", ["table": "users", "rows": 42])
                Crumbs.withContext(["step": "render"]) {
                    crumb("render", ["template": "home"])
                }
            }
            let done = DispatchSemaphore(value: 0)
            let worker = Thread {
                Crumbs.setThreadName("worker-3")
                crumb("worker.tick", ["n": 1])
                done.signal()
            }
            worker.start()
            done.wait()
            crumb("before_error", ["x": 10])
            return CrumbFormatter.json(Crumbs.snapshot())
        }

        /// The dump with every string value replaced, leaving keys, nesting and layout.
        static func skeleton(_ json: String) -> String {
            json.replacing(/: "(?:[^"\\]|\\.)*"/, with: ": V")
        }

        @Test func sameKeysInTheSameOrder() throws {
            let python = try Self.fixture("python_export.json")
            let swift = Self.swiftDump()
            #expect(Fixture.keyOrder(ofObjectsIn: swift) == Fixture.keyOrder(ofObjectsIn: python))
            #expect(Fixture.keyOrder(ofObjectsIn: python).count == 5)
        }

        @Test func sameLayoutByteForByteApartFromValues() throws {
            let python = try Self.fixture("python_export.json")
            #expect(Self.skeleton(Self.swiftDump()) == Self.skeleton(python))
        }

        @Test func sameValueForms() throws {
            let python = try Fixture.parseArray(try Self.fixture("python_export.json"))
            let swift = try Fixture.parseArray(Self.swiftDump())
            #expect(python.count == swift.count)
            let stamp = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00/
            for (p, s) in zip(python, swift) {
                #expect(p["event"] as? String == s["event"] as? String)
                // Tests run off the main thread, so only the named worker's name can match here;
                // MainThread is checked in a child process (CrashTests).
                let pthread = try #require(p["thread"] as? String), sthread = try #require(s["thread"] as? String)
                if pthread == "worker-3" { #expect(sthread == "worker-3") } else { #expect(!sthread.isEmpty) }
                let pts = try #require(p["ts"] as? String), sts = try #require(s["ts"] as? String)
                #expect(pts.wholeMatch(of: stamp) != nil && sts.wholeMatch(of: stamp) != nil)
                #expect(p["context"] as? [String: String] == s["context"] as? [String: String])
                for (key, value) in s where key != "context" {
                    #expect(value is String, "\(key) is not a string")
                    #expect(p[key] is String)
                }
            }
            // Python stores repr(): strings gain quotes, numbers do not; Swift stores the text.
            #expect(python[1]["rows"] as? String == "42" && swift[1]["rows"] as? String == "42")
            #expect(python[0]["user"] as? String == "'alice'" && swift[0]["user"] as? String == "alice")
        }

        @Test func pythonCrashOutputHoldsTheSameShape() throws {
            let stderr = try Self.fixture("python_crash_stderr.txt")
            #expect(stderr.hasPrefix("\n[\n"))
            let end = try #require(stderr.range(of: "\n]\n"))
            let dump = String(stderr[stderr.index(after: stderr.startIndex)..<end.upperBound])
            #expect(Self.skeleton(dump) == Self.skeleton(Self.swiftDump()) + "\n")
        }

        @Test func aPythonDumpReadsBackIntoCrumbs() throws {
            let python = try Self.fixture("python_export.json")
            let crumbs = try JSONDecoder().decode([Crumb].self, from: Data(python.utf8))
            #expect(crumbs.map(\.event) == ["start", "db.query", "render", "worker.tick", "before_error"])
            #expect(crumbs[2].contextValue("step") == "render")
            #expect(crumbs[3].thread == "worker-3")
            #expect(crumbs[1]["rows"] == "42")
        }
    }
}

/// Python statecrumbs reading a real crash dump of ours: the crash crumb is, to a reader that
/// knows nothing of it, one more crumb.
@Suite struct PythonReadsACrashDump {
    @Test(arguments: CrashTests.Build.allCases)
    func theCrashCrumbIsOneMoreCrumb(build: CrashTests.Build) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("python-crash-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try CrashTests.run("file", build, .off, extra: ["crumbs.json"], directory: folder)
        #expect(outcome.signal == SIGILL)
        let dump = try String(contentsOfFile: folder + "/crumbs.json", encoding: .utf8)
        let script = """
            import json, sys
            from statecrumbs.formatter import format_json
            crumbs = json.load(open(sys.argv[1]))
            print(len(crumbs), crumbs[-2]["event"], crumbs[-1]["event"], crumbs[-1]["code"])
            sys.stdout.write(format_json(crumbs) + "\\n")
            """
        let python = try ChildProcess(path: "/usr/bin/env", arguments: [try PeerPython.path(), "-c", script, folder + "/crumbs.json"]).run()
        try #require(python.exitStatus == 0, "\(python.stderr)")
        // The six crumbs the fixture records, and the crash crumb.
        #expect(python.stdout.hasPrefix("7 before.crash statecrumbs.crash ILL_ILLOPN\n"), "\(python.stdout.prefix(200))")
        // Python's own formatter writes the dump it read byte for byte: the same shape, crash crumb included.
        #expect(python.stdout.drop { $0 != "\n" }.dropFirst() == dump[...])
    }
}
