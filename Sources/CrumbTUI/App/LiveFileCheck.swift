import CrumbEngine
import Foundation

/// Small questions about a file the viewer is asked to follow. They read regular files only,
/// and never wait: a FIFO at the path would block an ordinary open until something writes.
enum LiveFileCheck {
    /// True when the file holds JSON Lines, is empty, or does not exist yet: what a tailer can
    /// follow (it says so when the path holds something that is not a regular file). A dump
    /// array or a log is loaded whole instead.
    static func isLiveFile(_ path: String) -> Bool {
        guard let head = read(path, count: 4096) else { return true }
        guard let first = DumpKind.firstByte(of: head) else { return true }
        return first == 0x7B
    }

    /// True when the file begins like a ring file (`Crumbs.enable(ringFile:)`): its crumbs are
    /// loaded, then followed by polling the ring's head.
    static func isRingFile(_ path: String) -> Bool {
        read(path, count: 8)?.elementsEqual("CRUMRING".utf8) ?? false
    }

    /// Where the last complete line of the first `size` bytes ends.
    static func endOfLastLine(_ path: String, size: Int) -> Int {
        let start = max(size - (1 << 16), 0)
        guard let tail = read(path, count: size - start, from: start) else { return size }
        guard let newline = tail.lastIndex(of: 0x0A) else { return start }
        return start + newline + 1
    }

    static func lineCount(_ path: String, upTo offset: Int) -> Int {
        (read(path, count: offset) ?? []).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Up to `count` bytes of the regular file at `path` from `offset`; nil when the path holds
    /// no regular file or it cannot be read.
    static func read(_ path: String, count: Int, from offset: Int = 0) -> [UInt8]? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        // O_NONBLOCK: the path may become a FIFO between the stat and the open.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: max(count, 0))
        var got = 0
        while got < bytes.count {
            let read = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, $0.count - got, off_t(offset + got)) }
            if read < 0, errno == EINTR { continue }
            guard read > 0 else { break }
            got += read
        }
        return Array(bytes[..<got])
    }
}
