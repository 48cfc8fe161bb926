import CStateCrumbs

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
    static let minimumCrumbBytes = Int(SC_MIN_CRUMB_BYTES)
    /// The largest slot, so `maxCrumbs` times it stays a sane amount of memory (the crash
    /// path's copy of a crumb is this big).
    static let maximumCrumbBytes = Int(SC_MAX_CRUMB_BYTES)

    init(crumbBytes: Int) {
        self.crumbBytes = min(max(crumbBytes, Self.minimumCrumbBytes), Self.maximumCrumbBytes)
    }
}
