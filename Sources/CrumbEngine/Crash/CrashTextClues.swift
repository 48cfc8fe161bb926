@_spi(CrumbCodec) import CrumbCodec

/// The other crash evidence found in a captured stderr: Python tracebacks and the Swift
/// runtime's fatal messages.
enum CrashTextClues {
    /// The words with which the Swift runtime says why it stops the program, on the line it
    /// prints before the signal (`Sources/App/main.swift:14: Fatal error: Index out of range`).
    static let runtimeMessages = [
        "Fatal error: ", "Precondition failed: ", "Assertion failed: ", "Could not cast value of type ",
        "Unexpectedly found nil while", "Simultaneous accesses to ", "Swift runtime failure: ",
    ]

    /// `runtimeMessages`, prepared to be looked for in bytes.
    private static let runtimeMessageSearches = runtimeMessages.map { ByteSearch(Array($0.utf8)) }

    /// Whether the line's bytes hold one of `runtimeMessages` (looked for in the bytes, without
    /// making a string of every line of a long log).
    static func mayHoldRuntimeMessage(_ line: UnsafePointer<UInt8>, count: Int) -> Bool {
        runtimeMessageSearches.contains { $0.firstIndex(in: line, from: 0, to: count) != nil }
    }

    /// The runtime's message on this line, and the source location it names, if any.
    static func runtimeMessage(_ line: String) -> (text: String, location: String?)? {
        guard line.utf8.count < 8192 else { return nil }
        for marker in runtimeMessages {
            guard let range = Substring(line).firstRange(ofText: marker) else { continue }
            let before = line[..<range.lowerBound].trimmingSpaces
            var location: String?
            if before.hasSuffix(":"), before.dropLast().contains(":") { location = String(before.dropLast()) }
            // Only a message that starts the line, or follows a `file:line:` location, is the runtime's.
            guard before.isEmpty || location != nil else { continue }
            return (String(line[range.lowerBound...].trimmingSpaces), location)
        }
        return nil
    }

    /// Reads the traceback whose `Traceback (most recent call last):` line starts at `start`,
    /// with its chained tracebacks (`During handling of the above exception…`): the last one is
    /// what ended the program. `threadLine` is the line before it, which names the thread when
    /// the exception was raised in one (`Exception in thread worker-1:`).
    static func readTraceback(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, threadLine: String?)
        -> (traceback: PythonTraceback?, next: Int, problems: [(offset: Int, message: String)]) {
        var frames: [CrashFrame] = []
        var exception: String?
        var position = start
        var lines = 0
        var problems: [(offset: Int, message: String)] = []
        while position < end, lines < SwiftBacktraceText.lineLimit {
            let lineEnd = findByte(0x0A, in: base, from: position, to: end)
            let line = String(decoding: UnsafeBufferPointer(start: base + position, count: lineEnd - position), as: UTF8.self)
            let blank = line.trimmingSpaces.isEmpty
            lines += 1
            if line.hasPrefix("Traceback (most recent call last):") {
                frames = []
                exception = nil
            } else if exception == nil {
                if line.hasPrefix("  File \"") {
                    if let frame = frame(line) { frames.append(frame) } else { problems.append((position, "unreadable traceback line; skipped")) }
                } else if !(blank || line.hasPrefix(" ") || line.hasPrefix("\t")) {
                    // Indented lines are a frame's source and its ^^^ markers; this is the exception.
                    exception = String(line.trimmingSpaces)
                }
            } else if !(blank || line.hasPrefix("During handling of the above exception") || line.hasPrefix("The above exception was the direct cause")) {
                break  // after the exception only a chained traceback belongs to it
            }
            position = lineEnd + 1
        }
        guard let exception else {
            problems.append((start, "a Python traceback cut off before its exception; skipped"))
            return (nil, min(position, end), problems)
        }
        var thread: String?
        if let threadLine, threadLine.hasPrefix("Exception in thread "), threadLine.hasSuffix(":") {
            thread = String(threadLine.dropFirst(20).dropLast())
        }
        return (PythonTraceback(exception: exception, frames: frames.reversed(), thread: thread), min(position, end), problems)
    }

    /// `  File "/app/server.py", line 13, in handler`.
    static func frame(_ line: String) -> CrashFrame? {
        let rest = line.dropFirst(8)
        guard let quote = rest.lastRange(of: "\", line ") else { return nil }
        let file = String(rest[..<quote.lowerBound])
        let after = rest[quote.upperBound...]
        let digits = after.prefix { $0.isNumber }
        var frame = CrashFrame(symbol: "<module>")
        frame.file = file
        frame.line = Int(digits)
        let tail = after.dropFirst(digits.count)
        if tail.hasPrefix(", in ") { frame.symbol = String(tail.dropFirst(5)) }
        frame.isSystem = file.hasPrefix("<") || CrashFrame.libraryFolders.contains { file.contains($0) }
        return frame
    }
}

extension StringProtocol {
    /// Where `pattern` first occurs.
    func firstRange(ofText pattern: String) -> Range<Index>? {
        guard let first = pattern.first else { return nil }
        var index = startIndex
        while let found = self[index...].firstIndex(of: first) {
            if self[found...].hasPrefix(pattern) { return found..<self.index(found, offsetBy: pattern.count) }
            index = self.index(after: found)
        }
        return nil
    }
}
