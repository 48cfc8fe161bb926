#if canImport(Glibc)
@preconcurrency import Glibc
#else
#error("crumbtui supports Linux with glibc only (x86_64 and arm64)")
#endif

/// The limits the engine holds every input to, so that no input can make it grow without
/// bound or stop.
///
/// A line longer than ``lineBytes`` is skipped, with a problem naming its line and length, and
/// the rest of the input still loads: in JSON Lines (crumbs or OTLP) and text logs read from a
/// file, and in anything read from a pipe, standard input or a followed file, where crumbtui
/// would otherwise hold the line whole (`/dev/zero` through a pipe, or a live file whose writer
/// never ends its line). A device (`/dev/zero`, a disk) is refused; a terminal and `/dev/null`
/// are read.
///
/// ```swift
/// InputLimits.lineBytes  // 64 MiB
/// ```
public enum InputLimits {
    /// The longest line kept: 64 MiB, a thousand times the largest crumb StateCrumbs writes.
    public static let lineBytes = 64 << 20

    /// The problem reported for a line of `bytes` bytes that was skipped; `ended` is false when
    /// the input ended inside it.
    static func longLine(_ bytes: Int, ended: Bool = true) -> String {
        let limit = "\(lineBytes >> 20) MiB"
        return ended
            ? "a line of \(bytes) bytes, longer than \(limit): skipped"
            : "the input ended \(bytes) bytes into a line longer than \(limit): skipped"
    }
}

/// A line a stream held that was too long to keep: an empty line stands in its place.
///
/// ```swift
/// let update = tailer.poll()
/// store.appendLines(update.data, name: tailer.path, longLines: update.longLines)
/// ```
public struct LongLine: Sendable, Equatable {
    /// Where the empty line standing in its place starts, in the bytes handed on.
    public var offset: Int
    /// Its length in bytes (without its newline): all of it, or as far as the input went.
    public var bytes: Int
    /// False when the input ended inside it.
    public var ended = true

    public init(offset: Int, bytes: Int, ended: Bool = true) {
        self.offset = offset
        self.bytes = bytes
        self.ended = ended
    }

    var message: String { InputLimits.longLine(bytes, ended: ended) }
}

/// Keeps the lines of a stream read into one growing buffer no longer than a limit: a line
/// that grows past it is dropped as it arrives (only its newline is kept, so line numbers stay
/// right) and noted in `longLines`. The buffer then holds at most the limit of any one line.
///
/// ```swift
/// var cutter = LongLineCutter()
/// count = cutter.cut(buffer, newFrom: count, count: count + got)  // after each read
/// count = cutter.finish(count: count)                              // at the end
/// ```
public struct LongLineCutter: Sendable {
    public let limit: Int
    /// Where the buffer's unfinished last line starts.
    public private(set) var lineStart = 0
    /// How much of the line being dropped has gone by; nil when none is.
    private var dropped: Int?
    /// The lines dropped, by where their empty line is in the buffer.
    public private(set) var longLines: [LongLine] = []

    /// True while the buffer's last line is being dropped as it arrives (it is not in the
    /// buffer, and is in `longLines` once its newline comes or `finish` is called).
    public var isDropping: Bool { dropped != nil }

    public init(limit: Int = InputLimits.lineBytes) {
        self.limit = limit
    }

    /// The buffer holds `base[0..<count]`, of which the bytes from `start` on were just read
    /// (`start` is the count returned by the call before). Returns how many bytes it keeps.
    public mutating func cut(_ base: UnsafeMutablePointer<UInt8>, newFrom start: Int, count: Int) -> Int {
        var count = count
        if let gone = dropped {
            let newline = findByte(base, from: start, to: count)
            guard newline < count else {
                dropped = gone + count - start
                return start
            }
            // The line ends here: its newline stays, in its place.
            longLines.append(LongLine(offset: lineStart, bytes: gone + newline - start))
            count = remove(base, start..<newline, count: count)
            dropped = nil
            lineStart += 1
        }
        // Bytes before `lineStart` are whole lines, and the ones from it to `start` belong to
        // its line: newlines can only be among the new ones after both.
        let from = max(start, lineStart)
        if count - lineStart <= limit {
            // No line here can be too long: only where the last one starts is wanted.
            var index = count
            while index > from, base[index - 1] != 0x0A { index -= 1 }
            if index > from { lineStart = index }
            return count
        }
        var position = from
        while case let newline = findByte(base, from: position, to: count), newline < count {
            if newline - lineStart > limit {
                longLines.append(LongLine(offset: lineStart, bytes: newline - lineStart))
                count = remove(base, lineStart..<newline, count: count)
                lineStart += 1
            } else {
                lineStart = newline + 1
            }
            position = lineStart
        }
        if count - lineStart > limit {
            dropped = count - lineStart
            count = lineStart
        }
        return count
    }

    /// The stream ended with `count` bytes held: notes a line it ended inside while dropping it.
    public mutating func finish(count: Int) -> Int {
        if let gone = dropped { longLines.append(LongLine(offset: lineStart, bytes: gone, ended: false)) }
        dropped = nil
        return count
    }

    /// Forgets the lines before `lineStart` (handed on by the caller, which moved the rest of
    /// its buffer to its start).
    public mutating func handedOn() {
        lineStart = 0
        longLines = []
    }

    private func findByte(_ base: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard start < end, let hit = memchr(base + start, 0x0A, end - start) else { return end }
        return UnsafeMutableRawPointer(hit) - UnsafeMutableRawPointer(base)
    }

    private func remove(_ base: UnsafeMutablePointer<UInt8>, _ range: Range<Int>, count: Int) -> Int {
        memmove(base + range.lowerBound, base + range.upperBound, count - range.upperBound)
        return count - range.count
    }
}
