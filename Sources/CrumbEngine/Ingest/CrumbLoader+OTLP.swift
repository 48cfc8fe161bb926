@_spi(CrumbCodec) import CrumbCodec

extension CrumbLoader {
    /// Reads an OTLP/JSON input: in two halves on two threads when `split`, cut at a line
    /// start (every line is a whole `LogsData`).
    func readOTLP(_ source: CrumbSource, from start: Int, to end: Int, split: Bool, parts: CrumbParts) -> [CrumbBatch] {
        guard split else {
            var reader = OTLPReader(source: source, from: start, to: end, parts: parts)
            reader.readLines(from: start, to: end)
            return [reader.finish()]
        }
        let middle = min(findByte(0x0A, in: source.base, from: start + (end - start) / 2, to: end) + 1, end)
        let (first, second) = Self.inParallel(
            { var r = OTLPReader(source: source, from: start, to: middle, parts: parts); r.readLines(from: start, to: middle); return r },
            { var r = OTLPReader(source: source, from: middle, to: end, parts: parts); r.readLines(from: middle, to: end); return r }
        )
        return OTLPReader.finish(first, second)
    }
}
