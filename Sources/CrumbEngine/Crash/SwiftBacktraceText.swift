@_spi(CrumbCodec) import CrumbCodec

/// Reads the text Swift's runtime backtracer prints on stderr when a program crashes:
///
///     *** Signal 4: Backtracing from 0x7f17c876df7f... done ***
///     *** Program crashed: Illegal instruction at 0x00007f17c876df7f ***
///     Platform: x86_64 Linux (Debian GNU/Linux 12 (bookworm))
///     Thread 1 "worker-7" crashed:
///       0      0x00007f… _assertionFailure(_:_:file:line:flags:) + 225 in libswiftCore.so
///       1 [ra] 0x000055… handle(_:) + 285 in App at /src/Sources/App/Handler.swift:42:5
///     ...
///     Thread 0 "App":
///     …
///     Registers: …   Images (18 omitted): …   Backtrace took 0.14s
///
/// The threads and their frames are kept; the registers and images are skipped. A block is read
/// until a line that belongs to none of it (a dump, the app's own output), so text around it is
/// read as usual.
enum SwiftBacktraceText {
    /// The most lines one backtrace may take; past it the rest is read as ordinary text.
    static let lineLimit = 50_000

    /// Whether the line starts a backtrace.
    static func startsBacktrace(_ line: String) -> Bool {
        line.hasPrefix("*** Signal ") || line.hasPrefix("*** Program crashed: ") || line.hasPrefix("💣 Program crashed: ")
    }

    /// Reads the block whose first line starts at `start`. Returns what it says, where reading goes
    /// on, and what it had to skip (offset and message).
    static func read(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int)
        -> (backtrace: SwiftBacktrace, next: Int, problems: [(offset: Int, message: String)]) {
        var backtrace = SwiftBacktrace()
        var problems: [(offset: Int, message: String)] = []
        var position = start
        var skipping = false
        var lines = 0
        while position < end, lines < lineLimit {
            let lineEnd = findByte(0x0A, in: base, from: position, to: end)
            let line = String(decoding: UnsafeBufferPointer(start: base + position, count: lineEnd - position), as: UTF8.self)
            let trimmed = String(line.trimmingSpaces)
            lines += 1
            if trimmed.isEmpty || trimmed.hasPrefix("Platform: ") {
                position = lineEnd + 1
                continue
            }
            if let header = header(trimmed) {
                if header.signal != nil { backtrace.signalNumber = header.signal }
                if backtrace.description == nil || trimmed.contains("Program crashed") { backtrace.description = header.description ?? backtrace.description }
                if header.address != nil { backtrace.address = header.address }
                skipping = false
            } else if let thread = threadHeader(trimmed) {
                backtrace.threads.append(thread)
                skipping = false
            } else if trimmed == "..." {
                if !backtrace.threads.isEmpty { backtrace.threads[backtrace.threads.count - 1].isTruncated = true }
            } else if !skipping, let number = leadingNumber(trimmed) {
                guard !backtrace.threads.isEmpty else { break }
                if let frame = frame(trimmed, number: number) {
                    backtrace.threads[backtrace.threads.count - 1].frames.append(frame)
                } else {
                    problems.append((position, "unreadable backtrace frame; skipped"))
                }
            } else if trimmed == "Registers:" || trimmed.hasPrefix("Images (") || trimmed == "Images:" {
                skipping = true
            } else if trimmed.hasPrefix("Backtrace took ") {
                position = lineEnd + 1
                break
            } else if !(skipping && isRegisterOrImage(trimmed)) {
                break  // not part of the backtrace: reading goes on from here as ordinary text
            }
            position = lineEnd + 1
        }
        if backtrace.threads.isEmpty {
            // With `format=json` (or `output-to=`) the stderr keeps only the `*** Signal` line:
            // the frames are in the crash log. A `Program crashed` line starts the text itself.
            if backtrace.description != nil {
                problems.append((start, "a Swift backtrace with no thread in it (cut off?); the crash is shown without frames"))
            }
        } else if !backtrace.threads.contains(where: \.crashed) {
            problems.append((start, "a Swift backtrace without its crashed thread (cut off?)"))
        }
        return (backtrace, min(position, end), problems)
    }

    /// `*** Signal 4: Backtracing from 0x… done ***`, `*** Program crashed: Illegal instruction at
    /// 0x… ***`, or another `*** … ***` line.
    static func header(_ line: String) -> (signal: Int32?, description: String?, address: String?)? {
        if line.hasPrefix("*** Signal ") {
            let number = line.dropFirst(11).prefix { $0.isNumber }
            return (Int32(number), nil, nil)
        }
        for prefix in ["*** Program crashed: ", "💣 Program crashed: "] where line.hasPrefix(prefix) {
            var rest = Substring(line.dropFirst(prefix.count))
            if rest.hasSuffix(" ***") { rest = rest.dropLast(4) }
            guard let at = rest.lastRange(of: " at 0x") else { return (nil, String(rest), nil) }
            return (nil, String(rest[..<at.lowerBound]), String(rest[rest.index(at.lowerBound, offsetBy: 4)...]))
        }
        // Other headers the backtracer prints, such as `*** Swift runtime failure: Division by zero ***`.
        if line.hasPrefix("*** "), line.hasSuffix(" ***"), line.count > 8 {
            return (nil, String(line.dropFirst(4).dropLast(4)), nil)
        }
        return nil
    }

    /// `Thread 1 "worker-7" crashed:`, `Thread 0 "App":`, `Thread 3:`, `Thread 2 crashed:`.
    static func threadHeader(_ line: String) -> CrashThread? {
        guard line.hasPrefix("Thread "), line.hasSuffix(":") else { return nil }
        var rest = Substring(line.dropFirst(7).dropLast())
        let digits = rest.prefix { $0.isNumber }
        guard let number = Int(digits) else { return nil }
        rest = rest.dropFirst(digits.count)
        var crashed = false
        if rest.hasSuffix(" crashed") {
            crashed = true
            rest = rest.dropLast(8)
        }
        var name: String?
        let quoted = rest.trimmingSpaces
        if quoted.count >= 2, quoted.first == "\"", quoted.last == "\"" {
            name = String(quoted.dropFirst().dropLast())
        } else if !quoted.isEmpty {
            return nil
        }
        return CrashThread(name: name, number: number, crashed: crashed)
    }

    static func leadingNumber(_ line: String) -> Int? {
        let digits = line.prefix { $0.isNumber }
        guard !digits.isEmpty, line.dropFirst(digits.count).first == " " else { return nil }
        return Int(digits)
    }

    /// `3 [ra] [system] 0x000055… handle(_:) + 44 in App at /src/Handler.swift:12:18`.
    static func frame(_ line: String, number: Int) -> CrashFrame? {
        var rest = line.dropFirst(String(number).count).trimmingSpaces
        var flags: [Substring] = []
        while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            flags.append(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...].trimmingSpaces
        }
        guard rest.hasPrefix("0x") else { return nil }
        let address = rest.prefix { !$0.isWhitespace }
        rest = rest.dropFirst(address.count).trimmingSpaces
        guard !rest.isEmpty else { return nil }
        var frame = CrashFrame(symbol: "")
        frame.number = number
        if let at = rest.lastRange(of: " at ") {
            let location = rest[at.upperBound...]
            if location.hasPrefix("/") || location.contains(":") || location.hasPrefix("<") {
                (frame.file, frame.line, frame.column) = parseLocation(location)
                rest = rest[..<at.lowerBound]
            }
        }
        if let inImage = rest.lastRange(of: " in "), !rest[inImage.upperBound...].contains(" ") {
            frame.image = String(rest[inImage.upperBound...])
            rest = rest[..<inImage.lowerBound]
        }
        frame.symbol = String(rest)
        frame.isRuntimeFailure = rest.hasPrefix("Swift runtime failure: ")
        frame.isSystem = flags.contains("system") || flags.contains("thunk")
        return frame
    }

    /// `/src/Handler.swift:12:18`, `/src/Handler.swift:12`, `//<compiler-generated>`.
    static func parseLocation(_ text: Substring) -> (String?, Int?, Int?) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) {
            return (parts.dropLast(2).joined(separator: ":"), line, column)
        }
        if parts.count >= 2, let line = Int(parts[parts.count - 1]) {
            return (parts.dropLast().joined(separator: ":"), line, nil)
        }
        return (String(text), nil, nil)
    }

    /// A line of the registers or images section (`rax 0x0000…`, `0x0000…–0x0000… id libc.so.6 /path`).
    static func isRegisterOrImage(_ line: String) -> Bool {
        if line.hasPrefix("0x") { return true }
        let name = line.prefix { $0.isLetter || $0.isNumber }
        return !name.isEmpty && name.count <= 8 && line.dropFirst(name.count).hasPrefix(" 0x")
    }
}

extension Substring {
    /// Where `pattern` last occurs.
    func lastRange(of pattern: String) -> Range<Index>? {
        let wanted = Array(pattern.utf8)
        let bytes = Array(utf8)
        guard bytes.count >= wanted.count, !wanted.isEmpty else { return nil }
        for start in stride(from: bytes.count - wanted.count, through: 0, by: -1)
        where bytes[start] == wanted[0] && bytes[start..<start + wanted.count].elementsEqual(wanted) {
            let lower = utf8.index(utf8.startIndex, offsetBy: start)
            return lower..<utf8.index(lower, offsetBy: wanted.count)
        }
        return nil
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let text = Substring(self)
        guard let first = text.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) else { return text[text.endIndex...] }
        let last = text.lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" })!
        return text[first...last]
    }
}
