import Foundation
import Testing
@testable import StateCrumbs

/// What Fixtures/check_otlp.py found in OTLP live files: it reads every line with the official
/// OpenTelemetry protobuf definitions (`json_format.Parse(line, LogsData())`) and checks what
/// they let through (ids in hex, times as decimal strings).
struct OTLPCheck: Decodable {
    struct Resource: Decodable {
        var attributes: [String: String]
        var scopes: [[String?]]
    }

    struct Record: Decodable, Equatable, CustomStringConvertible {
        var event: String?
        var body: String?
        var severity: Int
        var severityText: String
        var time: String?
        var observed: String?
        var traceId: String?
        var spanId: String?
        /// `[key, kind, value]`, kind `string` or `int`.
        var attributes: [[String]]

        var description: String { "\(event ?? "-") \(attributes)" }

        func attribute(_ key: String) -> String? { attributes.first { $0[0] == key }?[2] }
    }

    /// Problems, as `FILE:LINE: what`; empty when every line is valid OTLP/JSON.
    var errors: [String]
    var lines: Int
    var resources: [Resource]
    var records: [Record]

    /// Runs the checker on `paths` (string values cut to `cut` characters when given).
    static func run(_ paths: [String], cut: Int? = nil) throws -> OTLPCheck {
        let script = try #require(Bundle.module.url(forResource: "Fixtures/check_otlp.py", withExtension: nil)).path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("otlp-check-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PeerPython.path())
        process.arguments = [script] + (cut.map { ["--cut", String($0)] } ?? []) + paths
        process.standardOutput = try FileHandle(forWritingTo: output)
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, """
            check_otlp.py failed (the venv may lack the packages: .build-venv/bin/pip install -r \
            .ci/python-requirements.txt):
            \(String(decoding: stderr, as: UTF8.self))
            """)
        return try JSONDecoder().decode(OTLPCheck.self, from: Data(contentsOf: output))
    }

    /// The record a crumb should become (the observed time aside, which the writer sets).
    static func expected(_ crumb: Crumb, observed: String?) -> Record {
        let severity: (Int, String) = switch crumb.event {
        case "statecrumbs.crash": (21, "FATAL")
        case "statecrumbs.dropped": (13, "WARN")
        default: (9, "INFO")
        }
        var attributes: [[String]] = crumb.thread.map { [["thread.name", "string", $0]] } ?? []
        attributes += crumb.context.map { ["context." + $0.key, "string", $0.value] }
        attributes += crumb.fields.map { [$0.key, "string", $0.value] }
        return Record(
            event: crumb.event, body: crumb.event, severity: severity.0, severityText: severity.1,
            time: crumb.timestamp.flatMap(nanoseconds), observed: observed,
            traceId: id(crumb.contextValue("trace_id"), digits: 32), spanId: id(crumb.contextValue("span_id"), digits: 16),
            attributes: attributes)
    }

    /// An OTLP id from a context value: exactly `digits` hex digits, not all zero, in lower case.
    static func id(_ value: String?, digits: Int) -> String? {
        guard let value, value.utf8.count == digits, value.allSatisfy(\.isHexDigit), value.contains(where: { $0 != "0" })
        else { return nil }
        return value.lowercased()
    }

    /// `2025-12-30T10:23:45.123456+00:00` as nanoseconds since 1970, by Foundation's calendar.
    static func nanoseconds(_ stamp: String) -> String? {
        guard let match = stamp.wholeMatch(of: /(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{6})\+00:00/) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(
            year: Int(match.1), month: Int(match.2), day: Int(match.3),
            hour: Int(match.4), minute: Int(match.5), second: Int(match.6))
        guard let date = calendar.date(from: components) else { return nil }
        return String(Int64(date.timeIntervalSince1970) * 1_000_000_000 + Int64(match.7)! * 1_000)
    }
}
