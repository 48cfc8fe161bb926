import CCrumbFormat
import Foundation
import Testing
@testable import StateCrumbs

extension GlobalRecorder {
    @Suite struct Recording {
        @Test func aCrumbKeepsItsFieldsInOrderAsText() throws {
            Fixture.reset()
            crumb("db.query", ["table": "users", "rows": 42, "ratio": 0.5, "ok": true])
            let last = try #require(Crumbs.snapshot().last)
            #expect(last.event == "db.query")
            #expect(last.fields == [
                .init(key: "table", value: "users"), .init(key: "rows", value: "42"),
                .init(key: "ratio", value: "0.5"), .init(key: "ok", value: "true"),
            ])
            #expect(last.context.isEmpty)
        }

        @Test func optionalsAreUnwrappedAndNilIsSpelledNil() throws {
            Fixture.reset()
            let some: Int? = 7
            let none: String? = nil
            let nested: Int?? = .some(.some(3))
            crumb("optional", ["some": some as Any, "none": none as Any, "nested": nested as Any])
            let last = try #require(Crumbs.snapshot().last)
            #expect(last["some"] == "7")
            #expect(last["none"] == "nil")
            #expect(last["nested"] == "3")
        }

        @Test func valuesOfAnyTypeUseTheirDescription() throws {
            Fixture.reset()
            struct Order: CustomStringConvertible { var description: String { "order#12" } }
            crumb("types", ["list": [1, 2], "custom": Order(), "negative": Int.min, "big": UInt64.max])
            let last = try #require(Crumbs.snapshot().last)
            #expect(last["list"] == "[1, 2]")
            #expect(last["custom"] == "order#12")
            #expect(last["negative"] == "-9223372036854775808")
            #expect(last["big"] == "18446744073709551615")
        }

        @Test func anEmptyEventRecordsNothing() {
            Fixture.reset()
            crumb("")
            #expect(Crumbs.snapshot().isEmpty)
        }

        @Test func fieldsNamedLikeCrumbKeysGetAnUnderscore() throws {
            Fixture.reset()
            crumb("clash", ["event": "e", "ts": "t", "thread": "th", "context": "c", "other": "o"])
            let last = try #require(Crumbs.snapshot().last)
            #expect(last.event == "clash")
            #expect(last.fields.map(\.key) == ["_event", "_ts", "_thread", "_context", "other"])
            #expect(last.timestamp != "t")
        }

        @Test func timestampIsUTCWithMicrosecondsAndOffset() throws {
            Fixture.reset()
            let before = Date()
            crumb("tick")
            let after = Date()
            let stamp = try #require(Crumbs.snapshot().last?.timestamp)
            #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00/) != nil)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let date = try #require(formatter.date(from: String(stamp.prefix(23)) + "Z"))
            #expect(date.timeIntervalSince(before) > -0.002)
            #expect(after.timeIntervalSince(date) > -0.002)
        }

        @Test func civilDatesMatchTheCalendar() {
            var out = [UInt8](repeating: 0, count: Int(SC_TIMESTAMP_WIDTH))
            sc_format_timestamp(0, 0, &out)
            #expect(String(decoding: out, as: UTF8.self) == "1970-01-01T00:00:00.000000+00:00")
            sc_format_timestamp(1_767_090_225, 123_456, &out)
            #expect(String(decoding: out, as: UTF8.self) == "2025-12-30T10:23:45.123456+00:00")
            sc_format_timestamp(951_782_400, 1, &out)
            #expect(String(decoding: out, as: UTF8.self) == "2000-02-29T00:00:00.000001+00:00")
        }

        @Test func timestampAndThreadCanBeLeftOut() throws {
            Fixture.reset(includeTimestamp: false, includeThread: false)
            crumb("bare", ["x": 1])
            let json = CrumbFormatter.json(Crumbs.snapshot())
            #expect(Fixture.keyOrder(ofObjectsIn: json) == [["event", "x"]])
        }

        @Test func aNamedThreadIsRecordedByItsFullName() throws {
            Fixture.reset()
            let done = DispatchSemaphore(value: 0)
            Thread {
                Crumbs.setThreadName("ingest-worker-number-3")
                crumb("named")
                done.signal()
            }.start()
            done.wait()
            #expect(Crumbs.snapshot().first { $0.event == "named" }?.thread == "ingest-worker-number-3")
        }

        @Test func poolThreadsAreNumbered() async throws {
            Fixture.reset()
            // Swift concurrency runs this on a libdispatch pool thread ("oot.default-qos").
            await Task.detached { crumb("pooled") }.value
            let thread = try #require(Crumbs.snapshot().first { $0.event == "pooled" }?.thread)
            #expect(thread.wholeMatch(of: /Thread-\d+/) != nil, "got \(thread)")
        }

        @Test func ringKeepsOnlyTheNewestCrumbs() {
            Fixture.reset(maxCrumbs: 5)
            for i in 0..<12 { crumb("n", ["i": i]) }
            #expect(Crumbs.snapshot().map { $0["i"] } == ["7", "8", "9", "10", "11"])
        }

        @Test func zeroOrNegativeMaxCrumbsKeepsNothing() {
            Fixture.reset(maxCrumbs: 0)
            crumb("lost")
            #expect(Crumbs.snapshot().isEmpty)
            Fixture.reset(maxCrumbs: -3)
            crumb("lost")
            #expect(Crumbs.snapshot().isEmpty)
        }

        @Test func enablingAgainKeepsTheNewestCrumbsThatFit() {
            Fixture.reset(maxCrumbs: 10)
            for i in 0..<10 { crumb("n", ["i": i]) }
            Crumbs.enable(maxCrumbs: 3, onCrash: .off)
            #expect(Crumbs.snapshot().map { $0["i"] } == ["7", "8", "9"])
            Crumbs.enable(maxCrumbs: 100, onCrash: .off)
            crumb("n", ["i": 10])
            #expect(Crumbs.snapshot().map { $0["i"] } == ["7", "8", "9", "10"])
        }

        @Test func clearForgetsEverything() {
            Fixture.reset()
            crumb("a"); crumb("b")
            Crumbs.clear()
            #expect(Crumbs.snapshot().isEmpty)
            crumb("c")
            #expect(Crumbs.snapshot().map(\.event) == ["c"])
        }
    }
}
