import CStateCrumbs

/// Connects `Crumbs.enable`'s live-file options to the background writer in `live_writer.c`.
enum LiveFile {
    /// Starts, reconfigures or stops the live file; returns the queue crumbs go to.
    static func configure(path: String?, flushInterval: Duration, maxBytes: Int, keep: Int, mode: Int) -> OpaquePointer? {
        guard let path, !path.isEmpty else {
            sc_live_stop()
            return nil
        }
        let (seconds, attoseconds) = flushInterval.components
        let nanoseconds = max(1_000_000, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        guard sc_live_start(CrashHook.absolutePath(path), Int32(mode), UInt64(max(0, maxBytes)), Int32(keep),
                            UInt64(nanoseconds)) != 0 else {
            SelfReport.once("cannot start the live file writer for \(path); crumbs are not streamed")
            return nil
        }
        return sc_live_current_queue()
    }

    /// The writer's counters, for tests and diagnostics.
    static var statistics: sc_live_statistics { sc_live_statistics_now() }
}
