extension Duration {
    /// The duration in nanoseconds, clamped to `0...limit` (so that no value can overflow: an
    /// option given to `Crumbs` must never trap).
    func nanoseconds(clampedTo limit: UInt64) -> UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        guard seconds < Int64(limit / 1_000_000_000) + 1 else { return limit }
        let total = UInt64(seconds) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
        return min(total, limit)
    }
}
