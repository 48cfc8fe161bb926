import CrumbEngine
import Foundation
import Testing

/// Bad OTLP input never crashes and is never shown as a crumb; what was skipped or kept
/// without a part is said with file and line. Made from the SDK fixture's lines, changed.
@Suite struct OTLPBadInputTests {
    static let lines: [String] = {
        let text = (try? String(contentsOfFile: TestSupport.fixture(OTLPReaderTests.fixture), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }()

    /// One `LogsData` line with one resource (service `svc`) and these records.
    static func line(_ records: [[String: Any]], service: String = "svc") throws -> String {
        let document: [String: Any] = ["resourceLogs": [[
            "resource": ["attributes": [["key": "service.name", "value": ["stringValue": service]]]],
            "scopeLogs": [["scope": ["name": "test"], "logRecords": records]],
        ]]]
        return String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]), as: UTF8.self)
    }

    static func record(_ event: String, time: String? = "1767090225123456000", _ extra: [String: Any] = [:]) -> [String: Any] {
        var record: [String: Any] = ["eventName": event, "body": ["stringValue": event]]
        if let time { record["timeUnixNano"] = time }
        return record.merging(extra) { $1 }
    }

    static func load(_ lines: [String]) -> (CrumbStore, InputReport) {
        TestSupport.load(lines.joined(separator: "\n") + "\n")
    }

    @Test func linesThatAreNotOTLPAreSkippedWithTheirLineNumbers() throws {
        let spans = #"{"resourceSpans":[{"resource":{},"scopeSpans":[]}]}"#
        let (store, report) = Self.load([Self.lines[0], #"{"event":"a.crumb"}"#, "plain text", "", spans, "[1,2]", Self.lines[2]])
        #expect(report.kind == .otlpJSON)
        #expect(store.count == 5)
        #expect(report.skipped == 4)
        #expect(store.problems.map(\.line) == [2, 3, 5, 6])
        #expect(store.problems[0].message.hasPrefix("not OTLP/JSON logs"))
        #expect(store.problems[2].message == "OTLP traces (resourceSpans), not logs; line skipped")
        #expect(!TestSupport.events(store).contains("a.crumb"))
    }

    @Test func aBrokenLineIsSkippedWholeAndTheRestLoads() throws {
        let broken = Self.lines[1].replacing(#""severityNumber":9,"#, with: #""severityNumber":9,,"#)
        let trailing = Self.lines[2] + " {}"
        let wrongShape = try Self.line([Self.record("ok")]).replacing(#""logRecords":["#, with: #""logRecords":[5,"#)
        let (store, report) = Self.load([Self.lines[0], broken, trailing, wrongShape, Self.lines[2]])
        #expect(store.count == 5, "line 1's four records and line 5's one; none of the broken lines'")
        #expect(report.skipped == 3)
        #expect(store.problems.map(\.line) == [2, 3, 4])
        #expect(store.problems[0].message.hasPrefix("malformed OTLP/JSON at column "))
        #expect(store.problems[1].message.hasPrefix("text after the OTLP object at column "))
    }

    @Test func aCutOffLastLineIsSaidSo() {
        let cut = String(Self.lines[2].prefix(Self.lines[2].utf8.count / 2))
        let (store, report) = TestSupport.load(Self.lines[0] + "\n" + Self.lines[1] + "\n" + cut)
        #expect(store.count == 8)
        #expect(report.skipped == 1)
        #expect(store.problems.map(\.line) == [3])
        #expect(store.problems[0].message.hasPrefix("last line is cut off"))
    }

    @Test func aPrettyPrintedFileIsSaidToBeOneObjectPerLine() throws {
        let pretty = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(Self.lines[2].utf8)),
                                                options: [.prettyPrinted])
        let (store, report) = TestSupport.load(bytes: Array(pretty) + [0x0A])
        #expect(report.kind == .otlpJSON && store.count == 0 && report.isUnusable)
        #expect(store.problems.first?.line == 1)
        #expect(store.problems.first?.message.contains("one LogsData object per line, as jq -c writes it") == true)
    }

    @Test func aRecordWithNoTimeIsSkipped() throws {
        let line = try Self.line([Self.record("timed"), Self.record("untimed", time: nil), Self.record("zero", time: "0"),
                                  Self.record("observed", time: nil, ["observedTimeUnixNano": "1767090225123457000"])])
        let (store, report) = Self.load([Self.lines[0], line])
        #expect(TestSupport.events(store).suffix(2) == ["timed", "observed"])
        #expect(report.skipped == 1)
        #expect(store.problems == [LoadProblem(file: "input", line: 2,
                                               message: "2 log records with no time (neither timeUnixNano nor observedTimeUnixNano); skipped")])
        #expect(store.crumb(at: store.count - 1).timestamp == "2025-12-30T10:23:45.123457+00:00")
    }

    @Test func idsOfTheWrongLengthAreReportedAndTheRecordKept() throws {
        let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
        let line = try Self.line([
            Self.record("short", ["traceId": String(trace.dropLast(2)), "spanId": "00f067aa0ba902b"]),
            Self.record("not-hex", ["traceId": String(trace.dropLast()) + "g"]),
            Self.record("zero", ["traceId": String(repeating: "0", count: 32), "spanId": ""]),
            Self.record("upper", ["traceId": trace.uppercased()]),
            // Protobuf's canonical JSON writes ids in base64: 16 bytes are still a trace id.
            Self.record("base64", ["traceId": Data((0..<16).map { UInt8($0 * 17) }).base64EncodedString()]),
        ])
        let (store, report) = Self.load([line])
        #expect(TestSupport.events(store) == ["short", "not-hex", "zero", "upper", "base64"])
        #expect(report.skipped == 0, "kept, not skipped")
        #expect(store.problems.map(\.line) == [1, 1])
        // In the order they occur (the first record's spanId comes before its traceId).
        #expect(store.problems.map(\.message) == [
            "a spanId that is not 8 bytes in hex (16 digits); the record is kept without it",
            "2 traceIds that are not 16 bytes in hex (32 digits); the records are kept without a trace",
        ])
        let traces = (0..<store.count).map { store.trace(of: $0).map { store.traceIDs.string($0) } }
        #expect(traces == [nil, nil, nil, trace, "00112233445566778899aabbccddeeff"])
    }

    @Test func valuesOfEveryShapeAreShownAsCompactJSON() throws {
        var deep: [String: Any] = ["stringValue": "bottom"]
        // (Foundation's serializer recurses too: a few hundred levels are what a test thread's stack takes.)
        for _ in 0..<200 { deep = ["kvlistValue": ["values": [["key": "k", "value": deep]]]] }
        let line = try Self.line([Self.record("shapes", ["attributes": [
            ["key": "bytes", "value": ["bytesValue": "AAH+/w=="]],
            ["key": "not-base64", "value": ["bytesValue": "%%%"]],
            ["key": "nested", "value": ["arrayValue": ["values": [["intValue": "-7"], ["kvlistValue": ["values": []]], [:]]]]],
            ["key": "nan", "value": ["doubleValue": "NaN"]],
            ["key": "minus-infinity", "value": ["doubleValue": "-Infinity"]],
            ["key": "double-text", "value": ["doubleValue": "-2.5e3"]],
            ["key": "zero-one", "value": ["doubleValue": "01"]],
            ["key": "big", "value": ["intValue": "18446744073709551615"]],
            ["key": "leading-zero", "value": ["intValue": "007"]],
            ["key": "no-value"],
            ["key": "deep", "value": deep],
            ["key": "bare", "value": "not an AnyValue"],
        ]])])
        let (store, report) = Self.load([line])
        #expect(report.crumbs == 1)
        let fields = store.crumb(at: 0).fields
        func value(_ key: String) -> String? { fields.first { $0.key == key }?.value.text }
        #expect(value("bytes") == "0001feff")
        #expect(value("not-base64") == "%%%")
        #expect(value("nested") == #"[-7,{},null]"#)
        #expect(value("nan") == "NaN")
        #expect(fields.first { $0.key == "minus-infinity" }?.value == .string("-Infinity"))
        #expect(fields.first { $0.key == "double-text" }?.value == .json("-2.5e3"))
        #expect(fields.first { $0.key == "zero-one" }?.value == .string("01"))
        #expect(value("big") == "18446744073709551615")
        #expect(value("leading-zero") == "007")
        #expect(value("no-value") == "null")
        #expect(value("bare") == "not an AnyValue")
        // Deeper than the reader follows: the rest is kept as its compact JSON, not lost.
        #expect(value("deep")?.hasPrefix(String(repeating: #"{"k":"#, count: 32)) == true)
        #expect(value("deep")?.contains(#""bottom""#) == true)
        #expect(store.problems.map(\.message) == ["a bytesValue that is not base64; shown as written"])
    }

    @Test func hostileStringsStayInsideTheirValues() throws {
        let nasty = "\u{1B}[31mred\u{1B}[0m \"}],\"event\":\"forged\" \\ \u{0} \u{202E}rtl \u{7F}"
        let line = try Self.line([Self.record(nasty, [
            "attributes": [["key": nasty, "value": ["stringValue": nasty]],
                           ["key": "context." + nasty, "value": ["stringValue": nasty]],
                           ["key": "thread.name", "value": ["stringValue": nasty]],
                           ["key": "event", "value": ["stringValue": "a field named event"]]],
            "severityText": nasty,
        ])], service: nasty)
        let path = try TestSupport.write(Array((line + "\n").utf8), named: "nasty.otlp.jsonl")
        let (store, _) = TestSupport.load([path])
        let crumb = store.crumb(at: 0)
        #expect(crumb.event == nasty && crumb.thread == nasty)
        #expect(crumb.context == [CrumbEntry(key: nasty, value: .string(nasty))])
        #expect(crumb.fields.map(\.key) == ["severity", nasty, "_event"])
        #expect(store.serviceNames.string(store.service(of: 0)!) == nasty)
        let text = try TestSupport.crumbtui(path, "--print")
        #expect(!text.output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no raw control characters")
        #expect(!text.output.contains("\u{202E}"))
        let jsonl = try TestSupport.crumbtui(path, "--print", "--format", "jsonl")
        let object = try JSONSerialization.jsonObject(with: Data(jsonl.output.utf8)) as? [String: Any]
        #expect(object?["event"] as? String == nasty)
        #expect((object?["context"] as? [String: String])?[nasty] == nasty)
    }

    @Test func invalidUTF8AndNULBytes() throws {
        var bytes = Array(try Self.line([Self.record("bad-utf8", ["attributes": [["key": "v", "value": ["stringValue": "X"]]]])]).utf8)
        let value = bytes.indices.first { bytes[$0] == UInt8(ascii: "X") }!
        bytes.replaceSubrange(value...value, with: [0xFF, 0x00, 0xC3])
        let (store, report) = TestSupport.load(bytes: bytes + [0x0A])
        #expect(report.crumbs == 1)
        #expect(store.crumb(at: 0).fields[0].value == .string("\u{FFFD}\u{0}\u{FFFD}"))
        var out: [UInt8] = []
        CrumbWriter.writeLine(store, 0, format: .jsonl, to: &out)
        #expect(String(validating: out, as: UTF8.self) != nil)
    }

    @Test func hugeLinesAndManyRecords() throws {
        let big = String(repeating: "x", count: 10 << 20)
        let huge = try Self.line([Self.record("huge", ["attributes": [["key": "blob", "value": ["stringValue": big]]]])])
        let many = try Self.line((0..<50_000).map { Self.record("r\($0)") })
        let (store, report) = Self.load([huge, many])
        #expect(report.crumbs == 50_001 && report.skipped == 0)
        #expect(store.crumb(at: 0).fields[0].value.text.utf8.count == 10 << 20)
        #expect(store.crumb(at: 50_000).event == "r49999")
        #expect((0..<store.count).allSatisfy { store.service(of: $0) != nil })
    }

    @Test func otherWritersSpellingsAreRead() throws {
        // Proto field names instead of JSON names, enum names, numbers for 64-bit integers,
        // and the resource after the records.
        let line = #"{"resource_logs":[{"scope_logs":[{"log_records":[{"time_unix_nano":1767090225123456000,"#
            + #""severity_number":"SEVERITY_NUMBER_ERROR2","event_name":"e","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","#
            + #""attributes":[{"value":{"int_value":3},"key":"n"}]}]}],"resource":{"attributes":[{"key":"host.name","#
            + #""value":{"string_value":"h"}}]}}]}"#
        let (store, report) = Self.load([line])
        #expect(report.kind == .otlpJSON && store.problems.isEmpty)
        #expect(OTLPReaderTests.jsonl(store) == [#"{"event":"e","ts":"2025-12-30T10:23:45.123456+00:00","severity":"ERROR2","n":3}"#])
        #expect(store.hostNames.string(store.host(of: 0)!) == "h")
        #expect(store.trace(of: 0) != nil)
    }
}
