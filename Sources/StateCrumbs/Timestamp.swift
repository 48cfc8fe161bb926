import CCrumbFormat

/// The crumb timestamp: UTC with microseconds and an explicit offset, the form Python's
/// `datetime.now(timezone.utc).isoformat()` gives: `2025-12-30T10:23:45.123456+00:00`.
///
/// Written in C (crumb_format.c) because Foundation's formatter costs more than a whole crumb;
/// `crumb()` itself leaves a time token, which the ring's readers write with it.
enum Timestamp {
    /// Bytes in one timestamp.
    static let width = Int(SC_TIMESTAMP_WIDTH)

    /// Writes the timestamp for a moment into `out`, which must have room for ``width`` bytes.
    static func write(now seconds: Int, microseconds: Int, into out: UnsafeMutablePointer<UInt8>) {
        sc_format_timestamp(Int64(seconds), Int32(microseconds), out)
    }
}
