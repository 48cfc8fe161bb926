/// How many bytes a crumb, and the parts of it, may take.
///
/// Every crumb lives in a fixed-size slot of the ring, so it has a hard limit; within it a
/// long value is cut (and marked with `…`) rather than pushing out the fields after it.
struct CrumbLimits: Sendable, Equatable {
    /// The whole crumb as compact JSON.
    let crumbBytes: Int
    /// An event name.
    var eventBytes: Int { min(256, crumbBytes / 4) }
    /// A key.
    var keyBytes: Int { min(128, crumbBytes / 8) }
    /// A context value (the whole context object is kept to half a crumb).
    var contextValueBytes: Int { crumbBytes / 4 }

    /// The smallest slot that still holds a useful crumb.
    static let minimumCrumbBytes = 256
    /// The largest slot, so `maxCrumbs` times it stays a sane amount of memory.
    static let maximumCrumbBytes = 64 * 1024

    init(crumbBytes: Int) {
        self.crumbBytes = min(max(crumbBytes, Self.minimumCrumbBytes), Self.maximumCrumbBytes)
    }
}
