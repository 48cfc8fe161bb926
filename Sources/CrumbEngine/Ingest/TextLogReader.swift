@_spi(CrumbCodec) import CrumbCodec

/// Finding dumps inside other text: a captured stderr with a Python traceback or a Swift
/// backtrace around the crash dump.
extension CrumbReader {
    /// Loads every JSON array of crumb objects in `start..<end` and every line that is one crumb
    /// object with an `event`; all other text is skipped without complaint, but for a line
    /// longer than ``InputLimits/lineBytes`` (reported, as in JSON Lines). A dump's own lines are
    /// read as the dump's, whatever their length.
    mutating func readText(from start: Int, to end: Int) {
        var position = start
        var previousLine = start..<start
        while position < end {
            let lineEnd = findByte(0x0A, in: base, from: position, to: end)
            if lineEnd - position > InputLimits.lineBytes {
                problem(position, InputLimits.longLine(lineEnd - position))
                previousLine = position..<lineEnd
                position = lineEnd + 1
                passed(position)
                continue
            }
            var s = JSONScanner(base: base, position: position, end: lineEnd)
            s.skipSpace()
            if !s.atEnd, s.peek != 0x7B, s.peek != 0x5B,
               let next = readCrashClue(position..<lineEnd, previousLine: previousLine, end: end) {
                previousLine = position..<lineEnd
                position = next
                passed(position)
                continue
            }
            previousLine = position..<lineEnd
            if readCrumbLine(&s) {
                position = lineEnd + 1
                continue
            }
            position = readArrays(onLineFrom: position, lineEnd: lineEnd, end: end)
            passed(position)
        }
    }

    /// Only the lines in `start..<end` that are one crumb object with an `event`, as `readText`
    /// reads them; all other text is skipped without complaint, dumps and backtraces spread over
    /// lines too (a log still being written: they are read once the whole text is).
    mutating func readCrumbLines(from start: Int, to end: Int) {
        var position = start
        while position < end {
            let lineEnd = findByte(0x0A, in: base, from: position, to: end)
            var s = JSONScanner(base: base, position: position, end: lineEnd)
            s.skipSpace()
            _ = readCrumbLine(&s)
            position = lineEnd + 1
        }
    }

    /// Whether a line of a log may start what `readText` reads over several lines, which
    /// `readCrumbLines` leaves out: a dump (a `[` before a `{` or at the end of the line) or crash
    /// evidence (a backtrace, a traceback, the runtime's message). The bytes are looked at, no
    /// string is made.
    static func mayStartMore(_ line: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count > 0 else { return false }
        let first = line[0]
        if first == 0x2A || first == 0xF0 || first == 0x54 || CrashTextClues.mayHoldRuntimeMessage(line, count: count) { return true }
        var open = findByte(0x5B, in: line, from: 0, to: count)
        while open < count {
            var s = JSONScanner(base: line, position: open + 1, end: count)
            s.skipSpace()
            if s.atEnd || s.peek == 0x7B { return true }
            open = findByte(0x5B, in: line, from: open + 1, to: count)
        }
        return false
    }

    /// Keeps the crumb when the line at the scanner (which ends with the line) is one crumb
    /// object with an `event`; otherwise leaves no trace of having tried.
    private mutating func readCrumbLine(_ s: inout JSONScanner) -> Bool {
        guard s.peek == 0x7B else { return false }
        let before = parser.batch.count
        let problems = parser.batch.problems.count
        if parser.parseCrumb(&s) {
            s.skipSpace()
            if s.atEnd, parser.batch.columns.events[before] != nil { return true }
            parser.batch.columns.removeLast()
        }
        parser.batch.problems.removeSubrange(problems...)
        return false
    }

    /// Reads the crash evidence that starts on `line`, if any: a Swift backtrace, a Python
    /// traceback right after a dump, the runtime's fatal message. Returns where reading goes on.
    private mutating func readCrashClue(_ line: Range<Int>, previousLine: Range<Int>, end: Int) -> Int? {
        let length = line.count
        guard length < 8192 else { return nil }
        // Most lines of a log are none of these: the bytes are looked at before any string is made.
        let first = base[line.lowerBound]
        guard first == 0x2A || first == 0xF0 || first == 0x54 || CrashTextClues.mayHoldRuntimeMessage(base + line.lowerBound, count: length)
        else { return nil }
        let text = String(decoding: UnsafeBufferPointer(start: base + line.lowerBound, count: length), as: UTF8.self)
        if SwiftBacktraceText.startsBacktrace(text) {
            let read = SwiftBacktraceText.read(base, from: line.lowerBound, to: end)
            parser.batch.crashClues.append((line.lowerBound, .backtrace(read.backtrace)))
            parser.batch.problems.append(contentsOf: read.problems)
            return max(read.next, line.upperBound + 1)
        }
        if text.hasPrefix("Traceback (most recent call last):") {
            let previous = String(decoding: UnsafeBufferPointer(start: base + previousLine.lowerBound, count: previousLine.count), as: UTF8.self)
            let read = CrashTextClues.readTraceback(base, from: line.lowerBound, to: end, threadLine: previous)
            parser.batch.problems.append(contentsOf: read.problems)
            // Only a traceback right after a dump is the crash it was dumped for; others are an
            // app's logged exceptions.
            let dumpStart = previous.hasPrefix("Exception in thread ") ? previousLine.lowerBound : line.lowerBound
            if let traceback = read.traceback, let dumpEnd = lastDumpEnd, onlySpace(from: dumpEnd, to: dumpStart) {
                parser.batch.crashClues.append((line.lowerBound, .traceback(traceback)))
            }
            return max(read.next, line.upperBound + 1)
        }
        if let message = CrashTextClues.runtimeMessage(text) {
            parser.batch.crashClues.append((line.lowerBound, .message(text: message.text, location: message.location)))
        }
        return nil
    }

    private func onlySpace(from start: Int, to end: Int) -> Bool {
        var s = JSONScanner(base: base, position: start, end: end)
        s.skipSpace()
        return s.atEnd
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
