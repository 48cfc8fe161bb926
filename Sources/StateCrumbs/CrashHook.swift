#if canImport(Glibc)
import Glibc
#else
#error("StateCrumbs supports Linux with glibc only (x86_64 and arm64)")
#endif
import CStateCrumbs

/// Connects `Crumbs.enable`'s crash options to the crash path in `crash_hook.c`.
enum CrashHook {
    /// Installs the hook (once) and tells it what to do on a crash.
    static func apply(_ configuration: RecorderConfiguration) {
        var mode: Int32
        switch configuration.onCrash {
        case .stderr: mode = Int32(SC_CRASH_STDERR)
        case .file: mode = Int32(SC_CRASH_FILE)
        case .off: mode = Int32(SC_CRASH_OFF)
        case .handler: mode = Int32(SC_CRASH_HANDLER)
        }
        let path = absolutePath(configuration.outputFile)
        if mode == SC_CRASH_FILE && path == nil {
            SelfReport.once("outputFile \(tooLong(configuration.outputFile)); crash dumps go to stderr instead")
            mode = Int32(SC_CRASH_STDERR)
        }
        sc_crash_configure(mode, path ?? "", runHandler)
        sc_crash_install()
    }

    static func remove() {
        sc_crash_uninstall()
    }

    /// The crash crumb of the crash being handled (`statecrumbs.crash`), nil outside a crash.
    static func crashCrumb() -> Crumb? {
        var length = 0
        guard let bytes = sc_crash_crumb(&length), length > 0 else { return nil }
        return CompactCrumbParser.parse(UnsafeBufferPointer(start: bytes, count: length))
    }

    /// The dump goes where `outputFile` named when `enable` was called, even if the process
    /// changes its working directory later. Nil when the absolute path does not fit the C
    /// side's path buffers (SC_PATH_BYTES with its NUL): cut, it would name another file.
    static func absolutePath(_ path: String) -> String? {
        let limit = Int(SC_PATH_BYTES)
        guard !path.hasPrefix("/") else { return path.utf8.count < limit ? path : nil }
        var buffer = [CChar](repeating: 0, count: limit)
        guard getcwd(&buffer, buffer.count) != nil else {
            // ERANGE: the folder's own name is too long. Other failures (the folder was
            // deleted) leave the path as given, relative to wherever the process is then.
            return errno == ERANGE || path.utf8.count >= limit ? nil : path
        }
        let folder = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let absolute = folder == "/" ? "/" + path : folder + "/" + path
        return absolute.utf8.count < limit ? absolute : nil
    }

    /// What `SelfReport` says about a path `absolutePath` refused: its start, and the limit.
    static func tooLong(_ path: String) -> String {
        let start = path.utf8.count > 60 ? String(decoding: path.utf8.prefix(60), as: UTF8.self) + "…" : path
        return "\"\(start)\" is too long: an absolute path must be under \(SC_PATH_BYTES) bytes"
    }
}

/// `.handler`: runs on the crashing thread, inside the signal handler (see ``CrashAction``):
/// the ring's crumbs, then the crash crumb, which is not in the ring.
private let runHandler: sc_crash_callback = {
    if case .handler(let body) = Recorder.configuration.onCrash {
        var crumbs = Crumbs.snapshot()
        if let crash = CrashHook.crashCrumb() { crumbs.append(crash) }
        body(crumbs)
    }
}
