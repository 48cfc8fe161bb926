import CStateCrumbs
import Foundation
import Testing

/// The OTLP conversion on its own (`sc_otlp_convert`), fed lines the recorder never writes:
/// whatever comes in, what goes out is OTLP/JSON the official protos read.
@Suite struct OTLPConversionTests {
    /// Collects the lines the conversion hands over; fails every one when `failing`.
    final class Sink {
        var lines: [[UInt8]] = []
        var crumbs: [UInt64] = []
        var failing = false
    }

    static let emit: sc_otlp_emit = { context, line, length, crumbs in
        let sink = Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue()
        if sink.failing { return 0 }
        sink.lines.append(Array(UnsafeBufferPointer(start: line, count: length)))
        sink.crumbs.append(crumbs)
        return 1
    }

    /// Converts `input` with lines of at most `longest` bytes; returns the sink and what was not handed over.
    static func convert(_ input: [UInt8], longest: UInt64 = UInt64.max, failing: Bool = false) -> (Sink, UInt64, Int) {
        var prefix = [UInt8](repeating: 0, count: Int(SC_OTLP_PREFIX_BYTES))
        let prefixLength = sc_otlp_prefix(&prefix, prefix.count, "test")
        var buffer = [UInt8](repeating: 0, count: Int(SC_OTLP_LINE_BYTES))
        let sink = Sink()
        sink.failing = failing
        let left = input.withUnsafeBufferPointer { lines in
            sc_otlp_convert(prefix, prefixLength, lines.baseAddress, lines.count, &buffer, longest, 1_767_090_225_123_456_000,
                            emit, Unmanaged.passUnretained(sink).toOpaque())
        }
        return (sink, left, prefixLength)
    }

    static func check(_ sink: Sink) throws -> OTLPCheck {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("otlp-\(UUID()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(sink.lines.joined()))
        return try OTLPCheck.run([path])
    }

    @Test func linesThatAreNotCrumbsBecomeRecordsWithTheRawLineAsBody() throws {
        let notCrumbs: [[UInt8]] = [
            Array("not json at all".utf8),
            Array(#"{"event":"x","a":"\q"}"#.utf8),             // not a JSON escape
            Array(#"{"event":"x","a":"\ud800"}"#.utf8),         // a lone surrogate
            Array(#"{"event":"x","a":"tab"#.utf8) + [0x09] + Array(#""}"#.utf8),  // a raw control byte
            Array(#"{"event":"x"} trailing"#.utf8),
            Array(#"{"ts":"2025-12-30T10:23:45.123456+00:00","event":"x"}"#.utf8),  // event not first
            Array(#"{"event":"x","a":{"b":"c"}}"#.utf8),        // a nested object as a field
            Array(#"{"event":"x","count":012}"#.utf8),
            Array(#"{"event":"x","a":"b""#.utf8),               // cut short
            Array("raw ".utf8) + [0xFF, 0x01] + Array(#" "quote" \back"#.utf8),  // not UTF-8, control byte
        ]
        let crumb = Array(#"{"event":"ok","thread":"cut"#.utf8) + [0xFE] + Array(#"","n":"1"}"#.utf8)
        var input: [UInt8] = []
        for line in notCrumbs + [crumb] { input += line + [0x0A] }
        let (sink, left, _) = Self.convert(input)
        #expect(left == 0)
        #expect(sink.lines.count == 1)
        #expect(sink.crumbs == [UInt64(notCrumbs.count + 1)])
        let check = try Self.check(sink)
        #expect(check.errors == [])
        let records = check.records
        #expect(records.count == notCrumbs.count + 1)
        for (record, line) in zip(records, notCrumbs) {
            #expect(record.event == nil)
            #expect(record.body == String(decoding: line, as: UTF8.self), "\(record)")
            #expect(record.severity == 0 && record.attributes.isEmpty)
            #expect(record.observed == "1767090225123456000")
        }
        // A byte that is not UTF-8 inside a crumb (a thread name the kernel cut) is U+FFFD;
        // the rest of the crumb stays as it was.
        #expect(records.last?.event == "ok")
        #expect(records.last?.attributes == [["thread.name", "string", "cut\u{FFFD}"], ["n", "string", "1"]])
    }

    @Test func aCrumbTooBigForALineIsCutNeverSplit() throws {
        // Thousands of tiny fields: the record would be eight times the crumb.
        let many = Array(#"{"event":"many""#.utf8) + Array(repeating: Array(#","k":"v""#.utf8), count: 4_000).joined()
            + Array("}".utf8)
        let small = Array(#"{"event":"small","a":"b"}"#.utf8)
        let (sink, left, prefixLength) = Self.convert(small + [0x0A] + many + [0x0A] + small + [0x0A], longest: 0)
        #expect(left == 0)
        let longest = prefixLength + Int(SC_OTLP_RECORD_ROOM)
        #expect(sink.lines.allSatisfy { $0.count <= longest && $0.last == 0x0A })
        #expect(sink.crumbs.reduce(0, +) == 3)
        let check = try Self.check(sink)
        #expect(check.errors == [])
        #expect(check.records.map(\.event) == ["small", nil, "small"])
        let body = try #require(check.records[1].body)
        #expect(body.count > 10_000 && String(decoding: many, as: UTF8.self).hasPrefix(body))
    }

    @Test func aFailedWriteCountsTheCrumbsItDidNotHandOver() throws {
        let crumb = Array(#"{"event":"big","v":""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 10_000) + Array("\"}\n".utf8)
        // One such record per line: the first line's write fails; emit counts its crumb, the
        // conversion the two it never got to.
        let (sink, left, _) = Self.convert(crumb + crumb + crumb, longest: 0, failing: true)
        #expect(left == 2)
        #expect(sink.lines.isEmpty)
        let (written, none, _) = Self.convert(crumb + crumb + crumb, longest: 0)
        #expect(none == 0)
        #expect(written.crumbs == [1, 1, 1])
    }
}
