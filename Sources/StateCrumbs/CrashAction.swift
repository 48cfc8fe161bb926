/// What the crash hook does with the crumbs when the process crashes.
///
/// ```swift
/// Crumbs.enable(onCrash: .file, outputFile: "/var/tmp/myapp-crumbs.json")
/// Crumbs.enable(onCrash: .handler { crumbs in sendToMonitoring(crumbs) })
/// ```
public enum CrashAction: Sendable {
    /// Write the crumbs to standard error as a pretty JSON array, on lines of their own.
    case stderr
    /// Write the crumbs to `outputFile` as a pretty JSON array, replacing it atomically.
    case file
    /// Do nothing.
    case off
    /// Call the closure with the crumbs, oldest first.
    ///
    /// The closure runs inside the crash, in a signal handler, with the process in an unknown
    /// state: keep it short, do not take locks, and expect that it may not finish. If it crashes
    /// itself, the process still dies by the original signal.
    case handler(@Sendable ([Crumb]) -> Void)
}
