import Foundation

/// Small questions about a file the viewer is asked to follow.
enum LiveFileCheck {
    /// True when the file holds JSON Lines, is empty, or does not exist yet: what a tailer can
    /// follow. A dump array or a log is loaded whole instead.
    static func isLiveFile(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        guard let first = head.first(where: { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) }) else { return true }
        return first == 0x7B
    }

    /// True when the file begins like a ring file (`Crumbs.enable(ringFile:)`): its crumbs are
    /// loaded, then followed by polling the ring's head.
    static func isRingFile(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        return head.elementsEqual("CRUMRING".utf8)
    }

    /// Where the last complete line of the first `size` bytes ends.
    static func endOfLastLine(_ path: String, size: Int) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return size }
        defer { try? handle.close() }
        let start = max(size - (1 << 16), 0)
        try? handle.seek(toOffset: UInt64(start))
        let tail = (try? handle.read(upToCount: size - start)) ?? Data()
        guard let newline = tail.lastIndex(of: 0x0A) else { return start }
        return start + (newline - tail.startIndex) + 1
    }

    static func lineCount(_ path: String, upTo offset: Int) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: offset)) ?? Data()
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
