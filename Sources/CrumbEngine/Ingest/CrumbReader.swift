@_spi(CrumbCodec) import CrumbCodec

/// Reads crumbs from one range of a source into a batch, in one of the three shapes an input
/// can have (`DumpKind`). One reader runs per thread; it touches nothing shared.
struct CrumbReader {
    var parser: CrumbParser
    /// Where the last dump's array closed (a traceback right after it is the crash it dumped for).
    var lastDumpEnd: Int?
    let source: CrumbSource
    var base: UnsafePointer<UInt8> { source.base }
    private var scanned: ScannedPages

    /// A reader of `source` from `start` on that keeps `parts` of each crumb.
    init(source: CrumbSource, from start: Int, parts: CrumbParts = .all) {
        self.source = source
        parser = CrumbParser(parts: parts)
        scanned = ScannedPages(source, from: start)
    }

    /// Drops mapped pages far behind the reading position, so memory stays flat.
    @inline(__always)
    mutating func passed(_ offset: Int) {
        scanned.passed(offset)
    }

    mutating func problem(_ offset: Int, _ message: String) {
        parser.batch.problems.append((offset, message))
    }

    /// JSON Lines in `start..<end` (both at line starts). Blank lines are fine; every other line
    /// that is not one whole crumb object, or is longer than ``InputLimits/lineBytes``, is
    /// skipped and reported.
    ///
    /// `reserveTo` is where the crumbs that will end up in this batch's arrays end: the first
    /// half of a split file reserves room for the whole file, because the store takes its arrays
    /// over and appends the second half to them (growing them then would copy everything).
    mutating func readLines(from start: Int, to end: Int, reserveTo: Int? = nil) {
        var position = start
        let expected = estimatedCrumbs(from: start, to: reserveTo ?? end)
        parser.batch.columns.reserve(expected)
        var reservedEntries = false
        while position < end {
            if !reservedEntries, parser.batch.count == CrumbColumns.sampleCrumbs {
                reservedEntries = true
                parser.batch.columns.reserveEntries(sampled: CrumbColumns.sampleCrumbs, expected: expected)
            }
            let lineEnd = findByte(0x0A, in: base, from: position, to: end)
            if lineEnd - position > InputLimits.lineBytes {
                problem(position, InputLimits.longLine(lineEnd - position))
                position = lineEnd + 1
                passed(position)
                continue
            }
            var s = JSONScanner(base: base, position: position, end: lineEnd)
            s.skipSpace()
            if !s.atEnd {
                let isObject = s.peek == 0x7B
                if isObject, parser.parseCrumb(&s) {
                    s.skipSpace()
                    if !s.atEnd {
                        parser.batch.columns.removeLast()
                        problem(s.position, "text after the crumb at column \(s.position - position + 1); line skipped")
                    }
                } else if !isObject {
                    problem(s.position, "not a crumb (a line must be one JSON object); line skipped")
                } else if s.position >= lineEnd && lineEnd == source.count {
                    problem(s.position, "last line is cut off (the file may still be being written); line skipped")
                } else {
                    problem(s.position, "malformed JSON at column \(s.position - position + 1); line skipped")
                }
            }
            position = lineEnd + 1
            passed(position)
        }
    }

    /// About how many lines `start..<end` holds, from the length of its first 256 lines, with a
    /// little to spare: reserving once avoids doubling arrays (and memory) near the end.
    func estimatedCrumbs(from start: Int, to end: Int) -> Int {
        var position = start
        var lines = 0
        while position < end, lines < 256 {
            position = findByte(0x0A, in: base, from: position, to: end) + 1
            lines += 1
        }
        guard position > start else { return 0 }
        let average = Double(position - start) / Double(lines)
        return Int(Double(end - start) / average * 1.02) + 16
    }

    /// How reading a JSON array of crumbs ended.
    enum ArrayEnd: Equatable {
        /// At the closing `]`; reading may go on at the offset.
        case closed(Int)
        /// The input ended inside the array (a cut-off dump).
        case cutOff
        /// Broken beyond repair at the offset; what came before was kept.
        case broken(Int)
        /// The first element is not a crumb: this `[` does not start a dump.
        case notADump
        /// Reached `stopAt`, where another reader took over.
        case reachedSplit
    }

    /// Reads the array whose `[` is at `start`, or, with `opening: false`, its elements from the
    /// element at `start` on. With `requireEvent`, an array whose first object has no `event` is
    /// not a dump (text mode: `[{"x": 1}]` in a log is not crumbs).
    mutating func readArray(from start: Int, to end: Int, opening: Bool = true, requireEvent: Bool = false,
                            stopAt: Int = -1) -> ArrayEnd {
        var s = JSONScanner(base: base, position: start, end: end)
        if opening { s.position += 1 }
        var first = opening
        var elementIndent: Int? = opening ? nil : column(of: start)
        while true {
            s.skipSpace()
            if first, s.take(0x5D) { return closed(s.position) }
            if s.atEnd { return cutOff(s.position, first: first) }
            let elementStart = s.position
            if elementStart == stopAt { return .reachedSplit }
            let before = parser.batch.count
            if s.peek == 0x7B, parser.parseCrumb(&s) {
                if first {
                    if requireEvent, parser.batch.columns.events[before] == nil {
                        parser.batch.columns.removeLast()
                        return .notADump
                    }
                    elementIndent = column(of: elementStart)
                }
            } else {
                if first, requireEvent { return .notADump }
                if s.atEnd { return cutOff(elementStart, first: false) }
                problem(s.position, "malformed crumb in the dump; skipped")
                guard let next = nextElement(after: s.position, end: end, indent: elementIndent) else {
                    return .broken(max(s.position, start + 1))
                }
                s.position = next
                first = false
                continue
            }
            first = false
            passed(s.position)
            s.skipSpace()
            if s.take(0x2C) { continue }
            if s.take(0x5D) { return closed(s.position) }
            if s.atEnd { return cutOff(s.position, first: false) }
            problem(s.position, "expected ',' or ']' after a crumb in the dump")
            guard let next = nextElement(after: s.position, end: end, indent: elementIndent) else {
                return .broken(s.position)
            }
            s.position = next
        }
    }

    /// A dump's array closed at `offset`: a Python traceback right after it belongs to it.
    private mutating func closed(_ offset: Int) -> ArrayEnd {
        lastDumpEnd = offset
        return .closed(offset)
    }

    private mutating func cutOff(_ offset: Int, first: Bool) -> ArrayEnd {
        problem(offset, "the dump is cut off here (truncated); every complete crumb before it was loaded")
        return .cutOff
    }

    /// Column (0-based) of `offset` when only spaces precede it on its line, else nil.
    func column(of offset: Int) -> Int? {
        var index = offset
        while index > 0, base[index - 1] == 0x20 || base[index - 1] == 0x09 { index -= 1 }
        guard index == 0 || base[index - 1] == 0x0A else { return nil }
        return offset - index
    }

    /// The next line that starts, at the dump's element indentation, with `{`: where a pretty
    /// dump's next crumb begins. Compact dumps (no indentation known) cannot be resynchronised.
    func nextElement(after offset: Int, end: Int, indent: Int?) -> Int? {
        guard let indent else { return nil }
        var line = findByte(0x0A, in: base, from: offset, to: end) + 1
        while line < end {
            let candidate = line + indent
            if candidate < end, base[candidate] == 0x7B, column(of: candidate) == indent { return candidate }
            line = findByte(0x0A, in: base, from: line, to: end) + 1
        }
        return nil
    }
}
