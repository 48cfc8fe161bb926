@_spi(CrumbCodec) import CrumbCodec

/// A log record's severity, and when a crumb shows it.
///
/// StateCrumbs' OTLP live file gives every crumb INFO, its drop marker WARN and its crash crumb
/// FATAL: that says nothing the event does not, so a crumb shows a `severity` field only for
/// another severity (a DEBUG or ERROR line of another program), and our own file reads back as
/// the very crumbs its JSON Lines twin holds.
enum OTLPSeverity {
    private static let names: [String] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]

    /// The number of a `severityNumber` written as a string: the enum's name
    /// (`SEVERITY_NUMBER_WARN`), or digits.
    static func number(_ base: UnsafePointer<UInt8>, _ string: JSONString) -> Int? {
        let text = String(decoding: UnsafeBufferPointer(start: base + string.start, count: string.end - string.start), as: UTF8.self)
        if let number = Int(text) { return number }
        let prefix = "SEVERITY_NUMBER_"
        guard text.hasPrefix(prefix) else { return nil }
        let name = text.dropFirst(prefix.count)
        if name == "UNSPECIFIED" { return 0 }
        for (index, base) in names.enumerated() where name.hasPrefix(base) {
            let rest = name.dropFirst(base.count)
            if rest.isEmpty { return index * 4 + 1 }
            if let step = Int(rest), (2...4).contains(step) { return index * 4 + step }
        }
        return nil
    }

    /// The `severity` field the crumb of `record` shows; nil when it shows none.
    static func field(_ record: OTLPRecord, event: JSONString?, _ base: UnsafePointer<UInt8>) -> [UInt8]? {
        // Most records are INFO: that is decided on the bytes as written, with no allocation.
        if let text = record.severityText, !text.escaped, text.end - text.start == 4,
           isImplied(UnsafeBufferPointer(start: base + text.start, count: 4), event: event, base) {
            return nil
        }
        guard let severity = shown(record, base), !isImplied(severity, event: event, base) else { return nil }
        return severity
    }

    /// The severity as text: `severityText`, else the short name of `severityNumber` (`WARN`,
    /// `ERROR2`); nil when the record has neither.
    static func shown(_ record: OTLPRecord, _ base: UnsafePointer<UInt8>) -> [UInt8]? {
        if let text = record.severityText, text.end > text.start {
            var bytes: [UInt8] = []
            JSONStringDecoder.decode(base, from: text.start, to: text.end, into: &bytes)
            return bytes
        }
        guard let number = record.severityNumber, (1...24).contains(number) else { return nil }
        let step = (number - 1) % 4
        return Array((names[(number - 1) / 4] + (step == 0 ? "" : String(step + 1))).utf8)
    }

    /// Whether `severity` is the one StateCrumbs writes for `event` (letter case aside).
    static func isImplied(_ severity: some Collection<UInt8>, event: JSONString?, _ base: UnsafePointer<UInt8>) -> Bool {
        var implied: StaticString = "INFO"
        if let event {
            if JSONKey.equals(base, event, "statecrumbs.crash") { implied = "FATAL" }
            if JSONKey.equals(base, event, "statecrumbs.dropped") { implied = "WARN" }
        }
        guard severity.count == implied.utf8CodeUnitCount else { return false }
        return zip(severity, UnsafeBufferPointer(start: implied.utf8Start, count: implied.utf8CodeUnitCount))
            .allSatisfy { $0 & 0xDF == $1 }
    }
}
