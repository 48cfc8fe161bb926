import CStateCrumbs

/// Connects `Crumbs.enable`'s live-file options to the background writer in `live_writer.c`.
enum LiveFile {
    /// Starts, reconfigures or stops the live file; returns the queue crumbs go to.
    static func configure(
        path: String?, flushInterval: Duration, maxBytes: Int, keep: Int, mode: Int, format: LiveFileFormat
    ) -> OpaquePointer? {
        guard let path, !path.isEmpty else {
            sc_live_stop()
            return nil
        }
        let nanoseconds = max(1_000_000, flushInterval.nanoseconds(clampedTo: 3_600_000_000_000))  // 1 ms to 1 h
        // Out-of-range options are clamped, never trapped on: enable must not crash the app.
        let mode = Int32(mode & 0o7777), keep = Int32(min(max(keep, 0), 1_000))
        guard let absolute = CrashHook.absolutePath(path) else {
            SelfReport.once("liveFile \(CrashHook.tooLong(path)); crumbs are not streamed")
            sc_live_stop()
            return nil
        }
        let format = format == .otlpJSON ? SC_LIVE_OTLP_JSON : SC_LIVE_JSON_LINES
        guard sc_live_start(absolute, mode, UInt64(max(0, maxBytes)), keep, nanoseconds, format, Crumbs.version) == 1 else {
            SelfReport.once("cannot start the live file writer for \(path); crumbs are not streamed")
            return nil
        }
        return sc_live_current_queue()
    }

    /// The writer's counters, for tests and diagnostics.
    static var statistics: sc_live_statistics { sc_live_statistics_now() }
}
