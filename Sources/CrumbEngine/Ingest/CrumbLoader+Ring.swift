extension CrumbLoader {
    /// Reads a ring file: its whole crumbs, copied out of it, go through the JSON Lines reader
    /// like a live file's lines; a file that breaks the format is refused as a whole.
    func readRing(_ source: CrumbSource, parts: CrumbParts) -> ReadResult {
        switch RingFileSnapshot.read(source) {
        case .failure(let refusal):
            return ReadResult(kind: .ring, fileProblems: [refusal.message], failure: refusal.message)
        case .success(let snapshot):
            var result = ReadResult(kind: .ring, fileProblems: snapshot.problems, ring: snapshot)
            if let failure = snapshot.failure {
                result.fileProblems.append(failure)
                result.failure = failure
                return result
            }
            var reader = CrumbReader(source: snapshot.source, from: 0, parts: parts)
            reader.readLines(from: 0, to: snapshot.source.count)
            result.batches = [reader.parser.batch]
            return result
        }
    }

    /// What to say of a text without a dump in it. A file of nothing but zero bytes is said as
    /// such: it is what a ring file or dump reads as when its blocks were reserved but its data
    /// never reached the disk.
    static func noDumpMessage(_ source: CrumbSource) -> String {
        let allZero = source.count > 0 && !source.bytes.contains { $0 != 0 }
        return allZero ? "all \(source.count) bytes are zero: no crumbs in it" : "no crumb dump found in this text"
    }
}
