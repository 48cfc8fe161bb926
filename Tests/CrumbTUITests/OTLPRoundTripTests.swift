import CrumbEngine
import CStateCrumbs
import Foundation
import Testing

/// Our own live file in OTLP/JSON reads back as the very crumbs the JSON Lines live file holds:
/// `crumbtui --print --format jsonl` gives the same lines for both.
@Suite struct OTLPRoundTripTests {
    /// The CrashFixture built next to crumbtui: `live-formats` records the same crumbs into a
    /// JSON Lines live file and then into an OTLP one, in one process.
    static func recordBothFormats() throws -> (jsonLines: String, otlp: String) {
        let folder = try TestSupport.temporaryDirectory()
        let jsonLines = folder.appendingPathComponent("live.jsonl").path
        let otlp = folder.appendingPathComponent("live.otlp.jsonl").path
        let fixture = URL(fileURLWithPath: TestSupport.binary).deletingLastPathComponent().appendingPathComponent("CrashFixture").path
        let run = try TestSupport.run(fixture, ["live-formats", jsonLines, otlp])
        #expect(run.status == 0, "\(run.error)")
        // One file each: nothing rotated away.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["live.jsonl", "live.otlp.jsonl"])
        return (jsonLines, otlp)
    }

    static func printed(_ file: String) throws -> [String] {
        let run = try TestSupport.crumbtui(file, "--print", "--format", "jsonl")
        #expect(run.status == 0)
        #expect(run.error.isEmpty, "\(run.error)")
        return run.outputLines
    }

    /// The crumbs' timestamps are replaced: the two recordings ran one after the other.
    static func withoutTimes(_ line: String) -> String {
        line.replacing(/"ts":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00"/, with: #""ts":"T""#)
    }

    @Test func theRecorderInBothFormatsGivesTheSameCrumbs() throws {
        let (jsonLines, otlp) = try Self.recordBothFormats()
        let kinds = TestSupport.load([jsonLines, otlp]).1.map(\.kind)
        #expect(kinds == [.jsonLines, .otlpJSON])
        let fromJSONLines = try Self.printed(jsonLines), fromOTLP = try Self.printed(otlp)
        #expect(fromJSONLines.count == 9)
        #expect(fromOTLP.count == fromJSONLines.count)
        for (a, b) in zip(fromJSONLines, fromOTLP) {
            #expect(Self.withoutTimes(a) == Self.withoutTimes(b))
            #expect(Self.withoutTimes(b) != b, "every crumb has its time")
        }
        // The crumb too big for one OTLP record was written as its raw line, and is whole.
        #expect(try String(contentsOfFile: otlp, encoding: .utf8).contains(#""body":{"stringValue":"{\"event\":\"many\""#))
        #expect(fromOTLP.contains { $0.hasPrefix(#"{"event":"many","#) && $0.hasSuffix(#""k1999":""}"#) })
    }

    /// The JSON Lines file turned into OTLP by the live writer's own conversion
    /// (`sc_otlp_convert`): the same bytes come back, timestamps included.
    @Test func theWritersConversionReadsBackByteForByte() throws {
        let (jsonLines, _) = try Self.recordBothFormats()
        let crumbs = Array(try Data(contentsOf: URL(fileURLWithPath: jsonLines)))
        let otlp = try TestSupport.write(Self.convert(crumbs), named: "converted.otlp.jsonl")
        let original = try Self.printed(jsonLines)
        #expect(original.count == 9)
        #expect(try Self.printed(otlp) == original)
    }

    /// Lines the live writer would write for `crumbs` (JSON Lines), with its resource prefix.
    static func convert(_ crumbs: [UInt8]) -> [UInt8] {
        final class Sink { var bytes: [UInt8] = [] }
        let emit: sc_otlp_emit = { context, line, length, _ in
            Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue().bytes += UnsafeBufferPointer(start: line, count: length)
            return 1
        }
        var prefix = [UInt8](repeating: 0, count: Int(SC_OTLP_PREFIX_BYTES))
        let prefixLength = sc_otlp_prefix(&prefix, prefix.count, "test")
        var buffer = [UInt8](repeating: 0, count: Int(SC_OTLP_LINE_BYTES))
        let sink = Sink()
        _ = crumbs.withUnsafeBufferPointer { lines in
            // 64 KiB lines, as the recording had: the big crumb becomes a raw record here too.
            sc_otlp_convert(prefix, prefixLength, lines.baseAddress, lines.count, &buffer, 64 * 1024,
                            1_767_090_225_123_456_000, emit, Unmanaged.passUnretained(sink).toOpaque())
        }
        return sink.bytes
    }
}
