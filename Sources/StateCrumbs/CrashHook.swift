#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CStateCrumbs

/// Connects `Crumbs.enable`'s crash options to the crash path in `crash_hook.c`.
enum CrashHook {
    /// Installs the hook (once) and tells it what to do on a crash.
    static func apply(_ configuration: RecorderConfiguration) {
        let mode: Int32
        switch configuration.onCrash {
        case .stderr: mode = Int32(SC_CRASH_STDERR)
        case .file: mode = Int32(SC_CRASH_FILE)
        case .off: mode = Int32(SC_CRASH_OFF)
        case .handler: mode = Int32(SC_CRASH_HANDLER)
        }
        sc_crash_configure(mode, absolutePath(configuration.outputFile), runHandler)
        sc_crash_install()
    }

    static func remove() {
        sc_crash_uninstall()
    }

    /// The dump goes where `outputFile` named when `enable` was called, even if the process
    /// changes its working directory later.
    static func absolutePath(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let folder = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return folder == "/" ? "/" + path : folder + "/" + path
    }
}

/// `.handler`: runs on the crashing thread, inside the signal handler (see ``CrashAction``).
private let runHandler: sc_crash_callback = {
    if case .handler(let body) = Recorder.configuration.onCrash {
        body(Crumbs.snapshot())
    }
}
