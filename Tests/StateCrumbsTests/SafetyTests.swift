import Foundation
import Testing
@testable import StateCrumbs

extension GlobalRecorder {
    /// Secrets, oversize values and hostile text.
    @Suite struct Safety {
        @Test func secretsAreRedactedWhateverTheirCase() throws {
            Fixture.reset()
            crumb("login", ["user": "bob", "Password": "hunter2", "X-Api_Key": "k", "sessionToken": "t", "Cookie": "c"])
            let last = try #require(Crumbs.snapshot().last)
            #expect(last["user"] == "bob")
            for key in ["Password", "X-Api_Key", "sessionToken", "Cookie"] {
                #expect(last[key] == "<redacted>", "\(key)")
            }
        }

        @Test func contextSecretsAreRedactedToo() throws {
            Fixture.reset()
            Crumbs.withContext(["authorization": "Bearer abc", "request_id": "r1"]) {
                crumb("inside")
            }
            let last = try #require(Crumbs.snapshot().last)
            #expect(last.contextValue("authorization") == "<redacted>")
            #expect(last.contextValue("request_id") == "r1")
        }

        @Test func redactionCanBeTurnedOffOrChanged() throws {
            Fixture.reset(redactKeys: [])
            crumb("a", ["password": "p"])
            #expect(Crumbs.snapshot().last?["password"] == "p")
            Fixture.reset(redactKeys: ["ssn"])
            crumb("b", ["password": "p", "user_SSN": "123"])
            #expect(Crumbs.snapshot().last?["password"] == "p")
            #expect(Crumbs.snapshot().last?["user_SSN"] == "<redacted>")
        }

        @Test func aLongValueIsCutAndMarkedAndTheCrumbStaysValidJSON() throws {
            Fixture.reset()
            let long = String(repeating: "é\"x\n", count: 2000)
            crumb("big", ["sql": long, "after": "kept"])
            let last = try #require(Crumbs.snapshot().last)
            let sql = try #require(last["sql"])
            #expect(sql.hasSuffix("…"))
            #expect(sql.count < long.count)
            #expect(long.hasPrefix(String(sql.dropLast())))
            #expect(last["after"] == "kept")
            let compact = CrumbEncoding.compact(last)
            #expect(compact.count <= Crumbs.defaultMaxCrumbBytes)
            _ = try JSONSerialization.jsonObject(with: Data(compact))
        }

        @Test func aValueThatFitsExactlyIsNotCut() throws {
            Fixture.reset(maxCrumbBytes: 256)
            crumb("fit", ["v": String(repeating: "a", count: 100)])
            #expect(Crumbs.snapshot().last?["v"] == String(repeating: "a", count: 100))
        }

        @Test func manyFieldsBeyondTheCrumbSizeAreCountedNotLost() throws {
            Fixture.reset(maxCrumbBytes: 256)
            crumb("wide", ["field0": "value-00-abcdefghij", "field1": "value-01-abcdefghij", "field2": "value-02-abcdefghij", "field3": "value-03-abcdefghij", "field4": "value-04-abcdefghij", "field5": "value-05-abcdefghij", "field6": "value-06-abcdefghij", "field7": "value-07-abcdefghij", "field8": "value-08-abcdefghij", "field9": "value-09-abcdefghij", "field10": "value-10-abcdefghij", "field11": "value-11-abcdefghij", "field12": "value-12-abcdefghij", "field13": "value-13-abcdefghij", "field14": "value-14-abcdefghij", "field15": "value-15-abcdefghij", "field16": "value-16-abcdefghij", "field17": "value-17-abcdefghij", "field18": "value-18-abcdefghij", "field19": "value-19-abcdefghij"])
            let last = try #require(Crumbs.snapshot().last)
            let marker = try #require(last["…"])
            let kept = last.fields.count - 1
            #expect(marker == "\(20 - kept) more fields")
            #expect(kept > 3)
        }

        @Test func controlCharactersAndQuotesSurviveTheRoundTrip() throws {
            Fixture.reset()
            let hostile = "a\u{1B}[31mred\r\n\t\"q\"\\ \u{0}\u{7F} 日本 🎉"
            crumb(hostile, [hostile: hostile])
            let last = try #require(Crumbs.snapshot().last)
            #expect(last.event == hostile)
            #expect(last[hostile] == hostile)
            let json = CrumbFormatter.json([last])
            let parsed = try Fixture.parseArray(json)
            #expect(parsed.first?["event"] as? String == hostile)
            #expect(!json.contains("\u{1B}"))
        }

        @Test func textFormatShowsControlCharactersEscaped() {
            let crumb = Crumb(event: "evil\u{1B}[2J", timestamp: "2025-12-30T10:23:45.123456+00:00", thread: "MainThread",
                              context: [.init(key: "request_id", value: "r 1")],
                              fields: [.init(key: "msg", value: "line1\nline2\r"), .init(key: "rows", value: "42")])
            let text = CrumbFormatter.text([crumb, crumb])
            #expect(text == """
                2025-12-30T10:23:45.123456+00:00 [MainThread] evil^[[2J {request_id="r 1"} msg="line1\\nline2\\r" rows=42
                2025-12-30T10:23:45.123456+00:00 [MainThread] evil^[[2J {request_id="r 1"} msg="line1\\nline2\\r" rows=42
                """)
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        }

        @Test func memoryDoesNotGrowWithTheNumberOfCrumbs() {
            Fixture.reset(maxCrumbs: 50)
            for i in 0..<100_000 { crumb("n", ["i": i]) }
            let crumbs = Crumbs.snapshot()
            #expect(crumbs.count == 50)
            #expect(crumbs.last?["i"] == "99999")
        }
    }
}

extension GlobalRecorder {
    /// Options out of any sensible range are clamped, never trapped on.
    @Suite struct AbsurdOptions {
        @Test func hugeOrNegativeOptionsDoNotCrash() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("absurd-\(UUID())").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder); Fixture.reset() }
            Crumbs.enable(maxCrumbs: Int.min, onCrash: .off, maxCrumbBytes: Int.max)
            crumb("nothing kept")
            #expect(Crumbs.snapshot().isEmpty)
            Crumbs.enable(onCrash: .off, maxCrumbBytes: -5, liveFile: folder + "/live.jsonl",
                          liveFlushInterval: .seconds(Int64.max), liveFileMaxBytes: -1, liveFileKeep: Int.max,
                          liveFileMode: Int.max)
            crumb("kept", ["big": String(repeating: "x", count: 10_000)])
            #expect(Crumbs.flush(timeout: .seconds(Int64.max)))
            _ = Crumbs.flush(timeout: .seconds(-3))  // returns at once, does not trap
            #expect(Crumbs.snapshot().last?.event == "kept")
            #expect(Crumbs.largestMaxCrumbs == 100_000_000)
        }
    }
}
