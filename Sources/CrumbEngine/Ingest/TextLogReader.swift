@_spi(CrumbCodec) import CrumbCodec

/// Finding dumps inside other text: a captured stderr with a Python traceback or a Swift
/// backtrace around the crash dump.
extension CrumbReader {
    /// Loads every JSON array of crumb objects in `start..<end` and every line that is one crumb
    /// object with an `event`; all other text is skipped without complaint.
    mutating func readText(from start: Int, to end: Int) {
        var position = start
        while position < end {
            let lineEnd = findByte(0x0A, in: base, from: position, to: end)
            var s = JSONScanner(base: base, position: position, end: lineEnd)
            s.skipSpace()
            if s.peek == 0x7B {
                let before = parser.batch.count
                let problems = parser.batch.problems.count
                if parser.parseCrumb(&s) {
                    s.skipSpace()
                    if s.atEnd, parser.batch.columns.events[before] != nil {
                        position = lineEnd + 1
                        continue
                    }
                    parser.batch.columns.removeLast()
                }
                parser.batch.problems.removeSubrange(problems...)
            }
            position = readArrays(onLineFrom: position, lineEnd: lineEnd, end: end)
            passed(position)
        }
    }

    /// Tries each `[` on the line; returns where reading goes on.
    private mutating func readArrays(onLineFrom start: Int, lineEnd: Int, end: Int) -> Int {
        var search = start
        while true {
            let open = findByte(0x5B, in: base, from: search, to: lineEnd)
            if open >= lineEnd { return lineEnd + 1 }
            var s = JSONScanner(base: base, position: open + 1, end: end)
            s.skipSpace()
            if s.peek == 0x7B {
                switch readArray(from: open, to: end, requireEvent: true) {
                case .closed(let next): return next
                case .cutOff: return end
                case .broken(let next): return max(next, open + 1)
                case .notADump, .reachedSplit: break
                }
            }
            search = open + 1
        }
    }
}
