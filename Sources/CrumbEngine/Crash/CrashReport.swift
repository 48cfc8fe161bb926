/// One crash, put together from the evidence the inputs hold: the crash crumb StateCrumbs writes
/// as the last crumb of a dump, the runtime's fatal message, Swift's backtrace (text in a
/// captured stderr, or a JSON crash log), a Python traceback.
///
/// ```swift
/// let store = CrumbStore()
/// CrumbLoader().load(["crash.log"], into: store)
/// for crash in store.crashes { print(crash.reason, crash.thread ?? "?", crash.firstUserFrame?.location ?? "") }
/// ```
public struct CrashReport: Sendable, Equatable {
    /// What killed the process, as specific as the evidence allows: `Swift runtime failure: Index
    /// out of range`, `Fatal error: …`, `ZeroDivisionError: division by zero`, else the signal.
    public var reason: String
    /// The signal's name (`SIGILL`), when known.
    public var signal: String?
    /// The name of the signal's `si_code` (`ILL_ILLOPN`, `SEGV_MAPERR`, `SI_USER`), when known.
    public var code: String?
    /// The fault address, as the evidence wrote it.
    public var address: String?
    /// The runtime's last words (`Fatal error: …`, `Precondition failed: …`).
    public var message: String?
    /// A Python exception (`ZeroDivisionError: division by zero`).
    public var exception: String?
    /// The backtracer's words for the fault (`Illegal instruction`, `Bad pointer dereference`).
    public var faultDescription: String?
    /// The pid of a process that sent the signal.
    public var senderPID: Int?
    /// The crashed thread's name as its crumbs carry it, when known.
    public var thread: String?
    public var pid: Int?
    /// Microseconds since 1970 UTC, when known.
    public var time: Int64?
    /// The threads of the backtrace or traceback, the crashed one first.
    public var threads: [CrashThread] = []
    /// Where the evidence came from, in the order it was found.
    public var evidence: [CrashEvidenceSource] = []
    /// The crash crumb's number in the store.
    public var crashCrumb: Int?
    /// The crumb the crash is shown at: the crash crumb, else the crashed thread's last crumb
    /// before the crash in the same input.
    public var anchor: Int?
    /// The input the crash was found in (an index into `CrumbStore.sources`).
    public var source: Int?

    public init(reason: String) {
        self.reason = reason
    }

    /// The crashed thread's backtrace or traceback.
    public var crashedThread: CrashThread? { threads.first(where: \.crashed) ?? threads.first }

    /// The innermost frame of the crashed thread in the app's own code, one with a line number
    /// if there is one (an inlined frame may name only the file).
    public var firstUserFrame: CrashFrame? {
        let frames = crashedThread?.frames.filter(\.isUserCode) ?? []
        return frames.first { $0.line != nil } ?? frames.first
    }
}

/// One thread of a backtrace or traceback.
public struct CrashThread: Sendable, Equatable {
    /// The thread's name as the backtrace gives it (the runtime calls the main thread by the
    /// process's name).
    public var name: String?
    /// Its number in the backtrace.
    public var number: Int?
    public var crashed: Bool
    /// Innermost first.
    public var frames: [CrashFrame] = []
    /// The backtrace left frames out (`...`) or was cut short.
    public var isTruncated = false

    public init(name: String?, number: Int?, crashed: Bool) {
        self.name = name
        self.number = number
        self.crashed = crashed
    }
}

/// One frame: what ran there and where in the source.
public struct CrashFrame: Sendable, Equatable {
    /// The frame's number in the backtrace.
    public var number: Int?
    /// The function, demangled, with its offset (`handle(_:) + 44`), or a Python function name.
    public var symbol: String
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// The binary the code is in (`libswiftCore.so`), when known.
    public var image: String?
    /// Runtime, system, thunk or compiler-generated code: shown dimmed, never the "user frame".
    public var isSystem = false
    /// The frame is the runtime's check that failed (`Swift runtime failure: …`).
    public var isRuntimeFailure = false

    public init(symbol: String) {
        self.symbol = symbol
    }

    /// Code of the app's own, with a source location: what a person wants to open first.
    public var isUserCode: Bool {
        guard let file, !isSystem, !isRuntimeFailure, !file.hasPrefix("//<") else { return false }
        if let image, CrashFrame.runtimeImages.contains(where: { image.hasPrefix($0) }) { return false }
        return !CrashFrame.libraryFolders.contains { file.contains($0) }
    }

    /// `file:line:col`, `file:line` or `file`.
    public var location: String? {
        guard let file else { return nil }
        guard let line, line > 0 else { return file }
        guard let column, column > 0 else { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }

    /// Libraries that are never the app's code.
    static let runtimeImages = ["libswift", "libFoundation", "libdispatch", "libc.so", "libc-", "libpthread", "ld-linux",
                                "libBlocksRuntime", "libicu", "libstdc++", "libgcc"]
    /// Python's own and third-party code.
    static let libraryFolders = ["/lib/python3", "/site-packages/", "/dist-packages/", "<frozen "]
}

/// Where one piece of evidence of a crash stands: the input as the user named it, the line, and
/// what it is.
public struct CrashEvidenceSource: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case crashCrumb = "crash crumb"
        case runtimeMessage = "runtime message"
        case swiftBacktrace = "Swift backtrace"
        case swiftCrashLog = "Swift crash log"
        case pythonTraceback = "Python traceback"
    }

    public var kind: Kind
    public var file: String
    /// 1-based line, nil for a whole file (a crash log).
    public var line: Int?

    public init(kind: Kind, file: String, line: Int?) {
        self.kind = kind
        self.file = file
        self.line = line
    }
}
