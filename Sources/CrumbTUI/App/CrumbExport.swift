import CrumbEngine
import Foundation

/// `w`: the crumbs shown now, written to a file as a JSON dump array (`.json`) or JSON Lines
/// (`.jsonl`).
///
/// A file is never left half written: the crumbs go into a new file in the same folder, which
/// takes the name only once all of it is written (a rename, all at once); whatever fails, the
/// file by that name is as it was and no other file is left. A file that exists is written
/// over only when `replacing` (the viewer asks first). A name that is a device or a pipe
/// (`/dev/full`, a link to one) is written into, as it cannot be renamed over.
enum CrumbExport {
    /// Writes and returns what the status line says, or `.confirmOverwrite` when the file exists
    /// and `replacing` is false.
    static func write(_ list: CrumbList, to path: String, replacing: Bool = false) -> Action {
        let format: CrumbFormat = path.hasSuffix(".jsonl") ? .jsonl : .json
        var info = stat()
        let exists = stat(path, &info) == 0
        // Only a name that is not there is written without asking (a folder we may not look
        // into could hold the file).
        if !exists, errno != ENOENT { return failure(path, String(cString: strerror(errno))) }
        let kind = info.st_mode & S_IFMT
        if exists, kind == S_IFDIR { return failure(path, "it is a folder") }
        let result: Result<Int, WriteFailure>
        if exists, kind != S_IFREG {
            result = writeInto(list, path, format: format)
        } else {
            if exists, !replacing { return .confirmOverwrite(path: path) }
            // The file a link names is the one replaced; the link stays.
            let target = exists ? resolved(path) : path
            result = replace(list, target, format: format, mode: exists ? info.st_mode & 0o7777 : nil, owner: exists ? info : nil)
        }
        switch result {
        case .failure(let failure):
            return Self.failure(path, failure.reason)
        case .success(let lost):
            let kind = format == .json ? "JSON dump" : "JSON Lines"
            if lost > 0 {
                return .message("wrote \((list.count - lost).grouped) crumbs to \(path) (\(kind)); \(lost.grouped) left out: the file was cut short since it was loaded", isError: true)
            }
            return .message("wrote \(list.count.grouped) crumbs to \(path) (\(kind))", isError: false)
        }
    }

    /// `path` with its links followed.
    private static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    static func failure(_ path: String, _ reason: String) -> Action {
        .message("cannot write \(path): \(reason)", isError: true)
    }

    /// Why writing failed: an `errno`.
    struct WriteFailure: Error {
        var code: Int32
        var reason: String { String(cString: strerror(code)) }
    }

    /// Writes the crumbs into a device or pipe as it is.
    private static func writeInto(_ list: CrumbList, _ path: String, format: CrumbFormat) -> Result<Int, WriteFailure> {
        // Without O_NONBLOCK, opening a pipe that nobody reads would wait for a reader for good.
        let fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(WriteFailure(code: errno)) }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return Result { () throws(WriteFailure) in try writeCrumbs(list, fd, format: format) }
    }

    /// Writes the crumbs into a new file beside `path`, then renames it to `path`: with the mode
    /// and owner of the file it replaces, or a new file's mode.
    private static func replace(_ list: CrumbList, _ path: String, format: CrumbFormat, mode: mode_t?, owner: stat?) -> Result<Int, WriteFailure> {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var template = Array((folder + "/." + url.lastPathComponent + ".crumbtui-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return .failure(WriteFailure(code: errno)) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        func fail(_ code: Int32) -> Result<Int, WriteFailure> {
            close(fd)
            unlink(temporary)
            return .failure(WriteFailure(code: code))
        }
        let lost: Int
        do throws(WriteFailure) {
            lost = try writeCrumbs(list, fd, format: format)
        } catch {
            return fail(error.code)
        }
        if let owner { _ = fchown(fd, owner.st_uid, owner.st_gid) }
        guard fchmod(fd, mode ?? newFileMode()) == 0, fsync(fd) == 0 else { return fail(errno) }
        guard close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            return .failure(WriteFailure(code: code))
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            return .failure(WriteFailure(code: code))
        }
        return .success(lost)
    }

    /// The mode `open(…, O_CREAT, 0666)` would give a new file: 0666 less the umask, read from
    /// /proc (setting the umask to read it would change it for every thread for a moment).
    private static func newFileMode() -> mode_t {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Umask:") }
        let mask = line.flatMap { mode_t($0.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) } ?? 0o022
        return 0o666 & ~mask
    }

    /// The shown crumbs into `fd`; how many were left out (see `CrumbWriter.write`).
    private static func writeCrumbs(_ list: CrumbList, _ fd: Int32, format: CrumbFormat) throws(WriteFailure) -> Int {
        try CrumbWriter.write(list.store, list.result.matches, format: format) { (bytes: UnsafeBufferPointer<UInt8>) throws(WriteFailure) in
            if let code = StandardStream.write(fd, bytes) { throw WriteFailure(code: code) }
        }
    }
}
