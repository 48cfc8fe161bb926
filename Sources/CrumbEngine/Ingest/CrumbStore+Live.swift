/// The append path for a live file that is still being written (the viewer's tailer).
extension CrumbStore {
    /// Appends the complete lines in `bytes` (new data read from the end of a live file, in
    /// either of its formats: crumbs, or OTLP/JSON `LogsData` objects) and returns how many bytes
    /// were used: everything up to and including the last newline. The caller keeps the rest and
    /// passes it again with the next data. Problems are reported with line numbers counted from
    /// `firstLine`.
    ///
    /// `longLines` are the lines the tailer left out as too long (``FileTailer/Update/longLines``):
    /// each is reported where its empty line is.
    ///
    /// Existing crumb numbers do not change; extend a `FilterResult` afterwards with
    /// `extend(in:)` to filter only the new crumbs.
    @discardableResult
    public func appendLines(_ bytes: some Collection<UInt8>, name: String, firstLine: Int = 1, longLines: [LongLine] = []) -> Int {
        let all = Array(bytes)
        guard let lastNewline = all.lastIndex(of: 0x0A) else { return 0 }
        let used = lastNewline + 1
        let source = CrumbSource(name: name, bytes: all[..<used])
        let batch: CrumbBatch
        if DumpKind.detect(source.base, count: used).kind == .otlpJSON {
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
}
