@_spi(CrumbCodec) import CrumbCodec

/// What an input holds, decided from its first bytes (never from its name).
public enum DumpKind: String, Sendable {
    /// A JSON array of crumbs, pretty or compact: a crash dump.
    case array
    /// One crumb object per line: a live crumb file.
    case jsonLines
    /// Anything else, such as a captured stderr log: every JSON array of crumbs in it is loaded,
    /// and the evidence of crashes around them (backtraces, tracebacks, fatal messages).
    case text
    /// A JSON crash log of Swift's runtime backtracer: no crumbs, the crash's threads and frames.
    case crashLog
    /// Nothing but whitespace (or a byte order mark).
    case empty
    /// A ring file (`Crumbs.enable(ringFile:)`): the ring of a process's last crumbs, kept in a
    /// file while it runs and after it is gone (Docs/ring-file-format.md).
    case ring
    /// OpenTelemetry logs in OTLP/JSON, one `LogsData` object per line: what a Collector's
    /// `file` exporter writes, and StateCrumbs' live file with `liveFileFormat: .otlpJSON`.
    case otlpJSON

    /// The first byte of `bytes` that is not white space or part of a UTF-8 byte order mark: the
    /// one that tells JSON (`{`, `[`) from text. Nil when there is none (yet).
    ///
    /// ```swift
    /// DumpKind.firstByte(of: Array("\u{FEFF}  {\"event\":\"a\"}".utf8))  // 0x7B, "{"
    /// ```
    public static func firstByte(of bytes: some Sequence<UInt8>) -> UInt8? {
        bytes.first { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) }
    }

    /// Looks at the first non-space bytes after an optional UTF-8 byte order mark. Returns the
    /// kind and the offset where reading starts (after the mark).
    static func detect(_ base: UnsafePointer<UInt8>, count: Int) -> (kind: DumpKind, start: Int) {
        if RingFileHeader.looksLikeRingFile(base, count: count) { return (.ring, 0) }
        var start = 0
        if count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }
        var s = JSONScanner(base: base, position: start, end: count)
        s.skipSpace()
        switch s.peek {
        case _ where s.atEnd:
            return (.empty, start)
        case 0x7B:
            if SwiftCrashLog.isCrashLog(base, from: s.position, count: count) { return (.crashLog, start) }
            return (isOTLP(&s) ? .otlpJSON : .jsonLines, start)
        case 0x5B:
            s.position += 1
            s.skipSpace()
            return (s.peek == 0x7B || s.peek == 0x5D || s.atEnd ? .array : .text, start)
        default:
            return (.text, start)
        }
    }

    /// Whether the object at the scanner's position starts with an OTLP key (`resourceLogs`;
    /// `resourceSpans` or `resourceMetrics` too, so that a Collector file of several signals is
    /// read as OTLP and its other lines are reported as such).
    private static func isOTLP(_ s: inout JSONScanner) -> Bool {
        s.position += 1
        s.skipSpace()
        guard let key = s.scanString() else { return false }
        return s.key(key, is: "resourceLogs", or: "resource_logs") || s.key(key, is: "resourceSpans", or: "resource_spans")
            || s.key(key, is: "resourceMetrics", or: "resource_metrics")
    }
}
