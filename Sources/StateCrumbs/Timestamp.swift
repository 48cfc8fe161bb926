import CStateCrumbs

/// The crumb timestamp: UTC with microseconds and an explicit offset, the form Python's
/// `datetime.now(timezone.utc).isoformat()` gives: `2025-12-30T10:23:45.123456+00:00`.
///
/// Read and written in C (crumb_clock.c) because Foundation's formatter costs more than a
/// whole crumb, and the clock there is cheaper than clock_gettime.
enum Timestamp {
    /// Bytes in one timestamp.
    static let width = Int(SC_TIMESTAMP_WIDTH)

    /// Writes the timestamp for a moment into `out`, which must have room for ``width`` bytes.
    static func write(now seconds: Int, microseconds: Int, into out: UnsafeMutablePointer<UInt8>) {
        sc_format_timestamp(Int64(seconds), Int32(microseconds), out)
    }

    /// Writes the current time into `out` (room for ``width`` bytes).
    @inline(__always)
    static func writeNow(into out: UnsafeMutablePointer<UInt8>, cache: UnsafeMutablePointer<sc_thread_info>) {
        sc_write_timestamp_now(cache, out)
    }
}
