@_spi(CrumbCodec) import CrumbCodec

/// The append path for a live file that is still being written (the viewer's tailer).
extension CrumbStore {
    /// Appends the complete lines in `bytes` (new data read from the end of a live file, in
    /// either of its formats: crumbs, or OTLP/JSON `LogsData` objects) and returns how many bytes
    /// were used: everything up to and including the last newline. The caller keeps the rest and
    /// passes it again with the next data. Problems are reported with line numbers counted from
    /// `firstLine`.
    ///
    /// With `textLog`, the lines are a log with crumbs in it (a running app's stderr on a pipe):
    /// only the lines that are one crumb object with an `event` are kept, everything else is
    /// skipped without a problem, dumps and backtraces spread over lines too (load the whole
    /// text to read those).
    ///
    /// `longLines` are the lines the tailer left out as too long (``FileTailer/Update/longLines``):
    /// each is reported where its empty line is.
    ///
    /// Existing crumb numbers do not change; extend a `FilterResult` afterwards with
    /// `extend(in:)` to filter only the new crumbs.
    ///
    /// ```swift
    /// let used = store.appendLines(newBytes, name: "app.jsonl", firstLine: linesSoFar + 1)
    /// ```
    @discardableResult
    public func appendLines(_ bytes: some Collection<UInt8>, name: String, firstLine: Int = 1, textLog: Bool = false, longLines: [LongLine] = []) -> Int {
        let all = Array(bytes)
        guard let lastNewline = all.lastIndex(of: 0x0A) else { return 0 }
        let used = lastNewline + 1
        let source = CrumbSource(name: name, bytes: all[..<used])
        let batch: CrumbBatch
        if textLog {
            var reader = CrumbReader(source: source, from: 0, parts: columns.kept)
            reader.readCrumbLines(from: 0, to: used)
            batch = reader.parser.batch
        } else if DumpKind.detect(source.base, count: used).kind == .otlpJSON {
            var reader = OTLPReader(source: source, from: 0, to: used, parts: columns.kept)
            reader.readLines(from: 0, to: used)
            batch = reader.finish()
        } else {
            var reader = CrumbReader(source: source, from: 0, parts: columns.kept)
            reader.readLines(from: 0, to: used)
            batch = reader.parser.batch
        }
        let found = (batch.problems + longLines.filter { $0.offset < used }.map { ($0.offset, $0.message) }).sorted { $0.offset < $1.offset }
        let lines = source.lines(at: found.map(\.offset))
        for (line, problem) in zip(lines, found) {
            problems.append(LoadProblem(file: name, line: line + firstLine - 1, message: problem.message))
        }
        let first = count
        append(batch, source: addSource(batch.bytes ?? source))
        // A live file's last line may be the crash crumb of the process writing it.
        crashes += CrashAssembler(store: self, newCrumbsFrom: first).assemble([])
        return used
    }

    /// Whether the lines of a log in `bytes` may hold more than crumb lines: the start of a
    /// dump or of crash evidence, which only loading the whole text reads (see `textLog`).
    ///
    /// ```swift
    /// if CrumbStore.logMayHoldMore(newLines) { reloadTheWholeLog() }
    /// ```
    public static func logMayHoldMore(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            var start = 0
            while start < buffer.count {
                let end = findByte(0x0A, in: base, from: start, to: buffer.count)
                if CrumbReader.mayStartMore(base + start, count: end - start) { return true }
                start = end + 1
            }
            return false
        }
    }
}
