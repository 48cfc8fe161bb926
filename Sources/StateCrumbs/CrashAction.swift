/// What the crash hook does with the crumbs when the process crashes.
///
/// ```swift
/// Crumbs.enable(onCrash: .file, outputFile: "/var/tmp/myapp-crumbs.json")
/// Crumbs.enable(onCrash: .handler { crumbs in sendToMonitoring(crumbs) })
/// ```
///
/// Whatever the action, the crumbs end with the crash crumb, one crumb of StateCrumbs' own that
/// says what killed the process. It is not in the ring: ``Crumbs/snapshot()`` never returns it.
///
/// ```swift
/// Crumbs.enable(onCrash: .handler { crumbs in
///     let crash = crumbs.last!   // event "statecrumbs.crash", thread "worker-7",
///     sendToMonitoring([crash])  // signal "SIGSEGV", code "SEGV_MAPERR", address "0x10"
/// })
/// ```
///
/// Its fields: `signal` (`SIGILL`, `SIGSEGV`, …); `code`, the name of `si_code` (`ILL_ILLOPN`,
/// `SEGV_MAPERR`, `BUS_ADRERR`, `SI_TKILL`, `SI_USER`, …, or `code_N`); `address`, the faulting
/// address, for a fault only; `pid`; and `sender_pid` when another process sent the signal. Its
/// `thread` is the crashing thread's name as its own crumbs carry it. The live file gets it as
/// its last line, whatever the action.
public enum CrashAction: Sendable {
    /// Write the crumbs and the crash crumb to standard error as a pretty JSON array, on lines
    /// of their own.
    case stderr
    /// Write the crumbs and the crash crumb to `outputFile` as a pretty JSON array, replacing it
    /// atomically.
    case file
    /// Write no dump (the live file, if any, still ends with the crash crumb).
    case off
    /// Call the closure with the crumbs, oldest first, and the crash crumb last.
    ///
    /// The closure runs inside the crash, in a signal handler, with the process in an unknown
    /// state: keep it short, do not take locks, and expect that it may not finish. If it crashes
    /// itself, the process still dies by the original signal.
    case handler(@Sendable ([Crumb]) -> Void)
}
