/// Evidence of a crash found while reading an input, before it is paired with the crumbs and the
/// other evidence around it (`CrashAssembler`).
enum CrashClue: Sendable {
    /// The runtime's last words before the signal: `Fatal error: …`, `Precondition failed: …`,
    /// `Could not cast value …`, with the source location the runtime names, if any.
    case message(text: String, location: String?)
    /// Swift's backtrace, as the runtime's backtracer prints it on a captured stderr.
    case backtrace(SwiftBacktrace)
    /// A Python traceback printed right after a Python statecrumbs dump.
    case traceback(PythonTraceback)
}

/// What one backtrace says.
struct SwiftBacktrace: Sendable, Equatable {
    /// `Illegal instruction`, `Bad pointer dereference`: the backtracer's words for the fault.
    var description: String?
    var address: String?
    /// From `*** Signal 4: Backtracing …`.
    var signalNumber: Int32?
    var threads: [CrashThread] = []
}

/// What one Python traceback says.
struct PythonTraceback: Sendable, Equatable {
    /// The last line: `ZeroDivisionError: division by zero`.
    var exception: String
    /// Innermost first.
    var frames: [CrashFrame]
    /// From `Exception in thread NAME:` before it, else nil (the main thread).
    var thread: String?
}

extension CrashClue {
    /// The name of signal `number` on Linux.
    static func signalName(_ number: Int32) -> String? {
        let names: [Int32: String] = [
            1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
            9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
            31: "SIGSYS",
        ]
        return names[number]
    }
}
